// Issue 13 item 7: a whole session without one mouse event. Open the corpus,
// open a document, tag ten entities and a claim with its claimant, set stance
// and status, add a relation and a note, mark the document done, go to the
// next one, export JSONL from the Export dialog and close it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openApp } from '../harness/browser';
import { assertRendererBuilt, copyCorpus } from '../harness/corpus';
import { SHARED_CORPUS, startHarness, type Harness } from '../harness/server';

const FILE = '003_cf8b7a8682a570d0.txt';
const NEXT = '004_7207ac4d332cde6e.txt';
type Ann = { id: string; type: string; label: string; text: string; claimant?: string; stance?: string; status?: string; note?: string };
type Sidecar = { status: string; annotations: Ann[]; relations: { type: string; from: string; to: string }[] };
// Words to tag as they come, reading from the top, and their label keys (2 ORG, 3 GPE, 4 LOC).
const ENTITY_KEYS: Record<string, string> = { US: '3', USSF: '2', China: '3', Russia: '3', Korea: '3', Japan: '3', USFJ: '2', Yokota: '4' };
const NOTE = 'Announced by USFJ; check the date against the press release.';

const selectionText = (page: Page) => page.evaluate(() => window.getSelection()?.toString() ?? '');
const active = (page: Page) => page.evaluate(() => `${document.activeElement?.tagName}:${document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim().slice(0, 40)}`);

