// Compare with a git revision: the store asks main for the revision as a
// folder comparison and then runs the same per-document flow as for a folder.
import { describe, expect, it } from 'vitest';
import { compareAnnotators } from '../../../app/agreement';
import type { DocumentComparison, FolderComparison, RevisionList } from '../../../app/ipc/curation-contract';
import { TextIndex } from '../../../app/offsets';
import type { Annotation } from '../../../app/sidecar/sidecar-schema';
import { AgreementStore, type AgreementApi } from './agreement-store';

const ann = (id: string, label: string, start: number, end: number): Annotation => ({ id, type: 'entity', label, start, end, text: 'x', prefix: '', suffix: '' });
const TEXT = 'Ann met Bob.';
const A = [ann('a1', 'PERSON', 0, 3), ann('a2', 'PERSON', 8, 11)];
const B = [ann('b1', 'PERSON', 0, 3)];

class FakeMain implements AgreementApi {
  calls: string[] = [];
  async compareWithFolder(): Promise<FolderComparison | null> {
    this.calls.push('compareWithFolder');
    return null;
  }
  async listRevisions(): Promise<RevisionList> {
    return { repository: true, current: 'main', revisions: ['ben', 'main'] };
  }
  async compareWithRevision(rev: string): Promise<FolderComparison> {
    this.calls.push(`compareWithRevision ${rev}`);
    if (rev === 'nobody') throw new Error('"nobody" names no commit');
    return { otherRoot: '/tmp/rev', otherName: `${rev} (abc1234)`, pairs: [{ path: 'one.txt', inCurrent: true, inOther: true, annotationsA: 2, annotationsB: 1 }] };
  }
  async compareDocument(otherRoot: string, path: string): Promise<DocumentComparison> {
    this.calls.push(`compareDocument ${otherRoot} ${path}`);
    return { path, otherRoot, comparable: true, warnings: [], a: A, b: B, report: compareAnnotators(new TextIndex(TEXT), A, B), disagreements: [] };
  }
}

describe('AgreementStore, compare with a git revision', () => {
  it('lists revisions, then compares the chosen one document by document as a folder', async () => {
    const main = new FakeMain();
    const store = new AgreementStore({ api: main });
    expect(store.canCompareRevisions).toBe(true);
    expect((await store.listRevisions()).revisions).toEqual(['ben', 'main']);
    await store.compareWithRevision('ben');
    expect(main.calls).toEqual(['compareWithRevision ben', 'compareDocument /tmp/rev one.txt']);
    const snap = store.getSnapshot();
    expect(snap.status).toBe('ready');
    expect(snap.source).toEqual({ kind: 'folder', otherRoot: '/tmp/rev', otherName: 'ben (abc1234)' });
    expect(snap.corpus?.overall.exact).toMatchObject({ matched: 1, a: 2, b: 1 });
  });

  it('shows the error when the revision cannot be read, and is not offered without the api', async () => {
    const store = new AgreementStore({ api: new FakeMain() });
    await store.compareWithRevision('nobody');
    expect(store.getSnapshot()).toMatchObject({ status: 'error', error: '"nobody" names no commit' });
    const plain = new AgreementStore({ api: { compareWithFolder: async () => null, compareDocument: FakeMain.prototype.compareDocument.bind(new FakeMain()) } });
    expect(plain.canCompareRevisions).toBe(false);
  });
});
