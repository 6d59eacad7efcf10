// MiniSearch's scores (BM25, prefix weights) for the queries search() makes,
// computed over its index with arrays instead of an object per document.
//
// A common word is in thousands of documents: MiniSearch's executeQuery()
// makes, for each document and each term it matched, a Map entry with an
// object, an array of terms and an object of fields, then copies them when it
// combines the clauses; that was most of a query's time. Here each term fills
// a Float64Array of scores by document number, in the same order and with the
// same arithmetic, so that scores, ties and the order of the matches are
// exactly MiniSearch's (a test compares them with its search()).
//
// Only what search-service.ts asks for is handled: AND of AND of terms (a
// term alone, or { queries: [term], prefix: true }), possibly within AND_NOT
// of single terms, with the default search options and no discarded document
// awaiting vacuum (MiniSearch skips those as it scores, which changes the
// scores of the rest). Anything else returns null, and MiniSearch answers.
import type MiniSearch from 'minisearch';
import type { Query } from 'minisearch';

type FieldTermData = Map<number, Map<number, number>>;

/** What this uses of MiniSearch 7 beyond its typed interface (checked at run time). */
interface Internals {
  _index: { get(term: string): FieldTermData | undefined; atPrefix(prefix: string): Iterable<[string, FieldTermData]> };
  _documentCount: number;
  _documentIds: Map<number, string>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _nextId: number;
  _dirtCount: number;
  _options: { fields: string[]; searchOptions?: Record<string, unknown> };
}

/** Matches of a (sub)query: document numbers in MiniSearch's map order, and their scores. */
interface Matches {
  order: number[];
  score: Float64Array;
  has: Uint8Array;
}

// MiniSearch's defaults (defaultSearchOptions), which search-service.ts does not change.
const K = 1.2;
const B = 0.7;
const D = 0.5;
const PREFIX_WEIGHT = 0.375;

/** MiniSearch's calcBM25Score, operation for operation. */
function bm25(termFreq: number, matchingCount: number, totalCount: number, fieldLength: number, avgFieldLength: number): number {
  const invDocFreq = Math.log(1 + (totalCount - matchingCount + 0.5) / (matchingCount + 0.5));
  return invDocFreq * (D + (termFreq * (K + 1)) / (termFreq + K * (1 - B + (B * fieldLength) / avgFieldLength)));
}

/** Whether the index's search options score as the constants above (MiniSearch puts its defaults in). */
function hasDefaultScoring(options: Record<string, unknown>): boolean {
  const { tokenize: _t, processTerm: _p, combineWith: _c, maxFuzzy: _m, prefix, fuzzy, boost, weights, bm25: params, ...rest } = options;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return (
    Object.keys(rest).length === 0 &&
    !prefix &&
    !fuzzy &&
    (boost === undefined || same(boost, {})) &&
    (weights === undefined || same(weights, { fuzzy: 0.45, prefix: PREFIX_WEIGHT })) &&
    (params === undefined || same(params, { k: K, b: B, d: D }))
  );
}

type Leaf = { term: string; prefix: boolean };

/** A leaf of the query tree, or null when it is not one this handles. */
function leafOf(q: Query): Leaf | null {
  if (typeof q === 'string') return { term: q, prefix: false };
  if (typeof q !== 'object') return null; // the wildcard
  const keys = Object.keys(q);
  if (q.prefix === true && q.queries?.length === 1 && typeof q.queries[0] === 'string' && keys.every((k) => k === 'queries' || k === 'prefix')) {
    return { term: q.queries[0], prefix: true };
  }
  return null;
}

/** An AND of clauses, each an AND of leaves, or null. */
function andTree(q: Query): Leaf[][] | null {
  if (typeof q !== 'object' || q.combineWith !== 'AND' || !q.queries || Object.keys(q).some((k) => k !== 'combineWith' && k !== 'queries')) return null;
  const clauses: Leaf[][] = [];
  for (const c of q.queries) {
    if (typeof c !== 'object' || c.combineWith !== 'AND' || !c.queries || Object.keys(c).some((k) => k !== 'combineWith' && k !== 'queries')) return null;
    const leaves: Leaf[] = [];
    for (const l of c.queries) {
      const leaf = leafOf(l);
      if (!leaf) return null;
      leaves.push(leaf);
    }
    clauses.push(leaves);
  }
  return clauses;
}

