import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planChunks } from './article-chunks';

describe('planChunks', () => {
  it('puts every line in exactly one chunk, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(5_000), { maxLength: 2_000 }), fc.integer({ min: 1, max: 40_000 }), fc.integer({ min: 1, max: 500 }), (lengths, chars, lines) => {
        const chunks = planChunks(lengths.length, (i) => lengths[i] as number, { chars, lines }, { chars, lines });
        let at = 0;
        for (const c of chunks) {
          expect(c.from).toBe(at);
          expect(c.to).toBeGreaterThan(c.from);
          expect(c.to - c.from).toBeLessThanOrEqual(lines);
          at = c.to;
        }
        expect(at).toBe(lengths.length);
      }),
    );
  });

  it('keeps a chunk under its size unless one line alone is longer', () => {
    const lengths = [10, 10, 10, 500, 10, 10];
    const chunks = planChunks(lengths.length, (i) => lengths[i] as number, { chars: 25, lines: 100 }, { chars: 25, lines: 100 });
    expect(chunks).toEqual([
      { from: 0, to: 3 },
      { from: 3, to: 4 },
      { from: 4, to: 6 },
    ]);
  });

  it('makes the first chunk by its own limits: a 1 MB article of 4,759 lines starts with one screen and its window', () => {
    const chunks = planChunks(4_759, () => 220);
    expect(chunks[0]).toEqual({ from: 0, to: 73 });
    expect(chunks.length).toBeGreaterThan(20);
    expect(planChunks(0, () => 0)).toEqual([]);
    expect(planChunks(1, () => 0)).toEqual([{ from: 0, to: 1 }]);
  });
});
