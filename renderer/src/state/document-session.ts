// One open document: its annotations with undo/redo, the current selection,
// and autosave. A plain store class; React subscribes through
// useSyncExternalStore. Nothing typed is lost: every change schedules a save,
// a failed save keeps the change and says why, and flush() is awaited before
// the document is closed.
import type { OpenedDocument, SaveResult } from '../../../app/ipc/contract';
import type { Annotation, Conflict, ConflictKind, Relation, Sidecar, DocumentStatus } from '../../../app/sidecar/sidecar-schema';
import { SIDECAR_FORMAT, SIDECAR_VERSION } from '../../../app/sidecar/sidecar-schema';
import { diffSidecarState, type SidecarChanges } from '../../../app/sidecar/sidecar-changes';
import { TextIndex } from '../../../app/offsets';
import { AnnotationHistory, type HistoryState } from '../../../app/history';
import { mergeDocumentStates, type MergeSummary } from '../../../app/merge';
import { decideConflict, type ConflictChoice } from '../../../app/merge3/decide-conflict';
import { addSpans, replaceAnnotations, type NewSpan } from '../../../app/batch-annotations';
import type { DocumentReanchor } from '../../../app/ipc/contract';
import {
  addRelation,
  createAnnotation,
  relabel,
  removeAnnotation,
  removeRelation,
  updateAnnotation,
  type AnnotationPatch,
} from '../../../app/annotations';

export type SaveState =
  | { kind: 'saved'; savedAt?: string }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  | { kind: 'failed'; message: string }
  | { kind: 'read-only'; message: string };

export interface SessionSnapshot {
  doc: OpenedDocument;
  annotations: readonly Annotation[];
  relations: readonly Relation[];
  status: DocumentStatus;
  selectedId: string | null;
  save: SaveState;
  canUndo: boolean;
  canRedo: boolean;
  undoDescription: string | null;
  redoDescription: string | null;
  readOnly: boolean;
  /** Annotations the app could not place after the article changed: shown, re-attachable, never dropped. */
  orphans: readonly Annotation[];
  /** What a git merge left undecided (both versions kept): shown for a decision. */
  conflicts: readonly Conflict[];
  /** How annotations were re-anchored when the article had changed since they were saved. */
  reanchor: DocumentReanchor | null;
  /** A one-off message about what happened on disk (a merge with another program's edits). */
  notice: string | null;
}

/**
 * Saves start at once (a save in flight makes later changes wait and go out
 * together): on disk within one round trip of the keypress, and still one
 * write per burst of typing.
 */
export const AUTOSAVE_DELAY_MS = 0;
const SAVING_SHOWN_AFTER_MS = 200;

export interface SessionOptions {
  /** Write the sidecar; `expectedSha256` is the hash of the file the app last read or wrote (null: none yet). */
  save(path: string, sidecar: Sidecar, expectedSha256: string | null | undefined): Promise<SaveResult>;
  /**
   * Write only what changed since the file with hash `baseSha256` (main
   * applies it to its copy of that file). Rejected with code 'stale' when main
   * has no such copy: the session then saves the whole sidecar.
   */
  saveChanges?(path: string, baseSha256: string, changes: SidecarChanges): Promise<SaveResult>;
  /** After each successful save, with what the file now holds. */
  saved?(path: string, result: SaveResult, state: HistoryState): void;
  /** Read the document again (after a conflict or a change on disk). */
  reload?(path: string): Promise<OpenedDocument>;
  autosaveDelayMs?: number;
  /** Who is annotating, read at each new annotation (preferences may change while a document is open). */
  author?: () => string | undefined;
}

