import { describe, expect, it } from 'vitest';
import { plural } from './plural';

describe('plural', () => {
  it('says one thing in the singular and other counts in the plural', () => {
    expect(plural(1, 'annotation')).toBe('1 annotation');
    expect(plural(0, 'annotation')).toBe('0 annotations');
    expect(plural(2, 'relation')).toBe('2 relations');
    expect(plural(1200, 'character')).toBe('1,200 characters');
    expect(plural(3, 'analysis', 'analyses')).toBe('3 analyses');
  });
});
