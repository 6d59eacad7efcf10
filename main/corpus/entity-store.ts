// The corpus's entity registry on disk (.marginalia/entities.json) and the
// search for an entity's mentions across the corpus (from its index). No Electron:
// the app, the CLI and the tests share it.
//
// Reliability: writes are atomic (confined-fs.ts, temporary file and rename) and serialised per corpus and, across
// processes, by entities.json.lock; a registry file that cannot be read is never overwritten (a copy is
// kept beside it and saves are refused until it is fixed); a save names the
// revision it was based on, and one made over a file changed since (by git, a
// text editor, another window) is refused as a 'conflict' rather than
// silently undoing that change.
import { createHash } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import {
  emptyRegistry,
  parseEntityRegistry,
  serializeEntityRegistry,
  validateEntityRegistry,
  type EntityRegistry,
} from '../../app/entity-registry';
import type {
  EntityCountsResult,
  EntityMention,
  EntityMentionsResult,
  EntityRegistryLoadResult,
  EntityRegistrySaveResult,
} from '../../app/ipc/contract';
import { indexedDocumentsOf, type EntityLink, type IndexSource, type ListingSource } from '../workspace/corpus-index';
import type { CorpusService } from './corpus-service';
import { readAbsoluteInside, readRegularFile, writeInside, writeTargetInside } from './confined-fs';
import { nodeFs, writeNewFile, type AtomicFs } from './atomic-write';
import { LockQueue, fileIdentity, type LockOptions } from './file-lock';
import { CorpusError, ioError, plainErrorReason, resolveInside } from './paths';

export const MARGINALIA_FOLDER = '.marginalia';
export const ENTITY_REGISTRY_PATH = `${MARGINALIA_FOLDER}/entities.json`;

/**
 * An opaque token for the registry file's bytes in one corpus (null: no file).
 * It names the corpus too, so a save meant for one corpus is refused by another.
 */
export function registryRevision(root: string, bytes: Uint8Array | null): string {
  const h = createHash('sha256').update(root).update('\0');
  if (bytes) h.update('file\0').update(bytes);
  else h.update('missing');
  return h.digest('hex').slice(0, 32);
}

function backupStamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

function toRel(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/');
}

type RegistryRead =
  | { state: 'missing'; file: string | null }
  | { state: 'ok'; file: string; bytes: Uint8Array; registry: EntityRegistry }
  | { state: 'broken'; file: string; bytes: Uint8Array; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseBytes(bytes: Uint8Array): { ok: true; registry: EntityRegistry } | { ok: false; message: string } {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, message: 'not valid UTF-8' };
  }
  return parseEntityRegistry(text);
}

/** Reads the registry file; throws a CorpusError only for a path or IO problem. */
async function readRegistry(root: string): Promise<RegistryRead> {
  let file: string;
  try {
    file = await resolveInside(root, ENTITY_REGISTRY_PATH);
  } catch (e) {
    if (e instanceof CorpusError && e.code === 'not-found') return { state: 'missing', file: null };
    throw e;
  }
  let bytes: Uint8Array;
  try {
    bytes = await readRegularFile(file, ENTITY_REGISTRY_PATH);
  } catch (e) {
    if (e instanceof CorpusError && e.code === 'not-found') return { state: 'missing', file };
    throw ioError(e, ENTITY_REGISTRY_PATH);
  }
  const parsed = parseBytes(bytes);
  return parsed.ok ? { state: 'ok', file, bytes, registry: parsed.registry } : { state: 'broken', file, bytes, message: parsed.message };
}

/**
 * Keeps a copy of an unreadable registry as `entities.json.broken-<timestamp>.bak`,
 * once: if a backup with the same bytes is there already, that one is named.
 * Returns its corpus-relative path, or undefined if no copy could be written.
 */
