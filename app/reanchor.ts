// Re-anchoring: when a source file changed under its sidecar, put each
// annotation back on the text it was made on, as Hypothesis does: exact
// offsets, then the exact quote with its context, then a fuzzy match of the
// quote; what cannot be placed becomes an orphan (kept whole, never dropped).
// Pure: a function of the new text and the old annotations. Searching happens
// in UTF-16 (the strings themselves); every offset that leaves this module is
// a code point, converted through TextIndex.
import { CONTEXT_LENGTH } from './annotations';
import type { TextIndex } from './offsets';
import { compareAnnotations } from './sidecar/sidecar-io';
import type { Annotation, Sidecar, SourceInfo } from './sidecar/sidecar-schema';
import { Anchorer, GOOD_CONTEXT_SCORE, SHORT_QUOTE, wellSided, LONG_QUOTE, LONG_QUOTE_MIN_CONTEXT, MIN_CONTEXT_SCORE, NEAR_RADIUS, CONTEXT_MARGIN, type Placement } from './reanchor-anchorer';

export { CONTEXT_MARGIN, FUZZY_ERROR_RATE, FUZZY_LONG_QUOTE_ERROR_RATE, FUZZY_MIN_CONTEXT_SCORE, LONG_QUOTE, LONG_QUOTE_MIN_CONTEXT, MIN_CONTEXT_SCORE } from './reanchor-anchorer';

export interface Span {
  start: number;
  end: number;
}

export interface ReanchorMove {
  id: string;
  /** Offsets in the text the annotation was made on (code points). */
  from: Span;
  /** Offsets in the new text (code points). */
  to: Span;
  /** The annotation was an orphan before and is placed again. */
  restored?: true;
}

export interface ReanchorFuzzy extends ReanchorMove {
  oldText: string;
  newText: string;
  /** Edits (insertions, deletions, substitutions, in UTF-16 units) between the old and the new text. */
  errors: number;
}

export type OrphanReason =
  /** The quote was not found, exactly or approximately. */
  | 'not-found'
  /** The quote occurs, but nowhere with enough of its context to tell which occurrence it was. */
  | 'ambiguous'
  /** The whole-text fuzzy search was skipped to keep opening fast (very long text, many changed annotations). */
  | 'search-limit'
  /** Its only good match is out of order with the annotations around it: the twin of a deleted passage. */
  | 'out-of-order';

export interface ReanchorOrphan {
  id: string;
  text: string;
  /** Its offsets as they were (in the text it was last placed on). */
  from: Span;
  reason: OrphanReason;
  /** It was an orphan already before this re-anchoring. */
  wasOrphan?: true;
}

export interface ReanchorReport {
  /** Same offsets, same text. */
  unchanged: string[];
  /** Same text, found at other offsets. */
  moved: ReanchorMove[];
  /** Placed on text that differs a little from the old text; `text` now holds the new text. */
  fuzzy: ReanchorFuzzy[];
  /** Could not be placed: kept as orphans. */
  orphaned: ReanchorOrphan[];
}

export interface ReanchorResult {
  /** Placed annotations with start, end, text, prefix and suffix for the new text; sorted as in the file. */
  annotations: Annotation[];
  /** Annotations that could not be placed, exactly as they were; sorted as in the file. */
  orphans: Annotation[];
  report: ReanchorReport;
}

export interface ReanchorOptions {
  /** Work allowed for whole-text fuzzy searches (see DEFAULT_FUZZY_BUDGET); 0 disables them. */
  fuzzyBudget?: number;
}

type Outcome =
  | { kind: 'unchanged' }
  /** strong: placed on evidence good enough to predict where the next annotations are (see reanchor()). */
  | { kind: 'moved'; s: number; e: number; strong?: boolean }
  | { kind: 'fuzzy'; s: number; e: number; errors: number }
  | { kind: 'orphan'; reason: OrphanReason };
type Placed = Exclude<Outcome, { kind: 'orphan' }>;

