// Any window size: at each common size every visible control (buttons,
// selects, inputs, tabs) lies inside the window and is not cut by a container
// that clips it, with a document open, on every side panel tab, and in the
// reading view. A screenshot of each size goes to $TMPDIR/marginalia-window-sizes/ for
// a person to look at (not compared by the test).
import { describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openApp } from '../harness/browser';
import { appSuite } from '../harness/suite';
import { SHARED_CORPUS } from '../harness/server';
import { dragSelect, openDoc } from './helpers';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;
const FILE = '003_cf8b7a8682a570d0.txt';
const SHOTS = join(tmpdir(), 'marginalia-window-sizes');

/** Each visible control that is off-screen or cut, described (empty when all fit). */
async function cutControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.getAttribute('aria-label') ? `[${el.getAttribute('aria-label')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    const controls = document.querySelectorAll('button, select, input, textarea, [role="tab"]');
    for (const el of controls) {
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const at = `${name(el)} at x ${Math.round(r.left)}–${Math.round(r.right)}, y ${Math.round(r.top)}–${Math.round(r.bottom)}`;
      if (r.left < -0.5 || r.right > window.innerWidth + 0.5) problems.push(`${at}: outside the window's width ${window.innerWidth}`);
      let scrollsVertically = false;
      for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        const style = getComputedStyle(a);
        const box = a.getBoundingClientRect();
        if (style.overflowX !== 'visible' && (r.left < box.left - 0.5 || r.right > box.right + 0.5)) {
          problems.push(`${at}: cut by ${a.className || a.tagName} (x ${Math.round(box.left)}–${Math.round(box.right)})`);
          break;
        }
        if (style.overflowY === 'auto' || style.overflowY === 'scroll') {
          // Scrolled out of its list is fine: it can be scrolled to. The list itself must fit.
          scrollsVertically = true;
          continue;
        }
        if (style.overflowY !== 'visible' && !scrollsVertically && (r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)) {
          problems.push(`${at}: cut by ${a.className || a.tagName} (y ${Math.round(box.top)}–${Math.round(box.bottom)})`);
          break;
        }
      }
      if (!scrollsVertically && (r.top < -0.5 || r.bottom > window.innerHeight + 0.5)) problems.push(`${at}: below the window's height ${window.innerHeight}`);
      // Not covered by a neighbour (a toolbar running under the side panel is not clipped, only hidden):
      // its left and right ends and its middle, where they are on screen, are the control itself.
      const y = Math.min(Math.max(r.top + r.height / 2, 0), window.innerHeight - 1);
      for (const x of [r.left + 2, r.left + r.width / 2, r.right - 2]) {
        if (x < 0 || x >= window.innerWidth || y !== r.top + r.height / 2) continue;
        const hit = document.elementFromPoint(x, y);
        if (hit && hit !== el && !el.contains(hit) && !scrollsVertically) {
          problems.push(`${at}: covered at x ${Math.round(x)} by ${hit.className || hit.tagName}`);
          break;
        }
      }
    }
    return problems;
  });
}

describe('any window size', () => {
  const suite = appSuite(SHARED_CORPUS);

  for (const size of SIZES) {
    it(`fits every control at ${size.width}×${size.height}`, async () => {
      const { page, errors } = await openApp(suite.browser, suite.harness, size);
      await page.getByRole('list', { name: 'Documents' }).waitFor();
      expect(await cutControls(page), 'before a document is open').toEqual([]);
      await openDoc(page, FILE);
      await dragSelect(page, 'Sheila Smith');
      await page.keyboard.press('1');
      // A long claim: its row in the side panel's list must not widen the list past the panel.
      await dragSelect(page, 'Japan sees the growing alliance between China, Russia, and North Korea as a significant threat');
      await page.keyboard.press('7');
      await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
      // The document's name stays on one line above the article (cut with an ellipsis, whole in its tooltip), not a column of characters.
      const title = await page.locator('.mg-doc-title').evaluate((el) => ({ height: el.getBoundingClientRect().height, line: parseFloat(getComputedStyle(el).lineHeight) || 20, tooltip: el.getAttribute('title') }));
      expect(title.height, 'the document name takes one line').toBeLessThan(title.line * 1.5);
      expect(title.tooltip).toBe(FILE);
      await page.locator('.mg-ann').first().click();
      expect(await cutControls(page), 'a document open, an annotation selected').toEqual([]);
      await mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `${size.width}x${size.height}.png`) });

      const tabs = page.locator('.mg-side [role="tab"]');
      for (let i = 0; i < (await tabs.count()); i++) {
        const tab = tabs.nth(i);
        const label = (await tab.textContent()) ?? '';
        await tab.click();
        await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
        expect(await cutControls(page), `side panel tab ${label}`).toEqual([]);
      }
      await page.getByRole('tab', { name: 'Search' }).click();
      expect(await cutControls(page), 'the Search tab').toEqual([]);

      await page.getByRole('button', { name: 'Read', exact: true }).click();
      await page.getByRole('toolbar', { name: 'Reading' }).waitFor();
      expect(await cutControls(page), 'the reading view').toEqual([]);
      await page.screenshot({ path: join(SHOTS, `${size.width}x${size.height}-reading.png`) });
      expect(errors).toEqual([]);
    });
  }
});
