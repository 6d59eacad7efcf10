// Similarity measures for re-anchoring (reanchor.ts): how far an old quote
// or its context is from the new text, in UTF-16 units. Pure.

/**
 * Edit distance between `pattern` and the closest-matching *beginning* of
 * `text` (the text may run on past the match for free), or `limit` + 1 when
 * it is over `limit` (a band of width `limit` around the diagonal is all that
 * is computed). Anchoring at the start matters: a suffix must start right
 * where the annotation ends, or an end that falls short of the real one would
 * look as good as the real one.
 */
export function anchoredDistance(pattern: string, text: string, limit: number): number {
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
export function suffixSimilarity(expected: string, actual: string): number {
  if (expected.length === 0) return 1;
  if (actual.startsWith(expected)) return 1;
  const limit = Math.ceil(expected.length / 2);
  return 1 - Math.min(anchoredDistance(expected, actual, limit), limit + 1) / expected.length;
}

/** The same for a prefix, which must end where `actual` ends. */
export function prefixSimilarity(expected: string, actual: string): number {
  if (expected.length === 0) return 1;
  if (actual.endsWith(expected)) return 1;
  return suffixSimilarity(reversed(expected), reversed(actual));
}


/** Edit distance of `a` and `b` (UTF-16 units), or `limit` + 1 when over `limit`. */
export function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min((prev[j - 1] as number) + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1), (prev[j] as number) + 1, (cur[j - 1] as number) + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return Math.min(prev[b.length] as number, limit + 1);
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/** True when the UTF-16 unit before `u` and the one at `u` are both parts of a word: `u` is mid-word. */
export function isMidWord(text: string, u: number): boolean {
  if (u <= 0 || u >= text.length) return false;
  return WORD_CHAR.test(text.slice(u - 1, u)) && WORD_CHAR.test(text.slice(u, u + 1));
}

/** [s, e) widened outward to whole words (a fuzzy match must not cut a word the old quote did not cut). */
export function widenToWords(text: string, s: number, e: number): [number, number] {
  while (isMidWord(text, s)) s--;
  while (isMidWord(text, e)) e++;
  return [s, e];
}
