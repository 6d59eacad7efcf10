// Full-text search over a corpus. No Electron: the app, the CLI and the tests share it.
//
// The index (MiniSearch, BM25) holds one entry per document: the words of its
// text and of its annotation notes (app/search/tokenize.ts), nothing stored.
// Beside it a lean record per document keeps its status, a short copy of its
// annotations (label, entity, claim status, author, span, folded words), which
// is what the filters and the annotation hits need, and its words in order as
// term ids (word-index.ts, 2 bytes a word), on which phrases are checked
// without reading any file. Hits in the text are found when a query is
// answered, only for the documents shown, by reading their text again (a cache
// keeps the last ones, with their words): positions come from the real text,
// so a hit opens exactly where it is.
//
// Building scans the corpus, reads every text document and its sidecar,
// counts words into a BulkIndex (bulk-index.ts) and yields to the event loop
// every few milliseconds, so IPC stays responsive; it reports progress and
// stops when aborted, keeping what it read. Building again reads only the
// documents whose file or sidecar changed (size and modification time), adding
// them one by one, or everything afresh when most of the corpus is new.
// updateDocument() and removeDocument() keep it current as sidecars are saved.
import MiniSearch, { type AsPlainObject, type Options, type Query } from 'minisearch';
import { TextIndex } from '../../app/offsets';
import {
  annotationFilter,
  type AnnotationFilter,
  annotationHasClause,
  annotationHitOf,
  DOCUMENT_FILTER_KEYS,
  documentPasses,
  matchingAnnotations,
  notesText,
  searchRecordOf,
  type EntityResolver,
  type IndexableSidecar,
  type SearchRecord,
} from '../../app/search/document-model';
import { fold } from '../../app/search/fold';
import { hitAt, hitAtCodePoints, locateClauses } from '../../app/search/locate';
import { isEmptyQuery, parseQuery, type ParsedQuery, type TextClause } from '../../app/search/query';
import { indexTerms, tokenize, type Token } from '../../app/search/tokenize';
import { replaceFieldTerms } from './notes-field';
import type { SearchIndexBuildResult, SearchIndexProgress, SearchIndexState, SearchIndexStateName, SearchResponse, SearchResult } from '../../app/search/types';
import type { Entity } from '../../app/entity-registry';
import { CorpusError } from '../corpus/paths';

/** Why a document cannot be indexed that is not a failure of the index (the document list names the problem). */
const UNREADABLE = new Set(['not-found', 'outside-corpus', 'unsupported', 'invalid-utf8', 'too-large']);
import { documentKind } from '../corpus/corpus-service';
import { BulkIndex } from './bulk-index';
import { scoreQuery } from './scorer';
import { ranked } from './top-k';
import { TermDictionary, WordCollector, phraseMatcher, type DocumentWords } from './word-index';

import type { SearchSource, SourceDocument } from './corpus-search-source';

export const DEFAULT_LIMIT = 50;
/** Hits and annotation hits listed per document (the counts say how many there are). */
export const HITS_PER_DOCUMENT = 5;
export const ANNOTATION_HITS_PER_DOCUMENT = 8;
/** Words and phrases of one query searched at most (capClauses). */
export const MAX_QUERY_CLAUSES = 32;
/** Documents whose signatures are checked at once when refreshing. */
const READ_BATCH = 64;
/** Longest stretch of indexing work between two yields to the event loop. */
const SLICE_MS = 10;
const PROGRESS_INTERVAL_MS = 100;
/** Texts (and their words) kept for answering queries as they are typed, in UTF-16 units. */
const TEXT_CACHE_UNITS = 6 * 1024 * 1024;
/** A build that has more than this share of the corpus to read builds afresh, in bulk. */
const BULK_SHARE = 0.2;
const FIELDS = ['text', 'notes'] as const;

export { corpusSearchSource, type SearchSource, type SourceDocument } from './corpus-search-source';

interface IndexedDocument {
  id: string;
  text: string;
  notes: string;
}

interface Entry extends SearchRecord {
  signature: string;
  /** Its words as term ids, for phrases (word-index.ts). */
  words: DocumentWords;
}

/** A text kept for queries, with what they compute from it. */
interface CachedText {
  text: string;
  tokens?: Token[];
  index?: TextIndex;
}