/**
 * The documents matching `query` and their scores, as MiniSearch's search()
 * gives them before sorting (its id and score), or null when the query or the
 * index is not one this handles.
 */
export function scoreQuery(mini: MiniSearch, query: Query): { paths: string[]; scores: number[] } | null {
  const m = mini as unknown as Internals;
  if (typeof m._index?.get !== 'function' || typeof m._index.atPrefix !== 'function' || !(m._fieldLength instanceof Map) || !(m._documentIds instanceof Map)) return null;
  if (m._dirtCount !== 0 || !Array.isArray(m._avgFieldLength) || typeof m._nextId !== 'number') return null;
  if (!hasDefaultScoring(m._options.searchOptions ?? {})) return null;

  let tree: Leaf[][] | null;
  const excluded: string[] = [];
  if (typeof query === 'object' && query.combineWith === 'AND_NOT' && query.queries?.length) {
    if (Object.keys(query).some((k) => k !== 'combineWith' && k !== 'queries')) return null;
    const [first, ...rest] = query.queries;
    tree = andTree(first as Query);
    for (const r of rest) {
      if (typeof r !== 'string') return null;
      excluded.push(r);
    }
  } else tree = andTree(query);
  if (!tree) return null;

  const size = m._nextId;
  const fields = m._options.fields;
  const fieldIds = fields.map((f) => m._fieldIds[f] as number);
  const count = m._documentCount;
  const fieldLength = m._fieldLength;

  /** MiniSearch's termResults() for one term, into `into`. */
  const add = (into: Matches, weight: number, data: FieldTermData | undefined) => {
    if (!data) return;
    for (const fieldId of fieldIds) {
      const freqs = data.get(fieldId);
      if (!freqs) continue;
      const matching = freqs.size;
      const avg = m._avgFieldLength[fieldId] as number;
      for (const [docId, tf] of freqs) {
        const raw = bm25(tf, matching, count, (fieldLength.get(docId) as number[])[fieldId] as number, avg);
        const weighted = weight * raw;
        if (into.has[docId] === 1) into.score[docId] = (into.score[docId] as number) + weighted;
        else {
          into.has[docId] = 1;
          into.score[docId] = weighted;
          into.order.push(docId);
        }
      }
    }
  };
  const leafMatches = ({ term, prefix }: Leaf): Matches => {
    const out: Matches = { order: [], score: new Float64Array(size), has: new Uint8Array(size) };
    if (term === '') return out; // MiniSearch drops empty terms: nothing matches
    add(out, 1, m._index.get(term));
    if (prefix) {
      for (const [derived, data] of m._index.atPrefix(term)) {
        const distance = derived.length - term.length;
        if (!distance) continue;
        add(out, (PREFIX_WEIGHT * derived.length) / (derived.length + 0.3 * distance), data);
      }
    }
    return out;
  };
  /** MiniSearch's AND: b's order, kept where a has the document, scores a + b. */
  const and = (a: Matches, b: Matches): Matches => {
    const order: number[] = [];
    for (const id of b.order) {
      if (a.has[id] !== 1) continue;
      order.push(id);
      b.score[id] = (a.score[id] as number) + (b.score[id] as number);
    }
    b.has.fill(0);
    for (const id of order) b.has[id] = 1;
    return { order, score: b.score, has: b.has };
  };
  const empty = (): Matches => ({ order: [], score: new Float64Array(0), has: new Uint8Array(size) });

  let result: Matches | null = null;
  for (const clause of tree) {
    let matches: Matches | null = null;
    for (const leaf of clause) matches = matches ? and(matches, leafMatches(leaf)) : leafMatches(leaf);
    matches ??= empty();
    result = result ? and(result, matches) : matches;
  }
  if (!result) return { paths: [], scores: [] };
  // Every document left matched every term: MiniSearch's quality factor (distinct query terms matched) is their number.
  const quality = new Set(tree.flat().map((l) => l.term)).size || 1;
  let gone: Uint8Array | null = null;
  for (const term of excluded) {
    const data = m._index.get(term);
    if (!data) continue;
    gone ??= new Uint8Array(size);
    for (const freqs of data.values()) for (const docId of freqs.keys()) gone[docId] = 1;
  }
  const paths: string[] = [];
  const scores: number[] = [];
  for (const id of result.order) {
    if (gone?.[id] === 1) continue;
    paths.push(m._documentIds.get(id) as string);
    scores.push((result.score[id] as number) * quality);
  }
  return { paths, scores };
}
