import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('the unit tests’ fast-check setup', () => {
  it('gives every property a time budget unless it sets its own', () => {
    expect(fc.readConfigureGlobal()).toMatchObject({ interruptAfterTimeLimit: 2_500 });
  });

  it('passes a property cut short by the budget, having run it at least once', () => {
    let runs = 0;
    const details = fc.check(
      fc.property(fc.integer(), () => {
        runs++;
      }),
      { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: 50 },
    );
    expect(details).toMatchObject({ failed: false, interrupted: true });
    expect(runs).toBeGreaterThan(0);
  });
});