/**
 * Where one annotation goes. The order is the rule book (docs/reliability.md),
 * and "not placed" is preferred to a doubtful place: exact offsets with their
 * context; the exact quote with a good context right where it is expected;
 * the exact quote with its whole context where only one such place is (or
 * one is clearly nearest); the exact quote where its context matches clearly
 * better than anywhere else; a fuzzy quote with its context; else an orphan.
 * The thresholds were measured with scripts/bench/reanchor-bench.ts.
 */
function locate(anchorer: Anchorer, a: Annotation, hintU16: number): Outcome {
  if (a.text.length === 0) return { kind: 'orphan', reason: 'not-found' };
  const moved = (p: Placement): Outcome => ({ kind: 'moved', s: p.s, e: p.e });
  const same = anchorer.sameOffsetsHold(a);
  const sameScores = same ? anchorer.contextAtOldOffsets(a) : { context: 0, sides: 0 };
  const sameContext = sameScores.context;
  // (a) Exact offsets with their whole context.
  if (same && sameContext === 1) return { kind: 'unchanged' };
  const wholes = anchorer.wholeContext(a, hintU16);
  const nearest = wholes[0];
  // (b) Right where it is expected, context mostly kept: position and context agree. Beats a copy of the
  // whole context further away (a duplicated paragraph whose twin is intact).
  if (!nearest || nearest.dist > NEAR_RADIUS) {
    const near = anchorer.scoredQuotes(a, hintU16, NEAR_RADIUS)[0];
    if (near && near.context >= GOOD_CONTEXT_SCORE && wellSided(a, near) && (!nearest || near.dist * 4 <= nearest.dist)) return moved(near);
    // Half its context kept right where expected, against a copy far away: the position decides.
    if (near && nearest && near.context >= MIN_CONTEXT_SCORE && wellSided(a, near) && near.dist * 16 <= nearest.dist) return moved(near);
    // The quote edited right where expected, its context kept, against an intact copy far away: the edited one.
    if (nearest && !near) {
      const edited = anchorer.fuzzy(a, hintU16, NEAR_RADIUS);
      if (edited && edited.context >= GOOD_CONTEXT_SCORE && edited.dist * 16 <= nearest.dist) return { kind: 'fuzzy', s: edited.s, e: edited.e, errors: edited.errors };
    }
  }
  // (b) The exact quote with its whole context: the only such place, or one clearly nearest.
  if (nearest) {
    const second = wholes[1];
    // Strong only when it is where expected: a far place may be the twin of a deleted passage, and must not
    // move the expected place of the next ones (each of them finds its own whole context anyway).
    if (!second) return { kind: 'moved', s: nearest.s, e: nearest.e, strong: nearest.dist <= NEAR_RADIUS };
    if (nearest.dist * 2 < second.dist) return { kind: 'moved', s: nearest.s, e: nearest.e, strong: nearest.dist <= NEAR_RADIUS };
    return { kind: 'orphan', reason: 'ambiguous' };
  }
  // (a) Exact offsets whose context changed a little.
  if (same && sameContext >= MIN_CONTEXT_SCORE && wellSided(a, { ...sameScores, errors: 0 })) return { kind: 'unchanged' };
  // (b) The exact quote where its context matches well, and clearly better than at any other place.
  const quotes = anchorer.scoredQuotes(a, hintU16);
  const [best, runnerUp] = quotes;
  if (best) {
    // Clear: context much better, or context better (or as good) and nearer the expected place too.
    const clear = !runnerUp || best.context - runnerUp.context >= CONTEXT_MARGIN || best.dist < runnerUp.dist;
    if (clear && best.context >= MIN_CONTEXT_SCORE && wellSided(a, best)) return moved(best);
    // A long quote is strong evidence on its own, when it occurs once.
    if (quotes.length === 1 && a.text.length >= LONG_QUOTE && best.context >= LONG_QUOTE_MIN_CONTEXT) return moved(best);
    // (a) Exact offsets, the only place of the quote, whose context is gone.
    if (same && quotes.length === 1 && a.text.length >= SHORT_QUOTE) return { kind: 'unchanged' };
    return { kind: 'orphan', reason: 'ambiguous' };
  }
  // (c) An approximate match, accepted with enough context (or a long quote needing few edits).
  const fuzzy = anchorer.fuzzy(a, hintU16);
  if (fuzzy) return { kind: 'fuzzy', s: fuzzy.s, e: fuzzy.e, errors: fuzzy.errors };
  // (d) An orphan.
  return { kind: 'orphan', reason: anchorer.budgetLeft() ? 'not-found' : 'search-limit' };
}

