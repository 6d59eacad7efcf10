// The built renderer under its own Content Security Policy reports no
// violation while it starts, opens a corpus and tags in a document: no eval
// probe (zod's JIT check; app/zod-config.ts turns it off), no inline script or
// style.
import { describe, expect, it } from 'vitest';
import { openApp } from '../harness/browser';
import { appSuite } from '../harness/suite';
import { SHARED_CORPUS } from '../harness/server';
import { dragSelect, openDoc } from './helpers';

const FILE = '003_cf8b7a8682a570d0.txt';

/** Records every securitypolicyviolation from before the first script. */
const RECORD_VIOLATIONS = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });
`;

describe('the Content Security Policy', () => {
  const suite = appSuite(SHARED_CORPUS);

  it('is never violated while the app starts, opens a document and saves a tag (no eval probe)', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await page.addInitScript(RECORD_VIOLATIONS);
    await page.reload();
    await openDoc(page, FILE);
    await dragSelect(page, 'Sheila Smith');
    await page.keyboard.press('1');
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: unknown[] }).__cspViolations)).toEqual([]);
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });
});
