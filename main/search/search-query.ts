// The query half of search: answering a query (app/search/query.ts) over the
// index that search-service.ts builds and keeps. Matching documents and their
// scores come from MiniSearch's index (scorer.ts), phrases are checked on the
// documents' word sequences (word-index.ts), and hits are found in the texts
// of the documents shown, read again through a small cache (text-cache.ts).
import type MiniSearch from 'minisearch';
import type { Query } from 'minisearch';
import { TextIndex } from '../../app/offsets';
import {
  annotationFilter,
  type AnnotationFilter,
  annotationHasClause,
  annotationHitOf,
  DOCUMENT_FILTER_KEYS,
  documentPasses,
  matchingAnnotations,
  type EntityResolver,
  type SearchRecord,
} from '../../app/search/document-model';
import { fold } from '../../app/search/fold';
import { hitAt, hitAtCodePoints, locateClauses } from '../../app/search/locate';
import { isEmptyQuery, parseQuery, type ParsedQuery, type TextClause } from '../../app/search/query';
import { tokenize } from '../../app/search/tokenize';
import type { SearchIndexState, SearchResponse, SearchResult } from '../../app/search/types';
import type { Entity } from '../../app/entity-registry';
import { scoreQuery } from './scorer';
import type { CachedText } from './text-cache';
import { ranked } from './top-k';
import { annotationClauses, locateFromWords, type CompiledClause } from './word-hits';
import { phraseMatcher, type DocumentWords, type TermDictionary } from './word-index';

export const DEFAULT_LIMIT = 50;
/** Hits and annotation hits listed per document (the counts say how many there are). */
export const HITS_PER_DOCUMENT = 5;
export const ANNOTATION_HITS_PER_DOCUMENT = 8;
/** Words and phrases of one query searched at most (capClauses). */
export const MAX_QUERY_CLAUSES = 32;

/** A document's record as the index keeps it: what the filters read, and its words for phrases. */
export interface IndexEntry extends SearchRecord {
  signature: string;
  /** Its words as term ids, for phrases (word-index.ts). */
  words: DocumentWords;
}

/** What a query reads of the index (SearchService gives it). */
export interface QueryIndex {
  readonly mini: MiniSearch;
  readonly records: ReadonlyMap<string, IndexEntry>;
  readonly dictionary: TermDictionary;
  status(): SearchIndexState;
  /** The text of an indexed document (cached, or read again); throws when it cannot be read. */
  text(path: string): Promise<CachedText>;
  /** The entity registry's entities, for entity: filters that name an entity. */
  loadEntities?(): Promise<readonly Entity[]>;
}

export interface SearchOptions {
  limit?: number;
}

/** What scored() uses of MiniSearch 7 beyond its typed interface (checked at run time, with search() as the fallback). */
interface MiniSearchInternals {
  executeQuery(query: Query): Map<number, { score: number; terms: string[] }>;
  _documentIds: Map<number, string>;
}

/**
 * The documents matching a MiniSearch query, with the scores search() gives
 * them (BM25 times the number of query terms matched), in its order before
 * sorting. search() also makes an object per document, with the terms each
 * matched, and sorts them all: for a common word that is most of the corpus,
 * when a page shows fifty (top-k.ts ranks only those).
 */
