// Attacks on the workspace's index where the app and the disk disagree: an
// outside change read while the app saves the same sidecar, a watcher that
// fails after it started (out of watches), a save that fails, a sidecar
// swapped for a symlink leading out of the corpus.
import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CorpusFileEvent } from '../../app/ipc/contract';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { nodeFs, type AtomicFs } from '../corpus/atomic-write';
import { entity, makeTempDir, sha256, sidecarFor } from '../test-support';
import { closeWatched, corpusView, freshView, openWatched } from './attack-support';
import { Workspace } from './workspace';
import { mark, seen } from '../../tests/harness/watch-probe';

vi.mock('chokidar', async (original) => (await import('../../tests/harness/watch-probe')).probed(await original()));

afterEach(closeWatched);

const A = 'Shigeru Ishiba spoke in Tokyo.';
const files = () => ({ 'a.txt': A, 'a.txt.annotations.json': serializeSidecar(sidecarFor('a.txt', A, [entity('p', A, 0, 14)])) });

/** Watched by a fake watcher the test drives: `error` reports a watcher failure as chokidar would. */
async function watchedByHand(workspace: Workspace) {
  let fail: (e: unknown) => void = () => {};
  await workspace.watch(() => {}, {
    watch: async (o) => {
      fail = o.onError ?? fail;
      return { root: o.root, close: async () => {}, flush: async () => {} };
    },
    logError: () => {},
  });
  return { error: (e: unknown) => fail(e) };
}

