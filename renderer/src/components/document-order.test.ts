import { describe, expect, it } from 'vitest';
import type { DocumentEntry } from '../../../app/ipc/contract';
import { orderDocuments } from './document-order';

const doc = (path: string, status: DocumentEntry['status'], annotationCount: number, kind: DocumentEntry['kind'] = 'text'): DocumentEntry => ({
  path,
  name: path,
  kind,
  size: 1,
  annotationCount,
  status,
});

const docs = [doc('c.txt', 'done', 3), doc('a.txt', 'todo', 0), doc('x.pdf', 'todo', 0, 'unsupported'), doc('b.txt', 'in-progress', 7), doc('d.txt', 'todo', 7)];
const paths = (list: DocumentEntry[]) => list.map((d) => d.path);

describe('orderDocuments', () => {
  it('sorts by name, status or annotation count, unsupported files last', () => {
    expect(paths(orderDocuments(docs, 'all', 'name'))).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt', 'x.pdf']);
    expect(paths(orderDocuments(docs, 'all', 'status'))).toEqual(['a.txt', 'd.txt', 'b.txt', 'c.txt', 'x.pdf']);
    expect(paths(orderDocuments(docs, 'all', 'annotations'))).toEqual(['b.txt', 'd.txt', 'c.txt', 'a.txt', 'x.pdf']);
  });

  it('filters by status', () => {
    expect(paths(orderDocuments(docs, 'todo', 'name'))).toEqual(['a.txt', 'd.txt']);
    expect(paths(orderDocuments(docs, 'done', 'name'))).toEqual(['c.txt']);
    expect(orderDocuments(docs, 'in-progress', 'annotations')).toHaveLength(1);
  });
});
