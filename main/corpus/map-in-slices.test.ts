import { afterEach, describe, expect, it, vi } from 'vitest';
import { mapInSlices } from './map-in-slices';

afterEach(() => vi.restoreAllMocks());

describe('mapInSlices', () => {
  it('gives the results in the items’ order, awaiting the items that return a promise', async () => {
    const items = Array.from({ length: 30 }, (_, i) => i);
    const out = await mapInSlices(items, (i) => (i % 7 === 3 ? Promise.resolve(i * 2) : i * 2));
    expect(out).toEqual(items.map((i) => i * 2));
    expect(await mapInSlices([], () => 1)).toEqual([]);
  });

  it('lets the event loop run between slices of sliceMs, not after every item', async () => {
    // A clock that moves only inside the items (3 ms each), so the slices are the same on any machine: 4 items, then a yield.
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const seen: number[] = [];
    await mapInSlices(Array.from({ length: 20 }, (_, i) => i), (i) => {
      clock += 3;
      seen.push(turns);
      return i;
    }, 10);
    ticking = false;
    // The event loop turned between items 3 and 4, 7 and 8, … and never inside a slice.
    const turnedBefore = seen.map((t, i) => i > 0 && t !== seen[i - 1]).flatMap((changed, i) => (changed ? [i] : []));
    expect(turnedBefore).toEqual([4, 8, 12, 16]);
  });

  it('fails when an item fails, synchronously or not', async () => {
    await expect(mapInSlices([1, 2], (i) => { if (i === 2) throw new Error('two'); return i; })).rejects.toThrow('two');
    await expect(mapInSlices([1, 2], (i) => (i === 1 ? Promise.reject(new Error('one')) : i))).rejects.toThrow('one');
  });
});
