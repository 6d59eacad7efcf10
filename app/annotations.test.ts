import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONTEXT_LENGTH,
  addAnnotation,
  addRelation,
  removeRelation,
  annotationsAt,
  countByLabel,
  createAnnotation,
  newAnnotationId,
  relabel,
  removeAnnotation,
  updateAnnotation,
  type AnnotationSet,
} from './annotations';
import { TextIndex } from './offsets';
import { checkReferences, emptySidecar, parseSidecar, serializeSidecar } from './sidecar/sidecar-io';
import type { Annotation, Relation } from './sidecar/sidecar-schema';

const NOW = '2025-11-20T10:00:00.000Z';
const LATER = '2025-11-21T08:00:00.000Z';

function ann(id: string, start: number, end: number, over: Partial<Annotation> = {}): Annotation {
  return { id, type: 'entity', label: 'PERSON', start, end, text: '', prefix: '', suffix: '', ...over };
}

describe('newAnnotationId', () => {
  it('makes short base-36 ids with an a_ prefix', () => {
    for (let i = 0; i < 200; i++) expect(newAnnotationId()).toMatch(/^a_[0-9a-z]{10}$/);
  });

  it('does not repeat itself', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => newAnnotationId()));
    expect(ids.size).toBe(5000);
  });

  it('uses every base-36 character', () => {
    const seen = new Set(Array.from({ length: 500 }, () => newAnnotationId().slice(2)).join(''));
    expect(seen.size).toBe(36);
  });

  it('avoids ids already taken', () => {
    const first = newAnnotationId();
    let calls = 0;
    // Claim the first two candidates are taken: the third is returned.
    const taken = { has: (id: string) => (calls++ < 2 ? true : id === first) };
    const id = newAnnotationId(taken);
    expect(calls).toBe(3);
    expect(id).not.toBe(first);
  });
});

describe('createAnnotation', () => {
  const text = 'The 😀 minister, 김민준, said on Tuesday that the launch of the 🛰️ would slip to 2026.\r\nNext line.';
  const index = new TextIndex(text);
  const at = (s: string) => {
    const start = index.toCodePoint(text.indexOf(s));
    return { start, end: start + [...s].length };
  };

  it('records the exact text, context, timestamps and author', () => {
    const a = createAnnotation(index, { type: 'entity', label: 'PERSON', ...at('김민준'), author: 'kim', now: NOW, id: 'x1' });
    expect(a).toEqual({
      id: 'x1',
      type: 'entity',
      label: 'PERSON',
      ...at('김민준'),
      text: '김민준',
      prefix: 'The 😀 minister, ',
      suffix: ', said on Tuesday that the launc',
      author: 'kim',
      created: NOW,
      modified: NOW,
    });
    expect([...a.suffix]).toHaveLength(CONTEXT_LENGTH);
  });

  it('counts context in code points, not UTF-16 units', () => {
    const a = createAnnotation(index, { type: 'claim', label: 'CLAIM', ...at('would slip'), now: NOW });
    expect(a.text).toBe('would slip');
    expect([...a.prefix]).toHaveLength(CONTEXT_LENGTH);
    expect(a.prefix).toBe(Array.from(text).slice(a.start - CONTEXT_LENGTH, a.start).join(''));
    expect(a.prefix).toContain('🛰️');
    expect(a.suffix).toBe(' to 2026.\r\nNext line.');
    expect(a).not.toHaveProperty('author');
  });

  it('makes a fresh id and the current time by default', () => {
    const before = Date.now();
    const a = createAnnotation(index, { type: 'entity', label: 'DATE', ...at('Tuesday') });
    expect(a.id).toMatch(/^a_/);
    expect(Date.parse(a.created as string)).toBeGreaterThanOrEqual(before - 1);
    expect(a.modified).toBe(a.created);
  });

  it('refuses empty, reversed, fractional and out-of-range spans', () => {
    for (const [start, end] of [[3, 3], [5, 2], [-1, 2], [0, index.length + 1], [0.5, 2]] as const) {
      expect(() => createAnnotation(index, { type: 'entity', label: 'X', start, end })).toThrow(RangeError);
    }
  });

  it('always yields an annotation the sidecar schema accepts, with text matching the source', () => {
    const piece = fc.constantFrom('a', ' ', '😀', '👨‍👩‍👧', 'e\u0301', '\r\n', '\n', '한국', '中文', 'שלום');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 60 }), fc.nat(), fc.nat(), (parts, x, y) => {
        const ix = new TextIndex(parts.join(''));
        const a = x % ix.length;
        const b = y % ix.length;
        const [start, end] = a < b ? [a, b + 1] : [b, a + 1];
        const created = createAnnotation(ix, { type: 'entity', label: 'L', start, end, now: NOW });
        expect(created.text).toBe(Array.from(ix.text).slice(start, end).join(''));
        expect(created.prefix + created.text + created.suffix).toBe(
          Array.from(ix.text).slice(Math.max(0, start - CONTEXT_LENGTH), end + CONTEXT_LENGTH).join(''),
        );
        const doc = { ...emptySidecar({ name: 'x', sha256: '0'.repeat(64), length: ix.length }), annotations: [created] };
        expect(parseSidecar(serializeSidecar(doc)).ok).toBe(true);
      }),
    );
  });
});

