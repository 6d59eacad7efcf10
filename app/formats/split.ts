// Train/dev/test splits by document, reproducible from a seed: the paths are
// sorted, shuffled with a seeded PRNG (mulberry32) and cut by the percentages.
// The same corpus, filters and seed always give the same split.

export const SPLIT_NAMES = ['train', 'dev', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

import { mulberry32 } from '../seeded-random';

export { mulberry32 };

export interface SplitSpec {
  /** Percentages for train, dev and test (two numbers mean train and test). Sum to 100. */
  parts: number[];
  seed: number;
}

/** Parses "80,10,10" (or "90,10"): whole or decimal percentages summing to 100. Throws a message on anything else. */
export function parseSplit(value: string): number[] {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^\d+(\.\d+)?$/.test(p))) {
    throw new Error(`--split ${JSON.stringify(value)}: expected two or three percentages like 80,10,10 (train,dev,test) or 90,10 (train,test)`);
  }
  const numbers = parts.map(Number);
  const sum = numbers.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 100) > 1e-9) throw new Error(`--split ${JSON.stringify(value)}: the percentages add up to ${sum}, not 100`);
  return numbers;
}

/** The names of the parts a split of `n` numbers writes: train,dev,test or train,test. */
export function splitNames(parts: readonly number[]): SplitName[] {
  return parts.length === 2 ? ['train', 'test'] : [...SPLIT_NAMES];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Assigns each path to a part. The paths are sorted first, so the order they
 * come in does not matter; part sizes are rounded from the cumulative
 * percentages, so they always add up to the number of documents.
 */
export function assignSplit(paths: readonly string[], spec: SplitSpec): Map<string, SplitName> {
  const names = splitNames(spec.parts);
  const sorted = [...paths].sort(compare);
  const random = mulberry32(spec.seed);
  for (let i = sorted.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [sorted[i], sorted[j]] = [sorted[j] as string, sorted[i] as string];
  }
  const out = new Map<string, SplitName>();
  const total = spec.parts.reduce((a, b) => a + b, 0);
  let cumulative = 0;
  let from = 0;
  spec.parts.forEach((p, k) => {
    cumulative += p;
    const to = k === spec.parts.length - 1 ? sorted.length : Math.round((sorted.length * cumulative) / total);
    for (let i = from; i < to; i++) out.set(sorted[i] as string, names[k] as SplitName);
    from = to;
  });
  return out;
}
