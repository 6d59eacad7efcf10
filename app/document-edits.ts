// The editing commands of one document, as pure functions: the state before
// in, the state after (with the undo step's description) out, or null when the
// command changes nothing. The renderer's DocumentSession applies them, records
// the step in the workspace's history and saves; nothing here knows of either.
import { addRelation, createAnnotation, relabel, removeAnnotation, removeRelation, updateAnnotation, type AnnotationPatch } from './annotations';
import { addSpans, replaceAnnotations, type NewSpan } from './batch-annotations';
import { normalizeCategories, valuesOf } from './categories';
import { removeEvent } from './events';
import type { HistoryState } from './history';
import type { DocumentLabel } from './label-schema';
import type { TextIndex } from './offsets';
import type { Annotation, AnnotationType, Category, CurationDecision, DocumentStatus } from './sidecar/sidecar-schema';

export interface DocumentEdit {
  /** The undo step's name: "Tag “Japan” as GPE". */
  description: string;
  next: HistoryState;
}

/** At most 40 characters of an annotation's text, for descriptions. */
const short = (a: Annotation): string => a.text.slice(0, 40);

export interface TagSpan {
  label: string;
  type: AnnotationType;
  /** Code points, half-open. */
  start: number;
  end: number;
  author?: string | undefined;
  /** ISO timestamp for created/modified (default now). */
  now?: string;
}

/**
 * Tags [start, end) with a label. An annotation with the same span, label and
 * type is not added twice: `existing` names it. A new claim starts as asserted
 * and unverified (the analyst refines both).
 */
export function tagSpan(state: HistoryState, index: TextIndex, span: TagSpan): (DocumentEdit & { id: string }) | { existing: string } | null {
  const { label, type, start, end } = span;
  if (!(end > start)) return null;
  const existing = state.annotations.find((a) => a.start === start && a.end === end && a.label === label && a.type === type);
  if (existing) return { existing: existing.id };
  const created = createAnnotation(index, { type, label, start, end, author: span.author, ...(span.now ? { now: span.now } : {}) });
  const annotation: Annotation = type === 'claim' ? { ...created, stance: 'asserted', status: 'unverified' } : created;
  return {
    id: annotation.id,
    description: `Tag “${short(annotation)}” as ${label}`,
    next: { ...state, annotations: [...state.annotations, annotation] },
  };
}

