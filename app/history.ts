// The renderer's undoable store for one open document's annotations. Plain
// TypeScript (no React), so it is tested here and the UI just subscribes:
// `subscribe` and `getSnapshot` fit React's useSyncExternalStore as they are.
// States are immutable values; the store keeps references, never copies, and
// tells "back to what was saved" apart from "changed" by identity.
import type { Annotation, AnnotationEvent, Category, Conflict, CurationDecision, DocumentStatus, Equivalence, Relation } from './sidecar/sidecar-schema';

export interface HistoryState {
  readonly annotations: readonly Annotation[];
  readonly relations: readonly Relation[];
  readonly status: DocumentStatus;
  /** Annotations re-anchoring could not place (sidecar v2 `orphans`); re-attaching one is an undoable change. */
  readonly orphans?: readonly Annotation[];
  /** What a three-way merge (git) left undecided (sidecar v3 `conflicts`); deciding one is an undoable change. */
  readonly conflicts?: readonly Conflict[];
  /** Document-level labels (sidecar `categories`); setting one is an undoable change. */
  readonly categories?: readonly Category[];
  /** The record of curated merges (sidecar `curation`), appended to by applying a merge. */
  readonly curation?: readonly CurationDecision[];
  /** Events (sidecar `events`): deleting a trigger or an argument changes them in the same step. */
  readonly events?: readonly AnnotationEvent[];
  /** Equivalence groups (sidecar `equivalences`). */
  readonly equivalences?: readonly Equivalence[];
}

export interface HistoryChange {
  /** Shown in the Edit menu: "Undo Add PERSON". */
  description: string;
  next: HistoryState;
  /**
   * Changes with the same key in a row (say, typing in one note) merge into
   * one undo step. Undo, redo and markSaved end the run.
   */
  coalesceKey?: string;
}

/** An immutable view of the store, replaced on every change so identity comparison works. */
export interface HistorySnapshot {
  readonly state: HistoryState;
  readonly revision: number;
  readonly savedRevision: number;
  readonly isDirty: boolean;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly undoDescription: string | null;
  readonly redoDescription: string | null;
}

export const HISTORY_LIMIT = 500;

interface Step {
  description: string;
  /** The state on the other side of this step (before it for undo, after it for redo). */
  state: HistoryState;
}

/** How many recent revisions markSaved can still name: saves take milliseconds, a few changes at most. */
const REVISION_MEMORY = 64;

export class AnnotationHistory {
  #state: HistoryState;
  #undo: Step[] = [];
  #redo: Step[] = [];
  #revision = 0;
  #savedRevision = 0;
  /** The state last written to disk; null when that state is no longer known. */
  #savedState: HistoryState | null;
  /** Recent (revision, state) pairs so a save that finishes after later edits marks the right state. */
  #recent: { revision: number; state: HistoryState }[] = [];
  #coalesceKey: string | undefined;
  #listeners = new Set<() => void>();
  #snapshot: HistorySnapshot | null = null;
  readonly #limit: number;

  /** `initial` is taken as saved: it is what was just read from disk. */
  constructor(initial: HistoryState, options: { limit?: number } = {}) {
    this.#limit = Math.max(0, options.limit ?? HISTORY_LIMIT);
    this.#state = initial;
    this.#savedState = initial;
    this.#remember();
  }

  get state(): HistoryState {
    return this.#state;
  }
  get revision(): number {
    return this.#revision;
  }
  get savedRevision(): number {
    return this.#savedRevision;
  }
  /** The state last saved (or read from disk); null when a save was confirmed for a state no longer remembered. */
  get savedState(): HistoryState | null {
    return this.#savedState;
  }
  /**
   * The file on disk now holds `state` (another program wrote it, and the app
   * merged it in): make it the saved baseline without touching undo and redo.
   */
  rebaseSaved(state: HistoryState): void {
    this.#savedState = state;
    this.#coalesceKey = undefined;
    this.#notify();
  }
  /** True when the current state is not the one last saved, however it got there. */
  get isDirty(): boolean {
    return this.#state !== this.#savedState;
  }
  get canUndo(): boolean {
    return this.#undo.length > 0;
  }
  get canRedo(): boolean {
    return this.#redo.length > 0;
  }
  get undoDescription(): string | null {
    return this.#undo.at(-1)?.description ?? null;
  }
  get redoDescription(): string | null {
    return this.#redo.at(-1)?.description ?? null;
  }

