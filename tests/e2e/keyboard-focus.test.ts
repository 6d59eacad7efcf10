// Issue 13 item 2: Tab moves between controls everywhere, F6 cycles the
// regions, shortcuts never act on a focused control, every dialog is a real
// modal (focus in, Tab stays in, Escape closes, focus returns), and the
// command palette runs commands.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openApp } from '../harness/browser';
import { SHARED_CORPUS } from '../harness/server';
import { appSuite } from '../harness/suite';
import { dragSelect, openDoc } from './helpers';

const FILE = '001_dff90504ed3e313a.txt';
const count = async (root: string): Promise<number> => {
  try {
    return JSON.parse(await readFile(join(root, `${FILE}.annotations.json`), 'utf8')).annotations.length;
  } catch {
    return 0;
  }
};

/** Where focus is, in words a test can compare. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return 'none';
    const region = el.closest('.mg-sidebar') ? 'sidebar' : el.closest('.mg-side') ? 'side' : el.closest('.mg-main') ? 'main' : el.closest('dialog') ? 'dialog' : 'other';
    return `${region}:${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? el.tagName}`;
  });
const inDialog = (page: Page) => page.evaluate(() => document.activeElement?.closest('dialog[open]') !== null);

async function tagged(page: Page, root: string, text: string, key: string, expected: number) {
  await dragSelect(page, text);
  await page.keyboard.press(key);
  await expect.poll(() => count(root), { timeout: 10_000 }).toBe(expected);
}

describe('focus and keys', () => {
  const suite = appSuite(SHARED_CORPUS);

  it('Tab leaves the article; F6 cycles documents, article, side panel', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);
    await tagged(page, suite.corpus.root, 'Chance Saltzman', '1', 1);
    await page.locator('.mg-article').focus();
    await page.keyboard.press('Tab');
    expect(await focused(page)).not.toMatch(/^main:Article text/);
    await page.locator('.mg-article').focus();
    await page.keyboard.press('F6');
    expect(await focused(page)).toMatch(/^side:/);
    await page.keyboard.press('F6');
    expect(await focused(page)).toMatch(/^sidebar:/);
    await page.keyboard.press('F6');
    expect(await focused(page)).toBe('main:Article text');
    await page.keyboard.press('Shift+F6');
    expect(await focused(page)).toMatch(/^sidebar:/);
    expect(errors).toEqual([]);
  });

  it('Backspace on a document button, x anywhere and → on a side tab leave the annotations alone', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);
    const before = await count(suite.corpus.root);
    await tagged(page, suite.corpus.root, 'Tokyo', '3', before + 1);
    await page.locator('.mg-article').focus();
    // The side panel renders deferred: wait for it to show what , selected, not the annotation shown before.
    const details = page.locator('.mg-side .mg-details-text');
    const shownBefore = (await details.count()) ? await details.textContent() : null;
    await page.keyboard.press(',');
    await expect.poll(async () => ((await details.count()) ? await details.textContent() : null)).not.toBe(shownBefore);
    const selectedText = await details.textContent();
    expect(selectedText).toBeTruthy();
    // On a focused document button.
    await page.getByRole('button', { name: new RegExp(FILE) }).focus();
    await page.keyboard.press('Backspace');
    await page.keyboard.press('x');
    // On a focused side tab.
    await page.locator('.mg-side [role="tab"]').first().focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Delete');
    await page.keyboard.press('1');
    // And a stray x in the article itself.
    await page.locator('.mg-article').focus();
    await page.keyboard.press('x');
    await expect.poll(() => page.getByTestId('save-state').textContent()).toMatch(/^Saved/);
    expect(await count(suite.corpus.root)).toBe(before + 1);
    expect(await page.locator('.mg-side .mg-details-text').textContent()).toBe(selectedText);
    expect(errors).toEqual([]);
  });

  it('every dialog takes focus, keeps it on Tab, closes on Escape and gives focus back', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);
    const dialogs: [string, () => Promise<void>][] = [
      ['Keyboard shortcuts', () => page.keyboard.press('?')],
      ['Command palette', () => page.keyboard.press('Control+Shift+P')],
      ['Preferences', () => page.keyboard.press('Control+,')],
      ['Export', () => page.keyboard.press('Control+e')],
      ['Label schema', async () => page.getByRole('button', { name: 'Labels…' }).press('Enter')],
      ['Agreement', async () => page.getByRole('button', { name: 'Compare…' }).press('Enter')],
      [
        'Tag all occurrences',
        async () => {
          await dragSelect(page, 'Tokyo');
          await page.keyboard.press('p');
        },
      ],
    ];
    for (const [name, open] of dialogs) {
      await page.locator('.mg-article').focus();
      await open();
      const dialog = page.getByRole('dialog', { name });
      await dialog.waitFor();
      const opener = name === 'Label schema' || name === 'Agreement' ? /^sidebar:/ : /^main:Article text/;
      await expect.poll(() => inDialog(page), { message: `${name}: focus goes in` }).toBe(true);
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press(i % 2 ? 'Tab' : 'Shift+Tab');
        expect(await inDialog(page), `${name}: Tab stays in`).toBe(true);
      }
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count(), { message: `${name}: Escape closes` }).toBe(0);
      expect(await focused(page), `${name}: focus comes back`).toMatch(opener);
    }
    expect(errors).toEqual([]);
  });

  it('the palette lists commands with their keys, filters as you type and runs one with Enter', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);
    await page.locator('.mg-article').focus();
    await page.keyboard.press('Control+Shift+P');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    expect(await palette.getByRole('option', { name: /Reading view on or off/ }).textContent()).toContain('Ctrl+Shift+L');
    expect(await palette.getByRole('option', { name: /Tag as PERSON/ }).textContent()).toContain('1');
    await page.keyboard.type('shortcuts');
    expect(await palette.getByRole('option').count()).toBe(1);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    expect(await page.getByRole('dialog', { name: 'Command palette' }).count()).toBe(0);
    expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).textContent()).toContain('Next annotation');
    expect(errors).toEqual([]);
  });
});
