// The merge driver's core as a pure function of the three texts git hands it:
// which kind of Marginalia file this is, parsing each version (never guessing
// at one that cannot be read), merging, and the canonical text to write.
import { parseEntityRegistry, serializeEntityRegistry } from '../entity-registry';
import { parseLabelSchema, serializeLabelSchema, type LabelSchemaFile } from '../label-schema';
import { parseSidecar, serializeSidecar } from '../sidecar/sidecar-io';
import { SIDECAR_SUFFIX, type Annotation, type Conflict } from '../sidecar/sidecar-schema';
import { mergeLabelSchemas } from './merge-label-schema';
import { mergeRegistries } from './merge-registry';
import { mergeSidecars } from './merge-sidecar';

export type MergeKind = 'sidecar' | 'entities' | 'schema';

export type FileMergeResult =
  | { ok: true; kind: MergeKind; text: string; conflicts: string[]; notes: string[] }
  | { ok: false; message: string };

/** The file's kind from its path in the repository (git's %P), else from its content. */
export function mergeKindOf(path: string, sample: string): MergeKind | null {
  const p = path.replace(/\\/g, '/');
  if (p.endsWith(SIDECAR_SUFFIX)) return 'sidecar';
  if (p === '.marginalia/entities.json' || p.endsWith('/.marginalia/entities.json')) return 'entities';
  if (p === '.marginalia/schema.json' || p.endsWith('/.marginalia/schema.json')) return 'schema';
  if (/"format"\s*:\s*"marginalia-annotations"/.test(sample)) return 'sidecar';
  if (/"format"\s*:\s*"marginalia-entities"/.test(sample)) return 'entities';
  if (/"entityLabels"\s*:/.test(sample)) return 'schema';
  return null;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function parseSchemaText(text: string): Parsed<LabelSchemaFile> {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { ok: false, message: `not valid JSON: ${(e as Error).message}` };
  }
  const r = parseLabelSchema(json);
  return r.ok ? { ok: true, value: r.schema } : { ok: false, message: `not a valid label schema: ${r.message}` };
}

const VERSIONS = ['common ancestor', 'ours', 'theirs'] as const;

/** Parses the three versions; a blank ancestor (the file is new on both sides) is null. */
function parseAll<T>(path: string, texts: readonly [string, string, string], parse: (text: string) => Parsed<T>): Parsed<[T | null, T, T]> {
  const out: (T | null)[] = [];
  for (const [i, text] of texts.entries()) {
    if (i === 0 && text.trim() === '') {
      out.push(null);
      continue;
    }
    const r = parse(text);
    if (!r.ok) return { ok: false, message: `${path} (${VERSIONS[i]}): ${r.message}` };
    out.push(r.value);
  }
  return { ok: true, value: out as [T | null, T, T] };
}

function describeAnnotation(a: Annotation | null): string {
  return a ? `${a.label} "${a.text.length > 40 ? `${a.text.slice(0, 39)}…` : a.text}" [${a.start}, ${a.end})` : 'deleted';
}

/** One line per conflict, for the terminal. */
export function describeConflict(c: Conflict): string {
  const how =
    c.ours === null ? 'deleted by ours, changed by theirs (kept)' : c.theirs === null ? 'deleted by theirs, changed by ours (kept)' : 'changed differently on both sides';
  switch (c.kind) {
    case 'annotation':
      return `annotation ${c.id}: ${how}: ours ${describeAnnotation(c.ours)}, theirs ${describeAnnotation(c.theirs)}`;
    case 'relation':
      return `relation ${c.id}: ${how}`;
    case 'event':
      return `event ${c.id}: ${how}: ours ${c.ours ? c.ours.type : 'deleted'}, theirs ${c.theirs ? c.theirs.type : 'deleted'}`;
    case 'status':
      return `document status: ours ${c.ours ?? 'none'}, theirs ${c.theirs ?? 'none'} (ours kept)`;
    case 'source':
      return 'source text: both sides annotated a different version of the text (ours kept; open it in Marginalia to re-anchor)';
  }
}

/**
 * Merges the texts of the common ancestor (blank when there is none), ours
 * and theirs of the file at `path`. Never throws; `ok: false` says which
 * version of which file could not be read, and nothing should be written.
 */
export function mergeFileTexts(path: string, base: string, ours: string, theirs: string): FileMergeResult {
  const kind = mergeKindOf(path, ours);
  const texts = [base, ours, theirs] as const;
  try {
    if (kind === 'sidecar') {
      const parsed = parseAll(path, texts, (t) => {
        const r = parseSidecar(t);
        return r.ok ? { ok: true, value: r.sidecar } : { ok: false, message: r.message };
      });
      if (!parsed.ok) return parsed;
      const [b, o, t] = parsed.value;
      const m = mergeSidecars(b, o, t);
      const notes = m.deduplicated.size ? [`${m.deduplicated.size} annotation(s) made on both sides kept once`] : [];
      const carried = (m.sidecar.conflicts?.length ?? 0) - m.conflicts.length;
      if (carried > 0) notes.push(`${carried} conflict(s) from an earlier merge still undecided`);
      return { ok: true, kind, text: serializeSidecar(m.sidecar), conflicts: m.conflicts.map(describeConflict), notes };
    }
    if (kind === 'entities') {
      const parsed = parseAll(path, texts, (t) => {
        const r = parseEntityRegistry(t);
        return r.ok ? { ok: true, value: r.registry } : { ok: false, message: r.message };
      });
      if (!parsed.ok) return parsed;
      const m = mergeRegistries(...parsed.value);
      return { ok: true, kind, text: serializeEntityRegistry(m.registry), conflicts: m.conflicts, notes: [] };
    }
    if (kind === 'schema') {
      const parsed = parseAll(path, texts, parseSchemaText);
      if (!parsed.ok) return parsed;
      const m = mergeLabelSchemas(...parsed.value);
      return { ok: true, kind, text: serializeLabelSchema(m.schema), conflicts: m.conflicts, notes: [] };
    }
  } catch (e) {
    return { ok: false, message: `${path}: the merge failed: ${(e as Error).message}` };
  }
  return { ok: false, message: `${path}: not a Marginalia sidecar, entity registry or label schema, so it is not merged by Marginalia` };
}
