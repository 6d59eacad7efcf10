// Watching the open corpus for changes made by other programs: git pull, a
// sync tool, an editor rewriting an article, files added or removed. Events
// are debounced and checked against the FileLedger (what the app itself last
// read or wrote), so the app's own saves, and rewrites with the same bytes,
// are never reported. No Electron: the workspace takes the events in first.
//
// Speed against safety: a change must reach the list and search within 200 ms
// (a 150 ms write-settle and a 250 ms debounce made it 420). Now chokidar's
// awaitWriteFinish only waits for the size to hold still 25 ms (it also keeps
// the last change of a burst, which chokidar's own 50 ms throttle would
// otherwise drop), the debounce is 30 ms, and a changed file is read once: a
// file caught half-written anyway (its size or time moved while it was read,
// or a sidecar that is not JSON yet) is read again once, `retryMs` later,
// before it is reported. A writer still busy after that makes more events, so
// the finished file is always reported last.
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { CorpusFileEvent } from '../../app/ipc/contract';
import { SIDECAR_SUFFIX } from '../../app/sidecar/sidecar-schema';
import { documentKind, isNeverListed } from './corpus-files';
import type { FileLedger } from './file-ledger';
import { isInside } from './paths';

/** More changed documents than this in one report: the list is read again rather than updated document by document. */
export const MAX_DELTA_PATHS = 200;

export interface CorpusWatcherOptions {
  /** The corpus root (a real path, as CorpusService.root). */
  root: string;
  /** The corpus service's ledger: what the app last read or wrote. */
  ledger: FileLedger;
  onEvent(event: CorpusFileEvent): void;
  /** Problems watching (e.g. the system's limit on watched folders); console.error by default. */
  onError?(error: unknown): void;
  /** Quiet time before pending changes are reported (ms, default 30). */
  debounceMs?: number;
  /** Longest a change waits while others keep coming (ms, default 2000). */
  maxDelayMs?: number;
  /** A file must stop growing for this long before its change counts (ms, default 25). */
  stabilityMs?: number;
  /** A file caught half-written all the same is read again this much later, once, before it is reported (ms, default 50). */
  retryMs?: number;
  /** Poll instead of native events (network drives); default false. */
  usePolling?: boolean;
  /** How often each file is polled (ms, default 100; the workspace's fallback after running out of watches polls less often). */
  pollIntervalMs?: number;
  /** Reads a file, null when it is not there (tests count the reads). */
  readFile?(path: string): Promise<Uint8Array | null>;
}

export interface CorpusWatcher {
  readonly root: string;
  /** Stops watching; pending changes are dropped. */
  close(): Promise<void>;
  /** Reports pending changes now (tests, and before closing a document). */
  flush(): Promise<void>;
}

/** A file's bytes; null when it does not exist (or is not a readable file). */
export function readChangedFile(path: string): Promise<Uint8Array | null> {
  return readFile(path).catch(() => null);
}

/** What a changed file holds now: its hash (null: gone), or 'unsettled' when it was caught being written. */
type FileNews = { sha: string | null } | 'unsettled';

const sameStamp = (a: { size: number; mtimeMs: number } | null, b: { size: number; mtimeMs: number } | null) =>
  a === null || b === null ? a === b : a.size === b.size && a.mtimeMs === b.mtimeMs;

/** Above this, a sidecar is not parsed to see whether it is whole (that blocked main 0.3-0.7 s on a 30 MB sidecar): its ends are checked. */
const PARSE_CHECK_MAX_BYTES = 1024 * 1024;

const isJsonSpace = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** An object's first and last bytes, `{` and `}` (after a BOM and white space): a file cut off mid-way almost never ends so; one that does is reported again when its writer goes on. */
function endsLikeObject(bytes: Uint8Array): boolean {
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let end = bytes.length - 1;
  while (start <= end && isJsonSpace(bytes[start])) start++;
  while (end >= start && isJsonSpace(bytes[end])) end--;
  return start < end && bytes[start] === 0x7b && bytes[end] === 0x7d;
}

