// The one confinement every file the app or the CLI reads or writes inside a
// corpus goes through (sidecars, the extraction cache, the registry, the
// schema, backups): its real path is inside the corpus, it is a regular file,
// and it is opened with flags that refuse a symlink swapped in after the
// check and never wait on a FIFO or a device. Writes replace the file
// atomically at its real path; a symlink leading out is refused, never
// followed. No Electron.
import { close as fsClose, closeSync, constants, fstat as fsFstat, fstatSync, open as fsOpen, openSync, read as fsRead, readSync, realpathSync, type Stats } from 'node:fs';
import { lstat, open, realpath, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { atomicWriteFile, type AtomicWriteOptions } from './atomic-write';
import { CorpusError, ioError, isInside, resolveInside, resolveTargetInside, splitRelPath } from './paths';

/**
 * Read-only, no symlink at the last step (the path given is already real),
 * and non-blocking so that opening a FIFO returns at once instead of waiting
 * for a writer (then fstat refuses it). Windows has neither flag, nor FIFOs.
 */
export const CONFINED_READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

function notRegular(rel: string, what: string): CorpusError {
  return new CorpusError('unsupported', `${rel} is ${what}, not a regular file; it is never read or written`);
}

function kindOf(info: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isSymbolicLink?(): boolean }): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isSymbolicLink?.()) return 'a symlink';
  return 'a device';
}

function openError(e: unknown, rel: string): CorpusError {
  // With O_NOFOLLOW, ELOOP means the file became a symlink after its real path was checked.
  if ((e as NodeJS.ErrnoException | null)?.code === 'ELOOP') {
    return new CorpusError('outside-corpus', `${rel} was replaced by a symlink while being opened; it was not read`, { cause: e });
  }
  return ioError(e, rel);
}

/** Opens the regular file at `real` (a real path already confined) and runs `use` on it; `rel` names it in messages. */
async function withRegularFile<T>(real: string, rel: string, use: (handle: FileHandle, size: number) => Promise<T>): Promise<T> {
  let handle: FileHandle;
  try {
    handle = await open(real, CONFINED_READ_FLAGS);
  } catch (e) {
    throw openError(e, rel);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notRegular(rel, kindOf(info));
    return await use(handle, info.size);
  } catch (e) {
    throw ioError(e, rel);
  } finally {
    await handle.close().catch(() => {});
  }
}

/** The bytes of the regular file at `real` (a real path already confined); `rel` names it in messages. */
export function readRegularFile(real: string, rel: string, maxBytes = Infinity): Promise<Buffer> {
  return withRegularFile(real, rel, async (handle, size) => {
    if (size > maxBytes) throw new CorpusError('too-large', `${rel} is ${size} bytes, over the limit of ${maxBytes}`);
    return handle.readFile();
  });
}

/** readRegularFile without waiting (the search build and the export workers read thousands of small files). */
export function readRegularFileSync(real: string, rel: string, maxBytes = Infinity): { bytes: Buffer; size: number; mtimeMs: number } {
  return withRegularFileSync(real, rel, (fd, info) => {
    if (info.size > maxBytes) throw new CorpusError('too-large', `${rel} is ${info.size} bytes, over the limit of ${maxBytes}`);
    const bytes = Buffer.allocUnsafe(info.size);
    let at = 0;
    while (at < info.size) {
      const n = readSync(fd, bytes, at, info.size - at, at);
      if (n === 0) break;
      at += n;
    }
    return { bytes: bytes.subarray(0, at), size: info.size, mtimeMs: info.mtimeMs };
  });
}

/** `use` of the regular file at `real`, opened without following a last symlink and closed after; errors name `rel`. */
function withRegularFileSync<T>(real: string, rel: string, use: (fd: number, info: Stats) => T): T {
  let fd: number;
  try {
    fd = openSync(real, CONFINED_READ_FLAGS);
  } catch (e) {
    throw openError(e, rel);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw notRegular(rel, kindOf(info));
    return use(fd, info);
  } catch (e) {
    throw ioError(e, rel);
  } finally {
    closeSync(fd);
  }
}

/** The corpus-relative, forward-slash name of an absolute path inside `root` (for messages and resolving). */
export function relInside(root: string, absolute: string): string {
  const rel = relative(root, absolute);
  if (rel === '' || rel.startsWith('..') || rel.startsWith(sep)) {
    throw new CorpusError('outside-corpus', `${absolute} is not inside the corpus folder ${root}`);
  }
  return rel.split(sep).join('/');
}

/** The real path of `rel` inside `root`, without waiting; refused when it leads outside. */
export function resolveInsideSync(root: string, rel: string): string {
  const segments = splitRelPath(rel);
  let real: string;
  try {
    real = realpathSync(join(root, ...segments));
  } catch (e) {
    throw ioError(e, rel);
  }
  if (!isInside(root, real)) throw new CorpusError('outside-corpus', `the path ${JSON.stringify(rel)} leads outside the corpus folder (to ${real})`);
  return real;
}

/** Reads corpus file `rel`: real path inside `root`, regular file. */
export async function readInside(root: string, rel: string, maxBytes = Infinity): Promise<{ file: string; bytes: Buffer }> {
  const file = await resolveInside(root, rel);
  return { file, bytes: await readRegularFile(file, rel, maxBytes) };
}

