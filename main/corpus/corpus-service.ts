// The corpus folder service: scan, and read documents and sidecars (bytes to
// documents: main/workspace/document-reader.ts); sidecars are written by its
// SidecarStore (main/workspace/sidecar-store.ts). No Electron: the app, the CLI
// and the tests share it; the app wraps it in a Workspace (main/workspace/).
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { readRegularFile } from './confined-fs';
import { basename, join } from 'node:path';
import type { DocumentEntry, OpenedDocument, SaveResult } from '../../app/ipc/contract';
import { TextIndex } from '../../app/offsets';
import { reanchorSidecar } from '../../app/reanchor';
import { sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { plainDocumentText } from '../workspace/document-reader';
import { SIDECAR_SUFFIX, type Sidecar } from '../../app/sidecar/sidecar-schema';
import { MAX_DOCUMENT_BYTES, formatSize } from './decode';
import { CorpusError, ioError, isInside, plainErrorReason, resolveInside, splitRelPath } from './paths';
import { nodeFs, removeStaleTempsUnder, type AtomicFs } from './atomic-write';
import { sha256Hex, type FileLedger } from './file-ledger';
import type { SidecarChanges } from '../../app/sidecar/sidecar-changes';
import { describeMisfits, spansNotFitting } from '../../app/sidecar/span-fit';
import { htmlDocumentText, isHtmlDocument } from './html-article';
import { entryWithSidecar, summarizeSidecar, type DocumentRecord } from '../workspace/corpus-index';
import { readDocumentHead } from './document-title';
import { mapInSlices } from './map-in-slices';
import type { SidecarRead, SidecarWrite, WriteSidecarOptions } from './sidecar-writer';
import { SidecarStore, type SidecarWrittenListener } from '../workspace/sidecar-store';
import type { LockOptions } from './file-lock';
import { SKIPPED_FOLDERS, documentKind, isCorpusArtifact, isNeverListed } from './corpus-files';
import { loadLabelSchema, type LabelSchemaResult } from './label-schema-file';
import type { BatchHooks } from './write-journal';

export { CorpusError } from './paths';
export type { SidecarWrite, WriteSidecarOptions } from './sidecar-writer';

export { documentKind, isCorpusArtifact } from './corpus-files';
export { LABEL_SCHEMA_PATH, readDefaultLabelSchema, type LabelSchemaResult } from './label-schema-file';

export interface CorpusServiceOptions {
  /** The resources/ folder holding default-schema.json; see resourcesDir(). */
  resourcesDir?: string;
  /** The file system used for every write (sidecars and backups); tests inject failures here. */
  fs?: AtomicFs;
  /** Temporary files older than this (ms) left by a crash are removed when the corpus opens (default 60 s). */
  staleTempMs?: number;
  /** How long to wait for another writer's lock on a file, and when a lock is stale (file-lock.ts). */
  lock?: LockOptions;
}

interface FoundFile {
  rel: string;
  /** Real path of the file (a symlink inside the corpus is followed). */
  real: string;
  /** The folder it was found in, where its sidecar would be. */
  folder: string;
  hasSidecar: boolean;
  /** The sidecar is a plain file (not a symlink) in `folder`: its real path is known without resolving it. */
  plainSidecar: boolean;
}

/** A text document found by the scan, with where to read it and its sidecar. */
export interface ScannedDocument {
  /** Relative to the corpus root, forward slashes. */
  path: string;
  /** Absolute path to read it from. */
  file: string;
  /** Absolute real path of its sidecar, inside the corpus, or null when there is none (or it cannot be read). */
  sidecarFile: string | null;
  /** Why a file named like its sidecar is not read (a symlink out of the corpus, a FIFO). */
  sidecarProblem?: string;
}

export class CorpusService {
  /** The real, absolute path of the corpus folder. */
  readonly root: string;
  readonly name: string;
  private readonly resources: string | undefined;
  /** The only writer of the corpus's sidecars (main/workspace/sidecar-store.ts). */
  readonly sidecars: SidecarStore;

  private constructor(root: string, options: CorpusServiceOptions) {
    this.root = root;
    this.name = basename(root) || root;
    this.resources = options.resourcesDir;
    this.sidecars = new SidecarStore({ root, fs: options.fs ?? nodeFs, lock: options.lock ?? {}, textDocument: (rel) => this.textDocument(rel) });
  }

  /** What the service last read or wrote of each file (content hashes), for the watcher to tell others' changes from ours. */
  get ledger(): FileLedger {
    return this.sidecars.ledger;
  }

  /** Calls `listener` after each sidecar this service writes (null: removes), with what it holds now; returns how to stop. */
  onSidecarWritten(listener: SidecarWrittenListener): () => void {
    return this.sidecars.onWritten(listener);
  }

  /** Opens an existing folder as a corpus; anything else is a CorpusError naming it. */
  static async open(root: string, options: CorpusServiceOptions = {}): Promise<CorpusService> {
    let real: string;
    try {
      real = await realpath(root);
    } catch (e) {
      throw ioError(e, `the folder ${root}`);
    }
    const info = await stat(real).catch((e: unknown) => {
      throw ioError(e, `the folder ${root}`);
    });
    if (!info.isDirectory()) throw new CorpusError('not-found', `${root} is not a folder`);
    const service = new CorpusService(real, options);
    // An import killed after its commit point is completed before anything reads the corpus.
    await service.completeInterruptedWrites().catch((e: unknown) => console.error(`marginalia: ${(e as Error).message}`));
    // Once here, not on every save (a save lists no folder: that cost 30-60 ms in a flat folder of 20,000 files).
    await removeStaleTempsUnder(real, options.fs ?? nodeFs, options.staleTempMs ?? 60_000);
    return service;
  }

  /**
   * Every document in the corpus, sorted by path: text documents with their
   * size, annotation count and status from their sidecars; other files as
   * 'unsupported'. Dot-folders, node_modules, sidecars and their backups are
   * not listed; symlinks leading outside the corpus are skipped.
   */
  async listDocuments(): Promise<DocumentEntry[]> {
    return (await this.listDocumentRecords()).map((r) => r.entry);
  }

  /** As listDocuments, with each document's signature and parsed sidecar (for the corpus index, main/workspace/corpus-index.ts). */
  async listDocumentRecords(): Promise<DocumentRecord[]> {
    const found: FoundFile[] = [];
    await this.scanFolder(this.root, '', [this.root], found);
    // Blocking reads in slices (map-in-slices.ts): a promise per file cost more of main's time than the reads themselves.
    const records = await mapInSlices(found, (f) => this.describe(f));
    const listed = records.filter((r): r is DocumentRecord => r !== null);
    return listed.sort((a, b) => (a.entry.path < b.entry.path ? -1 : a.entry.path > b.entry.path ? 1 : 0));
  }

  /**
   * The entry listDocuments would give document `rel` now, reading only it and
   * its sidecar (a change reported by the watcher); null when the list would
   * not have it (gone, hidden, outside the corpus, not a file).
   */
  async describeDocument(rel: string): Promise<DocumentEntry | null> {
    return (await this.describeDocumentRecord(rel))?.entry ?? null;
  }

  /** As describeDocument, with the signature and parsed sidecar. */
  async describeDocumentRecord(rel: string): Promise<DocumentRecord | null> {
    const segments = rel.split('/');
    const name = segments[segments.length - 1] ?? '';
    if (segments.some((s) => s === '' || s.startsWith('.') || s.includes('\\') || SKIPPED_FOLDERS.has(s)) || isNeverListed(name)) return null;
    let real: string;
    try {
      real = await resolveInside(this.root, rel);
      if (!(await stat(real)).isFile()) return null;
    } catch {
      return null;
    }
    // The sidecar is found through the confinement (SidecarStore.read): missing is no sidecar.
    return this.describe({ rel, real, folder: '', hasSidecar: true, plainSidecar: false });
  }

  /**
   * The documents listDocuments lists as 'text', sorted by path, from the scan
   * alone (no file or sidecar is read): for the search index and the export.
   */
  async scanTextDocuments(): Promise<ScannedDocument[]> {
    const found: FoundFile[] = [];
    await this.scanFolder(this.root, '', [this.root], found);
    const text = found.filter((f) => documentKind(f.rel) === 'text');
    const scanned = await mapInSlices(text, (f) => this.scannedDocument(f));
    return scanned.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /**
   * Where a scanned document's sidecar is read from: a plain file beside it
   * as it is; a symlink (or anything else named like a sidecar) only through
   * the confinement, so an export never reads a sidecar outside the corpus.
   */
  private scannedDocument(f: FoundFile): ScannedDocument | Promise<ScannedDocument> {
    const entry: ScannedDocument = { path: f.rel, file: f.real, sidecarFile: null };
    if (!f.hasSidecar) return entry;
    const beside = join(f.folder, basename(f.rel) + SIDECAR_SUFFIX);
    // Known at once for nearly every document: no promise for it (the search build and exports list 10,000).
    if (f.plainSidecar) return { ...entry, sidecarFile: beside };
    return this.linkedSidecar(entry, beside);
  }

  private async linkedSidecar(entry: ScannedDocument, beside: string): Promise<ScannedDocument> {
    try {
      const real = await realpath(beside);
      if (!isInside(this.root, real)) {
        return { ...entry, sidecarProblem: `it leads outside the corpus folder (to ${real}); it is not read` };
      }
      const info = await stat(real);
      if (!info.isFile()) return { ...entry, sidecarProblem: 'it is not a regular file; it is not read' };
      return { ...entry, sidecarFile: real };
    } catch (e) {
      // A dangling symlink: no sidecar to read, and none to follow.
      return (e as NodeJS.ErrnoException).code === 'ENOENT' ? { ...entry, sidecarProblem: 'it is a symlink to a missing file' } : { ...entry, sidecarProblem: plainErrorReason(e) };
    }
  }

  /** The paths listDocuments lists as 'text', sorted (see scanTextDocuments). */
  async listTextDocumentPaths(): Promise<string[]> {
    return (await this.scanTextDocuments()).map((d) => d.path);
  }

  private async scanFolder(folder: string, folderRel: string, ancestors: string[], found: FoundFile[]): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return; // an unreadable folder lists nothing rather than failing the whole scan
    }
    const names = new Map(entries.map((e) => [e.name, e]));
    for (const entry of entries) {
      const name = entry.name;
      // Hidden files and folders (.marginalia, .git, .DS_Store) are not documents;
      // a backslash in a name could not be named back through the bridge.
      if (name.startsWith('.') || name.includes('\\')) continue;
      const rel = folderRel ? `${folderRel}/${name}` : name;
      let real = join(folder, name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          real = await realpath(real);
          const info = await stat(real);
          isDirectory = info.isDirectory();
          isFile = info.isFile();
        } catch {
          continue; // dangling
        }
        if (!isInside(this.root, real)) continue;
        if (isDirectory && ancestors.includes(real)) continue; // a loop
      }
      if (isDirectory) {
        if (!SKIPPED_FOLDERS.has(name)) await this.scanFolder(real, rel, [...ancestors, real], found);
      } else if (isFile && !isNeverListed(name)) {
        const sidecar = names.get(name + SIDECAR_SUFFIX);
        found.push({ rel, real, folder, hasSidecar: sidecar !== undefined, plainSidecar: sidecar?.isFile() === true });
      }
    }
  }

  /** A found file's record, read at once (the scan runs this in slices); only a sidecar reached through a symlink is read through the confinement, in a promise. */
  private describe(f: FoundFile): DocumentRecord | null | Promise<DocumentRecord | null> {
    const kind = documentKind(f.rel);
    // One open gives the size, the time and the title (a second stat and open per document cost more than the reading).
    const head = readDocumentHead(f.real, f.rel, kind === 'text');
    if (!head) return null; // removed while scanning
    const { size, mtimeMs } = head;
    const entry: DocumentEntry = { path: f.rel, name: basename(f.rel), kind, size, annotationCount: 0, status: 'todo' };
    if (head.title) entry.title = head.title;
    const record: DocumentRecord = { entry, signature: `${size}@${mtimeMs}|-`, summary: null };
    if (f.real !== join(this.root, ...f.rel.split('/'))) record.linked = true;
    if (kind !== 'text' || !f.hasSidecar) return record;
    const sidecarRel = sidecarNameFor(f.rel);
    // A plain file in a real folder inside the corpus needs no resolving (three system calls fewer per document).
    if (f.plainSidecar) {
      let read: SidecarRead | CorpusError;
      try {
        read = this.sidecars.readAtSync(join(f.folder, basename(f.rel) + SIDECAR_SUFFIX), sidecarRel);
      } catch (e) {
        read = ioError(e, sidecarRel);
      }
      return withSidecar(record, `${size}@${mtimeMs}`, read);
    }
    return this.sidecars.read(f.rel).then(
      (read) => withSidecar(record, `${size}@${mtimeMs}`, read),
      (e: unknown) => withSidecar(record, `${size}@${mtimeMs}`, ioError(e, sidecarRel)),
    );
  }

  /** A text document that exists inside the corpus: its real path and size. */
  private async textDocument(rel: string): Promise<{ file: string; size: number }> {
    splitRelPath(rel); // a path that leaves the corpus is refused as such before anything else
    if (isCorpusArtifact(basename(rel))) {
      throw new CorpusError('unsupported', `${rel} is an annotations file, not a document`);
    }
    if (documentKind(rel) !== 'text') {
      throw new CorpusError('unsupported', `${rel} is not a text document: only .txt, .md and saved web pages (.html, .htm) can be opened for now`);
    }
    const file = await resolveInside(this.root, rel);
    const info = await stat(file).catch((e: unknown) => {
      throw ioError(e, rel);
    });
    if (!info.isFile()) throw new CorpusError('unsupported', `${rel} is not a file`);
    return { file, size: info.size };
  }

  /** Reads a text document and its sidecar. */
  async readDocument(rel: string): Promise<OpenedDocument> {
    const { file, size } = await this.textDocument(rel);
    if (size > MAX_DOCUMENT_BYTES) {
      throw new CorpusError(
        'too-large',
        `${rel} is ${formatSize(size)}; documents over ${formatSize(MAX_DOCUMENT_BYTES)} are not opened`,
      );
    }
    const bytes = await readRegularFile(file, rel, MAX_DOCUMENT_BYTES);
    // A saved web page is read as its article text, kept beside it (html-article.ts); sha256 is that text's hash.
    const { text, sha256 } = isHtmlDocument(rel)
      ? await htmlDocumentText(this.root, file, rel, bytes)
      : plainDocumentText(bytes, rel);
    const index = new TextIndex(text);
    const doc: OpenedDocument = { path: rel, text, sha256, length: index.length, sidecar: null, sourceChanged: false };
    // A plain text's sha256 is already its bytes' hash; a web page's is its extracted text's.
    this.ledger.note(rel, isHtmlDocument(rel) ? sha256Hex(bytes) : sha256);
    this.sidecars.noteOpened(rel);

    let read: SidecarRead;
    try {
      read = await this.sidecars.read(rel);
    } catch (e) {
      doc.sidecarProblem = { message: ioError(e, sidecarNameFor(rel)).message };
      return doc;
    }
    doc.sidecarSha256 = read.state === 'missing' ? null : sha256Hex(read.bytes);
    // The base the app's first saveSidecarChanges applies to. Not after re-anchoring:
    // the app's state then differs from the file, and it saves the whole sidecar.
    this.sidecars.opened(rel, read, doc.sidecarSha256, read.state === 'ok' && read.sidecar.source.sha256 === sha256);
    if (read.state === 'ok') {
      doc.sidecar = read.sidecar;
      // Spans that do not fit the text are reported; the app shows them as not placed, read-only (app/sidecar/span-fit.ts).
      const misfits = read.sidecar.source.sha256 === sha256 ? spansNotFitting(index, read.sidecar.annotations) : [];
      if (misfits.length) doc.spanProblems = { message: describeMisfits(sidecarNameFor(rel), misfits), ids: misfits.map((m) => m.id) };
      doc.sourceChanged = read.sidecar.source.sha256 !== sha256;
      if (doc.sourceChanged) {
        // Placed again on the new text, orphans kept; nothing is written until the app saves.
        const source = { name: basename(rel), sha256, length: index.length };
        try {
          const { sidecar, report } = reanchorSidecar(read.sidecar, index, source);
          doc.sidecar = sidecar;
          doc.reanchor = { ...report, previousSource: read.sidecar.source };
        } catch (e) {
          // A bug here must not make the document unopenable: it opens as before, annotations unplaced (read-only in the app).
          console.error(`marginalia: re-anchoring ${rel} failed:`, e);
        }
      }
    } else if (read.state === 'broken') {
      doc.sidecarProblem = { message: read.message, backupPath: await this.sidecars.backUpBroken(read.file, read.bytes) };
    }
    return doc;
  }

  /** Writes several sidecars as one, all or none: see SidecarWriter.writeSidecarsTogether. */
  writeSidecarsTogether(items: SidecarWrite[], hooks: Pick<BatchHooks, 'afterRename'> = {}): Promise<SaveResult[]> {
    return this.sidecars.writeTogether(items, hooks);
  }

  /** Reads (in `plan`) and writes several sidecars holding all their locks: see SidecarWriter.updateSidecarsTogether. */
  updateSidecarsTogether(rels: string[], plan: () => Promise<SidecarWrite[]>, hooks: Pick<BatchHooks, 'afterRename'> = {}): Promise<SaveResult[]> {
    return this.sidecars.updateTogether(rels, plan, hooks);
  }

  /** Completes an import interrupted after its commit point (write-journal.ts). */
  completeInterruptedWrites(): Promise<string[]> {
    return this.sidecars.completeInterruptedWrites();
  }

  /** Writes the sidecar of text document `rel`: see SidecarWriter.writeSidecar (locked, conflict-checked, atomic). */
  writeSidecar(rel: string, sidecar: Sidecar, options: WriteSidecarOptions = {}): Promise<SaveResult> {
    return this.sidecars.write(rel, sidecar, options);
  }

  /** Applies `changes` to the copy last written with hash `baseSha256`: see SidecarWriter.writeSidecarChanges. */
  writeSidecarChanges(rel: string, baseSha256: string, changes: SidecarChanges): Promise<SaveResult> {
    return this.sidecars.writeChanges(rel, baseSha256, changes);
  }

  /** Removes the sidecar of `rel` while it still holds what was saved: see SidecarWriter.deleteSidecar. */
  deleteSidecar(rel: string, expectedSha256: string): Promise<{ deleted: boolean }> {
    return this.sidecars.delete(rel, expectedSha256);
  }

  /** The corpus's label schema from .marginalia/schema.json, or the defaults (label-schema-file.ts). */
  loadLabelSchema(): Promise<LabelSchemaResult> {
    return loadLabelSchema(this.root, this.resources);
  }
}

/** `record` with what its sidecar gave: its entry's counts and status, or the problem naming the sidecar; the signature then holds the sidecar's hash. */
function withSidecar(record: DocumentRecord, stamp: string, read: SidecarRead | CorpusError): DocumentRecord {
  if (read instanceof CorpusError || read.state === 'broken') record.entry.sidecarProblem = read.message;
  if (read instanceof CorpusError || read.state === 'missing') return record;
  record.signature = `${stamp}|${sha256Hex(read.bytes)}`;
  if (read.state === 'ok') {
    record.entry = entryWithSidecar(record.entry, read.sidecar);
    record.summary = summarizeSidecar(read.sidecar);
  }
  return record;
}
