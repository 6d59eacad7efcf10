import { describe, expect, it } from 'vitest';
import { mapInSlices } from './map-in-slices';

/** Busy-waits `ms` (synchronous work standing for a blocking read). */
const spin = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe('mapInSlices', () => {
  it('gives the results in the items’ order, awaiting the items that return a promise', async () => {
    const items = Array.from({ length: 30 }, (_, i) => i);
    const out = await mapInSlices(items, (i) => (i % 7 === 3 ? Promise.resolve(i * 2) : i * 2));
    expect(out).toEqual(items.map((i) => i * 2));
    expect(await mapInSlices([], () => 1)).toEqual([]);
  });

  it('lets the event loop run between slices, not after every item', async () => {
    let ran = 0;
    const timer = setInterval(() => ran++, 0);
    const seen: number[] = [];
    // 40 items of 2 ms in slices of 10 ms: about 8 slices, so the timer runs between them.
    await mapInSlices(Array.from({ length: 40 }, (_, i) => i), (i) => {
      spin(2);
      seen.push(ran);
      return i;
    }, 10);
    clearInterval(timer);
    // The items of one slice saw the same count; the count grew between slices.
    const distinct = new Set(seen).size;
    expect(distinct).toBeGreaterThan(2);
    expect(distinct).toBeLessThanOrEqual(40 / 4);
  });

  it('fails when an item fails, synchronously or not', async () => {
    await expect(mapInSlices([1, 2], (i) => { if (i === 2) throw new Error('two'); return i; })).rejects.toThrow('two');
    await expect(mapInSlices([1, 2], (i) => (i === 1 ? Promise.reject(new Error('one')) : i))).rejects.toThrow('one');
  });
});