/** Half-written JSON does not parse; a finished sidecar does (even one that is not a valid sidecar, which is reported as such). */
function looksWhole(bytes: Uint8Array): boolean {
  if (bytes.length > PARSE_CHECK_MAX_BYTES) return endsLikeObject(bytes);
  try {
    JSON.parse(Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/u, ''));
    return true;
  } catch {
    return false;
  }
}

/** Corpus-relative path with forward slashes, or null for the root itself and anything outside it. */
function toRel(root: string, path: string): string | null {
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || rel.startsWith(sep)) return null;
  return rel.split(sep).join('/');
}

/** Paths the scanner never lists are not watched either: dot files and folders, node_modules, backups, temporary files. */
export function isIgnoredPath(rel: string): boolean {
  const segments = rel.split('/');
  for (const s of segments) {
    if (s.startsWith('.') || s === 'node_modules' || s.includes('\\')) return true;
  }
  const name = segments[segments.length - 1] ?? '';
  return isNeverListed(name) && !name.endsWith(SIDECAR_SUFFIX);
}

/**
 * Starts watching `options.root`; resolves once the initial scan is done (so
 * a change made after that is reported). Symlinks are not followed (a link
 * could lead outside the corpus or into a loop).
 */
export async function watchCorpus(options: CorpusWatcherOptions): Promise<CorpusWatcher> {
  const { root, ledger } = options;
  const debounceMs = options.debounceMs ?? 30;
  const retryMs = options.retryMs ?? 50;
  const maxDelayMs = options.maxDelayMs ?? 2000;
  const onError = options.onError ?? ((e: unknown) => console.error('marginalia: watching the corpus:', e));
  const read = options.readFile ?? readChangedFile;
  /** Files read once already and found half-written: the next time, they are reported whatever they hold. */
  const retried = new Set<string>();
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  /** Reads `rel` once, checking it was not being written meanwhile (`json`: a sidecar, which must parse). */
  const news = async (rel: string, json: boolean): Promise<FileNews> => {
    const file = `${root}${sep}${rel.split('/').join(sep)}`;
    const stampOf = async () => {
      const info = await stat(file).catch(() => null);
      return info?.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : null;
    };
    // The corpus's confinement holds here too: a file swapped for a symlink leading out is never read (nor hashed and reported); it counts as gone.
    const real = await realpath(file).catch(() => null);
    if (real !== null && !isInside(root, real)) {
      retried.delete(rel);
      return { sha: null };
    }
    const before = await stampOf();
    const bytes = before === null ? null : await read(file);
    const after = await stampOf();
    const whole = bytes === null ? after === null : sameStamp(before, after) && bytes.length === after?.size && (!json || looksWhole(bytes));
    if (!whole && !retried.has(rel)) {
      retried.add(rel);
      return 'unsettled';
    }
    retried.delete(rel);
    return { sha: bytes === null ? null : createHash('sha256').update(bytes).digest('hex') };
  };

  /** A folder was added or removed: which documents changed is not known, the list is read again. */
  let documentsChanged = false;
  const sidecars = new Set<string>();
  const sources = new Set<string>();
  /** Documents added or removed (any kind). */
  const addedOrRemoved = new Set<string>();
  let firstPendingAt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let flushing: Promise<void> = Promise.resolve();

  const report = async (): Promise<void> => {
    const docs = documentsChanged;
    const sidecarList = [...sidecars].sort();
    const sourceList = [...sources].sort();
    /** The documents whose entry in the list may have changed. */
    const paths = new Set(addedOrRemoved);
    documentsChanged = false;
    sidecars.clear();
    sources.clear();
    addedOrRemoved.clear();
    firstPendingAt = 0;
    const events: CorpusFileEvent[] = [];
    // Files the app never read or wrote this session only change what the list shows (counts, sizes):
    // one documents-changed covers them all, so a `git pull` over a thousand files is one event.
    const changed: CorpusFileEvent[] = [];
    /** Caught half-written: read again shortly, reported then. */
    const unsettled: string[] = [];
    for (const sidecarPath of sidecarList) {
      const documentPath = sidecarPath.slice(0, -SIDECAR_SUFFIX.length);
      const file = `${root}${sep}${sidecarPath.split('/').join(sep)}`;
      // The app's own write, with the size and time it left: known without reading it again.
      const info = await stat(file).catch(() => null);
      if (info?.isFile() && ledger.hasStamp(sidecarPath, info)) continue;
      // Read even when the app never opened it: the workspace reads it next, and must not find it half-written.
      const found = await news(sidecarPath, true);
      if (found === 'unsettled') {
        unsettled.push(sidecarPath);
        continue;
      }
      if (ledger.get(sidecarPath) === undefined) {
        paths.add(documentPath);
        continue;
      }
      // Our own write (noted before its rename) or the same bytes again: not news.
      if (!ledger.isNews(sidecarPath, found.sha)) continue;
      paths.add(documentPath);
      changed.push({ kind: 'sidecar-changed', root, path: documentPath, sidecarPath, sidecarSha256: found.sha });
    }
    for (const path of sourceList) {
      if (ledger.get(path) === undefined) {
        paths.add(path);
        continue;
      }
      const found = await news(path, false);
      if (found === 'unsettled') {
        unsettled.push(path);
        paths.delete(path);
        continue;
      }
      if (!ledger.isNews(path, found.sha)) continue;
      paths.add(path);
      changed.push({ kind: 'source-changed', root, path, sha256: found.sha });
    }
    if (unsettled.length && !closed) {
      for (const rel of unsettled) (rel.endsWith(SIDECAR_SUFFIX) ? sidecars : sources).add(rel);
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = setTimeout(() => {
        retryTimer = null;
        void flush();
      }, retryMs);
    }
    if (docs) events.push({ kind: 'documents-changed', root });
    else if (paths.size > MAX_DELTA_PATHS) events.push({ kind: 'documents-changed', root });
    else if (paths.size) events.push({ kind: 'documents-changed', root, paths: [...paths].sort() });
    events.push(...changed);
    for (const event of events) {
      if (closed) return;
      try {
        options.onEvent(event);
      } catch (e) {
        onError(e);
      }
    }
  };

  const flush = (): Promise<void> => {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    flushing = flushing.then(report, report);
    return flushing;
  };

  const schedule = () => {
    if (closed) return;
    const now = Date.now();
    if (firstPendingAt === 0) firstPendingAt = now;
    if (timer) clearTimeout(timer);
    const wait = Math.max(0, Math.min(debounceMs, firstPendingAt + maxDelayMs - now));
    timer = setTimeout(() => void flush(), wait);
  };

  const onPath = (kind: 'add' | 'change' | 'unlink' | 'dir', path: string) => {
    const rel = toRel(root, path);
    if (rel === null || isIgnoredPath(rel)) return;
    if (kind === 'dir') documentsChanged = true;
    else if (rel.endsWith(SIDECAR_SUFFIX)) sidecars.add(rel);
    else {
      if (kind !== 'change') addedOrRemoved.add(rel);
      if (kind !== 'add' && documentKind(rel) === 'text') sources.add(rel);
    }
    schedule();
  };

  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    followSymlinks: false,
    persistent: true,
    ignorePermissionErrors: true,
    usePolling: options.usePolling ?? false,
    ...(options.usePolling ? { interval: options.pollIntervalMs ?? 100, binaryInterval: Math.max(300, options.pollIntervalMs ?? 100) } : {}),
    awaitWriteFinish: { stabilityThreshold: options.stabilityMs ?? 25, pollInterval: 10 },
    ignored: (path: string) => {
      const rel = toRel(root, path);
      return rel !== null && isIgnoredPath(rel);
    },
  });
  watcher.on('add', (p) => onPath('add', p));
  watcher.on('change', (p) => onPath('change', p));
  watcher.on('unlink', (p) => onPath('unlink', p));
  watcher.on('addDir', (p) => onPath('dir', p));
  watcher.on('unlinkDir', (p) => onPath('dir', p));
  watcher.on('error', (e) => onError(e));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    root,
    flush,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (retryTimer) clearTimeout(retryTimer);
      timer = null;
      await watcher.close();
    },
  };
}
