// Reading and writing sidecars as pure functions of text. The file is written
// deterministically (stable key order, annotations sorted, two-space indent,
// final newline) so two analysts' edits diff and merge cleanly in git.
import { describeIssues } from '../zod-issues';
import { normalizeCategories } from '../categories';
import { migrateToCurrent } from './migrations';
import { fastParseSidecar } from './sidecar-fast';
import { SidecarSchema, SIDECAR_FORMAT, SIDECAR_SUFFIX, SIDECAR_VERSION, type Annotation, type AnnotationEvent, type Conflict, type ConflictKind, type Relation, type Sidecar, type SourceInfo } from './sidecar-schema';

export type ParseResult =
  | { ok: true; sidecar: Sidecar; migratedFrom?: number }
  | { ok: false; message: string };

/** Parse a sidecar's text; never throws. The message says what is wrong and where. */
export function parseSidecar(text: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { ok: false, message: `not valid JSON: ${(e as Error).message}` };
  }
  const migrated = migrateToCurrent(json);
  if (!migrated.ok) return migrated;
  const reserved = protoAttribute(migrated.value);
  if (reserved) return { ok: false, message: reserved };
  // The schema itself only when the quick check cannot vouch for the file: it is as slow as JSON.parse (sidecar-fast.ts).
  let data = fastParseSidecar(migrated.value);
  if (!data) {
    const parsed = SidecarSchema.safeParse(migrated.value);
    if (!parsed.success) return { ok: false, message: `does not match the sidecar schema: ${describeIssues(parsed.error)}` };
    data = parsed.data;
  }
  const problem = checkReferences(data);
  if (problem) return { ok: false, message: problem };
  // One in-memory form: "no orphans" (or conflicts) is an absent key, as serializeSidecar writes it.
  if (data.orphans?.length === 0) delete data.orphans;
  if (data.conflicts?.length === 0) delete data.conflicts;
  if (data.categories?.length === 0) delete data.categories;
  if (data.curation?.length === 0) delete data.curation;
  if (data.events?.length === 0) delete data.events;
  if (data.equivalences?.length === 0) delete data.equivalences;
  return migrated.fromVersion === SIDECAR_VERSION
    ? { ok: true, sidecar: data }
    : { ok: true, sidecar: data, migratedFrom: migrated.fromVersion };
}

/**
 * An annotation with an attribute named `__proto__`: JSON.parse keeps it as a
 * key, but any object built from it loses it (it sets the prototype), so the
 * next save would drop it silently. Refused instead: the file is then opened
 * for reading and never overwritten, with this message.
 */
function protoAttribute(value: unknown): string | null {
  const lists = [(value as { annotations?: unknown })?.annotations, (value as { orphans?: unknown })?.orphans];
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const a of list as { id?: unknown; attributes?: unknown }[]) {
      if (a && typeof a.attributes === 'object' && a.attributes !== null && Object.hasOwn(a.attributes, '__proto__')) {
        return `annotation ${JSON.stringify(a.id)} has an attribute named "__proto__", which the app cannot keep: rename it in the file`;
      }
    }
  }
  return null;
}

/**
 * Ids must be unique (across annotations and orphans together) and relations
 * and claimants must point at an annotation or an orphan that exists: an
 * orphan keeps its id so that what refers to it stays valid.
 */
export function checkReferences(sidecar: Pick<Sidecar, 'annotations' | 'relations' | 'orphans' | 'conflicts' | 'events' | 'equivalences'>): string | null {
  const ids = new Set<string>();
  const all = sidecar.orphans?.length ? [...sidecar.annotations, ...sidecar.orphans] : sidecar.annotations;
  for (const a of all) {
    if (ids.has(a.id)) return `annotation id "${a.id}" is used twice`;
    ids.add(a.id);
  }
  for (const a of all) {
    if (a.claimant !== undefined && !ids.has(a.claimant)) return `claim "${a.id}" names claimant "${a.claimant}", which does not exist`;
  }
  const relIds = new Set<string>();
  for (const r of sidecar.relations) {
    if (relIds.has(r.id)) return `relation id "${r.id}" is used twice`;
    relIds.add(r.id);
    if (!ids.has(r.from)) return `relation "${r.id}" starts at "${r.from}", which does not exist`;
    if (!ids.has(r.to)) return `relation "${r.id}" ends at "${r.to}", which does not exist`;
  }
  // Events share the annotations' id space: an argument or an equivalence member names either.
  const eventIds = new Set<string>();
  for (const e of sidecar.events ?? []) {
    if (ids.has(e.id) || eventIds.has(e.id)) return `event id "${e.id}" is used twice`;
    eventIds.add(e.id);
  }
  for (const e of sidecar.events ?? []) {
    if (!ids.has(e.trigger)) return `event "${e.id}" has trigger "${e.trigger}", which is not an annotation`;
    for (const arg of e.arguments) if (!ids.has(arg.ref) && !eventIds.has(arg.ref)) return `event "${e.id}" has ${arg.role} "${arg.ref}", which does not exist`;
  }
  for (const q of sidecar.equivalences ?? []) {
    for (const m of q.members) if (!ids.has(m) && !eventIds.has(m)) return `equivalence ${q.type} names "${m}", which does not exist`;
  }
  // A conflict holds whole alternatives, never references to check; one entry per item.
  const conflictKeys = new Set<string>();
  for (const c of sidecar.conflicts ?? []) {
    const key = `${c.kind}\u0000${c.id}`;
    if (conflictKeys.has(key)) return `conflict on ${c.kind} "${c.id}" is listed twice`;
    conflictKeys.add(key);
  }
  return null;
}

