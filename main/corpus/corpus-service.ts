// The corpus folder service: scan, read documents and sidecars, write sidecars
// atomically. No Electron: the app, the CLI and the tests share it.
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readFile, readdir, realpath, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { DocumentEntry, DocumentKind, OpenedDocument, SaveResult } from '../../app/ipc/contract';
import { LabelSchemaFileSchema, type LabelSchemaFile } from '../../app/label-schema';
import { codePointLength } from '../../app/offsets';
import { checkReferences, parseSidecar, serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { SIDECAR_SUFFIX, type Sidecar } from '../../app/sidecar/sidecar-schema';
import { MAX_DOCUMENT_BYTES, decodeDocument, formatSize } from './decode';
import { describeIssues } from '../../app/zod-issues';
import { CorpusError, ioError, isInside, resolveInside, resolveTargetInside, splitRelPath } from './paths';
import { DEFAULT_SCHEMA_FILE, resourcesDir } from './resources-path';

export { CorpusError } from './paths';

const TEXT_EXTENSIONS = new Set(['.txt', '.md']);
/** Folders never scanned besides dot-folders (.marginalia, .git, …). */
const SKIPPED_FOLDERS = new Set(['node_modules']);
/** Sidecars and the files the app writes beside them: backups and write-file-atomic's temporary files. */
const CORPUS_ARTIFACT = /\.annotations\.json(?:\.broken-[^/]*\.bak|\.v\d+\.bak|\.\d+)?$/;
export const LABEL_SCHEMA_PATH = '.marginalia/schema.json';
/** How many files the scan reads at once. */
const SCAN_CONCURRENCY = 32;

export function documentKind(path: string): DocumentKind {
  return TEXT_EXTENSIONS.has(extname(path).toLowerCase()) ? 'text' : 'unsupported';
}

export function isCorpusArtifact(name: string): boolean {
  return CORPUS_ARTIFACT.test(name);
}

export interface LabelSchemaResult {
  schema: LabelSchemaFile;
  /** Set when the corpus has a .marginalia/schema.json that could not be used. */
  problem?: string;
}

export interface CorpusServiceOptions {
  /** The resources/ folder holding default-schema.json; see resourcesDir(). */
  resourcesDir?: string;
}

type SidecarRead =
  | { state: 'missing'; file: string }
  | { state: 'ok'; file: string; sidecar: Sidecar; migratedFrom?: number; bytes: Uint8Array }
  | { state: 'broken'; file: string; message: string; bytes: Uint8Array };

const utf8 = new TextDecoder('utf-8', { fatal: true });

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

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function toRel(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/');
}

function backupStamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** Writes `bytes` to `base` + `suffix`, adding a counter if that name is taken; returns the path written. */
async function writeNewFile(base: string, suffix: string, bytes: Uint8Array): Promise<string> {
  for (let n = 0; ; n++) {
    const file = `${base}${n === 0 ? '' : `-${n}`}${suffix}`;
    try {
      await writeFile(file, bytes, { flag: 'wx' });
      return file;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 100) throw e;
    }
  }
}

interface FoundFile {
  rel: string;
  /** Real path of the file (a symlink inside the corpus is followed). */
  real: string;
  hasSidecar: boolean;
}

export class CorpusService {
  /** The real, absolute path of the corpus folder. */
  readonly root: string;
  readonly name: string;
  private readonly resources: string | undefined;

  private constructor(root: string, options: CorpusServiceOptions) {
    this.root = root;
    this.name = basename(root) || root;
    this.resources = options.resourcesDir;
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

  private async scanFolder(folder: string, folderRel: string, ancestors: string[], found: FoundFile[]): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return; // an unreadable folder lists nothing rather than failing the whole scan
    }
    const names = new Set(entries.map((e) => e.name));
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
        found.push({ rel, real, hasSidecar: names.has(name + SIDECAR_SUFFIX) });
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
    const read = await this.readSidecarOf(f.rel).catch((e: unknown) => ioError(e, sidecarNameFor(f.rel)));
    if (read instanceof CorpusError) entry.sidecarProblem = read.message;
    else if (read.state === 'broken') entry.sidecarProblem = read.message;
    else if (read.state === 'ok') {
      entry.annotationCount = read.sidecar.annotations.length;
      entry.status = read.sidecar.status;
    }
    return entry;
  }

  /** The sidecar of document `rel`, read and parsed; never throws for a bad file, only for a path problem. */
  private async readSidecarOf(rel: string): Promise<SidecarRead> {
    const sidecarRel = sidecarNameFor(rel);
    const file = await resolveTargetInside(this.root, sidecarRel);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing', file };
      throw ioError(e, sidecarRel);
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
      throw new CorpusError('unsupported', `${rel} is not a text document: only .txt and .md files can be opened for now`);
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
    const text = decodeDocument(bytes, rel);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const doc: OpenedDocument = { path: rel, text, sha256, length: codePointLength(text), sidecar: null, sourceChanged: false };

    let read: SidecarRead;
    try {
      read = await this.readSidecarOf(rel);
    } catch (e) {
      doc.sidecarProblem = { message: ioError(e, sidecarNameFor(rel)).message };
      return doc;
    }
    if (read.state === 'ok') {
      doc.sidecar = read.sidecar;
      doc.sourceChanged = read.sidecar.source.sha256 !== sha256;
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
    const folder = dirname(file);
    const prefix = `${basename(file)}.broken-`;
    try {
      for (const name of await readdir(folder)) {
        if (!name.startsWith(prefix) || !name.endsWith('.bak')) continue;
        const existing = await readFile(join(folder, name)).catch(() => null);
        if (existing && Buffer.compare(existing, bytes) === 0) return toRel(this.root, join(folder, name));
      }
      return toRel(this.root, await writeNewFile(`${file}.broken-${backupStamp()}`, '.bak', bytes));
    } catch (e) {
      console.error(`marginalia: could not back up ${file}:`, e);
      return undefined;
    }
  }

  /**
   * Writes the sidecar of text document `rel` atomically. Refuses when the
   * sidecar on disk exists but cannot be read (it is never overwritten), or
   * when `sidecar` has dangling or duplicate ids.
   */
  async writeSidecar(rel: string, sidecar: Sidecar): Promise<SaveResult> {
    await this.textDocument(rel);
    const sidecarRel = sidecarNameFor(rel);
    const current = await this.readSidecarOf(rel);
    if (current.state === 'broken') {
      throw new CorpusError(
        'sidecar-invalid',
        `${current.message}. It is kept as it is and not overwritten: fix or move it, then save again`,
      );
    }
    const problem = checkReferences(sidecar);
    if (problem) throw new CorpusError('sidecar-invalid', `not saved to ${sidecarRel}: ${problem}`);
    if (current.state === 'ok' && current.migratedFrom !== undefined) {
      // An older format is rewritten only with the original kept beside it.
      await writeFile(`${current.file}.v${current.migratedFrom}.bak`, current.bytes, { flag: 'wx' }).catch((e: unknown) => {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw ioError(e, `${sidecarRel} (backup of the old version)`);
      });
    }
    try {
      await writeFileAtomic(current.file, serializeSidecar(sidecar), { encoding: 'utf8' });
    } catch (e) {
      throw ioError(e, sidecarRel);
    }
    return { savedAt: new Date().toISOString(), annotationCount: sidecar.annotations.length };
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
    const parsed = LabelSchemaFileSchema.safeParse(json);
    if (!parsed.success) {
      return { schema: await defaults(), problem: `${LABEL_SCHEMA_PATH} is not a valid label schema (${describeIssues(parsed.error)}); using the default labels` };
    }
    return { schema: parsed.data };
  }
}