/**
 * Reads the file at absolute path `absolute`, which must lie inside `root`
 * after symlinks are followed (a path from the scan, a backup beside a
 * sidecar, the extraction cache beside a page).
 */
export async function readAbsoluteInside(root: string, absolute: string, maxBytes = Infinity): Promise<{ file: string; bytes: Buffer }> {
  const rel = relInside(root, absolute);
  let real: string;
  try {
    real = await realpath(absolute);
  } catch (e) {
    throw ioError(e, rel);
  }
  if (!isInside(root, real)) throw new CorpusError('outside-corpus', `${rel} leads outside the corpus folder (to ${real}); it was not read`);
  return { file: real, bytes: await readRegularFile(real, rel, maxBytes) };
}

/** readAbsoluteInside without waiting. */
export function readAbsoluteInsideSync(root: string, absolute: string, maxBytes = Infinity): { file: string; bytes: Buffer; size: number; mtimeMs: number } {
  const rel = relInside(root, absolute);
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch (e) {
    throw ioError(e, rel);
  }
  if (!isInside(root, real)) throw new CorpusError('outside-corpus', `${rel} leads outside the corpus folder (to ${real}); it was not read`);
  return { file: real, ...readRegularFileSync(real, rel, maxBytes) };
}

/**
 * Where a write of corpus file `rel` goes: its real path inside `root` (a
 * symlink inside the corpus is written at its target; one leading out, or
 * dangling, is refused), and what is there now is a regular file or nothing.
 */
export async function writeTargetInside(root: string, rel: string): Promise<string> {
  const target = await resolveTargetInside(root, rel);
  const info = await lstat(target).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw ioError(e, rel);
  });
  if (info && !info.isFile()) throw notRegular(rel, kindOf(info));
  return target;
}

/**
 * Replaces corpus file `rel` atomically (temporary file in the same folder,
 * flush, rename) at its confined real path. Returns the path written.
 */
export async function writeInside(root: string, rel: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<string> {
  const target = await writeTargetInside(root, rel);
  await atomicWriteFile(target, data, options);
  return target;
}

/** writeInside for an absolute path that must lie inside `root`. */
export async function writeAbsoluteInside(root: string, absolute: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<string> {
  return writeInside(root, relInside(root, absolute), data, options);
}

/**
 * readRegularFile through fs's callback API: the export reads thousands of
 * small files, and this costs what fs.readFile does (open, fstat, read,
 * close) without a FileHandle per file. Rejects with a CorpusError naming `rel`.
 */
export function readRegularFileFast(real: string, rel: string = real): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    fsOpen(real, CONFINED_READ_FLAGS, (openErr, fd) => {
      if (openErr) return reject(openError(openErr, rel));
      const finish = (e: unknown, bytes?: Buffer) => fsClose(fd, () => (e ? reject(ioError(e, rel)) : resolve(bytes as Buffer)));
      fsFstat(fd, (statErr, info) => {
        if (statErr) return finish(statErr);
        if (!info.isFile()) return finish(notRegular(rel, kindOf(info)));
        const bytes = Buffer.allocUnsafe(info.size);
        const step = (at: number): void => {
          if (at >= info.size) return finish(null, bytes);
          fsRead(fd, bytes, at, info.size - at, at, (readErr, n) => {
            if (readErr) return finish(readErr);
            if (n === 0) return finish(null, bytes.subarray(0, at));
            step(at + n);
          });
        };
        step(0);
      });
    });
  });
}

/**
 * Reads a regular file outside any corpus (an import's input), following
 * symlinks as the user meant them but refusing FIFOs and devices (`--from
 * /dev/zero` would never end) and anything over `maxBytes`.
 */
export async function readOutsideFile(path: string, maxBytes: number): Promise<Buffer> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (e) {
    throw ioError(e, path);
  }
  return readRegularFile(real, path, maxBytes);
}

/**
 * Where a path that may not exist yet really leads: the real path of its
 * deepest existing ancestor, with the rest appended. An output path through a
 * symlink into the corpus is then seen to be inside it.
 */
export async function realTargetPath(absolute: string): Promise<string> {
  const rest: string[] = [];
  let at = absolute;
  for (;;) {
    try {
      return join(await realpath(at), ...rest.reverse());
    } catch (e) {
      const parent = dirname(at);
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || parent === at) throw ioError(e, absolute);
      rest.push(basename(at));
      at = parent;
    }
  }
}

/**
 * At most the first `maxBytes` of the regular file at `real` (a real path
 * already confined), whether that is the whole file, and the file's size and
 * modification time from the same open: what the scan reads of each
 * document (its list entry, signature and title) with one open, one fstat
 * and at most one read, without waiting (the scan runs it in slices).
 */
export function readRegularFileHeadSync(real: string, rel: string, maxBytes: number): { bytes: Buffer; complete: boolean; size: number; mtimeMs: number } {
  return withRegularFileSync(real, rel, (fd, info) => {
    const bytes = Buffer.allocUnsafe(Math.min(maxBytes, info.size));
    const n = bytes.length > 0 ? readSync(fd, bytes, 0, bytes.length, 0) : 0;
    return { bytes: bytes.subarray(0, n), complete: n >= info.size, size: info.size, mtimeMs: info.mtimeMs };
  });
}
