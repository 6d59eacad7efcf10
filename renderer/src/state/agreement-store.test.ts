import { describe, expect, it } from 'vitest';
import { compareAnnotators } from '../../../app/agreement';
import { compareForMerge } from '../../../app/agreement-merge';
import type { DocumentComparison, FolderComparison } from '../../../app/ipc/curation-contract';
import { TextIndex } from '../../../app/offsets';
import type { Annotation } from '../../../app/sidecar/sidecar-schema';
import { AgreementStore, sameAnnotations, type AgreementApi } from './agreement-store';

function ann(id: string, label: string, start: number, end: number, author?: string, text = 'x'): Annotation {
  return { id, type: 'entity', label, start, end, text, prefix: '', suffix: '', ...(author !== undefined ? { author } : {}) };
}

// Two documents, each annotated in two folders.
const DOCS: Record<string, { text: string; a: Annotation[]; b: Annotation[] }> = {
  'one.txt': {
    text: 'Ann met Bob in Rome today.',
    a: [ann('a1', 'PERSON', 0, 3), ann('a2', 'PERSON', 8, 11), ann('a3', 'GPE', 15, 19)],
    b: [ann('a1', 'PERSON', 0, 3), ann('b2', 'ORG', 8, 11), ann('b3', 'GPE', 12, 19)],
  },
  'two.txt': {
    text: 'Zed left.',
    a: [ann('z1', 'PERSON', 0, 3)],
    b: [ann('z2', 'PERSON', 0, 3)],
  },
};

class FakeMain implements AgreementApi {
  calls: string[] = [];
  dialog: FolderComparison | null = {
    otherRoot: '/other',
    otherName: 'other',
    pairs: [
      { path: 'one.txt', inCurrent: true, inOther: true, annotationsA: 3, annotationsB: 3 },
      { path: 'only-a.txt', inCurrent: true, inOther: false, annotationsA: 0, annotationsB: 0 },
      { path: 'two.txt', inCurrent: true, inOther: true, annotationsA: 1, annotationsB: 1 },
    ],
  };
  gate: ((path: string) => Promise<void>) | null = null;

  async compareWithFolder() {
    this.calls.push('compareWithFolder');
    return this.dialog;
  }

  async compareDocument(otherRoot: string, path: string): Promise<DocumentComparison> {
    this.calls.push(`compareDocument ${otherRoot} ${path}`);
    await this.gate?.(path);
    const d = DOCS[path]!;
    return {
      path,
      otherRoot,
      comparable: true,
      warnings: [],
      a: d.a,
      b: d.b,
      report: compareAnnotators(new TextIndex(d.text), d.a, d.b),
      disagreements: compareForMerge(d.a, d.b).disagreements,
    };
  }
}

