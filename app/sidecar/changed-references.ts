// checkReferences (sidecar-io.ts) for a sidecar that passed it before a
// change list was applied, looking only at what the change put or removed: a
// tag's save in a 5,000-annotation sidecar built a set of every id (and its
// garbage) to check one new annotation. Scans the lists for the few ids
// concerned instead of building sets; anything it does not cover (a list
// replaced whole, many changes) answers "not known", and the caller runs the
// full check, which also words the message.
import type { SidecarChanges, SidecarDelta } from './sidecar-changes';
import type { Sidecar } from './sidecar-schema';

/** More changes than this: the full check is as cheap as scanning for each. */
const MAX_CHANGES = 16;

/**
 * True when `result` passes checkReferences, given that the sidecar `changes`
 * were applied to passed it and `delta` is what applying them did. False:
 * not known, run checkReferences.
 */
export function changesKeepReferences(result: Pick<Sidecar, 'annotations' | 'relations' | 'orphans' | 'events' | 'equivalences'>, delta: SidecarDelta, changes: SidecarChanges): boolean {
  // Lists sent whole may reference anything: checked whole.
  if (changes.events || changes.equivalences || changes.conflicts) return false;
  const { annotations: a, relations: r, orphans: o } = delta;
  if (a.added.length + a.removed.length + r.added.length + r.removed.length + o.added.length + o.removed.length > MAX_CHANGES) return false;
  const orphans = result.orphans ?? [];
  const events = result.events ?? [];
  const inAnnotations = (id: string) => result.annotations.some((x) => x.id === id);
  const inOrphans = (id: string) => orphans.some((x) => x.id === id);
  const exists = (id: string) => inAnnotations(id) || inOrphans(id);
  // Each list holds an id once after applying by id; an id may still be in both lists, or be an event's.
  for (const x of a.added) if (inOrphans(x.id) || events.some((e) => e.id === x.id)) return false;
  for (const x of o.added) if (inAnnotations(x.id) || events.some((e) => e.id === x.id)) return false;
  for (const x of [...a.added, ...o.added]) if (x.claimant !== undefined && !exists(x.claimant)) return false;
  for (const rel of r.added) if (!exists(rel.from) || !exists(rel.to)) return false;
  // An id gone from both lists must not be named by what stays.
  for (const x of [...a.removed, ...o.removed]) {
    const id = x.id;
    if (exists(id)) continue;
    if (result.annotations.some((y) => y.claimant === id) || orphans.some((y) => y.claimant === id)) return false;
    if (result.relations.some((y) => y.from === id || y.to === id)) return false;
    if (events.some((e) => e.trigger === id || e.arguments.some((g) => g.ref === id))) return false;
    if ((result.equivalences ?? []).some((q) => q.members.includes(id))) return false;
  }
  return true;
}
