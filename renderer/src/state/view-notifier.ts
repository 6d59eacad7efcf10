// Who hears of a document session's changes, and when. Immediate listeners
// (the article's highlight painter) hear of every change at once, with the
// snapshot before it. The views (React, through useSyncExternalStore) and the
// autosave after them hear in the same task, or, for changes made inside
// paintFirst(), once, after the next frame has painted: a tag's keydown then
// registers its highlight itself and the frame paints it alone.
import { afterNextPaint } from './after-paint';

export type ImmediateListener<T> = (next: T, previous: T) => void;

export interface ViewNotifierHooks {
  /** After the views were told (the autosaver's turn). */
  afterNotify(): void;
  /** How "after the next paint" is scheduled (tests pass their own); returns a cancel. */
  afterPaint?: (run: () => void) => () => void;
}

export class ViewNotifier<T> {
  readonly #listeners = new Set<() => void>();
  readonly #immediate = new Set<ImmediateListener<T>>();
  #deferring = 0;
  #pending = false;
  #cancel: (() => void) | null = null;
  #batch: { previous: T; next: T } | null = null;

  constructor(private readonly hooks: ViewNotifierHooks) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly subscribeImmediate = (listener: ImmediateListener<T>): (() => void) => {
    this.#immediate.add(listener);
    return () => this.#immediate.delete(listener);
  };

  /** The snapshot went from `previous` to `next`. */
  changed(next: T, previous: T): void {
    if (this.#deferring > 0) {
      // Told once at the end of paintFirst, from the state before its first change (a tag adds, then selects).
      if (this.#batch) this.#batch.next = next;
      else this.#batch = { previous, next };
      this.#pending = true;
      return;
    }
    for (const l of [...this.#immediate]) l(next, previous);
    this.#pending = false;
    for (const l of [...this.#listeners]) l();
    this.hooks.afterNotify();
  }

  /** Runs `change`; the views hear of what it changed once, after the next frame has painted. */
  paintFirst<R>(change: () => R): R {
    this.#deferring++;
    try {
      return change();
    } finally {
      this.#deferring--;
      const batch = this.#deferring === 0 ? this.#batch : null;
      if (batch) {
        this.#batch = null;
        for (const l of [...this.#immediate]) l(batch.next, batch.previous);
      }
      if (this.#deferring === 0 && this.#pending && !this.#cancel) {
        this.#cancel = (this.hooks.afterPaint ?? afterNextPaint)(() => {
          this.#cancel = null;
          // Told meanwhile by a change made outside paintFirst: nothing left to say.
          if (!this.#pending) return;
          this.#pending = false;
          // The save first: its request is on its way to main while React renders the change.
          this.hooks.afterNotify();
          for (const l of [...this.#listeners]) l();
        });
      }
    }
  }

  /** Whether views have yet to hear of a change (made inside paintFirst, the frame not painted yet). */
  get pending(): boolean {
    return this.#pending;
  }

  dispose(): void {
    this.#cancel?.();
    this.#cancel = null;
    this.#pending = false;
    this.#batch = null;
    this.#listeners.clear();
    this.#immediate.clear();
  }
}