const ANNOTATION_KEYS: (keyof Annotation)[] = [
  'id', 'type', 'label', 'start', 'end', 'fragments', 'text', 'prefix', 'suffix', 'entity', 'normalizations', 'claimant', 'stance', 'status', 'verdict',
  'attributes', 'note', 'comments', 'author', 'created', 'modified',
];
const RELATION_KEYS: (keyof Relation)[] = ['id', 'type', 'from', 'to', 'roles', 'attributes', 'note', 'comments'];
const EVENT_KEYS: (keyof AnnotationEvent)[] = ['id', 'type', 'trigger', 'arguments', 'attributes', 'note', 'comments'];
const SOURCE_KEYS: (keyof SourceInfo)[] = ['name', 'sha256', 'length'];
const CONFLICT_KIND_ORDER: readonly ConflictKind[] = ['source', 'status', 'annotation', 'relation'];

function ordered<T extends object>(value: T, keys: (keyof T)[]): T {
  const out: Partial<T> = {};
  for (const k of keys) if (value[k] !== undefined) out[k] = value[k];
  return out as T;
}

function sortedRecord<V>(r: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function canonicalAnnotation(a: Annotation): Annotation {
  const o = ordered(a, ANNOTATION_KEYS);
  if (o.attributes) o.attributes = sortedRecord(o.attributes);
  return o;
}

function canonicalRelation(r: Relation): Relation {
  const o = ordered(r, RELATION_KEYS);
  if (o.attributes) o.attributes = sortedRecord(o.attributes);
  return o;
}

function canonicalEvent(e: AnnotationEvent): AnnotationEvent {
  const o = ordered(e, EVENT_KEYS);
  o.arguments = e.arguments.map((a) => ({ role: a.role, ref: a.ref }));
  if (o.attributes) o.attributes = sortedRecord(o.attributes);
  return o;
}

function canonicalConflict(c: Conflict): Conflict {
  const each = <T>(f: (x: T) => T) => (x: T | null) => (x === null ? null : f(x));
  const item =
    c.kind === 'annotation'
      ? each(canonicalAnnotation)
      : c.kind === 'relation'
        ? each(canonicalRelation)
        : c.kind === 'source'
          ? each((s: SourceInfo) => ordered(s, SOURCE_KEYS))
          : each((s: string) => s);
  const f = item as (x: unknown) => unknown;
  return { kind: c.kind, id: c.id, base: f(c.base), ours: f(c.ours), theirs: f(c.theirs) } as Conflict;
}

function compareConflicts(a: Conflict, b: Conflict): number {
  return CONFLICT_KIND_ORDER.indexOf(a.kind) - CONFLICT_KIND_ORDER.indexOf(b.kind) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function compareAnnotations(a: Annotation, b: Annotation): number {
  return a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The canonical text of a sidecar (always the current format and version). */
export function serializeSidecar(sidecar: Sidecar): string {
  const canonical = (list: readonly Annotation[]) => [...list].sort(compareAnnotations).map(canonicalAnnotation);
  const annotations = canonical(sidecar.annotations);
  const relations = [...sidecar.relations]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(canonicalRelation);
  const doc = {
    format: SIDECAR_FORMAT,
    version: SIDECAR_VERSION,
    source: ordered(sidecar.source, SOURCE_KEYS),
    status: sidecar.status,
    // Only when set: a file without document labels reads (and is written) as before.
    ...(sidecar.categories?.length ? { categories: normalizeCategories(sidecar.categories) } : {}),
    annotations,
    // Only when there are any: a file without orphans reads as it always did.
    ...(sidecar.orphans?.length ? { orphans: canonical(sidecar.orphans) } : {}),
    relations,
    // Events and equivalences keep their order: it is the order brat numbers them in (E1, E2…) on export.
    ...(sidecar.events?.length ? { events: sidecar.events.map(canonicalEvent) } : {}),
    ...(sidecar.equivalences?.length ? { equivalences: sidecar.equivalences.map((q) => ({ type: q.type, members: [...q.members] })) } : {}),
    ...(sidecar.conflicts?.length ? { conflicts: [...sidecar.conflicts].sort(compareConflicts).map(canonicalConflict) } : {}),
    // A log, kept in the order it was written; keys in a stable order.
    ...(sidecar.curation?.length ? { curation: sidecar.curation.map((c) => ({ id: c.id, decision: c.decision, a: c.a, b: c.b, ...(c.by !== undefined ? { by: c.by } : {}), at: c.at })) } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function sidecarNameFor(sourceName: string): string {
  return `${sourceName}${SIDECAR_SUFFIX}`;
}

export function emptySidecar(source: SourceInfo): Sidecar {
  return { format: SIDECAR_FORMAT, version: SIDECAR_VERSION, source, status: 'todo', annotations: [], relations: [] };
}
