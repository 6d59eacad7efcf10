// One open document: its annotations, the current selection, and what the
// analyst sees of saving. A plain store class; React subscribes through
// useSyncExternalStore. It puts together three parts, each tested alone:
// - the editing commands, pure functions in app/document-edits.ts;
// - the autosaver (autosaver.ts): when to save and what the status bar says;
// - the disk sync (disk-sync.ts): how a state is written, merged with a file
//   changed elsewhere, or refused (read-only);
// and records every change as a step of the workspace's one undo history
// (workspace-undo.ts), which undo and redo move across documents.
import type { OpenedDocument, SaveResult } from '../../../app/ipc/contract';
import type { Annotation, CurationDecision, ConflictKind, DocumentStatus } from '../../../app/sidecar/sidecar-schema';
import type { DocumentLabel } from '../../../app/label-schema';
import { decideConflict, type ConflictChoice } from '../../../app/merge3/decide-conflict';
import { TextIndex } from '../../../app/offsets';
import { AnnotationHistory, type HistoryState } from '../../../app/history';
import type { NewSpan } from '../../../app/batch-annotations';
import type { AnnotationPatch } from '../../../app/annotations';
import * as edits from '../../../app/document-edits';
import { Autosaver, type Clock, type SaveState } from './autosaver';
import { DiskSync, mergeWithDisk, type DiskApi } from './disk-sync';
import { WorkspaceUndo, type WorkspaceDocument } from './workspace-undo';
import { ViewNotifier, type ImmediateListener } from './view-notifier';
import { ValueStore } from './store';
import type { SessionSnapshot } from './session-snapshot';

export type { SaveState } from './autosaver';
export { AUTOSAVE_DELAY_MS } from './autosaver';

export type { SessionSnapshot } from './session-snapshot';

export interface SessionOptions extends DiskApi {
  /** After each successful save, with what the file now holds. */
  saved?(path: string, result: SaveResult, state: HistoryState): void;
  autosaveDelayMs?: number;
  /** Timers for the autosaver (tests pass a fake clock). */
  clock?: Clock;
  /** Who is annotating, read at each new annotation (preferences may change while a document is open). */
  author?: () => string | undefined;
  /**
   * The workspace's one undo history (shared by every document of the corpus).
   * Without one the session keeps a history of its own, for itself alone.
   */
  workspace?: WorkspaceUndo;
  /** How paintFirst() waits for the next frame to paint (tests pass their own). */
  afterPaint?: (run: () => void) => () => void;
}

/** A workspace for a session on its own: its steps are all in its own document, so it never reads or writes files. */
function privateWorkspace(): WorkspaceUndo {
  const refuse = () => Promise.reject(new Error('no other documents in this workspace'));
  return new WorkspaceUndo({ read: refuse, save: refuse, remove: refuse });
}

const codeOf = (e: unknown): string | undefined => (e as { code?: string }).code;

export class DocumentSession implements WorkspaceDocument {
  readonly index: TextIndex;
  readonly readOnlyReason: string | null;
  private readonly history: AnnotationHistory;
  private readonly disk: DiskSync;
  private readonly autosaver: Autosaver;
  private readonly workspace: WorkspaceUndo;
  private readonly stopWorkspace: () => void;
  private readonly views: ViewNotifier<SessionSnapshot>;
  /** What the status bar says of saving, told at once even inside paintFirst: it must never say Saved of a change not saved. */
  readonly saveState = new ValueStore<SaveState>({ kind: 'saved' });
  private readonly readOnlyState: SaveState | null;
  private snapshot: SessionSnapshot;
  private selectedId: string | null = null;
  private notice: string | null = null;
  private disposed = false;
  /** Inside change(): the workspace's notification is not re-emitted (change() emits). */
  private recording = false;

