// Three-way merge of a document's annotations by id: when another program
// (git pull, a sync tool, a second analyst) changed the sidecar while the app
// had unsaved work, neither side's work is dropped.
import { categoryKey } from './categories';
import { pruneEvents } from './events';
import type { Annotation, AnnotationEvent, Category, Conflict, CurationDecision, DocumentStatus, Equivalence, Relation } from './sidecar/sidecar-schema';

export interface MergeableState {
  readonly annotations: readonly Annotation[];
  readonly relations: readonly Relation[];
  readonly status: DocumentStatus;
  readonly orphans?: readonly Annotation[];
  readonly conflicts?: readonly Conflict[];
  readonly categories?: readonly Category[];
  readonly curation?: readonly CurationDecision[];
  readonly events?: readonly AnnotationEvent[];
  readonly equivalences?: readonly Equivalence[];
}

export interface MergeSummary {
  /** Changes made here that were kept. */
  fromHere: number;
  /** Changes made on disk that were taken. */
  fromDisk: number;
  /** Items both sides changed differently: this side's version was kept. */
  conflicts: number;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Merge lists of items with ids. Per id: a change on one side only wins; if
 * both changed it differently, `mine` wins (the analyst in front of the app is
 * the one who can see and undo it); a deletion on one side loses to an edit
 * on the other (nothing edited is lost).
 */
export function mergeById<T extends { id: string }>(
  base: readonly T[],
  mine: readonly T[],
  theirs: readonly T[],
  summary: MergeSummary,
): T[] {
  const b = new Map(base.map((x) => [x.id, x]));
  const m = new Map(mine.map((x) => [x.id, x]));
  const t = new Map(theirs.map((x) => [x.id, x]));
  const out: T[] = [];
  const ids = new Set([...m.keys(), ...t.keys(), ...b.keys()]);
  for (const id of ids) {
    const bx = b.get(id);
    const mx = m.get(id);
    const tx = t.get(id);
    const mineChanged = !same(bx, mx);
    const theirsChanged = !same(bx, tx);
    if (!mineChanged && !theirsChanged) {
      if (mx) out.push(mx);
      continue;
    }
    if (mineChanged && theirsChanged && !same(mx, tx)) {
      summary.conflicts++;
      const kept = mx ?? tx; // an edit beats a deletion
      if (kept) out.push(kept);
      continue;
    }
    if (mineChanged) {
      summary.fromHere++;
      if (mx) out.push(mx);
      else if (tx && theirsChanged) out.push(tx);
    } else {
      summary.fromDisk++;
      if (tx) out.push(tx);
    }
  }
  return out;
}

/** Merge two edits of one document made from the same `base`. */
export function mergeDocumentStates<S extends MergeableState>(base: S, mine: S, theirs: S): { merged: S; summary: MergeSummary } {
  const summary: MergeSummary = { fromHere: 0, fromDisk: 0, conflicts: 0 };
  const annotations = mergeById(base.annotations, mine.annotations, theirs.annotations, summary);
  const orphans = mergeById(base.orphans ?? [], mine.orphans ?? [], theirs.orphans ?? [], summary);
  // An id may end up in both lists when one side re-attached an orphan: the placed one wins.
  const placed = new Set(annotations.map((a) => a.id));
  const keptOrphans = orphans.filter((o) => !placed.has(o.id));
  const ids = new Set([...placed, ...keptOrphans.map((o) => o.id)]);
  const relations = mergeById(base.relations, mine.relations, theirs.relations, summary).filter((r) => ids.has(r.from) && ids.has(r.to));
  const clean = (a: Annotation): Annotation => {
    if (a.claimant === undefined || ids.has(a.claimant)) return a;
    const { claimant: _dropped, ...rest } = a;
    return rest;
  };
  let status = theirs.status;
  if (mine.status !== base.status) {
    status = mine.status;
    if (theirs.status !== base.status && theirs.status !== mine.status) summary.conflicts++;
  }
  // Git merge conflicts (sidecar v3), by kind and id: a git merge while the document is open brings new ones; a decision here removes one.
  const keyed = (l: readonly Conflict[] | undefined) => (l ?? []).map((c) => ({ ...c, id: `${c.kind}:${c.id}`, conflict: c }));
  const conflicts = mergeById(keyed(base.conflicts), keyed(mine.conflicts), keyed(theirs.conflicts), { fromHere: 0, fromDisk: 0, conflicts: 0 }).map((c) => c.conflict);
  // Document labels as a set by name and value: each side's additions and removals are kept.
  const keyedCategories = (l: readonly Category[] | undefined) => (l ?? []).map((c) => ({ id: categoryKey(c), category: c }));
  const categories = mergeById(keyedCategories(base.categories), keyedCategories(mine.categories), keyedCategories(theirs.categories), summary).map((c) => c.category);
  // The curation record is a log: both sides' entries, each once, in time order.
  const curation = [...new Map([...(theirs.curation ?? []), ...(mine.curation ?? [])].map((c) => [`${c.at}\u0000${c.id}`, c])).values()].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
  // Events by id, equivalence groups as a set; then whatever names an annotation the merge removed loses it.
  const events = mergeById(base.events ?? [], mine.events ?? [], theirs.events ?? [], summary);
  const keyedGroups = (l: readonly Equivalence[] | undefined) => (l ?? []).map((q) => ({ id: `${q.type}\u0000${q.members.join('\u0000')}`, group: q }));
  const equivalences = mergeById(keyedGroups(base.equivalences), keyedGroups(mine.equivalences), keyedGroups(theirs.equivalences), summary).map((q) => q.group);
  const linked = pruneEvents({ events, equivalences }, ids);
  const merged = {
    ...mine,
    annotations: annotations.map(clean),
    relations,
    status,
    ...(keptOrphans.length || mine.orphans || theirs.orphans ? { orphans: keptOrphans.map(clean) } : {}),
    ...(conflicts.length || mine.conflicts || theirs.conflicts ? { conflicts } : {}),
    ...(categories.length || mine.categories || theirs.categories ? { categories } : {}),
    ...(curation.length ? { curation } : {}),
    ...(linked.events.length || mine.events || theirs.events ? { events: linked.events } : {}),
    ...(linked.equivalences.length || mine.equivalences || theirs.equivalences ? { equivalences: linked.equivalences } : {}),
  };
  return { merged, summary };
}

export interface DiskMerge<S extends MergeableState> {
  merged: S;
  summary: MergeSummary;
  /** Annotations (placed or orphaned) this side had that the merge removes: say so, and keep a copy first. */
  removed: Annotation[];
  /** The file was deleted on disk: nothing was taken from it, every annotation here is kept. */
  diskFileGone: boolean;
}

/**
 * Merges the sidecar on disk (`theirs`; null when the file was deleted) into
 * the work here. A deleted file is not the deletion of every annotation in
 * it: then nothing is taken from disk and the file is written again. What the
 * merge removes from this side (an older copy restored, a deletion made
 * elsewhere) is listed, so the caller can keep a backup and say so.
 */
export function mergeWithDisk<S extends MergeableState>(base: S, mine: S, theirs: S | null): DiskMerge<S> {
  if (theirs === null) {
    return { merged: mine, summary: { fromHere: 0, fromDisk: 0, conflicts: 0 }, removed: [], diskFileGone: true };
  }
  const { merged, summary } = mergeDocumentStates(base, mine, theirs);
  const kept = new Set([...merged.annotations, ...(merged.orphans ?? [])].map((a) => a.id));
  const removed = [...mine.annotations, ...(mine.orphans ?? [])].filter((a) => !kept.has(a.id));
  return { merged, summary, removed, diskFileGone: false };
}
