// Issue 14's small things and who is annotating: each seen as an analyst
// sees it, in the built renderer over a copy of the shared corpus.
import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openApp } from '../harness/browser';
import { copiedCorpus, appSuite } from '../harness/suite';
import { SHARED_CORPUS } from '../harness/server';
import { dragSelect, openDoc } from './helpers';

const FILE = '001_dff90504ed3e313a.txt';
const WITH_BLANK_LINES = '002_3d4bb1fe3727f44e.txt';
const BROKEN = '000_ff47c45c52b6f32f.txt';
const LONG = '003_cf8b7a8682a570d0.txt';

describe('who is annotating', () => {
  const suite = appSuite(SHARED_CORPUS);

  it('asks the name once on the first start, records it on annotations, shows it in the status bar and changes it from there', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness, undefined, { firstStart: true });
    const ask = page.getByRole('dialog', { name: 'Who is annotating?' });
    await ask.waitFor();
    await ask.getByLabel('Your name').fill('carol');
    await ask.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => ask.count()).toBe(0);
    expect(await page.getByTestId('annotator').textContent()).toBe('Annotator: carol');

    await openDoc(page, FILE);
    await dragSelect(page, 'Chance Saltzman');
    await page.keyboard.press('1');
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
    const sidecar = JSON.parse(await readFile(join(suite.corpus.root, `${FILE}.annotations.json`), 'utf8'));
    expect(sidecar.annotations[0]).toMatchObject({ text: 'Chance Saltzman', author: 'carol' });

    // Asked once: a reload does not ask again.
    await page.reload();
    await page.getByTestId('annotator').waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);

    // The status bar changes it.
    await page.getByTestId('annotator').click();
    await ask.getByLabel('Your name').fill('dana');
    await ask.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('annotator').textContent()).toBe('Annotator: dana');
    expect(errors).toEqual([]);
  });

  it('can be skipped, and is then not asked again', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness, undefined, { firstStart: true });
    const ask = page.getByRole('dialog', { name: 'Who is annotating?' });
    await ask.getByRole('button', { name: 'Skip' }).click();
    await expect.poll(() => ask.count()).toBe(0);
    expect(await page.getByTestId('annotator').textContent()).toBe('Annotator: not set');
    await page.reload();
    await page.getByTestId('annotator').waitFor();
    await page.getByRole('button', { name: new RegExp(FILE) }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('the small things', () => {
  const suite = appSuite(SHARED_CORPUS, async (root) => {
    await writeFile(join(root, `${BROKEN}.annotations.json`), '{ "format": "marginalia-annotations", oops');
  });
  const other = copiedCorpus(SHARED_CORPUS);

  it('says something useful before a document is open, and "Select text first" for a label key with nothing selected', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    const intro = page.getByTestId('side-intro');
    await intro.waitFor();
    // The corpus arrives a moment after the first paint.
    await expect.poll(() => intro.textContent()).toMatch(/No document open.*Choose a document on the left/);
    expect(await intro.textContent()).toContain('PERSON');

    await openDoc(page, FILE);
    expect(await intro.count()).toBe(0);
    await page.locator('.mg-article').focus();
    await page.keyboard.press('1');
    await expect.poll(() => page.getByTestId('status-hint').textContent()).toMatch(/^Select text first/);
    expect(await page.getByTestId('save-state').textContent()).not.toMatch(/Saved \d/);
    expect(errors).toEqual([]);
  });

  it('counts "1 annotation" in the singular, and keeps the click popover inside the window', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness, { width: 1280, height: 720 });
    await openDoc(page, LONG);
    await dragSelect(page, 'Sheila Smith');
    await page.keyboard.press('3');
    await expect.poll(() => page.locator('.mg-statusbar').textContent()).toContain('1 annotation');
    const bar = (await page.locator('.mg-statusbar').textContent()) ?? '';
    expect(bar).not.toContain('1 annotations');
    expect(bar).toContain('0 relations');

    // Bring the tagged word to the bottom edge of the window and click it.
    const at = await page.evaluate(() => {
      const scroller = document.querySelector('.mg-article-scroll') as HTMLElement;
      const walker = document.createTreeWalker(document.querySelector('.mg-article') as Node, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = (n.textContent ?? '').indexOf('Sheila Smith');
        if (i < 0) continue;
        // One letter of it: the name may wrap over two lines.
        const range = document.createRange();
        range.setStart(n, i + 1);
        range.setEnd(n, i + 2);
        const rect = range.getBoundingClientRect();
        const bottom = scroller.getBoundingClientRect().bottom;
        scroller.scrollTop -= bottom - rect.bottom - 6;
        const r = range.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }
      throw new Error('Sheila Smith not found');
    });
    expect(at.y).toBeGreaterThan(720 - 120);
    await page.mouse.click(at.x, at.y);
    const popover = page.getByRole('dialog', { name: 'Annotation' });
    await popover.waitFor();
    const box = await popover.evaluate((el) => el.getBoundingClientRect().toJSON() as DOMRect);
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.bottom).toBeLessThanOrEqual(720);
    expect(box.right).toBeLessThanOrEqual(1280);
    expect(errors).toEqual([]);
  });

  it('gives a blank line no second paragraph gap', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, WITH_BLANK_LINES);
    const gaps = await page.evaluate(() => {
      const lines = [...document.querySelectorAll('.mg-article .mg-line')].filter((l) => (l.textContent ?? '').trim() !== '');
      const out: number[] = [];
      for (let i = 1; i < lines.length; i++) {
        const prev = lines[i - 1] as HTMLElement;
        const next = lines[i] as HTMLElement;
        out.push(next.getBoundingClientRect().top - prev.getBoundingClientRect().bottom);
      }
      return out;
    });
    expect(gaps.length).toBeGreaterThan(5);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
  });

  it('does not invite tagging a read-only document', async () => {
    const { page } = await openApp(suite.browser, suite.harness);
    await openDoc(page, BROKEN);
    const panel = page.getByRole('region', { name: 'Annotations' });
    await expect.poll(() => panel.locator('.mg-empty').textContent()).toMatch(/open for reading only/);
    expect(await panel.textContent()).not.toMatch(/press a label/);
    // A label key pressed there anyway says why nothing happens, rather than nothing at all.
    await dragSelect(page, 'Space Force');
    await page.keyboard.press('1');
    await expect.poll(() => page.getByTestId('status-hint').textContent()).toMatch(/read-only.*nothing can be tagged/iu);
    expect(await page.getByTestId('save-state').textContent()).toBe('Read-only');
  });

  it('hides the document list in the reading view and shows it again with Library', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);
    const sidebar = page.locator('.mg-sidebar');
    const visibility = () => sidebar.evaluate((el) => getComputedStyle(el).visibility);
    expect(await visibility()).toBe('visible');
    await page.getByRole('button', { name: 'Read', exact: true }).click();
    await expect.poll(visibility).toBe('hidden');
    expect(await page.locator('.mg-main').evaluate((el) => el.getBoundingClientRect().left)).toBeLessThan(2);
    await page.getByRole('checkbox', { name: 'Library' }).check();
    await expect.poll(visibility).toBe('visible');
    await page.getByRole('button', { name: new RegExp(LONG) }).click();
    await page.locator('.mg-doc-title', { hasText: LONG }).waitFor();
    await page.getByRole('checkbox', { name: 'Library' }).uncheck();
    await expect.poll(visibility).toBe('hidden');
    expect(errors).toEqual([]);
  });

  it('updates the Recent list when another folder is opened, and shows the whole "Recent…" label', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness, { width: 1024, height: 700 });
    await page.getByRole('button', { name: new RegExp(FILE) }).waitFor();
    suite.harness.setDialogAnswer(other.root);
    await page.getByRole('button', { name: 'Open folder…' }).click();
    const recent = page.getByLabel('Recent corpora');
    await recent.waitFor();
    const options = await recent.locator('option').allTextContents();
    expect(options).toContain(suite.corpus.root);
    expect(options).not.toContain(other.root);
    const fits = await recent.evaluate((el) => {
      const ctx = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
      const style = getComputedStyle(el);
      ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const text = ctx.measureText('Recent…').width;
      // The text, its padding and the drop-down arrow (about 20 px) fit in the box.
      return { width: el.getBoundingClientRect().width, needed: text + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + 20 };
    });
    expect(fits.width).toBeGreaterThanOrEqual(fits.needed);
    expect(errors).toEqual([]);
  });
});
