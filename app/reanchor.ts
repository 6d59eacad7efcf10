// Re-anchoring: when a source file changed under its sidecar, put each
// annotation back on the text it was made on, as Hypothesis does: exact
// offsets, then the exact quote with its context, then a fuzzy match of the
// quote; what cannot be placed becomes an orphan (kept whole, never dropped).
// Pure: a function of the new text and the old annotations. Searching happens
// in UTF-16 (the strings themselves); every offset that leaves this module is
// a code point, converted through TextIndex.
import search from 'approx-string-match';
import { CONTEXT_LENGTH } from './annotations';
import { snapToGraphemes, type TextIndex } from './offsets';
import { compareAnnotations } from './sidecar/sidecar-io';
import type { Annotation, Sidecar, SourceInfo } from './sidecar/sidecar-schema';

/** Context similarity (0..1, mean of prefix and suffix) a placement needs, unless the quote is long. */
export const MIN_CONTEXT_SCORE = 0.5;
/** A quote at least this long (UTF-16 units) is strong evidence on its own. */
export const LONG_QUOTE = 32;
/** Fuzzy matching allows up to this share of the quote's length in edits (so quotes under 3 units never match fuzzily). */
export const FUZZY_ERROR_RATE = 1 / 3;
/** A long quote needing at most this share of edits is accepted whatever its context. */
export const FUZZY_LONG_QUOTE_ERROR_RATE = 1 / 8;
/** How far (UTF-16 units, beyond the quote) around the expected place the cheap local searches look first. */
const LOCAL_WINDOW = 4096;
/** Context similarity good enough to stop looking further from the expected place. */
const GOOD_CONTEXT_SCORE = 0.8;
/** At most this many occurrences nearest the expected place get a (costly) approximate context score. */
const MAX_SCORED = 64;
/** Default budget for whole-text fuzzy searches: text length x 32-unit blocks of the quote, summed. */
const DEFAULT_FUZZY_BUDGET = 200_000_000;

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
  | 'search-limit';

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

interface Placement {
  /** UTF-16 offsets in the new text. */
  s: number;
  e: number;
  errors: number;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** True when UTF-16 index `u` falls between the two halves of a surrogate pair. */
function splitsPair(text: string, u: number): boolean {
  return u > 0 && u < text.length && isLowSurrogate(text.charCodeAt(u)) && isHighSurrogate(text.charCodeAt(u - 1));
}

/**
 * Edit distance between `pattern` and the closest-matching *beginning* of
 * `text` (the text may run on past the match for free), or `limit` + 1 when
 * it is over `limit` (a band of width `limit` around the diagonal is all that
 * is computed). Anchoring at the start matters: a suffix must start right
 * where the annotation ends, or an end that falls short of the real one would
 * look as good as the real one.
 */
function anchoredDistance(pattern: string, text: string, limit: number): number {
  const m = pattern.length;
  const n = Math.min(text.length, m + limit);
  const over = limit + 1;
  let prev = new Int32Array(n + 1).fill(over);
  let cur = new Int32Array(n + 1).fill(over);
  for (let j = 0; j <= Math.min(n, limit); j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    const lo = Math.max(1, i - limit);
    const hi = Math.min(n, i + limit);
    cur.fill(over);
    if (i <= limit) cur[0] = i;
    const pc = pattern.charCodeAt(i - 1);
    let rowMin = cur[0] as number;
    for (let j = lo; j <= hi; j++) {
      const sub = (prev[j - 1] as number) + (pc === text.charCodeAt(j - 1) ? 0 : 1);
      const v = Math.min(sub, (prev[j] as number) + 1, (cur[j - 1] as number) + 1, over);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= over) return over;
    [prev, cur] = [cur, prev];
  }
  let best = over;
  for (let j = 0; j <= n; j++) best = Math.min(best, prev[j] as number);
  return best;
}

function reversed(s: string): string {
  let out = '';
  for (let i = s.length - 1; i >= 0; i--) out += s[i];
  return out;
}

/**
 * How well `expected` (a suffix) matches the text starting at `actual`'s
 * start: 1 - edits / length, 1 when nothing is expected. Below 0.5 it is only
 * known to be below: 0.5 - 1 / length is returned (MIN_CONTEXT_SCORE is the
 * mean of two such scores, so more precision would change no decision).
 */
function suffixSimilarity(expected: string, actual: string): number {
  if (expected.length === 0) return 1;
  if (actual.startsWith(expected)) return 1;
  const limit = Math.ceil(expected.length / 2);
  return 1 - Math.min(anchoredDistance(expected, actual, limit), limit + 1) / expected.length;
}

/** The same for a prefix, which must end where `actual` ends. */
function prefixSimilarity(expected: string, actual: string): number {
  if (expected.length === 0) return 1;
  if (actual.endsWith(expected)) return 1;
  return suffixSimilarity(reversed(expected), reversed(actual));
}

class Anchorer {
  private readonly text: string;
  private budget: number;
  budgetExhausted = false;

