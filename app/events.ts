// Events and equivalence groups (brat's E and * lines) as the rest of the app
// sees them: what refers to what, and what is left once annotations go.
// Pure functions: they return their input itself when nothing changes, so the
// undo history tells a real change from a no-op by identity.
import type { AnnotationEvent, Equivalence } from './sidecar/sidecar-schema';

export interface EventSet {
  readonly events?: readonly AnnotationEvent[];
  readonly equivalences?: readonly Equivalence[];
}

/** Ids of the annotations that are the trigger of some event. */
export function triggerIds(events: readonly AnnotationEvent[] | undefined): Set<string> {
  return new Set((events ?? []).map((e) => e.trigger));
}

/**
 * Events and equivalences once only the annotations in `live` remain: an
 * event whose trigger is gone goes; an argument naming something gone (an
 * annotation, or an event that went) is removed from its event; a group left
 * with fewer than two members goes. Returns `set` itself when nothing changes.
 */
export function pruneEvents<T extends EventSet>(set: T, live: { has(id: string): boolean }): T {
  const before = set.events ?? [];
  let events = before.filter((e) => live.has(e.trigger));
  // An event removed may be the argument of another: repeat until nothing more changes (nesting is shallow).
  for (;;) {
    const ids = new Set(events.map((e) => e.id));
    let changed = false;
    events = events.map((e) => {
      const args = e.arguments.filter((a) => live.has(a.ref) || ids.has(a.ref));
      if (args.length === e.arguments.length) return e;
      changed = true;
      return { ...e, arguments: args };
    });
    if (!changed) break;
  }
  const eventIds = new Set(events.map((e) => e.id));
  const groups = set.equivalences ?? [];
  let groupsChanged = false;
  const equivalences: Equivalence[] = [];
  for (const q of groups) {
    const members = q.members.filter((m) => live.has(m) || eventIds.has(m));
    if (members.length !== q.members.length) groupsChanged = true;
    if (members.length >= 2) equivalences.push(members.length === q.members.length ? q : { ...q, members });
  }
  const eventsChanged = events.length !== before.length || events.some((e, i) => e !== before[i]);
  if (!eventsChanged && !groupsChanged) return set;
  return {
    ...set,
    ...(set.events !== undefined ? { events } : {}),
    ...(set.equivalences !== undefined ? { equivalences } : {}),
  };
}

/** Removes event `id`, and any argument or group member naming it. */
export function removeEvent<T extends EventSet>(set: T, id: string): T {
  const events = set.events ?? [];
  if (!events.some((e) => e.id === id)) return set;
  const kept = { ...set, events: events.filter((e) => e.id !== id) };
  // Everything but the removed event is still there: only references to it go.
  const live = { has: (x: string) => x !== id };
  return pruneEvents(kept, live);
}
