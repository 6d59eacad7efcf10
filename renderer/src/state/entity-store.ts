// The corpus's entity registry in the renderer (its types and bridge: entity-api.ts): a plain store class (React
// subscribes through useSyncExternalStore) that loads the registry through the
// bridge, applies the pure operations of app/entity-registry and saves.
//
// Nothing is lost: every change is kept as an operation until a save that
// includes it succeeds. A save names the revision it was based on; when the
// file changed on disk meanwhile (git pull, another program) main refuses it
// as a 'conflict', and the store reloads the file, re-applies its unsaved
// operations on top and saves again, so both sides' changes survive.
import { Store } from './store';
import {
  addAlias,
  addEntity,
  createEntityFromMention,
  emptyRegistry,
  findEntitiesMatching,
  removeAlias,
  removeEntity,
  renameEntity,
  setEntityLabel,
  setEntityNote,
  setExternalId,
  type Entity,
  type EntityMatch,
  type EntityRegistry,
} from '../../../app/entity-registry';
import type { EntityCountsResult, EntityMentionsResult, EntityRegistryLoadResult } from '../../../app/ipc/contract';
import { bridgeEntityApi, type EntityApi, type EntitySaveState, type EntityStoreOptions, type EntityStoreSnapshot, type EntityStoreStatus } from './entity-api';
import { mergeRegistries } from '../../../app/merge3/merge-registry';

interface Op {
  description: string;
  apply(registry: EntityRegistry): EntityRegistry;
}

const MAX_CONFLICT_RETRIES = 3;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function errorCode(e: unknown): unknown {
  return typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
}

function replay(base: EntityRegistry, ops: readonly Op[]): EntityRegistry {
  let registry = base;
  for (const op of ops) {
    try {
      registry = op.apply(registry);
    } catch {
      // Cannot happen for operations that applied once (their input was checked then); skip rather than lose the rest.
    }
  }
  return registry;
}

/** Before the constructor has built the first real snapshot (the fields it reads do not exist yet). */
const EMPTY_SNAPSHOT: EntityStoreSnapshot = { status: 'idle', registry: emptyRegistry(), byId: new Map(), root: null, readOnly: true, save: { kind: 'saved' }, problem: null, error: null };

export class EntityStore extends Store<EntityStoreSnapshot> {
  private readonly api: EntityApi;
  private readonly delay: number;
  private status: EntityStoreStatus = 'idle';
  private base: EntityRegistry = emptyRegistry();
  private revision: string | undefined;
  private root: string | null = null;
  /** Operations applied since `base`, not yet saved. */
  private pending: Op[] = [];
  private current: EntityRegistry = this.base;
  private byId: ReadonlyMap<string, Entity> = new Map();
  private saveState: EntitySaveState = { kind: 'saved' };
  private problem: string | null = null;
  private error: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private loading: Promise<void> | null = null;
  private disposed = false;

  constructor(options: EntityStoreOptions = {}) {
    super(EMPTY_SNAPSHOT);
    this.api = options.api ?? bridgeEntityApi;
    this.delay = options.autosaveDelayMs ?? 250;
    this.publish(this.buildSnapshot());
  }



  private buildSnapshot(): EntityStoreSnapshot {
    return {
      status: this.status,
      registry: this.current,
      byId: this.byId,
      root: this.root,
      readOnly: this.status !== 'ready',
      save: this.saveState,
      problem: this.problem,
      error: this.error,
    };
  }

  private emit(): void {
    this.publish(this.buildSnapshot());
  }

  private setCurrent(registry: EntityRegistry): void {
    if (registry === this.current) return;
    this.current = registry;
    this.byId = new Map(registry.entities.map((e) => [e.id, e]));
  }

  // ---- loading ----------------------------------------------------------------------

  /**
   * Loads (or reloads) the registry of the corpus open in main. Unsaved
   * changes are kept and re-applied when the corpus is the same; call
   * flush() before opening another corpus, since changes left for the
   * previous one cannot be saved into the new one (they are dropped, and
   * `error` says so).
   */
  load(): Promise<void> {
    const previous = this.loading;
    const run = (async () => {
      if (previous) await previous;
      // A save in flight is based on the revision loaded before: let it settle first (it handles its own conflicts).
      while (this.inFlight) await this.inFlight;
      if (this.status === 'idle') {
        this.status = 'loading';
        this.emit();
      }
      let result: EntityRegistryLoadResult;
      try {
        result = await this.api.load();
      } catch (e) {
        this.status = 'unavailable';
        this.problem = `The entity registry could not be loaded: ${message(e)}`;
        this.emit();
        return;
      }
      this.applyLoaded(result);
      this.emit();
      if (this.pending.length && this.status === 'ready') this.scheduleSave();
    })();
    const tracked: Promise<void> = run.finally(() => {
      if (this.loading === tracked) this.loading = null;
    });
    this.loading = tracked;
    return tracked;
  }

