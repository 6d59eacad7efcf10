// One undo history for the whole workspace (the open corpus): every step
// names the documents it changed, with each one's state before and after, so
// undo and redo survive switching documents and a corpus-wide operation
// (tag all, a curated merge) is one step across every file it touched.
// Plain TypeScript and synchronous: this keeps the order of steps; the
// renderer (renderer/src/state/workspace-undo.ts) applies them to the open
// document and writes the others' sidecars.
import { normalizeCategories } from './categories';
import type { HistoryState } from './history';
import { NO_SIDECAR } from './document-state';
import { mergeDocumentStates } from './merge';
import type { SourceInfo } from './sidecar/sidecar-schema';
import type { EntityRegistry } from './entity-registry';

/** One document's part of a step. */
export interface DocumentEdit {
  /** Corpus-relative path of the document (not of its sidecar). */
  readonly path: string;
  /** The annotations before the step; null when the document had no sidecar file. */
  readonly before: HistoryState | null;
  readonly after: HistoryState;
  /** The article the sidecar describes: needed to write the sidecar of a document that is not open. */
  readonly source?: SourceInfo;
}

/** The corpus's entity registry (.marginalia/entities.json) before and after a step: a rename is undone like a tag. */
export interface RegistryEdit {
  readonly before: EntityRegistry;
  readonly after: EntityRegistry;
}

/** Suggestions the analyst rejected in one document (their ids): a step like a tag, so undo brings them back. */
export interface RejectionEdit {
  readonly path: string;
  readonly ids: readonly string[];
}

export interface WorkspaceStep {
  /** Shown in the Edit menu and the undo button's tooltip: "Tag 12 occurrences as GPE". */
  readonly description: string;
  readonly edits: readonly DocumentEdit[];
  readonly registry?: RegistryEdit;
  readonly rejected?: RejectionEdit;
}

export interface WorkspaceHistorySnapshot {
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly undoDescription: string | null;
  readonly redoDescription: string | null;
  /** The documents the next undo (redo) changes. */
  readonly undoPaths: readonly string[];
  readonly redoPaths: readonly string[];
}

export const WORKSPACE_HISTORY_LIMIT = 500;

/** The state a document without a sidecar file has (NO_SIDECAR: moving to it removes the file). */
export function stateOrEmpty(state: HistoryState | null): HistoryState {
  return state ?? NO_SIDECAR;
}

/** JSON with object keys sorted, so the same annotation read from disk and made here compare equal. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const byId = <T extends { id: string }>(list: readonly T[]): T[] => [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Two states hold the same annotations, relations, orphans and status, whatever their order in memory. */
export function sameContent(a: HistoryState, b: HistoryState): boolean {
  if (a === b) return true;
  if (a.status !== b.status || a.annotations.length !== b.annotations.length || a.relations.length !== b.relations.length) return false;
  return (
    canonicalJson(byId(a.annotations)) === canonicalJson(byId(b.annotations)) &&
    canonicalJson(byId(a.relations)) === canonicalJson(byId(b.relations)) &&
    canonicalJson(byId(a.orphans ?? [])) === canonicalJson(byId(b.orphans ?? [])) &&
    canonicalJson(normalizeCategories(a.categories ?? [])) === canonicalJson(normalizeCategories(b.categories ?? [])) &&
    canonicalJson(a.events ?? []) === canonicalJson(b.events ?? []) &&
    canonicalJson(a.equivalences ?? []) === canonicalJson(b.equivalences ?? [])
  );
}

/** The same state with every object's keys in one order: merge.ts compares items by their JSON text. */
function keyOrdered(state: HistoryState): HistoryState {
  const norm = <T>(list: readonly T[]): T[] => list.map((x) => JSON.parse(canonicalJson(x)) as T);
  return {
    annotations: norm(state.annotations),
    relations: norm(state.relations),
    status: state.status,
    ...(state.orphans ? { orphans: norm(state.orphans) } : {}),
    ...(state.categories ? { categories: norm(state.categories) } : {}),
    ...(state.curation ? { curation: norm(state.curation) } : {}),
    ...(state.events ? { events: norm(state.events) } : {}),
    ...(state.equivalences ? { equivalences: norm(state.equivalences) } : {}),
  };
}

export interface Retargeted {
  state: HistoryState;
  /** Annotations, relations or the status that changed both since the step and in it: the current version was kept. */
  conflicts: number;
  /** True when `current` was exactly the step's far side, so `state` is the step's other side as recorded. */
  exact: boolean;
}

/**
 * Moves a document across a step (from `from` to `to`) when its state now is
 * `current`. When nothing changed it since (the usual case) the result is `to`
 * itself, so undoing gives back exactly what was there. Otherwise the step's
 * own changes are applied to `current` by id (a three-way merge against
 * `from`), and what was changed both ways is counted as a conflict.
 */
