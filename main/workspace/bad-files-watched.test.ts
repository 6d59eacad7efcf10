// Attacks on a watched corpus with files the app cannot use, dropped in by
// other programs while it is open (a sidecar that became a folder, invalid
// UTF-8, a newer version), and on the workspace's life: the watcher
// unavailable, another corpus opened while a save of the first is in flight.
// Each time the handlers must say what a fresh workspace over the folder says.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { createHandlers } from '../ipc/handlers';
import { entity, makeTempDir, sidecarFor } from '../test-support';
import { closeWatched, corpusView, freshView, handlersOver, openWatched, type Watched, expectMatchesDisk as matchesDisk } from './attack-support';
import type { Workspace } from './workspace';

vi.mock('chokidar', async (original) => (await import('../../tests/harness/watch-probe')).probed(await original()));

afterEach(closeWatched);

const A = 'Shigeru Ishiba spoke in Tokyo.';
const B = 'Kim Min-jun met Li Wei in Osaka.';
const files = () => ({
  'a.txt': A,
  'a.txt.annotations.json': serializeSidecar(sidecarFor('a.txt', A, [entity('p', A, 0, 14)])),
  'b.txt': B,
  'b.txt.annotations.json': serializeSidecar(sidecarFor('b.txt', B, [entity('k', B, 0, 11)])),
});
const QUERIES = ['Ishiba', 'label:PERSON'];

const expectMatchesDisk = (w: Watched) => matchesDisk(w, QUERIES);

describe('files the app cannot use, dropped into a watched corpus', () => {
  it('a sidecar that becomes a folder', async () => {
    const open = await openWatched(files());
    await corpusView(open.handlers, QUERIES);
    const since = open.mark();
    await rm(join(open.root, 'a.txt.annotations.json'));
    await mkdir(join(open.root, 'a.txt.annotations.json'));
    await open.settle(['a.txt.annotations.json'], since);
    await expectMatchesDisk(open);
    expect((await open.handlers.listDocuments({}))[0]?.sidecarProblem).toMatch(/a\.txt\.annotations\.json/u);
    // A save neither replaces the folder nor claims to have written.
    await expect(open.handlers.saveSidecar({ path: 'a.txt', sidecar: sidecarFor('a.txt', A, [], 'done') })).rejects.toThrow(
      'a.txt.annotations.json is a folder, not a regular file; it is never read or written',
    );
    await expectMatchesDisk(open);
  });

  it('a sidecar rewritten as invalid UTF-8, and one of a newer version', async () => {
    const open = await openWatched(files());
    await corpusView(open.handlers, QUERIES);
    const since = open.mark();
    await writeFile(join(open.root, 'a.txt.annotations.json'), Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]));
    const newer = { ...JSON.parse(serializeSidecar(sidecarFor('b.txt', B))), version: 99 };
    await writeFile(join(open.root, 'b.txt.annotations.json'), JSON.stringify(newer));
    await open.settle(['a.txt.annotations.json', 'b.txt.annotations.json'], since);
    await expectMatchesDisk(open);
    const [a, b] = await open.handlers.listDocuments({});
    expect(a?.sidecarProblem).toMatch(/a\.txt\.annotations\.json is not valid UTF-8/u);
    expect(b?.sidecarProblem).toMatch(/b\.txt\.annotations\.json/u);
    // Never overwritten by a save.
    await expect(open.handlers.saveSidecar({ path: 'b.txt', sidecar: sidecarFor('b.txt', B, [], 'done') })).rejects.toThrow(/b\.txt\.annotations\.json/u);
  });
});

describe('articles the app cannot read, dropped in while watched', () => {
  it('an article overwritten with binary bytes, another with invalid UTF-8: search no longer finds their old words', async () => {
    const open = await openWatched(files());
    await corpusView(open.handlers, QUERIES);
    const since = open.mark();
    await writeFile(join(open.root, 'a.txt'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0x00, 0xff]));
    await writeFile(join(open.root, 'b.txt'), Buffer.concat([Buffer.from('Kim Min-jun met Li Wei in Osaka '), Buffer.from([0xc3, 0x28])]));
    await open.settle(['a.txt', 'b.txt'], since);
    await expectMatchesDisk(open);
    expect((await open.handlers.searchCorpus({ query: 'Ishiba' })).results).toEqual([]);
  });
});

