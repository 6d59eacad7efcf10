import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ranked, topK } from './top-k';

/** The reference: every index, sorted stably by descending score. */
const fullSort = (scores: number[]) => scores.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s).map((x) => x.i);

describe('topK / ranked', () => {
  // Few distinct scores: many ties, which keep their order.
  const scores = fc.array(fc.constantFrom(0, 0.5, 1, 1.25, 3, 7.5, -1), { maxLength: 200 });
  it('give the first k of a full stable sort by descending score, ties in their order', () => {
    fc.assert(
      fc.property(scores, fc.integer({ min: 1, max: 60 }), (xs, k) => {
        expect(topK(xs, k)).toEqual(fullSort(xs).slice(0, k));
      }),
      { numRuns: 2000 },
    );
  });
  it('go on batch after batch through the whole order', () => {
    fc.assert(
      fc.property(scores, fc.integer({ min: 1, max: 20 }), (xs, k) => {
        expect([...ranked(xs, k)]).toEqual(fullSort(xs));
        const after = Math.floor(xs.length / 2);
        const order = fullSort(xs);
        if (xs.length) expect(topK(xs, k, order[after] as number)).toEqual(order.slice(after + 1, after + 1 + k));
      }),
      { numRuns: 2000 },
    );
  });
});