/** What scored() uses of MiniSearch 7 beyond its typed interface (checked at run time, with search() as the fallback). */
interface MiniSearchInternals {
  executeQuery(query: Query): Map<number, { score: number; terms: string[] }>;
  _documentIds: Map<number, string>;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const MINI_OPTIONS: Options<IndexedDocument> = {
  fields: [...FIELDS],
  storeFields: [],
  tokenize: (text) => indexTerms(text),
  processTerm: (term) => term,
  searchOptions: { tokenize: (s) => [s], processTerm: (term) => term },
};

/** The index as index-cache.ts saves it: MiniSearch's own form, the term list, and each document's record. */
export interface SearchSnapshot {
  mini: AsPlainObject;
  terms: readonly string[];
  records: (SearchRecord & { signature: string; seq: Uint16Array | Uint32Array; textLength: number })[];
}

export interface SearchServiceOptions {
  /** Called while building (at most every 100 ms, and at the start and the end). */
  onProgress?(progress: SearchIndexProgress): void;
}

export interface BuildOptions {
  signal?: AbortSignal;
}

export interface SearchOptions {
  limit?: number;
}

export class SearchService {
  readonly root: string;
  private readonly source: SearchSource;
  private readonly onProgress: ((p: SearchIndexProgress) => void) | undefined;
  private mini = new MiniSearch<IndexedDocument>(MINI_OPTIONS);
  /** Numbers the terms of the records' word sequences (and of the index, while building in bulk). */
  private dictionary = new TermDictionary();
  private collector = new WordCollector(this.dictionary);
  private readonly records = new Map<string, Entry>();
  private state: SearchIndexStateName = 'empty';
  private total = 0;
  private building: { promise: Promise<SearchIndexBuildResult>; controller: AbortController } | null = null;
  private readonly texts = new Map<string, CachedText>();
  private textUnits = 0;
  /** Bumped by every change to a document, so a slow read never overwrites a newer one. */
  private readonly versions = new Map<string, number>();
  private disposed = false;

  constructor(source: SearchSource, options: SearchServiceOptions = {}) {
    this.source = source;
    this.root = source.root;
    this.onProgress = options.onProgress;
  }

  status(): SearchIndexState {
    return { state: this.state, indexed: this.records.size, total: Math.max(this.total, this.records.size) };
  }

  /**
   * Builds the index, or brings it up to date. A build under way is joined,
   * not started twice. Resolves with complete: false when cancelled (cancel(),
   * the signal, or dispose()).
   */
  build(options: BuildOptions = {}): Promise<SearchIndexBuildResult> {
    if (this.disposed) return Promise.resolve({ documents: this.records.size, ms: 0, complete: false, problems: [] });
    if (this.building) {
      options.signal?.addEventListener('abort', () => this.cancel(), { once: true });
      return this.building.promise;
    }
    const controller = new AbortController();
    if (options.signal) {
      if (options.signal.aborted) controller.abort();
      else options.signal.addEventListener('abort', () => controller.abort(), { once: true });
    }
    const promise = this.runBuild(controller.signal).finally(() => {
      this.building = null;
    });
    this.building = { promise, controller };
    return promise;
  }

  /** Stops a build under way; the index keeps what was read. */
  cancel(): SearchIndexState {
    this.building?.controller.abort();
    return this.status();
  }

  /** Stops building for good (the corpus was closed). */
  dispose(): void {
    this.disposed = true;
    this.cancel();
  }

  private report(done: number): void {
    this.onProgress?.({ root: this.root, done, total: this.total, state: this.state });
  }

