import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareForMerge, mergeAnnotations, mergeAuthors, mergeChanges, type MergeDecision } from './agreement-merge';
import { parseSidecar, checkReferences } from './sidecar/sidecar-io';
import type { Annotation } from './sidecar/sidecar-schema';

function ann(id: string, label: string, start: number, end: number, extra: Partial<Annotation> = {}): Annotation {
  return { id, type: label === 'CLAIM' ? 'claim' : 'entity', label, start, end, text: 'x'.repeat(end - start), prefix: '', suffix: '', ...extra };
}

describe('compareForMerge', () => {
  it('accepts identical spans and clusters the rest by overlap', () => {
    const a = [ann('a1', 'PERSON', 0, 5), ann('a2', 'ORG', 10, 20), ann('a3', 'GPE', 30, 35), ann('a4', 'DATE', 50, 55)];
    const b = [ann('b1', 'PERSON', 0, 5), ann('b2', 'ORG', 12, 20), ann('b3', 'LOC', 30, 35), ann('b5', 'MISC', 60, 62)];
    const { agreed, disagreements } = compareForMerge(a, b);
    expect(agreed.map((p) => [p.a.id, p.b.id])).toEqual([['a1', 'b1']]);
    expect(disagreements.map((d) => [d.id, d.kind, d.a.map((x) => x.id), d.b.map((x) => x.id)])).toEqual([
      ['10-20', 'boundary', ['a2'], ['b2']],
      ['30-35', 'label', ['a3'], ['b3']],
      ['50-55', 'only-a', ['a4'], []],
      ['60-62', 'only-b', [], ['b5']],
    ]);
  });

  it('chains overlaps into one cluster; touching spans stay apart', () => {
    const a = [ann('a1', 'X', 0, 4), ann('a2', 'X', 6, 10)];
    const b = [ann('b1', 'X', 3, 7), ann('b2', 'X', 10, 12)];
    const { disagreements } = compareForMerge(a, b);
    expect(disagreements.map((d) => [d.id, d.kind])).toEqual([
      ['0-10', 'mixed'],
      ['10-12', 'only-b'],
    ]);
  });
});

describe('mergeAnnotations', () => {
  const a = [ann('a1', 'PERSON', 0, 5), ann('a2', 'ORG', 10, 20), ann('a3', 'GPE', 30, 35)];
  const b = [ann('b1', 'PERSON', 0, 5), ann('b2', 'ORG', 12, 20), ann('b4', 'DATE', 40, 44)];
  const ids = (list: Annotation[]) => list.map((x) => x.id);

  for (const [decision, expected] of [
    ['a', ['a1', 'a2', 'a3']],
    ['b', ['a1', 'b2', 'b4']],
    ['both', ['a1', 'a2', 'b2', 'a3', 'b4']],
    ['neither', ['a1']],
  ] as [MergeDecision, string[]][]) {
    it(`decided "${decision}" everywhere (the agreed span always stays, as A's)`, () => {
      const r = mergeAnnotations(a, b, { '10-20': decision, '30-35': decision, '40-44': decision });
      expect(ids(r.annotations)).toEqual(expected);
      expect(r.undecided).toEqual([]);
    });
  }

  it('settles undecided disagreements as A by default, and says which', () => {
    const r = mergeAnnotations(a, b, {});
    expect(ids(r.annotations)).toEqual(['a1', 'a2', 'a3']);
    expect(r.undecided).toEqual(['10-20', '30-35', '40-44']);
    expect(r.summary).toEqual({ agreed: 1, fromA: 2, fromB: 0, dropped: 2 });
    const asB = mergeAnnotations(a, b, { '30-35': 'a' }, { undecided: 'b' });
    expect(ids(asB.annotations)).toEqual(['a1', 'b2', 'a3', 'b4']);
    expect(asB.summary).toEqual({ agreed: 1, fromA: 1, fromB: 2, dropped: 1 });
  });

  it('accepts decisions as a Map, and ignores inherited keys of a record', () => {
    const r = mergeAnnotations(a, b, new Map([['40-44', 'b' as const]]));
    expect(ids(r.annotations)).toContain('b4');
    const proto = Object.create({ '40-44': 'b' }) as Record<string, MergeDecision>;
    expect(ids(mergeAnnotations(a, b, proto).annotations)).not.toContain('b4');
  });

  it('renames a B annotation whose id is taken, and keeps claimants pointing at the right annotation', () => {
    const a2 = [ann('p', 'PERSON', 0, 5), ann('c', 'CLAIM', 6, 30, { claimant: 'p' })];
    // B's ids clash with A's; B's claim [6,40) names B's person [0,5) (agreed with A's p) — and B's own "x" person.
    const b2 = [ann('c', 'PERSON', 0, 5), ann('p', 'CLAIM', 6, 40, { claimant: 'c' }), ann('x', 'PERSON', 50, 55), ann('y', 'CLAIM', 60, 70, { claimant: 'x' })];
    const r = mergeAnnotations(a2, b2, { '6-40': 'both', '50-55': 'neither', '60-70': 'b' });
    const byText = r.annotations.map((x) => [x.label, x.start, x.end, x.id, x.claimant ?? null]);
    const bClaim = r.annotations.find((x) => x.end === 40)!;
    expect(bClaim.id).not.toBe('p');
    expect(bClaim.id).not.toBe('c');
    // B's claimant "c" was agreed with A's "p": it now names "p".
    expect(bClaim.claimant).toBe('p');
    // B's "y" claim named "x", which was dropped: its claimant is removed.
    expect(r.annotations.find((x) => x.id === 'y')).toMatchObject({ start: 60 });
    expect(r.annotations.find((x) => x.id === 'y')!.claimant).toBeUndefined();
    expect(byText[0]).toEqual(['PERSON', 0, 5, 'p', null]);
    expect(checkReferences({ annotations: r.annotations, relations: [] })).toBeNull();
    // The current sidecar's (A's) ids map to themselves; B's are not in the map without sharedIds.
    expect([...r.idMap]).toEqual([
      ['p', 'p'],
      ['c', 'c'],
    ]);
  });
});

