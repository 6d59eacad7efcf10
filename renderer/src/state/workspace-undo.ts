// The workspace's undo and redo, applied: one WorkspaceHistory (app/) for the
// open corpus, the open document's session attached to it, and the sidecars of
// documents that are not open written through the bridge with the usual
// conflict check (saveSidecar's expectedSha256).
//
// Undoing a step made in one other document opens that document first, so
// the analyst sees what Undo changed; a step over several documents (tag all)
// changes the open one in place and writes the others' sidecars. A file
// changed on disk since is merged when the step's own changes still apply, and
// refused otherwise: nothing is overwritten. See docs/architecture.md.
import type { OpenedDocument, SaveResult } from '../../../app/ipc/contract';
import type { HistoryState } from '../../../app/history';
import { TextIndex } from '../../../app/offsets';
import { NO_SIDECAR, sidecarOfState, sourceInfoOf, stateOfSidecar } from '../../../app/document-state';
import type { Sidecar } from '../../../app/sidecar/sidecar-schema';
import { call } from '../bridge/client';
import { retarget, stateOrEmpty, WorkspaceHistory, type DocumentEdit, type RegistryEdit, type WorkspaceStep } from '../../../app/workspace-history';
import type { EntityRegistry } from '../../../app/entity-registry';

/** What the workspace needs of the files: the bridge in the app, a fake in tests. */
export interface WorkspaceDisk {
  read(path: string): Promise<OpenedDocument>;
  /** saveSidecar: refused with code 'conflict' when the file's hash is not `expectedSha256` (null: no file). */
  save(path: string, sidecar: Sidecar, expectedSha256: string | null): Promise<SaveResult>;
  /** deleteSidecar: refused with code 'conflict' when the file's hash is not `expectedSha256`. */
  remove(path: string, expectedSha256: string): Promise<void>;
}

/** The open document, as the workspace drives it (DocumentSession implements it). */
export interface WorkspaceDocument {
  readonly path: string;
  /** Why its annotations cannot change (a broken sidecar), or null. */
  readonly readOnlyReason: string | null;
  currentState(): HistoryState;
  /** Makes `state` current without recording a step (undo, redo), and saves it. */
  moveTo(state: HistoryState): void;
  showNotice(message: string): void;
}

/** The corpus's entity registry, as undo and redo drive it (EntityStore implements it). */
export interface WorkspaceRegistry {
  /** Applies the change from `from` to `to` to the registry as it is now (merged by id), without recording a step. False: refused (read-only), with the reason. */
  moveAcross(from: EntityRegistry, to: EntityRegistry, description: string): { ok: true } | { ok: false; reason: string };
}

/** The suggestions' rejections, as undo and redo drive them (SuggestionStore implements it). */
export interface WorkspaceRejections {
  /** Undo: the suggestions `ids` of `path` are no longer rejected (pending again when they are the open document's). */
  restore(path: string, ids: readonly string[]): void;
  /** Redo: rejected again. */
  reject(path: string, ids: readonly string[]): void;
}

export interface WorkspaceHooks {
  /** Open the document at `path` in the app (undoing a step made there); resolves true once it is the open one. */
  open?(path: string): Promise<boolean>;
  /** Sidecars of documents that are not open were written (the document list's counts). */
  written?(paths: string[]): void;
  /** Where to say what happened when no document is open. */
  notice?(message: string): void;
}

export interface StepOutcome {
  ok: boolean;
  /** Set when the step was not applied, or was merged with changes made since. */
  message?: string;
}

/** One document's edit made outside the open session (tag all). */
export interface OtherDocumentEdit {
  path: string;
  /** The new state from the current one; return `state` itself for no change. */
  change(state: HistoryState, index: TextIndex, doc: OpenedDocument): HistoryState;
}

/** The files, through the bridge: openDocument, saveSidecar and deleteSidecar with their conflict checks. */
export const bridgeWorkspaceDisk: WorkspaceDisk = {
  read: (path) => call('openDocument', { path }),
  save: (path, sidecar, expectedSha256) => call('saveSidecar', { path, sidecar, expectedSha256 }),
  remove: async (path, expectedSha256) => {
    await call('deleteSidecar', { path, expectedSha256 });
  },
};

/** How many documents editOthers reads and writes at once. */
const EDIT_CONCURRENCY = 4;

