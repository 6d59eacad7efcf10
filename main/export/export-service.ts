// Exporting a corpus as a dataset, shared by `marginalia export` and the app.
// Documents are read one by one (a few ahead) and each is written as soon as
// its format has turned it into text, so memory stays bounded whatever the
// size of the corpus, and the work per document is linear in its size.
import { stat, writeFile } from 'node:fs/promises';
import { realTargetPath } from '../corpus/confined-fs';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FORMATS } from '../../app/formats/registry';
import { parseExportRequest, type ExportRequest } from '../../app/formats/export-request';
import { assignSplit, splitNames } from '../../app/formats/split';
import type { ExportChunk, ExportContext, ExportFormatName, FormatExporter } from '../../app/formats/types';
import type { CorpusService } from '../corpus/corpus-service';
import { abortError, readDocuments, readSidecarFile, type ScannedDocument } from './documents';
import { readEntityContext } from './entity-context';
import { FolderWriter, StreamedFile } from './output';
import { ExportPool, renderInPool, workerCount, type OrderedOutcome, type WorkerInit } from './export-pool';
import { renderDocument, type RenderFilters } from './render-document';

/** An export's options (app/formats/export-request.ts, validated there) and where it goes. */
export type ExportOptions = ExportRequest & {
  /** A file for file formats, a folder for brat; a folder for any format with a split. */
  out: string;
};

export interface ExportPart {
  /** 'all' without a split, else train / dev / test. */
  name: string;
  /** The file or folder written. */
  path: string;
  documents: number;
  annotations: number;
  relations: number;
}

export interface ExportReport {
  format: ExportFormatName;
  out: string;
  documents: number;
  annotations: number;
  relations: number;
  parts: ExportPart[];
  /** Every file written. */
  files: string[];
  /** Data problems: documents or annotations left out. Non-empty means the dataset is incomplete (exit 1). */
  problems: string[];
  /** Worth knowing, not a failure (CoNLL's dropped overlaps, an unknown label in the filter). */
  warnings: string[];
  /** Worker threads that rendered the documents; 0 when they were rendered on the calling thread. */
  workers: number;
}

/** Formats that write a discontinuous span's pieces; the others write its whole extent, with a warning. */
const KEEPS_FRAGMENTS: ReadonlySet<ExportFormatName> = new Set(['brat', 'jsonl']);

/** A mistake in the options (not in the data): the command line exits 2 on it. */
export class ExportOptionsError extends Error {
  override name = 'ExportOptionsError';
}

/**
 * The base IRI of a corpus when none is given: stable (the same corpus name
 * gives the same ids on every machine and every run) and absolute.
 */
