// The only writer of a corpus's sidecars, and the one place that reads them
// for the app: what was last written (so a save is not parsed back, and a
// change list applies to it), the conflict check and the locks (through
// main/corpus/sidecar-writer.ts), backups of what would be lost, and the
// ledger of what the app last read or wrote (the watcher tells other
// programs' changes by it). Everyone who must know of a write (the corpus
// index, search) subscribes here with onWritten. No Electron.
import type { SaveResult } from '../../app/ipc/contract';
import { sidecarNameFor } from '../../app/sidecar/sidecar-io';
import type { SidecarChanges } from '../../app/sidecar/sidecar-changes';
import type { Sidecar } from '../../app/sidecar/sidecar-schema';
import type { AtomicFs } from '../corpus/atomic-write';
import { readRegularFile, readRegularFileSync } from '../corpus/confined-fs';
import { FileLedger } from '../corpus/file-ledger';
import type { LockOptions } from '../corpus/file-lock';
import { CorpusError, ioError, resolveTargetInside } from '../corpus/paths';
import { SidecarWriter, toRel, type SidecarRead, type SidecarWrite, type WriteSidecarOptions, type WrittenDelta } from '../corpus/sidecar-writer';
import type { BatchHooks } from '../corpus/write-journal';
import { decodeSidecar } from './document-reader';

/** Told of each sidecar written (null: removed), with what it holds now and the hash of its bytes; `delta` when a change list made it. */
export type SidecarWrittenListener = (rel: string, sidecar: Sidecar | null, sha256: string | null, delta?: WrittenDelta) => void;

export interface SidecarStoreOptions {
  root: string;
  /** The file system every write goes through (tests inject failures). */
  fs: AtomicFs;
  lock: LockOptions;
  /** Refuses what is not an existing text document of the corpus (CorpusError, 'not-found' when it is gone). */
  textDocument(rel: string): Promise<unknown>;
}

export class SidecarStore {
  /** What the app last read or wrote of each file (content hashes, and the stamps of its own writes). */
  readonly ledger = new FileLedger();
  private readonly root: string;
  private readonly writer: SidecarWriter;
  private readonly listeners = new Set<SidecarWrittenListener>();

  constructor(options: SidecarStoreOptions) {
    this.root = options.root;
    this.writer = new SidecarWriter({
      root: options.root,
      fs: options.fs,
      lockOptions: options.lock,
      ledger: this.ledger,
      textDocument: options.textDocument,
      readSidecarAt: (file, sidecarRel, reuseWritten) => this.readAt(file, sidecarRel, reuseWritten),
      onWritten: (rel, sidecar, sha256, delta) => {
        for (const listener of this.listeners) listener(rel, sidecar, sha256, delta);
      },
    });
  }

