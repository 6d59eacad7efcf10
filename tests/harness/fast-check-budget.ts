// Unit-test setup: every fast-check property without a budget of its own
// stops starting new runs after 2.5 s (and passes if none failed), so a
// property test on a loaded two-core machine runs fewer cases instead of
// timing out at Vitest's 5 s. The slow ones set their own budget and timeout.
// (fast-check's global parameters take no plugins, hence the older option.)
import fc from 'fast-check';

fc.configureGlobal({ interruptAfterTimeLimit: 2_500 });
