import { describe, expect, it } from 'vitest';
import { TextIndex } from '../../../app/offsets';
import { contextOf, provenance } from './SuggestionsPanel';

describe('a suggestion in its context', () => {
  it('takes its own line around it, in code points across emoji', () => {
    const index = new TextIndex('Title\n🙂🙂 Planes left Osan Air Base for Guam.\nNext line');
    const s = { id: 'LOC:21:34', label: 'LOC', type: 'entity' as const, start: 21, end: 34, text: 'Osan Air Base' };
    expect(contextOf(index, s)).toEqual({ before: '🙂🙂 Planes left ', match: 'Osan Air Base', after: ' for Guam.' });
    expect(contextOf(index, s, 5)).toEqual({ before: 'left ', match: 'Osan Air Base', after: ' for ' });
  });
  it('says where a suggestion comes from and how sure it is', () => {
    const base = { id: 'x', label: 'X', type: 'entity' as const, start: 0, end: 1, text: 'x' };
    expect(provenance(base)).toBe('built-in');
    expect(provenance({ ...base, source: 'string-match', score: 0.834 })).toBe('tagged before · 83%');
  });
});
