import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CorpusSummary } from '../../app/ipc/contract';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { resourcesDir } from '../corpus/resources-path';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { createHandlers, type HandlerDeps } from './handlers';

afterEach(cleanupTempDirs);

/** Handlers over fake settings and dialog, as a test harness would build them. */
async function setup(options: { initialCorpus?: string; recent?: string[]; dialog?: (string | null)[] } = {}) {
  const sample = await makeTempDir({ 'sample.txt': 'The sample.' });
  const recent = [...(options.recent ?? [])];
  const dialogAnswers = [...(options.dialog ?? [])];
  const changes: CorpusSummary[] = [];
  const deps: HandlerDeps = {
    chooseFolder: async () => dialogAnswers.shift() ?? null,
    settings: {
      getRecent: () => [...recent],
      addRecent: (root) => {
        const i = recent.indexOf(root);
        if (i >= 0) recent.splice(i, 1);
        recent.unshift(root);
      },
    },
    sampleCorpusRoot: sample,
    onCorpusChanged: (s) => changes.push(s),
    ...(options.initialCorpus !== undefined ? { initialCorpus: options.initialCorpus } : {}),
  };
  return { handlers: createHandlers(deps), sample, recent, changes };
}

const defaults = async () => JSON.parse(await readFile(join(resourcesDir(), 'default-schema.json'), 'utf8')) as unknown;

describe('getStartup', () => {
  it('opens the sample corpus when none is given, without adding it to recents', async () => {
    const { handlers, sample, recent, changes } = await setup();
    const info = await handlers.getStartup({});
    expect(info).toEqual({ corpus: { root: sample, name: expect.any(String), isSample: true }, recent: [], labelSchema: await defaults() });
    expect(recent).toEqual([]);
    expect(changes).toEqual([info.corpus]);
    expect((await handlers.listDocuments({})).map((d) => d.path)).toEqual(['sample.txt']);
  });

  it('opens the command-line corpus and adds it to recents', async () => {
    const corpus = await makeTempDir({ 'a.txt': 'a' });
    const { handlers, recent } = await setup({ initialCorpus: corpus });
    const info = await handlers.getStartup({});
    expect(info.corpus).toEqual({ root: corpus, name: expect.any(String), isSample: false });
    expect(info.recent).toEqual([corpus]);
    expect(info.problem).toBeUndefined();
    expect(recent).toEqual([corpus]);
  });

  it('falls back to the sample with a problem naming a bad command-line folder', async () => {
    const { handlers, sample } = await setup({ initialCorpus: '/no/such/folder' });
    const info = await handlers.getStartup({});
    expect(info.corpus?.root).toBe(sample);
    expect(info.problem).toContain('/no/such/folder');
    expect(info.problem).toContain('sample');
  });

  it("gives the corpus's own label schema and its problems", async () => {
    const custom = { version: 1, entityLabels: [{ name: 'SHIP', colour: '#123456' }], claimLabels: [], relationTypes: [] };
    const good = await makeTempDir({ '.marginalia/schema.json': JSON.stringify(custom) });
    expect((await (await setup({ initialCorpus: good })).handlers.getStartup({})).labelSchema).toEqual(custom);
    const bad = await makeTempDir({ '.marginalia/schema.json': '{' });
    const info = await (await setup({ initialCorpus: bad })).handlers.getStartup({});
    expect(info.labelSchema).toEqual(await defaults());
    expect(info.problem).toContain('.marginalia/schema.json');
  });

  it('returns the corpus open now when called again (a reloaded window keeps its corpus)', async () => {
    const other = await makeTempDir({ 'o.txt': 'o' });
    const { handlers, changes } = await setup({ dialog: [other] });
    await handlers.getStartup({});
    await handlers.openCorpusDialog({});
    const again = await handlers.getStartup({});
    expect(again.corpus?.root).toBe(other);
    expect(again.recent).toEqual([other]);
    expect(changes.map((c) => c.root)).toHaveLength(2);
  });
  it('opens one corpus for concurrent calls and keeps reporting its problem until another corpus is opened', async () => {
    const other = await makeTempDir({ 'o.txt': 'o' });
    const { handlers, changes } = await setup({ initialCorpus: '/no/such/folder', dialog: [other] });
    const [first, second] = await Promise.all([handlers.getStartup({}), handlers.getStartup({})]);
    expect(changes).toHaveLength(1);
    expect(first.problem).toContain('/no/such/folder');
    expect(second.problem).toBe(first.problem);
    expect((await handlers.getStartup({})).problem).toBe(first.problem);
    await handlers.openCorpusDialog({});
    expect((await handlers.getStartup({})).problem).toBeUndefined();
  });

  it('keeps a corpus opened before the first getStartup', async () => {
    const other = await makeTempDir({ 'o.txt': 'o' });
    const { handlers } = await setup({ dialog: [other] });
    await handlers.openCorpusDialog({});
    expect((await handlers.getStartup({})).corpus?.root).toBe(other);
  });
});