const codeOf = (e: unknown): string | undefined => (e as { code?: string }).code;
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class WorkspaceUndo {
  readonly history = new WorkspaceHistory();
  #open: WorkspaceDocument | null = null;
  /** What each sidecar file holds, as this app last read or wrote it: its hash (null: no file) and state. */
  readonly #onDisk = new Map<string, { sha256: string | null; state: HistoryState | null }>();
  #queue: Promise<unknown> = Promise.resolve();
  #group: { description: string; edits: DocumentEdit[]; registry?: RegistryEdit } | null = null;
  #registry: WorkspaceRegistry | null = null;
  #rejections: WorkspaceRejections | null = null;

  private hooks: WorkspaceHooks;

  constructor(
    private readonly disk: WorkspaceDisk,
    hooks: WorkspaceHooks = {},
  ) {
    this.hooks = hooks;
  }

  /** The app's side (opening a document, refreshing the list), once it exists; returns the function that removes them. */
  setHooks(hooks: WorkspaceHooks): () => void {
    this.hooks = hooks;
    return () => {
      if (this.hooks === hooks) this.hooks = {};
    };
  }

  get openDocument(): WorkspaceDocument | null {
    return this.#open;
  }

  attach(doc: WorkspaceDocument): void {
    this.#open = doc;
    this.history.endRun();
  }

  detach(doc: WorkspaceDocument): void {
    if (this.#open === doc) this.#open = null;
  }

  /** The sidecar of `path` now holds `state` (hash `sha256`; null: no file), as the app read or wrote it. */
  noteOnDisk(path: string, sha256: string | null, state: HistoryState | null): void {
    this.#onDisk.set(path, { sha256, state });
  }

  /** The entity registry that registry steps move (the composition root attaches the EntityStore). */
  attachRegistry(registry: WorkspaceRegistry | null): void {
    this.#registry = registry;
  }

  /** A change of the entity registry (a rename, a new entity): a step of its own, or part of the group under way. */
  recordRegistry(description: string, before: EntityRegistry, after: EntityRegistry): void {
    if (this.#group) {
      this.#group.registry = { before: this.#group.registry?.before ?? before, after };
      return;
    }
    this.history.record({ description, edits: [], registry: { before, after } });
  }

  /** The suggestions that rejection steps move (the composition root attaches the SuggestionStore). */
  attachRejections(rejections: WorkspaceRejections | null): void {
    this.#rejections = rejections;
  }

  /** Suggestions rejected in `path`: a step of its own, so an undo brings them back. */
  recordRejections(description: string, path: string, ids: readonly string[]): void {
    this.history.record({ description, edits: [], rejected: { path, ids } });
  }

  /** A change made in the open document. Inside group(), it joins the group's step. */
  record(description: string, edit: DocumentEdit, coalesceKey?: string): void {
    if (this.#group) {
      const same = this.#group.edits.findIndex((e) => e.path === edit.path);
      if (same >= 0) this.#group.edits[same] = { ...edit, before: this.#group.edits[same]!.before };
      else this.#group.edits.push(edit);
      return;
    }
    this.history.record({ description, edits: [edit] }, coalesceKey);
  }

  /**
   * Runs a corpus-wide operation as ONE step: changes the open document makes
   * meanwhile and the edits of other documents (editOthers) are recorded
   * together under `description`.
   */
  async group<T>(description: string, run: () => Promise<T>): Promise<T> {
    return this.#enqueue(async () => {
      this.#group = { description, edits: [] };
      try {
        return await run();
      } finally {
        const { edits, registry } = this.#group;
        this.#group = null;
        this.history.record({ description, edits, ...(registry ? { registry } : {}) });
      }
    });
  }

  /**
   * Changes documents that are not open (inside group()): each is read, changed
   * and written whole with the hash it was read with, so a file changed
   * meanwhile is not overwritten. Returns the problems, each naming its file.
   */
  async editOthers(edits: readonly OtherDocumentEdit[]): Promise<{ changed: string[]; problems: string[] }> {
    const group = this.#group;
    if (!group) throw new Error('editOthers runs inside group()');
    // A few documents at a time: each is a read and a write in main, mostly waiting on the disk.
    const outcomes: ({ edit: DocumentEdit } | { problem: string } | null)[] = new Array(edits.length).fill(null);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < edits.length; i = next++) {
        try {
          outcomes[i] = await this.#editOther(edits[i]!);
        } catch (e) {
          outcomes[i] = { problem: messageOf(e) };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(EDIT_CONCURRENCY, edits.length) }, worker));
    const changed: string[] = [];
    const problems: string[] = [];
    for (const o of outcomes) {
      if (o && 'edit' in o) {
        group.edits.push(o.edit);
        changed.push(o.edit.path);
      } else if (o) problems.push(o.problem);
    }
    if (changed.length) this.hooks.written?.(changed);
    return { changed, problems };
  }

  /** One document of editOthers: read, changed, written back with the hash it was read with. Null: nothing to change. */
  async #editOther(edit: OtherDocumentEdit): Promise<{ edit: DocumentEdit } | null> {
    const doc = await this.disk.read(edit.path);
    if (doc.sidecarProblem) throw new Error(`${edit.path} is left out: its annotations file cannot be read (${doc.sidecarProblem.message})`);
    if (doc.sourceChanged) throw new Error(`${edit.path} is left out: the article changed since it was annotated; open it first`);
    const before = doc.sidecar ? stateOfSidecar(doc.sidecar) : null;
    const after = edit.change(stateOrEmpty(before), new TextIndex(doc.text), doc);
    if (after === stateOrEmpty(before)) return null;
    const source = sourceInfoOf(doc);
    const result = await this.disk.save(edit.path, sidecarOfState(source, after), doc.sidecarSha256 ?? null);
    this.noteOnDisk(edit.path, result.sidecarSha256, after);
    return { edit: { path: edit.path, before, after, source } };
  }

  undo(): Promise<StepOutcome> {
    return this.#enqueue(() => this.#move('undo'));
  }

  redo(): Promise<StepOutcome> {
    return this.#enqueue(() => this.#move('redo'));
  }

  /** The open document's session wrote or removed its sidecar in a way the document list should hear of. */
  filesChanged(paths: string[]): void {
    this.hooks.written?.(paths);
  }

  /** Another corpus was opened: its files have nothing to do with these steps. */
  reset(): void {
    this.#onDisk.clear();
    this.history.reset();
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #move(direction: 'undo' | 'redo'): Promise<StepOutcome> {
    const step = direction === 'undo' ? this.history.peekUndo() : this.history.peekRedo();
    if (!step) return { ok: true };
    const outcome = await this.#apply(step, direction);
    if (outcome.ok) {
      if (direction === 'undo') this.history.undone(step);
      else this.history.redone(step);
    }
    if (outcome.message) this.#say(outcome.message);
    return outcome;
  }

  async #apply(step: WorkspaceStep, direction: 'undo' | 'redo'): Promise<StepOutcome> {
    const verb = direction === 'undo' ? 'undo' : 'redo';
    const from = (e: DocumentEdit) => (direction === 'undo' ? e.after : e.before);
    const to = (e: DocumentEdit) => (direction === 'undo' ? e.before : e.after);
    if (step.registry) {
      // First, so that a refusal (a read-only registry) leaves every file as it was.
      const edit = step.registry;
      const moved = this.#registry
        ? this.#registry.moveAcross(direction === 'undo' ? edit.after : edit.before, direction === 'undo' ? edit.before : edit.after, step.description)
        : { ok: false as const, reason: 'the entity registry is not loaded' };
      if (!moved.ok) return { ok: false, message: `Cannot ${verb} “${step.description}”: ${moved.reason}` };
    }
    if (step.rejected) {
      // Nothing on disk: rejections live in the suggestion store, which puts them back or takes them away.
      if (direction === 'undo') this.#rejections?.restore(step.rejected.path, step.rejected.ids);
      else this.#rejections?.reject(step.rejected.path, step.rejected.ids);
      if (step.edits.length === 0) return { ok: true };
    }
    const [only] = step.edits;
    if (step.edits.length === 1 && only && only.path !== this.#open?.path && this.hooks.open) {
      // A step in one other document: show it, then change it there.
      let opened = false;
      try {
        opened = await this.hooks.open(only.path);
      } catch (e) {
        return { ok: false, message: `Could not open ${only.path} to ${verb} “${step.description}”: ${messageOf(e)}` };
      }
      if (!opened) return { ok: false, message: `Could not open ${only.path} to ${verb} “${step.description}”.` };
    }
    const open = this.#open;
    const openEdit = open ? step.edits.find((e) => e.path === open.path) : undefined;
    if (open && openEdit && open.readOnlyReason) {
      return { ok: false, message: `Cannot ${verb} “${step.description}”: ${open.readOnlyReason}` };
    }
    const others = step.edits.filter((e) => e !== openEdit);
    const done: DocumentEdit[] = [];
    const merged: string[] = [];
    for (const edit of others) {
      try {
        if (await this.#writeAcross(edit, from(edit), to(edit))) merged.push(edit.path);
        done.push(edit);
      } catch (e) {
        // All or nothing: the documents already written go back to where they were.
        const undoneToo: string[] = [];
        for (const back of done.reverse()) {
          try {
            await this.#writeAcross(back, to(back), from(back));
          } catch {
            undoneToo.push(back.path);
          }
        }
        if (step.registry) {
          const edit = step.registry;
          this.#registry?.moveAcross(direction === 'undo' ? edit.before : edit.after, direction === 'undo' ? edit.after : edit.before, step.description);
        }
        const partial = undoneToo.length ? ` These files could not be put back and keep the ${verb}: ${undoneToo.join(', ')}.` : '';
        return { ok: false, message: `Cannot ${verb} “${step.description}”: ${messageOf(e)}.${partial}` };
      }
    }
    if (open && openEdit) {
      const r = retarget(stateOrEmpty(from(openEdit)), open.currentState(), stateOrEmpty(to(openEdit)));
      open.moveTo(r.state);
      if (!r.exact) merged.push(open.path);
    }
    if (done.length) this.hooks.written?.(done.map((e) => e.path));
    const elsewhere = others.length ? ` (also in ${others.map((e) => e.path).join(', ')})` : '';
    if (merged.length) {
      return { ok: true, message: `${direction === 'undo' ? 'Undid' : 'Redid'} “${step.description}”${elsewhere}, keeping the changes made since in ${merged.join(', ')}.` };
    }
    return others.length ? { ok: true, message: `${direction === 'undo' ? 'Undid' : 'Redid'} “${step.description}”${elsewhere}.` } : { ok: true };
  }

  /**
   * Moves a document that is not open across a step, writing its sidecar.
   * Returns true when it had changed since and the step was merged into it.
   * Throws (writing nothing) when it changed in a way that conflicts.
   */
  async #writeAcross(edit: DocumentEdit, from: HistoryState | null, to: HistoryState | null): Promise<boolean> {
    let known = this.#onDisk.get(edit.path);
    let source = edit.source;
    for (let attempt = 0; ; attempt++) {
      if (!known || !source) {
        const doc = await this.disk.read(edit.path);
        if (doc.sidecarProblem) throw new Error(`${edit.path}: its annotations file cannot be read (${doc.sidecarProblem.message})`);
        if (source && doc.sha256 !== source.sha256) throw new Error(`${edit.path}: the article changed since; nothing was written`);
        source ??= sourceInfoOf(doc);
        known = { sha256: doc.sidecarSha256 ?? null, state: doc.sidecar ? stateOfSidecar(doc.sidecar) : null };
      }
      const r = retarget(stateOrEmpty(from), stateOrEmpty(known.state), stateOrEmpty(to));
      if (r.conflicts > 0) {
        throw new Error(`${edit.path} was changed since in a way that conflicts (${r.conflicts} annotation${r.conflicts === 1 ? '' : 's'} edited both ways); it was not overwritten`);
      }
      try {
        if (r.state === NO_SIDECAR) {
          // Back to before the file existed: remove it rather than leave an empty one.
          if (known.sha256 !== null) await this.disk.remove(edit.path, known.sha256);
          this.noteOnDisk(edit.path, null, null);
          return false;
        }
        const result = await this.disk.save(edit.path, sidecarOfState(source, r.state), known.sha256);
        this.noteOnDisk(edit.path, result.sidecarSha256, r.state);
        return !r.exact;
      } catch (e) {
        // Changed by another program since the app last saw it: read it and try once more.
        if (codeOf(e) !== 'conflict' || attempt > 0) throw e;
        known = undefined;
      }
    }
  }

  #say(message: string): void {
    if (this.#open) this.#open.showNotice(message);
    else this.hooks.notice?.(message);
  }
}
