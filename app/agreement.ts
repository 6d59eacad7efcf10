// Inter-annotator agreement between two annotation lists over the same text
// (annotator A and annotator B): span-level precision, recall and F1 (exact
// and overlap matching) and token-level Cohen's kappa, per label and overall,
// for one document or pooled over a corpus. Pure functions; see
// docs/agreement.md for the definitions, which the tests spell out by hand.
//
// Everything is computed from counts (AgreementCounts) that add up across
// documents, so the corpus figures are micro-averaged: the counts of every
// document are summed first and the figures computed once from the sums.
import type { TextIndex } from './offsets';
import type { Annotation } from './sidecar/sidecar-schema';
import { lineSegments, type Span } from './text-units';
import { emptyLabel, orderLabels, reportFromCounts, sortCells, type AgreementCounts, type AgreementOptions, type AgreementReport, type ConfusionCell, type Spanned } from './agreement-counts';

export * from './agreement-counts';


function groupByLabel<T extends Spanned>(list: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const s of list) {
    const g = m.get(s.label);
    if (g) g.push(s);
    else m.set(s.label, [s]);
  }
  return m;
}

/**
 * One-to-one exact matches (same start, end and label) between two lists.
 * Duplicates pair off in order: two identical spans by A and one by B make
 * one match and one unmatched span by A.
 */
export function exactMatches<T extends Spanned, U extends Spanned>(a: readonly T[], b: readonly U[]): { a: T; b: U }[] {
  const waiting = new Map<string, T[]>();
  for (const x of a) {
    const key = JSON.stringify([x.label, x.start, x.end]);
    const list = waiting.get(key);
    if (list) list.push(x);
    else waiting.set(key, [x]);
  }
  const pairs: { a: T; b: U }[] = [];
  for (const y of b) {
    const list = waiting.get(JSON.stringify([y.label, y.start, y.end]));
    const x = list?.shift();
    if (x) pairs.push({ a: x, b: y });
  }
  return pairs;
}

/**
 * One-to-one overlap matches for spans of one label: every pair sharing at
 * least one code point is a candidate; candidates are taken greedily, the
 * largest overlap first (then the closer lengths, then position), each span
 * used once. Exact matches are always among them (they overlap the most).
 */
export function overlapMatches<T extends Spanned>(a: readonly T[], b: readonly T[]): { a: T; b: T }[] {
  const as = [...a].sort((p, q) => p.start - q.start || p.end - q.end);
  const bs = [...b].sort((p, q) => p.start - q.start || p.end - q.end);
  const candidates: { i: number; j: number; overlap: number; diff: number }[] = [];
  // Sweep in order of start: `active` holds the B spans started before the
  // current A span ends; those ending before it starts can no longer overlap
  // any later A span (A starts only grow) and are dropped.
  let active: number[] = [];
  let next = 0;
  for (let i = 0; i < as.length; i++) {
    const x = as[i] as T;
    while (next < bs.length && (bs[next] as T).start < x.end) active.push(next++);
    active = active.filter((j) => (bs[j] as T).end > x.start);
    for (const j of active) {
      const y = bs[j] as T;
      const overlap = Math.min(x.end, y.end) - Math.max(x.start, y.start);
      if (overlap > 0) candidates.push({ i, j, overlap, diff: Math.abs(x.end - x.start - (y.end - y.start)) });
    }
  }
  candidates.sort((p, q) => q.overlap - p.overlap || p.diff - q.diff || p.i - q.i || p.j - q.j);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const out: { a: T; b: T }[] = [];
  for (const c of candidates) {
    if (usedA.has(c.i) || usedB.has(c.j)) continue;
    usedA.add(c.i);
    usedB.add(c.j);
    out.push({ a: as[c.i] as T, b: bs[c.j] as T });
  }
  return out;
}

/** Every token of the text (app/text-units lineSegments: words and punctuation, no white space), in order. */
export function documentTokens(index: TextIndex): Span[] {
  const out: Span[] = [];
  for (let line = 0; line < index.lines.length; line++) for (const t of lineSegments(index, line)) out.push(t);
  return out;
}

/** Index of the first token whose end is after `cp` (tokens sorted and disjoint). */
function firstTokenEndingAfter(tokens: readonly Span[], cp: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid] as Span).end <= cp) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Per token: the labels of the spans it overlaps, and the innermost span's label (null: O). */
function tokenLabels(tokens: readonly Span[], spans: readonly Spanned[]): { sets: (Set<string> | null)[]; inner: (string | null)[] } {
  const sets: (Set<string> | null)[] = new Array<Set<string> | null>(tokens.length).fill(null);
  const inner: (string | null)[] = new Array<string | null>(tokens.length).fill(null);
  const innerSpan: (Spanned | null)[] = new Array<Spanned | null>(tokens.length).fill(null);
  for (const s of spans) {
    for (let i = firstTokenEndingAfter(tokens, s.start); i < tokens.length && (tokens[i] as Span).start < s.end; i++) {
      (sets[i] ??= new Set()).add(s.label);
      const cur = innerSpan[i];
      if (!cur || isInner(s, cur)) {
        innerSpan[i] = s;
        inner[i] = s.label;
      }
    }
  }
  return { sets, inner };
}

