// What the EntityStore (entity-store.ts) needs from main and what it shows:
// the bridge to main's registry channels, and the snapshot's types.
import type { Entity, EntityRegistry } from '../../../app/entity-registry';
import type {
  EntityCountsResult,
  EntityMentionsResult,
  EntityRegistryLoadResult,
  EntityRegistrySaveResult,
} from '../../../app/ipc/contract';
import { call } from '../bridge/client';

/** What the store needs from main; the default goes through the bridge, tests pass fakes. */
export interface EntityApi {
  load(): Promise<EntityRegistryLoadResult>;
  save(registry: EntityRegistry, baseRevision: string | undefined): Promise<EntityRegistrySaveResult>;
  findMentions(entityId: string): Promise<EntityMentionsResult>;
  countMentions(): Promise<EntityCountsResult>;
}

export const bridgeEntityApi: EntityApi = {
  load: () => call('getEntityRegistry', {}),
  save: (registry, baseRevision) =>
    call('saveEntityRegistry', baseRevision === undefined ? { registry } : { registry, baseRevision }),
  findMentions: (entityId) => call('findEntityMentions', { entityId }),
  countMentions: () => call('countEntityMentions', {}),
};

export type EntitySaveState =
  | { kind: 'saved'; savedAt?: string }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  | { kind: 'failed'; message: string };

/**
 * idle: load() not called yet; loading: the first load is on its way;
 * ready: editable; read-only: the registry file cannot be read (see problem);
 * unavailable: it could not be loaded at all (see problem).
 */
export type EntityStoreStatus = 'idle' | 'loading' | 'ready' | 'read-only' | 'unavailable';

export interface EntityStoreSnapshot {
  status: EntityStoreStatus;
  /** The registry with every change made so far, saved or not. */
  registry: EntityRegistry;
  byId: ReadonlyMap<string, Entity>;
  /** The corpus the registry belongs to. */
  root: string | null;
  /** True unless status is 'ready': no operation is applied. */
  readOnly: boolean;
  save: EntitySaveState;
  /** Why the registry is read-only or unavailable. */
  problem: string | null;
  /** The last operation that was refused (e.g. an empty name), or changes that could not be kept; cleared by clearError(). */
  error: string | null;
}

export interface EntityStoreOptions {
  api?: EntityApi;
  /** Delay between a change and its save; 0 saves at once. */
  autosaveDelayMs?: number;
}
