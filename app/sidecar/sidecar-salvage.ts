// What an export can still use of a sidecar that does not validate because of
// a few of its annotations or relations (a zero-length span written by another
// tool, a relation with no type): the rest, with each left-out item named. The
// file itself is never changed here; the app's own reading (parseSidecar)
// stays strict, so the document still opens read-only until it is fixed.
import { describeIssues } from '../zod-issues';
import { migrateToCurrent } from './migrations';
import { checkReferences } from './sidecar-io';
import { AnnotationSchema, RelationSchema, SidecarSchema, type Annotation, type Relation, type Sidecar } from './sidecar-schema';

export interface SalvagedSidecar {
  sidecar: Sidecar;
  /** Each item left out, with why: "annotation a_1 (PERSON): end: end must be greater than start". */
  dropped: string[];
}

function nameOf(value: unknown, i: number, kind: string): string {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const id = typeof v.id === 'string' && v.id !== '' ? v.id : `#${i + 1}`;
  const label = typeof v.label === 'string' ? ` (${v.label})` : typeof v.type === 'string' ? ` (${v.type})` : '';
  return `${kind} ${id}${label}`;
}

/**
 * The sidecar without its invalid annotations, orphans and relations (and
 * without relations and claimant links to what was left out), or null when
 * what is wrong is not in one item (not JSON, wrong format, a bad source).
 */
export function salvageSidecar(text: string): SalvagedSidecar | null {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return null;
  }
  const migrated = migrateToCurrent(json);
  if (!migrated.ok) return null;
  const value = migrated.value;
  if (!Array.isArray(value.annotations) || !Array.isArray(value.relations)) return null;
  const dropped: string[] = [];
  const keep = <T>(list: unknown[], schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }, kind: string): T[] =>
    list.flatMap((item, i) => {
      const parsed = schema.safeParse(item);
      if (parsed.success) return [parsed.data];
      dropped.push(`${nameOf(item, i, kind)}: ${describeIssues(parsed.error)}`);
      return [];
    });
  let annotations = keep<Annotation>(value.annotations, AnnotationSchema, 'annotation');
  const orphans = Array.isArray(value.orphans) ? keep<Annotation>(value.orphans, AnnotationSchema, 'orphan') : undefined;
  let relations = keep<Relation>(value.relations, RelationSchema, 'relation');
  if (dropped.length === 0) return null;
  const ids = new Set([...annotations, ...(orphans ?? [])].map((a) => a.id));
  annotations = annotations.map((a) => {
    if (a.claimant === undefined || ids.has(a.claimant)) return a;
    dropped.push(`the claimant link of annotation ${a.id} (${a.label}): it names ${a.claimant}, which was left out`);
    const { claimant: _gone, ...rest } = a;
    return rest;
  });
  relations = relations.filter((r) => {
    if (ids.has(r.from) && ids.has(r.to)) return true;
    dropped.push(`relation ${r.id} (${r.type}): one of its ends was left out`);
    return false;
  });
  const parsed = SidecarSchema.safeParse({ ...value, annotations, relations, ...(orphans ? { orphans } : {}) });
  if (!parsed.success || checkReferences(parsed.data)) return null;
  if (parsed.data.orphans?.length === 0) delete parsed.data.orphans;
  return { sidecar: parsed.data, dropped };
}