describe('mergeAuthors (one sidecar)', () => {
  it('merges two authors, keeps everyone else untouched, and maps ids across authors', () => {
    const list = [
      ann('1', 'PERSON', 0, 5, { author: 'ana' }),
      ann('2', 'PERSON', 0, 5, { author: 'ben' }),
      ann('3', 'ORG', 10, 20, { author: 'ana' }),
      ann('4', 'ORG', 12, 20, { author: 'ben' }),
      // ben's claim names ben's "2" (agreed with ana's "1")
      ann('5', 'CLAIM', 30, 40, { author: 'ben', claimant: '2' }),
      // cy's claim names ben's "4", which will be dropped
      ann('6', 'CLAIM', 50, 60, { author: 'cy', claimant: '4' }),
    ];
    const r = mergeAuthors(list, 'ana', 'ben', { '10-20': 'a', '30-40': 'b' });
    expect(r.annotations.map((x) => x.id)).toEqual(['1', '3', '5', '6']);
    expect(r.annotations.find((x) => x.id === '5')!.claimant).toBe('1');
    expect(r.annotations.find((x) => x.id === '6')!.claimant).toBeUndefined();
    expect(r.idMap.get('2')).toBe('1');
    expect(r.idMap.has('4')).toBe(false);
    expect(r.idMap.get('6')).toBe('6');
  });
});

describe('the fixture pair', () => {
  const FIXTURES = join(import.meta.dirname, '../tests/fixtures/agreement');
  const load = (folder: string) => {
    const p = parseSidecar(readFileSync(join(FIXTURES, folder, 'valparaiso-dredging.txt.annotations.json'), 'utf8'));
    if (!p.ok) throw new Error(p.message);
    return p.sidecar.annotations;
  };
  const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as {
    disagreements: { id: string; kind: string; a: string[]; b: string[] }[];
  };

  it('lists the three disagreements worked out in the README', () => {
    const { agreed, disagreements } = compareForMerge(load('annotator-a'), load('annotator-b'));
    expect(agreed).toHaveLength(5);
    expect(disagreements.map((d) => ({ id: d.id, kind: d.kind, a: d.a.map((x) => x.text), b: d.b.map((x) => x.text) }))).toEqual(expected.disagreements);
  });

  it('merges: B for the Port Authority keeps B’s id (A’s is gone); both there renames B’s; A for Sharp; B for Bío-Bío', () => {
    const a = load('annotator-a');
    const takeB = mergeAnnotations(a, load('annotator-b'), { '40-58': 'b', '79-96': 'a', '108-115': 'b' });
    expect(takeB.annotations.find((x) => x.text === 'Port Authority')!.id).toBe('a_ana0000003');
    expect(takeB.annotations.some((x) => x.text === 'the Port Authority')).toBe(false);

    const r = mergeAnnotations(a, load('annotator-b'), { '40-58': 'both', '79-96': 'a', '108-115': 'b' });
    expect(r.annotations.map((x) => `${x.label}:${x.text}`)).toEqual([
      'GPE:Valparaíso',
      'DATE:3 May',
      'ORG:the Port Authority',
      'ORG:Port Authority',
      'PERSON:Jorge Sharp',
      'ORG:Radio Bío-Bío',
      'LOC:Bío-Bío',
      'CLAIM:the work resumes in June',
      'DATE:June',
    ]);
    const port = r.annotations.find((x) => x.text === 'Port Authority')!;
    expect(port.id).not.toBe('a_ana0000003');
    expect(port.id).toMatch(/^a_[0-9a-z]{10}$/);
    expect(port.author).toBe('ben');
    expect(r.summary).toEqual({ agreed: 5, fromA: 2, fromB: 2, dropped: 1 });
    // A's claim keeps its claimant (A's Jorge Sharp, kept).
    expect(r.annotations.find((x) => x.label === 'CLAIM')!.claimant).toBe('a_ana0000004');
    expect(checkReferences({ annotations: r.annotations, relations: [] })).toBeNull();
  });
});

