// A change by another program, as the watcher names it, goes into main's
// search index first and comes out as the documents' new list entries.
import { mkdir, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { Workspace } from './workspace';
import { createSearchHandlers } from '../search/search-handlers';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { createCorpusUpdates } from './corpus-updates';

afterEach(cleanupTempDirs);

const A = 'Shigeru Ishiba spoke in Tokyo.';
const B = 'Another article about Osaka.';

async function setup() {
  const root = await makeTempDir({
    'a.txt': A,
    'a.txt.annotations.json': serializeSidecar(sidecarFor('a.txt', A, [entity('p', A, 0, 14)])),
    'sub/b.txt': B,
    'c.pdf': 'not text',
  });
  const workspace = await Workspace.open(root);
  const corpus = workspace.corpus;
  const search = createSearchHandlers({ logError: (e) => expect.fail(String(e)) });
  search.corpusOpened(corpus);
  workspace.feedSearch(search);
  await search.handlers.buildSearchIndex({});
  await workspace.listDocuments();
  return { root, corpus, workspace, search, updates: createCorpusUpdates({ workspace }) };
}

describe('createCorpusUpdates', () => {
  it('updates the search index, then gives each named document its new entry, or removed', async () => {
    const { root, corpus, search, updates } = await setup();
    await unlink(join(root, 'a.txt'));
    const note = { ...entity('o', B, 22, 27), note: 'quokka' };
    await writeFile(join(root, 'sub/b.txt.annotations.json'), serializeSidecar({ ...sidecarFor('b.txt', B, [note]), status: 'done' }));
    const out = await updates({ kind: 'documents-changed', root: corpus.root, paths: ['a.txt', 'sub/b.txt'] });
    const listed = await corpus.listDocuments();
    expect(out).toEqual({
      kind: 'documents-updated',
      root: corpus.root,
      changes: [
        { path: 'a.txt', kind: 'removed', entry: null },
        { path: 'sub/b.txt', kind: 'changed', entry: listed.find((d) => d.path === 'sub/b.txt') },
      ],
    });
    expect(listed.map((d) => d.path)).toEqual(['c.pdf', 'sub/b.txt']);
    const found = async (q: string) => (await search.handlers.searchCorpus({ query: q })).results.map((r) => r.path);
    expect(await found('quokka doc:done')).toEqual(['sub/b.txt']);
    expect(await found('Ishiba')).toEqual([]);
  });

  it('passes the document\'s own events on as they are', async () => {
    const { corpus, updates } = await setup();
    const e = { kind: 'sidecar-changed', root: corpus.root, path: 'a.txt', sidecarPath: 'a.txt.annotations.json', sidecarSha256: null } as const;
    expect(await updates(e)).toBe(e);
  });

  it('a change the watcher could not name lists the corpus again in main and sends only what changed', async () => {
    const { root, corpus, search, updates } = await setup();
    await mkdir(join(root, 'new'));
    await writeFile(join(root, 'new/d.txt'), 'A quokka in Perth.');
    await unlink(join(root, 'sub/b.txt'));
    const out = await updates({ kind: 'documents-changed', root: corpus.root });
    expect(out).toMatchObject({
      kind: 'documents-updated',
      changes: [
        { path: 'new/d.txt', kind: 'changed', entry: { path: 'new/d.txt', title: 'A quokka in Perth.' } },
        { path: 'sub/b.txt', kind: 'removed', entry: null },
      ],
    });
    const found = async (q: string) => (await search.handlers.searchCorpus({ query: q })).results.map((r) => r.path);
    expect(await found('quokka')).toEqual(['new/d.txt']);
    expect(await found('Osaka')).toEqual([]);
  });
});

describe('createCorpusUpdates before the corpus was ever listed', () => {
  it('lists it in main and sends every document as a delta: the renderer never lists again itself', async () => {
    const root = await makeTempDir({ 'a.txt': A, 'sub/b.txt': B });
    const workspace = await Workspace.open(root);
    const out = await createCorpusUpdates({ workspace })({ kind: 'documents-changed', root: workspace.root });
    expect(out).toMatchObject({ kind: 'documents-updated', changes: [{ path: 'a.txt', kind: 'changed' }, { path: 'sub/b.txt', kind: 'changed' }] });
  });
});

describe('CorpusService.describeDocument', () => {
  it('gives what listDocuments lists for each document, and null for what it does not list', async () => {
    const { root, corpus } = await setup();
    await writeFile(join(root, 'broken.txt'), 'x');
    await writeFile(join(root, 'broken.txt.annotations.json'), '{');
    await mkdir(join(root, '.hidden'));
    await writeFile(join(root, '.hidden/h.txt'), 'h');
    await symlink('/etc/hostname', join(root, 'outside.txt'));
    for (const entry of await corpus.listDocuments()) expect(await corpus.describeDocument(entry.path)).toEqual(entry);
    for (const rel of ['gone.txt', '.hidden/h.txt', 'a.txt.annotations.json', 'outside.txt', 'sub', '../x.txt']) expect(await corpus.describeDocument(rel)).toBeNull();
  });
});
