// Three-way merge of one document's sidecar by annotation and relation id
// (the git merge driver, `marginalia merge-driver`). Pure.
//
// Beyond the item rules of three-way.ts:
// - an annotation may move between `annotations` and `orphans` (re-anchoring):
//   where it lives is part of its value;
// - the same span tagged on both sides (new on both, equal in everything but
//   id, author and times) is kept once, ours, and theirs' references to it
//   follow: two analysts agreeing is not a duplicate to clean up by hand;
// - a deletion never leaves a reference dangling: an annotation one side
//   deleted while the merged result still points at it (a relation, a
//   claimant, added or kept by the other side) is kept, as a conflict;
// - conflicts already in either side's file (an earlier merge not yet
//   decided) are carried over.
import { categoryKey, normalizeCategories } from '../categories';
import { pruneEvents } from '../events';
import { checkReferences } from '../sidecar/sidecar-io';
import { SIDECAR_FORMAT, SIDECAR_VERSION, type Annotation, type AnnotationEvent, type Conflict, type Equivalence, type Relation, type Sidecar } from '../sidecar/sidecar-schema';
import { canonicalJson, mergeLists, mergeValue } from './three-way';

interface Placed {
  id: string;
  orphan: boolean;
  a: Annotation;
}

export interface SidecarMerge {
  sidecar: Sidecar;
  /** The conflicts this merge added (the sidecar's `conflicts` also holds any carried over). */
  conflicts: Conflict[];
  /** Theirs' annotation ids folded into ours' identical ones: theirs id -> ours id. */
  deduplicated: Map<string, string>;
}

const placedOf = (s: Sidecar): Placed[] => [
  ...s.annotations.map((a) => ({ id: a.id, orphan: false, a })),
  ...(s.orphans ?? []).map((a) => ({ id: a.id, orphan: true, a })),
];

/** What makes two annotations the same tag, whoever made it and when. */
function tagKey(p: Placed): string {
  const { id: _id, author: _author, created: _created, modified: _modified, ...rest } = p.a;
  return canonicalJson({ orphan: p.orphan, ...rest });
}

/** Theirs' new annotations equal to one of ours' new ones, as theirs id -> ours id. */
function findDuplicates(base: Placed[], ours: Placed[], theirs: Placed[]): Map<string, string> {
  const inBase = new Set(base.map((p) => p.id));
  const oursIds = new Set(ours.map((p) => p.id));
  const oursNew = new Map<string, string>();
  for (const p of ours) if (!inBase.has(p.id)) oursNew.set(tagKey(p), oursNew.get(tagKey(p)) ?? p.id);
  const map = new Map<string, string>();
  const taken = new Set<string>();
  for (const p of theirs) {
    if (inBase.has(p.id) || oursIds.has(p.id)) continue;
    const match = oursNew.get(tagKey(p));
    if (match !== undefined && !taken.has(match)) {
      map.set(p.id, match);
      taken.add(match);
    }
  }
  return map;
}

function remapTheirs(theirs: Sidecar, map: Map<string, string>): { placed: Placed[]; relations: Relation[] } {
  const to = (id: string) => map.get(id) ?? id;
  const placed = placedOf(theirs)
    .filter((p) => !map.has(p.id))
    .map((p) => (p.a.claimant !== undefined && map.has(p.a.claimant) ? { ...p, a: { ...p.a, claimant: to(p.a.claimant) } } : p));
  const relations = theirs.relations.map((r) => (map.has(r.from) || map.has(r.to) ? { ...r, from: to(r.from), to: to(r.to) } : r));
  return { placed, relations };
}

