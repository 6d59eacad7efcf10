// A hand-written twin of SidecarSchema for the common case: a sidecar that is
// valid. zod's generic parse costs about as much as JSON.parse itself (an
// export of 10,000 documents parses 81 MB of sidecars), so parseSidecar tries
// this first and runs the schema only when it returns null, to get zod's
// message. This never widens what is accepted: it returns a value only where
// SidecarSchema would succeed, and then the same value zod returns (new
// objects, keys in the schema's order); anything unusual (an undefined value,
// an odd prototype, a "__proto__" key) is left to zod.
// sidecar-fast.test.ts checks both against each other on generated inputs.
import { ANNOTATION_TYPES, CLAIM_STATUSES, DOCUMENT_STATUSES, SIDECAR_FORMAT, SIDECAR_VERSION, STANCES } from './sidecar-schema';
import type { Annotation, Relation, Sidecar, SourceInfo } from './sidecar-schema';

type Json = Record<string, unknown>;

export const ANNOTATION_KEYS: ReadonlySet<string> = new Set([
  'id', 'type', 'label', 'start', 'end', 'text', 'prefix', 'suffix', 'entity', 'attributes', 'note', 'author', 'created', 'modified',
  'claimant', 'stance', 'status', 'verdict', 'fragments', 'normalizations', 'comments',
]);
const NORMALIZATION_KEYS: ReadonlySet<string> = new Set(['ref', 'name']);

function normalizations(v: unknown): { ref: string; name: string }[] | null {
  if (!Array.isArray(v) || v.length < 1) return null;
  const out: { ref: string; name: string }[] = [];
  for (const n of v) {
    if (!plainWith(n, NORMALIZATION_KEYS)) return null;
    const { ref, name } = n;
    if (!isNonEmpty(ref) || typeof name !== 'string') return null;
    out.push({ ref, name });
  }
  return out;
}
const COMMENT_KEYS: ReadonlySet<string> = new Set(['type', 'text']);

function comments(v: unknown): { type: string; text: string }[] | null {
  if (!Array.isArray(v) || v.length < 1) return null;
  const out: { type: string; text: string }[] = [];
  for (const c of v) {
    if (!plainWith(c, COMMENT_KEYS)) return null;
    const { type, text } = c;
    if (!isNonEmpty(type) || typeof text !== 'string') return null;
    out.push({ type, text });
  }
  return out;
}
const FRAGMENT_KEYS: ReadonlySet<string> = new Set(['start', 'end']);

/** Ordered, non-overlapping, non-empty pieces (at least two), as new objects; null when not. */
function fragments(v: unknown): { start: number; end: number }[] | null {
  if (!Array.isArray(v) || v.length < 2) return null;
  const out: { start: number; end: number }[] = [];
  let last = 0;
  for (const f of v) {
    if (!plainWith(f, FRAGMENT_KEYS)) return null;
    const { start, end } = f;
    if (!isOffset(start) || !isOffset(end) || end <= start || start < last) return null;
    last = end;
    out.push({ start, end });
  }
  return out;
}
export const RELATION_KEYS: ReadonlySet<string> = new Set(['id', 'type', 'from', 'to', 'note', 'attributes', 'comments', 'roles']);
export const SOURCE_KEYS: ReadonlySet<string> = new Set(['name', 'sha256', 'length']);
export const SIDECAR_KEYS: ReadonlySet<string> = new Set(['format', 'version', 'source', 'status', 'categories', 'annotations', 'orphans', 'relations', 'events', 'equivalences', 'conflicts', 'curation']);
const TYPES: ReadonlySet<unknown> = new Set(ANNOTATION_TYPES);
const STANCE_SET: ReadonlySet<unknown> = new Set(STANCES);
const CLAIM_STATUS_SET: ReadonlySet<unknown> = new Set(CLAIM_STATUSES);
const DOCUMENT_STATUS_SET: ReadonlySet<unknown> = new Set(DOCUMENT_STATUSES);
const SHA256 = /^[0-9a-f]{64}$/;

/** A plain object (as JSON.parse makes) whose own keys are all in `allowed`, none of them undefined. */
function plainWith(v: unknown, allowed: ReadonlySet<string>): v is Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const k in v) {
    if (!allowed.has(k) || (v as Json)[k] === undefined) return false;
  }
  return true;
}

const isOffset = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isNonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length >= 1;
const optString = (v: unknown) => v === undefined || typeof v === 'string';
const optNonEmpty = (v: unknown) => v === undefined || isNonEmpty(v);

function attributes(v: unknown): Record<string, string | number | boolean> | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype) return null;
  const out: Record<string, string | number | boolean> = {};
  for (const k in v) {
    if (k === '__proto__') return null;
    const x = (v as Json)[k];
    if (typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x))) out[k] = x;
    else return null;
  }
  return out;
}

