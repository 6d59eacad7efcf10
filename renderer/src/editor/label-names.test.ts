import { describe, expect, it } from 'vitest';
import { assignTiers, nameWidth } from './label-names';

const at = (id: string, left: number, top = 100, name = 'ORG') => ({ id, name, slot: 0, left, top });

describe('assignTiers', () => {
  it('puts names that would overlap on one line on a second tier, and apart ones on the first', () => {
    const placed = assignTiers([at('a', 0), at('b', 5), at('c', 5 + nameWidth('ORG') + 1), at('d', 0, 140)]);
    const tier = Object.fromEntries(placed.map((p) => [p.id, p.tier]));
    expect(tier).toEqual({ a: 0, b: 1, c: 0, d: 0 });
  });

  it('never goes above the top tier', () => {
    const placed = assignTiers([at('a', 0), at('b', 1), at('c', 2), at('d', 3)], 2);
    expect(Math.max(...placed.map((p) => p.tier))).toBe(1);
  });
});