  constructor(
    private readonly index: TextIndex,
    options: ReanchorOptions,
  ) {
    this.text = index.text;
    this.budget = options.fuzzyBudget ?? DEFAULT_FUZZY_BUDGET;
  }

  private hasExactContext(a: Annotation, s: number, e: number): boolean {
    const from = s - a.prefix.length;
    return from >= 0 && this.text.startsWith(a.prefix, from) && this.text.startsWith(a.suffix, e);
  }

  /** Mean similarity of the old prefix and suffix to the text around [s, e). */
  private contextScore(a: Annotation, s: number, e: number): number {
    if (this.hasExactContext(a, s, e)) return 1;
    // Half as long again as expected, so insertions near the annotation can be absorbed.
    const before = this.text.slice(Math.max(0, s - Math.ceil(1.5 * a.prefix.length)), s);
    const after = this.text.slice(e, e + Math.ceil(1.5 * a.suffix.length));
    return (prefixSimilarity(a.prefix, before) + suffixSimilarity(a.suffix, after)) / 2;
  }

  private isValidSpan(s: number, e: number): boolean {
    return !splitsPair(this.text, s) && !splitsPair(this.text, e);
  }

  /** The window (UTF-16 offsets) searched first around the expected place of a string of `length` units. */
  private localRange(hint: number, length: number): [number, number] {
    const window = LOCAL_WINDOW + length;
    return [Math.max(0, hint - window), hint + window];
  }

  /**
   * (b) The exact quote with its whole context (a native scan for prefix +
   * quote + suffix), nearest the hint: near the expected place only, or
   * anywhere.
   */
  wholeContext(a: Annotation, hint: number, scope: 'local' | 'anywhere'): Placement | null {
    const whole = a.prefix + a.text + a.suffix;
    const [from, to] = scope === 'local' ? this.localRange(hint, whole.length) : [0, this.text.length];
    let nearest = -1;
    for (let p = this.text.indexOf(whole, from); p !== -1 && p <= to; p = this.text.indexOf(whole, p + 1)) {
      const s = p + a.prefix.length;
      if (!this.isValidSpan(s, s + a.text.length)) continue;
      if (nearest === -1 || Math.abs(s - hint) < Math.abs(nearest - hint)) nearest = s;
    }
    return nearest === -1 ? null : { s: nearest, e: nearest + a.text.length, errors: 0 };
  }

  /**
   * (b) The occurrence of the exact quote whose context matches best, near the
   * expected place or anywhere. Occurrences are scored nearest first and the
   * first with a good context is taken, so a well-predicted place costs one score.
   */
  bestByContext(a: Annotation, hint: number, scope: 'local' | 'anywhere'): { placement: Placement; context: number } | null {
    const quote = a.text;
    const [from, to] = scope === 'local' ? this.localRange(hint, quote.length) : [0, this.text.length];
    const positions: number[] = [];
    for (let p = this.text.indexOf(quote, from); p !== -1 && p <= to; p = this.text.indexOf(quote, p + 1)) {
      if (this.isValidSpan(p, p + quote.length)) positions.push(p);
    }
    positions.sort((x, y) => Math.abs(x - hint) - Math.abs(y - hint) || x - y);
    const best = this.pickByContext(a, positions, hint);
    return best ? { placement: { s: best.p, e: best.p + quote.length, errors: 0 }, context: best.context } : null;
  }

