// Writing sidecars for CorpusService: one writer at a time per file across
// processes (file-lock.ts), the conflict check and the rename as one step,
// backups before anything is lost (sidecar-keeping.ts), several files as one
// (write-journal.ts), and the annotations of an article that vanished while
// open kept somewhere safe. No Electron.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SaveResult } from '../../app/ipc/contract';
import { parseSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { SidecarEncoder } from '../../app/sidecar/sidecar-bytes';
import { SIDECAR_SUFFIX, type Sidecar } from '../../app/sidecar/sidecar-schema';
import { applySidecarChangesWithDelta, type SidecarChanges } from '../../app/sidecar/sidecar-changes';
import { atomicWriteFile, writeIfAbsent, type AtomicFs } from './atomic-write';
import { LockQueue, fileIdentity, type LockOptions } from './file-lock';
import { primeParts, sidecarFileBytes } from './sidecar-bytes';
import { sha256Hex, type FileLedger } from './file-ledger';
import { CorpusError, plainErrorReason, resolveTargetInside } from './paths';
import { backUpOnce, keepInKeptFolder, keepOwnVersionIfRemoved, type KeptFor } from './sidecar-keeping';
import type { AppliedChanges, PreparedSidecar, SidecarRead, SidecarWrite, WriteSidecarOptions, WrittenDelta } from './sidecar-write-types';
import { checkBeforeWrite, checkExpected } from './sidecar-checks';
import { JOURNAL_PATH, completeJournal, pendingJournalTargets, writeBatch, type BatchHooks } from './write-journal';

export type { SidecarRead, SidecarWrite, WriteSidecarOptions, WrittenDelta } from './sidecar-write-types';
export { toRel } from './sidecar-keeping';

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** How many written sidecars readSidecarOf may reuse without parsing. */
const WRITTEN_KEPT = 8;

/** What the writer needs of its CorpusService. */
export interface SidecarWriterDeps {
  root: string;
  fs: AtomicFs;
  lockOptions: LockOptions;
  ledger: FileLedger;
  /** Refuses what is not an existing text document of the corpus (CorpusError, 'not-found' when it is gone). */
  textDocument(rel: string): Promise<unknown>;
  readSidecarAt(file: string, sidecarRel: string, reuseWritten?: boolean): Promise<SidecarRead>;
  /**
   * Told of every sidecar written (null: removed), with what it now holds, once it is in place: the corpus index takes it
   * without reading it back. `delta`: the write applied a change list to the version hashed `delta.baseSha256`.
   */
  onWritten?(rel: string, sidecar: Sidecar | null, sha256: string | null, delta?: WrittenDelta): void;
}

export class SidecarWriter {
  private readonly root: string;
  private readonly fs: AtomicFs;
  private readonly lockOptions: LockOptions;
  private readonly ledger: FileLedger;
  private readonly locks = new LockQueue();
  private readonly textDocument: SidecarWriterDeps['textDocument'];
  private readonly readSidecarAt: SidecarWriterDeps['readSidecarAt'];
  private readonly onWritten: NonNullable<SidecarWriterDeps['onWritten']>;
  /** Keeps each annotation's bytes: a save re-encodes only what changed. */
  private readonly encoder = new SidecarEncoder();

  constructor(deps: SidecarWriterDeps) {
    this.root = deps.root;
    this.fs = deps.fs;
    this.lockOptions = deps.lockOptions;
    this.ledger = deps.ledger;
    this.textDocument = deps.textDocument;
    this.readSidecarAt = deps.readSidecarAt;
    this.onWritten = deps.onWritten ?? (() => {});
  }

  private written(sidecarRel: string, sidecar: Sidecar | null, sha256: string | null, delta?: WrittenDelta): void {
    try {
      this.onWritten(sidecarRel.slice(0, -SIDECAR_SUFFIX.length), sidecar, sha256, delta);
    } catch (e) {
      // The file is written: a listener's failure must not turn the save into an error.
      console.error(`marginalia: after writing ${sidecarRel}:`, e);
    }
  }

  /**
   * Writes the sidecars of several documents as one (an import): all or none
   * (write-journal.ts). Each is checked as writeSidecar checks it (its
   * expectedSha256, a broken file, references); any refusal writes nothing.
   */
  writeSidecarsTogether(items: SidecarWrite[], hooks: Pick<BatchHooks, 'afterRename'> = {}): Promise<SaveResult[]> {
    return this.updateSidecarsTogether(
      items.map((i) => i.rel),
      async () => items,
      hooks,
    );
  }

  /**
   * Like writeSidecarsTogether, but `plan` (which reads the documents and
   * decides what to write) runs holding the locks of every sidecar of `rels`:
   * no writer that takes them can slip in between the read and the write.
   */
  async updateSidecarsTogether(rels: string[], plan: () => Promise<SidecarWrite[]>, hooks: Pick<BatchHooks, 'afterRename'> = {}): Promise<SaveResult[]> {
    await this.completeInterruptedWrites();
    const files = new Map<string, { file: string; what: string }>();
    for (const rel of rels) {
      await this.textDocument(rel);
      const what = sidecarNameFor(rel);
      files.set(rel, { file: await resolveTargetInside(this.root, what), what });
    }
    const journal = { file: await this.journalFile(), what: JOURNAL_PATH };
    return this.locks.runAll(
      [journal, ...files.values()],
      async () => {
        const items = await plan();
        const prepared: PreparedSidecar[] = [];
        for (const item of items) {
          const target = files.get(item.rel);
          if (!target) throw new CorpusError('internal', `${item.rel} was not among the documents locked for this write`);
          prepared.push(await this.prepareSidecar(item.rel, target.file, item.sidecar, { expectedSha256: item.expectedSha256 }));
        }
        if (prepared.length === 0) return [];
        for (const p of prepared) this.ledger.note(p.sidecarRel, p.sha256);
        try {
          await writeBatch(this.root, prepared.map((p) => ({ file: p.file, bytes: p.bytes, check: () => this.checkUnchanged(p) })), { fs: this.fs, ...hooks });
        } catch (e) {
          for (const p of prepared) this.ledger.note(p.sidecarRel, p.previousSha);
          throw e;
        }
        for (const p of prepared) {
          this.rememberWritten(p.sidecarRel, p.bytes, p.sha256, p.toWrite);
          this.written(p.sidecarRel, p.toWrite, p.sha256);
        }
        const savedAt = new Date().toISOString();
        return prepared.map((p) => ({ savedAt, annotationCount: p.toWrite.annotations.length, sidecarSha256: p.sha256 }));
      },
      this.lockOptions,
    );
  }

  /** Completes a batch of writes interrupted after its commit point (write-journal.ts); one failed open when there is none. */
  async completeInterruptedWrites(): Promise<string[]> {
    const targets = await pendingJournalTargets(this.root);
    if (!targets) return [];
    const files = await Promise.all(targets.map(async (t) => ({ file: await resolveTargetInside(this.root, t), what: t })));
    return this.locks.runAll(
      [{ file: await this.journalFile(), what: JOURNAL_PATH }, ...files],
      async () => {
        const { completed, problems } = await completeJournal(this.root, this.fs);
        for (const p of problems) console.error(`marginalia: ${p}`);
        return completed;
      },
      this.lockOptions,
    );
  }

  private async journalFile(): Promise<string> {
    await mkdir(join(this.root, dirname(JOURNAL_PATH)), { recursive: true }).catch(() => {});
    return resolveTargetInside(this.root, JOURNAL_PATH);
  }

  /** See backUpOnce (sidecar-keeping.ts). */
  backUpOnce(file: string, kind: string, bytes: Uint8Array): Promise<string> {
    return backUpOnce(this.root, this.fs, file, kind, bytes);
  }

  /**
   * The sidecars last written or opened (bytes, hash, and the sidecar they
   * encode once known), most recent last: see readSidecarOf and
   * writeSidecarChanges.
   */
  readonly lastWritten = new Map<string, { bytes: Uint8Array; sha256: string; sidecar: Sidecar | null; checked: boolean }>();

  /** `checked`: `sidecar` passed checkBeforeWrite (the writer wrote it); the file opened was only parsed. */
  rememberWritten(sidecarRel: string, bytes: Uint8Array, sha256: string, sidecar: Sidecar | null, checked = sidecar !== null): void {
    // As parseSidecar gives it back: no orphans is an absent key.
    const parsedForm = sidecar?.orphans?.length === 0 ? (({ orphans: _none, ...rest }) => rest)(sidecar) : sidecar;
    this.lastWritten.delete(sidecarRel);
    this.lastWritten.set(sidecarRel, { bytes, sha256, sidecar: parsedForm, checked: checked && sidecar !== null });
    // A document just opened: its parts are made while the analyst reads, not all on the first tag.
    if (parsedForm && !checked) void primeParts(this.encoder, parsedForm.annotations, () => this.lastWritten.get(sidecarRel)?.sidecar === parsedForm);
    // A few open documents' worth: a batch over the corpus must not keep every sidecar in memory.
    while (this.lastWritten.size > WRITTEN_KEPT) this.lastWritten.delete(this.lastWritten.keys().next().value as string);
  }

  /**
   * Writes the sidecar of text document `rel` atomically (temporary file and
   * rename: a crash or a full disk leaves the previous file whole). Refuses,
   * writing nothing:
   * - 'sidecar-invalid' when the sidecar on disk exists but cannot be read (it
   *   is never overwritten), or `sidecar` has dangling or duplicate ids;
   * - 'conflict' when `options.expectedSha256` is given and the file on disk
   *   holds something else (another program changed it since it was read);
   * - 'io' when the disk refuses (full, read-only, permission), naming the
   *   file and the reason in plain words.
   * Before replacing a file of an older format, or one written for other
   * source bytes (re-anchoring), a copy of it is kept beside it (once).
   * `sidecar.orphans` absent keeps the orphans of the file on disk that are
   * not placed in `sidecar.annotations`; present, it is the whole list.
   */
  writeSidecar(rel: string, sidecar: Sidecar, options: WriteSidecarOptions = {}): Promise<SaveResult> {
    return this.writeOne(rel, sidecar, options);
  }

  /** writeSidecar, for `sidecar` made by `applied` when given. */
  private async writeOne(rel: string, sidecar: Sidecar, options: WriteSidecarOptions, applied?: AppliedChanges): Promise<SaveResult> {
    try {
      await this.textDocument(rel);
    } catch (e) {
      // Deleted or renamed since this service opened it: the annotations are kept somewhere safe rather than refused
      // forever. A document never opened here gets no sidecar: that would be writing files the app was never shown.
      if (!(e instanceof CorpusError && e.code === 'not-found') || !this.openedHere.has(rel)) throw e;
      return this.keepForMissingArticle(rel, sidecar, options);
    }
    await this.completeInterruptedWrites();
    const sidecarRel = sidecarNameFor(rel);
    const target = await resolveTargetInside(this.root, sidecarRel);
    // One writer at a time per sidecar, across processes: the check below and the rename are one step.
    return this.locks.run(target, sidecarRel, async () => this.commitSidecar(await this.prepareSidecar(rel, target, sidecar, options, applied)), this.lockOptions);
  }

  /** Everything writeSidecar checks and keeps before writing; run holding the sidecar's lock. */
  private async prepareSidecar(rel: string, target: string, sidecar: Sidecar, options: WriteSidecarOptions, applied?: AppliedChanges): Promise<PreparedSidecar> {
    const sidecarRel = sidecarNameFor(rel);
    const identity = await fileIdentity(target);
    const current = await this.readSidecarAt(target, sidecarRel, true);
    // Hashed once (the check and the ledger both need it), and not at all when it is what this app last wrote: 2 MB is ~2 ms a hash.
    const written = this.lastWritten.get(sidecarRel);
    const currentSha =
      current.state === 'missing'
        ? null
        : written && (written.bytes === current.bytes || Buffer.compare(written.bytes, current.bytes) === 0)
          ? written.sha256
          : sha256Hex(current.bytes);
    checkExpected(sidecarRel, currentSha, options.expectedSha256);
    if (current.state === 'broken') {
      throw new CorpusError(
        'sidecar-invalid',
        `${current.message}. It is kept as it is and not overwritten: fix or move it, then save again`,
      );
    }
    let toWrite = sidecar;
    if (sidecar.orphans === undefined && current.state === 'ok' && current.sidecar.orphans?.length) {
      // A caller that does not handle orphans must not drop them.
      const placed = new Set(sidecar.annotations.map((a) => a.id));
      const kept = current.sidecar.orphans.filter((o) => !placed.has(o.id));
      if (kept.length) toWrite = { ...sidecar, orphans: kept };
    }
    if (sidecar.conflicts === undefined && current.state === 'ok' && current.sidecar.conflicts?.length) {
      // Merge conflicts (app/merge3/) stay until someone decides them: a caller that does not handle them must not drop them.
      toWrite = { ...toWrite, conflicts: current.sidecar.conflicts };
    }
    // What was added from the file on disk makes it another sidecar than the change list's result: checked whole.
    const delta = toWrite === sidecar ? applied : undefined;
    checkBeforeWrite(sidecarRel, toWrite, delta);
    if (current.state === 'ok') {
      try {
        if (current.migratedFrom !== undefined) {
          // An older format is rewritten only with the original kept beside it.
          await writeIfAbsent(`${current.file}.v${current.migratedFrom}.bak`, current.bytes, this.fs);
        }
        if (current.sidecar.source.sha256 !== toWrite.source.sha256) {
          // Re-anchored annotations replace the ones made on other source bytes only with those kept beside them.
          await this.backUpOnce(current.file, 'before-reanchor', current.bytes);
        }
      } catch (e) {
        throw new CorpusError(
          'io',
          `Could not save ${sidecarRel}: keeping a copy of the previous version failed (${plainErrorReason(e)}). Nothing was changed`,
          { cause: e },
        );
      }
    }
    const kept = await keepOwnVersionIfRemoved(this.root, this.fs, sidecarRel, current, currentSha, toWrite, this.lastWritten.get(sidecarRel));
    return { ...kept, sidecarRel, file: current.file, identity, previousSha: currentSha, toWrite, ...(await sidecarFileBytes(this.encoder, toWrite)), ...(delta ? { applied: delta } : {}) };
  }

  /** Documents this service has opened (readDocument): only those may be saved after they disappear. */
  private readonly openedHere = new Set<string>();

  noteOpened(rel: string): void {
    this.openedHere.add(rel);
  }

  /** Where the annotations of documents deleted or renamed while open were kept, by document: see keepForMissingArticle. */
  private readonly keptFor: KeptFor = new Map();

  /**
   * Saves the annotations of document `rel`, which was deleted or renamed
   * while open: beside where it was when its sidecar there is missing or is
   * the one the app last saw; otherwise (or when its folder is gone too) in a
   * new file under `.marginalia/kept/`, never replacing anything of someone
   * else's. The result's `notice` says where.
   */
  private async keepForMissingArticle(rel: string, sidecar: Sidecar, options: WriteSidecarOptions): Promise<SaveResult> {
    const sidecarRel = sidecarNameFor(rel);
    const notice = (where: string) =>
      `${rel} was deleted or renamed by another program. Its annotations were saved to ${where}; to keep them with the article, move that file beside it, named after it with .annotations.json`;
    try {
      const target = await resolveTargetInside(this.root, sidecarRel);
      const result = await this.locks.run(
        target,
        sidecarRel,
        async () => {
          const onDisk = await this.readSidecarAt(target, sidecarRel);
          // Nothing there to overwrite, or exactly what the app last saw: the usual checks and backups apply.
          const expected = onDisk.state === 'missing' ? null : options.expectedSha256;
          return this.commitSidecar(await this.prepareSidecar(rel, target, sidecar, { expectedSha256: expected === undefined ? null : expected }));
        },
        this.lockOptions,
      );
      return { ...result, notice: notice(sidecarRel) };
    } catch (e) {
      if (!(e instanceof CorpusError) || !['not-found', 'conflict', 'sidecar-invalid'].includes(e.code)) throw e;
    }
    const kept = await keepInKeptFolder({ root: this.root, fs: this.fs, keptFor: this.keptFor }, rel, sidecar, options.expectedSha256);
    return { ...kept, notice: notice(kept.where) };
  }

  /** Renames a prepared sidecar into place if the file is still the one it was prepared against. */
  private async commitSidecar(p: PreparedSidecar): Promise<SaveResult> {
    // Noted before the rename, so the watcher never mistakes this write for another program's.
    this.ledger.note(p.sidecarRel, p.sha256);
    this.lastWritten.delete(p.sidecarRel);
    try {
      await atomicWriteFile(p.file, p.bytes, {
        fs: this.fs,
        // Noted again with its size and time, before the rename: the watcher then knows it without reading it.
        onWritten: ({ mtimeMs }) => this.ledger.note(p.sidecarRel, p.sha256, { size: p.bytes.length, mtimeMs }),
        beforeRename: () => this.checkUnchanged(p),
      });
      this.rememberWritten(p.sidecarRel, p.bytes, p.sha256, p.toWrite);
    } catch (e) {
      this.ledger.note(p.sidecarRel, p.previousSha);
      if (e instanceof CorpusError) throw e;
      throw new CorpusError('io', `Could not save ${p.sidecarRel}: ${plainErrorReason(e)}. The previous version of the file is intact`, { cause: e });
    }
    this.written(p.sidecarRel, p.toWrite, p.sha256, p.applied ? { baseSha256: p.applied.baseSha256, delta: p.applied.delta } : undefined);
    return {
      savedAt: new Date().toISOString(),
      annotationCount: p.toWrite.annotations.length,
      sidecarSha256: p.sha256,
      ...(p.backupPath ? { backupPath: p.backupPath } : {}),
      ...(p.notice ? { notice: p.notice } : {}),
    };
  }

  /** A program that takes no lock (an editor, a sync tool) may still have written meanwhile: then nothing is replaced. */
  private async checkUnchanged(p: PreparedSidecar): Promise<void> {
    if ((await fileIdentity(p.file)) !== p.identity) {
      throw new CorpusError('conflict', `${p.sidecarRel} was changed by another program while it was being saved; it was not overwritten. Reload it (or merge) before saving again`);
    }
  }

  /**
   * Applies `changes` to the sidecar this service last wrote for `rel`, whose
   * bytes hashed to `baseSha256`, and writes the result with writeSidecar
   * (`expectedSha256: baseSha256`: a file changed on disk since is a
   * 'conflict', as for a whole save). Throws 'stale' when it holds no such
   * copy (another window wrote, the app restarted): send the whole sidecar.
   */
  async writeSidecarChanges(rel: string, baseSha256: string, changes: SidecarChanges): Promise<SaveResult> {
    const sidecarRel = sidecarNameFor(rel);
    const base = this.lastWritten.get(sidecarRel);
    const stale = () => new CorpusError('stale', `${sidecarRel}: the version these changes apply to is not at hand; send the whole sidecar`);
    if (!base || base.sha256 !== baseSha256) throw stale();
    // A version the writer wrote passed its checks; one parsed from the file opened is checked whole once.
    const checkedBase = base.checked;
    if (!base.sidecar) {
      // Opened but not written yet: parsed here once, from the bytes the app opened.
      const parsed = parseSidecar(utf8.decode(base.bytes));
      if (!parsed.ok || parsed.migratedFrom !== undefined) throw stale();
      base.sidecar = parsed.sidecar;
    }
    const { sidecar, delta } = applySidecarChangesWithDelta(base.sidecar, changes);
    return this.writeOne(rel, sidecar, { expectedSha256: baseSha256 }, { baseSha256, changes, delta, checkedBase });
  }

  /**
   * Removes the sidecar of text document `rel` (undo of the step that created
   * it) only while its bytes hash to `expectedSha256`, holding its lock;
   * otherwise 'conflict' and nothing is removed. Already gone: `{ deleted:
   * false }`. A sidecar that cannot be read is never removed.
   */
  async deleteSidecar(rel: string, expectedSha256: string): Promise<{ deleted: boolean }> {
    await this.textDocument(rel);
    const sidecarRel = sidecarNameFor(rel);
    const target = await resolveTargetInside(this.root, sidecarRel);
    return this.locks.run(
      target,
      sidecarRel,
      async () => {
        const current = await this.readSidecarAt(target, sidecarRel, true);
        if (current.state === 'missing') return { deleted: false };
        const onDisk = sha256Hex(current.bytes);
        if (onDisk !== expectedSha256) {
          throw new CorpusError('conflict', `${sidecarRel} was changed by another program since it was saved; it was not removed`);
        }
        if (current.state === 'broken') throw new CorpusError('sidecar-invalid', `${current.message}. It is kept as it is and not removed`);
        // Noted first, so the watcher never mistakes this removal for another program's.
        this.ledger.note(sidecarRel, null);
        this.lastWritten.delete(sidecarRel);
        try {
          await this.fs.unlink(current.file);
        } catch (e) {
          this.ledger.note(sidecarRel, onDisk);
          throw new CorpusError('io', `Could not remove ${sidecarRel}: ${plainErrorReason(e)}. The file is intact`, { cause: e });
        }
        this.written(sidecarRel, null, null);
        return { deleted: true };
      },
      this.lockOptions,
    );
  }
}
