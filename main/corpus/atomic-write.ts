// Atomic file writes: the bytes go to a temporary file in the same folder,
// are flushed to disk, and only then renamed over the target, so a crash, a
// full disk or a refused permission leaves the old file or the new one, never
// half of one. The file system is injectable so tests can make any step fail
// (ENOSPC, EACCES) or never finish (a crash). No Electron.
import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** An open file being written. */
export interface WritableFile {
  writeFile(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file-system calls the writers use; `nodeFs` is the real one. */
export interface AtomicFs {
  open(path: string, flags: string, mode?: number): Promise<WritableFile>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  stat(path: string): Promise<{ mode: number; mtimeMs: number }>;
  readdir(path: string): Promise<string[]>;
  /** Flushes a folder's entries (the rename) to disk; best effort. */
  syncFolder(path: string): Promise<void>;
}

export const nodeFs: AtomicFs = {
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  stat: (path) => fsp.stat(path),
  readdir: (path) => fsp.readdir(path),
  async syncFolder(path) {
    let handle: fsp.FileHandle | undefined;
    try {
      handle = await fsp.open(path, 'r');
      await handle.sync();
    } catch {
      // Not every platform can open or sync a folder (Windows); the rename itself is still atomic.
    } finally {
      await handle?.close().catch(() => {});
    }
  },
};

/** Temporary files the writer makes: `<name>.<random>.tmp` beside the target. */
export const TEMP_FILE = /\.[0-9a-z]{6,16}\.tmp$/;

/** File names are at most this many bytes (NAME_MAX on Linux, macOS and Windows' NTFS alike). */
const NAME_MAX = 255;
/** What a temporary name adds: `.` + 12 hex digits + `.tmp`. */
const TEMP_SUFFIX_BYTES = 17;

/**
 * `<name>.` that temporary files of `file` start with: the name cut (on a
 * character boundary) so the temporary name still fits NAME_MAX, or a
 * document named with 222-238 bytes could have a sidecar but never save it.
 */
function tempPrefixFor(file: string): string {
  let name = basename(file);
  while (Buffer.byteLength(name, 'utf8') + TEMP_SUFFIX_BYTES > NAME_MAX) name = [...name].slice(0, -1).join('');
  return `${name}.`;
}

function tempNameFor(file: string): string {
  return join(dirname(file), `${tempPrefixFor(file)}${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes a whole file to an open handle, flushes it and closes it (also when writing fails). */
async function writeAndClose(fs: AtomicFs, path: string, flags: string, data: Uint8Array, mode?: number): Promise<void> {
  const handle = await fs.open(path, flags, mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface AtomicWriteOptions {
  fs?: AtomicFs;
  /** Called after the temporary file is complete, right before the rename; throwing cancels the write (the conflict check). */
  beforeRename?: () => Promise<void>;
  /** Told the written file's modification time (the rename keeps it) before the rename: the ledger's stamp. */
  onWritten?: (info: { mtimeMs: number }) => void;
}

/**
 * Replaces `file` with `data` atomically (temporary file, flush, rename, flush
 * the folder). The file's permission bits are kept when it exists. On failure
 * the temporary file is removed and the error is rethrown as it was (with its
 * `code`): `file` itself is untouched.
 */
export async function atomicWriteFile(file: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const fs = options.fs ?? nodeFs;
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const mode = await fs.stat(file).then(
    (info) => info.mode & 0o777,
    () => undefined,
  );
  const temp = tempNameFor(file);
  try {
    await writeAndClose(fs, temp, 'wx', bytes, mode ?? 0o666);
    if (options.onWritten) options.onWritten(await fs.stat(temp));
    await options.beforeRename?.();
    await fs.rename(temp, file);
  } catch (e) {
    await fs.unlink(temp).catch(() => {});
    throw e;
  }
  // Stale temporary files are not looked for here: listing the folder cost 30-60 ms a save in a flat
  // folder of 20,000 files. A corpus removes them once, when it opens (removeStaleTempsUnder).
  await fs.syncFolder(dirname(file));
}

/** Folders removeStaleTempsUnder never enters: others' data (git's objects, installed packages). */
const FOREIGN_FOLDERS = new Set(['.git', 'node_modules']);

/**
 * Removes every temporary file a crashed write left under `root` (any folder
 * depth, `.marginalia` included; symlinks not followed) older than
 * `olderThanMs`. Run once when a corpus opens. Never fails; returns what it removed.
 */
export async function removeStaleTempsUnder(root: string, fs: AtomicFs = nodeFs, olderThanMs = 60_000): Promise<string[]> {
  const removed: string[] = [];
  const now = Date.now();
  const visit = async (folder: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await fsp.readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!FOREIGN_FOLDERS.has(entry.name)) await visit(path);
        continue;
      }
      if (!entry.isFile() || !TEMP_FILE.test(entry.name)) continue;
      try {
        const info = await fs.stat(path);
        if (now - info.mtimeMs < olderThanMs) continue; // perhaps another process's write in progress
        await fs.unlink(path);
        removed.push(path);
      } catch {
        // Gone already, or not ours to remove: leave it.
      }
    }
  };
  await visit(root);
  return removed;
}

/** Writes `bytes` to `file` only if there is no such file yet; false when there was one (it is left alone). */
export async function writeIfAbsent(file: string, bytes: Uint8Array, fs: AtomicFs = nodeFs): Promise<boolean> {
  let created = false;
  try {
    const handle = await fs.open(file, 'wx', 0o666);
    created = true;
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  } catch (e) {
    if (created) {
      await fs.unlink(file).catch(() => {});
      throw e;
    }
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/**
 * Writes `bytes` to a new file `base` + `suffix`, never replacing anything: if
 * the name is taken, `-1`, `-2`… is added before the suffix. Returns the path
 * written. A partial file left by a failure is removed.
 */
export async function writeNewFile(base: string, suffix: string, bytes: Uint8Array, fs: AtomicFs = nodeFs): Promise<string> {
  for (let n = 0; ; n++) {
    const file = `${base}${n === 0 ? '' : `-${n}`}${suffix}`;
    if (await writeIfAbsent(file, bytes, fs)) return file;
    if (n >= 100) throw Object.assign(new Error(`EEXIST: ${base}${suffix} and 100 numbered names after it all exist`), { code: 'EEXIST' });
  }
}