function describeMerge(path: string, summary: MergeSummary, sameAsDisk: boolean): string {
  if (sameAsDisk) return `${path} was changed by another program; the app now shows that version.`;
  const parts = [`${summary.fromDisk} change${summary.fromDisk === 1 ? '' : 's'} from disk`, `${summary.fromHere} from here`];
  if (summary.conflicts) parts.push(`${summary.conflicts} edited on both sides (this side's version kept)`);
  return `${path} was changed by another program while you worked: merged (${parts.join(', ')}).`;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export class DocumentSession {
  readonly index: TextIndex;
  private readonly history: AnnotationHistory;
  private readonly listeners = new Set<() => void>();
  private snapshot: SessionSnapshot;
  private selectedId: string | null = null;
  private saveState: SaveState;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private saveAfterEmit = false;
  /** Shows "Saving…" only for a save still running after a moment: a status change per tag would re-render the app before the highlight paints. */
  private savingShown: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private readonly readOnlyReason: string | null;
  /** Hash of the sidecar bytes on disk as last read or written: a save is refused if the file changed since. */
  private sidecarSha256: string | null | undefined;
  /** The state the sidecar on disk holds (hash `sidecarSha256`), when known: what saveChanges diffs against. */
  private onDisk: HistoryState | null = null;
  private notice: string | null = null;
  private disposed = false;

  constructor(
    readonly doc: OpenedDocument,
    private readonly options: SessionOptions,
  ) {
    this.index = new TextIndex(doc.text);
    const initial: HistoryState = {
      annotations: doc.sidecar?.annotations ?? [],
      relations: doc.sidecar?.relations ?? [],
      status: doc.sidecar?.status ?? 'todo',
      orphans: doc.sidecar?.orphans ?? [],
      conflicts: doc.sidecar?.conflicts ?? [],
    };
    this.history = new AnnotationHistory(initial);
    this.sidecarSha256 = doc.sidecarSha256;
    // Re-anchored: the file holds the old offsets, not `initial`.
    if (!doc.reanchor && !doc.sourceChanged && doc.sidecarSha256) this.onDisk = initial;
    this.readOnlyReason = doc.sidecarProblem
      ? `The annotations file cannot be read (${doc.sidecarProblem.message}). It was left untouched${
          doc.sidecarProblem.backupPath ? ` and a copy kept at ${doc.sidecarProblem.backupPath}` : ''
        }; annotations are read-only until it is fixed.`
      : doc.sourceChanged && !doc.reanchor && doc.sidecar
        ? 'The article changed since it was annotated and its annotations could not be re-anchored; they are shown read-only so none is saved at a wrong place.'
        : null;
    this.saveState = this.readOnlyReason ? { kind: 'read-only', message: this.readOnlyReason } : { kind: 'saved' };
    if (!this.readOnlyReason && doc.reanchor) {
      // The file on disk still holds the old offsets: the re-anchored state is unsaved work.
      this.history.rebaseSaved({ ...initial });
      this.saveState = { kind: 'unsaved' };
      this.scheduleSave();
      this.saveSoon();
    }
    this.snapshot = this.buildSnapshot();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionSnapshot => this.snapshot;

  private buildSnapshot(): SessionSnapshot {
    const state = this.history.state;
    return {
      doc: this.doc,
      annotations: state.annotations,
      relations: state.relations,
      status: state.status,
      selectedId: this.selectedId,
      save: this.saveState,
      canUndo: this.history.canUndo,
      canRedo: this.history.canRedo,
      undoDescription: this.history.undoDescription,
      redoDescription: this.history.redoDescription,
      readOnly: this.readOnlyReason !== null,
      orphans: state.orphans ?? [],
      conflicts: state.conflicts ?? [],
      reanchor: this.doc.reanchor ?? null,
      notice: this.notice,
    };
  }

  private emit(): void {
    this.snapshot = this.buildSnapshot();
    for (const l of this.listeners) l();
    if (this.saveAfterEmit) {
      this.saveAfterEmit = false;
      queueMicrotask(() => {
        if (!this.disposed) void this.saveNow();
      });
    }
  }

  private change(description: string, next: HistoryState, coalesceKey?: string): boolean {
    if (this.readOnlyReason) return false;
    if (!this.history.apply(coalesceKey ? { description, next, coalesceKey } : { description, next })) return false;
    this.saveState = { kind: 'unsaved' };
    this.scheduleSave();
    this.emit();
    return true;
  }

  /** Tag [start, end) (code points) with a label; returns the new annotation's id. */
  addAnnotation(label: string, type: Annotation['type'], start: number, end: number): string | null {
    if (end <= start) return null;
    const state = this.history.state;
    const existing = state.annotations.find((a) => a.start === start && a.end === end && a.label === label && a.type === type);
    if (existing) {
      this.select(existing.id);
      return existing.id;
    }
    const created = createAnnotation(this.index, { type, label, start, end, author: this.options.author?.() });
    // A new claim starts as asserted and unverified: the analyst refines both.
    const annotation: Annotation = type === 'claim' ? { ...created, stance: 'asserted', status: 'unverified' } : created;
    if (!this.change(`Tag “${annotation.text.slice(0, 40)}” as ${label}`, { ...state, annotations: [...state.annotations, annotation] })) {
      return null;
    }
    this.select(annotation.id);
    return annotation.id;
  }

  /** Add many spans as one undo step (accepted suggestions, tag-all); existing ones are skipped. Returns the new ids. */
  addMany(spans: NewSpan[], description: string): string[] {
    const { doc, added } = addSpans(this.history.state, this.index, spans, { author: this.options.author?.() });
    return added.length && this.change(description, { ...this.history.state, ...doc }) ? added : [];
  }

  /** Replace all annotations as one undo step (a curated merge); relations follow through `idMap`. */
  replaceAll(annotations: readonly Annotation[], description: string, idMap?: ReadonlyMap<string, string>): boolean {
    return this.change(description, { ...this.history.state, ...replaceAnnotations(this.history.state, annotations, idMap) });
  }

  relabel(id: string, label: string): void {
    const state = this.history.state;
    const target = state.annotations.find((a) => a.id === id);
    if (!target || target.label === label) return;
    this.change(`Relabel “${target.text.slice(0, 40)}” as ${label}`, { ...state, ...relabel(state, id, label) });
  }

  remove(id: string): void {
    const state = this.history.state;
    const target = state.annotations.find((a) => a.id === id);
    if (!target) return;
    if (this.selectedId === id) this.selectedId = null;
    this.change(`Delete “${target.text.slice(0, 40)}”`, { ...state, ...removeAnnotation(state, id) });
  }

  /** Change fields of one annotation; typing in a note passes a coalesceKey so it is one undo step. */
  update(id: string, patch: AnnotationPatch, description: string, coalesceKey?: string): void {
    const state = this.history.state;
    this.change(description, { ...state, ...updateAnnotation(state, id, patch) }, coalesceKey);
  }

  /** Link a claim to the mention of who makes it (undefined clears it). */
  setClaimant(claimId: string, claimantId: string | undefined): void {
    const state = this.history.state;
    const claimant = claimantId ? state.annotations.find((a) => a.id === claimantId) : undefined;
    this.update(claimId, { claimant: claimantId }, claimant ? `Claimant: ${claimant.text.slice(0, 40)}` : 'Clear claimant');
  }

  addRelation(type: string, from: string, to: string): void {
    const state = this.history.state;
    if (from === to) return;
    this.change(`Relation ${type}`, { ...state, ...addRelation(state, { type, from, to }) });
  }

  removeRelation(id: string): void {
    const state = this.history.state;
    this.change('Delete relation', { ...state, ...removeRelation(state, id) });
  }

  setStatus(status: DocumentStatus): void {
    const state = this.history.state;
    if (state.status === status) return;
    this.change(`Mark ${status}`, { ...state, status });
  }

  select(id: string | null): void {
    if (this.selectedId === id) return;
    this.selectedId = id;
    this.emit();
  }

  undo(): void {
    if (this.readOnlyReason || !this.history.canUndo) return;
    this.history.undo();
    this.afterHistoryMove();
  }

  redo(): void {
    if (this.readOnlyReason || !this.history.canRedo) return;
    this.history.redo();
    this.afterHistoryMove();
  }

  private afterHistoryMove(): void {
    if (this.selectedId && !this.history.state.annotations.some((a) => a.id === this.selectedId)) this.selectedId = null;
    this.saveState = this.history.isDirty ? { kind: 'unsaved' } : { kind: 'saved' };
    if (this.history.isDirty) this.scheduleSave();
    this.emit();
  }

  private scheduleSave(): void {
    if (this.timer) clearTimeout(this.timer);
    const delay = this.options.autosaveDelayMs ?? AUTOSAVE_DELAY_MS;
    if (delay > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.saveNow();
      }, delay);
      return;
    }
    // Saved from a microtask queued by the next emit(): after the views have
    // rendered the change (React renders a store update in the microtask the
    // emit queues, before this one) and before the frame paints. Serialising
    // is quick next to the frame, and the write then runs in main while the
    // highlight paints, instead of starting only after the paint.
    this.saveAfterEmit = true;
  }

  /** Starts a save scheduled by scheduleSave() when nothing will emit (the constructor). */
  private saveSoon(): void {
    if (!this.saveAfterEmit) return;
    this.saveAfterEmit = false;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.saveNow();
    }, 0);
  }

  /** The sidecar for the current state. */
  toSidecar(): Sidecar {
    return this.sidecarOf(this.history.state);
  }

  private sidecarOf(state: HistoryState): Sidecar {
    return {
      format: SIDECAR_FORMAT,
      version: SIDECAR_VERSION,
      source: { name: baseName(this.doc.path), sha256: this.doc.sha256, length: this.doc.length },
      status: state.status,
      annotations: [...state.annotations],
      relations: [...state.relations],
      // Always sent: the app holds the whole list (an empty list clears them on disk).
      orphans: [...(state.orphans ?? [])],
      // Likewise the whole list of merge conflicts.
      conflicts: [...(state.conflicts ?? [])],
    };
  }

  /**
   * Writes `state`: as changes since the file on disk when main can apply
   * them (a few hundred bytes after a tag, whatever the document's size),
   * else whole. Both are refused with 'conflict' if the file changed on disk.
   */
  private async write(state: HistoryState): Promise<SaveResult> {
    const base = this.onDisk;
    const baseSha = this.sidecarSha256;
    let result: SaveResult | null = null;
    if (base && typeof baseSha === 'string' && this.options.saveChanges) {
      try {
        result = await this.options.saveChanges(this.doc.path, baseSha, diffSidecarState(base, state));
      } catch (e) {
        if ((e as { code?: string }).code !== 'stale') throw e;
      }
    }
    result ??= await this.options.save(this.doc.path, this.sidecarOf(state), baseSha);
    this.sidecarSha256 = result.sidecarSha256;
    this.onDisk = state;
    this.options.saved?.(this.doc.path, result, state);
    return result;
  }

  /** Save now if anything is unsaved; resolves when the file on disk holds the current state or the save failed. */
  async saveNow(): Promise<void> {
    if (this.readOnlyReason) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.inFlight) await this.inFlight;
    if (!this.history.isDirty) return;
    const revision = this.history.revision;
    const state = this.history.state;
    this.saveState = { kind: 'saving' };
    this.savingShown = setTimeout(() => {
      this.savingShown = null;
      if (this.saveState.kind === 'saving' && !this.disposed) this.emit();
    }, SAVING_SHOWN_AFTER_MS);
    this.inFlight = (async () => {
      try {
        let result: SaveResult;
        try {
          result = await this.write(state);
        } catch (e) {
          if ((e as { code?: string }).code !== 'conflict' || !(await this.mergeFromDisk())) throw e;
          // Merged with what another program wrote: save the merge over the file just read.
          const mergedRevision = this.history.revision;
          result = await this.write(this.history.state);
          this.history.markSaved(mergedRevision);
          this.saveState = this.history.isDirty ? { kind: 'unsaved' } : { kind: 'saved', savedAt: result.savedAt };
          return;
        }
        this.history.markSaved(revision);
        this.saveState = this.history.isDirty ? { kind: 'unsaved' } : { kind: 'saved', savedAt: result.savedAt };
        if (this.history.isDirty && !this.disposed) this.scheduleSave();
      } catch (e) {
        this.saveState = { kind: 'failed', message: (e as Error).message };
      } finally {
        this.inFlight = null;
      }
    })();
    await this.inFlight;
    if (this.savingShown) clearTimeout(this.savingShown);
    this.savingShown = null;
    this.emit();
  }

  /**
   * Another program changed this document's sidecar: read it and merge it with
   * the work here (three-way, by id, against the version last saved). Returns
   * false when that is not possible (the article itself changed, or no way to
   * read it), leaving everything as it was.
   */
  async mergeFromDisk(): Promise<boolean> {
    if (!this.options.reload || this.readOnlyReason) return false;
    const disk = await this.options.reload(this.doc.path);
    if (disk.sha256 !== this.doc.sha256 || disk.sidecarProblem) return false;
    if (disk.sidecarSha256 === this.sidecarSha256) return true;
    const theirs: HistoryState = {
      annotations: disk.sidecar?.annotations ?? [],
      relations: disk.sidecar?.relations ?? [],
      status: disk.sidecar?.status ?? 'todo',
      orphans: disk.sidecar?.orphans ?? [],
      conflicts: disk.sidecar?.conflicts ?? [],
    };
    const base = this.history.savedState ?? theirs;
    const mine = this.history.state;
    const { merged, summary } = mergeDocumentStates(base, mine, theirs);
    this.sidecarSha256 = disk.sidecarSha256;
    this.onDisk = theirs;
    const sameAsDisk = JSON.stringify(merged) === JSON.stringify(theirs);
    this.history.apply({ description: 'Merge changes made on disk', next: sameAsDisk ? theirs : merged });
    this.history.rebaseSaved(theirs);
    this.notice = describeMerge(this.doc.path, summary, sameAsDisk);
    if (this.selectedId && !this.history.state.annotations.some((a) => a.id === this.selectedId)) this.selectedId = null;
    this.saveState = this.history.isDirty ? { kind: 'unsaved' } : { kind: 'saved' };
    if (this.history.isDirty) this.scheduleSave();
    this.emit();
    return true;
  }

  /** The sidecar on disk changed (watcher): merge unless it is what the app itself last wrote. */
  async onSidecarChangedOnDisk(sidecarSha256: string | null): Promise<void> {
    if (sidecarSha256 === this.sidecarSha256) return;
    while (this.inFlight) await this.inFlight;
    if (sidecarSha256 === this.sidecarSha256) return;
    try {
      await this.mergeFromDisk();
    } catch (e) {
      this.notice = `Could not read the changes made on disk to ${this.doc.path}: ${(e as Error).message}`;
      this.emit();
    }
  }

  dismissNotice(): void {
    this.notice = null;
    this.emit();
  }

  /** Place an orphan again on [start, end) of the current text. */
  reattachOrphan(id: string, start: number, end: number): void {
    const state = this.history.state;
    const orphan = state.orphans?.find((o) => o.id === id);
    if (!orphan || end <= start) return;
    const placed = createAnnotation(this.index, { type: orphan.type, label: orphan.label, start, end, id: orphan.id });
    const annotation: Annotation = { ...orphan, start, end, text: placed.text, prefix: placed.prefix, suffix: placed.suffix, modified: placed.modified ?? new Date().toISOString() };
    if (
      this.change(`Re-attach “${orphan.text.slice(0, 40)}”`, {
        ...state,
        annotations: [...state.annotations, annotation],
        orphans: (state.orphans ?? []).filter((o) => o.id !== id),
      })
    ) {
      this.select(id);
    }
  }

  /** Give up on an orphan: removed with its relations and claimant links. */
  deleteOrphan(id: string): void {
    const state = this.history.state;
    const orphan = state.orphans?.find((o) => o.id === id);
    if (!orphan) return;
    const withOrphan = { annotations: [...state.annotations, orphan], relations: state.relations };
    const removed = removeAnnotation(withOrphan, id);
    this.change(`Delete orphan “${orphan.text.slice(0, 40)}”`, {
      ...state,
      annotations: removed.annotations,
      relations: removed.relations,
      orphans: (state.orphans ?? []).filter((o) => o.id !== id),
    });
  }

  /** Decides a git merge conflict: ours (as shown) or theirs becomes the annotation, relation or status; one undo step. */
  decideConflict(kind: ConflictKind, id: string, choice: ConflictChoice): void {
    const next = decideConflict(this.history.state, kind, id, choice);
    if (typeof next === 'string') {
      this.notice = `Could not take that version: ${next}.`;
      this.emit();
      return;
    }
    this.change(`${choice === 'ours' ? 'Keep ours' : 'Take theirs'} for ${kind} ${id}`, next);
  }

  /** Write out anything unsaved; call before closing or switching documents. */
  async flush(): Promise<void> {
    await this.saveNow();
  }

  get hasUnsavedChanges(): boolean {
    return this.history.isDirty;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.savingShown) clearTimeout(this.savingShown);
    this.listeners.clear();
  }
}