describe('opening corpora', () => {
  it('openCorpusDialog opens the chosen folder, or nothing when cancelled', async () => {
    const chosen = await makeTempDir({ 'c.txt': 'c' });
    const { handlers, changes } = await setup({ dialog: [null, chosen, '/no/such/folder'] });
    expect(await handlers.openCorpusDialog({})).toBeNull();
    expect(changes).toEqual([]);
    const summary = await handlers.openCorpusDialog({});
    expect(summary).toMatchObject({ root: chosen, isSample: false });
    expect(changes).toEqual([summary]);
    expect((await handlers.listDocuments({})).map((d) => d.path)).toEqual(['c.txt']);
    await expect(handlers.openCorpusDialog({})).rejects.toMatchObject({ code: 'not-found' });
    // A failed open leaves the current corpus open.
    expect((await handlers.listDocuments({})).map((d) => d.path)).toEqual(['c.txt']);
  });

  it('picking the sample folder in the dialog does not add it to recents', async () => {
    const sample = await makeTempDir({ 's.txt': 's' });
    const recent: string[] = [];
    const handlers = createHandlers({
      chooseFolder: async () => sample,
      settings: { getRecent: () => recent, addRecent: (root) => recent.push(root) },
      sampleCorpusRoot: sample,
    });
    expect(await handlers.openCorpusDialog({})).toMatchObject({ root: sample, isSample: true });
    expect(recent).toEqual([]);
  });

  it('openRecentCorpus opens only roots from the recent list', async () => {
    const known = await makeTempDir({ 'k.txt': 'k' });
    const unknown = await makeTempDir({ 'u.txt': 'u' });
    const { handlers } = await setup({ recent: [known] });
    expect(await handlers.openRecentCorpus({ root: known })).toMatchObject({ root: known });
    await expect(handlers.openRecentCorpus({ root: unknown })).rejects.toMatchObject({
      code: 'invalid-arguments',
      message: expect.stringContaining(unknown),
    });
    expect((await handlers.listDocuments({})).map((d) => d.path)).toEqual(['k.txt']);
  });
});

describe('documents', () => {
  it('says no-corpus before one is open', async () => {
    const { handlers } = await setup();
    await expect(handlers.listDocuments({})).rejects.toMatchObject({ code: 'no-corpus' });
    await expect(handlers.openDocument({ path: 'a.txt' })).rejects.toMatchObject({ code: 'no-corpus' });
  });

  it('opens and saves documents of the open corpus', async () => {
    const text = 'Shigeru Ishiba spoke.';
    const corpus = await makeTempDir({ 'a.txt': text });
    const { handlers } = await setup({ initialCorpus: corpus });
    await handlers.getStartup({});
    const doc = await handlers.openDocument({ path: 'a.txt' });
    expect(doc.text).toBe(text);
    const sidecar = sidecarFor('a.txt', text, [entity('e1', text, 0, 14)]);
    expect(await handlers.saveSidecar({ path: 'a.txt', sidecar })).toMatchObject({ annotationCount: 1 });
    expect(await readFile(join(corpus, 'a.txt.annotations.json'), 'utf8')).toBe(serializeSidecar(sidecar));
    expect((await handlers.listDocuments({}))[0]).toMatchObject({ path: 'a.txt', annotationCount: 1 });
  });

  it('search takes each saved sidecar (whole, changes, removal) as it was written', async () => {
    const text = 'Shigeru Ishiba spoke in Tokyo.';
    const corpus = await makeTempDir({ 'a.txt': text, 'b.txt': 'Another article.' });
    const { handlers } = await setup({ initialCorpus: corpus });
    await handlers.getStartup({});
    await handlers.buildSearchIndex({});
    const found = async (q: string) => (await handlers.searchCorpus({ query: q })).results.map((r) => r.path);
    await handlers.openDocument({ path: 'a.txt' });
    const first = await handlers.saveSidecar({ path: 'a.txt', sidecar: sidecarFor('a.txt', text, [{ ...entity('e1', text, 0, 14), note: 'quokka' }]) });
    expect(await found('quokka')).toEqual(['a.txt']);
    const second = await handlers.saveSidecarChanges({
      path: 'a.txt',
      baseSha256: first.sidecarSha256,
      changes: { annotations: { put: [{ ...entity('e2', text, 24, 29), label: 'GPE', note: 'wombat' }], remove: ['e1'] } },
    });
    expect(await found('wombat label:GPE')).toEqual(['a.txt']);
    expect(await found('quokka')).toEqual([]);
    await handlers.deleteSidecar({ path: 'a.txt', expectedSha256: second.sidecarSha256 });
    expect(await found('wombat')).toEqual([]);
    expect(await found('label:GPE')).toEqual([]);
  });
});
