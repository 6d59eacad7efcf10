import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FIRST_CHUNK, chunkEnd, nextChunkChars } from './article-chunks';

describe('chunkEnd, chained as the loader does', () => {
  it('puts every line in exactly one chunk, in order, whatever the sizes', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(5_000), { maxLength: 2_000 }), fc.array(fc.integer({ min: 1, max: 40_000 }), { minLength: 1 }), fc.integer({ min: 1, max: 500 }), (lengths, sizes, lines) => {
        let at = 0;
        for (let k = 0; at < lengths.length; k++) {
          const end = chunkEnd(lengths.length, (i) => lengths[i] as number, at, sizes[k % sizes.length] as number, lines);
          expect(end).toBeGreaterThan(at);
          expect(end - at).toBeLessThanOrEqual(lines);
          at = end;
        }
        expect(at).toBe(lengths.length);
      }),
    );
  });

  it('makes the first chunk of a 1 MB article of 4,759 lines one screen and its window', () => {
    expect(chunkEnd(4_759, () => 220, 0, FIRST_CHUNK.chars, FIRST_CHUNK.lines)).toBe(46);
  });
});

describe('nextChunkChars', () => {
  it('shrinks after a slow frame, grows after a quick one, within bounds', () => {
    expect(nextChunkChars(32_000, 80)).toBe(16_000);
    expect(nextChunkChars(32_000, 50)).toBe(25_600);
    expect(nextChunkChars(32_000, 33.4)).toBe(32_000);
    expect(nextChunkChars(32_000, 16.7)).toBe(40_000);
    expect(nextChunkChars(8_000, 500)).toBe(8_000);
    expect(nextChunkChars(60_000, 1)).toBe(64_000);
  });
});

describe('chunkEnd', () => {
  it('takes lines until the size is reached, at least one, never past the end', () => {
    const lengths = [10, 10, 10, 500, 10];
    const len = (i: number) => lengths[i] as number;
    expect(chunkEnd(5, len, 0, 25)).toBe(3);
    expect(chunkEnd(5, len, 3, 25)).toBe(4);
    expect(chunkEnd(5, len, 4, 25)).toBe(5);
    expect(chunkEnd(5, len, 0, 1_000_000, 2)).toBe(2);
    expect(chunkEnd(5, len, 5, 25)).toBe(5);
  });
});
