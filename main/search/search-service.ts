// Full-text search over a corpus. No Electron: the app, the CLI and the tests share it.
//
// The index (MiniSearch, BM25) holds one entry per document: the words of its
// text and of its annotation notes (app/search/tokenize.ts), nothing stored.
// Beside it a lean record per document keeps its status, a short copy of its
// annotations (label, entity, claim status, author, span, folded words), which
// is what the filters and the annotation hits need, and its words in order as
// term ids (word-index.ts, 2 bytes a word), on which phrases are checked
// without reading any file. Queries are answered by search-query.ts: hits in
// the text are found only for the documents shown, by reading their text again
// (text-cache.ts keeps the last ones, with their words): positions come from
// the real text, so a hit opens exactly where it is.
//
// Building scans the corpus, reads every text document and its sidecar,
// counts words into a BulkIndex (bulk-index.ts) and yields to the event loop
// every few milliseconds, so IPC stays responsive; it reports progress and
// stops when aborted, keeping what it read. Building again reads only the
// documents whose file or sidecar changed (size and modification time), adding
// them one by one, or everything afresh when most of the corpus is new.
// updateDocument() and removeDocument() keep it current as sidecars are saved.
import MiniSearch, { type Options } from 'minisearch';
import { notesText, searchRecordOf, type IndexableSidecar, type SearchRecord } from '../../app/search/document-model';
import { indexTerms } from '../../app/search/tokenize';
import { recordAfterDelta, recordWhole, type SavedAnnotations } from './annotation-delta';
import type { WrittenDelta } from '../corpus/sidecar-write-types';
import type { SearchIndexBuildResult, SearchIndexProgress, SearchIndexState, SearchIndexStateName, SearchResponse } from '../../app/search/types';
import { CorpusError } from '../corpus/paths';

/** Why a document cannot be indexed that is not a failure of the index (the document list names the problem). */
const UNREADABLE = new Set(['not-found', 'outside-corpus', 'unsupported', 'invalid-utf8', 'too-large']);
import { documentKind } from '../corpus/corpus-service';
import { BulkIndex } from './bulk-index';
import type { IndexContents } from './index-codec';
import { answerQuery, type IndexEntry, type QueryIndex, type SearchOptions } from './search-query';
import { staleDocuments } from './stale-documents';
import { TextCache } from './text-cache';
import { TermDictionary, WordCollector, type DocumentWords } from './word-index';
import type { SearchSource, SourceDocument } from './corpus-search-source';
import { TimeSlices } from '../corpus/map-in-slices';

const PROGRESS_INTERVAL_MS = 100;
/** Texts (and their words) kept for answering queries as they are typed, in UTF-16 units. */
const TEXT_CACHE_UNITS = 6 * 1024 * 1024;
/** A build that has more than this share of the corpus to read builds afresh, in bulk. */
const BULK_SHARE = 0.2;
const FIELDS = ['text', 'notes'] as const;

export { corpusSearchSource, type SearchSource, type SourceDocument } from './corpus-search-source';
export { DEFAULT_LIMIT, HITS_PER_DOCUMENT, ANNOTATION_HITS_PER_DOCUMENT, MAX_QUERY_CLAUSES, type SearchOptions } from './search-query';

interface IndexedDocument {
  id: string;
  text: string;
  notes: string;
}


const MINI_OPTIONS: Options<IndexedDocument> = {
  fields: [...FIELDS],
  storeFields: [],
  tokenize: (text) => indexTerms(text),
  processTerm: (term) => term,
  searchOptions: { tokenize: (s) => [s], processTerm: (term) => term },
};

/** The index as index-cache.ts saves it, and the revision it is at. */
export interface SearchSnapshot extends IndexContents {
  revision: number;
}

export interface SearchServiceOptions {
  /** Called while building (at most every 100 ms, and at the start and the end). */
  onProgress?(progress: SearchIndexProgress): void;
}

export interface BuildOptions {
  signal?: AbortSignal;
}

