// Locks one corpus file across processes (two app instances, the CLI), as
// git's index.lock does: `<file>.lock` is created with O_EXCL and holds who
// took it (pid, host, time, a random token). Whoever holds it may check the
// file and replace it; everyone else waits. A lock left by a process that died
// (same host, pid gone), or from another host and older than a bound, is broken, and only if it is
// still the very lock that was judged stale (its token is checked after it
// is moved aside). Within one process, writers of the same file queue before
// the lock file so they never poll each other. No Electron.
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, lstat, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import { CorpusError, plainErrorReason } from './paths';

export const LOCK_SUFFIX = '.lock';
/** The most a file name may have (NAME_MAX), and what breaking a lock adds to it (`.<12 hex>.stale`). */
const NAME_MAX = 255;
const ASIDE_BYTES = 19;

/**
 * `<file>.lock`, or for a name too long for that (a sidecar of a 238-byte
 * document name is 255 bytes already) the name shortened and a hash of the
 * whole name: the same in every process, still a sidecar's lock to the
 * document list (isLockArtifact).
 */
export function lockFileFor(file: string): string {
  const name = basename(file);
  if (Buffer.byteLength(name) + LOCK_SUFFIX.length + ASIDE_BYTES <= NAME_MAX) return file + LOCK_SUFFIX;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 12);
  const tail = `~${hash}${name.endsWith('.annotations.json') ? '.annotations.json' : ''}${LOCK_SUFFIX}`;
  let head = name;
  while (Buffer.byteLength(head) + tail.length + ASIDE_BYTES > NAME_MAX) head = [...head].slice(0, -1).join('');
  return join(dirname(file), head + tail);
}

export interface LockOptions {
  /** A lock from another host (or unreadable) older than this (ms) is stale (default 30 s; saves take milliseconds). */
  staleMs?: number;
  /** How long to wait for a lock before giving up with a message (default 20 s). */
  timeoutMs?: number;
}

interface LockInfo {
  pid: number;
  host: string;
  time: number;
  token: string;
}

const HOST = hostname();

/** Locks held by this process, by token, with a promise settled on release: a writer here waits on it instead of polling. */
const heldHere = new Map<string, Promise<void>>();

function parseLock(text: string): LockInfo | null {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && typeof v.time === 'number' && typeof v.token === 'string' && typeof v.host === 'string') return v as LockInfo;
  } catch {
    // A lock being written right now, or garbage: judged by its age below.
  }
  return null;
}

function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Whether a lock can be broken. A live process on this host keeps its lock
 * however long it holds it (an import of many documents); one that is gone
 * does not. Another host's lock, or one that cannot be read, is judged by age.
 * One of this process's own is stale when no writer here holds it (a pid
 * reused after a crash) or it is older than the bound (a writer stuck).
 */
function isStale(info: LockInfo | null, now: number, staleMs: number, fileAgeMs: number): boolean {
  if (!info) return fileAgeMs > staleMs;
  if (info.host !== HOST) return now - info.time > staleMs;
  if (info.pid !== process.pid) return processIsGone(info.pid);
  return !heldHere.has(info.token) || now - info.time > staleMs;
}

async function tryCreate(lockFile: string, info: LockInfo): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockFile, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    await handle.writeFile(JSON.stringify(info));
  } catch (e) {
    await handle.close().catch(() => {});
    await unlink(lockFile).catch(() => {});
    throw e;
  }
  await handle.close();
  return true;
}

