import { describe, expect, it } from 'vitest';
import { addSpans, replaceAnnotations } from './batch-annotations';
import { TextIndex } from './offsets';
import { checkReferences } from './sidecar/sidecar-io';
import type { Annotation, Relation } from './sidecar/sidecar-schema';

const text = '😀 Ann met Bob in Rome.';
const index = new TextIndex(text);
const NOW = '2025-02-01T00:00:00.000Z';

function ann(id: string, label: string, start: number, end: number, extra: Partial<Annotation> = {}): Annotation {
  return { id, type: label === 'CLAIM' ? 'claim' : 'entity', label, start, end, text: index.slice(start, end), prefix: '', suffix: '', ...extra };
}

describe('addSpans', () => {
  const base = { annotations: [ann('a1', 'PERSON', 2, 5)], relations: [] as Relation[], status: 'todo' as const };

  it('adds many spans at once with text and context in code points, skipping duplicates and bad ranges', () => {
    const { doc, added, skipped } = addSpans(
      base,
      index,
      [
        { label: 'PERSON', type: 'entity', start: 2, end: 5 }, // already there
        { label: 'PERSON', type: 'entity', start: 10, end: 13 },
        { label: 'PERSON', type: 'entity', start: 10, end: 13 }, // twice in the input
        { label: 'GPE', type: 'entity', start: 17, end: 21 },
        { label: 'GPE', type: 'entity', start: 20, end: 99 }, // outside
        { label: 'CLAIM', type: 'claim', start: 2, end: 13 },
      ],
      { author: 'ana', now: NOW },
    );
    expect(added).toHaveLength(3);
    expect(skipped).toBe(3);
    expect(doc.status).toBe('todo');
    expect(doc.annotations.map((a) => [a.label, a.text])).toEqual([
      ['PERSON', 'Ann'],
      ['CLAIM', 'Ann met Bob'],
      ['PERSON', 'Bob'],
      ['GPE', 'Rome'],
    ]);
    const bob = doc.annotations.find((a) => a.text === 'Bob')!;
    expect(bob).toMatchObject({ start: 10, end: 13, prefix: '😀 Ann met ', suffix: ' in Rome.', author: 'ana', created: NOW, modified: NOW });
    expect(doc.annotations.find((a) => a.type === 'claim')).toMatchObject({ stance: 'asserted', status: 'unverified' });
    expect(new Set(doc.annotations.map((a) => a.id)).size).toBe(4);
  });

  it('returns the same set when nothing is added', () => {
    const r = addSpans(base, index, [{ label: 'PERSON', type: 'entity', start: 2, end: 5 }]);
    expect(r.doc).toBe(base);
    expect(r.added).toEqual([]);
  });
});

describe('replaceAnnotations', () => {
  const doc = {
    annotations: [ann('p', 'PERSON', 2, 5), ann('q', 'PERSON', 10, 13), ann('c', 'CLAIM', 2, 13, { claimant: 'p' })],
    relations: [
      { id: 'r1', type: 'same-as', from: 'p', to: 'q' },
      { id: 'r2', type: 'said-by', from: 'c', to: 'p' },
    ] as Relation[],
  };

  it('drops relations and claimants whose annotation is gone', () => {
    const next = replaceAnnotations(doc, [ann('q', 'PERSON', 10, 13), ann('c', 'CLAIM', 2, 13, { claimant: 'p' })]);
    expect(next.annotations.map((a) => a.id)).toEqual(['c', 'q']);
    expect(next.annotations.find((a) => a.id === 'c')!.claimant).toBeUndefined();
    expect(next.relations).toEqual([]);
    expect(checkReferences({ annotations: next.annotations, relations: next.relations })).toBeNull();
  });

  it('carries relations through an id map, dropping self-links and duplicates', () => {
    const merged = [ann('p', 'PERSON', 2, 5), ann('c', 'CLAIM', 2, 13, { claimant: 'p' })];
    // q was agreed with p (maps to p): r1 p→q becomes p→p and goes; r2 stays.
    const next = replaceAnnotations(doc, merged, new Map([['p', 'p'], ['q', 'p'], ['c', 'c']]));
    expect(next.relations.map((r) => r.id)).toEqual(['r2']);
  });

  it('returns the same set when nothing changes', () => {
    expect(replaceAnnotations(doc, doc.annotations)).toBe(doc);
  });
});
