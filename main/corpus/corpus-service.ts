// The corpus folder service: scan, read documents and sidecars, write sidecars
// atomically. No Electron: the app, the CLI and the tests share it.
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
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
const CORPUS_ARTIFACT = /\.annotations\.json(?:\.broken-[^/]*\.bak|\.before-reanchor-[^/]*\.bak|\.v\d+\.bak|\.\d+|\.[0-9a-z]{6,16}\.tmp)?$/;
export const LABEL_SCHEMA_PATH = '.marginalia/schema.json';
/** How many files the scan reads at once. */
const SCAN_CONCURRENCY = 32;

export function documentKind(path: string): DocumentKind {
  return TEXT_EXTENSIONS.has(extname(path).toLowerCase()) ? 'text' : 'unsupported';
}

export function isCorpusArtifact(name: string): boolean {
  return CORPUS_ARTIFACT.test(name) || isExtractedTextArtifact(name) || isAtomicTemp(name);
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
}

export interface WriteSidecarOptions {
  /**
   * SHA-256 of the sidecar bytes the caller last read or wrote (null: it saw
   * no file). When the file on disk holds anything else, nothing is written:
   * CorpusError 'conflict'. Undefined: no check.
   */
  expectedSha256?: string | null;
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
  /** Absolute path of its sidecar, or null when there is none. */
  sidecarFile: string | null;
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

  private constructor(root: string, options: CorpusServiceOptions) {
    this.root = root;
    this.name = basename(root) || root;
    this.resources = options.resourcesDir;
    this.fs = options.fs ?? nodeFs;
    this.staleTempMs = options.staleTempMs;
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
    return new CorpusService(real, options);
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
    return found
      .filter((f) => documentKind(f.rel) === 'text')
      .map((f) => ({ path: f.rel, file: f.real, sidecarFile: f.hasSidecar ? join(f.folder, basename(f.rel) + SIDECAR_SUFFIX) : null }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
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
      bytes = await readFile(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing', file };
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
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (e) {
      throw ioError(e, rel);
    }
    // A saved web page is read as its article text, kept beside it (html-article.ts); sha256 is that text's hash.
    const { text, sha256 } = isHtmlDocument(rel)
      ? await htmlDocumentText(file, rel, bytes)
      : { text: decodeDocument(bytes, rel), sha256: createHash('sha256').update(bytes).digest('hex') };
    const index = new TextIndex(text);
    const doc: OpenedDocument = { path: rel, text, sha256, length: index.length, sidecar: null, sourceChanged: false };
    this.ledger.note(rel, sha256Hex(bytes));

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
      const existing = await readFile(join(folder, name)).catch(() => null);
      if (existing && Buffer.compare(existing, bytes) === 0) return join(folder, name);
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
   * `sidecar.conflicts` absent keeps the file's merge conflicts likewise.
   */
  async writeSidecar(rel: string, sidecar: Sidecar, options: WriteSidecarOptions = {}): Promise<SaveResult> {
    await this.textDocument(rel);
    const sidecarRel = sidecarNameFor(rel);
    const current = await this.readSidecarOf(rel, true);
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
    if (sidecar.conflicts === undefined && current.state === 'ok' && current.sidecar.conflicts?.length) {
      // Merge conflicts (app/merge3/) stay until someone decides them: a caller that does not handle them must not drop them.
      toWrite = { ...toWrite, conflicts: current.sidecar.conflicts };
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
    const text = serializeSidecar(toWrite);
    const bytes = new TextEncoder().encode(text);
    const written = sha256Hex(bytes);
    // Noted before the rename, so the watcher never mistakes this write for another program's.
    this.ledger.note(sidecarRel, written);
    this.lastWritten.delete(sidecarRel);
    try {
      await atomicWriteFile(current.file, bytes, { fs: this.fs, ...(this.staleTempMs !== undefined ? { staleTempMs: this.staleTempMs } : {}) });
      this.rememberWritten(sidecarRel, bytes, written, toWrite);
    } catch (e) {
      this.ledger.note(sidecarRel, current.state === 'missing' ? null : sha256Hex(current.bytes));
      throw new CorpusError(
        'io',
        `Could not save ${sidecarRel}: ${plainErrorReason(e)}. The previous version of the file is intact`,
        { cause: e },
      );
    }
    return { savedAt: new Date().toISOString(), annotationCount: toWrite.annotations.length, sidecarSha256: written };
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
      text = await readFile(await resolveInside(this.root, LABEL_SCHEMA_PATH), 'utf8');
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