  constructor(
    readonly doc: OpenedDocument,
    private readonly options: SessionOptions,
  ) {
    this.index = new TextIndex(doc.text);
    this.views = new ViewNotifier({ afterNotify: () => this.autosaver.afterEmit(), ...(options.afterPaint ? { afterPaint: options.afterPaint } : {}) });
    this.workspace = options.workspace ?? privateWorkspace();
    this.disk = new DiskSync(doc, options, (sha256, state, result) => {
      this.workspace.noteOnDisk(doc.path, sha256, state);
      if (result && state) options.saved?.(doc.path, result, state);
      else if (result) this.workspace.filesChanged([doc.path]);
    });
    this.readOnlyReason = this.disk.readOnlyReason;
    this.readOnlyState = this.readOnlyReason ? { kind: 'read-only', message: this.readOnlyReason } : null;
    this.history = new AnnotationHistory(this.disk.initial);
    this.autosaver = new Autosaver(
      { isDirty: () => this.history.isDirty, persist: () => this.persist(), statusChanged: () => this.emit() },
      { ...(options.autosaveDelayMs !== undefined ? { delayMs: options.autosaveDelayMs } : {}), ...(options.clock ? { clock: options.clock } : {}) },
    );
    this.workspace.attach(this);
    // Steps recorded or moved elsewhere change Undo's description; this session's own changes emit once, themselves.
    this.stopWorkspace = this.workspace.history.subscribe(() => {
      if (!this.disposed && !this.recording) this.emit();
    });
    if (!this.readOnlyReason && doc.reanchor) {
      // The file on disk still holds the old offsets: the re-anchored state is unsaved work.
      this.history.rebaseSaved({ ...this.disk.initial });
      this.autosaver.changed();
      this.autosaver.saveSoon();
    }
    this.snapshot = this.buildSnapshot();
    this.saveState.set(this.snapshot.save);
  }

  subscribe = (listener: () => void): (() => void) => this.views.subscribe(listener);

  /** Told of every change at once, before the views: the article's painter (see paintFirst). */
  subscribeImmediate = (listener: ImmediateListener<SessionSnapshot>): (() => void) => this.views.subscribeImmediate(listener);

  /** Runs `change` (a label's key); the views and the save hear of it after the next paint (view-notifier.ts). */
  paintFirst = <R>(change: () => R): R => this.views.paintFirst(change);

  getSnapshot = (): SessionSnapshot => this.snapshot;

  private buildSnapshot(): SessionSnapshot {
    const state = this.history.state;
    const steps = this.workspace.history.getSnapshot();
    return {
      doc: this.doc,
      annotations: state.annotations,
      relations: state.relations,
      status: state.status,
      selectedId: this.selectedId,
      save: this.readOnlyState ?? this.autosaver.status,
      canUndo: steps.canUndo,
      canRedo: steps.canRedo,
      undoDescription: steps.undoDescription,
      redoDescription: steps.redoDescription,
      readOnly: this.readOnlyReason !== null,
      orphans: state.orphans ?? [],
      conflicts: state.conflicts ?? [],
      categories: state.categories ?? [],
      events: state.events ?? [],
      reanchor: this.doc.reanchor ?? null,
      notice: this.notice,
    };
  }

  private emit(): void {
    const previous = this.snapshot;
    this.snapshot = this.buildSnapshot();
    this.saveState.set(this.snapshot.save);
    this.views.changed(this.snapshot, previous);
  }

  /** Applies an edit made by a command of app/document-edits.ts as one workspace step. */
  private apply(edit: edits.DocumentEdit | null, coalesceKey?: string): boolean {
    if (!edit || this.readOnlyReason) return false;
    const before = this.history.state;
    if (!this.history.moveTo(edit.next)) return false;
    this.recording = true;
    try {
      this.workspace.record(edit.description, { path: this.doc.path, before, after: edit.next, source: this.disk.source }, coalesceKey);
    } finally {
      this.recording = false;
    }
    this.autosaver.changed();
    this.emit();
    return true;
  }