  /** Scores up to MAX_SCORED positions (sorted nearest first); stops at the first good one. */
  private pickByContext(a: Annotation, positions: readonly number[], hint: number): { p: number; context: number } | null {
    let best: { p: number; context: number } | null = null;
    for (const p of positions.slice(0, MAX_SCORED)) {
      const context = this.contextScore(a, p, p + a.text.length);
      if (!best || context > best.context || (context === best.context && Math.abs(p - hint) < Math.abs(best.p - hint))) best = { p, context };
      if (context >= GOOD_CONTEXT_SCORE) break;
    }
    return best;
  }

  /** (c) An approximate match of the quote, near the hint first, then anywhere; boundaries widened to whole graphemes. */
  fuzzy(a: Annotation, hint: number): { placement: Placement; context: number } | null {
    const quote = a.text;
    const maxErrors = Math.min(256, Math.floor(quote.length * FUZZY_ERROR_RATE));
    if (maxErrors < 1) return null;
    const window = LOCAL_WINDOW + 2 * quote.length;
    const lo = Math.max(0, hint - window);
    const hi = Math.min(this.text.length, hint + quote.length + window);
    let matches = search(this.text.slice(lo, hi), quote, maxErrors).map((m) => ({ ...m, start: m.start + lo, end: m.end + lo }));
    if (matches.length === 0 && (lo > 0 || hi < this.text.length)) {
      const cost = this.text.length * Math.ceil(quote.length / 32);
      if (cost > this.budget) {
        this.budgetExhausted = true;
        return null;
      }
      this.budget -= cost;
      matches = search(this.text, quote, maxErrors);
    }
    if (matches.length === 0) return null;
    const candidates = matches
      .sort((x, y) => Math.abs(x.start - hint) - Math.abs(y.start - hint) || x.start - y.start)
      .slice(0, MAX_SCORED)
      .map((m) => {
        const snapped = snapToGraphemes(this.index, this.index.toCodePoint(m.start), this.ceilCodePoint(m.end));
        const s = this.index.toUtf16(snapped.start);
        const e = this.index.toUtf16(snapped.end);
        return { s, e, errors: m.errors, context: e > s ? this.contextScore(a, s, e) : -1 };
      })
      .filter((c) => c.e > c.s);
    candidates.sort((x, y) => y.context - x.context || x.errors - y.errors || Math.abs(x.s - hint) - Math.abs(y.s - hint) || x.s - y.s);
    const best = candidates[0];
    if (!best) return null;
    const longAndClose = quote.length >= LONG_QUOTE && best.errors <= quote.length * FUZZY_LONG_QUOTE_ERROR_RATE;
    if (best.context < MIN_CONTEXT_SCORE && !longAndClose) return null;
    return { placement: { s: best.s, e: best.e, errors: best.errors }, context: best.context };
  }

  /** Code point of a UTF-16 end offset, rounding up out of a surrogate pair. */
  private ceilCodePoint(u: number): number {
    const cp = this.index.toCodePoint(u);
    return splitsPair(this.text, u) ? cp + 1 : cp;
  }

  sameOffsetsHold(a: Annotation): boolean {
    return a.end <= this.index.length && this.index.slice(a.start, a.end) === a.text;
  }

  contextAtOldOffsets(a: Annotation): number {
    return this.contextScore(a, this.index.toUtf16(a.start), this.index.toUtf16(a.end));
  }

