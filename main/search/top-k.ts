// The best few of many scored documents, in the order a full sort would give,
// without sorting them all: a query matching half the corpus scores thousands
// of documents, of which a page shows fifty.
//
// The order is that of a stable sort by descending score: equal scores keep
// their order in `scores` (MiniSearch's, which is what search() used to sort).

/** Whether item i (score si) comes before item j (score sj). */
function before(si: number, i: number, sj: number, j: number): boolean {
  return si > sj || (si === sj && i < j);
}

/**
 * The indices of the `k` first items of the order, after item `after` (the
 * last one of the previous batch; -1 for the first batch). Fewer than `k` when
 * the order runs out.
 */
export function topK(scores: ArrayLike<number>, k: number, after = -1): number[] {
  const n = scores.length;
  const afterScore = after >= 0 ? (scores[after] as number) : Infinity;
  // A batch kept in order; an item enters only when it beats the worst one, so
  // over n items in no particular order it is touched about k·ln(n/k) times.
  const best: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = scores[i] as number;
    if (after >= 0 && !before(afterScore, after, s, i)) continue;
    if (best.length === k) {
      const worst = best[k - 1] as number;
      if (!before(s, i, scores[worst] as number, worst)) continue;
      best.pop();
    }
    let at = best.length;
    while (at > 0 && before(s, i, scores[best[at - 1] as number] as number, best[at - 1] as number)) at--;
    best.splice(at, 0, i);
  }
  return best;
}

/** Every index of `scores` in the order (see the top of the file), `batch` at a time, as they are asked for. */
export function* ranked(scores: ArrayLike<number>, batch: number): Generator<number> {
  let after = -1;
  for (;;) {
    const next = topK(scores, batch, after);
    yield* next;
    if (next.length < batch) return;
    after = next[next.length - 1] as number;
  }
}
