// A long article: only the lines around the view have their highlights
// registered (see renderer/src/editor/highlight-window.ts), so these check
// that what scrolls into view is painted, that tagging far down the article
// works, and that nothing is lost from the file however little is registered.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextIndex } from '../../app/offsets';
import { createAnnotation } from '../../app/annotations';
import { serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { SIDECAR_FORMAT, SIDECAR_VERSION, type Sidecar } from '../../app/sidecar/sidecar-schema';
import { sha256Hex } from '../../main/corpus/file-ledger';
import { openApp } from '../harness/browser';
import { SAMPLE_CORPUS } from '../harness/server';
import { appSuite } from '../harness/suite';
import { dragSelect, openDoc, paintedTexts } from './helpers';

const FILE = 'long-log.txt';
const LINES = 900;
/** Line n names "Station n" (tagged LOC) among words in several scripts. */
const lineText = (n: number) => `Entry ${n}: Station ${n} reported to 𠮷田遥 and Zoë Ørsted; 宇宙作戦群 logged it, نور confirmed. Nothing else happened that day.`;

async function writeLongArticle(root: string): Promise<void> {
  const text = Array.from({ length: LINES }, (_, n) => lineText(n)).join('\n');
  const index = new TextIndex(text);
  const annotations = [];
  for (let n = 0; n < LINES; n++) {
    const at = text.indexOf(`Station ${n} `, index.lines[n]?.start ?? 0);
    const start = index.toCodePoint(at);
    annotations.push(createAnnotation(index, { type: 'entity', label: 'LOC', start, end: start + `Station ${n}`.length, id: `st${n}`, now: '2026-01-01T00:00:00.000Z' }));
  }
  await writeFile(join(root, FILE), text);
  const sidecar: Sidecar = {
    format: SIDECAR_FORMAT,
    version: SIDECAR_VERSION,
    source: { name: FILE, sha256: sha256Hex(new TextEncoder().encode(text)), length: index.length },
    status: 'todo',
    annotations,
    relations: [],
  };
  await writeFile(join(root, sidecarNameFor(FILE)), serializeSidecar(sidecar));
}

const registered = (page: import('playwright-core').Page) =>
  page.evaluate(() => [...CSS.highlights.values()].reduce((n, h) => n + h.size, 0));

describe('a long article', () => {
  const suite = appSuite(SAMPLE_CORPUS, writeLongArticle);

  it('paints the lines in view as it scrolls, registering only a window of them', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);
    await expect.poll(() => page.locator('.mg-article-scroll').getAttribute('data-painted-annotations')).toBe(String(LINES));
    const atTop = await paintedTexts(page, 'mg-3');
    expect(atTop).toContain('Station 0');
    expect(atTop).not.toContain(`Station ${LINES - 1}`);
    // A few screens' worth, not the whole article.
    expect(await registered(page)).toBeLessThan(LINES / 3);
    // Label names (issue 14) are drawn for the same window only.
    const nameCount = () => page.locator('.mg-label-name').count();
    expect(await nameCount()).toBeGreaterThan(0);
    expect(await nameCount()).toBeLessThan(LINES / 3);
    // The highlights keep a smaller window than the names (issue 15: a tag's frame re-validates every registered range).
    expect(await registered(page)).toBeLessThan(await nameCount());

    // Jump to the end as dragging the scroll bar does: the last lines are painted, the first ones let go.
    await page.locator('.mg-article-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect.poll(() => paintedTexts(page, 'mg-3')).toContain(`Station ${LINES - 1}`);
    expect(await paintedTexts(page, 'mg-3')).not.toContain('Station 0');
    await expect.poll(() => page.locator(`.mg-label-name[data-annotation-id="st${LINES - 1}"]`).count()).toBe(1);
    expect(await page.locator('.mg-label-name[data-annotation-id="st0"]').count()).toBe(0);

    // Scrolling back up a screen at a time never shows a line in view without its highlight.
    for (let step = 0; step < 6; step++) {
      await page.mouse.move(500, 400);
      const scrolledFrom = await page.locator('.mg-article-scroll').evaluate((el) => el.scrollTop);
      await page.mouse.wheel(0, -700);
      // The wheel scrolls asynchronously: wait for it to have moved, then check what is in view.
      await expect.poll(() => page.locator('.mg-article-scroll').evaluate((el) => el.scrollTop)).not.toBe(scrolledFrom);
      const missing = await page.evaluate(() => {
        const box = document.querySelector('.mg-article-scroll')?.getBoundingClientRect();
        if (!box) return ['no scroller'];
        const painted = new Set<string>();
        for (const h of CSS.highlights.values()) {
          for (const r of h) {
            const range = document.createRange();
            range.setStart(r.startContainer, r.startOffset);
            range.setEnd(r.endContainer, r.endOffset);
            painted.add(range.toString());
          }
        }
        const out: string[] = [];
        for (const line of document.querySelectorAll<HTMLElement>('.mg-article .mg-line')) {
          const rect = line.getBoundingClientRect();
          if (rect.bottom <= box.top || rect.top >= box.bottom) continue;
          const name = /Station \d+/.exec(line.textContent ?? '')?.[0];
          if (name && !painted.has(name)) out.push(name);
        }
        return out;
      });
      expect(missing).toEqual([]);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('puts the lines in a chunk at a time, and reopens at a remembered place far below the first chunk', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    // How many lines the frame that paints the first screen holds: the first chunk only (80 lines at most).
    await page.evaluate(() => {
      const w = window as unknown as { firstFrameLines?: Promise<number> };
      w.firstFrameLines = new Promise((resolve) => {
        const seen = new MutationObserver(() => {
          if (!document.querySelector('.mg-article .mg-line')) return;
          seen.disconnect();
          requestAnimationFrame(() => resolve(document.querySelectorAll('.mg-article .mg-line').length));
        });
        seen.observe(document.body, { childList: true, subtree: true });
      });
    });
    await openDoc(page, FILE);
    const firstFrame = await page.evaluate(() => (window as unknown as { firstFrameLines: Promise<number> }).firstFrameLines);
    expect(firstFrame).toBeGreaterThan(0);
    expect(firstFrame).toBeLessThanOrEqual(80);
    // openDoc waited for the last chunk (aria-busy gone): every line is there, in order.
    const lines = await page.locator('.mg-article .mg-line').allTextContents();
    expect(lines).toHaveLength(LINES);
    expect(lines[LINES - 1]).toBe(lineText(LINES - 1));
    // Remember a place near the end, as scrolling there does, then open the article again.
    const scroller = page.locator('.mg-article-scroll');
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    const stored = () => page.evaluate(() => localStorage.getItem('marginalia.places.v1'));
    await expect.poll(stored).toMatch(/long-log\.txt/);
    await page.reload();
    await page.getByRole('button', { name: /long-log\.txt/ }).click();
    // The place is beyond the first chunk (80 lines at most): the loader brings its line in at once, so the view opens there.
    const topStation = () =>
      scroller.evaluate((el) => {
        const top = el.getBoundingClientRect().top;
        const line = [...el.querySelectorAll('.mg-line')].find((l) => l.getBoundingClientRect().bottom > top + 1);
        return Number(/Station (\d+)/.exec(line?.textContent ?? '')?.[1] ?? -1);
      });
    await expect.poll(topStation).toBeGreaterThan(LINES - 40);
    await expect.poll(() => paintedTexts(page, 'mg-3')).toContain(`Station ${LINES - 1}`);
    await page.locator('.mg-article:not([aria-busy])').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('tags a word far down the article and saves it with every annotation the file had', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);
    await expect.poll(() => page.locator('.mg-article-scroll').getAttribute('data-painted-annotations')).toBe(String(LINES));
    // The 801st "Zoë Ørsted": far below the first window.
    await dragSelect(page, 'Zoë Ørsted', 800);
    // The names drawn now are kept as they are by the tag (measured once, not re-created): mark their elements.
    const marked = await page.evaluate(() => {
      const names = [...document.querySelectorAll<HTMLElement>('.mg-label-name')];
      for (const el of names) (el as HTMLElement & { kept?: boolean }).kept = true;
      return names.map((el) => el.dataset.annotationId);
    });
    expect(marked.length).toBeGreaterThan(0);
    await page.keyboard.press('1');
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
    const after = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.mg-label-name')].map((el) => ({ id: el.dataset.annotationId, name: el.textContent, kept: (el as HTMLElement & { kept?: boolean }).kept === true })),
    );
    expect(after.filter((n) => marked.includes(n.id)).every((n) => n.kept)).toBe(true);
    expect(after.filter((n) => !n.kept).map((n) => n.name)).toEqual(['PERSON']);
    expect(await paintedTexts(page, 'mg-0')).toContain('Zoë Ørsted');
    // Saved as the change alone, not by sending all 901 annotations back.
    const saves = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name.split('/__ipc/')[1]).filter((n) => n?.startsWith('saveSidecar')));
    expect(saves).toEqual(['saveSidecarChanges']);
    const saved = JSON.parse(await readFile(join(suite.corpus.root, sidecarNameFor(FILE)), 'utf8')) as { annotations: { label: string; text: string; start: number }[] };
    expect(saved.annotations).toHaveLength(LINES + 1);
    const added = saved.annotations.find((a) => a.label === 'PERSON');
    expect(added?.text).toBe('Zoë Ørsted');
    // Offsets in code points: 𠮷 is one code point per line above it.
    const text = await readFile(join(suite.corpus.root, FILE), 'utf8');
    expect([...text].slice(added?.start ?? 0, (added?.start ?? 0) + 10).join('')).toBe('Zoë Ørsted');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