  /** Tag [start, end) (code points) with a label; returns the new annotation's id. */
  addAnnotation(label: string, type: Annotation['type'], start: number, end: number): string | null {
    const r = edits.tagSpan(this.history.state, this.index, { label, type, start, end, author: this.options.author?.() });
    if (!r) return null;
    if ('existing' in r) {
      this.select(r.existing);
      return r.existing;
    }
    if (!this.apply(r)) return null;
    this.select(r.id);
    return r.id;
  }

  /** Add many spans as one undo step (accepted suggestions, tag-all); existing ones are skipped. Returns the new ids. */
  addMany(spans: NewSpan[], description: string): string[] {
    const r = edits.tagSpans(this.history.state, this.index, spans, description, { author: this.options.author?.() });
    return r && this.apply(r) ? r.added : [];
  }

  /** Replace all annotations as one undo step (a curated merge); relations follow through `idMap`. True unless read-only. */
  replaceAll(annotations: readonly Annotation[], description: string, idMap?: ReadonlyMap<string, string>, record?: readonly CurationDecision[]): boolean {
    const edit = edits.replaceAll(this.history.state, annotations, description, idMap, record);
    return edit ? this.apply(edit) : this.readOnlyReason === null;
  }

  relabel(id: string, label: string): void {
    this.apply(edits.relabelAnnotation(this.history.state, id, label));
  }

  remove(id: string): void {
    const edit = edits.deleteAnnotation(this.history.state, id);
    if (edit && !this.readOnlyReason && this.selectedId === id) this.selectedId = null;
    this.apply(edit);
  }

  /** Change fields of one annotation; typing in a note passes a coalesceKey so it is one undo step. */
  update(id: string, patch: AnnotationPatch, description: string, coalesceKey?: string): void {
    this.apply(edits.patchAnnotation(this.history.state, id, patch, description), coalesceKey);
  }

  /** Link a claim to the mention of who makes it (undefined clears it). */
  setClaimant(claimId: string, claimantId: string | undefined): void {
    this.apply(edits.setClaimant(this.history.state, claimId, claimantId));
  }

  addRelation(type: string, from: string, to: string): void {
    this.apply(edits.linkAnnotations(this.history.state, type, from, to));
  }

  removeRelation(id: string): void {
    this.apply(edits.unlinkRelation(this.history.state, id));
  }

  removeEvent(id: string): void {
    this.apply(edits.deleteEvent(this.history.state, id));
  }

  /** Decides a git merge conflict: ours (as shown) or theirs becomes the annotation, relation or status; one undo step. */
  decideConflict(kind: ConflictKind, id: string, choice: ConflictChoice): void {
    const next = decideConflict(this.history.state, kind, id, choice);
    if (typeof next === 'string') {
      this.showNotice(`Could not take that version: ${next}.`);
      return;
    }
    this.apply({ description: `${choice === 'ours' ? 'Keep ours' : 'Take theirs'} for ${kind} ${id}`, next });
  }

  /** Sets a document label (true/false without values, else its values) as one undo step. */
  setDocumentLabel(name: string, values: boolean | readonly string[]): void {
    this.apply(edits.setDocumentLabel(this.history.state, name, values));
  }

  /** A document label's key: toggles it, or moves to its next value. */
  cycleDocumentLabel(label: DocumentLabel): void {
    this.apply(edits.cycleDocumentLabel(this.history.state, label));
  }

  setStatus(status: DocumentStatus): void {
    this.apply(edits.setDocumentStatus(this.history.state, status));
  }

  /** Place an orphan again on [start, end) of the current text. */
  reattachOrphan(id: string, start: number, end: number): void {
    if (this.apply(edits.reattachOrphan(this.history.state, this.index, id, start, end))) this.select(id);
  }

  /** Give up on an orphan: removed with its relations and claimant links. */
  deleteOrphan(id: string): void {
    this.apply(edits.deleteOrphan(this.history.state, id));
  }

  select(id: string | null): void {
    if (this.selectedId === id) return;
    this.selectedId = id;
    this.emit();
  }