  private async runBuild(signal: AbortSignal): Promise<SearchIndexBuildResult> {
    const started = performance.now();
    const problems: string[] = [];
    const before = this.state;
    this.state = 'building';
    let paths: string[];
    try {
      paths = await this.source.listPaths();
    } catch (e) {
      this.state = before === 'building' ? 'empty' : before;
      throw e;
    }
    this.total = paths.length;
    this.report(0);
    const listed = new Set(paths);
    for (const path of [...this.records.keys()]) if (!listed.has(path)) this.removeDocument(path);

    // Which documents to read: all of them for a first build; else those whose signature changed.
    let todo: { path: string; signature?: string }[];
    if (this.records.size === 0) todo = paths.map((path) => ({ path }));
    else {
      todo = [];
      for (let i = 0; i < paths.length; i += READ_BATCH) {
        const batch = paths.slice(i, i + READ_BATCH);
        const sigs = await Promise.all(batch.map((p) => this.source.signature(p)));
        batch.forEach((path, k) => {
          const signature = sigs[k] as string;
          if (this.records.get(path)?.signature !== signature || signature === '') todo.push({ path, signature });
        });
        if (signal.aborted) break;
      }
    }
    // Much to read: build afresh in bulk (MiniSearch.add is slow per word); little: add one by one.
    const bulk = todo.length > Math.max(200, BULK_SHARE * paths.length) ? new BulkIndex(FIELDS) : null;
    if (bulk) {
      this.mini = new MiniSearch<IndexedDocument>(MINI_OPTIONS);
      this.dictionary = bulk.dictionary;
      this.collector = new WordCollector(this.dictionary);
      this.records.clear();
      this.texts.clear();
      this.textUnits = 0;
      todo = paths.map((path) => ({ path }));
    }
    let done = paths.length - todo.length;
    this.report(done);
    let lastReport = performance.now();
    let sliceStart = performance.now();
    // Documents are read one by one (short synchronous reads, see corpusSearchSource), yielding every few ms.
    for (const { path } of todo) {
      if (signal.aborted) break;
      const version = this.versions.get(path) ?? 0;
      let got: SourceDocument | Error;
      try {
        got = await this.source.read(path);
      } catch (e) {
        got = e instanceof Error ? e : new Error(String(e));
      }
      if (got instanceof Error) {
        problems.push(got.message);
        if (!bulk) this.removeDocument(path);
      } else if ((this.versions.get(path) ?? 0) === version) {
        // (A document saved meanwhile was indexed from newer data by updateDocument: that is kept.)
        const record = searchRecordOf(path, got.sidecar);
        const text = got.text;
        let words: DocumentWords | undefined;
        // In bulk, one pass over the text gives both the index's counts and the word sequence.
        if (bulk) bulk.addCounted(path, (count) => (words = this.collector.collect(text, record.annotations, count)));
        else words = this.addToMini(path, text, notesText(got.sidecar), record);
        this.records.set(path, { ...record, signature: got.signature, words: words as DocumentWords });
      }
      done++;
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = performance.now();
        if (performance.now() - lastReport > PROGRESS_INTERVAL_MS) {
          this.report(done);
          lastReport = performance.now();
        }
      }
    }
    if (bulk) {
      let slice = performance.now();
      this.mini = await bulk.toMiniSearch(MINI_OPTIONS, async () => {
        if (performance.now() - slice > SLICE_MS) {
          await yieldToEventLoop();
          slice = performance.now();
        }
      });
      // A document removed while the build ran (removeDocument) is gone from the records: drop it here too.
      for (const id of bulk.documentIds()) if (!this.records.has(id)) this.mini.discard(id);
    }
    const complete = !signal.aborted && !this.disposed;
    this.state = complete ? 'ready' : 'cancelled';
    this.report(done);
    return { documents: this.records.size, ms: Math.round(performance.now() - started), complete, problems };
  }

  /** Adds or replaces one document in the index; returns its words. */
  private addToMini(path: string, text: string, notes: string, record: SearchRecord): DocumentWords {
    if (this.mini.has(path)) this.mini.discard(path);
    this.mini.add({ id: path, text, notes });
    this.forgetText(path);
    return this.collector.collect(text, record.annotations);
  }

  private forgetText(path: string): void {
    const old = this.texts.get(path);
    if (old !== undefined) {
      this.textUnits -= old.text.length;
      this.texts.delete(path);
    }
  }

  /** Reads one document again (after its sidecar was saved, or it changed on disk). Not a text document, or gone: removed. */
  async updateDocument(path: string): Promise<void> {
    if (this.disposed) return;
    if (this.building) await this.building.promise.catch(() => undefined);
    const version = (this.versions.get(path) ?? 0) + 1;
    this.versions.set(path, version);
    if (documentKind(path) !== 'text') {
      this.removeDocument(path);
      return;
    }
    let doc: SourceDocument;
    try {
      doc = await this.source.read(path);
    } catch (e) {
      if (this.versions.get(path) !== version) return;
      // No longer readable as text (gone, binary, not UTF-8, too large): a build would leave it out, so it leaves the index.
      this.removeDocument(path);
      if (!(e instanceof CorpusError && UNREADABLE.has(e.code))) throw e;
      return;
    }
    if (this.versions.get(path) !== version || this.disposed) return; // a newer update is on its way
    const record = searchRecordOf(path, doc.sidecar);
    const words = this.addToMini(path, doc.text, notesText(doc.sidecar), record);
    this.records.set(path, { ...record, signature: doc.signature, words });
  }