describe('merge properties', () => {
  const side = (prefix: string) =>
    fc
      .array(
        fc.record({
          id: fc.constantFrom('1', '2', '3', '4', '5', '6').map((n) => `${prefix}${n}`),
          label: fc.constantFrom('P', 'Q'),
          start: fc.integer({ min: 0, max: 30 }),
          len: fc.integer({ min: 1, max: 6 }),
          claimant: fc.option(fc.constantFrom('1', '2', '3').map((n) => `${prefix}${n}`), { nil: undefined }),
        }),
        { maxLength: 8 },
      )
      .map((list) => {
        // Unique ids within a side; claimants only to ids present on that side.
        const seen = new Set<string>();
        const out = list.filter((x) => (seen.has(x.id) ? false : (seen.add(x.id), true)));
        return out.map((x) => ann(x.id, x.label, x.start, x.start + x.len, x.claimant && seen.has(x.claimant) && x.claimant !== x.id ? { claimant: x.claimant } : {}));
      });
  const spans = (list: Annotation[]) => list.map((x) => `${x.label}:${x.start}:${x.end}`).sort();

  it('always gives unique ids and valid claimants; all-A gives A’s spans, all-B gives B’s (property)', () => {
    fc.assert(
      fc.property(side('x'), side(''), fc.boolean(), (a, bRaw, clash) => {
        // With `clash`, B reuses A's ids (a copied corpus).
        const b = clash ? bRaw.map((x) => ({ ...x, id: `x${x.id}`, ...(x.claimant ? { claimant: `x${x.claimant}` } : {}) })) : bRaw.map((x) => ({ ...x, id: `y${x.id}`, ...(x.claimant ? { claimant: `y${x.claimant}` } : {}) }));
        const { disagreements } = compareForMerge(a, b);
        for (const decision of ['a', 'b', 'both', 'neither'] as const) {
          const all = Object.fromEntries(disagreements.map((d) => [d.id, decision]));
          const r = mergeAnnotations(a, b, all);
          expect(checkReferences({ annotations: r.annotations, relations: [] })).toBeNull();
          if (decision === 'a') expect(spans(r.annotations)).toEqual(spans(a));
          if (decision === 'b') expect(spans(r.annotations)).toEqual(spans(b));
          if (decision === 'both') expect(r.annotations.length).toBe(a.length + b.length - compareForMerge(a, b).agreed.length);
        }
      }),
    );
  });
});

describe('mergeChanges', () => {
  it('names what a merge removes or relabels of the document and what it adds', () => {
    const a = (id: string, label: string, start: number): Annotation => ({ id, type: 'entity', label, start, end: start + 2, text: 'xx', prefix: '', suffix: '' });
    const base = [a('k', 'PERSON', 0), a('t', 'GPE', 5), a('d', 'DATE', 9)];
    const merged = [a('k', 'PERSON', 0), a('t', 'LOC', 5), a('n', 'ORG', 12)];
    const { removed, added } = mergeChanges(base, merged);
    expect(removed.map((x) => `${x.id}:${x.label}`)).toEqual(['t:GPE', 'd:DATE']);
    expect(added.map((x) => `${x.id}:${x.label}`)).toEqual(['t:LOC', 'n:ORG']);
    expect(mergeChanges(base, base)).toEqual({ removed: [], added: [] });
  });
});
