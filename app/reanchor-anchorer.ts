// The searches of re-anchoring (reanchor.ts decides among what they find):
// the exact quote with its whole context, the exact quote scored by how much
// of its context it kept, and fuzzy matches of the quote. Pure; UTF-16 offsets.
import search from 'approx-string-match';
import { snapToGraphemes, type TextIndex } from './offsets';
import type { Annotation } from './sidecar/sidecar-schema';
import { boundedDistance, isMidWord, prefixSimilarity, suffixSimilarity, widenToWords } from './reanchor-similarity';


/** Context similarity (0..1, mean of prefix and suffix) a placement needs, unless the quote is long. */
export const MIN_CONTEXT_SCORE = 0.7;
/** A quote at least this long (UTF-16 units) is strong evidence on its own. */
export const LONG_QUOTE = 32;
/** Fuzzy matching allows up to this share of the quote's length in edits (so quotes under 3 units never match fuzzily). */
export const FUZZY_ERROR_RATE = 1 / 3;
/** A long quote needing at most this share of edits is accepted whatever its context. */
export const FUZZY_LONG_QUOTE_ERROR_RATE = 1 / 8;
/** How far (UTF-16 units, beyond the quote) around the expected place the fuzzy search looks first. */
export const LOCAL_WINDOW = 4096;
/** Context similarity that, right where the annotation is expected (within NEAR_RADIUS), places it. */
export const GOOD_CONTEXT_SCORE = 0.8;
/** "Right where it is expected": within this many UTF-16 units of the expected place. */
export const NEAR_RADIUS = 256;
/** The best place of an exact quote must beat the next best by this much context similarity (or be far nearer). */
export const CONTEXT_MARGIN = 0.15;
/** A long quote occurring once still needs this much of its context. */
export const LONG_QUOTE_MIN_CONTEXT = 0.25;
/** Context similarity a fuzzy match needs (unless the quote is long and close). */
export const FUZZY_MIN_CONTEXT_SCORE = 0.5;
/** Each side of the context (prefix, suffix) needs this much similarity: a deleted sentence leaves one side only. */
export const MIN_SIDE_SCORE = 0.5;
/** An exact quote this long (UTF-16 units) may be placed with one side of its context only (an insertion next to it). */
export const SHORT_QUOTE = 5;
/** At most this many occurrences nearest the expected place get a (costly) approximate context score. */
const MAX_SCORED = 64;
/** Default budget for whole-text fuzzy searches: text length x 32-unit blocks of the quote, summed. */
const DEFAULT_FUZZY_BUDGET = 200_000_000;

export interface Placement {
  /** UTF-16 offsets in the new text. */
  s: number;
  e: number;
  errors: number;
}

/** A possible place, with the similarity of its context (0..1) and its distance from the expected place (UTF-16 units). */
export interface Candidate extends Placement {
  context: number;
  /** The worse of the prefix's and the suffix's similarity: a deleted sentence keeps one side only. */
  sides: number;
  dist: number;
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

/** Whether the annotation began (cutStart) or ended (cutEnd) inside a word of the text it was made on. */
function edgesOf(a: Annotation): { cutStart: boolean; cutEnd: boolean } {
  return {
    cutStart: a.prefix.length > 0 && isMidWord(a.prefix.slice(-1) + a.text, 1),
    cutEnd: a.suffix.length > 0 && isMidWord(a.text + a.suffix.slice(0, 1), a.text.length),
  };
}

/**
 * Both sides of its context agree, or it is an exact quote long enough to
 * stand on one side: a short word ("The") or an edited quote matching on one
 * side only is the signature of a deleted sentence, next to its neighbour.
 */
export function wellSided(a: Annotation, c: Pick<Candidate, 'sides' | 'errors'>): boolean {
  if (c.sides >= MIN_SIDE_SCORE || a.text.length < SHORT_QUOTE) return c.sides >= MIN_SIDE_SCORE;
  // An edited quote on one side only: few edits for its length ("Updated April" is not "Posted April").
  return c.errors <= a.text.length * FUZZY_LONG_QUOTE_ERROR_RATE;
}

export class Anchorer {
  private readonly text: string;
  private budget: number;
  budgetExhausted = false;

