// The workspace's corpus index is built by the first listing, then, while the
// corpus is watched, follows the app's writes and the watcher's named changes
// without reading other files: each test puts garbage in a sidecar behind the
// workspace's back, which a re-read would report as a problem.
import { unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import type { Sidecar } from '../../app/sidecar/sidecar-schema';
import { countMentions, findMentions } from '../corpus/entity-store';
import { corpusStats } from '../export/stats-service';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { Workspace, type SearchFeed } from './workspace';

afterEach(cleanupTempDirs);

const A = 'Shigeru Ishiba spoke in Tokyo.';
const B = 'Another article about Osaka.';

function recordingSearch() {
  const calls: string[] = [];
  const feed: SearchFeed = {
    annotationsSaved: (path, sidecar) => void calls.push(`saved ${path} ${sidecar ? sidecar.annotations.length : 'none'}`),
    refreshDocument: async (path) => void calls.push(`refresh ${path}`),
    documentRemoved: (path) => void calls.push(`removed ${path}`),
  };
  return { calls, feed };
}

async function setup() {
  const root = await makeTempDir({
    'a.txt': A,
    'a.txt.annotations.json': serializeSidecar(sidecarFor('a.txt', A, [entity('p', A, 0, 14)])),
    'sub/b.txt': B,
    'sub/b.txt.annotations.json': serializeSidecar(sidecarFor('b.txt', B, [entity('o', B, 22, 27, 'GPE')])),
  });
  const workspace = await Workspace.open(root);
  const search = recordingSearch();
  workspace.feedSearch(search.feed);
  await watchQuietly(workspace);
  await workspace.listDocuments();
  /** Replaces a sidecar's bytes without telling anyone: a listing or re-read would report it broken. */
  const garble = (rel: string) => writeFile(join(root, rel), '{ not json');
  return { root, workspace, search, garble };
}

/** Watched by a watcher that reports nothing: nothing else changes on disk but what the test says. */
const watchQuietly = (workspace: Workspace) =>
  workspace.watch(() => {}, { watch: async (o) => ({ root: o.root, close: async () => {}, flush: async () => {} }) });

const linked = (id: string, text: string, start: number, end: number, entityId: string) => ({ ...entity(id, text, start, end), entity: entityId });

describe('Workspace corpus index', () => {
  it('takes a save from the sidecar just written: list, mentions and stats change, no file is read again', async () => {
    const { workspace, search, garble } = await setup();
    const saved: Sidecar = sidecarFor('a.txt', A, [linked('p', A, 0, 14, 'e_ishiba'), entity('t', A, 24, 29, 'GPE')], 'done');
    await workspace.corpus.writeSidecar('a.txt', saved);
    await garble('a.txt.annotations.json');
    await garble('sub/b.txt.annotations.json');

    const entries = await workspace.listDocuments();
    expect(entries.find((e) => e.path === 'a.txt')).toMatchObject({ annotationCount: 2, status: 'done', labelCounts: { PERSON: 1, GPE: 1 } });
    expect(entries.every((e) => e.sidecarProblem === undefined)).toBe(true);
    expect(await countMentions(workspace)).toEqual({ counts: { e_ishiba: { mentions: 1, documents: 1 } }, problems: [] });
    expect((await findMentions(workspace, 'e_ishiba')).mentions).toEqual([
      { path: 'a.txt', annotationId: 'p', text: 'Shigeru Ishiba', start: 0, end: 14, label: 'PERSON', prefix: '', suffix: '' },
    ]);
    const stats = await corpusStats(workspace);
    expect(stats).toMatchObject({ annotations: 3, progress: { done: 1, todo: 1 }, unreadable: [] });
    expect(search.calls).toEqual(['saved a.txt 2']);
  });

  it('a removed sidecar (undo of its creation) leaves the document with none', async () => {
    const { workspace, search } = await setup();
    const saved = await workspace.corpus.writeSidecar('a.txt', sidecarFor('a.txt', A, [], 'in-progress'));
    await workspace.corpus.deleteSidecar('a.txt', saved.sidecarSha256);
    expect((await workspace.listDocuments()).find((e) => e.path === 'a.txt')).toMatchObject({ annotationCount: 0, status: 'todo' });
    expect(search.calls).toEqual(['saved a.txt 0', 'saved a.txt none']);
  });

  it('reads only the document the watcher names, and a deleted one leaves the index and search', async () => {
    const { root, workspace, search, garble } = await setup();
    await writeFile(join(root, 'sub/b.txt.annotations.json'), serializeSidecar(sidecarFor('b.txt', B, [], 'done')));
    await garble('a.txt.annotations.json');
    expect(await workspace.documentChanged('sub/b.txt')).toMatchObject({ path: 'sub/b.txt', status: 'done', annotationCount: 0 });
    await unlink(join(root, 'sub/b.txt'));
    expect(await workspace.documentChanged('sub/b.txt')).toBeNull();
    const entries = await workspace.listDocuments();
    expect(entries.map((e) => [e.path, e.sidecarProblem])).toEqual([['a.txt', undefined]]);
    expect(search.calls).toEqual(['refresh sub/b.txt', 'removed sub/b.txt']);
  });

  it('a relisting reports what changed and what left, and feeds search only those', async () => {
    const { root, workspace, search } = await setup();
    await writeFile(join(root, 'c.txt'), 'New.');
    await unlink(join(root, 'sub/b.txt'));
    const { changed, removed } = await workspace.relist();
    expect(changed.map((d) => d.entry.path)).toEqual(['c.txt']);
    expect(removed).toEqual(['sub/b.txt']);
    expect(search.calls).toEqual(['refresh c.txt', 'removed sub/b.txt']);
  });

  it('once detached (another corpus open), a save still in flight no longer reaches search', async () => {
    const { workspace, search } = await setup();
    await workspace.detach();
    await workspace.corpus.writeSidecar('a.txt', sidecarFor('a.txt', A, [], 'done'));
    expect(search.calls).toEqual([]);
  });

  it('unwatched, nothing keeps the index up to date: each list reads the corpus again', async () => {
    const { workspace, garble } = await setup();
    await workspace.close();
    await garble('a.txt.annotations.json');
    expect((await workspace.listDocuments()).find((e) => e.path === 'a.txt')).toMatchObject({ sidecarProblem: expect.stringContaining('a.txt.annotations.json') });
  });

  it('a save made while the corpus is being listed is not undone by the listing', async () => {
    const root = await makeTempDir({ 'a.txt': A });
    const workspace = await Workspace.open(root);
    await watchQuietly(workspace);
    const listing = workspace.listDocuments();
    await workspace.corpus.writeSidecar('a.txt', sidecarFor('a.txt', A, [entity('p', A, 0, 14)], 'done'));
    await listing;
    expect((await workspace.listDocuments())[0]).toMatchObject({ annotationCount: 1, status: 'done' });
  });
});
