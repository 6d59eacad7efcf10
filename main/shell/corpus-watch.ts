// Keeps one watcher on the open corpus, the workspace's (main/workspace/
// workspace.ts), and forwards its events to the window. No Electron here (the
// shell passes `send`), so it is tested over real folders.
import type { CorpusFileEvent } from '../../app/ipc/contract';
import type { CorpusWatcher } from '../corpus/corpus-watcher';
import type { WatchOptions } from '../workspace/workspace';

/** What the bridge watches: the open corpus's workspace. */
export interface WatchedCorpus {
  readonly root: string;
  /** Starts watching; each event has updated main's index and search before it reaches `send`. */
  watch(send: (event: CorpusFileEvent) => void, options: WatchOptions): Promise<CorpusWatcher>;
}

export interface CorpusWatchBridge {
  /** Watches this corpus from now on (the previous one is no longer watched). Resolves once watching. */
  switchTo(corpus: WatchedCorpus): Promise<void>;
  /** Stops watching (the app is quitting). */
  close(): Promise<void>;
}

export function createCorpusWatchBridge(send: (event: CorpusFileEvent) => void, options: WatchOptions = {}): CorpusWatchBridge {
  const logError = options.logError ?? ((message, error) => console.error(`marginalia: ${message}`, error));
  let current: Promise<CorpusWatcher | null> = Promise.resolve(null);
  let generation = 0;

  const stop = async () => {
    const previous = await current;
    current = Promise.resolve(null);
    await previous?.close().catch((e: unknown) => logError('could not stop watching the corpus:', e));
  };

  return {
    async switchTo(corpus) {
      const mine = ++generation;
      await stop();
      if (mine !== generation) return; // another corpus was opened meanwhile
      current = corpus
        // An event from a watcher that was replaced is dropped.
        .watch((event) => {
          if (mine === generation) send(event);
        }, { ...options, logError })
        .catch((e: unknown) => {
          // Not watching is not fatal: saves still refuse to clobber (expectedSha256).
          logError(`could not watch ${corpus.root} for changes by other programs:`, e);
          return null;
        });
      await current;
    },
    async close() {
      generation++;
      await stop();
    },
  };
}
