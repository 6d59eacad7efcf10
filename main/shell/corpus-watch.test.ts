// The shell's watcher bridge with the real handlers over real folders: what
// another program changes in the open corpus reaches the window; the app's own
// saves, and a corpus no longer open, do not. "Nothing reached it" is checked
// once chokidar has taken in the change (tests/harness/watch-probe.ts) and the
// watcher is flushed, not after a fixed wait.
import { realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CorpusFileEvent, OpenedDocument, SaveResult } from '../../app/ipc/contract';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { createHandlers } from '../ipc/handlers';
import { dispatch } from '../ipc/dispatch';
import { cleanupTempDirs, entity, makeTempDir, sha256, sidecarFor, waiter } from '../test-support';
import { createCorpusWatchBridge, type CorpusWatchBridge } from './corpus-watch';
import { Workspace } from '../workspace/workspace';
import { watchCorpus, type CorpusWatcher } from '../corpus/corpus-watcher';
import { mark, seen } from '../../tests/harness/watch-probe';

vi.mock('chokidar', async (original) => (await import('../../tests/harness/watch-probe')).probed(await original()));

const TEXT = 'Kim Min-jun met Li Wei in Tokyo.';
let bridge: CorpusWatchBridge | undefined;

afterEach(async () => {
  await bridge?.close();
  bridge = undefined;
  await cleanupTempDirs();
});


describe('createCorpusWatchBridge', () => {
  it('forwards changes by other programs in the open corpus only, never the app’s own saves', async () => {
    const parent = await makeTempDir({ 'a/x.txt': TEXT, 'b/y.txt': TEXT, 'sample/s.txt': 's' });
    const sent: CorpusFileEvent[] = [];
    const { until, notify } = waiter();
    const watchers: CorpusWatcher[] = [];
    bridge = createCorpusWatchBridge(
      (e) => {
        sent.push(e);
        notify();
      },
      {
        watch: async (o) => {
          const w = await watchCorpus({ ...o, debounceMs: 100, stabilityMs: 30 });
          watchers.push(w);
          return w;
        },
      },
    );
    const flushAll = () => Promise.all(watchers.map((w) => w.flush()));
    const rootA = await realpath(join(parent, 'a'));
    const rootB = await realpath(join(parent, 'b'));
    const watching: Promise<void>[] = [];
    const handlers = createHandlers({
      chooseFolder: async () => join(parent, 'b'),
      settings: { getRecent: () => [], addRecent: () => {} },
      sampleCorpusRoot: join(parent, 'sample'),
      initialCorpus: join(parent, 'a'),
      onCorpusChanged: (_summary, service) => watching.push((bridge as CorpusWatchBridge).switchTo(service)),
    });
    await dispatch(handlers, 'getStartup', {});
    await Promise.all(watching);

    let since = mark();
    const opened = await dispatch(handlers, 'openDocument', { path: 'x.txt' });
    if (!opened.ok) throw new Error(opened.error.message);
    expect((opened.value as OpenedDocument).sidecarSha256).toBeNull();
    const saved = await dispatch(handlers, 'saveSidecar', {
      path: 'x.txt',
      sidecar: sidecarFor('x.txt', TEXT, [entity('k', TEXT, 0, 3)]),
      expectedSha256: null,
    });
    expect(saved.ok).toBe(true);
    await seen(rootA, ['x.txt.annotations.json'], since);
    await flushAll();
    expect(sent).toEqual([]); // our own save

    const theirs = serializeSidecar(sidecarFor('x.txt', TEXT, [entity('t', TEXT, 16, 22)]));
    await writeFile(join(parent, 'a/x.txt.annotations.json'), theirs);
    await until(() => sent.some((e) => e.kind === 'sidecar-changed'), 'the sidecar event');
    expect(sent).toContainEqual({ kind: 'sidecar-changed', root: join(parent, 'a'), path: 'x.txt', sidecarPath: 'x.txt.annotations.json', sidecarSha256: sha256(theirs) });

    // The app's next save, still expecting its own version, is refused rather than clobbering theirs.
    const clobber = await dispatch(handlers, 'saveSidecar', {
      path: 'x.txt',
      sidecar: sidecarFor('x.txt', TEXT),
      expectedSha256: saved.ok ? (saved.value as SaveResult).sidecarSha256 : null,
    });
    expect(clobber).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('x.txt.annotations.json') } });

    // Another corpus is opened: the first is no longer watched.
    await dispatch(handlers, 'openCorpusDialog', {});
    await Promise.all(watching);
    sent.length = 0;
    since = mark();
    await writeFile(join(parent, 'a/new.txt'), 'not watched any more');
    await writeFile(join(parent, 'b/new.txt'), 'watched');
    await until(() => sent.length > 0, 'the event from b');
    // b's watcher has taken in its write, made after a's: a's watcher, were it still open, had its turn too.
    await seen(rootB, ['new.txt'], since);
    await flushAll();
    // The workspace took the change in first: the window gets the new document's entry.
    expect(sent).toEqual([
      { kind: 'documents-updated', root: join(parent, 'b'), changes: [{ path: 'new.txt', kind: 'changed', entry: expect.objectContaining({ path: 'new.txt', title: 'watched' }) }] },
    ]);
  });

  it('logs and carries on when the corpus cannot be watched', async () => {
    const logged: string[] = [];
    bridge = createCorpusWatchBridge(() => {}, {
      watch: async () => Promise.reject(new Error('ENOSPC: System limit for number of file watchers reached')),
      logError: (m) => logged.push(m),
    });
    const root = await makeTempDir();
    await bridge.switchTo(await Workspace.open(root));
    expect(logged).toEqual([`could not watch ${root} for changes by other programs:`]);
  });
});
