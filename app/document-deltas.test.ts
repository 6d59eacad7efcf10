import { describe, expect, it } from 'vitest';
import { applyDocumentDeltas } from './document-deltas';
import type { DocumentEntry } from './ipc/contract';

const entry = (path: string, annotationCount = 0): DocumentEntry => ({ path, name: path.split('/').pop() as string, kind: 'text', size: 1, annotationCount, status: 'todo' });

describe('applyDocumentDeltas', () => {
  it('adds, replaces and removes entries, keeping the list sorted by path', () => {
    const list = [entry('a.txt'), entry('c.txt'), entry('sub/d.txt')];
    const next = applyDocumentDeltas(list, [
      { path: 'b.txt', kind: 'changed', entry: entry('b.txt') },
      { path: 'c.txt', kind: 'changed', entry: entry('c.txt', 3) },
      { path: 'sub/d.txt', kind: 'removed', entry: null },
      { path: 'gone.txt', kind: 'removed', entry: null },
    ]);
    expect(next).toEqual([entry('a.txt'), entry('b.txt'), entry('c.txt', 3)]);
    expect(list.map((e) => e.path)).toEqual(['a.txt', 'c.txt', 'sub/d.txt']);
  });

  it('gives the same list back when nothing changed', () => {
    const list = [entry('a.txt')];
    expect(applyDocumentDeltas(list, [])).toBe(list);
  });
});
