// When the open document is saved, and what the status bar says about it.
// Nothing typed is lost: every change schedules a save, one save runs at a
// time (changes made meanwhile go out together after it), a failed save keeps
// the change and says why, and flush() resolves once the file holds the
// current state or the save failed (the app then refuses to switch documents).
// What a save writes, and how, is the host's business (DiskSync).

export type SaveState =
  | { kind: 'saved'; savedAt?: string }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  | { kind: 'failed'; message: string }
  | { kind: 'read-only'; message: string };

/** Timers, injected so tests drive time themselves. */
export interface Clock {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface AutosaverHost {
  /** Whether the current state differs from the one on disk. */
  isDirty(): boolean;
  /** Writes the current state; resolves with when, or throws why not (the message is shown). */
  persist(): Promise<{ savedAt: string }>;
  /** The save status changed outside a change the host is emitting anyway: show it. */
  statusChanged(): void;
}

/**
 * Saves start at once (a save in flight makes later changes wait and go out
 * together): on disk within one round trip of the keypress, and still one
 * write per burst of typing.
 */
export const AUTOSAVE_DELAY_MS = 0;
/** "Saving…" only for a save still running after this: a status change per tag would re-render the app before the highlight paints. */
export const SAVING_SHOWN_AFTER_MS = 200;

export class Autosaver {
  #status: SaveState = { kind: 'saved' };
  #timer: unknown = null;
  #savingShown: unknown = null;
  #saveAfterEmit = false;
  #inFlight: Promise<void> | null = null;
  #disposed = false;

  constructor(
    private readonly host: AutosaverHost,
    private readonly options: { delayMs?: number; clock?: Clock } = {},
  ) {}

  get status(): SaveState {
    return this.#status;
  }

  private get clock(): Clock {
    return this.options.clock ?? realClock;
  }

  /** A change was made: unsaved, and a save is scheduled. */
  changed(): void {
    this.#status = { kind: 'unsaved' };
    this.#schedule();
  }

  /** The state moved without a new change (undo, redo, a merge): saved again, or a save is scheduled. */
  moved(): void {
    if (this.host.isDirty()) this.changed();
    else this.#status = { kind: 'saved' };
  }

  /**
   * The host has just told its views of the change. With no delay the save
   * starts in a microtask queued now: after the views have rendered the
   * change (React renders a store update in the microtask the emit queues,
   * before this one) and before the frame paints. A tag from a label's key
   * (DocumentSession.paintFirst) calls this once its frame has painted,
   * before telling the views, so its request is on its way while they render.
   */
  afterEmit(): void {
    if (!this.#saveAfterEmit) return;
    this.#saveAfterEmit = false;
    queueMicrotask(() => {
      if (!this.#disposed) void this.saveNow();
    });
  }

  /** Starts a scheduled save when nothing will emit (a document opened with unsaved work). */
  saveSoon(): void {
    if (!this.#saveAfterEmit) return;
    this.#saveAfterEmit = false;
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = null;
      void this.saveNow();
    }, 0);
  }

  #schedule(): void {
    if (this.#timer !== null) this.clock.clearTimeout(this.#timer);
    this.#timer = null;
    const delay = this.options.delayMs ?? AUTOSAVE_DELAY_MS;
    if (delay > 0) {
      this.#timer = this.clock.setTimeout(() => {
        this.#timer = null;
        void this.saveNow();
      }, delay);
      return;
    }
    this.#saveAfterEmit = true;
  }

  /** Saves now if anything is unsaved; resolves when the file holds the current state or the save failed. */
  async saveNow(): Promise<void> {
    if (this.#timer !== null) {
      this.clock.clearTimeout(this.#timer);
      this.#timer = null;
    }
    while (this.#inFlight) await this.#inFlight;
    if (!this.host.isDirty() || this.#disposed) return;
    this.#status = { kind: 'saving' };
    this.#savingShown = this.clock.setTimeout(() => {
      this.#savingShown = null;
      if (this.#status.kind === 'saving' && !this.#disposed) this.host.statusChanged();
    }, SAVING_SHOWN_AFTER_MS);
    this.#inFlight = (async () => {
      try {
        const { savedAt } = await this.host.persist();
        this.#status = this.host.isDirty() ? { kind: 'unsaved' } : { kind: 'saved', savedAt };
        // Changes made while it was written go out next.
        if (this.host.isDirty() && !this.#disposed) this.#schedule();
      } catch (e) {
        this.#status = { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
      } finally {
        this.#inFlight = null;
      }
    })();
    await this.#inFlight;
    if (this.#savingShown !== null) this.clock.clearTimeout(this.#savingShown);
    this.#savingShown = null;
    if (!this.#disposed) this.host.statusChanged();
  }

  /** Resolves when no save is running (the watcher's report of a change may be this app's own write). */
  async idle(): Promise<void> {
    while (this.#inFlight) await this.#inFlight;
  }

  /** Writes out anything unsaved: awaited before the document is closed or another opened. */
  flush(): Promise<void> {
    return this.saveNow();
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#timer !== null) this.clock.clearTimeout(this.#timer);
    if (this.#savingShown !== null) this.clock.clearTimeout(this.#savingShown);
    this.#timer = null;
    this.#savingShown = null;
  }
}