/** Breaks `lockFile` if it still holds `seen` (or unparsable bytes `seenText`); true when it was broken. */
async function breakIfStill(lockFile: string, seenText: string): Promise<boolean> {
  const aside = `${lockFile}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(lockFile, aside);
  } catch {
    return false; // gone already: someone else broke or released it
  }
  const moved = await readFile(aside, 'utf8').catch(() => null);
  if (moved === seenText) {
    await unlink(aside).catch(() => {});
    return true;
  }
  // Another process took a fresh lock between our look and the move: give it back (link fails if yet another exists).
  await link(aside, lockFile).catch(() => {});
  await unlink(aside).catch(() => {});
  return false;
}

async function acquire(file: string, what: string, options: LockOptions): Promise<() => Promise<void>> {
  const lockFile = lockFileFor(file);
  // As the user knows it: relative to the corpus, like `what`.
  const shown = posix.join(posix.dirname(what), basename(lockFile));
  const staleMs = options.staleMs ?? 30_000;
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  const info: LockInfo = { pid: process.pid, host: HOST, time: Date.now(), token: randomBytes(8).toString('hex') };
  // Known here before the lock file names it: between its contents being written and its creation returning,
  // another writer of this process reading it must not take it for one this process left behind and break it
  // (two windows then both passed the check and one's tags were lost).
  let released: () => void = () => {};
  heldHere.set(info.token, new Promise<void>((resolve) => (released = resolve)));
  try {
    await takeLock(lockFile, shown, what, info, staleMs, deadline);
  } catch (e) {
    heldHere.delete(info.token);
    released();
    throw e;
  }
  return async () => {
    // Remove only our own lock (if it was judged stale and broken meanwhile, the file is someone else's).
    const text = await readFile(lockFile, 'utf8').catch(() => null);
    if (text !== null && parseLock(text)?.token === info.token) await unlink(lockFile).catch(() => {});
    heldHere.delete(info.token);
    released();
  };
}

/** Creates `lockFile` for `info`, waiting for (or breaking, when stale) another holder until `deadline`. */
async function takeLock(lockFile: string, shown: string, what: string, info: LockInfo, staleMs: number, deadline: number): Promise<void> {
  let holder: LockInfo | null = null;
  for (let attempt = 0; ; attempt++) {
    info.time = Date.now();
    try {
      if (await tryCreate(lockFile, info)) return;
    } catch (e) {
      throw new CorpusError('io', `Could not save ${what}: its lock file ${shown} cannot be created: ${plainErrorReason(e)}`, { cause: e });
    }
    const seenText = await readFile(lockFile, 'utf8').catch(() => null);
    if (seenText !== null) {
      holder = parseLock(seenText);
      const now = Date.now();
      // A lock whose contents are not written yet (or garbage) is judged by its file's age.
      const age = holder ? 0 : now - ((await stat(lockFile).catch(() => null))?.mtimeMs ?? now);
      if (isStale(holder, now, staleMs, age) && (await breakIfStill(lockFile, seenText))) continue;
    }
    const here = holder && holder.pid === process.pid && holder.host === HOST ? heldHere.get(holder.token) : undefined;
    if (here && Date.now() <= deadline) {
      // Held by another writer in this process (another window's service): wait for its release, up to the deadline.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([here, new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()) + 1)))]);
      clearTimeout(timer);
      continue;
    }
    if (Date.now() > deadline) {
      throw new CorpusError(
        'io',
        `Could not save ${what}: another program${holder ? ` (process ${holder.pid})` : ''} is writing it (${shown} exists). Nothing was changed; try again, or remove that file if no program is running`,
      );
    }
    // Waiting for another process's lock: there is no event to wait on, so poll (jittered, short: saves take milliseconds).
    await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * Math.min(40, 2 + attempt * 2)));
  }
}

/** Writers queued per file within this process (keyed by the file's real path). */
export class LockQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` while holding `file`'s lock, after earlier tasks of this queue on the same file. */
  run<T>(file: string, what: string, task: () => Promise<T>, options: LockOptions = {}): Promise<T> {
    const previous = this.tails.get(file) ?? Promise.resolve();
    const locked = async () => {
      const release = await acquire(file, what, options);
      try {
        return await task();
      } finally {
        await release();
      }
    };
    const run = previous.then(locked, locked);
    const tail = run.catch(() => undefined);
    this.tails.set(file, tail);
    void tail.then(() => {
      if (this.tails.get(file) === tail) this.tails.delete(file);
    });
    return run;
  }

  /** Runs `task` holding the locks of all `files` (taken in sorted order, so two batches never wait on each other). */
  async runAll<T>(files: { file: string; what: string }[], task: () => Promise<T>, options: LockOptions = {}): Promise<T> {
    const sorted = [...new Map(files.map((f) => [f.file, f])).values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const step = (i: number): Promise<T> => {
      const next = sorted[i];
      return next ? this.run(next.file, next.what, () => step(i + 1), options) : task();
    };
    return step(0);
  }
}

/** True for a sidecar's lock file, or one moved aside while being broken: never a document, never watched. */
export function isLockArtifact(name: string): boolean {
  return /\.annotations\.json\.lock(?:\.[0-9a-f]{12}\.stale)?$/.test(name);
}

/**
 * What identifies a file's current content without reading it: device, inode,
 * size and change times (nanoseconds). null when there is no file. Compared
 * right before a rename: any write or replacement since changes it.
 */
export async function fileIdentity(file: string): Promise<string | null> {
  try {
    const s = await lstat(file, { bigint: true });
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
