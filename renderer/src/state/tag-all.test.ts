import { describe, expect, it } from 'vitest';
import type { FindOccurrencesResult } from '../../../app/ipc/curation-contract';
import { TextIndex } from '../../../app/offsets';
import { applyTagAll, findAll, occurrenceKey, type TagAllApi } from './tag-all';
import { FakeApp, FakeCorpus } from './fake-corpus';

function fakeApi(found: FindOccurrencesResult) {
  const calls: unknown[] = [];
  const api: TagAllApi = {
    find: async (args) => {
      calls.push(['find', args]);
      return found;
    },
  };
  return { api, calls };
}

const stale: FindOccurrencesResult = {
  documents: [
    { path: 'a.txt', occurrences: [{ start: 0, end: 5, text: 'Japan', before: '', after: ' x' }], alreadyTagged: 0 },
    { path: 'b.txt', occurrences: [{ start: 3, end: 8, text: 'Japan', before: 'In ', after: '.' }], alreadyTagged: 0 },
  ],
  total: 2,
  alreadyTagged: 0,
  truncated: false,
  problems: ['a.txt is left out: whatever'],
};

describe('findAll', () => {
  it('searches the open document from its current annotations and the rest through main', async () => {
    const { api, calls } = fakeApi(stale);
    const text = '😀 Japan and Japan';
    const open = { path: 'a.txt', index: new TextIndex(text), annotations: [{ label: 'GPE', start: 2, end: 7 }] };
    const result = await findAll({ text: 'Japan', label: 'GPE' }, open, api);
    expect(calls).toEqual([['find', { text: 'Japan', label: 'GPE' }]]);
    expect(result.documents.map((d) => [d.path, d.occurrences.map((o) => o.start), d.alreadyTagged])).toEqual([
      ['a.txt', [12], 1],
      ['b.txt', [3], 0],
    ]);
    expect(result.documents[0]!.occurrences[0]).toMatchObject({ before: '😀 Japan and ', after: '' });
    expect(result).toMatchObject({ total: 2, alreadyTagged: 1, problems: [] });
  });

  it('onlyOpen does not call main', async () => {
    const { api, calls } = fakeApi(stale);
    const open = { path: 'a.txt', index: new TextIndex('Japan'), annotations: [] };
    const result = await findAll({ text: 'Japan', label: 'GPE', onlyOpen: true }, open, api);
    expect(calls).toEqual([]);
    expect(result.total).toBe(1);
  });
});

describe('applyTagAll', () => {
  const articles = { 'a.txt': '😀 Japan and Japan', 'b.txt': 'In Japan.', 'c.txt': 'Japan, Japan.' };

  it('tags the open document through its session and the others’ sidecars, as one undo step', async () => {
    const corpus = new FakeCorpus(articles);
    const app = new FakeApp(corpus);
    await app.open('a.txt');
    const r = await applyTagAll({
      label: 'GPE',
      type: 'entity',
      selected: [
        { path: 'a.txt', start: 12, end: 17 },
        { path: 'b.txt', start: 3, end: 8 },
        { path: 'c.txt', start: 0, end: 5 },
        { path: 'c.txt', start: 7, end: 12 },
      ],
      openPath: 'a.txt',
      addToOpen: (spans, description) => app.current.addMany(spans, description).length > 0,
      workspace: app.workspace,
      author: 'ana',
    });
    expect(r).toMatchObject({ openSpans: 1, openRefused: false, corpus: { added: 3, problems: [] } });
    expect(r.corpus?.documents).toEqual([
      { path: 'b.txt', added: 1, skipped: 0 },
      { path: 'c.txt', added: 2, skipped: 0 },
    ]);
    expect(corpus.sidecar('c.txt')?.annotations.map((a) => [a.text, a.author])).toEqual([
      ['Japan', 'ana'],
      ['Japan', 'ana'],
    ]);
    expect(app.workspace.history.getSnapshot()).toMatchObject({ undoDescription: 'Tag 4 occurrences as GPE', undoPaths: ['a.txt', 'b.txt', 'c.txt'] });
    await app.current.undo();
    await app.current.flush();
    expect([...corpus.sidecars.keys()]).toEqual([]);
    expect(app.current.getSnapshot().annotations).toEqual([]);
  });

  it('writes nothing when everything is in the open document; reports a refusal', async () => {
    const corpus = new FakeCorpus(articles);
    const app = new FakeApp(corpus);
    await app.open('a.txt');
    const r = await applyTagAll({
      label: 'GPE',
      type: 'entity',
      selected: [{ path: 'a.txt', start: 0, end: 5 }],
      openPath: 'a.txt',
      addToOpen: () => false,
      workspace: app.workspace,
    });
    expect(r).toEqual({ openSpans: 0, openRefused: true, corpus: null });
    expect(corpus.writes).toEqual([]);
    expect(app.workspace.history.canUndo).toBe(false);
    expect(occurrenceKey({ path: 'a.txt', start: 1, end: 2 })).not.toBe(occurrenceKey({ path: 'a.txt', start: 12, end: 2 }));
  });

  it('leaves out, naming it, a document whose sidecar changed on disk between reading and writing', async () => {
    const corpus = new FakeCorpus(articles);
    const app = new FakeApp(corpus);
    await app.open('a.txt');
    const save = corpus.save;
    corpus.save = async (path, sidecar, expected) => {
      if (path === 'b.txt') corpus.externalWrite('b.txt', { ...sidecar, annotations: [], status: 'done' });
      return save(path, sidecar, expected);
    };
    const r = await applyTagAll({
      label: 'GPE',
      type: 'entity',
      selected: [{ path: 'b.txt', start: 3, end: 8 }],
      openPath: 'a.txt',
      addToOpen: () => true,
      workspace: app.workspace,
    });
    expect(r.corpus).toMatchObject({ added: 0, documents: [] });
    expect(r.corpus?.problems).toEqual(['b.txt.annotations.json was changed by another program since it was opened; it was not overwritten']);
    expect(corpus.sidecar('b.txt')).toMatchObject({ status: 'done', annotations: [] });
  });
});
