// `marginalia validate`: every problem in a corpus's annotations, each naming
// its file: sidecars that do not match the schema, offsets whose text differs
// from the source, dangling references, sidecars whose source is missing, an
// unusable label schema. Read-only: unlike opening a document in the app, it
// never writes a backup (only a saved web page's extracted text may be stored
// by the corpus service the first time it is read, as when the app opens it).
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { readInside } from '../corpus/confined-fs';
import { CorpusError } from '../corpus/paths';
import { join } from 'node:path';
import { checkAgainstSource, checkSidecarText } from '../../app/corpus-check';
import { TextIndex } from '../../app/offsets';
import { SIDECAR_SUFFIX } from '../../app/sidecar/sidecar-schema';
import { LABEL_SCHEMA_PATH, type CorpusService } from '../corpus/corpus-service';
import { decodeDocument } from '../corpus/decode';
import { isHtmlDocument } from '../corpus/html-article';

export interface Finding {
  /** Corpus-relative path of the file at fault. */
  file: string;
  message: string;
}

export interface ValidationReport {
  /** Text documents in the corpus. */
  documents: number;
  /** Sidecars checked. */
  sidecars: number;
  annotations: number;
  problems: Finding[];
  warnings: Finding[];
}

/** Every sidecar file under the corpus (not backups), as corpus-relative paths; the same folders the corpus scan visits. */
async function findSidecars(root: string, rel = '', out: string[] = []): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(rel ? join(root, ...rel.split('/')) : root, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) await findSidecars(root, path, out);
    else if (e.name.endsWith(SIDECAR_SUFFIX)) out.push(path);
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function validateCorpus(service: CorpusService, onProgress: (done: number, total: number) => void = () => {}): Promise<ValidationReport> {
  const report: ValidationReport = { documents: 0, sidecars: 0, annotations: 0, problems: [], warnings: [] };
  const { schema, problem } = await service.loadLabelSchema();
  if (problem) report.problems.push({ file: LABEL_SCHEMA_PATH, message: problem });
  const entityLabels = new Set(schema.entityLabels.map((l) => l.name));
  const claimLabels = new Set(schema.claimLabels.map((l) => l.name));
  const relationTypes = new Set(schema.relationTypes.map((r) => r.name));

  const entries = await service.listDocuments();
  const kinds = new Map(entries.map((e) => [e.path, e.kind]));
  report.documents = entries.filter((e) => e.kind === 'text').length;
  const sidecars = (await findSidecars(service.root)).sort();
  let done = 0;
  onProgress(0, sidecars.length);
  for (const sidecarRel of sidecars) {
    const sourceRel = sidecarRel.slice(0, -SIDECAR_SUFFIX.length);
    const problems: string[] = [];
    const warnings: string[] = [];
    report.sidecars++;
    const kind = kinds.get(sourceRel);
    const sourceFile = join(service.root, ...sourceRel.split('/'));
    if (kind === undefined) {
      const exists = await stat(sourceFile).then((s) => s.isFile(), () => false);
      if (!exists) problems.push(`its source ${sourceRel} is missing (renamed or deleted?)`);
      else warnings.push(`its source ${sourceRel} is not listed as a document`);
    } else if (kind !== 'text') {
      warnings.push(`its source ${sourceRel} is not a text document`);
    }
    let text: string | null = null;
    try {
      text = utf8.decode((await readInside(service.root, sidecarRel)).bytes);
    } catch (e) {
      problems.push(e instanceof CorpusError ? `cannot be read: ${e.message}` : 'is not valid UTF-8');
    }
    const checked = text === null ? null : checkSidecarText(text);
    if (checked) {
      problems.push(...checked.problems);
      warnings.push(...checked.warnings);
    }
    const sidecar = checked?.sidecar ?? null;
    if (sidecar && kind === 'text') {
      report.annotations += sidecar.annotations.length;
      // A saved web page's offsets count its extracted article text, which only the corpus service
      // knows; it is asked only about a sidecar without problems (so it has no broken file to back up).
      const html = isHtmlDocument(sourceRel);
      if (!html || problems.length === 0) try {
        let sourceText: string;
        let sha256: string;
        if (html) {
          const doc = await service.readDocument(sourceRel);
          sourceText = doc.text;
          sha256 = doc.sha256;
        } else {
          const bytes = (await readInside(service.root, sourceRel)).bytes;
          sourceText = decodeDocument(bytes, sourceRel);
          sha256 = createHash('sha256').update(bytes).digest('hex');
        }
        const base = sourceRel.slice(sourceRel.lastIndexOf('/') + 1);
        const against = checkAgainstSource(sidecar, { name: base, text: sourceText, sha256 }, new TextIndex(sourceText));
        problems.push(...against.problems);
        warnings.push(...against.warnings);
      } catch (e) {
        problems.push(`its source ${sourceRel} cannot be read: ${(e as Error).message}`);
      }
      const unknown = new Set<string>();
      for (const a of sidecar.annotations) {
        const known = a.type === 'claim' ? claimLabels.has(a.label) : entityLabels.has(a.label);
        if (!known) unknown.add(`${a.type} label ${a.label}`);
      }
      for (const r of sidecar.relations) if (!relationTypes.has(r.type)) unknown.add(`relation type ${r.type}`);
      for (const u of unknown) warnings.push(`uses ${u}, which the label schema does not define`);
      if (sidecar.orphans?.length) {
        warnings.push(`${sidecar.orphans.length} orphaned annotation(s) could not be re-anchored after the source changed: open the document in Marginalia to re-attach or delete them`);
      }
    }
    for (const message of problems) report.problems.push({ file: sidecarRel, message });
    for (const message of warnings) report.warnings.push({ file: sidecarRel, message });
    onProgress(++done, sidecars.length);
  }
  return report;
}
