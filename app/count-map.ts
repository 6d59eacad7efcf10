// Counts kept in a Map and updated by deltas (a save's removed and added
// annotations): a count that reaches 0 is no entry, as counting afresh would
// give, so a summary kept by deltas equals one recounted.

/** Adds `by` (negative to take away) to the count of `k`. */
export function countInto<K>(m: Map<K, number>, k: K, by = 1): void {
  const n = (m.get(k) ?? 0) + by;
  if (n === 0) m.delete(k);
  else m.set(k, n);
}