async function backUpBroken(root: string, file: string, bytes: Uint8Array, fs: AtomicFs = nodeFs): Promise<string | undefined> {
  const folder = dirname(file);
  const prefix = `${basename(file)}.broken-`;
  try {
    for (const name of await readdir(folder)) {
      if (!name.startsWith(prefix) || !name.endsWith('.bak')) continue;
      const existing = await readAbsoluteInside(root, join(folder, name)).catch(() => null);
      if (existing && Buffer.compare(existing.bytes, bytes) === 0) return toRel(root, join(folder, name));
    }
    // writeNewFile removes its partial copy on failure: a full disk leaves no 0-byte backup.
    return toRel(root, await writeNewFile(`${file}.broken-${backupStamp()}`, '.bak', bytes, fs));
  } catch (e) {
    console.error(`marginalia: could not back up ${file}:`, e);
  }
  return undefined;
}

function brokenMessage(message: string, backupPath: string | undefined): string {
  return `${ENTITY_REGISTRY_PATH} cannot be read (${message}). It is kept as it is and not overwritten${
    backupPath ? `; a copy is at ${backupPath}` : ''
  }. Fix or move it, then open the corpus again; until then entities are read-only`;
}

/**
 * The corpus's entity registry. A missing file is an empty registry. A file
 * that cannot be read gives an empty registry with a `problem` (and a backup
 * copy); saves are refused until it is fixed.
 */
export async function loadEntityRegistry(service: Pick<CorpusService, 'root'>, options: { fs?: AtomicFs } = {}): Promise<EntityRegistryLoadResult> {
  const root = service.root;
  let read: RegistryRead;
  try {
    read = await readRegistry(root);
  } catch (e) {
    const error = ioError(e, ENTITY_REGISTRY_PATH);
    return { registry: emptyRegistry(), revision: registryRevision(root, null), root, problem: `${error.message}; entities are read-only` };
  }
  if (read.state === 'missing') return { registry: emptyRegistry(), revision: registryRevision(root, null), root };
  const revision = registryRevision(root, read.bytes);
  if (read.state === 'ok') return { registry: read.registry, revision, root };
  const backupPath = await backUpBroken(root, read.file, read.bytes, options.fs);
  const result: EntityRegistryLoadResult = { registry: emptyRegistry(), revision, root, problem: brokenMessage(read.message, backupPath) };
  if (backupPath) result.backupPath = backupPath;
  return result;
}

/** Saves in flight per corpus root: one at a time, so a later save never lands before an earlier one. */
const writing = new Map<string, Promise<unknown>>();

function serialised<T>(root: string, task: () => Promise<T>): Promise<T> {
  const previous = writing.get(root) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  writing.set(root, tail);
  void tail.then(() => {
    if (writing.get(root) === tail) writing.delete(root);
  });
  return run;
}

/** Registry writers in this process, queued per file before its lock file (file-lock.ts). */
const registryLocks = new LockQueue();

export interface SaveRegistryOptions {
  /** The file system written through (tests make a write happen mid-save with it). */
  fs?: AtomicFs;
  /** How long to wait for another process's lock (file-lock.ts). */
  lock?: LockOptions;
  /**
   * The revision the registry was loaded (or last saved) as. When given and
   * the file has changed since, nothing is written and a 'conflict' is thrown.
   */
  baseRevision?: string;
}

/**
 * Writes the registry to `.marginalia/entities.json` atomically (creating the
 * folder if needed), in the canonical form. Refuses ('registry-invalid') when
 * the registry does not validate or the file on disk cannot be read, and
 * ('conflict') when it changed since `baseRevision`.
 */