  private applyLoaded(result: EntityRegistryLoadResult): void {
    if (this.root !== null && result.root !== this.root && this.pending.length) {
      const n = this.pending.length;
      this.error = `${n} change${n === 1 ? '' : 's'} to the entities of ${this.root} could not be saved before another corpus was opened, and ${
        n === 1 ? 'was' : 'were'
      } not applied to this one.`;
      this.pending = [];
    }
    this.root = result.root;
    this.base = result.registry;
    this.revision = result.revision;
    this.problem = result.problem ?? null;
    this.status = this.problem ? 'read-only' : 'ready';
    this.setCurrent(replay(this.base, this.pending));
    if (this.pending.length === 0) this.saveState = { kind: 'saved' };
    else if (this.problem) this.saveState = { kind: 'failed', message: this.problem };
    else this.saveState = { kind: 'unsaved' };
  }

  // ---- operations ---------------------------------------------------------------------

  /** True when operations can be applied; otherwise sets `error` to say why not. */
  private checkReady(): boolean {
    if (this.status === 'ready') return true;
    this.error =
      this.status === 'idle' || this.status === 'loading'
        ? 'The entity registry is still loading.'
        : `Entities are read-only: ${this.problem ?? 'the registry is not available'}`;
    this.emit();
    return false;
  }

  /** Applies an operation; false (with `error` set) when refused. */
  private change(op: Op): boolean {
    if (!this.checkReady()) return false;
    let next: EntityRegistry;
    try {
      next = op.apply(this.current);
    } catch (e) {
      this.error = message(e);
      this.emit();
      return false;
    }
    this.error = null;
    if (next === this.current) {
      this.emit();
      return true;
    }
    const before = this.current;
    this.pending.push(op);
    this.setCurrent(next);
    if (!this.movingAcross) this.recorder?.(op.description, before, next);
    this.saveState = this.saveState.kind === 'saving' ? this.saveState : { kind: 'unsaved' };
    this.scheduleSave();
    this.emit();
    return true;
  }

  /** Creates an entity named after a mention; returns its id, or null when refused. */
  createFromMention(name: string, label: string): string | null {
    if (!this.checkReady()) return null;
    let entity: Entity;
    try {
      entity = createEntityFromMention(name, label, this.current);
    } catch (e) {
      this.error = message(e);
      this.emit();
      return null;
    }
    return this.change({ description: `Create “${entity.name}”`, apply: (r) => addEntity(r, entity) }) ? entity.id : null;
  }

  /** Told of every change made here (the workspace's undo history records it as a step). */
  private recorder: ((description: string, before: EntityRegistry, after: EntityRegistry) => void) | null = null;
  /** True while undo or redo moves the registry: that is not a new step. */
  private movingAcross = false;

  setRecorder(recorder: ((description: string, before: EntityRegistry, after: EntityRegistry) => void) | null): void {
    this.recorder = recorder;
  }

  /**
   * Undo or redo of a registry step: the change from `from` to `to`, applied
   * by id to the registry as it is now (a three-way merge, so changes made
   * since, here or by a git pull, are kept), and saved like any change.
   */
  moveAcross(from: EntityRegistry, to: EntityRegistry, description: string): { ok: true } | { ok: false; reason: string } {
    if (this.status !== 'ready') return { ok: false, reason: this.problem ?? 'the entity registry is read-only' };
    this.movingAcross = true;
    try {
      const applied = this.change({ description, apply: (r) => mergeRegistries(from, r, to).registry });
      return applied ? { ok: true } : { ok: false, reason: this.error ?? 'the entity registry refused it' };
    } finally {
      this.movingAcross = false;
    }
  }

  rename(id: string, name: string): boolean {
    return this.change({ description: `Rename to “${name}”`, apply: (r) => renameEntity(r, id, name) });
  }