describe('annotationsAt', () => {
  const outer = ann('outer', 0, 20);
  const middle = ann('middle', 5, 15);
  const inner = ann('inner', 8, 10);
  const twinB = ann('b', 8, 10);
  const after = ann('after', 20, 25);

  it('returns the annotations covering an offset, innermost first', () => {
    expect(annotationsAt([outer, after, inner, middle], 9).map((a) => a.id)).toEqual(['inner', 'middle', 'outer']);
  });

  it('treats spans as half-open', () => {
    expect(annotationsAt([outer, after], 20).map((a) => a.id)).toEqual(['after']);
    expect(annotationsAt([outer, after], 0).map((a) => a.id)).toEqual(['outer']);
    expect(annotationsAt([outer, after], 25)).toEqual([]);
  });

  it('breaks ties between equal lengths in file order, whatever the input order', () => {
    expect(annotationsAt([twinB, inner, outer], 8).map((a) => a.id)).toEqual(['b', 'inner', 'outer']);
    expect(annotationsAt([outer, inner, twinB], 8).map((a) => a.id)).toEqual(['b', 'inner', 'outer']);
  });

  it('does not reorder its input', () => {
    const list = [outer, inner];
    annotationsAt(list, 9);
    expect(list).toEqual([outer, inner]);
  });
});

/** A small document: e1 claims c1 and c2, e2 is the same person as e1. */
function doc(): AnnotationSet & { status: 'todo' } {
  return {
    status: 'todo',
    annotations: [
      ann('e1', 0, 5),
      ann('e2', 10, 15),
      ann('c1', 20, 40, { type: 'claim', label: 'CLAIM', claimant: 'e1', stance: 'asserted', status: 'unverified' }),
      ann('c2', 50, 60, { type: 'claim', label: 'CLAIM', claimant: 'e1' }),
      ann('c3', 70, 80, { type: 'claim', label: 'CLAIM', claimant: 'e2' }),
    ],
    relations: [
      { id: 'r1', type: 'same-as', from: 'e1', to: 'e2' },
      { id: 'r2', type: 'said-by', from: 'c1', to: 'e1' },
      { id: 'r3', type: 'said-by', from: 'c3', to: 'e2' },
    ],
  };
}

describe('addAnnotation', () => {
  it('inserts in file order without touching the input', () => {
    const d = doc();
    const next = addAnnotation(d, ann('n', 12, 13));
    expect(next.annotations.map((a) => a.id)).toEqual(['e1', 'e2', 'n', 'c1', 'c2', 'c3']);
    expect(d.annotations).toHaveLength(5);
    expect(next.status).toBe('todo');
    expect(next.relations).toBe(d.relations);
  });

  it('refuses an id already in use', () => {
    expect(() => addAnnotation(doc(), ann('e2', 1, 2))).toThrow(/already in use/);
  });
});

describe('relabel', () => {
  it('changes the label and stamps modified, leaving everything else', () => {
    const d = doc();
    const next = relabel(d, 'e2', 'ORG', { now: LATER });
    expect(next.annotations[1]).toEqual({ ...d.annotations[1], label: 'ORG', modified: LATER });
    expect(next.annotations[0]).toBe(d.annotations[0]);
    expect(d.annotations[1]?.label).toBe('PERSON');
    expect(next.relations).toBe(d.relations);
  });

  it('returns the document itself when nothing changes', () => {
    const d = doc();
    expect(relabel(d, 'e2', 'PERSON', { now: LATER })).toBe(d);
    expect(relabel(d, 'missing', 'ORG')).toBe(d);
  });

  it('drops claim-only fields when a claim becomes an entity', () => {
    const next = relabel(doc(), 'c1', 'MISC', { type: 'entity', now: LATER });
    const c1 = next.annotations.find((a) => a.id === 'c1');
    expect(c1).toMatchObject({ type: 'entity', label: 'MISC', modified: LATER });
    expect(c1).not.toHaveProperty('claimant');
    expect(c1).not.toHaveProperty('stance');
    expect(c1).not.toHaveProperty('status');
  });
});

describe('updateAnnotation', () => {
  it('sets and removes fields', () => {
    const next = updateAnnotation(doc(), 'c1', { stance: 'hedged', status: undefined, note: 'check' }, LATER);
    const c1 = next.annotations.find((a) => a.id === 'c1');
    expect(c1).toMatchObject({ stance: 'hedged', note: 'check', modified: LATER });
    expect(c1).not.toHaveProperty('status');
  });

  it('returns the document itself for a no-op patch', () => {
    const d = doc();
    expect(updateAnnotation(d, 'c1', { stance: 'asserted' }, LATER)).toBe(d);
    expect(updateAnnotation(d, 'e1', { note: undefined }, LATER)).toBe(d);
  });
});