describe('the workspace’s life', () => {
  it('watched by polling once a second (the fallback when out of watches): an outside change and a new document reach the list and search', async () => {
    const open = await openWatched(files(), { usePolling: true, pollIntervalMs: 1000 });
    await corpusView(open.handlers, QUERIES);
    const since = open.mark();
    await writeFile(join(open.root, 'a.txt.annotations.json'), serializeSidecar(sidecarFor('a.txt', A, [], 'done')));
    await writeFile(join(open.root, 'c.txt'), 'Ishiba again.');
    await open.settle(['a.txt.annotations.json', 'c.txt'], since);
    await expectMatchesDisk(open);
  });

  it('unwatched (no watcher at all): the list follows saves and other programs alike', async () => {
    const root = await makeTempDir(files());
    const handlers = handlersOver(root);
    await handlers.getStartup({});
    await handlers.listDocuments({});
    await handlers.saveSidecar({ path: 'a.txt', sidecar: sidecarFor('a.txt', A, [], 'done') });
    await writeFile(join(root, 'c.txt'), 'A third article.');
    await writeFile(join(root, 'b.txt.annotations.json'), serializeSidecar(sidecarFor('b.txt', B, [], 'in-progress')));
    expect(await corpusView(handlers, QUERIES)).toEqual(await freshView(root, QUERIES));
    expect((await handlers.listDocuments({})).map((e) => [e.path, e.status])).toEqual([
      ['a.txt', 'done'],
      ['b.txt', 'in-progress'],
      ['c.txt', 'todo'],
    ]);
  });

  it('another corpus opened while a save of the first is in flight: the save lands in the first, the second’s list and search are untouched', async () => {
    const first = await makeTempDir(files());
    const second = await makeTempDir({ 'x.txt': 'Ishiba visited Seoul.' });
    const workspaces: Workspace[] = [];
    const handlers = createHandlers({
      chooseFolder: async () => second,
      settings: { getRecent: () => [], addRecent: () => {} },
      sampleCorpusRoot: first,
      initialCorpus: first,
      onCorpusChanged: (_s, w) => void workspaces.push(w),
    });
    await handlers.getStartup({});
    await handlers.searchCorpus({ query: 'Ishiba' });
    const saving = handlers.saveSidecar({ path: 'a.txt', sidecar: sidecarFor('a.txt', A, [entity('p', A, 0, 14), entity('t', A, 24, 29, 'GPE')], 'done') });
    await handlers.openCorpusDialog({});
    await saving;
    expect(workspaces.map((w) => w.root)).toEqual([first, second]);
    expect(await corpusView(handlers, QUERIES)).toEqual(await freshView(second, QUERIES));
    expect((await freshView(first)).list[0]).toMatchObject({ path: 'a.txt', status: 'done', annotationCount: 2 });
  });
});

describe('a folder linked inside the corpus (one document under two paths)', () => {
  it('another program changes the document: both paths follow', async () => {
    const open = await openWatched({ 'real/a.txt': A, 'real/a.txt.annotations.json': serializeSidecar(sidecarFor('a.txt', A, [entity('p', A, 0, 14)])) });
    const { symlink } = await import('node:fs/promises');
    await symlink(join(open.root, 'real'), join(open.root, 'link'));
    await open.workspace.relist();
    expect((await open.handlers.listDocuments({})).map((e) => e.path)).toEqual(['link/a.txt', 'real/a.txt']);
    const since = open.mark();
    await writeFile(join(open.root, 'real/a.txt.annotations.json'), serializeSidecar(sidecarFor('a.txt', A, [], 'done')));
    await open.settle(['real/a.txt.annotations.json'], since);
    await expectMatchesDisk(open);
  });

  it('the app saves it under one path: the other follows', async () => {
    const open = await openWatched({ 'real/a.txt': A, 'real/a.txt.annotations.json': serializeSidecar(sidecarFor('a.txt', A, [entity('p', A, 0, 14)])) });
    const { symlink } = await import('node:fs/promises');
    await symlink(join(open.root, 'real'), join(open.root, 'link'));
    await open.workspace.relist();
    await open.handlers.saveSidecar({ path: 'real/a.txt', sidecar: sidecarFor('a.txt', A, [], 'done') });
    // The window is told of the other path (its own save it knows of).
    const w = open;
    await vi.waitUntil(() => w.sent.some((e) => e.kind === 'documents-updated' && e.changes.some((c) => c.path === 'link/a.txt' && c.entry?.status === 'done')), { timeout: 15_000 });
    expect(await corpusView(open.handlers, QUERIES)).toEqual(await freshView(open.root, QUERIES));
  });
});