  /**
   * The sidecar of an indexed document was just written (`sidecar`, null:
   * removed): its annotations and notes are indexed again, its text is not
   * read or tokenised again. A document not indexed yet, or an index being
   * built, is read as updateDocument reads it.
   */
  async updateAnnotations(path: string, sidecar: IndexableSidecar | null): Promise<void> {
    if (this.disposed) return;
    const entry = this.records.get(path);
    if (this.building || !entry) return this.updateDocument(path);
    const version = (this.versions.get(path) ?? 0) + 1;
    this.versions.set(path, version);
    const record = searchRecordOf(path, sidecar);
    const before = indexTerms(entry.annotations.map((a) => a.note ?? '').filter(Boolean).join('\n'));
    if (!replaceFieldTerms(this.mini as unknown as MiniSearch, path, 'notes', before, indexTerms(notesText(sidecar)))) return this.updateDocument(path);
    this.records.set(path, { ...record, signature: entry.signature, words: this.collector.withAnnotations(entry.words, record.annotations) });
    // The new stamp of the sidecar, so the next refresh does not read the document again.
    const signature = await this.source.signature(path).catch(() => '');
    const now = this.records.get(path);
    if (now && this.versions.get(path) === version) now.signature = signature;
  }

  /**
   * What a saved copy of the index needs (index-cache.ts): null while a
   * build is under way or the index is not complete, so a partial index is
   * never saved.
   */
  snapshot(): SearchSnapshot | null {
    if (this.building || this.state !== 'ready') return null;
    return {
      mini: this.mini.toJSON(),
      terms: this.dictionary.terms,
      records: [...this.records.values()].map(({ words, ...record }) => ({ ...record, seq: words.seq, textLength: words.textLength })),
    };
  }

  /**
   * Starts from a saved copy instead of an empty index: the next build()
   * then reads only the documents whose signature changed. Only before the
   * first build (false otherwise, keeping what is there).
   */
  async restore(snapshot: SearchSnapshot): Promise<boolean> {
    if (this.disposed || this.building || this.records.size > 0) return false;
    // Loaded in slices (MiniSearch's async loader), so main's event loop keeps turning.
    const mini = await MiniSearch.loadJSAsync<IndexedDocument>(snapshot.mini, MINI_OPTIONS);
    if (this.disposed || this.building || this.records.size > 0) return false;
    const dictionary = new TermDictionary();
    for (const term of snapshot.terms) dictionary.idOf(term);
    if (dictionary.size !== snapshot.terms.length) throw new Error('the saved search index repeats a term');
    this.mini = mini;
    this.dictionary = dictionary;
    this.collector = new WordCollector(dictionary);
    for (const { seq, textLength, ...record } of snapshot.records) this.records.set(record.path, { ...record, words: { seq, textLength } });
    this.total = this.records.size;
    return true;
  }

  /** Takes a document out of the index (deleted, renamed away). */
  removeDocument(path: string): void {
    this.versions.set(path, (this.versions.get(path) ?? 0) + 1);
    if (this.mini.has(path)) this.mini.discard(path);
    this.records.delete(path);
    this.forgetText(path);
  }

  /** The text of an indexed document, from the cache or read again. */
  private async cached(path: string): Promise<CachedText> {
    const hit = this.texts.get(path);
    if (hit !== undefined) {
      this.texts.delete(path); // most recently used last
      this.texts.set(path, hit);
      return hit;
    }
    const version = this.versions.get(path);
    const entry: CachedText = { text: await this.source.readText(path) };
    if (entry.text.length <= TEXT_CACHE_UNITS / 4 && this.versions.get(path) === version) {
      this.texts.set(path, entry);
      this.textUnits += entry.text.length;
      for (const [p, t] of this.texts) {
        if (this.textUnits <= TEXT_CACHE_UNITS) break;
        this.texts.delete(p);
        this.textUnits -= t.text.length;
      }
    }
    return entry;
  }