export function retarget(from: HistoryState, current: HistoryState, to: HistoryState): Retargeted {
  if (sameContent(current, from)) return { state: to, conflicts: 0, exact: true };
  const { merged, summary } = mergeDocumentStates(keyOrdered(from), keyOrdered(current), keyOrdered(to));
  return { state: merged, conflicts: summary.conflicts, exact: false };
}

/** Merges `next` into `top` when they are one run of typing in one document. */
function coalesced(top: WorkspaceStep, next: WorkspaceStep): WorkspaceStep | null {
  const [a] = top.edits;
  const [b] = next.edits;
  if (top.registry || next.registry || top.rejected || next.rejected) return null;
  if (top.edits.length !== 1 || next.edits.length !== 1 || !a || !b || a.path !== b.path || a.after !== b.before) return null;
  return { description: next.description, edits: [{ ...a, after: b.after }] };
}

export class WorkspaceHistory {
  #undo: WorkspaceStep[] = [];
  #redo: WorkspaceStep[] = [];
  #coalesceKey: string | undefined;
  #listeners = new Set<() => void>();
  #snapshot: WorkspaceHistorySnapshot | null = null;
  readonly #limit: number;

  constructor(options: { limit?: number } = {}) {
    this.#limit = Math.max(0, options.limit ?? WORKSPACE_HISTORY_LIMIT);
  }

  get canUndo(): boolean {
    return this.#undo.length > 0;
  }
  get canRedo(): boolean {
    return this.#redo.length > 0;
  }
  /** The step the next undo reverts, if any. */
  peekUndo(): WorkspaceStep | undefined {
    return this.#undo.at(-1);
  }
  peekRedo(): WorkspaceStep | undefined {
    return this.#redo.at(-1);
  }

  /**
   * Records a step just made. Steps with the same `coalesceKey` in a row, in
   * one document (typing in one note), become one step; undo and redo end
   * the run. Edits whose before and after are the same state are left out;
   * a step left with none is not recorded.
   */
  record(step: WorkspaceStep, coalesceKey?: string): boolean {
    const edits = step.edits.filter((e) => e.before !== e.after);
    const registry = step.registry && step.registry.before !== step.registry.after ? step.registry : undefined;
    const rejected = step.rejected && step.rejected.ids.length > 0 ? step.rejected : undefined;
    if (edits.length === 0 && !registry && !rejected) return false;
    const clean: WorkspaceStep = { description: step.description, edits, ...(registry ? { registry } : {}), ...(rejected ? { rejected } : {}) };
    const top = this.#undo.at(-1);
    const merged =
      coalesceKey !== undefined && coalesceKey === this.#coalesceKey && top && this.#redo.length === 0 ? coalesced(top, clean) : null;
    if (merged) this.#undo[this.#undo.length - 1] = merged;
    else {
      this.#undo.push(clean);
      if (this.#undo.length > this.#limit) this.#undo.splice(0, this.#undo.length - this.#limit);
    }
    this.#redo = [];
    this.#coalesceKey = coalesceKey;
    this.#notify();
    return true;
  }

  /** The top undo step was applied: it moves to the redo stack. `step` must be what peekUndo gave. */
  undone(step: WorkspaceStep): void {
    if (this.#undo.at(-1) !== step) throw new Error('WorkspaceHistory.undone: not the step on top of the undo stack');
    this.#undo.pop();
    this.#redo.push(step);
    this.#coalesceKey = undefined;
    this.#notify();
  }

  redone(step: WorkspaceStep): void {
    if (this.#redo.at(-1) !== step) throw new Error('WorkspaceHistory.redone: not the step on top of the redo stack');
    this.#redo.pop();
    this.#undo.push(step);
    this.#coalesceKey = undefined;
    this.#notify();
  }

  /** Ends a run of coalesced typing (a save, a switch of document). */
  endRun(): void {
    this.#coalesceKey = undefined;
  }

  /** Forgets every step (another corpus was opened). */
  reset(): void {
    this.#undo = [];
    this.#redo = [];
    this.#coalesceKey = undefined;
    this.#notify();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  getSnapshot = (): WorkspaceHistorySnapshot => {
    const u = this.#undo.at(-1);
    const r = this.#redo.at(-1);
    this.#snapshot ??= {
      canUndo: u !== undefined,
      canRedo: r !== undefined,
      undoDescription: u?.description ?? null,
      redoDescription: r?.description ?? null,
      undoPaths: u?.edits.map((e) => e.path) ?? [],
      redoPaths: r?.edits.map((e) => e.path) ?? [],
    };
    return this.#snapshot;
  };

  #notify(): void {
    this.#snapshot = null;
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
