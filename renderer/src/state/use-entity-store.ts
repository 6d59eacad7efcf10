import { useSyncExternalStore } from 'react';
import type { EntityStore, EntityStoreSnapshot } from './entity-store';

/** The entity store's current snapshot; re-renders on every change. */
export function useEntityStore(store: EntityStore): EntityStoreSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
