// What changed in a sidecar between two saves, by id: what the app sends
// after each tag instead of the whole sidecar. Serialising and validating a
// 5,000-annotation sidecar took the renderer and main tens of milliseconds a
// save; the changes after one tag are one annotation. Main applies them to
// the copy it last wrote (checked by hash) and writes the whole file as ever,
// so the format on disk and every guarantee of writeSidecar stay the same.
import { z } from 'zod';
import {
  AnnotationSchema,
  CategorySchema,
  ConflictSchema,
  CurationDecisionSchema,
  DOCUMENT_STATUSES,
  EquivalenceSchema,
  EventSchema,
  RelationSchema,
  type Annotation,
  type AnnotationEvent,
  type Category,
  type Conflict,
  type CurationDecision,
  type DocumentStatus,
  type Equivalence,
  type Relation,
  type Sidecar,
} from './sidecar-schema';

const ids = z.array(z.string().min(1)).max(1_000_000);

function listChanges<T extends z.ZodType>(item: T) {
  return z.strictObject({ put: z.array(item).max(1_000_000), remove: ids });
}

export const SidecarChangesSchema = z.strictObject({
  status: z.enum(DOCUMENT_STATUSES).optional(),
  annotations: listChanges(AnnotationSchema).optional(),
  relations: listChanges(RelationSchema).optional(),
  orphans: listChanges(AnnotationSchema).optional(),
  /** Merge conflicts: the whole list when it changed (a decision); absent keeps the file's. */
  conflicts: z.array(ConflictSchema).max(1_000_000).optional(),
  /** Document labels: the whole list when it changed (a few items); absent keeps the file's. */
  categories: z.array(CategorySchema).max(10_000).optional(),
  /** The curation record: the whole list when it changed; absent keeps the file's. */
  curation: z.array(CurationDecisionSchema).max(1_000_000).optional(),
  /** Events: the whole list when it changed (few, and their order matters); absent keeps the file's. */
  events: z.array(EventSchema).max(1_000_000).optional(),
  /** Equivalence groups: the whole list when it changed; absent keeps the file's. */
  equivalences: z.array(EquivalenceSchema).max(1_000_000).optional(),
});

export type SidecarChanges = z.infer<typeof SidecarChangesSchema>;

/** The parts of a sidecar the app edits. */
export interface EditableState {
  status: DocumentStatus;
  annotations: readonly Annotation[];
  relations: readonly Relation[];
  orphans?: readonly Annotation[];
  conflicts?: readonly Conflict[];
  categories?: readonly Category[];
  curation?: readonly CurationDecision[];
  events?: readonly AnnotationEvent[];
  equivalences?: readonly Equivalence[];
}

interface Identified {
  id: string;
}

/**
 * Items of `after` that are new or not the same object as in `before`, and
 * ids of `before` gone from `after`. Items are immutable in the app (every
 * edit makes a new object), so identity is equality; an equal copy is sent
 * again, which is harmless.
 */
function diffList<T extends Identified>(before: readonly T[], after: readonly T[]): { put: T[]; remove: string[] } | undefined {
  if (before === after) return undefined;
  const old = new Map<string, T>();
  for (const x of before) old.set(x.id, x);
  const put: T[] = [];
  for (const x of after) {
    if (old.get(x.id) !== x) put.push(x);
    old.delete(x.id);
  }
  const remove = [...old.keys()];
  return put.length || remove.length ? { put, remove } : undefined;
}

