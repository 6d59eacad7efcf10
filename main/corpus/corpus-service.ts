// The corpus folder service: scan, read documents and sidecars, write sidecars
// atomically. No Electron: the app, the CLI and the tests share it.
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { mkdir, readFile, readdir, realpath, stat } from 'node:fs/promises';
import { readAbsoluteInside, readInside, readRegularFile } from './confined-fs';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import type { DocumentEntry, DocumentKind, OpenedDocument, SaveResult } from '../../app/ipc/contract';
import { LabelSchemaFileSchema, parseLabelSchema, type LabelSchemaFile } from '../../app/label-schema';
import { TextIndex } from '../../app/offsets';
import { reanchorSidecar } from '../../app/reanchor';
import { checkReferences, parseSidecar, serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { SIDECAR_SUFFIX, type Sidecar } from '../../app/sidecar/sidecar-schema';
import { MAX_DOCUMENT_BYTES, decodeDocument, formatSize } from './decode';
import { describeIssues } from '../../app/zod-issues';
import { CorpusError, ioError, isInside, plainErrorReason, resolveInside, resolveTargetInside, splitRelPath } from './paths';
import { TEMP_FILE, atomicWriteFile, nodeFs, writeIfAbsent, writeNewFile, type AtomicFs } from './atomic-write';
import { FileLedger, sha256Hex } from './file-ledger';
import { applySidecarChanges, type SidecarChanges } from '../../app/sidecar/sidecar-changes';
import { DEFAULT_SCHEMA_FILE, resourcesDir } from './resources-path';
import { HTML_EXTENSIONS, htmlDocumentText, isExtractedTextArtifact, isHtmlDocument } from './html-article';
import { countLabels } from '../../app/search/filter-documents';
import { mapLimit } from './map-limit';
import { LockQueue, fileIdentity, isLockArtifact, type LockOptions } from './file-lock';
import { JOURNAL_PATH, completeJournal, pendingJournalTargets, writeBatch, type BatchHooks } from './write-journal';

export { CorpusError } from './paths';

/** Saved web pages are read as their article text (html-article.ts). */
const TEXT_EXTENSIONS = new Set(['.txt', '.md', ...HTML_EXTENSIONS]);
/** Folders never scanned besides dot-folders (.marginalia, .git, …). */
const SKIPPED_FOLDERS = new Set(['node_modules']);
/**
 * Sidecars and the files the app writes beside them: backups (of a broken
 * sidecar, of an older format, of the version before re-anchoring) and
 * temporary files of atomic writes (ours, `.<hex>.tmp`, and write-file-atomic's, `.<number>`).
 */
const CORPUS_ARTIFACT = /\.annotations\.json(?:\.broken-[^/]*\.bak|\.before-reanchor-[^/]*\.bak|\.before-merge-[^/]*\.bak|\.v\d+\.bak|\.\d+|\.[0-9a-z]{6,16}\.tmp)?$/;
export const LABEL_SCHEMA_PATH = '.marginalia/schema.json';
/** How many files the scan reads at once. */
const SCAN_CONCURRENCY = 32;

export function documentKind(path: string): DocumentKind {
  return TEXT_EXTENSIONS.has(extname(path).toLowerCase()) ? 'text' : 'unsupported';
}

export function isCorpusArtifact(name: string): boolean {
  return CORPUS_ARTIFACT.test(name) || isExtractedTextArtifact(name) || isAtomicTemp(name) || isLockArtifact(name);
}

/** A temporary file of an atomic write (any target): `<name>.<hex>.tmp`. A crash may leave one; it is never a document. */
function isAtomicTemp(name: string): boolean {
  return TEMP_FILE.test(name) && name.lastIndexOf('.', name.length - 5) > 0;
}

export interface LabelSchemaResult {
  schema: LabelSchemaFile;
  /** Set when the corpus has a .marginalia/schema.json that could not be used. */
  problem?: string;
}

export interface CorpusServiceOptions {
  /** The resources/ folder holding default-schema.json; see resourcesDir(). */
  resourcesDir?: string;
  /** The file system used for every write (sidecars and backups); tests inject failures here. */
  fs?: AtomicFs;
  /** Temporary files older than this (ms) left by a crash are removed on the next save of the same sidecar (default 60 s). */
  staleTempMs?: number;
  /** How long to wait for another writer's lock on a file, and when a lock is stale (file-lock.ts). */
  lock?: LockOptions;
}

export interface WriteSidecarOptions {
  /**
   * SHA-256 of the sidecar bytes the caller last read or wrote (null: it saw
   * no file). When the file on disk holds anything else, nothing is written:
   * CorpusError 'conflict'. Undefined: no check.
   */
  expectedSha256?: string | null;
}

/** One sidecar of a write of several (CorpusService.writeSidecarsTogether). */
export interface SidecarWrite {
  rel: string;
  sidecar: Sidecar;
  /** As WriteSidecarOptions.expectedSha256 (null: no file was read). */
  expectedSha256: string | null;
}

/** A sidecar write checked and ready to be renamed into place (see prepareSidecar). */
interface PreparedSidecar {
  sidecarRel: string;
  file: string;
  /** fileIdentity of the file when it was read: compared again right before the rename. */
  identity: string | null;
  previousSha: string | null;
  toWrite: Sidecar;
  bytes: Uint8Array;
  sha256: string;
  /** The app's own previous version, kept because this write removes annotations from it (keepOwnVersionIfRemoved). */
  backupPath?: string;
  notice?: string;
}

type SidecarRead =
  | { state: 'missing'; file: string }
  | { state: 'ok'; file: string; sidecar: Sidecar; migratedFrom?: number; bytes: Uint8Array }
  | { state: 'broken'; file: string; message: string; bytes: Uint8Array };

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** How many written sidecars readSidecarOf may reuse without parsing. */
const WRITTEN_KEPT = 8;

const defaultSchemas = new Map<string, Promise<LabelSchemaFile>>();

/** The default label schema from resources/default-schema.json (read once per folder). */
export function readDefaultLabelSchema(dir = resourcesDir()): Promise<LabelSchemaFile> {
  let cached = defaultSchemas.get(dir);
  if (!cached) {
    const file = join(dir, DEFAULT_SCHEMA_FILE);
    cached = readFile(file, 'utf8').then((text) => {
      const parsed = LabelSchemaFileSchema.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`${file} is not a valid label schema: ${describeIssues(parsed.error)}`);
      return parsed.data;
    });
    cached.catch(() => defaultSchemas.delete(dir));
    defaultSchemas.set(dir, cached);
  }
  return cached;
}