  addAlias(id: string, alias: string): boolean {
    return this.change({ description: `Alias “${alias}”`, apply: (r) => addAlias(r, id, alias) });
  }

  removeAlias(id: string, alias: string): boolean {
    return this.change({ description: `Remove alias “${alias}”`, apply: (r) => removeAlias(r, id, alias) });
  }

  /** An empty or undefined value removes the external id. */
  setExternalId(id: string, source: string, value: string | undefined): boolean {
    return this.change({ description: `External id ${source}`, apply: (r) => setExternalId(r, id, source, value) });
  }

  setLabel(id: string, label: string): boolean {
    return this.change({ description: `Label ${label}`, apply: (r) => setEntityLabel(r, id, label) });
  }

  setNote(id: string, note: string): boolean {
    return this.change({ description: 'Note', apply: (r) => setEntityNote(r, id, note) });
  }

  /** Removes the entity from the registry; offer it only for entities without mentions. */
  remove(id: string): boolean {
    return this.change({ description: 'Delete entity', apply: (r) => removeEntity(r, id) });
  }

  clearError(): void {
    if (this.error === null) return;
    this.error = null;
    this.emit();
  }

  // ---- queries ------------------------------------------------------------------------

  entity(id: string): Entity | undefined {
    return this.byId.get(id);
  }

  suggest(text: string, options: { label?: string; limit?: number } = {}): EntityMatch[] {
    return findEntitiesMatching(this.current, text, options);
  }

  /** Mentions as saved in the corpus's sidecars (save the open document first to include its latest changes). */
  findMentions(entityId: string): Promise<EntityMentionsResult> {
    return this.api.findMentions(entityId);
  }

  countMentions(): Promise<EntityCountsResult> {
    return this.api.countMentions();
  }

  // ---- saving -------------------------------------------------------------------------

  get hasUnsavedChanges(): boolean {
    return this.pending.length > 0;
  }

  private scheduleSave(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.saveNow();
    }, this.delay);
  }

  /** Saves now if anything is unsaved; resolves when the file holds every change made so far, or the save failed. */
  async saveNow(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.inFlight || this.loading) await (this.inFlight ?? this.loading);
    if (this.pending.length === 0 || this.status !== 'ready') return;
    this.inFlight = this.saveOnce().finally(() => {
      this.inFlight = null;
    });
    await this.inFlight;
  }

  /** Writes out anything unsaved, including changes made while a save was in flight; call before closing or switching corpus. */
  async flush(): Promise<void> {
    for (let i = 0; i < 10; i++) {
      await this.saveNow();
      if (this.pending.length === 0 || this.saveState.kind === 'failed' || this.status !== 'ready') return;
    }
  }

  private async saveOnce(): Promise<void> {
    this.saveState = { kind: 'saving' };
    this.emit();
    try {
      for (let attempt = 0; ; attempt++) {
        const count = this.pending.length;
        const registry = this.current;
        try {
          const result = await this.api.save(registry, this.revision);
          this.base = registry;
          this.revision = result.revision;
          this.pending = this.pending.slice(count);
          this.setCurrent(replay(this.base, this.pending));
          if (this.pending.length) {
            this.saveState = { kind: 'unsaved' };
            this.scheduleSave();
          } else {
            this.saveState = { kind: 'saved', savedAt: result.savedAt };
          }
          return;
        } catch (e) {
          if (errorCode(e) !== 'conflict' || attempt >= MAX_CONFLICT_RETRIES) throw e;
        }
        // The file changed on disk since it was read: take it, re-apply our changes on top, try again.
        const fresh = await this.api.load();
        this.applyLoaded(fresh);
        if (this.status !== 'ready' || this.pending.length === 0) {
          if (this.status !== 'ready') this.saveState = { kind: 'failed', message: this.problem ?? 'the registry cannot be saved' };
          return;
        }
        this.saveState = { kind: 'saving' };
        this.emit();
      }
    } catch (e) {
      // The changes stay in memory (pending) and go out with the next save: after the next change, saveNow() or flush().
      this.saveState = { kind: 'failed', message: message(e) };
    } finally {
      this.emit();
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.clearListeners();
  }
}

export { bridgeEntityApi, type EntityApi, type EntitySaveState, type EntityStoreOptions, type EntityStoreSnapshot, type EntityStoreStatus };
