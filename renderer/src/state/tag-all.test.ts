import { describe, expect, it } from 'vitest';
import type { NewSpan } from '../../../app/batch-annotations';
import type { FindOccurrencesResult } from '../../../app/ipc/curation-contract';
import { TextIndex } from '../../../app/offsets';
import { applyTagAll, findAll, occurrenceKey, type TagAllApi } from './tag-all';

function fakeApi(found: FindOccurrencesResult) {
  const calls: unknown[] = [];
  const api: TagAllApi = {
    find: async (args) => {
      calls.push(['find', args]);
      return found;
    },
    tag: async (args) => {
      calls.push(['tag', args]);
      return { documents: [{ path: 'b.txt', added: args.items.length, skipped: 0 }], added: args.items.length, skippedOpen: [], problems: [] };
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
  it('adds the open document’s occurrences through the session and the others through main', async () => {
    const { api, calls } = fakeApi(stale);
    const added: { spans: NewSpan[]; description: string }[] = [];
    const r = await applyTagAll(
      {
        label: 'GPE',
        type: 'entity',
        selected: [
          { path: 'a.txt', start: 12, end: 17 },
          { path: 'b.txt', start: 3, end: 8 },
        ],
        openPath: 'a.txt',
        addToOpen: (spans, description) => void added.push({ spans, description }),
        author: 'ana',
      },
      api,
    );
    expect(added).toEqual([{ spans: [{ label: 'GPE', type: 'entity', start: 12, end: 17 }], description: 'Tag 1 occurrence as GPE' }]);
    expect(calls).toEqual([
      ['tag', { label: 'GPE', type: 'entity', items: [{ path: 'b.txt', start: 3, end: 8 }], skipPaths: ['a.txt'], author: 'ana' }],
    ]);
    expect(r).toMatchObject({ openSpans: 1, openRefused: false, corpus: { added: 1 } });
  });

  it('does not call main when everything is in the open document; reports a refusal', async () => {
    const { api, calls } = fakeApi(stale);
    const r = await applyTagAll(
      { label: 'GPE', type: 'entity', selected: [{ path: 'a.txt', start: 0, end: 5 }], openPath: 'a.txt', addToOpen: () => false },
      api,
    );
    expect(calls).toEqual([]);
    expect(r).toEqual({ openSpans: 0, openRefused: true, corpus: null });
    expect(occurrenceKey({ path: 'a.txt', start: 1, end: 2 })).not.toBe(occurrenceKey({ path: 'a.txt', start: 12, end: 2 }));
  });
});
