// Reading a corpus's documents for export: one at a time, a few ahead, so
// file reads overlap with the work on the previous document while memory
// stays bounded by a handful of documents, never the whole corpus.
//
// Speed: an export must stay within 3x of reading the same bytes (DESIGN.md,
// Performance). CorpusService.listDocuments() reads and validates every
// sidecar, and readDocument() resolves and checks each path again and reads
// the sidecar a second time: together about 6 s on the 10,000-article
// benchmark against a budget of 4 s for the whole export. So the common case
// is read here directly, from the service's own scan (scanTextDocuments) and
// with the same pure pieces (main/workspace/document-reader.ts): a plain text
// document whose sidecar was written for exactly these bytes. Anything else
// (a saved web page, whose text is extracted; a source that changed, whose
// annotations must be re-anchored) goes through CorpusService.readDocument(),
// so its semantics stay the service's. Read-only either way: a broken sidecar
// is reported, never backed up or rewritten by an export.
import { sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { decodeSidecar, plainDocumentText, type DocumentText } from '../workspace/document-reader';
import type { Sidecar } from '../../app/sidecar/sidecar-schema';
import type { CorpusService } from '../corpus/corpus-service';
import { readRegularFileFast, readRegularFileSync } from '../corpus/confined-fs';
import { CorpusError } from '../corpus/paths';
import { formatSize, MAX_DOCUMENT_BYTES } from '../corpus/decode';

/** A text document found by the scan. */
export type { ScannedDocument } from '../corpus/corpus-service';
import type { ScannedDocument } from '../corpus/corpus-service';

export interface LoadedDocument {
  path: string;
  text: string;
  sidecar: Sidecar | null;
  /** Items of an invalid sidecar left out so the rest of it can be exported (salvageSidecar), each named. */
  problems?: string[];
}

export type ReadResult = { entry: ScannedDocument; doc: LoadedDocument } | { entry: ScannedDocument; error: string };

/** How many documents are read ahead of the one being worked on. */
export const READ_AHEAD = 16;

export function abortError(): Error {
  const e = new Error('the export was cancelled');
  e.name = 'AbortError';
  return e;
}

/**
 * How a document's files are read: on libuv's threads, or (in an export
 * worker, where blocking costs nothing else) directly. Either way through the
 * corpus confinement's flags (confined-fs.ts): the scan gave real paths inside
 * the corpus, and only regular files are read (a FIFO never blocks).
 */
export type FileReader = (path: string) => Promise<Uint8Array>;
const readAsync: FileReader = (path) => readRegularFileFast(path);
export const readBlocking: FileReader = (path) => {
  try {
    return Promise.resolve(readRegularFileSync(path, path).bytes);
  } catch (e) {
    return Promise.reject(e as Error);
  }
};

/** Reads and checks a sidecar; a message naming it when it cannot be used. */
export async function readSidecarFile(
  entry: ScannedDocument,
  readFile: FileReader = readAsync,
): Promise<{ sidecar: Sidecar | null; problems?: string[] } | { error: string }> {
  const name = sidecarNameFor(entry.path);
  if (entry.sidecarProblem) return { error: `${name}: ${entry.sidecarProblem}` };
  if (!entry.sidecarFile) return { sidecar: null };
  let bytes: Uint8Array;
  try {
    bytes = await readFile(entry.sidecarFile);
  } catch (e) {
    if (e instanceof CorpusError && e.code === 'not-found') return { sidecar: null };
    return { error: `${name} cannot be read: ${e instanceof CorpusError ? e.message : (e as Error).message}` };
  }
  // One bad annotation must not take the whole document out of the dataset: salvaged, each item left out named.
  const decoded = decodeSidecar(bytes, name, { salvage: true });
  if (decoded.state === 'broken') return { error: decoded.message };
  if (!decoded.dropped) return { sidecar: decoded.sidecar };
  return { sidecar: decoded.sidecar, problems: decoded.dropped.map((d) => `${entry.path}: ${d}; not exported`) };
}

/** The document needs CorpusService.readDocument(): a saved web page, or a sidecar written for other bytes. */
export const NEEDS_SERVICE = 'needs-service';

/**
 * Reads a plain text document whose sidecar was written for exactly its
 * bytes, without the service (an export worker has none); NEEDS_SERVICE for
 * anything else.
 */
export async function loadDirect(entry: ScannedDocument, readFile: FileReader = readAsync): Promise<ReadResult | typeof NEEDS_SERVICE> {
  const sidecarRead = await readSidecarFile(entry, readFile);
  if ('error' in sidecarRead) return { entry, error: sidecarRead.error };
  const lower = entry.path.toLowerCase();
  if (!lower.endsWith('.txt') && !lower.endsWith('.md')) return NEEDS_SERVICE;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(entry.file);
  } catch (e) {
    return { entry, error: `${entry.path} cannot be read: ${(e as Error).message}` };
  }
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    return { entry, error: `${entry.path} is ${formatSize(bytes.length)}; documents over ${formatSize(MAX_DOCUMENT_BYTES)} are not opened` };
  }
  let source: DocumentText;
  try {
    source = plainDocumentText(bytes, entry.path);
  } catch (e) {
    return { entry, error: (e as Error).message };
  }
  const sidecar = sidecarRead.sidecar;
  // Written for other bytes: the service re-anchors the annotations on the current text.
  if (sidecar && sidecar.source.sha256 !== source.sha256) return NEEDS_SERVICE;
  const doc: LoadedDocument = { path: entry.path, text: source.text, sidecar };
  if (sidecarRead.problems) doc.problems = sidecarRead.problems;
  return { entry, doc };
}

/** Reads a document through the service, as the app opens it. */
export async function loadViaService(service: CorpusService, entry: ScannedDocument): Promise<ReadResult> {
  try {
    const doc = await service.readDocument(entry.path);
    if (doc.sidecarProblem) return { entry, error: doc.sidecarProblem.message };
    return { entry, doc: { path: entry.path, text: doc.text, sidecar: doc.sidecar } };
  } catch (e) {
    return { entry, error: e instanceof Error ? e.message : String(e) };
  }
}

async function load(service: CorpusService, entry: ScannedDocument): Promise<ReadResult> {
  const direct = await loadDirect(entry);
  return direct === NEEDS_SERVICE ? loadViaService(service, entry) : direct;
}

/**
 * Yields each document in order, reading up to `readAhead` ahead. A document
 * that cannot be read (or whose sidecar cannot) comes back as an error
 * message naming the file.
 */
export async function* readDocuments(
  service: CorpusService,
  entries: readonly ScannedDocument[],
  options: { readAhead?: number; signal?: AbortSignal } = {},
): AsyncGenerator<ReadResult> {
  const ahead = Math.max(1, options.readAhead ?? READ_AHEAD);
  const queue: Promise<ReadResult>[] = [];
  let next = 0;
  while (next < entries.length && queue.length < ahead) queue.push(load(service, entries[next++] as ScannedDocument));
  while (queue.length > 0) {
    if (options.signal?.aborted) throw abortError();
    const result = await (queue.shift() as Promise<ReadResult>);
    if (next < entries.length) queue.push(load(service, entries[next++] as ScannedDocument));
    yield result;
  }
}