/** Theirs' new relations equal (type, ends, note) to one of ours' new ones are the same link. */
function dropDuplicateRelations(base: readonly Relation[], ours: readonly Relation[], theirs: Relation[]): Relation[] {
  const inBase = new Set(base.map((r) => r.id));
  const oursIds = new Set(ours.map((r) => r.id));
  const key = (r: Relation) => canonicalJson({ ...r, id: '' });
  const oursNew = new Set(ours.filter((r) => !inBase.has(r.id)).map(key));
  return theirs.filter((r) => inBase.has(r.id) || oursIds.has(r.id) || !oursNew.has(key(r)));
}

function conflictKey(c: Pick<Conflict, 'kind' | 'id'>): string {
  return `${c.kind}:${c.id}`;
}

const orNull = <T>(x: T | undefined): T | null => (x === undefined ? null : x);

/**
 * Merges the sidecars `ours` and `theirs`, both edited from `base` (null when
 * the file is new on both sides). The inputs must be valid sidecars (as
 * parseSidecar gives them); the result is one too.
 */
export function mergeSidecars(base: Sidecar | null, ours: Sidecar, theirs: Sidecar): SidecarMerge {
  const basePlaced = base ? placedOf(base) : [];
  const oursPlaced = placedOf(ours);
  const dedup = findDuplicates(basePlaced, oursPlaced, placedOf(theirs));
  const theirsRemapped = remapTheirs(theirs, dedup);
  const baseRelations = base?.relations ?? [];
  const theirsRelations = dropDuplicateRelations(baseRelations, ours.relations, theirsRemapped.relations);

  const annotations = mergeLists(basePlaced, oursPlaced, theirsRemapped.placed, (p) => p.id);
  const relations = mergeLists(baseRelations, ours.relations, theirsRelations, (r) => r.id);
  const added: Conflict[] = [];
  for (const c of annotations.conflicts) {
    added.push({ kind: 'annotation', id: c.id, base: orNull(c.base?.a), ours: orNull(c.ours?.a), theirs: orNull(c.theirs?.a) });
  }
  for (const c of relations.conflicts) {
    added.push({ kind: 'relation', id: c.id, base: orNull(c.base), ours: orNull(c.ours), theirs: orNull(c.theirs) });
  }

  // Keep what the merged result still refers to: a deletion on one side loses to a reference kept or made on the other.
  const live = new Map(annotations.merged.map((p) => [p.id, p]));
  const anywhere = (id: string): { base?: Placed; ours?: Placed; theirs?: Placed } => ({
    ...(basePlaced.find((p) => p.id === id) ? { base: basePlaced.find((p) => p.id === id) } : {}),
    ...(oursPlaced.find((p) => p.id === id) ? { ours: oursPlaced.find((p) => p.id === id) } : {}),
    ...(theirsRemapped.placed.find((p) => p.id === id) ? { theirs: theirsRemapped.placed.find((p) => p.id === id) } : {}),
  });
  let keptRelations = relations.merged;
  for (let changed = true; changed; ) {
    changed = false;
    const wanted = [
      ...keptRelations.flatMap((r) => [r.from, r.to]),
      ...[...live.values()].flatMap((p) => (p.a.claimant !== undefined ? [p.a.claimant] : [])),
    ];
    for (const id of wanted) {
      if (live.has(id)) continue;
      const v = anywhere(id);
      const restored = v.ours ?? v.theirs ?? v.base;
      if (!restored) continue;
      live.set(id, restored);
      changed = true;
      const i = added.findIndex((c) => c.kind === 'annotation' && c.id === id);
      if (i >= 0) added.splice(i, 1);
      added.push({ kind: 'annotation', id, base: orNull(v.base?.a), ours: orNull(v.ours?.a), theirs: orNull(v.theirs?.a) });
    }
    // Only with invalid inputs can an end be nowhere: then the relation goes, listed as a conflict, never dangling.
    const ok = keptRelations.filter((r) => live.has(r.from) && live.has(r.to));
    if (ok.length !== keptRelations.length) {
      for (const r of keptRelations) {
        if (ok.includes(r)) continue;
        if (!added.some((c) => c.kind === 'relation' && c.id === r.id)) {
          added.push({
            kind: 'relation',
            id: r.id,
            base: orNull(baseRelations.find((x) => x.id === r.id)),
            ours: orNull(ours.relations.find((x) => x.id === r.id)),
            theirs: orNull(theirsRelations.find((x) => x.id === r.id)),
          });
        }
      }
      keptRelations = ok;
      changed = true;
    }
  }

  // Events by id (changed differently on both sides: ours stays, both are recorded as for annotations), groups as a set;
  // theirs' references follow the deduplicated ids, and what names an annotation the merge removed loses it.
  const to = (id: string) => dedup.get(id) ?? id;
  const theirsEvents = (theirs.events ?? []).map((e): AnnotationEvent => ({ ...e, trigger: to(e.trigger), arguments: e.arguments.map((a) => ({ ...a, ref: to(a.ref) })) }));
  const theirsGroups = (theirs.equivalences ?? []).map((q): Equivalence => ({ ...q, members: q.members.map(to) }));
  const eventMerge = mergeLists(base?.events ?? [], ours.events ?? [], theirsEvents, (e) => e.id);
  const events = eventMerge.merged;
  const equivalences = mergeLists(base?.equivalences ?? [], ours.equivalences ?? [], theirsGroups, (q) => canonicalJson(q)).merged;
  for (const c of eventMerge.conflicts) added.push({ kind: 'event', id: c.id, base: orNull(c.base), ours: orNull(c.ours), theirs: orNull(c.theirs) });

  const status = mergeValue(base?.status, ours.status, theirs.status);
  if (status.conflict) added.push({ kind: 'status', id: 'status', base: orNull(base?.status), ours: ours.status, theirs: theirs.status });
  const source = mergeValue(base?.source, ours.source, theirs.source);
  if (source.conflict) added.push({ kind: 'source', id: 'source', base: orNull(base?.source), ours: ours.source, theirs: theirs.source });

  // Conflicts from earlier merges, merged like any item; this merge's own take their place.
  const earlier = mergeLists(base?.conflicts ?? [], ours.conflicts ?? [], theirs.conflicts ?? [], conflictKey).merged;
  const fresh = new Set(added.map(conflictKey));
  const conflicts = [...earlier.filter((c) => !fresh.has(conflictKey(c))), ...added];

  // Document labels are a set: one side's addition or removal is kept (no item can conflict with itself).
  const categories = normalizeCategories(mergeLists(base?.categories ?? [], ours.categories ?? [], theirs.categories ?? [], categoryKey).merged);

  // The curation record is a log: both sides' entries, each once, in time order.
  const curation = [...new Map([...(theirs.curation ?? []), ...(ours.curation ?? [])].map((c) => [`${c.at}\u0000${c.id}`, c])).values()].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));

  const placed = [...live.values()];
  const orphans = placed.filter((p) => p.orphan).map((p) => p.a);

  const linked = pruneEvents({ events, equivalences }, live);
  const sidecar: Sidecar = {
    format: SIDECAR_FORMAT,
    version: SIDECAR_VERSION,
    source: source.value ?? ours.source,
    status: status.value ?? ours.status,
    ...(categories.length ? { categories } : {}),
    annotations: placed.filter((p) => !p.orphan).map((p) => p.a),
    ...(orphans.length ? { orphans } : {}),
    relations: keptRelations,
    ...(linked.events.length ? { events: linked.events } : {}),
    ...(linked.equivalences.length ? { equivalences: linked.equivalences } : {}),
    ...(conflicts.length ? { conflicts } : {}),
    ...(curation.length ? { curation } : {}),
  };
  const problem = checkReferences(sidecar);
  // The rules above make this unreachable with valid inputs; a merge that would write a broken file must not.
  if (problem) throw new Error(`the merged sidecar would be invalid: ${problem}`);
  return { sidecar, conflicts: added, deduplicated: dedup };
}
