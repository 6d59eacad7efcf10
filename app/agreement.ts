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
import type { Annotation, AnnotationType } from './sidecar/sidecar-schema';
import { lineSegments, type Span } from './text-units';

/** The parts of an annotation agreement looks at. */
export type Spanned = Pick<Annotation, 'start' | 'end' | 'label'> & { type?: AnnotationType };

/** Span counts for one label (or all): pairs matched one-to-one, spans by A, spans by B. */
export interface SpanCounts {
  matched: number;
  a: number;
  b: number;
}

/**
 * B scored against A as if A were the reference: precision = matched / b,
 * recall = matched / a, F1 = 2 * matched / (a + b) (symmetric: swapping A
 * and B swaps precision and recall and keeps F1). null when the divisor is 0.
 */
export interface Prf {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/** Tokens for one label, as a 2x2 table: labelled by both, by A only, by B only, by neither. */
export interface BinaryCounts {
  both: number;
  onlyA: number;
  onlyB: number;
  neither: number;
}

export interface LabelCounts {
  label: string;
  /** Same start, end and label. */
  exact: SpanCounts;
  /** Same label and at least one code point in common, matched one-to-one (largest overlap first). */
  overlap: SpanCounts;
  /** Token-level: does the token lie in (overlap) a span of this label, for A and for B. */
  tokens: BinaryCounts;
}

/** One cell of the token confusion matrix; null is "no label" (O). */
export interface ConfusionCell {
  a: string | null;
  b: string | null;
  tokens: number;
}

/** What agreement is computed from; add() sums it over documents. Arrays, not records: labels are user text. */
export interface AgreementCounts {
  documents: number;
  tokens: number;
  labels: LabelCounts[];
  /** Token confusion matrix (one label per token and annotator: the innermost span's), non-zero cells only. */
  confusion: ConfusionCell[];
}

export interface LabelAgreement {
  label: string;
  exact: SpanCounts & Prf;
  overlap: SpanCounts & Prf;
  tokens: BinaryCounts;
  /** Cohen's kappa for "this label or not" over tokens; null when undefined (both annotators all one class). */
  kappa: number | null;
}

export interface AgreementReport {
  counts: AgreementCounts;
  labels: LabelAgreement[];
  overall: {
    exact: SpanCounts & Prf;
    overlap: SpanCounts & Prf;
    /** Multi-class Cohen's kappa over tokens (every label and O); null when undefined. */
    kappa: number | null;
    /** Share of tokens given the same class (label or O) by both. */
    observed: number | null;
    tokens: number;
  };
}

export interface AgreementOptions {
  /** Only annotations of these types count (default: all). */
  types?: readonly AnnotationType[];
  /** Labels to report even when neither annotator used them (say, the schema's), in this order. */
  labels?: readonly string[];
  /** Labels to list first, in this order (the schema's); unlike `labels`, adds none. Others follow alphabetically. */
  order?: readonly string[];
}

// ---- figures ------------------------------------------------------------------------

function ratio(n: number, d: number): number | null {
  return d === 0 ? null : n / d;
}

export function prf(c: SpanCounts): SpanCounts & Prf {
  return { ...c, precision: ratio(c.matched, c.b), recall: ratio(c.matched, c.a), f1: ratio(2 * c.matched, c.a + c.b) };
}

/**
 * Cohen's kappa from a square confusion matrix given as cells: (po - pe) / (1 - pe),
 * po = share of agreeing tokens, pe = sum over classes of pA(class) * pB(class).
 * null when there are no tokens or pe = 1 (both used one class for everything:
 * chance agreement is total and kappa is undefined).
 */
export function cohensKappa(cells: readonly { a: string | null; b: string | null; tokens: number }[]): number | null {
  let n = 0;
  let agree = 0;
  const rowA = new Map<string | null, number>();
  const colB = new Map<string | null, number>();
  for (const c of cells) {
    n += c.tokens;
    if (c.a === c.b) agree += c.tokens;
    rowA.set(c.a, (rowA.get(c.a) ?? 0) + c.tokens);
    colB.set(c.b, (colB.get(c.b) ?? 0) + c.tokens);
  }
  if (n === 0) return null;
  let pe = 0;
  for (const [k, ra] of rowA) pe += (ra / n) * ((colB.get(k) ?? 0) / n);
  const po = agree / n;
  if (1 - pe < 1e-12) return null;
  return (po - pe) / (1 - pe);
}

export function binaryKappa(t: BinaryCounts): number | null {
  return cohensKappa([
    { a: 'L', b: 'L', tokens: t.both },
    { a: 'L', b: null, tokens: t.onlyA },
    { a: null, b: 'L', tokens: t.onlyB },
    { a: null, b: null, tokens: t.neither },
  ]);
}

function sumSpans(list: readonly SpanCounts[]): SpanCounts {
  return list.reduce((s, c) => ({ matched: s.matched + c.matched, a: s.a + c.a, b: s.b + c.b }), { matched: 0, a: 0, b: 0 });
}

/** The figures for a set of counts (one document's, or a corpus's sums). */
export function reportFromCounts(counts: AgreementCounts): AgreementReport {
  const labels = counts.labels.map((l) => ({
    label: l.label,
    exact: prf(l.exact),
    overlap: prf(l.overlap),
    tokens: { ...l.tokens },
    kappa: binaryKappa(l.tokens),
  }));
  const agree = counts.confusion.reduce((s, c) => s + (c.a === c.b ? c.tokens : 0), 0);
  return {
    counts,
    labels,
    overall: {
      exact: prf(sumSpans(counts.labels.map((l) => l.exact))),
      overlap: prf(sumSpans(counts.labels.map((l) => l.overlap))),
      kappa: cohensKappa(counts.confusion),
      observed: ratio(agree, counts.tokens),
      tokens: counts.tokens,
    },
  };
}

// ---- counting -------------------------------------------------------------------------

export function emptyCounts(): AgreementCounts {
  return { documents: 0, tokens: 0, labels: [], confusion: [] };
}

function emptyLabel(label: string): LabelCounts {
  return {
    label,
    exact: { matched: 0, a: 0, b: 0 },
    overlap: { matched: 0, a: 0, b: 0 },
    tokens: { both: 0, onlyA: 0, onlyB: 0, neither: 0 },
  };
}

function orderLabels(names: Iterable<string>, preferred: readonly string[] = []): string[] {
  const set = new Set(names);
  const first = preferred.filter((l) => set.has(l));
  const rest = [...set].filter((l) => !preferred.includes(l)).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return [...new Set([...first, ...rest])];
}

/**
 * Sums counts (micro-averaging): span and token counts add label by label; a
 * label one side lacks counts as absent there, and its tokens as "neither".
 */
export function addCounts(x: AgreementCounts, y: AgreementCounts, preferred: readonly string[] = []): AgreementCounts {
  const byLabel = new Map<string, LabelCounts>();
  const names = orderLabels([...x.labels, ...y.labels].map((l) => l.label), preferred);
  for (const name of names) {
    const sum = emptyLabel(name);
    for (const side of [x, y]) {
      const l = side.labels.find((c) => c.label === name);
      if (l) {
        for (const k of ['exact', 'overlap'] as const) {
          sum[k].matched += l[k].matched;
          sum[k].a += l[k].a;
          sum[k].b += l[k].b;
        }
        sum.tokens.both += l.tokens.both;
        sum.tokens.onlyA += l.tokens.onlyA;
        sum.tokens.onlyB += l.tokens.onlyB;
        sum.tokens.neither += l.tokens.neither;
      } else {
        // Neither annotator used this label in that side's documents: all its tokens are "neither".
        sum.tokens.neither += side.tokens;
      }
    }
    byLabel.set(name, sum);
  }
  const cells = new Map<string, ConfusionCell>();
  for (const c of [...x.confusion, ...y.confusion]) {
    const key = JSON.stringify([c.a, c.b]);
    const cell = cells.get(key);
    if (cell) cell.tokens += c.tokens;
    else cells.set(key, { ...c });
  }
  return {
    documents: x.documents + y.documents,
    tokens: x.tokens + y.tokens,
    labels: names.map((n) => byLabel.get(n) as LabelCounts),
    confusion: sortCells([...cells.values()]),
  };
}

/** Corpus-level counts: the sum of every document's (micro-averaged figures via reportFromCounts). */
export function aggregateCounts(list: readonly AgreementCounts[], preferred: readonly string[] = []): AgreementCounts {
  return list.reduce((sum, c) => addCounts(sum, c, preferred), emptyCounts());
}

function sortCells(cells: ConfusionCell[]): ConfusionCell[] {
  const k = (v: string | null) => (v === null ? '\uffff' : v);
  return cells.sort((p, q) => (k(p.a) < k(q.a) ? -1 : k(p.a) > k(q.a) ? 1 : k(p.b) < k(q.b) ? -1 : k(p.b) > k(q.b) ? 1 : 0));
}

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