  /**
   * The documents matching a MiniSearch query, with the scores search() gives
   * them (BM25 times the number of query terms matched), in its order before
   * sorting. search() also makes an object per document, with the terms each
   * matched, and sorts them all: for a common word that is most of the corpus,
   * when a page shows fifty (top-k.ts ranks only those).
   */
  private scored(query: Query): { paths: string[]; scores: number[] } {
    const fast = scoreQuery(this.mini as unknown as MiniSearch, query);
    if (fast) return fast;
    const mini = this.mini as unknown as MiniSearchInternals;
    const paths: string[] = [];
    const scores: number[] = [];
    if (typeof mini.executeQuery !== 'function' || !(mini._documentIds instanceof Map)) {
      for (const r of this.mini.search(query)) {
        paths.push(r.id as string);
        scores.push(r.score);
      }
      return { paths, scores };
    }
    for (const [shortId, { score, terms }] of mini.executeQuery(query)) {
      paths.push(mini._documentIds.get(shortId) as string);
      scores.push(score * (terms.length || 1));
    }
    return { paths, scores };
  }

  private async entityResolver(query: ParsedQuery): Promise<EntityResolver | undefined> {
    if (!query.filters.some((f) => f.key === 'entity') || !this.source.loadEntities) return undefined;
    let entities: readonly Entity[] = [];
    try {
      entities = await this.source.loadEntities();
    } catch {
      entities = [];
    }
    const named = entities.map((e) => ({ id: e.id, names: [e.name, ...e.aliases].map((n) => fold(n).replace(/\s+/gu, ' ').trim()) }));
    return (value, folded) => {
      const ids = new Set([value]);
      const wanted = folded.replace(/\s+/gu, ' ');
      for (const e of named) {
        if (e.id === value || e.names.includes(wanted)) ids.add(e.id);
        else if (wanted.length >= 3 && e.names.some((n) => n.includes(wanted))) ids.add(e.id);
      }
      return ids;
    };
  }

  /** Waits for a build under way, or starts the first one. */
  private async ready(): Promise<void> {
    if (this.building) await this.building.promise.catch(() => undefined);
    else if (this.state === 'empty') await this.build().catch(() => undefined);
  }