/**
 * Indexes of a longest non-decreasing subsequence of `values` (O(n log n)):
 * the placements that keep the text's order.
 */
function longestInOrder(values: readonly number[]): Set<number> {
  /** tails[k]: index of the smallest last value of an in-order run of length k + 1. */
  const tails: number[] = [];
  const before = new Int32Array(values.length).fill(-1);
  values.forEach((v, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[tails[mid] as number] as number) <= v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) before[i] = tails[lo - 1] as number;
    tails[lo] = i;
  });
  const kept = new Set<number>();
  for (let i = tails.length ? (tails[tails.length - 1] as number) : -1; i !== -1; i = before[i] as number) kept.add(i);
  return kept;
}

/**
 * Places the annotations (and any earlier orphans) of a sidecar written for
 * another version of the text on `index`'s text. Every input annotation comes
 * out exactly once, in `annotations` (placed, with start, end, text, prefix
 * and suffix for the new text; nothing else changes) or in `orphans` (exactly
 * as it was), with the same id, so relations and claimants stay valid.
 *
 * The expected place of each annotation is its old offset shifted by how far
 * the annotation before it moved, so an insertion near the top does not
 * send later annotations to a look-alike further down. Placements that break
 * the old order are then searched again between their in-order neighbours
 * (docs/reliability.md, "Order").
 */
