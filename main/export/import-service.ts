// Importing annotations from brat, JSONL or Label Studio into a corpus's
// sidecars, shared by `marginalia import` and (later) the app. Each imported
// document is matched to a corpus document (by its path, else by its text),
// its spans are placed in the source text (app/formats/merge.ts) and merged
// into the sidecar without duplicates, and the sidecars are written all or
// none (CorpusService.writeSidecarsTogether: locked, conflict-checked against
// what was read, journaled). What could not be placed is reported.
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { readOutsideFile } from '../corpus/confined-fs';
import { basename, join, relative, sep } from 'node:path';
import { documentsForBratBase, toLf } from '../../app/formats/brat-common';
import { parseBratAnn } from '../../app/formats/brat-import';
import { parseJsonl } from '../../app/formats/jsonl';
import { parseLabelStudio } from '../../app/formats/labelstudio';
import { mergeImported } from '../../app/formats/merge';
import { isImportFormat, IMPORT_FORMATS } from '../../app/formats/registry';
import type { ImportedDocument, ImportFormatName } from '../../app/formats/types';
import type { LabelSchemaFile } from '../../app/label-schema';
import type { Sidecar } from '../../app/sidecar/sidecar-schema';
import type { CorpusService } from '../corpus/corpus-service';
import { ExportOptionsError } from './export-service';

export interface ImportOptions {
  format: ImportFormatName;
  /** A folder of .ann/.txt files (brat), or a file (jsonl, doccano, labelstudio). */
  from: string;
  /** doccano (and doccano-shaped JSONL): what its offsets count; doccano's own UTF-16 code units by default. */
  offsets?: 'utf16' | 'codepoints';
}

export interface ImportedDocumentReport {
  path: string;
  added: number;
  duplicates: number;
  relationsAdded: number;
  relationDuplicates: number;
  /** Events, equivalence groups and document labels added (brat). */
  eventsAdded: number;
  equivalencesAdded: number;
  categoriesAdded: number;
  /** True when the sidecar was written. */
  written: boolean;
}

export interface ImportReport {
  format: ImportFormatName;
  from: string;
  documents: ImportedDocumentReport[];
  added: number;
  duplicates: number;
  relationsAdded: number;
  relationDuplicates: number;
  /** Events, equivalence groups and document labels added (brat), in documents written. */
  eventsAdded: number;
  equivalencesAdded: number;
  categoriesAdded: number;
  /** Spans placed by their text away from where their offsets pointed. */
  moved: string[];
  /** Spans, relations and claimant links that could not be placed: the import exits 1. */
  notPlaced: string[];
  /** Input that could not be read or matched to a document, and sidecars that could not be written: exit 1. */
  problems: string[];
  warnings: string[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** An import's input files are read whole; larger than this is refused rather than exhausting memory. */
export const MAX_IMPORT_FILE_BYTES = 512 * 1024 * 1024;

async function readText(file: string): Promise<string> {
  const bytes = await readOutsideFile(file, MAX_IMPORT_FILE_BYTES);
  const text = utf8.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

async function findFiles(dir: string, ext: string, out: string[] = []): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) await findFiles(full, ext, out);
    else if (e.isFile() && e.name.endsWith(ext)) out.push(full);
  }
  return out;
}

