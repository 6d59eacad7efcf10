// Keeps one watcher on the open corpus and forwards its events to the window.
// No Electron here (the shell passes `send`), so it is tested over real folders.
import type { CorpusFileEvent } from '../../app/ipc/contract';
import { watchCorpus, type CorpusWatcher, type CorpusWatcherOptions } from '../corpus/corpus-watcher';
import type { FileLedger } from '../corpus/file-ledger';
import type { CorpusUpdates } from '../workspace/corpus-updates';

export interface CorpusWatchBridge {
  /**
   * Watches this corpus from now on (the previous one is no longer watched).
   * Resolves once watching. `updates` (main/workspace/corpus-updates.ts)
   * brings main's indexes up to date with each event before it is sent, in order.
   */
  switchTo(corpus: { root: string; ledger: FileLedger }, updates?: CorpusUpdates): Promise<void>;
  /** Stops watching (the app is quitting). */
  close(): Promise<void>;
}

export function createCorpusWatchBridge(
  send: (event: CorpusFileEvent) => void,
  options: { watch?: (o: CorpusWatcherOptions) => Promise<CorpusWatcher>; logError?: (message: string, error: unknown) => void } = {},
): CorpusWatchBridge {
  const watch = options.watch ?? watchCorpus;
  const logError = options.logError ?? ((message, error) => console.error(`marginalia: ${message}`, error));
  let current: Promise<CorpusWatcher | null> = Promise.resolve(null);
  let generation = 0;

  const stop = async () => {
    const previous = await current;
    current = Promise.resolve(null);
    await previous?.close().catch((e: unknown) => logError('could not stop watching the corpus:', e));
  };

  return {
    async switchTo(corpus, updates) {
      const mine = ++generation;
      await stop();
      if (mine !== generation) return; // another corpus was opened meanwhile
      /** Events go out in the order they came, each after main took it in. */
      let queue: Promise<void> = Promise.resolve();
      current = watch({
        root: corpus.root,
        ledger: corpus.ledger,
        // An event from a watcher that was replaced is dropped.
        onEvent: (event) => {
          if (mine !== generation) return;
          if (!updates) return send(event);
          queue = queue
            .then(() => updates(event))
            .then((out) => {
              if (mine === generation) send(out);
            })
            .catch((e: unknown) => logError(`updating ${corpus.root} after a change on disk:`, e));
        },
        onError: (e) => logError(`watching ${corpus.root}:`, e),
      }).catch((e: unknown) => {
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
