import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addCounts,
  aggregateCounts,
  agreementCounts,
  authorsOf,
  binaryKappa,
  cohensKappa,
  compareAnnotators,
  documentTokens,
  exactMatches,
  overlapMatches,
  reportFromCounts,
  splitByAuthor,
  type Spanned,
} from './agreement';
import { TextIndex } from './offsets';
import { parseSidecar } from './sidecar/sidecar-io';
import type { Annotation } from './sidecar/sidecar-schema';

const s = (label: string, start: number, end: number, type: 'entity' | 'claim' = 'entity'): Spanned => ({ label, start, end, type });

// "Ann met Bob in Rome today." — tokens: Ann[0,3) met[4,7) Bob[8,11) in[12,14) Rome[15,19) today[20,25) .[25,26)
const TEXT = 'Ann met Bob in Rome today.';
const A = [s('PERSON', 0, 3), s('PERSON', 8, 11), s('GPE', 15, 19), s('DATE', 20, 25)];
const B = [s('PERSON', 0, 3), s('ORG', 8, 11), s('GPE', 12, 19)];

describe('agreement on a hand-worked example', () => {
  const report = compareAnnotators(new TextIndex(TEXT), A, B);
  const label = (l: string) => report.labels.find((x) => x.label === l)!;

  it('finds the seven tokens', () => {
    const ix = new TextIndex(TEXT);
    expect(documentTokens(ix).map((t) => ix.slice(t.start, t.end))).toEqual(['Ann', 'met', 'Bob', 'in', 'Rome', 'today', '.']);
    expect(report.overall.tokens).toBe(7);
  });

  it('span-level exact P/R/F1 (B scored against A)', () => {
    // PERSON: Ann matches; A has Ann+Bob, B has Ann → P = 1/1, R = 1/2, F1 = 2·1/(2+1)
    expect(label('PERSON').exact).toEqual({ matched: 1, a: 2, b: 1, precision: 1, recall: 1 / 2, f1: 2 / 3 });
    // ORG: only B (Bob) → P = 0/1, R undefined, F1 = 0/(0+1)
    expect(label('ORG').exact).toEqual({ matched: 0, a: 0, b: 1, precision: 0, recall: null, f1: 0 });
    // GPE: Rome [15,19) vs "in Rome" [12,19) → no exact match
    expect(label('GPE').exact).toEqual({ matched: 0, a: 1, b: 1, precision: 0, recall: 0, f1: 0 });
    // DATE: only A → P undefined, R = 0/1
    expect(label('DATE').exact).toEqual({ matched: 0, a: 1, b: 0, precision: null, recall: 0, f1: 0 });
    // Overall: matched 1, A 4, B 3 → P = 1/3, R = 1/4, F1 = 2/7
    expect(report.overall.exact).toEqual({ matched: 1, a: 4, b: 3, precision: 1 / 3, recall: 1 / 4, f1: 2 / 7 });
  });

  it('span-level overlap P/R/F1: Rome and "in Rome" overlap', () => {
    expect(label('GPE').overlap).toEqual({ matched: 1, a: 1, b: 1, precision: 1, recall: 1, f1: 1 });
    // Overall: matched 2, A 4, B 3 → P = 2/3, R = 2/4, F1 = 4/7
    expect(report.overall.overlap).toEqual({ matched: 2, a: 4, b: 3, precision: 2 / 3, recall: 2 / 4, f1: 4 / 7 });
  });

  it('token-level multi-class kappa', () => {
    // A: PERSON O PERSON O GPE DATE O;  B: PERSON O ORG GPE GPE O O
    // agree on Ann, met, Rome, "." → po = 4/7
    // marginals A: PERSON 2, O 3, GPE 1, DATE 1; B: PERSON 1, O 3, ORG 1, GPE 2
    // pe = (2·1 + 3·3 + 1·2 + 1·0 + 0·1)/49 = 13/49
    // κ = (28/49 − 13/49)/(1 − 13/49) = 15/36
    expect(report.overall.observed).toBeCloseTo(4 / 7, 12);
    expect(report.overall.kappa).toBeCloseTo(15 / 36, 12);
  });

  it('token-level binary kappa per label', () => {
    // PERSON: both 1 (Ann), A only 1 (Bob), neither 5. po = 6/7, pe = (2/7)(1/7) + (5/7)(6/7) = 32/49
    // κ = (42/49 − 32/49)/(17/49) = 10/17
    expect(label('PERSON').tokens).toEqual({ both: 1, onlyA: 1, onlyB: 0, neither: 5 });
    expect(label('PERSON').kappa).toBeCloseTo(10 / 17, 12);
    // GPE: both 1 (Rome), B only 1 (in) → the same table mirrored: 10/17
    expect(label('GPE').tokens).toEqual({ both: 1, onlyA: 0, onlyB: 1, neither: 5 });
    expect(label('GPE').kappa).toBeCloseTo(10 / 17, 12);
    // ORG: B only 1, neither 6. pA = 0 → pe = 1·(6/7) = po → κ = 0
    expect(label('ORG').kappa).toBe(0);
    expect(label('DATE').kappa).toBe(0);
  });

  it('lists labels alphabetically, or in the order given, including unused ones', () => {
    expect(report.labels.map((l) => l.label)).toEqual(['DATE', 'GPE', 'ORG', 'PERSON']);
    const ordered = compareAnnotators(new TextIndex(TEXT), A, B, { labels: ['PERSON', 'ORG', 'GPE', 'LOC', 'DATE'] });
    expect(ordered.labels.map((l) => l.label)).toEqual(['PERSON', 'ORG', 'GPE', 'LOC', 'DATE']);
    const loc = ordered.labels.find((l) => l.label === 'LOC')!;
    expect(loc.exact).toEqual({ matched: 0, a: 0, b: 0, precision: null, recall: null, f1: null });
    expect(loc.tokens).toEqual({ both: 0, onlyA: 0, onlyB: 0, neither: 7 });
    // All tokens "not LOC" for both: pe = 1, so κ is undefined
    expect(loc.kappa).toBeNull();
  });
});

