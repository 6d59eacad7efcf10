// Changes that touch many annotations at once, as pure functions over an
// AnnotationSet (a sidecar, a history state): adding many spans (accepted
// suggestions, tag-all-occurrences) and replacing the whole list (a merge).
// Each is one value in, one value out, so the document session can record it
// as a single undo step. Like app/annotations.ts, they return the input
// itself when nothing changes.
import { createAnnotation, newAnnotationId, type AnnotationSet } from './annotations';
import { pruneEvents } from './events';
import type { TextIndex } from './offsets';
import { compareAnnotations } from './sidecar/sidecar-io';
import type { Annotation, AnnotationType, Relation } from './sidecar/sidecar-schema';

/** A span to tag: code points, half-open. */
export interface NewSpan {
  label: string;
  type: AnnotationType;
  start: number;
  end: number;
  /** The registry entity to link (an accepted string-match suggestion keeps its link). */
  entity?: string;
}

export interface AddSpansOptions {
  author?: string;
  /** ISO timestamp for created/modified; defaults to now. */
  now?: string;
}

function spanKey(s: { label: string; type?: AnnotationType; start: number; end: number }): string {
  return JSON.stringify([s.type ?? 'entity', s.label, s.start, s.end]);
}

/**
 * Adds one annotation per span, skipping spans that are empty, outside the
 * text, or already there (same type, label, start and end), and duplicates
 * within `spans`. A new claim starts as asserted and unverified, as when it
 * is tagged by hand. Returns the new set and the ids added (in input order).
 */
export function addSpans<T extends AnnotationSet>(
  doc: T,
  index: TextIndex,
  spans: readonly NewSpan[],
  options: AddSpansOptions = {},
): { doc: T; added: string[]; skipped: number } {
  const seen = new Set(doc.annotations.map(spanKey));
  const taken = new Set(doc.annotations.map((a) => a.id));
  const now = options.now ?? new Date().toISOString();
  const created: Annotation[] = [];
  let skipped = 0;
  for (const s of spans) {
    const key = spanKey(s);
    if (seen.has(key) || !Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end > index.length || s.end <= s.start) {
      skipped++;
      continue;
    }
    seen.add(key);
    const id = newAnnotationId(taken);
    taken.add(id);
    const a = createAnnotation(index, { type: s.type, label: s.label, start: s.start, end: s.end, now, id, ...(options.author !== undefined ? { author: options.author } : {}) });
    const linked = s.entity ? { ...a, entity: s.entity } : a;
    created.push(s.type === 'claim' ? { ...linked, stance: 'asserted', status: 'unverified' } : linked);
  }
  if (created.length === 0) return { doc, added: [], skipped };
  const annotations = [...doc.annotations, ...created].sort(compareAnnotations);
  return { doc: { ...doc, annotations }, added: created.map((a) => a.id), skipped };
}

/**
 * Replaces the whole annotation list (say, with a merge's result) and keeps
 * the set consistent: relations are carried through `idMap` when given (an id
 * mapped elsewhere follows; an id absent from the map is gone) or else by id,
 * and dropped when an end is gone or they become duplicates or self-links;
 * claimants naming an annotation no longer there are removed; events and
 * equivalence groups follow `idMap` likewise and lose what is gone.
 */
export function replaceAnnotations<T extends AnnotationSet>(
  doc: T,
  annotations: readonly Annotation[],
  idMap?: ReadonlyMap<string, string>,
): T {
  const ids = new Set(annotations.map((a) => a.id));
  const next = annotations.map((a) => {
    if (a.claimant === undefined || ids.has(a.claimant)) return a;
    const { claimant: _gone, ...rest } = a;
    return rest;
  });
  const relations: Relation[] = [];
  const seen = new Set<string>();
  for (const r of doc.relations) {
    const from = idMap ? idMap.get(r.from) : r.from;
    const to = idMap ? idMap.get(r.to) : r.to;
    if (from === undefined || to === undefined || !ids.has(from) || !ids.has(to) || from === to) continue;
    const key = JSON.stringify([r.type, from, to]);
    if (seen.has(key)) continue;
    seen.add(key);
    relations.push(from === r.from && to === r.to ? r : { ...r, from, to });
  }
  const sameAnnotations = next.length === doc.annotations.length && next.every((a, i) => a === doc.annotations[i]);
  const sameRelations = relations.length === doc.relations.length && relations.every((r, i) => r === doc.relations[i]);
  const linked = doc.events?.length || doc.equivalences?.length ? eventsThrough(doc, idMap, new Set([...ids, ...(doc.orphans ?? []).map((o) => o.id)])) : doc;
  if (sameAnnotations && sameRelations && linked === doc) return doc;
  return { ...linked, annotations: [...next].sort(compareAnnotations), relations };
}

/** `doc`'s events and groups with annotation ids carried through `idMap` (an id absent from it is gone), then pruned to `live`. */
function eventsThrough<T extends AnnotationSet>(doc: T, idMap: ReadonlyMap<string, string> | undefined, live: ReadonlySet<string>): T {
  if (!idMap) return pruneEvents(doc, live);
  const eventIds = new Set((doc.events ?? []).map((e) => e.id));
  // Event ids are not annotation ids: they stay as they are.
  const to = (id: string) => (eventIds.has(id) ? id : (idMap.get(id) ?? `\u0000gone:${id}`));
  const mapped = {
    ...doc,
    ...(doc.events ? { events: doc.events.map((e) => ({ ...e, trigger: to(e.trigger), arguments: e.arguments.map((a) => ({ ...a, ref: to(a.ref) })) })) } : {}),
    ...(doc.equivalences ? { equivalences: doc.equivalences.map((q) => ({ ...q, members: q.members.map(to) })) } : {}),
  };
  const pruned = pruneEvents(mapped, live);
  // Nothing moved and nothing went: keep the very same lists, so an unchanged document stays unchanged.
  return JSON.stringify([pruned.events, pruned.equivalences]) === JSON.stringify([doc.events, doc.equivalences]) ? doc : pruned;
}
