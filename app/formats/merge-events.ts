// Imported events and equivalence groups (brat E and * lines) merged into a
// sidecar, once their spans are placed (merge.ts): the file's ids become the
// sidecar's, and nothing already there is added twice.
import { newEventId } from '../annotations';
import type { AnnotationEvent, Equivalence, Sidecar } from '../sidecar/sidecar-schema';
import type { ImportedDocument } from './types';

export interface EventMerge {
  events: AnnotationEvent[];
  equivalences: Equivalence[];
  eventsAdded: number;
  equivalencesAdded: number;
  /** What could not be placed, each naming where it came from and why. */
  notPlaced: string[];
}

/**
 * The sidecar's events and groups with the imported ones added: triggers and
 * arguments through the placed spans (`refs`: file id -> annotation id) and
 * the events themselves. An event whose trigger was not placed is left out
 * and reported; an argument or member not placed likewise (the rest is kept).
 * `taken` holds the ids in use (annotations and orphans) and gains the new ones.
 */
export function mergeImportedEvents(
  imported: Pick<ImportedDocument, 'events' | 'equivalences'>,
  base: Pick<Sidecar, 'events' | 'equivalences'>,
  refs: ReadonlyMap<string, string>,
  missing: (ref: string) => string,
  taken: Set<string>,
): EventMerge {
  const notPlaced: string[] = [];
  const incoming = imported.events ?? [];
  const fileEvents = new Set(incoming.map((e) => e.ref));
  for (const e of base.events ?? []) taken.add(e.id);
  // Ids first, so an argument may name an event defined later in the file.
  const eventRefs = new Map<string, string>();
  for (const e of incoming) {
    if (!refs.has(e.trigger)) continue;
    const id = newEventId(taken);
    taken.add(id);
    eventRefs.set(e.ref, id);
  }
  const resolve = (ref: string) => refs.get(ref) ?? eventRefs.get(ref);
  const why = (ref: string) => (fileEvents.has(ref) ? `${ref} was not placed` : missing(ref));
  const keyOf = (e: Pick<AnnotationEvent, 'type' | 'trigger' | 'arguments'>) => JSON.stringify([e.type, e.trigger, e.arguments.map((a) => [a.role, a.ref])]);
  const existing = new Map((base.events ?? []).map((e) => [keyOf(e), e.id]));
  /** New ids of events found to be already there -> the id of the one there. */
  const same = new Map<string, string>();
  // Decided with the events they name first (so "already there" is known for a nested one), kept in file order.
  const byRef = new Map(incoming.map((e) => [e.ref, e]));
  const order: typeof incoming = [];
  const visiting = new Set<string>();
  const visit = (e: (typeof incoming)[number]) => {
    if (visiting.has(e.ref)) return; // a cycle, or already placed in the order
    visiting.add(e.ref);
    for (const a of e.arguments) {
      const inner = byRef.get(a.ref);
      if (inner) visit(inner);
    }
    order.push(e);
  };
  incoming.forEach(visit);
  const decided = new Map<string, AnnotationEvent>();
  for (const e of order) {
    const id = eventRefs.get(e.ref);
    const trigger = refs.get(e.trigger);
    if (id === undefined || trigger === undefined) {
      notPlaced.push(`${e.origin}: event ${e.ref} (${e.type}) not placed: its trigger ${why(e.trigger)}`);
      continue;
    }
    const args: AnnotationEvent['arguments'] = [];
    for (const a of e.arguments) {
      const ref = resolve(a.ref);
      if (ref === undefined) notPlaced.push(`${e.origin}: argument ${a.role} of event ${e.ref} not placed: ${why(a.ref)}`);
      else args.push({ role: a.role, ref: same.get(ref) ?? ref });
    }
    const event: AnnotationEvent = { id, type: e.type, trigger, arguments: args };
    if (e.attributes !== undefined) event.attributes = e.attributes;
    if (e.note !== undefined) event.note = e.note;
    if (e.comments?.length) event.comments = e.comments;
    const there = existing.get(keyOf(event));
    if (there !== undefined) {
      same.set(id, there);
      continue;
    }
    existing.set(keyOf(event), id);
    decided.set(e.ref, event);
  }
  const added = incoming.flatMap((e) => decided.get(e.ref) ?? []);
  // An argument naming an event that turned out to be there already names that one.
  const events = added.map((e) => (e.arguments.some((a) => same.has(a.ref)) ? { ...e, arguments: e.arguments.map((a) => ({ role: a.role, ref: same.get(a.ref) ?? a.ref })) } : e));
  const final = (ref: string | undefined) => (ref === undefined ? undefined : (same.get(ref) ?? ref));
  const groupKey = (q: Equivalence) => JSON.stringify([q.type, q.members]);
  const groups = new Set((base.equivalences ?? []).map(groupKey));
  const addedGroups: Equivalence[] = [];
  for (const q of imported.equivalences ?? []) {
    const members = q.members.map((m) => final(resolve(m)));
    const lost = q.members.filter((_, i) => members[i] === undefined);
    if (lost.length) notPlaced.push(`${q.origin}: a member of the ${q.type} group not placed: ${lost.map(why).join('; ')}`);
    const group = { type: q.type, members: members.filter((m): m is string => m !== undefined) };
    if (group.members.length < 2 || groups.has(groupKey(group))) continue;
    groups.add(groupKey(group));
    addedGroups.push(group);
  }
  return {
    events: [...(base.events ?? []), ...events],
    equivalences: [...(base.equivalences ?? []), ...addedGroups],
    eventsAdded: events.length,
    equivalencesAdded: addedGroups.length,
    notPlaced,
  };
}