describe('nested and overlapping spans on tokens', () => {
  // "South Korea's military" — tokens: South[0,5) Korea's[6,13) military[14,22)
  const text = "South Korea's military";
  it('a token gets every label covering it (binary) and the innermost span’s label (multi-class)', () => {
    const ix = new TextIndex(text);
    expect(documentTokens(ix).map((t) => ix.slice(t.start, t.end))).toEqual(['South', "Korea's", 'military']);
    const a = [s('ORG', 0, 22), s('GPE', 0, 11)]; // GPE "South Korea" ends inside the token "Korea's": overlap counts
    const b = [s('GPE', 0, 11)];
    const c = agreementCounts(ix, a, b);
    expect(c.labels.find((l) => l.label === 'ORG')!.tokens).toEqual({ both: 0, onlyA: 3, onlyB: 0, neither: 0 });
    expect(c.labels.find((l) => l.label === 'GPE')!.tokens).toEqual({ both: 2, onlyA: 0, onlyB: 0, neither: 1 });
    // multi-class: A = GPE GPE ORG, B = GPE GPE O
    expect(c.confusion).toEqual([
      { a: 'GPE', b: 'GPE', tokens: 2 },
      { a: 'ORG', b: null, tokens: 1 },
    ]);
  });

  it('equal-length spans: the later start is innermost, then the smaller label', () => {
    const ix = new TextIndex('a b c');
    const c = agreementCounts(ix, [s('X', 0, 3), s('Y', 2, 5), s('B', 2, 5)], []);
    // tokens a[0,1) b[2,3) c[4,5): a → X; b → B (Y and B start later than X, B < Y); c → B
    expect(c.confusion).toEqual([
      { a: 'B', b: null, tokens: 2 },
      { a: 'X', b: null, tokens: 1 },
    ]);
  });

  it('filters by type', () => {
    const ix = new TextIndex(TEXT);
    const c = agreementCounts(ix, [...A, s('CLAIM', 0, 26, 'claim')], B, { types: ['entity'] });
    expect(c.labels.map((l) => l.label)).not.toContain('CLAIM');
  });
});

