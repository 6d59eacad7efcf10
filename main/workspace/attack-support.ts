// Helpers for the workspace attack tests (not itself a test file): a corpus
// opened through the real handlers and watched by the real watcher, and what
// a fresh workspace over the same folder says, to compare with once the
// watcher has taken every change in. Waits are on signals (the watch probe,
// the watcher's flush, the workspace's sent events), never fixed sleeps.
import { applyDocumentDeltas } from '../../app/document-deltas';
import type { CorpusFileEvent, DocumentEntry } from '../../app/ipc/contract';
import { watchCorpus, type CorpusWatcher, type CorpusWatcherOptions } from '../corpus/corpus-watcher';
import { createHandlers, type Handlers } from '../ipc/handlers';
import { mark, seen } from '../../tests/harness/watch-probe';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import type { Workspace } from './workspace';

import { expect } from 'vitest';
import { waiter } from '../test-support';

export { waiter };

const noSettings = { getRecent: () => [], addRecent: () => {} };

export function handlersOver(root: string, onWorkspace?: (w: Workspace) => void): Handlers {
  return createHandlers({
    chooseFolder: async () => null,
    settings: noSettings,
    sampleCorpusRoot: root,
    initialCorpus: root,
    ...(onWorkspace ? { onCorpusChanged: (_s, w) => onWorkspace(w) } : {}),
  });
}

export interface Watched {
  root: string;
  handlers: Handlers;
  workspace: Workspace;
  watcher: CorpusWatcher;
  sent: CorpusFileEvent[];
  logged: string[];
  /** The document list as the renderer keeps it: listed once when opened, then only the deltas sent applied. */
  rendererList(): DocumentEntry[];
  /** A mark to pass to settle: changes made after it are waited for. */
  mark(): number;
  /** Waits until the watcher has taken in each of `rels` (changed after `since`), reported them, and the workspace has sent what it made of them. */
  settle(rels: string[], since: number): Promise<void>;
}

/** Every workspace openWatched opened and closeWatched has not closed yet. */
const opened: Workspace[] = [];

/** Closes the workspaces openWatched opened, then removes the temporary folders: the afterEach of the tests using it. */
export async function closeWatched(): Promise<void> {
  for (const workspace of opened.splice(0)) await workspace.close();
  await cleanupTempDirs();
}

/** A corpus opened by the real handlers, watched by the real watcher (options over the defaults); closed by closeWatched. */
export async function openWatched(files: Record<string, string | Uint8Array>, options: Partial<CorpusWatcherOptions> = {}): Promise<Watched> {
  const root = await makeTempDir(files);
  let workspace: Workspace | undefined;
  const handlers = handlersOver(root, (w) => (workspace = w));
  await handlers.getStartup({});
  if (!workspace) throw new Error('no workspace opened');
  opened.push(workspace);
  const sent: CorpusFileEvent[] = [];
  const logged: string[] = [];
  let inFlight = 0;
  const { until, notify } = waiter();
  const watcher = await workspace.watch(
    (e) => {
      sent.push(e);
      inFlight -= 1;
      notify();
    },
    {
      watch: (o) =>
        watchCorpus({
          ...o,
          ...options,
          onEvent: (e) => {
            inFlight += 1;
            o.onEvent(e);
          },
        }),
      logError: (m, e) => {
        logged.push(`${m} ${String(e)}`);
        inFlight -= 1;
        notify();
      },
    },
  );
  const listed = await handlers.listDocuments({});
  const rendererList = () =>
    sent.reduce<DocumentEntry[]>((list, e) => (e.kind === 'documents-updated' ? applyDocumentDeltas(list, e.changes) : list), listed);
  const settle = async (rels: string[], since: number) => {
    // chokidar polls each new file until its size holds (awaitWriteFinish): a thousand of them on a loaded machine take a while.
    await seen(root, rels, since, 90_000);
    await watcher.flush();
    // A file caught half-written is read again by a second report; flushing again makes that now.
    await watcher.flush();
    await until(() => inFlight === 0, 'the workspace to send what it made of the changes');
  };
  return { root, handlers, workspace, watcher, sent, logged, rendererList, mark, settle };
}

/** What the handlers say of the corpus: the list, entity counts, progress, and search for `queries`. */
export async function corpusView(handlers: Handlers, queries: string[] = []) {
  const search: Record<string, unknown> = {};
  for (const query of queries) {
    const r = await handlers.searchCorpus({ query, limit: 500 });
    // Beyond the limit, which of equal scores come first is not the point: the total is.
    search[query] = r.total > 500 ? { total: r.total } : r.results.map((x) => ({ path: x.path, status: x.status, hits: x.hitCount, annotations: x.annotationHits.map((a) => a.annotationId).sort() })).sort((a, b) => (a.path < b.path ? -1 : 1));
  }
  const { ms: _ms, ...progress } = { ms: 0, ...(await handlers.getCorpusProgress({})) };
  return {
    list: await handlers.listDocuments({}),
    mentions: await handlers.countEntityMentions({}),
    progress,
    search,
  };
}

/** The same view from a fresh workspace over `root` (lists and reads everything). */
export async function freshView(root: string, queries: string[] = []) {
  const handlers = handlersOver(root);
  await handlers.getStartup({});
  return corpusView(handlers, queries);
}

/** What the watched workspace says (handlers, and the list the renderer rebuilt from its deltas) is what a fresh one reads from disk, and nothing was logged. */
export async function expectMatchesDisk(w: Watched, queries: string[]): Promise<void> {
  const fresh = await freshView(w.root, queries);
  expect(await corpusView(w.handlers, queries)).toEqual(fresh);
  expect(w.rendererList()).toEqual(fresh.list);
  expect(w.logged).toEqual([]);
}