  /** Answers a query (app/search/query.ts) with at most `limit` documents, best first. */
  async search(query: string, options: SearchOptions = {}): Promise<SearchResponse> {
    await this.ready();
    const started = performance.now();
    const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_LIMIT, 500));
    const q = capClauses(parseQuery(query));
    const response: SearchResponse = { query, results: [], total: 0, exact: true, ms: 0, problems: q.problems, index: this.status() };
    const finish = () => {
      response.ms = Math.round((performance.now() - started) * 10) / 10;
      return response;
    };
    if (isEmptyQuery(q)) return finish();

    const filter = annotationFilter(q.filters, await this.entityResolver(q));
    const positive = q.text.filter((c) => !c.negated);
    const negative = q.text.filter((c) => c.negated);

    const statusPasses = (r: SearchRecord) => documentPasses(r, q.filters);
    const hasDocFilter = q.filters.some((f) => DOCUMENT_FILTER_KEYS.includes(f.key));

    // The matching documents, and (with words to look for) their scores, in MiniSearch's order.
    const paths: string[] = [];
    let scores: number[] | null = null;
    if (positive.length) {
      const excluded = negative.filter((c) => c.terms.length === 1).map((c) => c.required[0] as string);
      const tree: Query = { combineWith: 'AND', queries: positive.map(clauseQuery) };
      const matches = this.scored(excluded.length ? { combineWith: 'AND_NOT', queries: [tree, ...excluded] } : tree);
      scores = [];
      const filtered = filter.active || hasDocFilter;
      for (let i = 0; i < matches.paths.length; i++) {
        const path = matches.paths[i] as string;
        if (filtered) {
          const record = this.records.get(path);
          if (!record || !statusPasses(record) || !filter.anyIn(record)) continue;
        }
        paths.push(path);
        scores.push(matches.scores[i] as number);
      }
    } else {
      // Filters (and exclusions) only: the documents that pass, in path order, as in the document list.
      const excluded = new Set<string>();
      for (const c of negative.filter((x) => x.terms.length === 1)) {
        for (const r of this.mini.search({ combineWith: 'AND', queries: c.required })) excluded.add(r.id as string);
      }
      for (const r of this.records.values()) {
        if (!excluded.has(r.path) && statusPasses(r) && filter.anyIn(r)) paths.push(r.path);
      }
      paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    }

    // The index knows which words a document has, not where: phrases (and
    // excluded phrases) are checked on the documents' word sequences, in the
    // text and in annotations' texts and notes, as resultFor() does with the text.
    const phrases = q.text.filter((c) => c.terms.length > 1).map((c) => ({ negated: c.negated, match: phraseMatcher(this.dictionary, c) }));
    if (phrases.length) {
      let kept = 0;
      for (let i = 0; i < paths.length; i++) {
        const path = paths[i] as string;
        const words = this.records.get(path)?.words;
        if (words === undefined || !phrases.every(({ negated, match }) => (negated ? !match.inText(words) : match.anywhere(words)))) continue;
        paths[kept] = path;
        if (scores) scores[kept] = scores[i] as number;
        kept++;
      }
      paths.length = kept;
      if (scores) scores.length = kept;
    }
    // Best first: only as many as are shown are ranked (a few more when some cannot be shown).
    const order: Iterable<number> = scores ? ranked(scores, limit) : paths.keys();
    for (const i of order) {
      if (response.results.length >= limit) break;
      const path = paths[i] as string;
      const record = this.records.get(path);
      if (!record) continue;
      let text: CachedText;
      try {
        text = await this.cached(path);
      } catch {
        continue; // deleted or unreadable since it was indexed
      }
      const result = this.resultFor(record, text, q, filter, scores ? (scores[i] as number) : 0);
      if (result) response.results.push(result);
    }
    // Every candidate matches (a word found only in a note still counts), except one whose file vanished.
    response.total = paths.length;
    response.index = this.status();
    return finish();
  }

  private resultFor(
    record: SearchRecord,
    cached: CachedText,
    q: ParsedQuery,
    filter: AnnotationFilter,
    score: number,
  ): SearchResult | null {
    const positive = q.text.filter((c) => !c.negated);
    if (q.text.length) cached.tokens ??= tokenize(cached.text);
    const located = locateClauses(cached.text, q, cached.tokens ?? []);
    for (let i = 0; i < q.text.length; i++) {
      const clause = q.text[i] as TextClause;
      const inText = located.found[i] === true;
      if (clause.negated && inText) return null;
      if (!clause.negated && !inText && !record.annotations.some((a) => annotationHasClause(a, clause))) return null;
    }
    const index = (cached.index ??= new TextIndex(cached.text));
    const annotations = matchingAnnotations(record, q, filter);
    const result: SearchResult = {
      path: record.path,
      score: Math.round(score * 1000) / 1000,
      status: record.status,
      hits: [],
      hitCount: 0,
      annotationHits: annotations.slice(0, ANNOTATION_HITS_PER_DOCUMENT).map(annotationHitOf),
      annotationHitCount: annotations.length,
    };
    if (positive.length) {
      result.hitCount = located.ranges.length;
      result.hits = located.ranges.slice(0, HITS_PER_DOCUMENT).map((r) => hitAt(index, r.start, r.end));
    } else {
      // Filters only: the annotations they match are the hits, in document order.
      const spans = [...annotations].sort((a, b) => a.start - b.start || a.end - b.end);
      result.hitCount = spans.length;
      result.hits = spans.slice(0, HITS_PER_DOCUMENT).map((a) => hitAtCodePoints(index, a.start, a.end));
    }
    return result;
  }
}

/**
 * A query keeps its first MAX_QUERY_CLAUSES words and phrases and says so:
 * each costs an index lookup and a pass over every result's text, and 600 of
 * them held main for seconds.
 */
function capClauses(q: ParsedQuery): ParsedQuery {
  if (q.text.length <= MAX_QUERY_CLAUSES) return q;
  return {
    ...q,
    text: q.text.slice(0, MAX_QUERY_CLAUSES),
    problems: [...q.problems, `the query has ${q.text.length} words and phrases; only the first ${MAX_QUERY_CLAUSES} are searched`],
  };
}

/** The index query for one clause: all the terms it needs; the last one as a prefix while it is being typed. */
function clauseQuery(c: TextClause): Query {
  const last = c.terms[c.terms.length - 1];
  return {
    combineWith: 'AND',
    queries: c.required.map((term): Query => (c.prefix && term === last ? { queries: [term], prefix: true } : term)),
  };
}