describe('matching', () => {
  it('exact matches pair duplicates off one-to-one', () => {
    const pairs = exactMatches([s('X', 0, 2), s('X', 0, 2)], [s('X', 0, 2)]);
    expect(pairs).toHaveLength(1);
  });

  it('overlap matching is one-to-one, largest overlap first', () => {
    // A [0,10) overlaps B [0,4) by 4 and B [5,10) by 5 → pairs with [5,10); B [0,4) stays unmatched
    const pairs = overlapMatches([s('X', 0, 10)], [s('X', 0, 4), s('X', 5, 10)]);
    expect(pairs.map((p) => [p.b.start, p.b.end])).toEqual([[5, 10]]);
    // Touching spans do not overlap (half-open)
    expect(overlapMatches([s('X', 0, 5)], [s('X', 5, 9)])).toEqual([]);
  });

  it('overlap matching finds a long B span started long before (the sweep keeps it)', () => {
    const pairs = overlapMatches([s('X', 1, 2), s('X', 50, 60)], [s('X', 0, 100), s('X', 1, 2)]);
    expect(pairs).toHaveLength(2);
  });

  it('overlap matching never exceeds either side and always includes the exact matches (property)', () => {
    const span = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 10 })).map(([st, len]) => s('X', st, st + len));
    fc.assert(
      fc.property(fc.array(span, { maxLength: 12 }), fc.array(span, { maxLength: 12 }), (a, b) => {
        const over = overlapMatches(a, b);
        const exact = exactMatches(a, b);
        expect(over.length).toBeLessThanOrEqual(Math.min(a.length, b.length));
        expect(over.length).toBeGreaterThanOrEqual(exact.length);
        expect(new Set(over.map((p) => p.a)).size).toBe(over.length);
        expect(new Set(over.map((p) => p.b)).size).toBe(over.length);
        for (const p of over) expect(Math.min(p.a.end, p.b.end)).toBeGreaterThan(Math.max(p.a.start, p.b.start));
      }),
    );
  });

  it('agreement of a list with itself is perfect; swapping A and B swaps precision and recall (property)', () => {
    const text = 'one two three four five six seven eight nine ten';
    const ix = new TextIndex(text);
    const span = fc
      .tuple(fc.constantFrom('P', 'Q'), fc.integer({ min: 0, max: 45 }), fc.integer({ min: 1, max: 8 }))
      .map(([l, st, len]) => s(l, st, Math.min(st + len, ix.length)));
    fc.assert(
      fc.property(fc.array(span, { maxLength: 8 }), fc.array(span, { maxLength: 8 }), (a, b) => {
        const self = compareAnnotators(ix, a, a);
        if (a.length) expect(self.overall.exact.f1).toBe(1);
        const ab = compareAnnotators(ix, a, b).overall;
        const ba = compareAnnotators(ix, b, a).overall;
        expect(ab.exact.precision).toBe(ba.exact.recall);
        expect(ab.overlap.f1).toBe(ba.overlap.f1);
        if (ab.kappa === null) expect(ba.kappa).toBeNull();
        else expect(ab.kappa).toBeCloseTo(ba.kappa as number, 12);
      }),
    );
  });
});

