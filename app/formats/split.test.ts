import { describe, expect, it } from 'vitest';
import { assignSplit, mulberry32, parseSplit, splitNames } from './split';

const paths = Array.from({ length: 100 }, (_, i) => `doc-${String(i).padStart(3, '0')}.txt`);

describe('split', () => {
  it('parses percentages that add up to 100, and refuses anything else with a message', () => {
    expect(parseSplit('80,10,10')).toEqual([80, 10, 10]);
    expect(parseSplit('90, 10')).toEqual([90, 10]);
    expect(parseSplit('33.4,33.3,33.3')).toEqual([33.4, 33.3, 33.3]);
    expect(() => parseSplit('80,10')).toThrow(/add up to 90/);
    expect(() => parseSplit('100')).toThrow(/two or three/);
    expect(() => parseSplit('a,b,c')).toThrow(/two or three/);
    expect(() => parseSplit('50,-10,60')).toThrow(/two or three/);
    expect(splitNames([90, 10])).toEqual(['train', 'test']);
  });

  it('mulberry32 is deterministic and in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  it('is reproducible with the same seed, whatever order the paths come in', () => {
    const one = assignSplit(paths, { parts: [80, 10, 10], seed: 7 });
    const two = assignSplit([...paths].reverse(), { parts: [80, 10, 10], seed: 7 });
    expect([...two].sort()).toEqual([...one].sort());
  });

  it('differs with another seed', () => {
    const one = assignSplit(paths, { parts: [80, 10, 10], seed: 7 });
    const two = assignSplit(paths, { parts: [80, 10, 10], seed: 8 });
    expect(paths.some((p) => one.get(p) !== two.get(p))).toBe(true);
  });

  it('cuts by the percentages, every document in exactly one part', () => {
    const split = assignSplit(paths, { parts: [80, 10, 10], seed: 1 });
    const count = (name: string) => [...split.values()].filter((v) => v === name).length;
    expect([count('train'), count('dev'), count('test')]).toEqual([80, 10, 10]);
    expect(split.size).toBe(100);
    const small = assignSplit(paths.slice(0, 7), { parts: [80, 10, 10], seed: 1 });
    expect(small.size).toBe(7);
  });
});