describe('removeAnnotation', () => {
  it('removes the annotation, its relations and claimant references to it', () => {
    const d = doc();
    const next = removeAnnotation(d, 'e1', LATER);
    expect(next.annotations.map((a) => a.id)).toEqual(['e2', 'c1', 'c2', 'c3']);
    expect(next.relations.map((r) => r.id)).toEqual(['r3']);
    const c1 = next.annotations.find((a) => a.id === 'c1');
    expect(c1).not.toHaveProperty('claimant');
    expect(c1).toMatchObject({ stance: 'asserted', status: 'unverified', modified: LATER });
    expect(next.annotations.find((a) => a.id === 'c2')).not.toHaveProperty('claimant');
    // Untouched annotations keep their identity; the input is unchanged.
    expect(next.annotations.find((a) => a.id === 'c3')).toBe(d.annotations[4]);
    expect(d.annotations).toHaveLength(5);
    expect(d.annotations[2]?.claimant).toBe('e1');
    expect(next.status).toBe('todo');
  });

  it('returns the document itself for an unknown id', () => {
    const d = doc();
    expect(removeAnnotation(d, 'nope')).toBe(d);
  });

  it('always leaves a document whose references check out', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const arb = fc.record({
      claimants: fc.array(fc.option(fc.constantFrom(...ids), { nil: undefined }), { minLength: 6, maxLength: 6 }),
      relations: fc.array(fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ids)), { maxLength: 10 }),
      removals: fc.shuffledSubarray(ids),
    });
    fc.assert(
      fc.property(arb, ({ claimants, relations, removals }) => {
        let d = {
          ...emptySidecar({ name: 'x', sha256: '0'.repeat(64), length: 100 }),
          annotations: ids.map((id, i) => ann(id, i, i + 1, claimants[i] ? { type: 'claim', claimant: claimants[i] } : {})),
          relations: relations.map(([from, to], i): Relation => ({ id: `r${i}`, type: 'same-as', from, to })),
        };
        for (const id of removals) {
          d = removeAnnotation(d, id, NOW);
          expect(checkReferences(d)).toBeNull();
          expect(d.annotations.some((a) => a.id === id)).toBe(false);
        }
        expect(d.annotations).toHaveLength(ids.length - removals.length);
      }),
    );
  });
});

describe('countByLabel', () => {
  it('counts per label, most frequent first', () => {
    const counts = countByLabel([
      ann('1', 0, 1, { label: 'ORG' }),
      ann('2', 0, 1, { label: 'PERSON' }),
      ann('3', 0, 1, { label: 'ORG' }),
      ann('4', 0, 1, { label: 'GPE' }),
      ann('5', 0, 1, { label: '__proto__' }),
    ]);
    expect([...counts]).toEqual([
      ['ORG', 2],
      ['GPE', 1],
      ['PERSON', 1],
      ['__proto__', 1],
    ]);
  });

  it('is empty for no annotations', () => {
    expect(countByLabel([]).size).toBe(0);
  });
});

describe('relations', () => {
  const index = new TextIndex('Saltzman said Japan agreed.');
  const who = createAnnotation(index, { type: 'entity', label: 'PERSON', start: 0, end: 8, id: 'a_who' });
  const what = createAnnotation(index, { type: 'claim', label: 'CLAIM', start: 14, end: 27, id: 'a_what' });
  const doc: AnnotationSet = { annotations: [who, what], relations: [] };

  it('adds a relation once, with a fresh id, and removes it', () => {
    const one = addRelation(doc, { type: 'said-by', from: 'a_what', to: 'a_who' });
    expect(one.relations).toHaveLength(1);
    expect(one.relations[0]).toMatchObject({ type: 'said-by', from: 'a_what', to: 'a_who' });
    expect(one.relations[0]!.id).toMatch(/^r_[0-9a-z]{10}$/);
    expect(addRelation(one, { type: 'said-by', from: 'a_what', to: 'a_who' })).toBe(one);
    expect(removeRelation(one, one.relations[0]!.id).relations).toEqual([]);
    expect(removeRelation(one, 'r_missing')).toBe(one);
  });

  it('refuses dangling or self relations', () => {
    expect(() => addRelation(doc, { type: 'x', from: 'a_what', to: 'a_nope' })).toThrow(RangeError);
    expect(() => addRelation(doc, { type: 'x', from: 'a_who', to: 'a_who' })).toThrow(RangeError);
  });

  it('removing an annotation removes its relations', () => {
    const one = addRelation(doc, { type: 'said-by', from: 'a_what', to: 'a_who' });
    expect(removeAnnotation(one, 'a_who').relations).toEqual([]);
  });
});