describe('kappa edge cases', () => {
  it('is undefined when there are no tokens or everything is one class for both', () => {
    expect(cohensKappa([])).toBeNull();
    expect(binaryKappa({ both: 0, onlyA: 0, onlyB: 0, neither: 9 })).toBeNull();
    expect(binaryKappa({ both: 9, onlyA: 0, onlyB: 0, neither: 0 })).toBeNull();
    const none = compareAnnotators(new TextIndex(TEXT), [], []);
    expect(none.overall.kappa).toBeNull();
    expect(none.overall.observed).toBe(1);
    expect(none.overall.exact).toEqual({ matched: 0, a: 0, b: 0, precision: null, recall: null, f1: null });
  });

  it('is 1 for perfect agreement with two classes and negative for systematic disagreement', () => {
    expect(binaryKappa({ both: 3, onlyA: 0, onlyB: 0, neither: 4 })).toBe(1);
    // po = 0, pA = pB = 1/2 → pe = 1/2 → κ = (0 − 1/2)/(1/2) = −1
    expect(binaryKappa({ both: 0, onlyA: 2, onlyB: 2, neither: 0 })).toBe(-1);
  });
});

describe('corpus-level aggregation (micro-averaged)', () => {
  it('sums the counts of every document and computes the figures once', () => {
    const doc1 = agreementCounts(new TextIndex(TEXT), A, B);
    // doc2: "Zed left." — tokens Zed[0,3) left[4,8) .[8,9); both tag Zed PERSON, B also tags left as MISC
    const doc2 = agreementCounts(new TextIndex('Zed left.'), [s('PERSON', 0, 3)], [s('PERSON', 0, 3), s('MISC', 4, 8)]);
    const sum = aggregateCounts([doc1, doc2]);
    expect(sum.documents).toBe(2);
    expect(sum.tokens).toBe(10);
    const person = sum.labels.find((l) => l.label === 'PERSON')!;
    // exact: doc1 matched 1 of A 2 / B 1, doc2 matched 1 of 1 / 1 → 2, 3, 2
    expect(person.exact).toEqual({ matched: 2, a: 3, b: 2 });
    // tokens: doc1 both 1, onlyA 1, neither 5; doc2 both 1, neither 2
    expect(person.tokens).toEqual({ both: 2, onlyA: 1, onlyB: 0, neither: 7 });
    // MISC only in doc2: doc1's 7 tokens count as "neither"
    expect(sum.labels.find((l) => l.label === 'MISC')!.tokens).toEqual({ both: 0, onlyA: 0, onlyB: 1, neither: 9 });
    // DATE only in doc1: doc2's 3 tokens are "neither"
    expect(sum.labels.find((l) => l.label === 'DATE')!.tokens).toEqual({ both: 0, onlyA: 1, onlyB: 0, neither: 9 });
    const report = reportFromCounts(sum);
    // micro P/R/F1 overall: matched 1 + 1 = 2; A 4 + 1 = 5; B 3 + 2 = 5 → P = R = F1 = 2/5
    expect(report.overall.exact).toEqual({ matched: 2, a: 5, b: 5, precision: 2 / 5, recall: 2 / 5, f1: 2 / 5 });
    // PERSON pooled kappa: po = 9/10, pA = 3/10, pB = 2/10, pe = 0.06 + 0.56 = 0.62 → κ = 0.28/0.38
    expect(report.labels.find((l) => l.label === 'PERSON')!.kappa).toBeCloseTo(0.28 / 0.38, 12);
    // Adding is order-independent.
    expect(reportFromCounts(addCounts(doc2, doc1)).overall).toEqual(report.overall);
  });
});

describe('two authors in one sidecar', () => {
  const ann = (id: string, author?: string): Annotation => ({
    id, type: 'entity', label: 'X', start: 0, end: 1, text: 'x', prefix: '', suffix: '', ...(author ? { author } : {}),
  });
  it('lists authors, most annotations first, and splits by author', () => {
    const list = [ann('1', 'ana'), ann('2', 'ben'), ann('3', 'ana'), ann('4')];
    expect(authorsOf(list)).toEqual([
      { author: 'ana', count: 2 },
      { author: '', count: 1 },
      { author: 'ben', count: 1 },
    ]);
    const split = splitByAuthor(list, 'ana', '');
    expect(split.a.map((x) => x.id)).toEqual(['1', '3']);
    expect(split.b.map((x) => x.id)).toEqual(['4']);
    expect(split.others.map((x) => x.id)).toEqual(['2']);
    expect(() => splitByAuthor(list, 'ana', 'ana')).toThrow(RangeError);
  });
});

