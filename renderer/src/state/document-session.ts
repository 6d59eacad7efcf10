// One open document: its annotations with undo/redo, the current selection,
// and autosave. A plain store class; React subscribes through
// useSyncExternalStore. Nothing typed is lost: every change schedules a save,
// a failed save keeps the change and says why, and flush() is awaited before
// the document is closed.
import type { OpenedDocument, SaveResult } from '../../../app/ipc/contract';
import type { Annotation, Relation, Sidecar, DocumentStatus } from '../../../app/sidecar/sidecar-schema';
import { SIDECAR_FORMAT, SIDECAR_VERSION } from '../../../app/sidecar/sidecar-schema';
import { TextIndex } from '../../../app/offsets';
import { AnnotationHistory, type HistoryState } from '../../../app/history';
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
}

export interface SessionOptions {
  save(path: string, sidecar: Sidecar): Promise<SaveResult>;
  autosaveDelayMs?: number;
  /** Who is annotating, read at each new annotation (preferences may change while a document is open). */
  author?: () => string | undefined;
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
  private inFlight: Promise<void> | null = null;
  private readonly readOnlyReason: string | null;
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
    };
    this.history = new AnnotationHistory(initial);
    this.readOnlyReason = doc.sidecarProblem
      ? `The annotations file cannot be read (${doc.sidecarProblem.message}). It was left untouched${
          doc.sidecarProblem.backupPath ? ` and a copy kept at ${doc.sidecarProblem.backupPath}` : ''
        }; annotations are read-only until it is fixed.`
      : doc.sourceChanged
        ? 'The article changed since it was annotated; annotations are shown read-only so none is saved at a wrong place.'
        : null;
    this.saveState = this.readOnlyReason ? { kind: 'read-only', message: this.readOnlyReason } : { kind: 'saved' };
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
    };
  }

  private emit(): void {
    this.snapshot = this.buildSnapshot();
    for (const l of this.listeners) l();
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
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.saveNow();
    }, this.options.autosaveDelayMs ?? 300);
  }

  /** The sidecar for the current state. */
  toSidecar(): Sidecar {
    const state = this.history.state;
    return {
      format: SIDECAR_FORMAT,
      version: SIDECAR_VERSION,
      source: { name: baseName(this.doc.path), sha256: this.doc.sha256, length: this.doc.length },
      status: state.status,
      annotations: [...state.annotations],
      relations: [...state.relations],
    };
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
    const sidecar = this.toSidecar();
    this.saveState = { kind: 'saving' };
    this.emit();
    this.inFlight = (async () => {
      try {
        const result = await this.options.save(this.doc.path, sidecar);
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
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
  }
}
