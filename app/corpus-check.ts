// Full checks of a sidecar for `marginalia validate`: unlike parseSidecar,
// which stops at the first problem (enough to refuse a file), these list
// every problem, each saying where it is, so one run shows all there is to fix.
import { TextIndex } from './offsets';
import { migrateToCurrent } from './sidecar/migrations';
import { SidecarSchema, type Sidecar } from './sidecar/sidecar-schema';

export interface SidecarCheck {
  /** The parsed sidecar when it matches the schema (it may still have reference or offset problems). */
  sidecar: Sidecar | null;
  problems: string[];
  warnings: string[];
}

function shown(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}…` : s);
}

function describePath(json: unknown, path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  const [head, index, ...rest] = path;
  if ((head === 'annotations' || head === 'relations') && typeof index === 'number') {
    const list = (json as Record<string, unknown>)[head];
    const item = Array.isArray(list) ? (list[index] as Record<string, unknown> | undefined) : undefined;
    const id = item && typeof item.id === 'string' ? ` (id ${item.id})` : '';
    const what = head === 'annotations' ? 'annotation' : 'relation';
    return `${what} ${index + 1}${id}${rest.length ? `: ${rest.map(String).join('.')}` : ''}`;
  }
  return path.map(String).join('.');
}

/** Every dangling or duplicate id in a sidecar. */
export function referenceProblems(sidecar: Sidecar): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  // Orphans (annotations re-anchoring could not place) keep their ids: references to them are valid.
  const all = [...sidecar.annotations, ...(sidecar.orphans ?? [])];
  for (const a of all) {
    if (ids.has(a.id)) problems.push(`annotation id ${a.id} is used more than once`);
    ids.add(a.id);
  }
  for (const a of all) {
    if (a.claimant !== undefined && !ids.has(a.claimant)) problems.push(`claim ${a.id} names claimant ${a.claimant}, which is not an annotation of this document (dangling reference)`);
    if (a.claimant !== undefined && a.claimant === a.id) problems.push(`claim ${a.id} names itself as its claimant`);
  }
  const relIds = new Set<string>();
  for (const r of sidecar.relations) {
    if (relIds.has(r.id)) problems.push(`relation id ${r.id} is used more than once`);
    relIds.add(r.id);
    if (!ids.has(r.from)) problems.push(`relation ${r.id} (${r.type}) starts at ${r.from}, which is not an annotation of this document (dangling reference)`);
    if (!ids.has(r.to)) problems.push(`relation ${r.id} (${r.type}) ends at ${r.to}, which is not an annotation of this document (dangling reference)`);
  }
  return problems;
}

/** Reads and checks a sidecar's text: JSON, format and version, every schema issue and every reference problem. */
export function checkSidecarText(text: string): SidecarCheck {
  const problems: string[] = [];
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { sidecar: null, problems: [`not valid JSON: ${(e as Error).message}`], warnings: [] };
  }
  const migrated = migrateToCurrent(json);
  if (!migrated.ok) return { sidecar: null, problems: [migrated.message], warnings: [] };
  const parsed = SidecarSchema.safeParse(migrated.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`schema: ${describePath(migrated.value, issue.path)}: ${issue.message}`);
    return { sidecar: null, problems, warnings: [] };
  }
  problems.push(...referenceProblems(parsed.data));
  const warnings = migrated.fromVersion < parsed.data.version ? [`written in format version ${migrated.fromVersion}; it is migrated when the app saves it`] : [];
  return { sidecar: parsed.data, problems, warnings };
}

/**
 * Checks a sidecar against its source text: every annotation must cover, at
 * its offsets, exactly the text it records. A different SHA-256 or length is
 * a warning (the app re-anchors on open); text that does not match is a problem.
 */
export function checkAgainstSource(sidecar: Sidecar, source: { name: string; text: string; sha256: string }, index = new TextIndex(source.text)): { problems: string[]; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const a of sidecar.annotations) {
    if (a.end > index.length) {
      problems.push(`annotation ${a.id} (${a.label}) at [${a.start}, ${a.end}) ends past the end of the text (${index.length} code points)`);
      continue;
    }
    const actual = index.slice(a.start, a.end);
    if (actual !== a.text) {
      problems.push(`annotation ${a.id} (${a.label}) at [${a.start}, ${a.end}) records ${shown(a.text)} but the source has ${shown(actual)} there`);
    }
  }
  if (sidecar.source.sha256 !== source.sha256) {
    warnings.push(
      problems.length
        ? 'the source changed since the sidecar was written (SHA-256 differs): open the document in Marginalia to re-anchor its annotations'
        : 'the source changed since the sidecar was written (SHA-256 differs), but every annotation still matches its text',
    );
  } else if (sidecar.source.length !== index.length) {
    warnings.push(`source.length says ${sidecar.source.length} code points, the text has ${index.length}`);
  }
  if (sidecar.source.name !== source.name) warnings.push(`source.name is ${shown(sidecar.source.name)}, the file is ${shown(source.name)}`);
  return { problems, warnings };
}