  constructor(
    private readonly index: TextIndex,
    options: { fuzzyBudget?: number },
  ) {
    this.text = index.text;
    this.budget = options.fuzzyBudget ?? DEFAULT_FUZZY_BUDGET;
  }

  private hasExactContext(a: Annotation, s: number, e: number): boolean {
    const from = s - a.prefix.length;
    return from >= 0 && this.text.startsWith(a.prefix, from) && this.text.startsWith(a.suffix, e);
  }

  /** Similarity of the old prefix and suffix to the text around [s, e): their mean, and the worse of the two. */
  private contextScores(a: Annotation, s: number, e: number): { context: number; sides: number } {
    if (this.hasExactContext(a, s, e)) return { context: 1, sides: 1 };
    // Half as long again as expected, so insertions near the annotation can be absorbed.
    const before = this.text.slice(Math.max(0, s - Math.ceil(1.5 * a.prefix.length)), s);
    const after = this.text.slice(e, e + Math.ceil(1.5 * a.suffix.length));
    const p = prefixSimilarity(a.prefix, before);
    const q = suffixSimilarity(a.suffix, after);
    return { context: (p + q) / 2, sides: Math.min(p, q) };
  }

  private contextScore(a: Annotation, s: number, e: number): number {
    return this.contextScores(a, s, e).context;
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
   * (b) Every place of the exact quote with its whole recorded context (a
   * native scan for prefix + quote + suffix), nearest the hint first.
   */
  wholeContext(a: Annotation, hint: number): Candidate[] {
    const whole = a.prefix + a.text + a.suffix;
    const found: Candidate[] = [];
    for (let p = this.text.indexOf(whole); p !== -1; p = this.text.indexOf(whole, p + 1)) {
      const s = p + a.prefix.length;
      if (this.isValidSpan(s, s + a.text.length)) found.push({ s, e: s + a.text.length, errors: 0, context: 1, sides: 1, dist: Math.abs(s - hint) });
    }
    return found.sort((x, y) => x.dist - y.dist || x.s - y.s);
  }

  /** The quote occurs once in the new text. */
  quoteIsUnique(a: Annotation): boolean {
    const first = this.text.indexOf(a.text);
    return first !== -1 && this.text.indexOf(a.text, first + 1) === -1;
  }

  /**
   * (b) Places of the exact quote (within `radius` of the hint, or anywhere),
   * the MAX_SCORED nearest scored by context, best context first (then nearest).
   */
  scoredQuotes(a: Annotation, hint: number, radius = Infinity): Candidate[] {
    const quote = a.text;
    const from = Math.max(0, hint - radius);
    const to = hint + radius;
    const positions: number[] = [];
    const { cutStart, cutEnd } = edgesOf(a);
    for (let p = this.text.indexOf(quote, from); p !== -1 && p <= to; p = this.text.indexOf(quote, p + 1)) {
      if (!this.isValidSpan(p, p + quote.length)) continue;
      // "stability" inside "instability" is not the tagged word.
      if ((!cutStart && isMidWord(this.text, p)) || (!cutEnd && isMidWord(this.text, p + quote.length))) continue;
      positions.push(p);
    }
    positions.sort((x, y) => Math.abs(x - hint) - Math.abs(y - hint) || x - y);
    return positions
      .slice(0, MAX_SCORED)
      .map((p) => ({ s: p, e: p + quote.length, errors: 0, ...this.contextScores(a, p, p + quote.length), dist: Math.abs(p - hint) }))
      .sort((x, y) => y.context - x.context || x.dist - y.dist);
  }

  /**
   * (c) An approximate match of the quote, near the hint first, then
   * anywhere; boundaries widened to whole graphemes, and to whole words where
   * the old quote began or ended at a word's edge (a match never starts or
   * ends mid-word: "Posted April" edited is never "pdated April"). Only a
   * match whose context still agrees (FUZZY_MIN_CONTEXT_SCORE), or a long
   * quote needing few edits, is returned.
   */
  fuzzy(a: Annotation, hint: number, radius = LOCAL_WINDOW): Candidate | null {
    const quote = a.text;
    const maxErrors = Math.min(256, Math.floor(quote.length * FUZZY_ERROR_RATE));
    if (maxErrors < 1) return null;
    const window = radius + 2 * quote.length;
    const lo = Math.max(0, hint - window);
    const hi = Math.min(this.text.length, hint + quote.length + window);
    let matches = search(this.text.slice(lo, hi), quote, maxErrors).map((m) => ({ ...m, start: m.start + lo, end: m.end + lo }));
    if (matches.length === 0 && radius >= LOCAL_WINDOW && (lo > 0 || hi < this.text.length)) {
      const cost = this.text.length * Math.ceil(quote.length / 32);
      if (cost > this.budget) {
        this.budgetExhausted = true;
        return null;
      }
      this.budget -= cost;
      matches = search(this.text, quote, maxErrors);
    }
    if (matches.length === 0) return null;
    // The old quote's own edges: did it start or end inside a word?
    const { cutStart, cutEnd } = edgesOf(a);
    const candidates: Candidate[] = [];
    const seen = new Set<string>();
    for (const m of matches.sort((x, y) => Math.abs(x.start - hint) - Math.abs(y.start - hint) || x.start - y.start).slice(0, MAX_SCORED)) {
      const snapped = snapToGraphemes(this.index, this.index.toCodePoint(m.start), this.ceilCodePoint(m.end));
      let s = this.index.toUtf16(snapped.start);
      let e = this.index.toUtf16(snapped.end);
      const [ws, we] = widenToWords(this.text, s, e);
      if (!cutStart) s = ws;
      if (!cutEnd) e = we;
      if (e <= s || seen.has(`${s}:${e}`)) continue;
      // Widening to whole graphemes may add a combining mark the quote lacked: those units are not held against it.
      const limit = maxErrors + Math.max(0, m.start - this.index.toUtf16(snapped.start)) + Math.max(0, this.index.toUtf16(snapped.end) - m.end);
      const errors = s === m.start && e === m.end ? m.errors : boundedDistance(quote, this.text.slice(s, e), limit);
      if (errors > limit) continue;
      seen.add(`${s}:${e}`);
      candidates.push({ s, e, errors, ...this.contextScores(a, s, e), dist: Math.abs(s - hint) });
    }
    candidates.sort((x, y) => y.context - x.context || x.errors - y.errors || x.dist - y.dist || x.s - y.s);
    const best = candidates[0];
    if (!best) return null;
    const longAndClose = quote.length >= LONG_QUOTE && best.errors <= quote.length * FUZZY_LONG_QUOTE_ERROR_RATE;
    if ((best.context < FUZZY_MIN_CONTEXT_SCORE || !wellSided(a, best)) && !longAndClose) return null;
    return best;
  }

  /**
   * The one place of the quote inside [lo, hi) (UTF-16): exact with enough
   * of its context, else fuzzy with enough context; null when there is none
   * or more than one. Used between two neighbours already placed.
   */
  between(a: Annotation, lo: number, hi: number): Candidate | null {
    const mid = (lo + hi) >> 1;
    const radius = Math.max(0, (hi - lo) >> 1);
    const exact = this.scoredQuotes(a, mid, radius).filter((c) => c.s >= lo && c.e <= hi);
    if (exact.length > 0) {
      const [best, second] = exact;
      if (!best || best.context < MIN_CONTEXT_SCORE || !wellSided(a, best) || (second && best.context - second.context < CONTEXT_MARGIN)) return null;
      return best;
    }
    const fuzzy = this.fuzzy(a, mid, radius);
    return fuzzy && fuzzy.s >= lo && fuzzy.e <= hi ? fuzzy : null;
  }

  /** Code point of a UTF-16 end offset, rounding up out of a surrogate pair. */
  private ceilCodePoint(u: number): number {
    const cp = this.index.toCodePoint(u);
    return splitsPair(this.text, u) ? cp + 1 : cp;
  }

  sameOffsetsHold(a: Annotation): boolean {
    return a.end <= this.index.length && this.index.slice(a.start, a.end) === a.text;
  }

  contextAtOldOffsets(a: Annotation): { context: number; sides: number } {
    return this.contextScores(a, this.index.toUtf16(a.start), this.index.toUtf16(a.end));
  }

  budgetLeft(): boolean {
    return !this.budgetExhausted;
  }
}