/** Reads the input files of a format as imported documents. Throws ExportOptionsError when `from` is unusable. */
export async function readImportInput(
  format: ImportFormatName,
  from: string,
  schema: LabelSchemaFile,
  offsets: ImportOptions['offsets'] = 'utf16',
): Promise<{ docs: ImportedDocument[]; bases: Map<ImportedDocument, string> }> {
  const info = await stat(from).catch(() => null);
  if (!info) throw new ExportOptionsError(`--from ${from}: no such file or folder`);
  const bases = new Map<ImportedDocument, string>();
  if (format === 'brat') {
    const anns = info.isDirectory() ? await findFiles(from, '.ann') : from.endsWith('.ann') ? [from] : [];
    if (anns.length === 0) throw new ExportOptionsError(`--from ${from}: no brat .ann files there`);
    const root = info.isDirectory() ? from : join(from, '..');
    const docs: ImportedDocument[] = [];
    for (const file of anns) {
      const rel = toPosix(relative(root, file));
      const base = rel.slice(0, -'.ann'.length);
      const txtFile = `${file.slice(0, -'.ann'.length)}.txt`;
      const txt = await readText(txtFile).catch(() => undefined);
      let ann: string;
      try {
        ann = await readText(file);
      } catch (e) {
        docs.push({ origin: rel, coordinates: 'lf', spans: [], relations: [], problems: [`${rel}: cannot be read: ${(e as Error).message}`] });
        continue;
      }
      const doc = parseBratAnn(ann, rel, txt === undefined ? { schema } : { schema, txt });
      bases.set(doc, base);
      docs.push(doc);
    }
    return { docs, bases };
  }
  if (info.isDirectory()) throw new ExportOptionsError(`--from ${from} is a folder: the ${format} format reads one file`);
  let text: string;
  try {
    text = await readText(from);
  } catch (e) {
    throw new ExportOptionsError(`--from ${from} cannot be read as UTF-8 text: ${(e as Error).message}`);
  }
  const name = basename(from);
  return { docs: format === 'labelstudio' ? parseLabelStudio(text, name) : parseJsonl(text, name, { doccanoOffsets: offsets }), bases };
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * Imports annotations into the corpus. `onProgress(done, total)` is called
 * after each corpus document is merged. Throws ExportOptionsError for bad
 * options; everything about the data is in the report.
 */
export async function importAnnotations(
  service: CorpusService,
  options: ImportOptions,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<ImportReport> {
  if (!isImportFormat(options.format)) {
    throw new ExportOptionsError(`unknown import format ${JSON.stringify(options.format)}: choose one of ${IMPORT_FORMATS.join(', ')}`);
  }
  const { schema, problem: schemaProblem } = await service.loadLabelSchema();
  const report: ImportReport = {
    format: options.format,
    from: options.from,
    documents: [],
    added: 0,
    duplicates: 0,
    relationsAdded: 0,
    relationDuplicates: 0,
    eventsAdded: 0,
    equivalencesAdded: 0,
    categoriesAdded: 0,
    moved: [],
    notPlaced: [],
    problems: [],
    warnings: schemaProblem ? [schemaProblem] : [],
  };
  const { docs, bases } = await readImportInput(options.format, options.from, schema, options.offsets);
  const entries = await service.listDocuments();
  const textDocs = new Map(entries.filter((e) => e.kind === 'text').map((e) => [e.path, e]));

  // Documents found by their text, built only if some imported document needs it.
  let byText: Map<string, string> | null = null;
  const findByText = async (text: string): Promise<string | undefined> => {
    if (!byText) {
      byText = new Map();
      for (const e of textDocs.values()) {
        if (e.sidecarProblem) continue;
        const doc = await service.readDocument(e.path).catch(() => null);
        if (!doc) continue;
        byText.set(sha1(doc.text), e.path);
        if (/\r/.test(doc.text)) byText.set(sha1(toLf(doc.text)), e.path);
      }
    }
    return byText.get(sha1(text)) ?? byText.get(sha1(toLf(text)));
  };

  const groups = new Map<string, ImportedDocument[]>();
  for (const doc of docs) {
    report.problems.push(...doc.problems);
    report.warnings.push(...(doc.warnings ?? []));
    const base = bases.get(doc);
    let path = base !== undefined ? documentsForBratBase(base).find((p) => textDocs.has(p)) : doc.path !== undefined && textDocs.has(doc.path) ? doc.path : undefined;
    if (path === undefined && doc.text !== undefined) path = await findByText(doc.text);
    if (path === undefined) {
      if (doc.spans.length === 0 && doc.relations.length === 0 && !doc.categories?.length) continue;
      const named = base !== undefined ? documentsForBratBase(base).join(' or ') : doc.path;
      report.problems.push(
        `${doc.origin}: no document ${named ? `${named} ` : ''}in the corpus${doc.text !== undefined ? ' and none with the same text' : ''}: its ${doc.spans.length} span(s) were not imported`,
      );
      continue;
    }
    groups.set(path, [...(groups.get(path) ?? []), doc]);
  }

  // Merged against the sidecars as read, then written all together, conflict-checked against what was read:
  // if any changed meanwhile (the app saved), everything is read and merged again.
  let attempt: MergeAttempt | undefined;
  for (let tries = 1; groups.size > 0; tries++) {
    try {
      // Read and merged holding the sidecars' locks, so the app's saves (which take them) wait rather than conflict.
      await service.updateSidecarsTogether([...groups.keys()], async () => {
        attempt = await mergeGroups(service, groups, schema, tries === 1 ? onProgress : () => {});
        return attempt.plans.map(({ path, sidecar, expectedSha256 }) => ({ rel: path, sidecar, expectedSha256 }));
      });
      for (const plan of attempt?.plans ?? []) plan.line.written = true;
      break;
    } catch (e) {
      // A program that takes no lock wrote meanwhile: read and merge again.
      if ((e as { code?: string }).code === 'conflict' && tries < MAX_IMPORT_ATTEMPTS) continue;
      attempt ??= emptyAttempt();
      attempt.problems.push(`nothing was imported: ${(e as Error).message}`);
      break;
    }
  }
  const result = attempt ?? emptyAttempt();
  report.problems.push(...result.problems);
  report.warnings.push(...result.warnings);
  report.moved.push(...result.moved);
  report.notPlaced.push(...result.notPlaced);
  for (const line of result.lines) {
    if (line.written) {
      report.added += line.added;
      report.relationsAdded += line.relationsAdded;
      report.eventsAdded += line.eventsAdded;
      report.equivalencesAdded += line.equivalencesAdded;
      report.categoriesAdded += line.categoriesAdded;
    }
    report.duplicates += line.duplicates;
    report.relationDuplicates += line.relationDuplicates;
    report.documents.push(line);
  }
  const unknownLabels = result.unknownLabels;
  for (const l of unknownLabels) report.warnings.push(`label ${JSON.stringify(l)} is not in the label schema; imported as it is`);
  return report;
}

/** How often an import is merged again when the app (or another writer) saved one of its sidecars meanwhile. */
const MAX_IMPORT_ATTEMPTS = 10;

interface MergeAttempt {
  plans: { path: string; sidecar: Sidecar; expectedSha256: string | null; line: ImportedDocumentReport }[];
  lines: ImportedDocumentReport[];
  moved: string[];
  notPlaced: string[];
  problems: string[];
  warnings: string[];
  unknownLabels: Set<string>;
}

function emptyAttempt(): MergeAttempt {
  return { plans: [], lines: [], moved: [], notPlaced: [], problems: [], warnings: [], unknownLabels: new Set() };
}

/** Reads each document's sidecar and merges its imported annotations into it; writes nothing. */
async function mergeGroups(
  service: CorpusService,
  groups: Map<string, ImportedDocument[]>,
  schema: LabelSchemaFile,
  onProgress: (done: number, total: number) => void,
): Promise<MergeAttempt> {
  const out = emptyAttempt();
  let done = 0;
  onProgress(0, groups.size);
  for (const [path, imported] of groups) {
    const doc = await service.readDocument(path).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    if (doc instanceof Error) {
      out.problems.push(`${path}: cannot be read: ${doc.message}`);
      onProgress(++done, groups.size);
      continue;
    }
    if (doc.sidecarProblem) {
      out.problems.push(`${path}: nothing imported: its sidecar cannot be read (${doc.sidecarProblem.message})`);
      onProgress(++done, groups.size);
      continue;
    }
    if (doc.sourceChanged) {
      out.warnings.push(`${path}: the source changed since its sidecar was written; open it in Marginalia to re-anchor the annotations already there`);
    }
    let sidecar: Sidecar | null = doc.sidecar;
    const line: ImportedDocumentReport = { path, added: 0, duplicates: 0, relationsAdded: 0, relationDuplicates: 0, eventsAdded: 0, equivalencesAdded: 0, categoriesAdded: 0, written: false };
    let changed = false;
    for (const one of imported) {
      const merged = mergeImported({ path, text: doc.text, sha256: doc.sha256, existing: sidecar, imported: one, schema });
      sidecar = merged.sidecar;
      changed ||= merged.changed;
      line.added += merged.added;
      line.duplicates += merged.duplicates;
      line.relationsAdded += merged.relationsAdded;
      line.relationDuplicates += merged.relationDuplicates;
      line.eventsAdded += merged.eventsAdded;
      line.equivalencesAdded += merged.equivalencesAdded;
      line.categoriesAdded += merged.categoriesAdded;
      out.moved.push(...merged.moved);
      out.notPlaced.push(...merged.notPlaced);
      for (const l of merged.unknownLabels) out.unknownLabels.add(l);
    }
    if (changed && sidecar) out.plans.push({ path, sidecar, expectedSha256: doc.sidecarSha256 ?? null, line });
    out.lines.push(line);
    onProgress(++done, groups.size);
  }
  return out;
}
