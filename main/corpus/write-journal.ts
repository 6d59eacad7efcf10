// Writing several sidecars as one (an import): every new file is staged
// beside its target and flushed, then a journal naming each (target,
// temporary file, hash) is written atomically — the commit point — and only
// then is each temporary file renamed into place and the journal removed.
// Killed before the journal exists: nothing changed (the temporary files are
// never documents, and are removed later as stale). Killed after: the next
// open, save or import completes the renames from the journal. So the corpus
// is either as before or fully written. No Electron.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { atomicWriteFile, nodeFs, type AtomicFs } from './atomic-write';
import { readInside, readRegularFile, relInside, writeTargetInside } from './confined-fs';
import { CorpusError, plainErrorReason } from './paths';

export const JOURNAL_PATH = '.marginalia/write-journal.json';

interface JournalEntry {
  /** Corpus-relative paths. */
  target: string;
  temp: string;
  sha256: string;
}

interface Journal {
  format: 'marginalia-write-journal';
  version: 1;
  created: string;
  entries: JournalEntry[];
}

export interface BatchFile {
  /** Real path of the file to replace, inside the corpus. */
  file: string;
  bytes: Uint8Array;
  /** Throws (a 'conflict') when the file is no longer what the bytes were made from; run right before the commit point. */
  check(): Promise<void>;
}

export interface BatchHooks {
  fs?: AtomicFs;
  /** Tests only: called after each rename once the journal exists (a kill there must be completed on the next open). */
  afterRename?: (index: number) => Promise<void>;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function stage(fs: AtomicFs, temp: string, bytes: Uint8Array): Promise<void> {
  const handle = await fs.open(temp, 'wx', 0o666);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces every file of `batch` or none (see the top of this file). On a
 * failure before the journal is written, the staged files are removed and the
 * error names the file that failed in plain words; nothing was changed.
 */
export async function writeBatch(root: string, batch: BatchFile[], hooks: BatchHooks = {}): Promise<void> {
  const fs = hooks.fs ?? nodeFs;
  const staged: string[] = [];
  const entries: JournalEntry[] = [];
  try {
    for (const item of batch) {
      const temp = `${item.file}.${randomBytes(6).toString('hex')}.tmp`;
      const rel = relInside(root, item.file);
      try {
        await stage(fs, temp, item.bytes);
      } catch (e) {
        await fs.unlink(temp).catch(() => {});
        throw new CorpusError('io', `Could not write ${rel}: ${plainErrorReason(e)}. Nothing was imported; every file is as it was`, { cause: e });
      }
      staged.push(temp);
      entries.push({ target: rel, temp: relInside(root, temp), sha256: sha256(item.bytes) });
    }
    for (const item of batch) await item.check();
    const journal: Journal = { format: 'marginalia-write-journal', version: 1, created: new Date().toISOString(), entries };
    await mkdir(join(root, dirname(JOURNAL_PATH)), { recursive: true });
    try {
      await atomicWriteFile(await writeTargetInside(root, JOURNAL_PATH), `${JSON.stringify(journal, null, 2)}\n`, { fs });
    } catch (e) {
      throw new CorpusError('io', `Could not write ${JOURNAL_PATH}: ${plainErrorReason(e)}. Nothing was imported; every file is as it was`, { cause: e });
    }
  } catch (e) {
    await Promise.all(staged.map((t) => fs.unlink(t).catch(() => {})));
    throw e;
  }
  // Committed: from here on the batch is completed, now or by the next open.
  for (let i = 0; i < batch.length; i++) {
    const item = batch[i] as BatchFile;
    await fs.rename(staged[i] as string, item.file);
    await hooks.afterRename?.(i);
  }
  await Promise.all([...new Set(batch.map((b) => dirname(b.file)))].map((d) => fs.syncFolder(d)));
  await fs.unlink(join(root, JOURNAL_PATH));
}

/** The targets a journal left by an interrupted batch names (corpus-relative), or null when there is none. */
export async function pendingJournalTargets(root: string): Promise<string[] | null> {
  const journal = await readJournal(root);
  return journal ? journal.entries.map((e) => e.target) : null;
}

async function readJournal(root: string): Promise<Journal | null> {
  let bytes: Buffer;
  try {
    bytes = (await readInside(root, JOURNAL_PATH)).bytes;
  } catch (e) {
    if (e instanceof CorpusError && e.code === 'not-found') return null;
    throw e;
  }
  try {
    const journal = JSON.parse(bytes.toString('utf8')) as Journal;
    if (journal.format === 'marginalia-write-journal' && Array.isArray(journal.entries)) return journal;
  } catch {
    // Not ours, or damaged: the journal is written atomically, so this is not an interrupted batch.
  }
  throw new CorpusError('io', `${JOURNAL_PATH} is not a write journal Marginalia can read; move it away to go on`);
}

/**
 * Completes a batch interrupted after its commit point: renames each staged
 * file still there into place (if it holds the bytes the journal names), then
 * removes the journal. Call holding the locks of the journal and its targets.
 * Returns what was completed (corpus-relative), empty when nothing was pending.
 */
export async function completeJournal(root: string, fs: AtomicFs = nodeFs): Promise<{ completed: string[]; problems: string[] }> {
  const journal = await readJournal(root);
  const completed: string[] = [];
  const problems: string[] = [];
  if (!journal) return { completed, problems };
  for (const entry of journal.entries) {
    const temp = await writeTargetInside(root, entry.temp);
    const target = await writeTargetInside(root, entry.target);
    const bytes = await readRegularFile(temp, entry.temp).catch(() => null);
    if (bytes && sha256(bytes) === entry.sha256) {
      await fs.rename(temp, target);
      completed.push(entry.target);
      continue;
    }
    // Renamed already before the interruption, or the staged file is gone: then the target must hold its bytes.
    const now = await readRegularFile(target, entry.target).catch(() => null);
    if (!now || sha256(now) !== entry.sha256) problems.push(`${entry.target}: the interrupted import's new version was lost; the file is as it was before that import`);
  }
  await Promise.all([...new Set(journal.entries.map((e) => dirname(join(root, e.target))))].map((d) => fs.syncFolder(d)));
  await fs.unlink(join(root, JOURNAL_PATH));
  return { completed, problems };
}
