// The one small base store: subscribe/getSnapshot for useSyncExternalStore,
// and publish() that notifies only when the snapshot changed.
import { useSyncExternalStore } from 'react';

export class Store<T> {
  private readonly listeners = new Set<() => void>();

  constructor(private snapshot: T) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getSnapshot = (): T => this.snapshot;

  protected publish(next: T): void {
    if (Object.is(next, this.snapshot)) return;
    this.snapshot = next;
    // A copy: a listener may unsubscribe while we notify.
    for (const l of [...this.listeners]) l();
  }

  protected clearListeners(): void {
    this.listeners.clear();
  }
}

/** A value whose owner sets it; subscribers hear only of a different one. */
export class ValueStore<T> extends Store<T> {
  readonly set = (value: T): void => this.publish(value);
}

export function useStore<T>(store: { subscribe(l: () => void): () => void; getSnapshot(): T }): T {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
