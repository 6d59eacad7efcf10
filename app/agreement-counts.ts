// The counts agreement is computed from, and the figures computed from them
// (precision, recall, F1, Cohen's kappa). Counts add up across documents, so
// corpus figures are micro-averaged: summed first, computed once. Pure; the
// matching and token counting that produce the counts are in agreement.ts.
import type { Annotation, AnnotationType } from './sidecar/sidecar-schema';

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

export function emptyLabel(label: string): LabelCounts {
  return {
    label,
    exact: { matched: 0, a: 0, b: 0 },
    overlap: { matched: 0, a: 0, b: 0 },
    tokens: { both: 0, onlyA: 0, onlyB: 0, neither: 0 },
  };
}

export function orderLabels(names: Iterable<string>, preferred: readonly string[] = []): string[] {
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

export function sortCells(cells: ConfusionCell[]): ConfusionCell[] {
  const k = (v: string | null) => (v === null ? '\uffff' : v);
  return cells.sort((p, q) => (k(p.a) < k(q.a) ? -1 : k(p.a) > k(q.a) ? 1 : k(p.b) < k(q.b) ? -1 : k(p.b) > k(q.b) ? 1 : 0));
}