/** The changes that turn `before` into `after`. */
export function diffSidecarState(before: EditableState, after: EditableState): SidecarChanges {
  const changes: SidecarChanges = {};
  if (before.status !== after.status) changes.status = after.status;
  const annotations = diffList(before.annotations, after.annotations);
  if (annotations) changes.annotations = annotations;
  const relations = diffList(before.relations, after.relations);
  if (relations) changes.relations = relations;
  const orphans = diffList(before.orphans ?? [], after.orphans ?? []);
  if (orphans) changes.orphans = orphans;
  // Rare and short: sent whole, only when a decision changed the list.
  if ((before.conflicts ?? []) !== (after.conflicts ?? []) && (before.conflicts?.length || after.conflicts?.length)) changes.conflicts = [...(after.conflicts ?? [])];
  if ((before.curation ?? []) !== (after.curation ?? []) && (before.curation?.length || after.curation?.length)) changes.curation = [...(after.curation ?? [])];
  if ((before.categories ?? []) !== (after.categories ?? []) && (before.categories?.length || after.categories?.length)) changes.categories = [...(after.categories ?? [])];
  if ((before.events ?? []) !== (after.events ?? []) && (before.events?.length || after.events?.length)) changes.events = [...(after.events ?? [])];
  if ((before.equivalences ?? []) !== (after.equivalences ?? []) && (before.equivalences?.length || after.equivalences?.length)) changes.equivalences = [...(after.equivalences ?? [])];
  return changes;
}

/** What applying a change list did to one list: the items gone from it (removed, or replaced by a put) and the items put. */
export interface ListDelta<T> {
  removed: T[];
  added: T[];
}

/** What applying a change list did to each list of a sidecar (the rest, replaced whole, is read from the result). */
export interface SidecarDelta {
  annotations: ListDelta<Annotation>;
  relations: ListDelta<Relation>;
  orphans: ListDelta<Annotation>;
}

/**
 * `list` with `change` applied, by id: an item put keeps the place of the one
 * it replaces, a new one (or one also removed) goes at the end, in the order
 * first put; the last put of an id wins. One pass, no map of the whole list:
 * a tag's save changes one item of thousands.
 */
function applyList<T extends Identified>(list: readonly T[], change: { put: T[]; remove: string[] } | undefined, delta: ListDelta<T>): T[] {
  if (!change || (change.put.length === 0 && change.remove.length === 0)) return [...list];
  const removed = new Set(change.remove);
  const puts = new Map<string, T>();
  for (const x of change.put) puts.set(x.id, x);
  const placed = new Set<string>();
  const out: T[] = [];
  for (const x of list) {
    if (removed.size && removed.has(x.id)) {
      delta.removed.push(x);
      continue;
    }
    const put = puts.get(x.id);
    if (put === undefined) out.push(x);
    else {
      delta.removed.push(x);
      out.push(put);
      placed.add(x.id);
    }
  }
  for (const [id, x] of puts) if (!placed.has(id)) out.push(x);
  for (const x of puts.values()) delta.added.push(x);
  return out;
}

/**
 * `sidecar` with `changes` applied, and what changed in its lists. The result
 * always holds `orphans` (the whole list, possibly empty), as the app's full
 * saves do.
 */
export function applySidecarChangesWithDelta(sidecar: Sidecar, changes: SidecarChanges): { sidecar: Sidecar; delta: SidecarDelta } {
  const delta: SidecarDelta = {
    annotations: { removed: [], added: [] },
    relations: { removed: [], added: [] },
    orphans: { removed: [], added: [] },
  };
  const result: Sidecar = {
    ...sidecar,
    status: changes.status ?? sidecar.status,
    annotations: applyList(sidecar.annotations, changes.annotations, delta.annotations),
    relations: applyList(sidecar.relations, changes.relations, delta.relations),
    orphans: applyList(sidecar.orphans ?? [], changes.orphans, delta.orphans),
    ...(changes.conflicts ? { conflicts: changes.conflicts } : {}),
    ...(changes.categories ? { categories: changes.categories } : {}),
    ...(changes.curation ? { curation: changes.curation } : {}),
    ...(changes.events ? { events: changes.events } : {}),
    ...(changes.equivalences ? { equivalences: changes.equivalences } : {}),
  };
  return { sidecar: result, delta };
}

/**
 * `sidecar` with `changes` applied. The result always holds `orphans` (the
 * whole list, possibly empty), as the app's full saves do.
 */
export function applySidecarChanges(sidecar: Sidecar, changes: SidecarChanges): Sidecar {
  return applySidecarChangesWithDelta(sidecar, changes).sidecar;
}
