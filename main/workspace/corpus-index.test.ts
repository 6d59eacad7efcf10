import { describe, expect, it } from 'vitest';
import type { DocumentEntry } from '../../app/ipc/contract';
import { entity, sidecarFor } from '../test-support';
import { CorpusIndex, entryWithSidecar, summarizeSidecar } from './corpus-index';

const TEXT = 'Kim met Lee in Seoul.';
const entry = (path: string, extra: Partial<DocumentEntry> = {}): DocumentEntry => ({ path, name: path, kind: 'text', size: 1, annotationCount: 0, status: 'todo', ...extra });

describe('summarizeSidecar', () => {
  it('counts labels, claims, authors and relation types, and keeps entity links with their context', () => {
    const kim = { ...entity('k', TEXT, 0, 3), entity: 'e_kim', author: 'ana', prefix: '', suffix: ' met' };
    const claim = { ...entity('c', TEXT, 4, 11, 'CLAIM'), type: 'claim' as const, stance: 'asserted' as const };
    const sidecar = { ...sidecarFor('a.txt', TEXT, [kim, claim]), relations: [{ id: 'r', type: 'says', from: 'k', to: 'c' }] };
    const s = summarizeSidecar(sidecar);
    expect(s).toMatchObject({ annotations: 2, relations: 1, orphans: 0 });
    expect([...s.labels]).toEqual([['entity\u0000PERSON', 1], ['claim\u0000CLAIM', 1]]);
    expect([...s.stances]).toEqual([['asserted', 1]]);
    expect([...s.statuses]).toEqual([['none', 1]]);
    expect([...s.authors]).toEqual([['ana', 1], [null, 1]]);
    expect([...s.relationTypes]).toEqual([['says', 1]]);
    expect(s.links).toEqual([{ entity: 'e_kim', annotationId: 'k', text: 'Kim', start: 0, end: 3, label: 'PERSON', prefix: '', suffix: ' met' }]);
  });
});

describe('entryWithSidecar', () => {
  it('replaces every field the sidecar gives, and clears an old problem', () => {
    const old = entry('a.txt', { sidecarProblem: 'broken', labelCounts: { GPE: 2 }, orphanCount: 1, title: 'Title' });
    expect(entryWithSidecar(old, sidecarFor('a.txt', TEXT, [entity('k', TEXT, 0, 3)], 'done'))).toEqual(
      entry('a.txt', { annotationCount: 1, status: 'done', labelCounts: { PERSON: 1 }, title: 'Title' }),
    );
    expect(entryWithSidecar(old, null)).toEqual(entry('a.txt', { title: 'Title' }));
  });
});

describe('CorpusIndex', () => {
  it('keeps documents sorted by path through additions and removals', () => {
    const index = new CorpusIndex();
    index.replaceAll([{ entry: entry('b.txt'), signature: '1@1|-', summary: null }]);
    index.put('a.txt', { entry: entry('a.txt'), signature: '1@2|-', summary: null });
    index.put('c.txt', { entry: entry('c.txt'), signature: '1@3|-', summary: null });
    index.put('b.txt', null);
    expect(index.entries().map((e) => e.path)).toEqual(['a.txt', 'c.txt']);
  });

  it('takes a written sidecar into the entry, the summary and the signature; ignores a document it does not hold', () => {
    const index = new CorpusIndex();
    index.replaceAll([{ entry: entry('a.txt'), signature: '5@9|-', summary: null }]);
    index.sidecarWritten('a.txt', sidecarFor('a.txt', TEXT, [entity('k', TEXT, 0, 3)], 'in-progress'), 'abc');
    index.sidecarWritten('new.txt', sidecarFor('new.txt', TEXT), 'def');
    expect(index.get('a.txt')).toMatchObject({ entry: { annotationCount: 1, status: 'in-progress' }, signature: '5@9|abc', summary: { annotations: 1 } });
    expect(index.get('new.txt')).toBeUndefined();
    index.sidecarWritten('a.txt', null, null);
    expect(index.get('a.txt')).toMatchObject({ entry: { annotationCount: 0, status: 'todo' }, signature: '5@9|-', summary: null });
  });
});