describe('AgreementStore, folder mode', () => {
  it('compares every document in both folders with progress, and sums the counts', async () => {
    const main = new FakeMain();
    const store = new AgreementStore({ api: main, labelOrder: ['PERSON', 'ORG', 'GPE'] });
    const progress: string[] = [];
    store.subscribe(() => {
      const p = store.getSnapshot().progress;
      if (p) progress.push(`${p.done}/${p.total}`);
    });
    await store.compareWithFolder();
    expect(main.calls).toEqual(['compareWithFolder', 'compareDocument /other one.txt', 'compareDocument /other two.txt']);
    expect(progress).toEqual(expect.arrayContaining(['0/2', '1/2', '2/2']));
    const snap = store.getSnapshot();
    expect(snap.status).toBe('ready');
    expect(snap.source).toEqual({ kind: 'folder', otherRoot: '/other', otherName: 'other' });
    // one.txt: exact matched 1 (Ann), A 3, B 3; two.txt: matched 1, A 1, B 1 → 2 of 4 / 4
    expect(snap.corpus!.overall.exact).toMatchObject({ matched: 2, a: 4, b: 4, precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(snap.corpus!.counts.documents).toBe(2);
    expect(snap.corpus!.labels.map((l) => l.label)).toEqual(['PERSON', 'ORG', 'GPE']);
    expect(snap.selectedPath).toBe('one.txt');
  });

  it('decides disagreements and builds the merge for the app to apply', async () => {
    const store = new AgreementStore({ api: new FakeMain() });
    await store.compareWithFolder();
    const doc = store.getSnapshot().documents.find((d) => d.path === 'one.txt')!;
    expect(doc.disagreements.map((d) => [d.id, d.kind])).toEqual([
      ['8-11', 'label'],
      ['12-19', 'boundary'],
    ]);
    store.decide('one.txt', '8-11', 'b');
    const request = store.mergeRequest('one.txt')!;
    expect(request.annotations.map((a) => `${a.label}:${a.start}`)).toEqual(['PERSON:0', 'ORG:8', 'GPE:15']);
    expect(request.undecided).toEqual(['12-19']);
    expect(request.description).toBe('Merge with other');
    // Every disagreement goes into the curation record, the undecided ones as such.
    expect(request.record).toEqual([
      { id: '8-11', decision: 'b', a: 'this corpus', b: 'other' },
      { id: '12-19', decision: 'undecided', a: 'this corpus', b: 'other' },
    ]);
    expect(sameAnnotations(request.base, DOCS['one.txt']!.a)).toBe(true);
    store.decideAll('one.txt', 'both');
    expect(store.mergeRequest('one.txt')!.annotations).toHaveLength(5);
    store.decide('one.txt', '8-11', null);
    expect(store.mergeRequest('one.txt')!.undecided).toEqual(['8-11']);
    store.markApplied('one.txt');
    expect(store.getSnapshot().applied.has('one.txt')).toBe(true);
    await store.refreshDocument('one.txt');
    expect(store.getSnapshot().applied.has('one.txt')).toBe(false);
    expect(store.getSnapshot().decisions.has('one.txt')).toBe(false);
  });

  it('cancel stops between documents and keeps what was compared', async () => {
    const main = new FakeMain();
    const store = new AgreementStore({ api: main });
    main.gate = async (path) => {
      if (path === 'two.txt') store.cancel();
    };
    await store.compareWithFolder();
    const snap = store.getSnapshot();
    expect(snap.status).toBe('cancelled');
    expect(snap.documents.map((d) => d.path)).toEqual(['one.txt']);
    expect(snap.corpus!.counts.documents).toBe(1);
  });

  it('a cancelled dialog changes nothing; a failure is reported', async () => {
    const main = new FakeMain();
    main.dialog = null;
    const store = new AgreementStore({ api: main });
    await store.compareWithFolder();
    expect(store.getSnapshot().status).toBe('idle');
    main.compareWithFolder = async () => {
      throw new Error('no corpus folder is open');
    };
    await store.compareWithFolder();
    expect(store.getSnapshot()).toMatchObject({ status: 'error', error: 'no corpus folder is open' });
  });
});

describe('AgreementStore, authors mode', () => {
  const text = 'Ann met Bob in Rome today.';
  const annotations = [
    ann('1', 'PERSON', 0, 3, 'ana'),
    ann('2', 'PERSON', 0, 3, 'ben'),
    ann('3', 'PERSON', 8, 11, 'ana'),
    ann('4', 'ORG', 8, 11, 'ben'),
    ann('5', 'GPE', 15, 19, 'cy'),
  ];

  it('compares the two authors with the most annotations, and merges keeping everyone else', () => {
    const store = new AgreementStore({ api: new FakeMain() });
    store.compareAuthors({ path: 'one.txt', text, annotations });
    const snap = store.getSnapshot();
    expect(snap.source).toEqual({ kind: 'authors', path: 'one.txt', authorA: 'ana', authorB: 'ben' });
    expect(snap.authors.map((a) => a.author)).toEqual(['ana', 'ben', 'cy']);
    expect(snap.corpus!.overall.exact).toMatchObject({ matched: 1, a: 2, b: 2 });
    store.decide('one.txt', '8-11', 'b');
    const request = store.mergeRequest('one.txt')!;
    expect(request.annotations.map((a) => a.id)).toEqual(['1', '4', '5']);
    expect(request.idMap.get('2')).toBe('1');
    expect(request.description).toBe('Merge ana and ben');
  });

  it('names the authors to compare, and refuses a document with one author', () => {
    const store = new AgreementStore({ api: new FakeMain() });
    store.compareAuthors({ path: 'one.txt', text, annotations }, 'cy', 'ana');
    expect(store.getSnapshot().corpus!.overall.exact).toMatchObject({ matched: 0, a: 1, b: 2 });
    expect(() => store.compareAuthors({ path: 'x.txt', text, annotations: [ann('1', 'X', 0, 1, 'ana')] })).toThrow(/one author/);
  });
});
