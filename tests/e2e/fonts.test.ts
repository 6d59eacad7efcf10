// A document with characters no installed font draws: the status bar says so
// once, naming what to install. Whether this machine has a CJK font is
// measured independently here (canvas widths, not the app's pixel check), and
// the test checks the notice against it either way.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp } from '../harness/browser';
import { appSuite } from '../harness/suite';
import { SHARED_CORPUS } from '../harness/server';
import { openDoc } from './helpers';

const KOREAN = '002_3d4bb1fe3727f44e.txt';
const LATIN = '003_cf8b7a8682a570d0.txt';

/** True when the article font draws Hangul: a missing glyph is as wide as an unassigned code point's box. */
function hasHangulFont(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const ctx = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
    ctx.font = `40px ${getComputedStyle(document.documentElement).getPropertyValue('--font-text')}`;
    return ctx.measureText('김').width !== ctx.measureText('\u0378').width;
  });
}

describe('characters without a font', () => {
  const suite = appSuite(SHARED_CORPUS);

  it('are named once in the status bar, with the package to install', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, KOREAN);
    const notice = page.getByTestId('font-notice');
    if (await hasHangulFont(page)) {
      console.log('fonts.test: this machine has a Hangul font, so only the absence of the notice is checked');
      await expect.poll(() => page.getByTestId('font-checks').getAttribute('data-checks').then(Number)).toBeGreaterThan(0);
      expect(await notice.count()).toBe(0);
    } else {
      await expect.poll(() => notice.textContent()).toMatch(/No installed font draws the Korean text .*install fonts-noto-cjk/);
      // A document in Latin script alone says nothing.
      await openDoc(page, LATIN);
      await expect.poll(() => notice.count()).toBe(0);
      await openDoc(page, KOREAN);
      await expect.poll(() => notice.count()).toBe(1);
      // Dismissed, it is not said again in this session.
      await page.getByRole('button', { name: 'Dismiss the note about fonts' }).click();
      await openDoc(page, LATIN);
      const checks = () => page.getByTestId('font-checks').getAttribute('data-checks').then(Number);
      const before = await checks();
      await openDoc(page, KOREAN);
      await expect.poll(checks).toBeGreaterThan(before); // the Korean document was checked…
      expect(await notice.count()).toBe(0); // …and nothing said
    }
    expect(errors).toEqual([]);
  });
});