describe('the index when the app and the disk disagree', () => {
  it('an outside change read while the app saves the same sidecar: the index ends with what is on disk, the app’s save', async () => {
    const root = await makeTempDir(files());
    const workspace = await Workspace.open(root);
    await watchedByHand(workspace);
    await workspace.listDocuments();
    const opened = await workspace.corpus.readDocument('a.txt');
    // Another program writes the sidecar; the watcher names the document and the workspace starts reading it.
    const theirs = serializeSidecar(sidecarFor('a.txt', A, [], 'done'));
    await writeFile(join(root, 'a.txt.annotations.json'), theirs);
    const original = workspace.corpus.describeDocumentRecord.bind(workspace.corpus);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    vi.spyOn(workspace.corpus, 'describeDocumentRecord').mockImplementation(async (rel) => {
      const record = await original(rel);
      calls += 1;
      if (calls === 1) await held; // the read of theirs is done, not yet applied
      return record;
    });
    const changing = workspace.documentChanged('a.txt');
    await vi.waitUntil(() => calls === 1);
    // Meanwhile the app merges their version with its tag and saves over it (the watcher ignores its own write).
    const mine = sidecarFor('a.txt', A, [entity('p', A, 0, 14), entity('t', A, 24, 29, 'GPE')], 'done');
    await workspace.corpus.writeSidecar('a.txt', mine, { expectedSha256: sha256(theirs) });
    expect(opened.sidecarSha256).not.toBe(sha256(theirs));
    release();
    await changing;
    expect((await workspace.listDocuments())[0]).toMatchObject({ annotationCount: 2, status: 'done', labelCounts: { PERSON: 1, GPE: 1 } });
  });

  it('a watcher that fails after it started: the list is read again from disk, as unwatched', async () => {
    const root = await makeTempDir(files());
    const workspace = await Workspace.open(root);
    const watcher = await watchedByHand(workspace);
    await workspace.listDocuments();
    watcher.error(Object.assign(new Error('EIO: i/o error, watch'), { code: 'EIO' }));
    // Changes it can no longer see.
    await writeFile(join(root, 'b.txt'), 'A new article.');
    await writeFile(join(root, 'a.txt.annotations.json'), serializeSidecar(sidecarFor('a.txt', A, [], 'done')));
    expect(await workspace.listDocuments()).toEqual(await (await Workspace.open(root)).listDocuments());
    // Saves still reach the list.
    await workspace.corpus.writeSidecar('b.txt', sidecarFor('b.txt', 'A new article.', [], 'in-progress'));
    expect((await workspace.listDocuments()).map((e) => [e.path, e.status])).toEqual([
      ['a.txt', 'done'],
      ['b.txt', 'in-progress'],
    ]);
  });

  it('out of watches: the workspace polls instead, and the window is sent what changed meanwhile', async () => {
    const root = await makeTempDir(files());
    const workspace = await Workspace.open(root);
    const started: { polling: boolean; closed: boolean; fail: (e: unknown) => void }[] = [];
    const sent: CorpusFileEvent[] = [];
    const handle = await workspace.watch((e) => void sent.push(e), {
      watch: async (o) => {
        const w = { polling: o.usePolling === true, closed: false, fail: o.onError ?? (() => {}) };
        started.push(w);
        return { root: o.root, flush: async () => {}, close: async () => void (w.closed = true) };
      },
      logError: () => {},
    });
    await workspace.listDocuments();
    await writeFile(join(root, 'c.txt'), 'Written while nothing watched.');
    started[0]?.fail(Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' }));
    await vi.waitUntil(() => sent.some((e) => e.kind === 'documents-updated'), { timeout: 15_000 });
    expect(started.map((w) => [w.polling, w.closed])).toEqual([
      [false, true],
      [true, false],
    ]);
    expect(sent).toEqual([{ kind: 'documents-updated', root, changes: [{ path: 'c.txt', kind: 'changed', entry: expect.objectContaining({ path: 'c.txt' }) }] }]);
    await handle.close();
    expect(started[1]?.closed).toBe(true);
  });

  it('a save that fails (disk full): the list still says what is on disk', async () => {
    let full = false;
    const fs: AtomicFs = {
      ...nodeFs,
      open: async (path, flags, mode) => {
        const file = await nodeFs.open(path, flags, mode);
        return {
          ...file,
          writeFile: async (data) => {
            if (full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
            return file.writeFile(data);
          },
          sync: () => file.sync(),
          close: () => file.close(),
        };
      },
    };
    const root = await makeTempDir(files());
    const workspace = await Workspace.open(root, { fs });
    await watchedByHand(workspace);
    const before = await workspace.listDocuments();
    full = true;
    await expect(workspace.corpus.writeSidecar('a.txt', sidecarFor('a.txt', A, [], 'done'))).rejects.toThrow(/a\.txt\.annotations\.json.*disk is full/u);
    expect(await workspace.listDocuments()).toEqual(before);
    expect(before).toEqual(await (await Workspace.open(root)).listDocuments());
  });

  it('a sidecar replaced by a symlink leading out of the corpus: the watcher never reads the file outside, the list names the problem', async () => {
    const outside = await makeTempDir({ 'secret.json': serializeSidecar(sidecarFor('a.txt', A, [], 'done')) });
    const secret = join(outside, 'secret.json');
    const open = await openWatched(files());
    await open.handlers.openDocument({ path: 'a.txt' }); // the ledger knows the sidecar: a change is news
    const since = open.mark();
    const { rm } = await import('node:fs/promises');
    await rm(join(open.root, 'a.txt.annotations.json'));
    await symlink(secret, join(open.root, 'a.txt.annotations.json'));
    await open.settle(['a.txt.annotations.json'], since);
    const { readFile } = await import('node:fs/promises');
    const outsideSha = sha256(await readFile(secret));
    expect(JSON.stringify(open.sent)).not.toContain(outsideSha);
    const entry = (await open.handlers.listDocuments({}))[0];
    expect(entry?.sidecarProblem).toMatch(/a\.txt\.annotations\.json.*outside/u);
    expect(await corpusView(open.handlers)).toEqual(await freshView(open.root));
    const events: CorpusFileEvent[] = open.sent;
    expect(events.some((e) => e.kind === 'documents-updated')).toBe(true);
  });

  it('a batch (tag-all, import) failing after its commit point: the watcher brings the index to what is on disk', async () => {
    let renames = 0;
    const fs: AtomicFs = {
      ...nodeFs,
      rename: async (from, to) => {
        // The journal's own rename, then the first sidecar's; the second fails.
        if (from.endsWith('.tmp') && to.endsWith('.annotations.json') && ++renames === 2) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
        return nodeFs.rename(from, to);
      },
    };
    const B = 'Kim Min-jun met Li Wei.';
    const root = await makeTempDir({ ...files(), 'b.txt': B });
    const workspace = await Workspace.open(root, { fs });
    const sent: CorpusFileEvent[] = [];
    const watcher = await workspace.watch((e) => void sent.push(e), { logError: () => {} });
    try {
      await workspace.listDocuments();
      const since = mark();
      await expect(
        workspace.corpus.writeSidecarsTogether([
          { rel: 'a.txt', sidecar: sidecarFor('a.txt', A, [], 'done'), expectedSha256: sha256(files()['a.txt.annotations.json']) },
          { rel: 'b.txt', sidecar: sidecarFor('b.txt', B, [entity('k', B, 0, 11)], 'done'), expectedSha256: null },
        ]),
      ).rejects.toThrow();
      await seen(root, ['a.txt.annotations.json'], since);
      await watcher.flush();
      await vi.waitUntil(() => sent.some((e) => e.kind === 'documents-updated'), { timeout: 15_000 });
      // On disk: a.txt's new sidecar (renamed before the failure), b.txt's still staged (the journal completes it at the next open).
      expect((await workspace.listDocuments()).map((e) => [e.path, e.status, e.annotationCount])).toEqual([
        ['a.txt', 'done', 0],
        ['b.txt', 'todo', 0],
      ]);
    } finally {
      await workspace.close();
    }
  });

  it('the app saves with the version it knew while another program’s change is on its way: refused, nothing lost, the index follows the disk', async () => {
    const open = await openWatched(files());
    const opened = await open.handlers.openDocument({ path: 'a.txt' });
    const since = open.mark();
    const theirs = serializeSidecar(sidecarFor('a.txt', A, [entity('p', A, 0, 14), entity('t', A, 24, 29, 'GPE')], 'in-progress'));
    await writeFile(join(open.root, 'a.txt.annotations.json'), theirs);
    const mine = sidecarFor('a.txt', A, [], 'done');
    await expect(open.handlers.saveSidecar({ path: 'a.txt', sidecar: mine, expectedSha256: opened.sidecarSha256 })).rejects.toMatchObject({ code: 'conflict' });
    await open.settle(['a.txt.annotations.json'], since);
    expect(await corpusView(open.handlers)).toEqual(await freshView(open.root));
    expect((await open.handlers.listDocuments({}))[0]).toMatchObject({ status: 'in-progress', annotationCount: 2 });
  });

  it('two listings at once (the window lists while a burst the watcher could not name lists again): the older one, finishing last, does not win', async () => {
    const root = await makeTempDir(files());
    const workspace = await Workspace.open(root);
    await watchedByHand(workspace);
    const original = workspace.corpus.listDocumentRecords.bind(workspace.corpus);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    vi.spyOn(workspace.corpus, 'listDocumentRecords').mockImplementation(async () => {
      const records = await original();
      calls += 1;
      if (calls === 1) await held; // read before the change below, finished after the second listing
      return records;
    });
    const first = workspace.listDocuments();
    await vi.waitUntil(() => calls === 1);
    await writeFile(join(root, 'a.txt.annotations.json'), serializeSidecar(sidecarFor('a.txt', A, [], 'done')));
    await workspace.relist();
    release();
    await first;
    expect((await workspace.listDocuments())[0]).toMatchObject({ status: 'done', annotationCount: 0 });
  });
});