function scored(index: QueryIndex, query: Query): { paths: string[]; scores: number[] } {
  const fast = scoreQuery(index.mini, query);
  if (fast) return fast;
  const mini = index.mini as unknown as MiniSearchInternals;
  const paths: string[] = [];
  const scores: number[] = [];
  if (typeof mini.executeQuery !== 'function' || !(mini._documentIds instanceof Map)) {
    for (const r of index.mini.search(query)) {
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

async function entityResolver(index: QueryIndex, query: ParsedQuery): Promise<EntityResolver | undefined> {
  if (!query.filters.some((f) => f.key === 'entity') || !index.loadEntities) return undefined;
  let entities: readonly Entity[] = [];
  try {
    entities = await index.loadEntities();
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

/** Answers a query (app/search/query.ts) with at most `limit` documents, best first. */
export async function answerQuery(index: QueryIndex, query: string, options: SearchOptions = {}): Promise<SearchResponse> {
  const started = performance.now();
  const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_LIMIT, 500));
  const q = capClauses(parseQuery(query));
  const response: SearchResponse = { query, results: [], total: 0, exact: true, ms: 0, problems: q.problems, index: index.status() };
  const finish = () => {
    response.ms = Math.round((performance.now() - started) * 10) / 10;
    return response;
  };
  if (isEmptyQuery(q)) return finish();

  const filter = annotationFilter(q.filters, await entityResolver(index, q));
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
    const matches = scored(index, excluded.length ? { combineWith: 'AND_NOT', queries: [tree, ...excluded] } : tree);
    scores = [];
    const filtered = filter.active || hasDocFilter;
    for (let i = 0; i < matches.paths.length; i++) {
      const path = matches.paths[i] as string;
      if (filtered) {
        const record = index.records.get(path);
        if (!record || !statusPasses(record) || !filter.anyIn(record)) continue;
      }
      paths.push(path);
      scores.push(matches.scores[i] as number);
    }
  } else {
    // Filters (and exclusions) only: the documents that pass, in path order, as in the document list.
    const excluded = new Set<string>();
    for (const c of negative.filter((x) => x.terms.length === 1)) {
      for (const r of index.mini.search({ combineWith: 'AND', queries: c.required })) excluded.add(r.id as string);
    }
    for (const r of index.records.values()) {
      if (!excluded.has(r.path) && statusPasses(r) && filter.anyIn(r)) paths.push(r.path);
    }
    paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  // The index knows which words a document has, not where: phrases (and
  // excluded phrases) are checked on the documents' word sequences, in the
  // text and in annotations' texts and notes, as resultFor() does with the text.
  const compiled = q.text.map((c): CompiledClause => ({ negated: c.negated, length: c.terms.length, matcher: phraseMatcher(index.dictionary, c) }));
  const phrases = compiled.filter((c) => c.length > 1).map((c) => ({ negated: c.negated, match: c.matcher }));
  if (phrases.length) {
    let kept = 0;
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i] as string;
      const words = index.records.get(path)?.words;
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
    const record = index.records.get(path);
    if (!record) continue;
    let text: CachedText;
    try {
      text = await index.text(path);
    } catch {
      continue; // deleted or unreadable since it was indexed
    }
    const result = resultFor(record, text, q, compiled, filter, scores ? (scores[i] as number) : 0);
    if (result) response.results.push(result);
  }
  // Every candidate matches (a word found only in a note still counts), except one whose file vanished.
  response.total = paths.length;
  response.index = index.status();
  return finish();
}

function resultFor(record: IndexEntry, cached: CachedText, q: ParsedQuery, compiled: readonly CompiledClause[], filter: AnnotationFilter, score: number): SearchResult | null {
  const positive = q.text.filter((c) => !c.negated);
  // From the stored word sequence (word-hits.ts); tokenising the text is the fallback, for a text changed since it was indexed.
  let located = q.text.length && !cached.tokens ? locateFromWords(cached.text, record.words, compiled) : null;
  if (located === null) {
    if (q.text.length) cached.tokens ??= tokenize(cached.text);
    located = locateClauses(cached.text, q, cached.tokens ?? []);
  }
  const inAnnotations = q.text.length ? annotationClauses(record.words, record.annotations.length, compiled) : null;
  for (let i = 0; i < q.text.length; i++) {
    const clause = q.text[i] as TextClause;
    const inText = located.found[i] === true;
    if (clause.negated && inText) return null;
    if (clause.negated || inText) continue;
    if (inAnnotations ? !inAnnotations.some[i] : !record.annotations.some((a) => annotationHasClause(a, clause))) return null;
  }
  const index = (cached.index ??= new TextIndex(cached.text));
  const withWord = inAnnotations?.withWord;
  const annotations = matchingAnnotations(record, q, filter, withWord ? (_a, k) => withWord[k] === 1 : undefined);
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