/** Tab (or Shift+Tab) until focus is on what `want` accepts. */
async function tabTo(page: Page, want: RegExp, back = false, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (want.test(await active(page))) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${want}; focus is on ${await active(page)}`);
}

describe('keyboard only', () => {
  let browser: Browser;
  let harness: Harness;
  let corpus: Awaited<ReturnType<typeof copyCorpus>>;
  let outDir: string;
  beforeAll(async () => {
    assertRendererBuilt();
    corpus = await copyCorpus(SHARED_CORPUS);
    outDir = await mkdtemp(join(tmpdir(), 'mg-kbd-export-'));
    // No corpus open at start: the analyst opens it.
    harness = await startHarness({});
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await corpus?.remove();
    await rm(outDir, { recursive: true, force: true });
  });
  const sidecar = async (file = FILE): Promise<Sidecar> => JSON.parse(await readFile(join(corpus.root, `${file}.annotations.json`), 'utf8'));

  it('annotates, finishes a document and exports without the mouse', async () => {
    const { page, errors } = await openApp(browser, harness);
    // Any mouse event fails the test (a click from Enter or Space on a button has detail 0).
    await page.evaluate(() => {
      for (const type of ['mousedown', 'mouseup', 'click', 'mousemove', 'pointerdown'])
        window.addEventListener(type, (e) => e.isTrusted && (type !== 'click' || (e as MouseEvent).detail > 0) && console.error(`mouse event: ${type}`), true);
    });

    // Open the corpus (the folder dialog answers with the copy) and the document.
    harness.setDialogAnswer(corpus.root);
    await page.keyboard.press('Control+o');
    await page.locator('.mg-doc', { hasText: FILE }).waitFor();
    await page.keyboard.press('F6');
    await tabTo(page, new RegExp(`BUTTON:${FILE}`));
    await page.keyboard.press('Enter');
    await page.locator('.mg-doc-title', { hasText: FILE }).waitFor();
    await expect.poll(() => active(page)).toBe('DIV:Article text');

    // The claim: the second sentence, by J twice, tagged 7.
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await selectionText(page)).toMatch(/^This month, US Forces Japan/);
    await page.keyboard.press('7');
    await page.keyboard.press('Escape');

    // Ten entities, word by word from the top; USFJ (the claimant) among them.
    let tagged = 0;
    for (let i = 0; i < 120 && tagged < 10; i++) {
      await page.keyboard.press('ArrowRight');
      const word = (await selectionText(page)).trim();
      const key = ENTITY_KEYS[word];
      if (key && (tagged < 9 || word === 'USFJ')) {
        await page.keyboard.press(key);
        tagged++;
      }
    }
    expect(tagged).toBe(10);
    await expect.poll(async () => (await sidecar()).annotations.length, { timeout: 10_000 }).toBe(11);

    // Back to the claim with , and pick its claimant with C, . and Enter.
    // Each press waits for the side panel to show the next annotation (it renders deferred), so none is skipped.
    const details = page.locator('.mg-side .mg-details-text');
    for (let i = 0; i < 15 && !/^This month/.test((await details.textContent()) ?? ''); i++) {
      const before = await details.textContent();
      await page.keyboard.press(',');
      await expect.poll(() => details.textContent()).not.toBe(before);
    }
    expect(await details.textContent()).toMatch(/^This month/);
    await page.keyboard.press('c');
    const pickBar = page.getByTestId('pick-bar');
    for (let i = 0; i < 15 && !(await pickBar.textContent())?.includes('“USFJ”'); i++) {
      const before = await pickBar.textContent();
      await page.keyboard.press('.');
      await expect.poll(() => pickBar.textContent()).not.toBe(before);
    }
    expect(await pickBar.textContent()).toContain('“USFJ”');
    await page.keyboard.press('Enter');

    // A note (N), then the status and the stance from the keyboard (type-ahead in the selects).
    await page.keyboard.press('n');
    await expect.poll(() => active(page)).toBe('TEXTAREA:Note');
    await page.keyboard.type(NOTE);
    await tabTo(page, /^SELECT:Status/, true);
    await page.keyboard.press('s');
    await tabTo(page, /^SELECT:Stance/, true);
    await page.keyboard.press('r');

    // A relation from the first annotation: back to the article (Shift+F6), . , R, Enter, 1.
    await page.keyboard.press('Shift+F6');
    await expect.poll(() => active(page)).toBe('DIV:Article text');
    await page.keyboard.press('Escape');
    await page.keyboard.press('.');
    await page.keyboard.press('r');
    await pickBar.waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Relation type' }).waitFor();
    await page.keyboard.press('1');

    // Done (Ctrl+Enter), then the next document (Alt+↓).
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await sidecar()).status, { timeout: 10_000 }).toBe('done');
    await page.keyboard.press('Alt+ArrowDown');
    await page.locator('.mg-doc-title', { hasText: NEXT }).waitFor();

    const saved = await sidecar();
    const claim = saved.annotations.find((a) => a.type === 'claim');
    const usfj = saved.annotations.find((a) => a.text === 'USFJ');
    expect(saved.annotations.filter((a) => a.type === 'entity')).toHaveLength(10);
    expect(claim).toMatchObject({ label: 'CLAIM', claimant: usfj?.id, stance: 'reported', status: 'supported', note: NOTE });
    expect(saved.relations).toHaveLength(1);
    expect(saved.relations[0]?.type).toBe('member-of');

    // Export JSONL from the Export dialog (Ctrl+E), then close it with Escape.
    harness.setDialogAnswer(outDir);
    await page.keyboard.press('Control+e');
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.waitFor();
    expect(await active(page)).toBe('SELECT:Format');
    expect(await dialog.getByLabel('Format').inputValue()).toBe('jsonl');
    await tabTo(page, /^BUTTON:Export…/);
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.getByTestId('export-status').textContent(), { timeout: 20_000 }).toMatch(/^Wrote 5 documents/);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    const [written] = await readdir(outDir);
    expect(written).toMatch(/-jsonl\.jsonl$/);
    const lines = (await readFile(join(outDir, written as string), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const doc = lines.find((l) => String(l.meta?.path ?? '').includes('003_'));
    expect(doc.spans).toHaveLength(11);
    expect(doc.spans.map((s: { text: string }) => s.text)).toContain('USFJ');
    for (const s of doc.spans) expect(Array.from(doc.text as string).slice(s.start, s.end).join('')).toBe(s.text);
    expect(errors).toEqual([]);
  });
});