  budgetLeft(): boolean {
    return !this.budgetExhausted;
  }
}

type Outcome =
  | { kind: 'unchanged' }
  | { kind: 'moved'; s: number; e: number }
  | { kind: 'fuzzy'; s: number; e: number; errors: number }
  | { kind: 'orphan'; reason: OrphanReason };

/**
 * Where one annotation goes. The order is the rule book (docs/reliability.md):
 * exact offsets, then the exact quote with its context, then a fuzzy quote,
 * else an orphan; within each, evidence near the expected place is weighed
 * before the same evidence anywhere, and whole context before partial context.
 */
function locate(anchorer: Anchorer, a: Annotation, hintU16: number): Outcome {
  if (a.text.length === 0) return { kind: 'orphan', reason: 'not-found' };
  const moved = (p: Placement): Outcome => ({ kind: 'moved', s: p.s, e: p.e });
  const same = anchorer.sameOffsetsHold(a);
  const sameContext = same ? anchorer.contextAtOldOffsets(a) : 0;
  // (a) Exact offsets with their whole context.
  if (same && sameContext === 1) return { kind: 'unchanged' };
  // (b) The exact quote with its whole context, near the expected place.
  const wholeNear = anchorer.wholeContext(a, hintU16, 'local');
  if (wholeNear) return moved(wholeNear);
  // (a) Exact offsets whose context changed a little.
  if (same && sameContext >= MIN_CONTEXT_SCORE) return { kind: 'unchanged' };
  // (b) The exact quote near the expected place with a context that still matches well.
  const near = anchorer.bestByContext(a, hintU16, 'local');
  if (near && near.context >= GOOD_CONTEXT_SCORE) return moved(near.placement);
  // (b) The exact quote with its whole context anywhere (the text was moved).
  const wholeAnywhere = anchorer.wholeContext(a, hintU16, 'anywhere');
  if (wholeAnywhere) return moved(wholeAnywhere);
  // (b) The exact quote where its context matches best (or anywhere, for a long quote).
  const far = near && near.context >= MIN_CONTEXT_SCORE ? near : anchorer.bestByContext(a, hintU16, 'anywhere');
  const best = far && near && near.context >= far.context ? near : (far ?? near);
  if (best && (best.context >= MIN_CONTEXT_SCORE || a.text.length >= LONG_QUOTE)) return moved(best.placement);
  // (a) Exact offsets whose context is gone: still the same text at the same place.
  if (same) return { kind: 'unchanged' };
  // (c) An approximate match, accepted with enough context (or a long quote needing few edits).
  const fuzzy = anchorer.fuzzy(a, hintU16);
  if (fuzzy) return { kind: 'fuzzy', s: fuzzy.placement.s, e: fuzzy.placement.e, errors: fuzzy.placement.errors };
  // (d) An orphan.
  if (best) return { kind: 'orphan', reason: 'ambiguous' };
  return { kind: 'orphan', reason: anchorer.budgetLeft() ? 'not-found' : 'search-limit' };
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
 * send later annotations to a look-alike further down.
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

  const place = (a: Annotation, wasOrphan: boolean) => {
    const hintCp = Math.max(0, Math.min(index.length, a.start + (wasOrphan ? 0 : delta)));
    const outcome = locate(anchorer, a, index.toUtf16(hintCp));
    if (outcome.kind === 'orphan') {
      orphans.push(a);
      report.orphaned.push({ id: a.id, text: a.text, from: { start: a.start, end: a.end }, reason: outcome.reason, ...(wasOrphan ? { wasOrphan: true as const } : {}) });
      return;
    }
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
    placed.push(next);
    if (!wasOrphan) delta = start - a.start;
    const move: ReanchorMove = { id: a.id, from: { start: a.start, end: a.end }, to: { start, end }, ...(wasOrphan ? { restored: true as const } : {}) };
    if (outcome.kind === 'fuzzy') report.fuzzy.push({ ...move, oldText: a.text, newText: next.text, errors: outcome.errors });
    else if (outcome.kind === 'moved' && (start !== a.start || end !== a.end || wasOrphan)) report.moved.push(move);
    else if (wasOrphan) report.moved.push(move);
    else report.unchanged.push(a.id);
  };

  for (const a of [...doc.annotations].sort(compareAnnotations)) place(a, false);
  for (const o of [...(doc.orphans ?? [])].sort(compareAnnotations)) place(o, true);

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