  /** Makes `change.next` current. Returns false (and records nothing) when it already is. */
  apply(change: HistoryChange): boolean {
    if (change.next === this.#state) return false;
    const top = this.#undo.at(-1);
    const coalesce =
      change.coalesceKey !== undefined && change.coalesceKey === this.#coalesceKey && top !== undefined && this.#redo.length === 0;
    if (coalesce) {
      top.description = change.description;
    } else {
      this.#undo.push({ description: change.description, state: this.#state });
      if (this.#undo.length > this.#limit) this.#undo.splice(0, this.#undo.length - this.#limit);
    }
    this.#redo = [];
    this.#coalesceKey = this.#undo.length > 0 ? change.coalesceKey : undefined;
    this.#moveTo(change.next);
    return true;
  }

  /**
   * Makes `next` current without recording an undo step: the workspace's
   * history (app/workspace-history.ts) keeps the steps of the open document.
   * Returns false when it already is current.
   */
  moveTo(next: HistoryState): boolean {
    if (next === this.#state) return false;
    this.#coalesceKey = undefined;
    this.#moveTo(next);
    return true;
  }

  undo(): boolean {
    const step = this.#undo.pop();
    if (!step) return false;
    this.#redo.push({ description: step.description, state: this.#state });
    this.#coalesceKey = undefined;
    this.#moveTo(step.state);
    return true;
  }

  redo(): boolean {
    const step = this.#redo.pop();
    if (!step) return false;
    this.#undo.push({ description: step.description, state: this.#state });
    this.#coalesceKey = undefined;
    this.#moveTo(step.state);
    return true;
  }

  /**
   * Records that the state current at `revision` (by default the current
   * one) is now on disk. A save started at revision r may finish after more
   * edits: the state of r is what was written, so later edits stay dirty.
   * A revision older than the store remembers leaves the document dirty.
   */
  markSaved(revision: number = this.#revision): void {
    const known = this.#recent.find((r) => r.revision === revision);
    this.#savedRevision = revision;
    this.#savedState = known ? known.state : null;
    this.#coalesceKey = undefined;
    this.#notify();
  }

  /** Replaces everything (a document reloaded from disk): no undo, no redo, clean. */
  reset(state: HistoryState): void {
    this.#undo = [];
    this.#redo = [];
    this.#coalesceKey = undefined;
    this.#state = state;
    this.#revision++;
    this.#savedRevision = this.#revision;
    this.#savedState = state;
    this.#remember();
    this.#notify();
  }

  /** Calls `listener` after every change; returns the function that stops it. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  getSnapshot = (): HistorySnapshot => {
    this.#snapshot ??= {
      state: this.#state,
      revision: this.#revision,
      savedRevision: this.#savedRevision,
      isDirty: this.isDirty,
      canUndo: this.canUndo,
      canRedo: this.canRedo,
      undoDescription: this.undoDescription,
      redoDescription: this.redoDescription,
    };
    return this.#snapshot;
  };

  #moveTo(state: HistoryState): void {
    this.#state = state;
    this.#revision++;
    this.#remember();
    this.#notify();
  }

  #remember(): void {
    this.#recent.push({ revision: this.#revision, state: this.#state });
    if (this.#recent.length > REVISION_MEMORY) this.#recent.shift();
  }

  #notify(): void {
    this.#snapshot = null;
    // A copy, so a listener may unsubscribe (itself or others) while we loop;
    // one listener throwing does not keep the others from hearing the change.
    let failure: { error: unknown } | null = null;
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}
