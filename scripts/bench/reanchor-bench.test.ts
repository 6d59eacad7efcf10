// The benchmark's scoring is what the misplaced target is held to: it must
// call a placement on the wrong mention, or on deleted text, misplaced.
import { describe, expect, it } from 'vitest';
import { misplacedShare, scorePlacement } from './reanchor-bench';

describe('scorePlacement', () => {
  it('is correct only on the true span', () => {
    expect(scorePlacement([10, 15], [10, 15])).toBe('correct');
    expect(scorePlacement([10, 15], [10, 16])).toBe('misplaced');
    expect(scorePlacement([10, 15], [40, 45])).toBe('misplaced');
  });

  it('calls a tag whose text was deleted misplaced when placed, rightly not placed when orphaned', () => {
    expect(scorePlacement(null, [40, 45])).toBe('misplaced');
    expect(scorePlacement(null, undefined)).toBe('rightly-not-placed');
  });

  it('calls a tag whose text is still there but was orphaned not placed', () => {
    expect(scorePlacement([10, 15], undefined)).toBe('not-placed');
  });
});

describe('misplacedShare', () => {
  it('is misplaced over scored, 0 when nothing was scored', () => {
    expect(misplacedShare({ misplaced: 1, scored: 1000 })).toBe(0.001);
    expect(misplacedShare({ misplaced: 0, scored: 0 })).toBe(0);
  });
});