/** The innermost of two spans covering a token: shorter, then later start, then smaller label. */
function isInner(s: Spanned, than: Spanned): boolean {
  const ls = s.end - s.start;
  const lt = than.end - than.start;
  if (ls !== lt) return ls < lt;
  if (s.start !== than.start) return s.start > than.start;
  return s.label < than.label;
}

/**
 * The agreement counts for one document. `index` is its text; `a` and `b`
 * the two annotators' annotations (any with end <= start are ignored, as are
 * types not in options.types).
 */
export function agreementCounts(index: TextIndex, a: readonly Spanned[], b: readonly Spanned[], options: AgreementOptions = {}): AgreementCounts {
  const keep = (s: Spanned) => s.end > s.start && (!options.types || options.types.includes(s.type ?? 'entity'));
  const listA = a.filter(keep);
  const listB = b.filter(keep);
  const groupsA = groupByLabel(listA);
  const groupsB = groupByLabel(listB);
  const names = orderLabels([...groupsA.keys(), ...groupsB.keys(), ...(options.labels ?? [])], [...(options.labels ?? []), ...(options.order ?? [])]);

  const tokens = documentTokens(index);
  const tA = tokenLabels(tokens, listA);
  const tB = tokenLabels(tokens, listB);

  const labels = names.map((label) => {
    const ga = groupsA.get(label) ?? [];
    const gb = groupsB.get(label) ?? [];
    const c = emptyLabel(label);
    c.exact = { matched: exactMatches(ga, gb).length, a: ga.length, b: gb.length };
    c.overlap = { matched: overlapMatches(ga, gb).length, a: ga.length, b: gb.length };
    for (let i = 0; i < tokens.length; i++) {
      const inA = tA.sets[i]?.has(label) ?? false;
      const inB = tB.sets[i]?.has(label) ?? false;
      if (inA && inB) c.tokens.both++;
      else if (inA) c.tokens.onlyA++;
      else if (inB) c.tokens.onlyB++;
      else c.tokens.neither++;
    }
    return c;
  });

  const cells = new Map<string, ConfusionCell>();
  for (let i = 0; i < tokens.length; i++) {
    const ka = tA.inner[i] ?? null;
    const kb = tB.inner[i] ?? null;
    const key = JSON.stringify([ka, kb]);
    const cell = cells.get(key);
    if (cell) cell.tokens++;
    else cells.set(key, { a: ka, b: kb, tokens: 1 });
  }
  return { documents: 1, tokens: tokens.length, labels, confusion: sortCells([...cells.values()]) };
}

/** Counts and figures for one document. */
export function compareAnnotators(index: TextIndex, a: readonly Spanned[], b: readonly Spanned[], options: AgreementOptions = {}): AgreementReport {
  return reportFromCounts(agreementCounts(index, a, b, options));
}

// ---- two authors in one sidecar ---------------------------------------------------------

/** The key an annotation without `author` is grouped under. */
export const NO_AUTHOR = '';

/** Authors in a list with how many annotations each made, most first (NO_AUTHOR for none given). */
export function authorsOf(annotations: readonly Pick<Annotation, 'author'>[]): { author: string; count: number }[] {
  const m = new Map<string, number>();
  for (const a of annotations) m.set(a.author ?? NO_AUTHOR, (m.get(a.author ?? NO_AUTHOR) ?? 0) + 1);
  return [...m]
    .map(([author, count]) => ({ author, count }))
    .sort((x, y) => y.count - x.count || (x.author < y.author ? -1 : x.author > y.author ? 1 : 0));
}

/** Splits one sidecar's annotations into author A's, author B's and everyone else's. */
export function splitByAuthor<T extends Pick<Annotation, 'author'>>(annotations: readonly T[], authorA: string, authorB: string): { a: T[]; b: T[]; others: T[] } {
  if (authorA === authorB) throw new RangeError('compare two different authors');
  const out = { a: [] as T[], b: [] as T[], others: [] as T[] };
  for (const x of annotations) {
    const who = x.author ?? NO_AUTHOR;
    (who === authorA ? out.a : who === authorB ? out.b : out.others).push(x);
  }
  return out;
}