export class SearchService {
  readonly root: string;
  private readonly source: SearchSource;
  private readonly onProgress: ((p: SearchIndexProgress) => void) | undefined;
  private mini = new MiniSearch<IndexedDocument>(MINI_OPTIONS);
  /** Numbers the terms of the records' word sequences (and of the index, while building in bulk). */
  private dictionary = new TermDictionary();
  private collector = new WordCollector(this.dictionary);
  private readonly records = new Map<string, IndexEntry>();
  private state: SearchIndexStateName = 'empty';
  private total = 0;
  private building: { promise: Promise<SearchIndexBuildResult>; controller: AbortController } | null = null;
  private readonly texts = new TextCache(TEXT_CACHE_UNITS);
  /** Bumped by every change to a document, so a slow read never overwrites a newer one. */
  private readonly versions = new Map<string, number>();
  private disposed = false;
  /** Bumped by every change to the index, so a save knows whether what it copied is still current. */
  private revision = 0;
  /** The build under way is bringing an existing index up to date (searches meanwhile answer from it). */
  private refreshing = false;
  /** For records made from a sidecar the app wrote: what the next save's delta starts from (gone with the record object). */
  private readonly saved = new WeakMap<IndexEntry, SavedAnnotations>();

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
    // A build over an index already there (loaded from the cache, or built before) only brings it up to date.
    this.refreshing = this.records.size > 0;
    const promise = this.runBuild(controller.signal).finally(() => {
      this.building = null;
      this.refreshing = false;
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
    else todo = await staleDocuments(paths, (path) => this.records.get(path)?.signature, this.source, signal);
    // Much to read: build afresh in bulk (MiniSearch.add is slow per word); little: add one by one.
    const bulk = todo.length > Math.max(200, BULK_SHARE * paths.length) ? new BulkIndex(FIELDS) : null;
    if (bulk) {
      this.refreshing = false;
      this.mini = new MiniSearch<IndexedDocument>(MINI_OPTIONS);
      this.dictionary = bulk.dictionary;
      this.collector = new WordCollector(this.dictionary);
      this.records.clear();
      this.revision++;
      this.texts.clear();
      todo = paths.map((path) => ({ path }));
    }
    let done = paths.length - todo.length;
    this.report(done);
    let lastReport = performance.now();
    const slices = new TimeSlices();
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
        this.revision++;
      }
      done++;
      if (slices.spent) {
        await slices.next();
        if (performance.now() - lastReport > PROGRESS_INTERVAL_MS) {
          this.report(done);
          lastReport = performance.now();
        }
      }
    }
    if (bulk) {
      this.mini = await bulk.toMiniSearch(MINI_OPTIONS, () => slices.pause());
      // A document removed while the build ran (removeDocument) is gone from the records: drop it here too.
      for (const id of bulk.documentIds()) if (!this.records.has(id)) this.mini.discard(id);
      this.revision++;
    }
    const complete = !signal.aborted && !this.disposed;
    this.state = complete ? 'ready' : 'cancelled';
    this.report(done);
    return { documents: this.records.size, ms: Math.round(performance.now() - started), complete, problems };
  }

  /** Adds or replaces one document in the index; returns its words. */
  private addToMini(path: string, text: string, notes: string, record: SearchRecord): DocumentWords {
    this.revision++;
    if (this.mini.has(path)) this.mini.discard(path);
    this.mini.add({ id: path, text, notes });
    this.forgetText(path);
    return this.collector.collect(text, record.annotations);
  }

  private forgetText(path: string): void {
    this.texts.forget(path);
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
    this.revision++;
  }

  /**
   * The sidecar of an indexed document was just written (`sidecar`, null:
   * removed; `written`: its hash, and the change list's delta when one made
   * it): its annotations and notes are indexed again, its text is not read or
   * tokenised again; after a change list, only the annotations it removed and
   * added (annotation-delta.ts). A document not indexed yet, or an index being
   * built, is read as updateDocument reads it.
   */
  async updateAnnotations(path: string, sidecar: IndexableSidecar | null, written: { sha256: string | null; delta?: WrittenDelta } = { sha256: null }): Promise<void> {
    if (this.disposed) return;
    const entry = this.records.get(path);
    if (this.building || !entry) return this.updateDocument(path);
    const version = (this.versions.get(path) ?? 0) + 1;
    this.versions.set(path, version);
    const mini = this.mini as unknown as MiniSearch;
    const saved = this.saved.get(entry);
    const made =
      (saved && sidecar && written.sha256 && written.delta
        ? recordAfterDelta(mini, this.collector, { record: entry, words: entry.words, saved }, sidecar, { sha256: written.sha256, delta: written.delta })
        : null) ?? recordWhole(mini, this.collector, { record: entry, words: entry.words }, sidecar, written.sha256);
    if (!made) return this.updateDocument(path);
    const next: IndexEntry = { ...made.record, signature: entry.signature, words: made.words };
    this.records.set(path, next);
    if (made.saved) this.saved.set(next, made.saved);
    this.revision++;
    // The new stamp of the sidecar, so the next refresh does not read the document again.
    const signature = await this.source.signature(path).catch(() => '');
    const now = this.records.get(path);
    if (now && this.versions.get(path) === version) {
      now.signature = signature;
      this.revision++;
    }
  }

  /**
   * What a saved copy of the index needs (index-cache.ts): null while a
   * build is under way or the index is not complete, so a partial index is
   * never saved.
   */
  snapshot(): SearchSnapshot | null {
    if (this.building || this.state !== 'ready') return null;
    return { mini: this.mini as unknown as MiniSearch, terms: this.dictionary.terms, records: [...this.records.values()], revision: this.revision };
  }

  /** Changes with every change to the index (see snapshot()). */
  snapshotRevision(): number {
    return this.revision;
  }

  isDisposed(): boolean {
    return this.disposed;
  }

  /** The options the index is made with (a saved copy is loaded with them). */
  miniOptions(): Options<IndexedDocument> {
    return MINI_OPTIONS;
  }

  /**
   * Starts from a saved copy instead of an empty index: the next build()
   * then reads only the documents whose signature changed. Only before the
   * first build (false otherwise, keeping what is there).
   */
  restore(contents: IndexContents): boolean {
    if (this.disposed || this.building || this.records.size > 0) return false;
    const dictionary = new TermDictionary();
    for (const term of contents.terms) dictionary.idOf(term);
    if (dictionary.size !== contents.terms.length) throw new Error('the saved search index repeats a term');
    this.mini = contents.mini as unknown as MiniSearch<IndexedDocument>;
    this.dictionary = dictionary;
    this.collector = new WordCollector(dictionary);
    for (const entry of contents.records) this.records.set(entry.path, entry);
    this.total = this.records.size;
    this.revision++;
    return true;
  }

  /** Takes a document out of the index (deleted, renamed away). */
  removeDocument(path: string): void {
    this.versions.set(path, (this.versions.get(path) ?? 0) + 1);
    this.revision++;
    if (this.mini.has(path)) this.mini.discard(path);
    this.records.delete(path);
    this.forgetText(path);
  }

  /** Waits for a build under way, or starts the first one. */
  /**
   * Waits for a build under way, or starts the first one. An index being
   * brought up to date (a saved one just loaded, or one built before) answers
   * at once: what changed is read in meanwhile, and the answer's index state
   * says so.
   */
  private async ready(): Promise<void> {
    if (!this.building && this.state === 'empty') {
      const first = this.build().catch(() => undefined);
      if (!this.refreshing) await first;
    } else if (this.building && !this.refreshing) await this.building.promise.catch(() => undefined);
  }

  /** Resolves when no build is under way (background work waits for it rather than slow it down). */
  async settled(): Promise<void> {
    while (this.building) await this.building.promise.catch(() => undefined);
  }

  /** Answers a query (app/search/query.ts) with at most `limit` documents, best first (search-query.ts). */
  async search(query: string, options: SearchOptions = {}): Promise<SearchResponse> {
    await this.ready();
    return answerQuery(this.queryIndex(), query, options);
  }

  /** What a query reads of the index, as it is now. */
  private queryIndex(): QueryIndex {
    const source = this.source;
    const loadEntities = source.loadEntities?.bind(source);
    return {
      mini: this.mini as unknown as MiniSearch,
      records: this.records,
      dictionary: this.dictionary,
      status: () => this.status(),
      text: (path) => {
        const version = this.versions.get(path);
        return this.texts.get(path, () => source.readText(path), () => this.versions.get(path) === version);
      },
      ...(loadEntities ? { loadEntities } : {}),
    };
  }
}
