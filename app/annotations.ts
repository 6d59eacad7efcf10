// The annotation model operations the UI uses, as pure functions: they never
// mutate their input and return the input itself when nothing changes, so the
// undo history (app/history.ts) can tell a real change from a no-op by identity.
import type { TextIndex } from './offsets';
import { compareAnnotations } from './sidecar/sidecar-io';
import { pruneEvents } from './events';
import type { Annotation, AnnotationEvent, AnnotationType, Equivalence, Relation } from './sidecar/sidecar-schema';

/** Code points of context kept on each side, as Hypothesis does for re-anchoring. */
export const CONTEXT_LENGTH = 32;

/** The parts of a sidecar these operations touch; any object with them (a Sidecar, a history state) works. */
export interface AnnotationSet {
  readonly annotations: readonly Annotation[];
  readonly relations: readonly Relation[];
  /** Present on a document's state: events and groups that name a removed annotation lose it. */
  readonly events?: readonly AnnotationEvent[];
  readonly equivalences?: readonly Equivalence[];
  readonly orphans?: readonly Annotation[];
}

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const ID_RANDOM_CHARS = 10;

/**
 * A short id such as `a_k3v9x0q2mz`: 10 base-36 characters (about 51 bits)
 * from the platform's CSPRNG, so ids made by two analysts on the same file
 * practically never collide. Pass the ids in use to rule out a collision.
 */
function randomId(prefix: string, taken?: { has(id: string): boolean }): string {
  for (;;) {
    let id = prefix;
    while (id.length < prefix.length + ID_RANDOM_CHARS) {
      const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
      for (const b of bytes) {
        // 252 = 7 * 36: rejecting the top 4 values keeps every character equally likely.
        if (b < 252 && id.length < prefix.length + ID_RANDOM_CHARS) id += ID_ALPHABET[b % 36];
      }
    }
    if (!taken?.has(id)) return id;
  }
}

export function newAnnotationId(taken?: { has(id: string): boolean }): string {
  return randomId('a_', taken);
}

export function newRelationId(taken?: { has(id: string): boolean }): string {
  return randomId('r_', taken);
}

/** Event ids share the annotations' id space (an argument names either), so they have their own prefix. */
export function newEventId(taken?: { has(id: string): boolean }): string {
  return randomId('e_', taken);
}

export interface NewAnnotationParams {
  type: AnnotationType;
  label: string;
  /** Code points, half-open [start, end). */
  start: number;
  end: number;
  author?: string;
  /** ISO timestamp for created/modified; defaults to the current time. */
  now?: string;
  /** Defaults to a fresh newAnnotationId(). */
  id?: string;
}

/**
 * A new annotation over [start, end) of the indexed text, with the exact text
 * it covers and up to CONTEXT_LENGTH code points of context on each side.
 * Throws a RangeError for a range that is empty or outside the text: the
 * schema would refuse it, so it is a caller's bug, not a user's input.
 */
export function createAnnotation(index: TextIndex, params: NewAnnotationParams): Annotation {
  const { start, end } = params;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > index.length || end <= start) {
    throw new RangeError(`cannot annotate [${start}, ${end}) in a text of ${index.length} code points`);
  }
  const now = params.now ?? new Date().toISOString();
  const annotation: Annotation = {
    id: params.id ?? newAnnotationId(),
    type: params.type,
    label: params.label,
    start,
    end,
    text: index.slice(start, end),
    prefix: index.slice(Math.max(0, start - CONTEXT_LENGTH), start),
    suffix: index.slice(end, Math.min(index.length, end + CONTEXT_LENGTH)),
    created: now,
    modified: now,
  };
  if (params.author !== undefined) annotation.author = params.author;
  return annotation;
}

/**
 * Annotations covering code-point offset `cp` (start <= cp < end), innermost
 * (shortest) first; equal lengths fall back to the file's order so the
 * result is stable.
 */
export function annotationsAt(annotations: readonly Annotation[], cp: number): Annotation[] {
  return annotations
    .filter((a) => a.start <= cp && cp < a.end)
    .sort((a, b) => a.end - a.start - (b.end - b.start) || compareAnnotations(a, b));
}

/** Adds an annotation, keeping the list in the file's order (start, end, id). */
export function addAnnotation<T extends AnnotationSet>(doc: T, annotation: Annotation): T {
  if (doc.annotations.some((a) => a.id === annotation.id)) {
    throw new Error(`annotation id "${annotation.id}" is already in use`);
  }
  const annotations = [...doc.annotations];
  let at = annotations.length;
  while (at > 0 && compareAnnotations(annotations[at - 1] as Annotation, annotation) > 0) at--;
  annotations.splice(at, 0, annotation);
  return { ...doc, annotations };
}