/** Many spans as one step (accepted suggestions, tag all); spans already there are skipped. */
export function tagSpans(
  state: HistoryState,
  index: TextIndex,
  spans: readonly NewSpan[],
  description: string,
  options: { author?: string | undefined; now?: string } = {},
): (DocumentEdit & { added: string[] }) | null {
  const { doc, added } = addSpans(state, index, spans, {
    ...(options.author !== undefined ? { author: options.author } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return added.length ? { description, next: { ...state, ...doc }, added } : null;
}

/** Every annotation replaced (a curated merge); relations follow through `idMap`; `record` is appended to the curation record in the same step. */
export function replaceAll(
  state: HistoryState,
  annotations: readonly Annotation[],
  description: string,
  idMap?: ReadonlyMap<string, string>,
  record?: readonly CurationDecision[],
): DocumentEdit | null {
  const replaced = { ...state, ...replaceAnnotations(state, annotations, idMap) };
  const next = record?.length ? { ...replaced, curation: [...(state.curation ?? []), ...record] } : replaced;
  return next.annotations === state.annotations && next.relations === state.relations && next.curation === state.curation ? null : { description, next };
}

export function relabelAnnotation(state: HistoryState, id: string, label: string, now?: string): DocumentEdit | null {
  const target = state.annotations.find((a) => a.id === id);
  if (!target || target.label === label) return null;
  return { description: `Relabel “${short(target)}” as ${label}`, next: { ...state, ...relabel(state, id, label, now ? { now } : {}) } };
}

/** Deletes an annotation with its relations; claims it was the claimant of lose the link. */
export function deleteAnnotation(state: HistoryState, id: string, now?: string): DocumentEdit | null {
  const target = state.annotations.find((a) => a.id === id);
  if (!target) return null;
  return { description: `Delete “${short(target)}”`, next: { ...state, ...removeAnnotation(state, id, now) } };
}

/** Changes fields of one annotation (note, attributes, stance, status, entity link, claimant). */
export function patchAnnotation(state: HistoryState, id: string, patch: AnnotationPatch, description: string, now?: string): DocumentEdit | null {
  const changed = updateAnnotation(state, id, patch, now);
  return changed === state ? null : { description, next: { ...state, ...changed } };
}

/** Links a claim to the mention of who makes it (undefined clears the link). */
export function setClaimant(state: HistoryState, claimId: string, claimantId: string | undefined, now?: string): DocumentEdit | null {
  const claimant = claimantId ? state.annotations.find((a) => a.id === claimantId) : undefined;
  return patchAnnotation(state, claimId, { claimant: claimantId }, claimant ? `Claimant: ${short(claimant)}` : 'Clear claimant', now);
}

/** A typed, directed relation between two different annotations of the document. */
export function linkAnnotations(state: HistoryState, type: string, from: string, to: string): DocumentEdit | null {
  if (from === to) return null;
  const next = { ...state, ...addRelation(state, { type, from, to }) };
  return next.relations === state.relations ? null : { description: `Relation ${type}`, next };
}

export function unlinkRelation(state: HistoryState, id: string): DocumentEdit | null {
  const next = { ...state, ...removeRelation(state, id) };
  return next.relations === state.relations ? null : { description: 'Delete relation', next };
}

/** Deletes an event (its trigger stays a span); other events and groups that named it lose it. */
export function deleteEvent(state: HistoryState, id: string): DocumentEdit | null {
  const target = state.events?.find((e) => e.id === id);
  if (!target) return null;
  return { description: `Delete event ${target.type}`, next: removeEvent(state, id) };
}

export function setDocumentStatus(state: HistoryState, status: DocumentStatus): DocumentEdit | null {
  return state.status === status ? null : { description: `Mark ${status}`, next: { ...state, status } };
}

/** Places an orphan (an annotation re-anchoring could not place) again on [start, end) of the current text. */
export function reattachOrphan(state: HistoryState, index: TextIndex, id: string, start: number, end: number, now?: string): DocumentEdit | null {
  const orphan = state.orphans?.find((o) => o.id === id);
  if (!orphan || !(end > start)) return null;
  const placed = createAnnotation(index, { type: orphan.type, label: orphan.label, start, end, id: orphan.id, ...(now ? { now } : {}) });
  const annotation: Annotation = {
    ...orphan,
    start,
    end,
    text: placed.text,
    prefix: placed.prefix,
    suffix: placed.suffix,
    modified: placed.modified ?? now ?? new Date().toISOString(),
  };
  return {
    description: `Re-attach “${short(orphan)}”`,
    next: { ...state, annotations: [...state.annotations, annotation], orphans: (state.orphans ?? []).filter((o) => o.id !== id) },
  };
}

/** Gives up on an orphan: removed with its relations and claimant links. */
export function deleteOrphan(state: HistoryState, id: string, now?: string): DocumentEdit | null {
  const orphan = state.orphans?.find((o) => o.id === id);
  if (!orphan) return null;
  const orphans = (state.orphans ?? []).filter((o) => o.id !== id);
  const removed = removeAnnotation({ ...state, annotations: [...state.annotations, orphan], orphans }, id, now);
  return {
    description: `Delete orphan “${short(orphan)}”`,
    next: { ...removed, annotations: removed.annotations, orphans },
  };
}

/**
 * Sets a document-level label: `true`/`false` for a label without values, else
 * the values it takes (empty clears it). Other labels stay as they are.
 */
export function setDocumentLabel(state: HistoryState, name: string, values: boolean | readonly string[]): DocumentEdit | null {
  const others = (state.categories ?? []).filter((c) => c.name !== name);
  const mine: Category[] = values === true ? [{ name }] : values === false ? [] : values.map((value) => ({ name, value }));
  const next = normalizeCategories([...others, ...mine]);
  const before = normalizeCategories(state.categories ?? []);
  if (JSON.stringify(next) === JSON.stringify(before)) return null;
  const description = mine.length === 0 ? `Clear ${name}` : values === true ? `Set ${name}` : `Set ${name}: ${mine.map((c) => c.value).join(', ')}`;
  return { description, next: { ...state, categories: next } };
}

/**
 * What a document label's key does: a label without values is toggled; one
 * with values moves to its next value, and past the last one to none (for a
 * label allowing several, the key picks one at a time; the panel sets several).
 */
export function cycleDocumentLabel(state: HistoryState, label: DocumentLabel): DocumentEdit | null {
  const current = valuesOf(state.categories, label.name);
  if (!label.values) return setDocumentLabel(state, label.name, current.length === 0);
  const at = current.length ? Math.max(...current.map((v) => label.values?.indexOf(v) ?? -1)) : -1;
  const value = label.values[at + 1];
  return setDocumentLabel(state, label.name, value === undefined ? [] : [value]);
}
