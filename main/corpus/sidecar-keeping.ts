// What SidecarWriter keeps before anything could be lost: one-time backups
// beside a sidecar, the app's own version when another program's change would
// remove annotations, and the annotations of an article that vanished while
// open (under .marginalia/kept/). No Electron.
import { mkdir, readdir } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { parseSidecar, serializeSidecar } from '../../app/sidecar/sidecar-io';
import { SIDECAR_SUFFIX, type Sidecar } from '../../app/sidecar/sidecar-schema';
import { atomicWriteFile, writeNewFile, type AtomicFs } from './atomic-write';
import { readAbsoluteInside } from './confined-fs';
import { sha256Hex } from './file-ledger';
import { CorpusError, plainErrorReason, resolveTargetInside } from './paths';
import type { SidecarRead } from './sidecar-write-types';
import { JOURNAL_PATH } from './write-journal';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `absolute` as a corpus-relative path with forward slashes. */
export function toRel(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/');
}

function backupStamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/**
 * Keeps `bytes` (the content of `file`) as `<file>.<kind>-<timestamp>.bak`,
 * once: if a backup of that kind with the same bytes exists, its path is
 * returned and nothing is written. Throws when the copy cannot be written.
 */
export async function backUpOnce(root: string, fs: AtomicFs, file: string, kind: string, bytes: Uint8Array): Promise<string> {
  const folder = dirname(file);
  const prefix = `${basename(file)}.${kind}-`;
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    if (!name.startsWith(prefix) || !name.endsWith('.bak')) continue;
    const existing = await readAbsoluteInside(root, join(folder, name)).catch(() => null);
    if (existing && Buffer.compare(existing.bytes, bytes) === 0) return join(folder, name);
  }
  return writeNewFile(`${file}.${kind}-${backupStamp()}`, '.bak', bytes, fs);
}

/**
 * When another program changed or deleted the sidecar since this service
 * last wrote or opened it (`own`), and `toWrite` lacks annotations that
 * version had (an older copy restored and merged in), that version is kept
 * first as `<sidecar>.before-merge-<time>.bak`, and the save says where.
 */
export async function keepOwnVersionIfRemoved(
  root: string,
  fs: AtomicFs,
  sidecarRel: string,
  current: SidecarRead,
  /** The hash of `current`'s bytes (null: missing), which the caller has already worked out. */
  onDisk: string | null,
  toWrite: Sidecar,
  own: { bytes: Uint8Array; sha256: string; sidecar: Sidecar | null } | undefined,
): Promise<{ backupPath?: string; notice?: string }> {
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
    backup = toRel(root, await backUpOnce(root, fs, current.file, 'before-merge', own.bytes));
  } catch (e) {
    throw new CorpusError('io', `Could not save ${sidecarRel}: keeping a copy of the version saved here failed (${plainErrorReason(e)}). Nothing was changed`, { cause: e });
  }
  const names = removed.slice(0, 3).map((a) => `“${a.text.slice(0, 30)}”`).join(', ') + (removed.length > 3 ? '…' : '');
  return {
    backupPath: backup,
    notice: `${sidecarRel} was changed by another program: ${removed.length} annotation${removed.length === 1 ? '' : 's'} saved here (${names}) ${removed.length === 1 ? 'is' : 'are'} no longer in it. The version saved here was kept as ${backup}`,
  };
}

/** Where the annotations of documents deleted or renamed while open were kept, by document. */
export type KeptFor = Map<string, { file: string; sha256: string }>;

/**
 * Saves the annotations of document `rel`, deleted or renamed while open,
 * in a file under `.marginalia/kept/`: the one written for it before when the
 * caller saw that version last (`expectedSha256`), else a new one; never
 * replacing anything of someone else's. `where` is the file, corpus-relative.
 */
export async function keepInKeptFolder(
  ctx: { root: string; fs: AtomicFs; keptFor: KeptFor },
  rel: string,
  sidecar: Sidecar,
  expectedSha256: string | null | undefined,
): Promise<{ savedAt: string; annotationCount: number; sidecarSha256: string; where: string }> {
  const bytes = new TextEncoder().encode(serializeSidecar(sidecar));
  const sha = sha256Hex(bytes);
  const folder = join(ctx.root, dirname(JOURNAL_PATH), 'kept');
  await mkdir(folder, { recursive: true }).catch(() => {});
  const previous = ctx.keptFor.get(rel);
  let file: string;
  try {
    if (previous && expectedSha256 === previous.sha256 && (await readAbsoluteInside(ctx.root, previous.file).then((r) => sha256Hex(r.bytes) === previous.sha256, () => false))) {
      file = previous.file;
      await atomicWriteFile(file, bytes, { fs: ctx.fs });
    } else {
      const base = await resolveTargetInside(ctx.root, `${dirname(JOURNAL_PATH)}/kept/${rel.split('/').join('__')}`);
      file = await writeNewFile(base, SIDECAR_SUFFIX, bytes, ctx.fs);
    }
  } catch (e) {
    throw new CorpusError('io', `${rel} was deleted or renamed by another program, and its annotations could not be kept in ${dirname(JOURNAL_PATH)}/kept: ${plainErrorReason(e)}. They are still in the app`, { cause: e });
  }
  ctx.keptFor.set(rel, { file, sha256: sha });
  return { savedAt: new Date().toISOString(), annotationCount: sidecar.annotations.length, sidecarSha256: sha, where: toRel(ctx.root, file) };
}