/** Fields a user edits in place; offsets and text change only through re-anchoring. */
export type AnnotationPatch = Partial<
  Pick<Annotation, 'label' | 'type' | 'entity' | 'attributes' | 'note' | 'claimant' | 'stance' | 'status'>
>;

const CLAIM_ONLY = ['claimant', 'stance', 'status'] as const;

/**
 * Applies `patch` to annotation `id` and stamps `modified`. A key set to
 * undefined is removed. Turning a claim into an entity drops the claim-only
 * fields. Returns `doc` itself when the id is unknown or nothing changes.
 */
export function updateAnnotation<T extends AnnotationSet>(doc: T, id: string, patch: AnnotationPatch, now?: string): T {
  const i = doc.annotations.findIndex((a) => a.id === id);
  const old = doc.annotations[i];
  if (!old) return doc;
  const next: Record<string, unknown> = { ...old };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  if (next.type === 'entity') for (const k of CLAIM_ONLY) delete next[k];
  const changed = Object.keys({ ...old, ...next }).some(
    (k) => JSON.stringify((old as Record<string, unknown>)[k]) !== JSON.stringify(next[k]),
  );
  if (!changed) return doc;
  next.modified = now ?? new Date().toISOString();
  const annotations = [...doc.annotations];
  annotations[i] = next as Annotation;
  return { ...doc, annotations };
}

/** Gives annotation `id` a new label (and type, when the label belongs to the other kind). */
export function relabel<T extends AnnotationSet>(
  doc: T,
  id: string,
  label: string,
  options: { type?: AnnotationType; now?: string } = {},
): T {
  const patch: AnnotationPatch = { label };
  if (options.type !== undefined) patch.type = options.type;
  return updateAnnotation(doc, id, patch, options.now);
}

/**
 * Removes annotation `id`, every relation touching it, and any claim's
 * reference to it as claimant (those claims are kept and stamped modified),
 * the events it triggered and its place as an argument or group member, so
 * the result still passes checkReferences. Returns `doc` itself when the
 * id is unknown.
 */
export function removeAnnotation<T extends AnnotationSet>(doc: T, id: string, now?: string): T {
  if (!doc.annotations.some((a) => a.id === id)) return doc;
  const stamp = now ?? new Date().toISOString();
  const annotations = doc.annotations
    .filter((a) => a.id !== id)
    .map((a) => {
      if (a.claimant !== id) return a;
      const { claimant: _claimant, ...rest } = a;
      return { ...rest, modified: stamp };
    });
  const relations = doc.relations.filter((r) => r.from !== id && r.to !== id);
  // An event it triggered goes, an argument it was is removed (orphans still count: they keep their ids).
  const live = new Set([...annotations, ...(doc.orphans ?? [])].map((a) => a.id));
  return pruneEvents({ ...doc, annotations, relations }, live);
}

/** Annotations per label, most frequent first (ties by label name). A Map, since labels are user text. */
export function countByLabel(annotations: readonly Annotation[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of annotations) counts.set(a.label, (counts.get(a.label) ?? 0) + 1);
  return new Map([...counts].sort(([la, a], [lb, b]) => b - a || (la < lb ? -1 : la > lb ? 1 : 0)));
}

/** Add a typed, directed relation; an identical one (same type, from, to) is not added twice. */
export function addRelation<T extends AnnotationSet>(doc: T, relation: { type: string; from: string; to: string; note?: string }): T {
  const ids = new Set(doc.annotations.map((a) => a.id));
  if (!ids.has(relation.from) || !ids.has(relation.to)) {
    throw new RangeError(`relation ${relation.from} -> ${relation.to}: both ends must be annotations of this document`);
  }
  if (relation.from === relation.to) throw new RangeError('a relation needs two different annotations');
  if (doc.relations.some((r) => r.type === relation.type && r.from === relation.from && r.to === relation.to)) return doc;
  const id = newRelationId(new Set(doc.relations.map((r) => r.id)));
  const added: Relation = { id, type: relation.type, from: relation.from, to: relation.to };
  if (relation.note) added.note = relation.note;
  return { ...doc, relations: [...doc.relations, added] };
}

export function removeRelation<T extends AnnotationSet>(doc: T, id: string): T {
  const relations = doc.relations.filter((r) => r.id !== id);
  return relations.length === doc.relations.length ? doc : { ...doc, relations };
}