export function defaultBase(corpusName: string): string {
  return `urn:marginalia:${encodeURIComponent(corpusName)}:`;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

interface PartOutput {
  part: ExportPart;
  exporter: FormatExporter;
  file: StreamedFile | null;
  folder: FolderWriter | null;
  /** For companion files of a file output: the main file without its extension. */
  stem: string;
  companions: string[];
}

/** Refuses an output inside the corpus (outside its dot-folders): its files would become documents. */
function checkOutsideCorpus(out: string, shown: string, corpusRoot: string): void {
  if (!isInside(corpusRoot, out)) return;
  const rel = relative(corpusRoot, out);
  const inDotFolder = rel !== '' && rel.split(sep)[0]?.startsWith('.');
  if (!inDotFolder) throw new ExportOptionsError(`--out ${shown} is inside the corpus: write the export outside it (its files would become documents)`);
}

/** Throws ExportOptionsError for bad options: the shared schema's rules, then where the output may go. */
export function checkExportOptions(options: ExportOptions, corpusRoot: string): void {
  const { out, ...request } = options;
  const parsed = parseExportRequest(request);
  if (!parsed.ok) throw new ExportOptionsError(parsed.message);
  if (!out) throw new ExportOptionsError('no output path: give --out <path>');
  checkOutsideCorpus(resolve(out), out, corpusRoot);
}

async function writeChunk(out: PartOutput, chunk: ExportChunk): Promise<void> {
  if (chunk.main !== undefined) await out.file?.write(chunk.main);
  for (const f of chunk.files ?? []) {
    if (out.folder) await out.folder.write(f.name, f.text);
    else {
      // A companion of a file output (Label Studio's labelling config): beside it, named after it.
      const path = `${out.stem}${f.name}`;
      await writeFile(path, f.text);
      out.companions.push(path);
    }
  }
}

/**
 * Exports the corpus. `onProgress(done, total)` is called after each
 * document. Throws ExportOptionsError for bad options, an AbortError when
 * `signal` aborts (nothing is left half-written under the names asked for),
 * and I/O errors as they come; data problems are listed in the report.
 */
export async function exportCorpus(
  service: CorpusService,
  options: ExportOptions,
  onProgress: (done: number, total: number) => void = () => {},
  signal?: AbortSignal,
): Promise<ExportReport> {
  checkExportOptions(options, service.root);
  const info = FORMATS[options.format];
  let out = resolve(options.out);
  // Again after symlinks are followed: a link into the corpus is inside it too.
  checkOutsideCorpus(await realTargetPath(out), options.out, service.root);
  const existing = await stat(out).catch(() => null);
  const wantsFolder = info.layout === 'folder' || options.split !== undefined;
  if (existing?.isDirectory() && !wantsFolder) out = join(out, `${service.name}${info.extension}`);
  if (existing && !existing.isDirectory() && wantsFolder) {
    throw new ExportOptionsError(`--out ${options.out} is a file, but ${options.split ? 'a split' : `the ${info.name} format`} writes a folder`);
  }
  const { schema, problem: schemaProblem } = await service.loadLabelSchema();
  const entities = await readEntityContext(service.root);
  const context: Omit<ExportContext, 'schema' | 'title' | 'includeClaims'> = {
    ...(options.offsets ? { offsets: options.offsets } : {}),
    ...(options.overlaps ? { overlaps: options.overlaps } : {}),
    base: options.base ?? defaultBase(service.name),
    kbIds: entities.kbIds,
    entityNames: entities.entityNames,
  };
  const report: ExportReport = { format: options.format, out, documents: 0, annotations: 0, relations: 0, parts: [], files: [], problems: [], warnings: [], workers: 0 };
  if (schemaProblem) report.warnings.push(schemaProblem);
  if (entities.warning) report.warnings.push(entities.warning);

  const labels = options.labels && options.labels.length > 0 ? new Set(options.labels) : undefined;
  const known = new Set([...schema.entityLabels, ...schema.claimLabels].map((l) => l.name));
  for (const l of labels ?? []) if (!known.has(l)) report.warnings.push(`label ${JSON.stringify(l)} is not in the label schema`);
  const includeClaims = labels !== undefined && schema.claimLabels.some((l) => labels.has(l.name));

  const statuses = options.status && options.status.length > 0 ? new Set(options.status) : undefined;
  let entries = await service.scanTextDocuments();
  if (statuses && options.split) {
    // The split is over the documents exported, so their statuses are needed first: one quick pass over the sidecars.
    const kept: ScannedDocument[] = [];
    for (const e of entries) {
      const read = await readSidecarFile(e);
      if ('error' in read) report.problems.push(`${e.path}: not exported: ${read.error}`);
      else if (statuses.has(read.sidecar?.status ?? 'todo')) kept.push(e);
    }
    entries = kept;
  }

  const names = options.split ? splitNames(options.split) : ['all'];
  const assignment = options.split ? assignSplit(entries.map((e) => e.path), { parts: options.split, seed: options.seed ?? 0 }) : null;
  const outputs = new Map<string, PartOutput>();
  const title = service.name;
  let pool: ExportPool | null = null;
  try {
    for (const name of names) {
      const path = !options.split ? out : info.layout === 'folder' ? join(out, name) : join(out, `${name}${info.extension}`);
      const exporter = info.createExporter({ ...context, schema, title: options.split ? `${title} (${name})` : title, includeClaims });
      const output: PartOutput = {
        part: { name, path, documents: 0, annotations: 0, relations: 0 },
        exporter,
        file: info.layout === 'file' ? await StreamedFile.create(path) : null,
        folder: info.layout === 'folder' ? new FolderWriter(path) : null,
        stem: info.layout === 'file' ? path.slice(0, path.length - extname(path).length) : path,
        companions: [],
      };
      outputs.set(name, output);
      for (const stale of output.file?.removedStale ?? []) report.warnings.push(`removed ${stale}, left by an export that did not finish`);
      await writeChunk(output, exporter.start());
    }

    let done = 0;
    let discontinuous = 0;
    const total = entries.length;
    onProgress(0, total);
    const filters = { ...(labels ? { labels } : {}), ...(statuses ? { statuses } : {}) };
    const outputOf = (entry: ScannedDocument) => outputs.get(assignment ? (assignment.get(entry.path) as string) : 'all') as PartOutput;
    const workers = workerCount(entries.length, options.workers);
    if (workers > 0) {
      const init: WorkerInit = { format: options.format, context: { ...context, schema, includeClaims }, ...(labels ? { labels: [...labels] } : {}), ...(statuses ? { statuses: [...statuses] } : {}) };
      // Workers that cannot start (a packaging mistake, a platform without them) leave the export to this thread.
      pool = await ExportPool.start(init, workers).catch((e: unknown) => {
        console.warn(`export: rendering on one thread, the export workers did not start: ${e instanceof Error ? e.message : String(e)}`);
        return null;
      });
      report.workers = pool?.size ?? 0;
    }
    // render() then fold(): the half that depends only on the document (here or in a worker), then the output's state.
    const outcomes = pool
      ? renderInPool(pool, service, entries, (entry) => outputOf(entry).exporter, filters, signal)
      : renderHere(service, entries, outputOf, filters, signal);
    for await (const { entry, outcome: r } of outcomes) {
      if (signal?.aborted) throw abortError();
      const output = outputOf(entry);
      if (r.kind === 'error') report.problems.push(r.message);
      else if (r.kind === 'ok') {
        report.warnings.push(...r.warnings);
        report.problems.push(...r.problems);
        await writeChunk(output, output.exporter.fold(r.rendered));
        output.part.documents++;
        output.part.annotations += r.annotations;
        output.part.relations += r.relations;
        discontinuous += r.discontinuous;
      }
      onProgress(++done, total);
    }
    await pool?.close();
    pool = null;
    if (discontinuous > 0 && !KEEPS_FRAGMENTS.has(options.format)) {
      report.warnings.push(`${options.format}: ${discontinuous} discontinuous span${discontinuous === 1 ? '' : 's'} written as the whole extent (the format has no place for its pieces; brat and jsonl keep them)`);
    }

    for (const output of outputs.values()) {
      await writeChunk(output, output.exporter.finish());
      if (output.file) {
        await output.file.commit();
        report.files.push(output.file.path);
      }
      if (output.folder) {
        await output.folder.settle();
        report.files.push(...output.folder.written);
      }
      report.files.push(...output.companions);
      report.warnings.push(...output.exporter.warnings().map((w) => (options.split ? `${output.part.name}: ${w}` : w)));
      report.parts.push(output.part);
      report.documents += output.part.documents;
      report.annotations += output.part.annotations;
      report.relations += output.part.relations;
    }
    return report;
  } catch (e) {
    await pool?.close();
    await Promise.all([...outputs.values()].map((o) => o.file?.abort().catch(() => {})));
    throw e;
  }
}

/** Each document read and rendered on this thread, in corpus order. */
async function* renderHere(
  service: CorpusService,
  entries: readonly ScannedDocument[],
  outputOf: (entry: ScannedDocument) => PartOutput,
  filters: RenderFilters,
  signal?: AbortSignal,
): AsyncGenerator<OrderedOutcome> {
  for await (const read of readDocuments(service, entries, signal ? { signal } : {})) {
    yield { entry: read.entry, outcome: renderDocument(read, outputOf(read.entry).exporter, filters) };
  }
}