export function reanchor(
  index: TextIndex,
  doc: { readonly annotations: readonly Annotation[]; readonly orphans?: readonly Annotation[] | undefined },
  options: ReanchorOptions = {},
): ReanchorResult {
  const anchorer = new Anchorer(index, options);
  const placed: Annotation[] = [];
  const orphans: Annotation[] = [];
  const report: ReanchorReport = { unchanged: [], moved: [], fuzzy: [], orphaned: [] };
  let delta = 0;
  /** Where the last annotation placed went (code points): annotations are placed in their old order. */
  let lastStart = 0;

  const placement = (a: Annotation, outcome: Placed, wasOrphan: boolean) => {
    const start = outcome.kind === 'unchanged' ? a.start : index.toCodePoint(outcome.s);
    const end = outcome.kind === 'unchanged' ? a.end : index.toCodePoint(outcome.e);
    const next: Annotation = {
      ...a,
      start,
      end,
      text: index.slice(start, end),
      prefix: index.slice(Math.max(0, start - CONTEXT_LENGTH), start),
      suffix: index.slice(end, Math.min(index.length, end + CONTEXT_LENGTH)),
    };
    // A discontinuous span's pieces move with it when it moved whole; otherwise where they are is unknown.
    if (a.fragments && (start !== a.start || end !== a.end)) {
      if (end - start === a.end - a.start) next.fragments = a.fragments.map((f) => ({ start: f.start + start - a.start, end: f.end + start - a.start }));
      else delete next.fragments;
    }
    return { a, next, outcome, wasOrphan };
  };
  const orphan = (a: Annotation, reason: OrphanReason, wasOrphan: boolean) => {
    orphans.push(a);
    report.orphaned.push({ id: a.id, text: a.text, from: { start: a.start, end: a.end }, reason, ...(wasOrphan ? { wasOrphan: true as const } : {}) });
  };
  const accept = ({ a, next, outcome, wasOrphan }: ReturnType<typeof placement>) => {
    placed.push(next);
    const { start, end } = next;
    const move: ReanchorMove = { id: a.id, from: { start: a.start, end: a.end }, to: { start, end }, ...(wasOrphan ? { restored: true as const } : {}) };
    if (outcome.kind === 'fuzzy') report.fuzzy.push({ ...move, oldText: a.text, newText: next.text, errors: outcome.errors });
    else if (outcome.kind === 'moved' && (start !== a.start || end !== a.end || wasOrphan)) report.moved.push(move);
    else if (wasOrphan) report.moved.push(move);
    else report.unchanged.push(a.id);
  };

  /** First pass, in old order: each annotation on its own evidence (null: not placed, and why). */
  const first: { a: Annotation; p: ReturnType<typeof placement> | null; reason?: OrphanReason }[] = [];
  for (const a of [...doc.annotations].sort(compareAnnotations)) {
    const hintCp = Math.max(0, Math.min(index.length, a.start + delta));
    const outcome = locate(anchorer, a, index.toUtf16(hintCp));
    if (outcome.kind === 'orphan') {
      first.push({ a, p: null, reason: outcome.reason });
      continue;
    }
    const p = placement(a, outcome, false);
    first.push({ a, p });
    // Only a placement near where it was expected moves the expected place of those after it: one put
    // on the twin of a duplicated passage would otherwise drag its neighbours there too.
    const { start } = p.next;
    if (outcome.kind === 'unchanged' || (start >= lastStart && Math.abs(start - hintCp) < NEAR_RADIUS)) delta = start - a.start;
    lastStart = Math.max(lastStart, start);
  }

  // Edits never reorder the text that survives them: a placement out of order with most of its
  // neighbours is on a twin (a duplicated passage whose first copy lost its sentence), not on its
  // text. It, and one whose quote occurs in several places, gets one more chance: between the
  // neighbours that kept their order, where its text must be if it is still there.
  const placedIdx = first.flatMap((f, i) => (f.p ? [i] : []));
  const inOrder = new Set([...longestInOrder(placedIdx.map((i) => (first[i]?.p as ReturnType<typeof placement>).next.start))].map((k) => placedIdx[k] as number));
  const neighbour = (i: number, step: 1 | -1): ReturnType<typeof placement> | null => {
    for (let j = i + step; j >= 0 && j < first.length; j += step) if (inOrder.has(j)) return first[j]?.p ?? null;
    return null;
  };
  first.forEach(({ a, p, reason }, i) => {
    if (p && inOrder.has(i)) return accept(p);
    if (!p && reason !== 'ambiguous') return orphan(a, reason ?? 'not-found', false);
    const before = neighbour(i, -1);
    const after = neighbour(i, 1);
    const found = anchorer.between(a, before ? index.toUtf16(before.next.start) : 0, after ? index.toUtf16(after.next.end) : index.text.length);
    if (!found) return orphan(a, p ? 'out-of-order' : 'ambiguous', false);
    accept(placement(a, found.errors > 0 ? { kind: 'fuzzy', s: found.s, e: found.e, errors: found.errors } : { kind: 'moved', s: found.s, e: found.e }, false));
  });

  // Earlier orphans: placed on their own evidence only, with no expected place.
  for (const o of [...(doc.orphans ?? [])].sort(compareAnnotations)) {
    const outcome = locate(anchorer, o, index.toUtf16(Math.min(index.length, o.start)));
    if (outcome.kind === 'orphan') orphan(o, outcome.reason, true);
    else accept(placement(o, outcome, true));
  }

  return { annotations: placed.sort(compareAnnotations), orphans: orphans.sort(compareAnnotations), report };
}

/**
 * A sidecar re-anchored onto a new version of its source: annotations placed
 * on the new text, orphans kept, relations and everything else unchanged,
 * `source` describing the new text.
 */
export function reanchorSidecar(
  sidecar: Sidecar,
  index: TextIndex,
  source: SourceInfo,
  options: ReanchorOptions = {},
): { sidecar: Sidecar; report: ReanchorReport } {
  const result = reanchor(index, sidecar, options);
  const next: Sidecar = { ...sidecar, source, annotations: result.annotations };
  if (result.orphans.length > 0) next.orphans = result.orphans;
  else delete next.orphans;
  return { sidecar: next, report: result.report };
}

/** True when nothing moved and nothing was orphaned. */
export function isTrivialReport(report: ReanchorReport): boolean {
  return report.moved.length === 0 && report.fuzzy.length === 0 && report.orphaned.length === 0;
}