  /** Calls `listener` after each sidecar written or removed; returns how to stop. */
  onWritten(listener: SidecarWrittenListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The sidecar of document `rel`, read and parsed; never throws for a bad
   * file, only for a path problem. With `reuseWritten`, bytes identical to
   * what was last written there are not parsed again (saving after each tag
   * would otherwise validate the whole file each time).
   */
  async read(rel: string, reuseWritten = false): Promise<SidecarRead> {
    const sidecarRel = sidecarNameFor(rel);
    return this.readAt(await resolveTargetInside(this.root, sidecarRel), sidecarRel, reuseWritten);
  }

  /** The sidecar `sidecarRel`, read from `file` (its real path, inside the corpus). */
  async readAt(file: string, sidecarRel: string, reuseWritten = false): Promise<SidecarRead> {
    let bytes: Uint8Array;
    try {
      // Regular files only: a FIFO named like a sidecar must never block main.
      bytes = await readRegularFile(file, sidecarRel);
    } catch (e) {
      if (e instanceof CorpusError && e.code === 'not-found') return { state: 'missing', file };
      throw ioError(e, sidecarRel);
    }
    const written = reuseWritten ? this.writer.lastWritten.get(sidecarRel) : undefined;
    if (written?.sidecar && written.bytes.length === bytes.length && Buffer.compare(written.bytes, bytes) === 0) {
      // Its bytes are the ones kept: the writer then knows them by identity, without comparing 2 MB again.
      return { state: 'ok', file, bytes: written.bytes, sidecar: written.sidecar };
    }
    return sidecarReadOf(file, bytes, sidecarRel);
  }

  /** readAt without waiting (the scan reads thousands in slices: main/corpus/map-in-slices.ts); never reuses a written copy. */
  readAtSync(file: string, sidecarRel: string): SidecarRead {
    let bytes: Uint8Array;
    try {
      bytes = readRegularFileSync(file, sidecarRel).bytes;
    } catch (e) {
      if (e instanceof CorpusError && e.code === 'not-found') return { state: 'missing', file };
      throw ioError(e, sidecarRel);
    }
    return sidecarReadOf(file, bytes, sidecarRel);
  }

  /** Document `rel` is being opened: only such documents may be saved after they disappear (SidecarWriter). */
  noteOpened(rel: string): void {
    this.writer.noteOpened(rel);
  }

  /**
   * Document `rel` was opened with its sidecar as `read` (hash `sha256`; null:
   * no file): noted in the ledger, and, when `asBase`, kept as the base the
   * app's first change list applies to, as parsed for the opening (parsing
   * and validating the 2 MB of a 5,000-annotation sidecar again held main
   * ~100 ms on the first tag); an older format is not a base (the app then
   * saves the whole sidecar).
   */
  opened(rel: string, read: SidecarRead, sha256: string | null, asBase: boolean): void {
    this.ledger.note(sidecarNameFor(rel), sha256);
    if (!asBase || read.state === 'missing' || sha256 === null) return;
    const parsed = read.state === 'ok' && read.migratedFrom === undefined ? read.sidecar : null;
    // Lists copied: the opened document's own lists go to the window (tests may hold and change them).
    const base = parsed && { ...parsed, annotations: [...parsed.annotations], relations: [...parsed.relations], ...(parsed.orphans ? { orphans: [...parsed.orphans] } : {}) };
    this.writer.rememberWritten(sidecarNameFor(rel), read.bytes, sha256, base, false);
  }

  /**
   * Keeps a copy of an unreadable sidecar as `<sidecar>.broken-<timestamp>.bak`,
   * once: if a backup with the same bytes is already there, that one is named.
   * Returns its corpus-relative path, or undefined if no copy could be written.
   */
  async backUpBroken(file: string, bytes: Uint8Array): Promise<string | undefined> {
    try {
      return toRel(this.root, await this.writer.backUpOnce(file, 'broken', bytes));
    } catch (e) {
      console.error(`marginalia: could not back up ${file}:`, e);
      return undefined;
    }
  }

  /** Writes the sidecar of text document `rel`: see SidecarWriter.writeSidecar (locked, conflict-checked, atomic). */
  write(rel: string, sidecar: Sidecar, options: WriteSidecarOptions = {}): Promise<SaveResult> {
    return this.writer.writeSidecar(rel, sidecar, options);
  }

  /** Applies `changes` to the copy last written with hash `baseSha256`: see SidecarWriter.writeSidecarChanges. */
  writeChanges(rel: string, baseSha256: string, changes: SidecarChanges): Promise<SaveResult> {
    return this.writer.writeSidecarChanges(rel, baseSha256, changes);
  }

  /** Removes the sidecar of `rel` while it still holds what was saved: see SidecarWriter.deleteSidecar. */
  delete(rel: string, expectedSha256: string): Promise<{ deleted: boolean }> {
    return this.writer.deleteSidecar(rel, expectedSha256);
  }

  /** Writes several sidecars as one, all or none: see SidecarWriter.writeSidecarsTogether. */
  writeTogether(items: SidecarWrite[], hooks: Pick<BatchHooks, 'afterRename'> = {}): Promise<SaveResult[]> {
    return this.writer.writeSidecarsTogether(items, hooks);
  }

  /** Reads (in `plan`) and writes several sidecars holding all their locks: see SidecarWriter.updateSidecarsTogether. */
  updateTogether(rels: string[], plan: () => Promise<SidecarWrite[]>, hooks: Pick<BatchHooks, 'afterRename'> = {}): Promise<SaveResult[]> {
    return this.writer.updateSidecarsTogether(rels, plan, hooks);
  }

  /** Completes a batch of writes interrupted after its commit point (write-journal.ts). */
  completeInterruptedWrites(): Promise<string[]> {
    return this.writer.completeInterruptedWrites();
  }
}

/** A sidecar's bytes, read from `file`, parsed and checked (document-reader.ts). */
function sidecarReadOf(file: string, bytes: Uint8Array, sidecarRel: string): SidecarRead {
  const decoded = decodeSidecar(bytes, sidecarRel);
  if (decoded.state === 'broken') return { state: 'broken', file, bytes, message: decoded.message };
  return decoded.migratedFrom === undefined
    ? { state: 'ok', file, bytes, sidecar: decoded.sidecar }
    : { state: 'ok', file, bytes, sidecar: decoded.sidecar, migratedFrom: decoded.migratedFrom };
}
