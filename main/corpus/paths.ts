// Path confinement: every path the renderer names is relative to the open
// corpus and must stay inside it, also after symlinks are followed.
import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, sep, win32 } from 'node:path';
import type { IpcErrorCode } from '../../app/ipc/contract';

/** An error the UI can act on: a code from the IPC contract and a message naming the file. */
export class CorpusError extends Error {
  readonly code: IpcErrorCode;

  constructor(code: IpcErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CorpusError';
    this.code = code;
  }
}

function errnoCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | null)?.code;
}

/** What a system error code means, in plain words (for the messages people read). */
const PLAIN_ERRNO: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied (the file or its folder is not writable or readable for you)',
  EPERM: 'the operation is not permitted (the file may be locked or read-only)',
  EROFS: 'the disk is read-only',
  EIO: 'an input/output error (the disk may be failing or disconnected)',
  EBUSY: 'the file is busy (another program is using it)',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  ENAMETOOLONG: 'the file name is too long',
  EISDIR: 'it is a folder, not a file',
  ELOOP: 'it is a symlink loop',
  EXDEV: 'it is on another disk',
  ETIMEDOUT: 'the disk did not answer in time (a network drive?)',
};

/** The plain-words meaning of a failed file operation's error, e.g. "the disk is full (ENOSPC)". */
export function plainErrorReason(e: unknown): string {
  const code = errnoCode(e);
  const plain = code ? PLAIN_ERRNO[code] : undefined;
  if (plain) return `${plain} (${code})`;
  return (e as Error | null)?.message ?? String(e);
}

/** A failed file operation as a CorpusError naming the file and saying in plain words what went wrong. */
export function ioError(e: unknown, what: string): CorpusError {
  if (e instanceof CorpusError) return e;
  const code = errnoCode(e);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new CorpusError('not-found', `${what} does not exist`, { cause: e });
  return new CorpusError('io', `${what}: ${plainErrorReason(e)}`, { cause: e });
}

/** True when `real` is `root` or lies beneath it (both real, absolute paths). */
export function isInside(root: string, real: string): boolean {
  if (real === root) return true;
  const prefix = root.endsWith(sep) ? root : root + sep;
  return real.startsWith(prefix);
}

/**
 * The segments of a corpus-relative path, after the checks that need no file
 * system: relative, forward slashes only, no `..`, `.` or empty segments, no NUL.
 */
export function splitRelPath(rel: string): string[] {
  const shown = JSON.stringify(rel);
  if (typeof rel !== 'string' || rel.length === 0) throw new CorpusError('invalid-arguments', 'an empty path was given');
  if (rel.includes('\0')) throw new CorpusError('invalid-arguments', `the path ${shown} contains a NUL character`);
  if (isAbsolute(rel) || win32.isAbsolute(rel)) {
    throw new CorpusError('outside-corpus', `the path ${shown} is absolute; only paths inside the corpus are allowed`);
  }
  if (rel.includes('\\')) {
    throw new CorpusError('outside-corpus', `the path ${shown} contains a backslash; corpus paths use forward slashes`);
  }
  const segments = rel.split('/');
  for (const s of segments) {
    if (s === '..') throw new CorpusError('outside-corpus', `the path ${shown} leaves the corpus folder ("..")`);
    if (s === '' || s === '.') throw new CorpusError('outside-corpus', `the path ${shown} is not a plain relative path`);
  }
  return segments;
}

async function confinedRealpath(root: string, absolute: string, rel: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(absolute);
  } catch (e) {
    throw ioError(e, rel);
  }
  if (!isInside(root, real)) {
    throw new CorpusError('outside-corpus', `the path ${JSON.stringify(rel)} leads outside the corpus folder (to ${real})`);
  }
  return real;
}

/**
 * The real path of an existing file or folder inside `root` (itself a real
 * path). Rejects absolute paths, `..`, backslashes and NUL, and anything whose
 * real path (after symlinks) is outside the root. A missing file is 'not-found'.
 */
export async function resolveInside(root: string, rel: string): Promise<string> {
  return confinedRealpath(root, join(root, ...splitRelPath(rel)), rel);
}

/**
 * Where to write `rel`, which may not exist yet: its folder must resolve inside
 * the root; if the file exists (or is a symlink, even a dangling one) its real
 * path must be inside the root too.
 */
export async function resolveTargetInside(root: string, rel: string): Promise<string> {
  const absolute = join(root, ...splitRelPath(rel));
  const folderRel = dirname(rel);
  const folder = folderRel === '.' ? root : await confinedRealpath(root, dirname(absolute), folderRel);
  const target = join(folder, basename(absolute));
  const missing = async (): Promise<boolean> => {
    try {
      await lstat(target);
      return false;
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return true;
      throw ioError(e, rel);
    }
  };
  if (await missing()) return target;
  try {
    return await confinedRealpath(root, target, rel);
  } catch (e) {
    if (e instanceof CorpusError && e.code === 'not-found') {
      // Removed by another writer since the look above (an import's finished journal): missing, written anew.
      if (await missing()) return target;
      // A dangling symlink: where it points cannot be checked, so it is not written through.
      throw new CorpusError('outside-corpus', `the path ${JSON.stringify(rel)} is a symlink to a missing file`);
    }
    throw e;
  }
}