export function saveEntityRegistry(
  service: Pick<CorpusService, 'root'>,
  registry: EntityRegistry,
  options: SaveRegistryOptions = {},
): Promise<EntityRegistrySaveResult> {
  const root = service.root;
  return serialised(root, async () => {
    const valid = validateEntityRegistry(registry);
    if (!valid.ok) throw new CorpusError('registry-invalid', `not saved to ${ENTITY_REGISTRY_PATH}: ${valid.message}`);
    try {
      await mkdir(join(root, MARGINALIA_FOLDER));
    } catch (e) {
      // An existing folder is fine; a symlink leading out is refused just below.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw ioError(e, MARGINALIA_FOLDER);
    }
    const target = await writeTargetInside(root, ENTITY_REGISTRY_PATH);
    // Across processes (another window's main, the CLI): the check and the rename happen holding entities.json.lock.
    const next = await registryLocks.run(
      target,
      ENTITY_REGISTRY_PATH,
      async () => {
        const identity = await fileIdentity(target);
        const read = await readRegistry(root);
        const bytes = read.state === 'missing' ? null : read.bytes;
        if (read.state === 'broken') {
          const backupPath = await backUpBroken(root, read.file, read.bytes);
          throw new CorpusError('registry-invalid', brokenMessage(read.message, backupPath));
        }
        const changedSince = () =>
          new CorpusError(
            'conflict',
            `${ENTITY_REGISTRY_PATH} was changed by another program (or another corpus is open now) since it was read; nothing was written`,
          );
        if (options.baseRevision !== undefined && options.baseRevision !== registryRevision(root, bytes)) throw changedSince();
        const text = serializeEntityRegistry(valid.registry);
        const result = Buffer.from(text, 'utf8');
        if (!bytes || Buffer.compare(Buffer.from(bytes), result) !== 0) {
          try {
            await writeInside(root, ENTITY_REGISTRY_PATH, result, {
              ...(options.fs ? { fs: options.fs } : {}),
              // A program that takes no lock may have written since the read: then nothing is replaced.
              beforeRename: async () => {
                if ((await fileIdentity(target)) !== identity) throw changedSince();
              },
            });
          } catch (e) {
            if (e instanceof CorpusError) throw e;
            throw new CorpusError('io', `Could not save ${ENTITY_REGISTRY_PATH}: ${plainErrorReason(e)}. The previous version of the file is intact`, { cause: e });
          }
        }
        return result;
      },
      options.lock,
    );
    return { savedAt: new Date().toISOString(), revision: registryRevision(root, next), entityCount: valid.registry.entities.length };
  });
}

// ---- mentions ---------------------------------------------------------------------

/**
 * Calls `visit` with every annotation of the corpus that links an entity,
 * document by document in path order, from the corpus index (no sidecar is
 * read again). Returns the sidecars that could not be read, each named.
 */
async function forEachLinkedAnnotation(source: IndexSource | ListingSource, visit: (path: string, link: EntityLink) => void): Promise<string[]> {
  const problems: string[] = [];
  for (const d of await indexedDocumentsOf(source)) {
    if (d.entry.sidecarProblem) problems.push(d.entry.sidecarProblem);
    for (const link of d.summary?.links.values() ?? []) visit(d.entry.path, link);
  }
  return [...new Set(problems)].sort();
}

/**
 * Every annotation in the corpus linked to `entityId`, as saved in the
 * sidecars (unsaved edits in an open window are not seen), sorted by
 * document path, then offsets.
 */
export async function findMentions(source: IndexSource | ListingSource, entityId: string): Promise<EntityMentionsResult> {
  const mentions: EntityMention[] = [];
  const problems = await forEachLinkedAnnotation(source, (path, a) => {
    if (a.entity !== entityId) return;
    mentions.push({ path, annotationId: a.annotationId, text: a.text, start: a.start, end: a.end, label: a.label, prefix: a.prefix, suffix: a.suffix });
  });
  // By document, then offsets (a hand-edited sidecar may be unsorted).
  mentions.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.start - b.start || a.end - b.end));
  return { mentions, problems };
}

/** How many annotations link each entity id, and in how many documents. */
export async function countMentions(source: IndexSource | ListingSource): Promise<EntityCountsResult> {
  // A Map, not an object: entity ids are file content ("__proto__" is a valid one).
  const counts = new Map<string, { mentions: number; documents: number }>();
  const lastDoc = new Map<string, string>();
  const problems = await forEachLinkedAnnotation(source, (path, a) => {
    let c = counts.get(a.entity);
    if (!c) counts.set(a.entity, (c = { mentions: 0, documents: 0 }));
    c.mentions++;
    if (lastDoc.get(a.entity) !== path) {
      c.documents++;
      lastDoc.set(a.entity, path);
    }
  });
  // Object.fromEntries defines own properties, so any id is safe as a key.
  return { counts: Object.fromEntries(counts), problems };
}