function toRel(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/');
}

function backupStamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
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
  /** What the service last read or wrote of each file (content hashes), for the watcher to tell others' changes from ours. */
  readonly ledger = new FileLedger();
  private readonly resources: string | undefined;
  private readonly fs: AtomicFs;
  private readonly staleTempMs: number | undefined;
  private readonly locks = new LockQueue();
  private readonly lockOptions: LockOptions;

  private constructor(root: string, options: CorpusServiceOptions) {
    this.root = root;
    this.name = basename(root) || root;
    this.resources = options.resourcesDir;
    this.fs = options.fs ?? nodeFs;
    this.staleTempMs = options.staleTempMs;
    this.lockOptions = options.lock ?? {};
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
    return service;
  }

  /**
   * Writes the sidecars of several documents as one (an import): all or none
   * (write-journal.ts). Each is checked as writeSidecar checks it (its
   * expectedSha256, a broken file, references); any refusal writes nothing.
   */
  writeSidecarsTogether(items: SidecarWrite[], hooks: Pick<BatchHooks, 'afterRename'> = {}): Promise<SaveResult[]> {
    return this.updateSidecarsTogether(
      items.map((i) => i.rel),
      async () => items,
      hooks,
    );
  }

  /**
   * Like writeSidecarsTogether, but `plan` (which reads the documents and
   * decides what to write) runs holding the locks of every sidecar of `rels`:
   * no writer that takes them can slip in between the read and the write.
   */
  async updateSidecarsTogether(rels: string[], plan: () => Promise<SidecarWrite[]>, hooks: Pick<BatchHooks, 'afterRename'> = {}): Promise<SaveResult[]> {
    await this.completeInterruptedWrites();
    const files = new Map<string, { file: string; what: string }>();
    for (const rel of rels) {
      await this.textDocument(rel);
      const what = sidecarNameFor(rel);
      files.set(rel, { file: await resolveTargetInside(this.root, what), what });
    }
    const journal = { file: await this.journalFile(), what: JOURNAL_PATH };
    return this.locks.runAll(
      [journal, ...files.values()],
      async () => {
        const items = await plan();
        const prepared: PreparedSidecar[] = [];
        for (const item of items) {
          const target = files.get(item.rel);
          if (!target) throw new CorpusError('internal', `${item.rel} was not among the documents locked for this write`);
          prepared.push(await this.prepareSidecar(item.rel, target.file, item.sidecar, { expectedSha256: item.expectedSha256 }));
        }
        if (prepared.length === 0) return [];
        for (const p of prepared) this.ledger.note(p.sidecarRel, p.sha256);
        try {
          await writeBatch(this.root, prepared.map((p) => ({ file: p.file, bytes: p.bytes, check: () => this.checkUnchanged(p) })), { fs: this.fs, ...hooks });
        } catch (e) {
          for (const p of prepared) this.ledger.note(p.sidecarRel, p.previousSha);
          throw e;
        }
        for (const p of prepared) this.rememberWritten(p.sidecarRel, p.bytes, p.sha256, p.toWrite);
        const savedAt = new Date().toISOString();
        return prepared.map((p) => ({ savedAt, annotationCount: p.toWrite.annotations.length, sidecarSha256: p.sha256 }));
      },
      this.lockOptions,
    );
  }

  /** Completes a batch of writes interrupted after its commit point (write-journal.ts); one failed open when there is none. */
  async completeInterruptedWrites(): Promise<string[]> {
    const targets = await pendingJournalTargets(this.root);
    if (!targets) return [];
    const files = await Promise.all(targets.map(async (t) => ({ file: await resolveTargetInside(this.root, t), what: t })));
    return this.locks.runAll(
      [{ file: await this.journalFile(), what: JOURNAL_PATH }, ...files],
      async () => {
        const { completed, problems } = await completeJournal(this.root, this.fs);
        for (const p of problems) console.error(`marginalia: ${p}`);
        return completed;
      },
      this.lockOptions,
    );
  }

  private async journalFile(): Promise<string> {
    await mkdir(join(this.root, dirname(JOURNAL_PATH)), { recursive: true }).catch(() => {});
    return resolveTargetInside(this.root, JOURNAL_PATH);
  }

  /**
   * Every document in the corpus, sorted by path: text documents with their
   * size, annotation count and status from their sidecars; other files as
   * 'unsupported'. Dot-folders, node_modules, sidecars and their backups are
   * not listed; symlinks leading outside the corpus are skipped.
   */
  async listDocuments(): Promise<DocumentEntry[]> {
    const found: FoundFile[] = [];
    await this.scanFolder(this.root, '', [this.root], found);
    const entries = await mapLimit(found, SCAN_CONCURRENCY, (f) => this.describe(f));
    const listed = entries.filter((e): e is DocumentEntry => e !== null);
    return listed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /**
   * The documents listDocuments lists as 'text', sorted by path, from the scan
   * alone (no file or sidecar is read): for the search index and the export.
   */
  async scanTextDocuments(): Promise<ScannedDocument[]> {
    const found: FoundFile[] = [];
    await this.scanFolder(this.root, '', [this.root], found);
    const text = found.filter((f) => documentKind(f.rel) === 'text');
    const scanned = await mapLimit(text, SCAN_CONCURRENCY, (f) => this.scannedDocument(f));
    return scanned.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /**
   * Where a scanned document's sidecar is read from: a plain file beside it
   * as it is; a symlink (or anything else named like a sidecar) only through
   * the confinement, so an export never reads a sidecar outside the corpus.
   */
  private async scannedDocument(f: FoundFile): Promise<ScannedDocument> {
    const entry: ScannedDocument = { path: f.rel, file: f.real, sidecarFile: null };
    if (!f.hasSidecar) return entry;
    const beside = join(f.folder, basename(f.rel) + SIDECAR_SUFFIX);
    if (f.plainSidecar) return { ...entry, sidecarFile: beside };
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
      } else if (isFile && !isCorpusArtifact(name)) {
        const sidecar = names.get(name + SIDECAR_SUFFIX);
        found.push({ rel, real, folder, hasSidecar: sidecar !== undefined, plainSidecar: sidecar?.isFile() === true });
      }
    }
  }

  private async describe(f: FoundFile): Promise<DocumentEntry | null> {
    let size: number;
    try {
      size = (await stat(f.real)).size;
    } catch {
      return null; // removed while scanning
    }
    const kind = documentKind(f.rel);
    const entry: DocumentEntry = {
      path: f.rel,
      name: basename(f.rel),
      kind,
      size,
      annotationCount: 0,
      status: 'todo',
    };
    if (kind !== 'text' || !f.hasSidecar) return entry;
    // A plain file in a real folder inside the corpus needs no resolving (three system calls fewer per document).
    const read = await (f.plainSidecar ? this.readSidecarAt(join(f.folder, basename(f.rel) + SIDECAR_SUFFIX), sidecarNameFor(f.rel)) : this.readSidecarOf(f.rel)).catch(
      (e: unknown) => ioError(e, sidecarNameFor(f.rel)),
    );
    if (read instanceof CorpusError) entry.sidecarProblem = read.message;
    else if (read.state === 'broken') entry.sidecarProblem = read.message;
    else if (read.state === 'ok') {
      entry.annotationCount = read.sidecar.annotations.length;
      entry.status = read.sidecar.status;
      if (read.sidecar.annotations.length) entry.labelCounts = countLabels(read.sidecar.annotations);
      if (read.sidecar.orphans?.length) entry.orphanCount = read.sidecar.orphans.length;
    }
    return entry;
  }

  /**
   * The sidecar of document `rel`, read and parsed; never throws for a bad
   * file, only for a path problem. With `reuseWritten`, bytes identical to
   * what this service last wrote there are not parsed again (saving after
   * each tag would otherwise validate the whole file each time).
   */
  private async readSidecarOf(rel: string, reuseWritten = false): Promise<SidecarRead> {
    const sidecarRel = sidecarNameFor(rel);
    return this.readSidecarAt(await resolveTargetInside(this.root, sidecarRel), sidecarRel, reuseWritten);
  }

  /** The sidecar `sidecarRel`, read from `file` (its real path, inside the corpus). */
  private async readSidecarAt(file: string, sidecarRel: string, reuseWritten = false): Promise<SidecarRead> {
    let bytes: Uint8Array;
    try {
      // Regular files only: a FIFO named like a sidecar must never block main.
      bytes = await readRegularFile(file, sidecarRel);
    } catch (e) {
      if (e instanceof CorpusError && e.code === 'not-found') return { state: 'missing', file };
      throw ioError(e, sidecarRel);
    }
    const written = reuseWritten ? this.lastWritten.get(sidecarRel) : undefined;
    if (written?.sidecar && written.bytes.length === bytes.length && Buffer.compare(written.bytes, bytes) === 0) {
      return { state: 'ok', file, bytes, sidecar: written.sidecar };
    }
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      return { state: 'broken', file, bytes, message: `${sidecarRel} is not valid UTF-8` };
    }
    const parsed = parseSidecar(text);
    if (!parsed.ok) return { state: 'broken', file, bytes, message: `${sidecarRel}: ${parsed.message}` };
    return parsed.migratedFrom === undefined
      ? { state: 'ok', file, bytes, sidecar: parsed.sidecar }
      : { state: 'ok', file, bytes, sidecar: parsed.sidecar, migratedFrom: parsed.migratedFrom };
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
      : { text: decodeDocument(bytes, rel), sha256: createHash('sha256').update(bytes).digest('hex') };
    const index = new TextIndex(text);
    const doc: OpenedDocument = { path: rel, text, sha256, length: index.length, sidecar: null, sourceChanged: false };
    this.ledger.note(rel, sha256Hex(bytes));
    this.openedHere.add(rel);

    let read: SidecarRead;
    try {
      read = await this.readSidecarOf(rel);
    } catch (e) {
      doc.sidecarProblem = { message: ioError(e, sidecarNameFor(rel)).message };
      return doc;
    }
    doc.sidecarSha256 = read.state === 'missing' ? null : sha256Hex(read.bytes);
    this.ledger.note(sidecarNameFor(rel), doc.sidecarSha256);
    if (read.state === 'ok') {
      doc.sidecar = read.sidecar;
      doc.sourceChanged = read.sidecar.source.sha256 !== sha256;
      // The base the app's first saveSidecarChanges applies to (parsed only if one comes). Not after
      // re-anchoring: the app's state then differs from the file, and it saves the whole sidecar.
      if (!doc.sourceChanged && doc.sidecarSha256) this.rememberWritten(sidecarNameFor(rel), read.bytes, doc.sidecarSha256, null);
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
      doc.sidecarProblem = { message: read.message, backupPath: await this.backUpBrokenSidecar(read.file, read.bytes) };
    }
    return doc;
  }

  /**
   * Keeps a copy of an unreadable sidecar as `<sidecar>.broken-<timestamp>.bak`,
   * once: if a backup with the same bytes is already there, that one is named.
   * Returns its corpus-relative path, or undefined if no copy could be written.
   */
  private async backUpBrokenSidecar(file: string, bytes: Uint8Array): Promise<string | undefined> {
    try {
      return toRel(this.root, await this.backUpOnce(file, 'broken', bytes));
    } catch (e) {
      console.error(`marginalia: could not back up ${file}:`, e);
      return undefined;
    }
  }

  /**
   * Keeps `bytes` (the content of `file`) as `<file>.<kind>-<timestamp>.bak`,
   * once: if a backup of that kind with the same bytes exists, its path is
   * returned and nothing is written. Throws when the copy cannot be written.
   */
  private async backUpOnce(file: string, kind: string, bytes: Uint8Array): Promise<string> {
    const folder = dirname(file);
    const prefix = `${basename(file)}.${kind}-`;
    for (const name of await readdir(folder).catch(() => [] as string[])) {
      if (!name.startsWith(prefix) || !name.endsWith('.bak')) continue;
      const existing = await readAbsoluteInside(this.root, join(folder, name)).catch(() => null);
      if (existing && Buffer.compare(existing.bytes, bytes) === 0) return join(folder, name);
    }
    return writeNewFile(`${file}.${kind}-${backupStamp()}`, '.bak', bytes, this.fs);
  }

  /**
   * The sidecars last written or opened (bytes, hash, and the sidecar they
   * encode once known), most recent last: see readSidecarOf and
   * writeSidecarChanges.
   */
  private readonly lastWritten = new Map<string, { bytes: Uint8Array; sha256: string; sidecar: Sidecar | null }>();

  private rememberWritten(sidecarRel: string, bytes: Uint8Array, sha256: string, sidecar: Sidecar | null): void {
    // As parseSidecar gives it back: no orphans is an absent key.
    const parsedForm = sidecar?.orphans?.length === 0 ? (({ orphans: _none, ...rest }) => rest)(sidecar) : sidecar;
    this.lastWritten.delete(sidecarRel);
    this.lastWritten.set(sidecarRel, { bytes, sha256, sidecar: parsedForm });
    // A few open documents' worth: a batch over the corpus must not keep every sidecar in memory.
    while (this.lastWritten.size > WRITTEN_KEPT) this.lastWritten.delete(this.lastWritten.keys().next().value as string);
  }

  /**
   * Writes the sidecar of text document `rel` atomically (temporary file and
   * rename: a crash or a full disk leaves the previous file whole). Refuses,
   * writing nothing:
   * - 'sidecar-invalid' when the sidecar on disk exists but cannot be read (it
   *   is never overwritten), or `sidecar` has dangling or duplicate ids;
   * - 'conflict' when `options.expectedSha256` is given and the file on disk
   *   holds something else (another program changed it since it was read);
   * - 'io' when the disk refuses (full, read-only, permission), naming the
   *   file and the reason in plain words.
   * Before replacing a file of an older format, or one written for other
   * source bytes (re-anchoring), a copy of it is kept beside it (once).
   * `sidecar.orphans` absent keeps the orphans of the file on disk that are
   * not placed in `sidecar.annotations`; present, it is the whole list.
   */
  async writeSidecar(rel: string, sidecar: Sidecar, options: WriteSidecarOptions = {}): Promise<SaveResult> {
    try {
      await this.textDocument(rel);
    } catch (e) {
      // Deleted or renamed since this service opened it: the annotations are kept somewhere safe rather than refused
      // forever. A document never opened here gets no sidecar: that would be writing files the app was never shown.
      if (!(e instanceof CorpusError && e.code === 'not-found') || !this.openedHere.has(rel)) throw e;
      return this.keepForMissingArticle(rel, sidecar, options);
    }
    await this.completeInterruptedWrites();
    const sidecarRel = sidecarNameFor(rel);
    const target = await resolveTargetInside(this.root, sidecarRel);
    // One writer at a time per sidecar, across processes: the check below and the rename are one step.
    return this.locks.run(target, sidecarRel, async () => this.commitSidecar(await this.prepareSidecar(rel, target, sidecar, options)), this.lockOptions);
  }

  /** Everything writeSidecar checks and keeps before writing; run holding the sidecar's lock. */
  private async prepareSidecar(rel: string, target: string, sidecar: Sidecar, options: WriteSidecarOptions): Promise<PreparedSidecar> {
    const sidecarRel = sidecarNameFor(rel);
    const identity = await fileIdentity(target);
    const current = await this.readSidecarAt(target, sidecarRel, true);
    if (options.expectedSha256 !== undefined) {
      const onDisk = current.state === 'missing' ? null : sha256Hex(current.bytes);
      if (onDisk !== options.expectedSha256) {
        const what =
          onDisk === null
            ? 'was deleted by another program'
            : options.expectedSha256 === null
              ? 'was created by another program'
              : 'was changed by another program';
        throw new CorpusError(
          'conflict',
          `${sidecarRel} ${what} since it was opened; it was not overwritten. Reload it (or merge) before saving again`,
        );
      }
    }
    if (current.state === 'broken') {
      throw new CorpusError(
        'sidecar-invalid',
        `${current.message}. It is kept as it is and not overwritten: fix or move it, then save again`,
      );
    }
    let toWrite = sidecar;
    if (sidecar.orphans === undefined && current.state === 'ok' && current.sidecar.orphans?.length) {
      // A caller that does not handle orphans must not drop them.
      const placed = new Set(sidecar.annotations.map((a) => a.id));
      const kept = current.sidecar.orphans.filter((o) => !placed.has(o.id));
      if (kept.length) toWrite = { ...sidecar, orphans: kept };
    }
    const problem = checkReferences(toWrite);
    if (problem) throw new CorpusError('sidecar-invalid', `not saved to ${sidecarRel}: ${problem}`);
    if (current.state === 'ok') {
      try {
        if (current.migratedFrom !== undefined) {
          // An older format is rewritten only with the original kept beside it.
          await writeIfAbsent(`${current.file}.v${current.migratedFrom}.bak`, current.bytes, this.fs);
        }
        if (current.sidecar.source.sha256 !== toWrite.source.sha256) {
          // Re-anchored annotations replace the ones made on other source bytes only with those kept beside them.
          await this.backUpOnce(current.file, 'before-reanchor', current.bytes);
        }
      } catch (e) {
        throw new CorpusError(
          'io',
          `Could not save ${sidecarRel}: keeping a copy of the previous version failed (${plainErrorReason(e)}). Nothing was changed`,
          { cause: e },
        );
      }
    }
    const kept = await this.keepOwnVersionIfRemoved(sidecarRel, current, toWrite);
    const bytes = new TextEncoder().encode(serializeSidecar(toWrite));
    return { ...kept, sidecarRel, file: current.file, identity, previousSha: current.state === 'missing' ? null : sha256Hex(current.bytes), toWrite, bytes, sha256: sha256Hex(bytes) };
  }

  /** Documents this service has opened (readDocument): only those may be saved after they disappear. */
  private readonly openedHere = new Set<string>();

  /** Where the annotations of documents deleted or renamed while open were kept, by document: see keepForMissingArticle. */
  private readonly keptFor = new Map<string, { file: string; sha256: string }>();

  /**
   * Saves the annotations of document `rel`, which was deleted or renamed
   * while open: beside where it was when its sidecar there is missing or is
   * the one the app last saw; otherwise (or when its folder is gone too) in a
   * new file under `.marginalia/kept/`, never replacing anything of someone
   * else's. The result's `notice` says where.
   */
  private async keepForMissingArticle(rel: string, sidecar: Sidecar, options: WriteSidecarOptions): Promise<SaveResult> {
    const sidecarRel = sidecarNameFor(rel);
    const notice = (where: string) =>
      `${rel} was deleted or renamed by another program. Its annotations were saved to ${where}; to keep them with the article, move that file beside it, named after it with .annotations.json`;
    try {
      const target = await resolveTargetInside(this.root, sidecarRel);
      const result = await this.locks.run(
        target,
        sidecarRel,
        async () => {
          const onDisk = await this.readSidecarAt(target, sidecarRel);
          // Nothing there to overwrite, or exactly what the app last saw: the usual checks and backups apply.
          const expected = onDisk.state === 'missing' ? null : options.expectedSha256;
          return this.commitSidecar(await this.prepareSidecar(rel, target, sidecar, { expectedSha256: expected === undefined ? null : expected }));
        },
        this.lockOptions,
      );
      return { ...result, notice: notice(sidecarRel) };
    } catch (e) {
      if (!(e instanceof CorpusError) || !['not-found', 'conflict', 'sidecar-invalid'].includes(e.code)) throw e;
    }
    const bytes = new TextEncoder().encode(serializeSidecar(sidecar));
    const sha = sha256Hex(bytes);
    const folder = join(this.root, dirname(JOURNAL_PATH), 'kept');
    await mkdir(folder, { recursive: true }).catch(() => {});
    const previous = this.keptFor.get(rel);
    let file: string;
    try {
      if (previous && options.expectedSha256 === previous.sha256 && (await readAbsoluteInside(this.root, previous.file).then((r) => sha256Hex(r.bytes) === previous.sha256, () => false))) {
        file = previous.file;
        await atomicWriteFile(file, bytes, { fs: this.fs });
      } else {
        const base = await resolveTargetInside(this.root, `${dirname(JOURNAL_PATH)}/kept/${rel.split('/').join('__')}`);
        file = await writeNewFile(base, SIDECAR_SUFFIX, bytes, this.fs);
      }
    } catch (e) {
      throw new CorpusError('io', `${rel} was deleted or renamed by another program, and its annotations could not be kept in ${dirname(JOURNAL_PATH)}/kept: ${plainErrorReason(e)}. They are still in the app`, { cause: e });
    }
    this.keptFor.set(rel, { file, sha256: sha });
    return { savedAt: new Date().toISOString(), annotationCount: sidecar.annotations.length, sidecarSha256: sha, notice: notice(toRel(this.root, file)) };
  }

  /**
   * When another program changed or deleted the sidecar since this service
   * last wrote or opened it, and `toWrite` lacks annotations that version had
   * (an older copy restored and merged in), that version is kept first as
   * `<sidecar>.before-merge-<time>.bak`, and the save says where.
   */
  private async keepOwnVersionIfRemoved(sidecarRel: string, current: SidecarRead, toWrite: Sidecar): Promise<{ backupPath?: string; notice?: string }> {
    const own = this.lastWritten.get(sidecarRel);
    const onDisk = current.state === 'missing' ? null : sha256Hex(current.bytes);
    if (!own || own.sha256 === onDisk) return {};
    let ownSidecar = own.sidecar;
    if (!ownSidecar) {
      const parsed = parseSidecar(utf8.decode(own.bytes));
      if (!parsed.ok) return {};
      ownSidecar = parsed.sidecar;
    }
    const kept = new Set([...toWrite.annotations, ...(toWrite.orphans ?? [])].map((a) => a.id));
    const removed = [...ownSidecar.annotations, ...(ownSidecar.orphans ?? [])].filter((a) => !kept.has(a.id));
    if (removed.length === 0) return {};
    let backup: string;
    try {
      backup = toRel(this.root, await this.backUpOnce(current.file, 'before-merge', own.bytes));
    } catch (e) {
      throw new CorpusError('io', `Could not save ${sidecarRel}: keeping a copy of the version saved here failed (${plainErrorReason(e)}). Nothing was changed`, { cause: e });
    }
    const names = removed.slice(0, 3).map((a) => `“${a.text.slice(0, 30)}”`).join(', ') + (removed.length > 3 ? '…' : '');
    return {
      backupPath: backup,
      notice: `${sidecarRel} was changed by another program: ${removed.length} annotation${removed.length === 1 ? '' : 's'} saved here (${names}) ${removed.length === 1 ? 'is' : 'are'} no longer in it. The version saved here was kept as ${backup}`,
    };
  }

  /** Renames a prepared sidecar into place if the file is still the one it was prepared against. */
  private async commitSidecar(p: PreparedSidecar): Promise<SaveResult> {
    // Noted before the rename, so the watcher never mistakes this write for another program's.
    this.ledger.note(p.sidecarRel, p.sha256);
    this.lastWritten.delete(p.sidecarRel);
    try {
      await atomicWriteFile(p.file, p.bytes, {
        fs: this.fs,
        ...(this.staleTempMs !== undefined ? { staleTempMs: this.staleTempMs } : {}),
        beforeRename: () => this.checkUnchanged(p),
      });
      this.rememberWritten(p.sidecarRel, p.bytes, p.sha256, p.toWrite);
    } catch (e) {
      this.ledger.note(p.sidecarRel, p.previousSha);
      if (e instanceof CorpusError) throw e;
      throw new CorpusError('io', `Could not save ${p.sidecarRel}: ${plainErrorReason(e)}. The previous version of the file is intact`, { cause: e });
    }
    return {
      savedAt: new Date().toISOString(),
      annotationCount: p.toWrite.annotations.length,
      sidecarSha256: p.sha256,
      ...(p.backupPath ? { backupPath: p.backupPath } : {}),
      ...(p.notice ? { notice: p.notice } : {}),
    };
  }

  /** A program that takes no lock (an editor, a sync tool) may still have written meanwhile: then nothing is replaced. */
  private async checkUnchanged(p: PreparedSidecar): Promise<void> {
    if ((await fileIdentity(p.file)) !== p.identity) {
      throw new CorpusError('conflict', `${p.sidecarRel} was changed by another program while it was being saved; it was not overwritten. Reload it (or merge) before saving again`);
    }
  }

  /**
   * Applies `changes` to the sidecar this service last wrote for `rel`, whose
   * bytes hashed to `baseSha256`, and writes the result with writeSidecar
   * (`expectedSha256: baseSha256`: a file changed on disk since is a
   * 'conflict', as for a whole save). Throws 'stale' when it holds no such
   * copy (another window wrote, the app restarted): send the whole sidecar.
   */
  async writeSidecarChanges(rel: string, baseSha256: string, changes: SidecarChanges): Promise<SaveResult> {
    const sidecarRel = sidecarNameFor(rel);
    const base = this.lastWritten.get(sidecarRel);
    const stale = () => new CorpusError('stale', `${sidecarRel}: the version these changes apply to is not at hand; send the whole sidecar`);
    if (!base || base.sha256 !== baseSha256) throw stale();
    if (!base.sidecar) {
      // Opened but not written yet: parsed here once, from the bytes the app opened.
      const parsed = parseSidecar(utf8.decode(base.bytes));
      if (!parsed.ok || parsed.migratedFrom !== undefined) throw stale();
      base.sidecar = parsed.sidecar;
    }
    return this.writeSidecar(rel, applySidecarChanges(base.sidecar, changes), { expectedSha256: baseSha256 });
  }

  /**
   * The corpus's label schema from .marginalia/schema.json, or the defaults.
   * A file that cannot be used gives the defaults and a problem naming it.
   */
  async loadLabelSchema(): Promise<LabelSchemaResult> {
    const defaults = () => readDefaultLabelSchema(this.resources ?? resourcesDir());
    let text: string;
    try {
      text = (await readInside(this.root, LABEL_SCHEMA_PATH)).bytes.toString('utf8');
    } catch (e) {
      const error = ioError(e, LABEL_SCHEMA_PATH);
      if (error.code === 'not-found') return { schema: await defaults() };
      return { schema: await defaults(), problem: `${error.message}; using the default labels` };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return { schema: await defaults(), problem: `${LABEL_SCHEMA_PATH} is not valid JSON (${(e as Error).message}); using the default labels` };
    }
    // The same checks as saving (schema-store.ts): the shape, then checkLabelSchema (names, hotkeys).
    const parsed = parseLabelSchema(json);
    if (!parsed.ok) {
      return { schema: await defaults(), problem: `${LABEL_SCHEMA_PATH} is not a valid label schema (${parsed.message}); using the default labels` };
    }
    return { schema: parsed.schema };
  }
}
