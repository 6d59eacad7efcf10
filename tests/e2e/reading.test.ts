// The reading desk: typography, themes, highlights on/off, the remembered
// place, and the annotator's name recorded from preferences.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openApp } from '../harness/browser';
import { appSuite } from '../harness/suite';
import { SHARED_CORPUS } from '../harness/server';
import { dragSelect, openDoc, paintedTexts } from './helpers';

/** Where the app keeps each document's reading place (renderer/src/state/preferences.ts). */
const PLACES_KEY = 'marginalia.places.v1';

const FILE = '003_cf8b7a8682a570d0.txt';

describe('reading view and preferences', () => {
  const suite = appSuite(SHARED_CORPUS);

  it('records the annotator from preferences, reads calmly, and reopens at the same place', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness, { width: 1200, height: 700 });
    await openDoc(page, FILE);
    await page.getByRole('button', { name: 'Preferences' }).click();
    await page.getByLabel('Annotator name').fill('alice');
    await page.getByRole('button', { name: 'Done' }).click();
    await dragSelect(page, 'Sheila Smith');
    await page.keyboard.press('1');
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
    const sidecar = JSON.parse(await readFile(join(suite.corpus.root, `${FILE}.annotations.json`), 'utf8'));
    expect(sidecar.annotations[0]).toMatchObject({ text: 'Sheila Smith', author: 'alice' });

    // Reading view: tools hidden, larger text, dark theme, highlights off and on.
    const fontSize = () => page.locator('.mg-article').evaluate((el) => getComputedStyle(el).fontSize);
    expect(await fontSize()).toBe('18px');
    await page.keyboard.press('Control+Shift+L');
    // The tagging tools, the lists and the document list go (Library brings the list back).
    await expect.poll(() => page.locator('.mg-side').evaluate((el) => getComputedStyle(el).visibility)).toBe('hidden');
    expect(await page.locator('.mg-sidebar').evaluate((el) => getComputedStyle(el).visibility)).toBe('hidden');
    expect(await page.getByRole('toolbar', { name: 'Labels' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Larger text' }).click();
    expect(await fontSize()).toBe('20px');
    await page.getByLabel('Theme').selectOption('dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await paintedTexts(page, 'mg-0')).toEqual(['Sheila Smith']);
    await page.getByRole('checkbox', { name: 'Annotations' }).uncheck();
    await expect.poll(() => paintedTexts(page, 'mg-0')).toEqual([]);
    await page.getByRole('checkbox', { name: 'Annotations' }).check();
    await expect.poll(() => paintedTexts(page, 'mg-0')).toEqual(['Sheila Smith']);

    // Scroll to the middle, reload: the same paragraph at the top, same preferences.
    const scroller = page.locator('.mg-article-scroll');
    const topLine = () =>
      scroller.evaluate((el) => {
        const top = el.getBoundingClientRect().top;
        const lines = [...el.querySelectorAll('.mg-line')];
        const i = lines.findIndex((l) => l.getBoundingClientRect().bottom > top + 1);
        return i;
      });
    const stored = () => page.evaluate((key) => localStorage.getItem(key), PLACES_KEY);
    const storedBefore = await stored();
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight / 2));
    const before = await topLine();
    expect(before).toBeGreaterThan(5);
    // The place is written a moment after scrolling stops: wait until it is stored.
    await expect.poll(stored).not.toBe(storedBefore);
    await page.reload();
    await openDoc(page, FILE);
    await expect.poll(topLine).toBeGreaterThanOrEqual(before - 1);
    expect(await topLine()).toBeLessThanOrEqual(before + 1);
    expect(await fontSize()).toBe('20px');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(errors).toEqual([]);
  });

  it('keeps the reader\'s place when the view changes: reading view and back, names hidden and shown, a larger text', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness, { width: 1024, height: 700 });
    await openDoc(page, FILE);
    await dragSelect(page, 'Council on Foreign Relations');
    await page.keyboard.press('2');
    await dragSelect(page, 'Sheila Smith');
    await page.keyboard.press('1');
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
    await page.keyboard.press('Escape');
    // Scrolled to just above "In a Council on Foreign Relations ( CFR ) article…"; the first character wholly in view is the place.
    await page.evaluate(() => {
      const line = [...document.querySelectorAll('.mg-article .mg-line')].find((el) => el.textContent!.startsWith('In a Council on Foreign'))!;
      line.scrollIntoView({ block: 'start' });
      document.querySelector('.mg-article-scroll')!.scrollBy(0, -60);
    });
    const place = await page.evaluate(() => {
      const view = document.querySelector('.mg-article-scroll')!.getBoundingClientRect();
      const left = document.querySelector('.mg-article .mg-line')!.getBoundingClientRect().left;
      // The first row whose letters are wholly in view.
      let hit = document.caretRangeFromPoint(left + 1, view.top + 2)!;
      for (let y = view.top + 2; hit.getBoundingClientRect().top < view.top; y += 4) hit = document.caretRangeFromPoint(left + 1, y)!;
      const line = hit.startContainer.parentElement!.closest('.mg-line')!;
      const lines = [...document.querySelectorAll('.mg-article .mg-line')];
      const before = document.createRange();
      before.setStart(line, 0);
      before.setEnd(hit.startContainer, hit.startOffset);
      return { line: lines.indexOf(line), at: before.toString().length };
    });
    /** How far below the view's top that character is now. */
    const top = () =>
      page.evaluate(({ line, at }) => {
        const el = document.querySelectorAll('.mg-article .mg-line')[line]!;
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        let left = at;
        for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
          if (left < n.length) {
            const r = document.createRange();
            r.setStart(n, left);
            r.setEnd(n, left + 1);
            return Math.round(r.getBoundingClientRect().top - document.querySelector('.mg-article-scroll')!.getBoundingClientRect().top);
          }
          left -= n.length;
        }
        return Number.NaN;
      }, place);
    const was = await top();
    // Where it was, give or take a row: not a screen or more away.
    const inView = (at: number) => Math.abs(at - was) < 60;
    for (const [what, button] of [
      ['the reading view', 'Read'],
      ['back to annotating', 'Annotate'],
      ['names hidden', 'Names'],
      ['names shown', 'Names'],
    ] as const) {
      await page.getByRole('button', { name: button, exact: true }).click();
      await expect.poll(top, { message: `after ${what}, the character at the top of the view is still there` }).toSatisfy(inView);
    }
    await page.locator('.mg-article').focus();
    await page.keyboard.press('Control+=');
    await expect.poll(top, { message: 'after a larger text' }).toSatisfy(inView);
    expect(errors).toEqual([]);
  });

  it('opens the About box from Preferences, with the version and the licences of bundled packages', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await page.getByRole('button', { name: /003_cf8b7a8682a570d0\.txt/ }).waitFor();
    await openDoc(page, FILE);
    await page.getByRole('button', { name: 'Preferences' }).click();
    await page.getByRole('button', { name: 'About Marginalia…' }).click();
    const about = page.locator('dialog.mg-about');
    await expect.poll(() => about.locator('h2').textContent()).toMatch(/version \d+\.\d+\.\d+/);
    await expect.poll(() => about.locator('.mg-about-list li').count()).toBeGreaterThan(10);
    expect(await about.textContent()).toContain('lexical');
    await page.keyboard.press('Escape');
    await expect.poll(() => about.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
