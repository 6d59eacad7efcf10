// Deciding a merge conflict recorded in a sidecar (app/merge3/merge-sidecar.ts)
// in the app: keep ours (what the lists already hold) or take theirs, and the
// entry goes. Pure; the document session makes it one undo step.
import type { HistoryState } from '../history';
import { removeAnnotation } from '../annotations';
import { pruneEvents } from '../events';
import type { Annotation, AnnotationEvent, Conflict, ConflictKind, Relation } from '../sidecar/sidecar-schema';

export type ConflictChoice = 'ours' | 'theirs';

export const conflictKey = (c: Pick<Conflict, 'kind' | 'id'>): string => `${c.kind}:${c.id}`;

function putById<T extends { id: string }>(list: readonly T[], item: T): T[] {
  return list.some((x) => x.id === item.id) ? list.map((x) => (x.id === item.id ? item : x)) : [...list, item];
}

/**
 * The state with conflict (`kind`, `id`) decided as `choice`; a string says
 * why it cannot be (say, theirs' relation links an annotation that is gone).
 * The chosen version becomes the live one (null: the item is deleted, with
 * what refers to it), and the conflict entry is removed.
 */
export function decideConflict(state: HistoryState, kind: ConflictKind, id: string, choice: ConflictChoice): HistoryState | string {
  const conflicts = state.conflicts ?? [];
  const c = conflicts.find((x) => x.kind === kind && x.id === id);
  if (!c) return `no conflict on ${kind} ${id}`;
  const rest = conflicts.filter((x) => x !== c);
  let next: HistoryState = { ...state, conflicts: rest };
  const chosen = c[choice];
  if (c.kind === 'annotation') {
    const value = chosen as Annotation | null;
    const orphans = state.orphans ?? [];
    if (value === null) {
      const all = removeAnnotation({ annotations: [...state.annotations, ...orphans], relations: state.relations }, id);
      const kept = new Set(all.annotations.map((a) => a.id));
      next = pruneEvents(
        {
          ...next,
          annotations: all.annotations.filter((a) => !orphans.some((o) => o.id === a.id)),
          relations: all.relations,
          ...(state.orphans ? { orphans: orphans.filter((o) => kept.has(o.id)) } : {}),
        },
        // Events it triggered or was an argument of lose it, as on any deletion.
        kept,
      );
    } else if (orphans.some((o) => o.id === id)) {
      next = { ...next, orphans: putById(orphans, value) };
    } else {
      if (value.claimant !== undefined && ![...state.annotations, ...orphans].some((a) => a.id === value.claimant)) {
        return `theirs names claimant ${value.claimant}, which is no longer in this document`;
      }
      next = { ...next, annotations: putById(state.annotations, value) };
    }
  } else if (c.kind === 'relation') {
    const value = chosen as Relation | null;
    if (value === null) next = { ...next, relations: state.relations.filter((r) => r.id !== id) };
    else {
      const ids = new Set([...state.annotations, ...(state.orphans ?? [])].map((a) => a.id));
      if (!ids.has(value.from) || !ids.has(value.to)) return `this version of relation ${id} links an annotation that is no longer in this document`;
      next = { ...next, relations: putById(state.relations, value) };
    }
  } else if (c.kind === 'event') {
    const value = chosen as AnnotationEvent | null;
    const events = state.events ?? [];
    if (value === null) {
      // Gone with its place as another event's argument and in groups, as when its trigger is deleted.
      const rest = events.filter((e) => e.id !== id);
      const live = new Set([...state.annotations, ...(state.orphans ?? [])].map((a) => a.id));
      next = pruneEvents({ ...next, events: rest }, live);
    } else {
      const known = new Set([...state.annotations, ...(state.orphans ?? []), ...events].map((x) => x.id));
      if ([value.trigger, ...value.arguments.map((a) => a.ref)].some((ref) => !known.has(ref))) return `this version of event ${id} names an annotation that is no longer in this document`;
      next = { ...next, events: putById(events, value) };
    }
  } else if (c.kind === 'status') {
    if (c[choice] !== null) next = { ...next, status: c[choice] as HistoryState['status'] };
  }
  // 'source': the text is what it is; deciding only clears the note.
  return next;
}