function annotation(v: unknown): Annotation | null {
  if (!plainWith(v, ANNOTATION_KEYS)) return null;
  const { id, type, label, start, end, text, prefix, suffix } = v;
  if (!isNonEmpty(id) || !TYPES.has(type) || !isNonEmpty(label) || !isOffset(start) || !isOffset(end) || end <= start) return null;
  if (typeof text !== 'string' || typeof prefix !== 'string' || typeof suffix !== 'string') return null;
  if (!optNonEmpty(v.entity) || !optString(v.note) || !optString(v.author) || !optString(v.created) || !optString(v.modified)) return null;
  if (!optNonEmpty(v.claimant) || (v.stance !== undefined && !STANCE_SET.has(v.stance)) || (v.status !== undefined && !CLAIM_STATUS_SET.has(v.status))) return null;
  if (!optString(v.verdict)) return null;
  const out = { id, type, label, start, end, text, prefix, suffix } as Annotation;
  // Optional keys in the schema's order, present only when given (as zod writes them).
  if (v.entity !== undefined) out.entity = v.entity as string;
  if (v.attributes !== undefined) {
    const attrs = attributes(v.attributes);
    if (!attrs) return null;
    out.attributes = attrs;
  }
  if (v.note !== undefined) out.note = v.note as string;
  if (v.author !== undefined) out.author = v.author as string;
  if (v.created !== undefined) out.created = v.created as string;
  if (v.modified !== undefined) out.modified = v.modified as string;
  if (v.claimant !== undefined) out.claimant = v.claimant as string;
  if (v.stance !== undefined) out.stance = v.stance as Annotation['stance'];
  if (v.status !== undefined) out.status = v.status as Annotation['status'];
  if (v.verdict !== undefined) out.verdict = v.verdict as string;
  if (v.fragments !== undefined) {
    const pieces = fragments(v.fragments);
    if (!pieces) return null;
    out.fragments = pieces;
  }
  if (v.normalizations !== undefined) {
    const refs = normalizations(v.normalizations);
    if (!refs) return null;
    out.normalizations = refs;
  }
  if (v.comments !== undefined) {
    const list = comments(v.comments);
    if (!list) return null;
    out.comments = list;
  }
  return out;
}

function annotations(v: unknown): Annotation[] | null {
  if (!Array.isArray(v)) return null;
  const out = new Array<Annotation>(v.length);
  for (let i = 0; i < v.length; i++) {
    const a = annotation(v[i]);
    if (!a) return null;
    out[i] = a;
  }
  return out;
}

function relation(v: unknown): Relation | null {
  if (!plainWith(v, RELATION_KEYS)) return null;
  const { id, type, from, to, note } = v;
  // Attributes and comments on relations are rare (brat imports): zod checks them.
  if (v.attributes !== undefined || v.comments !== undefined || v.roles !== undefined) return null;
  if (!isNonEmpty(id) || !isNonEmpty(type) || !isNonEmpty(from) || !isNonEmpty(to) || !optString(note)) return null;
  const out: Relation = { id, type, from, to };
  if (note !== undefined) out.note = note as string;
  return out;
}

function source(v: unknown): SourceInfo | null {
  if (!plainWith(v, SOURCE_KEYS)) return null;
  const { name, sha256, length } = v;
  if (!isNonEmpty(name) || typeof sha256 !== 'string' || !SHA256.test(sha256) || !isOffset(length)) return null;
  return { name, sha256, length };
}

/** What SidecarSchema.safeParse(value).data would be, or null when this cannot tell (zod decides then). */
export function fastParseSidecar(value: unknown): Sidecar | null {
  if (!plainWith(value, SIDECAR_KEYS)) return null;
  // A file with merge conflicts is rare (until someone decides): zod checks those.
  if (value.conflicts !== undefined) return null;
  // Document labels are few and optional: zod checks files that have them.
  if (value.categories !== undefined || value.curation !== undefined) return null;
  // Events and equivalences likewise (brat imports): zod checks files that have them.
  if (value.events !== undefined || value.equivalences !== undefined) return null;
  if (value.format !== SIDECAR_FORMAT || value.version !== SIDECAR_VERSION || !DOCUMENT_STATUS_SET.has(value.status)) return null;
  const src = source(value.source);
  const anns = annotations(value.annotations);
  if (!src || !anns || !Array.isArray(value.relations)) return null;
  let orphans: Annotation[] | null | undefined;
  if (value.orphans !== undefined) {
    orphans = annotations(value.orphans);
    if (!orphans) return null;
  }
  const rels = new Array<Relation>(value.relations.length);
  for (let i = 0; i < rels.length; i++) {
    const r = relation(value.relations[i]);
    if (!r) return null;
    rels[i] = r;
  }
  const out = { format: SIDECAR_FORMAT, version: SIDECAR_VERSION, source: src, status: value.status, annotations: anns } as Sidecar;
  if (orphans) out.orphans = orphans;
  out.relations = rels;
  return out;
}