  /** Undo the workspace's last step, wherever it was made (it may open another document). */
  undo(): Promise<void> {
    return this.workspace.undo().then(() => undefined);
  }

  redo(): Promise<void> {
    return this.workspace.redo().then(() => undefined);
  }

  /** WorkspaceDocument: the path of this document. */
  get path(): string {
    return this.doc.path;
  }

  /** WorkspaceDocument: the state undo and redo move from. */
  currentState(): HistoryState {
    return this.history.state;
  }

  /** WorkspaceDocument: undo or redo moved this document to `state`. */
  moveTo(state: HistoryState): void {
    if (this.readOnlyReason || !this.history.moveTo(state)) return;
    this.afterMove();
  }

  /** WorkspaceDocument: say what undo or redo did elsewhere, or why it could not. */
  showNotice(message: string): void {
    this.notice = message;
    this.emit();
  }

  private afterMove(): void {
    if (this.selectedId && !this.history.state.annotations.some((a) => a.id === this.selectedId)) this.selectedId = null;
    this.autosaver.moved();
    this.emit();
  }

  /** The autosaver's save: the current state to disk; on a conflict, merged with the file first. */
  private async persist(): Promise<{ savedAt: string }> {
    const revision = this.history.revision;
    try {
      const result = await this.disk.write(this.history.state);
      this.history.markSaved(revision);
      this.noteSaveResult(result);
      return result;
    } catch (e) {
      if (codeOf(e) !== 'conflict' || !(await this.mergeFromDisk())) throw e;
      // Merged with what another program wrote: save the merge over the file just read.
      const mergedRevision = this.history.revision;
      const result = await this.disk.write(this.history.state);
      this.history.markSaved(mergedRevision);
      this.noteSaveResult(result);
      return result;
    }
  }

  /** Main kept the app's earlier version before a save removed annotations another program removed: say where. */
  private noteSaveResult(result: SaveResult): void {
    if (result.notice) {
      this.notice = result.notice;
      this.emit();
    }
  }

  /** Save now if anything is unsaved; resolves when the file on disk holds the current state or the save failed. */
  async saveNow(): Promise<void> {
    if (this.readOnlyReason) return;
    await this.autosaver.saveNow();
  }

  /**
   * Another program changed this document's sidecar: read it and merge it with
   * the work here (three-way, by id, against the version last saved). Returns
   * false when that is not possible (the article itself changed, or no way to
   * read it), leaving everything as it was.
   */
  async mergeFromDisk(): Promise<boolean> {
    if (this.readOnlyReason) return false;
    const read = await this.disk.readTheirs();
    if (read === null) return false;
    if (read === 'unchanged') return true;
    const mine = this.history.state;
    const { next, notice } = mergeWithDisk(this.doc.path, this.history.savedState ?? read.theirs, mine, read.gone ? null : read.theirs);
    if (this.history.moveTo(next)) {
      this.workspace.record('Merge changes made on disk', { path: this.doc.path, before: mine, after: next, source: this.disk.source });
    }
    this.history.rebaseSaved(read.theirs);
    this.notice = notice;
    this.afterMove();
    return true;
  }

  /** The sidecar on disk changed (watcher): merge unless it is what the app itself last wrote. */
  async onSidecarChangedOnDisk(sidecarSha256: string | null): Promise<void> {
    if (this.disk.isCurrent(sidecarSha256)) return;
    await this.autosaver.idle();
    if (this.disk.isCurrent(sidecarSha256)) return;
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

  /** Write out anything unsaved; call before closing or switching documents. */
  async flush(): Promise<void> {
    await this.saveNow();
  }

  get hasUnsavedChanges(): boolean {
    return this.history.isDirty;
  }

  dispose(): void {
    this.disposed = true;
    this.stopWorkspace();
    this.workspace.detach(this);
    this.autosaver.dispose();
    this.views.dispose();
  }
}
