// Issue 14 item 2: labels read without colour. Six spans of six labels in a
// shared article, seen through Chromium's vision-deficiency emulation
// (deuteranopia, protanopia): each span's label name is drawn above it, the
// pointer's tooltip names it, neighbouring label slots differ in underline
// style, and the names can be hidden and shown again. Screenshots go to
// out/vision/ (not committed) for a person to look at.
import { describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openApp } from '../harness/browser';
import { appSuite } from '../harness/suite';
import { REPO_ROOT, SHARED_CORPUS } from '../harness/server';
import { dragSelect, openDoc } from './helpers';

const FILE = '001_dff90504ed3e313a.txt';
// Words of the article and the key of each default label: PERSON, ORG, GPE, LOC, DATE, MISC.
const TAGS: [string, string, string][] = [
  ['Chance Saltzman', '1', 'PERSON'],
  ['Space Force', '2', 'ORG'],
  ['Japan', '3', 'GPE'],
  ['North Korea', '4', 'LOC'],
  ['December 2019', '5', 'DATE'],
  ['Indo-Pacific', '6', 'MISC'],
];

const names = (page: Page) => page.locator('.mg-label-names .mg-label-name').allTextContents();

/** The underline style of each ::highlight(mg-N) rule the app made, by slot. */
const underlineStyles = (page: Page) =>
  page.evaluate(() => {
    const out: Record<number, string> = {};
    for (const sheet of document.adoptedStyleSheets)
      for (const rule of sheet.cssRules) {
        const m = /^::highlight\(mg-(\d+)\)/.exec(rule.cssText);
        if (m && rule instanceof CSSStyleRule) out[Number(m[1])] = rule.style.textDecorationStyle;
      }
    return out;
  });

describe('labels readable without colour (issue 14 item 2)', () => {
  const suite = appSuite(SHARED_CORPUS);

  it('draws label names above spans, names them on hover, and differs by underline style under deuteranopia and protanopia', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);
    for (const [text, key] of TAGS) {
      await dragSelect(page, text);
      await page.keyboard.press(key);
    }
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
    await page.keyboard.press('Escape');
    const labels = TAGS.map(([, , label]) => label);
    await expect.poll(async () => (await names(page)).sort()).toEqual([...labels].sort());

    // Each name sits just above the first line of its span.
    const placement = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.mg-label-name')].map((el) => {
        const r = el.getBoundingClientRect();
        return { bottom: r.bottom, left: r.left, id: el.dataset.annotationId };
      }),
    );
    expect(placement.every((p) => Number.isFinite(p.bottom) && p.left > 0)).toBe(true);

    // Neighbouring slots never share an underline style, so hue is never the only difference.
    const styles = await underlineStyles(page);
    for (let slot = 0; slot < 5; slot++) expect(styles[slot], `slot ${slot} and ${slot + 1}`).not.toBe(styles[slot + 1]);

    // Hover names the label.
    const box = await page.evaluate((needle) => {
      const root = document.querySelector('.mg-article')!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = (n.textContent ?? '').indexOf(needle);
        if (at < 0) continue;
        n.parentElement?.scrollIntoView({ block: 'center' });
        const range = document.createRange();
        range.setStart(n, at + 1);
        range.setEnd(n, at + 2);
        const r = range.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }
      throw new Error(`${needle} not found`);
    }, 'Chance Saltzman');
    await page.mouse.move(box.x, box.y);
    await expect.poll(() => page.locator('.mg-article-scroll').getAttribute('title')).toBe('PERSON');

    // Screenshots through the emulated deficiencies; the emulation must change the picture.
    const dir = join(REPO_ROOT, 'out', 'vision');
    await mkdir(dir, { recursive: true });
    const article = page.locator('.mg-article-scroll');
    const normal = await article.screenshot();
    await writeFile(join(dir, 'normal.png'), normal);
    const cdp = await page.context().newCDPSession(page);
    for (const type of ['deuteranopia', 'protanopia'] as const) {
      await cdp.send('Emulation.setEmulatedVisionDeficiency', { type });
      const shot = await article.screenshot();
      await writeFile(join(dir, `${type}.png`), shot);
      expect(shot.equals(normal), `${type} emulation changed nothing`).toBe(false);
      // Under the emulation the names are still there: the label does not depend on telling hues apart.
      expect((await names(page)).sort()).toEqual([...labels].sort());
    }
    await cdp.send('Emulation.setEmulatedVisionDeficiency', { type: 'none' });

    // The toolbar toggle hides the names and gives the lines back their height; Alt+L brings them back.
    await page.getByRole('button', { name: 'Names' }).click();
    await expect.poll(() => names(page)).toEqual([]);
    expect(await page.locator('.mg-article-scroll.has-label-names').count()).toBe(0);
    await page.locator('.mg-article').focus();
    await page.keyboard.press('Alt+l');
    await expect.poll(async () => (await names(page)).length).toBe(labels.length);
    expect(errors).toEqual([]);
  }, 60_000);

  it('keeps every label visible in the dark theme: its colour stands out from the background by at least 3:1 (claims are black by default)', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await page.evaluate(() => localStorage.setItem('marginalia.preferences.v1', JSON.stringify({ askedName: true, theme: 'dark' })));
    await page.reload();
    await openDoc(page, FILE);
    const contrasts = await page.evaluate(() => {
      // The colour as the page paints it: resolved through a probe element, read back as rgb().
      const probe = document.createElement('span');
      document.body.append(probe);
      const rgb = (css: string) => {
        probe.style.color = '';
        probe.style.color = css;
        return (getComputedStyle(probe).color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
      };
      const lum = ([r, g, b]: number[]) => {
        const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
        return 0.2126 * lin(r ?? 0) + 0.7152 * lin(g ?? 0) + 0.0722 * lin(b ?? 0);
      };
      const root = getComputedStyle(document.documentElement);
      const bg = lum(rgb(root.getPropertyValue('--bg')));
      const out: Record<string, number> = {};
      for (const chip of document.querySelectorAll<HTMLElement>('.mg-labelbar [class*="mg-slot-"]')) {
        const slot = /mg-slot-(\d+)/.exec(chip.className)?.[1];
        const colour = lum(rgb(root.getPropertyValue(`--mg-label-${slot}`)));
        out[(chip.textContent ?? '').replace(/^\d+/, '').trim()] = Math.round(((Math.max(colour, bg) + 0.05) / (Math.min(colour, bg) + 0.05)) * 100) / 100;
      }
      probe.remove();
      return out;
    });
    expect(Object.keys(contrasts)).toContain('CLAIM');
    for (const [label, ratio] of Object.entries(contrasts)) expect(ratio, `${label} against the dark background`).toBeGreaterThanOrEqual(3);
    expect(errors).toEqual([]);
  });
});