// ---- the fixture pair (tests/fixtures/agreement) ---------------------------------------

const FIXTURES = join(import.meta.dirname, '../tests/fixtures/agreement');
const DOC = 'valparaiso-dredging.txt';

interface ExpectedSpan { matched: number; a: number; b: number; precision: string | null; recall: string | null; f1: string | null }
interface Expected {
  tokens: number;
  overall: { exact: ExpectedSpan; overlap: ExpectedSpan; observed: string; kappa: string };
  labels: { label: string; exact: ExpectedSpan; overlap: ExpectedSpan; tokens: Record<string, number>; kappa: string | null }[];
}

function fraction(f: string | null): number | null {
  if (f === null) return null;
  const [n, d] = f.split('/').map(Number) as [number, number];
  return n / d;
}

function loadSidecar(folder: string) {
  const parsed = parseSidecar(readFileSync(join(FIXTURES, folder, `${DOC}.annotations.json`), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.sidecar;
}

function expectFigures(actual: { matched: number; a: number; b: number; precision: number | null; recall: number | null; f1: number | null }, expected: ExpectedSpan) {
  expect({ matched: actual.matched, a: actual.a, b: actual.b }).toEqual({ matched: expected.matched, a: expected.a, b: expected.b });
  for (const k of ['precision', 'recall', 'f1'] as const) {
    const want = fraction(expected[k]);
    if (want === null) expect(actual[k], k).toBeNull();
    else expect(actual[k], k).toBeCloseTo(want, 12);
  }
}

const SCHEMA_ORDER = ['PERSON', 'ORG', 'GPE', 'LOC', 'DATE', 'MISC', 'CLAIM'];

describe('the fixture pair', () => {
  const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Expected;
  const index = new TextIndex(readFileSync(join(FIXTURES, 'annotator-a', DOC), 'utf8'));

  function check(a: readonly Annotation[], b: readonly Annotation[]) {
    const report = compareAnnotators(index, a, b, { labels: SCHEMA_ORDER });
    expect(report.overall.tokens).toBe(expected.tokens);
    expectFigures(report.overall.exact, expected.overall.exact);
    expectFigures(report.overall.overlap, expected.overall.overlap);
    expect(report.overall.observed).toBeCloseTo(fraction(expected.overall.observed)!, 12);
    expect(report.overall.kappa).toBeCloseTo(fraction(expected.overall.kappa)!, 12);
    const used = report.labels.filter((l) => l.exact.a + l.exact.b > 0);
    expect(used.map((l) => l.label)).toEqual(expected.labels.map((l) => l.label));
    for (const want of expected.labels) {
      const got = used.find((l) => l.label === want.label)!;
      expectFigures(got.exact, want.exact);
      expectFigures(got.overlap, want.overlap);
      expect(got.tokens).toEqual(want.tokens);
      expect(got.kappa).toBeCloseTo(fraction(want.kappa)!, 12);
    }
  }

  it('annotator-a vs annotator-b (two folders) gives the hand-worked figures', () => {
    check(loadSidecar('annotator-a').annotations, loadSidecar('annotator-b').annotations);
  });

  it('ana vs ben within one sidecar gives the same figures', () => {
    const { a, b, others } = splitByAuthor(loadSidecar('two-authors').annotations, 'ana', 'ben');
    expect(others).toEqual([]);
    check(a, b);
  });
});

describe('label order', () => {
  it('order sorts without adding labels', () => {
    const r = compareAnnotators(new TextIndex(TEXT), A, B, { order: ['PERSON', 'LOC', 'GPE'] });
    expect(r.labels.map((l) => l.label)).toEqual(['PERSON', 'GPE', 'DATE', 'ORG']);
  });
});
