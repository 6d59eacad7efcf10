// The rules of a three-way merge, item by item, shared by the sidecar, entity
// registry and label schema merges (the git merge driver). Pure.
//
// Per item (by id): changed on one side only, that side wins (a deletion is a
// change); the same change on both sides is taken once; different changes on
// both sides are a conflict, where the live value is ours, or theirs when ours
// deleted it (an edit beats a deletion: nothing edited is lost), and all three
// versions are kept for a person to decide.

/** JSON text with object keys sorted: equal values, equal text, whatever order their keys were written in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return canonicalJson(a) === canonicalJson(b);
}

export type ItemOutcome<T> =
  | { conflict: false; value: T | undefined }
  | { conflict: true; value: T | undefined; base: T | undefined; ours: T | undefined; theirs: T | undefined };

/** One item's three versions (undefined: absent on that side) merged by the rules above. */
export function mergeValue<T>(base: T | undefined, ours: T | undefined, theirs: T | undefined): ItemOutcome<T> {
  if (sameValue(ours, base)) return { conflict: false, value: theirs };
  if (sameValue(theirs, base) || sameValue(ours, theirs)) return { conflict: false, value: ours };
  return { conflict: true, value: ours ?? theirs, base, ours, theirs };
}

export interface ItemConflict<T> {
  id: string;
  base: T | undefined;
  ours: T | undefined;
  theirs: T | undefined;
}

export interface ListMerge<T> {
  /** Ours' items in ours' order, then the items only theirs has, in theirs' order. */
  merged: T[];
  conflicts: ItemConflict<T>[];
}

/**
 * Merges three lists of items keyed by `key`. `resolve` may settle a conflict
 * itself (e.g. field by field) by returning a value and whether something was
 * still left undecided.
 */
export function mergeLists<T>(
  base: readonly T[],
  ours: readonly T[],
  theirs: readonly T[],
  key: (item: T) => string,
  resolve?: (base: T | undefined, ours: T, theirs: T) => { value: T; undecided: boolean },
): ListMerge<T> {
  const b = new Map(base.map((x) => [key(x), x]));
  const o = new Map(ours.map((x) => [key(x), x]));
  const t = new Map(theirs.map((x) => [key(x), x]));
  const order = [...new Set([...o.keys(), ...t.keys(), ...b.keys()])];
  const merged: T[] = [];
  const conflicts: ItemConflict<T>[] = [];
  for (const id of order) {
    const outcome = mergeValue(b.get(id), o.get(id), t.get(id));
    if (!outcome.conflict) {
      if (outcome.value !== undefined) merged.push(outcome.value);
      continue;
    }
    if (resolve && outcome.ours !== undefined && outcome.theirs !== undefined) {
      const r = resolve(outcome.base, outcome.ours, outcome.theirs);
      merged.push(r.value);
      if (r.undecided) conflicts.push({ id, base: outcome.base, ours: outcome.ours, theirs: outcome.theirs });
      continue;
    }
    if (outcome.value !== undefined) merged.push(outcome.value);
    conflicts.push({ id, base: outcome.base, ours: outcome.ours, theirs: outcome.theirs });
  }
  return { merged, conflicts };
}
