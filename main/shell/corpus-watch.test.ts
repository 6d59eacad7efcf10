// The shell's watcher bridge with the real handlers over real folders: what
// another program changes in the open corpus reaches the window; the app's own
// saves, and a corpus no longer open, do not.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CorpusFileEvent, OpenedDocument, SaveResult } from '../../app/ipc/contract';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { createHandlers } from '../ipc/handlers';
import { dispatch } from '../ipc/dispatch';
import { cleanupTempDirs, entity, makeTempDir, sha256, sidecarFor } from '../test-support';
import { createCorpusWatchBridge, type CorpusWatchBridge } from './corpus-watch';
import { watchCorpus } from '../corpus/corpus-watcher';

const TEXT = 'Kim Min-jun met Li Wei in Tokyo.';
let bridge: CorpusWatchBridge | undefined;

afterEach(async () => {
  await bridge?.close();
  bridge = undefined;
  await cleanupTempDirs();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 4000) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('createCorpusWatchBridge', () => {
  it('forwards changes by other programs in the open corpus only, never the app’s own saves', async () => {
    const parent = await makeTempDir({ 'a/x.txt': TEXT, 'b/y.txt': TEXT, 'sample/s.txt': 's' });
    const sent: CorpusFileEvent[] = [];
    bridge = createCorpusWatchBridge((e) => sent.push(e), {
      watch: (o) => watchCorpus({ ...o, debounceMs: 100, stabilityMs: 30 }),
    });
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

    const opened = await dispatch(handlers, 'openDocument', { path: 'x.txt' });
    if (!opened.ok) throw new Error(opened.error.message);
    expect((opened.value as OpenedDocument).sidecarSha256).toBeNull();
    const saved = await dispatch(handlers, 'saveSidecar', {
      path: 'x.txt',
      sidecar: sidecarFor('x.txt', TEXT, [entity('k', TEXT, 0, 3)]),
      expectedSha256: null,
    });
    expect(saved.ok).toBe(true);
    await sleep(500);
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
    await writeFile(join(parent, 'a/new.txt'), 'not watched any more');
    await writeFile(join(parent, 'b/new.txt'), 'watched');
    await until(() => sent.length > 0, 'the event from b');
    await sleep(400);
    expect(sent).toEqual([{ kind: 'documents-changed', root: join(parent, 'b') }]);
  });

  it('logs and carries on when the corpus cannot be watched', async () => {
    const logged: string[] = [];
    bridge = createCorpusWatchBridge(() => {}, {
      watch: async () => Promise.reject(new Error('ENOSPC: System limit for number of file watchers reached')),
      logError: (m) => logged.push(m),
    });
    const { FileLedger } = await import('../corpus/file-ledger');
    await bridge.switchTo({ root: '/nowhere', ledger: new FileLedger() });
    expect(logged).toEqual(['could not watch /nowhere for changes by other programs:']);
  });
});
