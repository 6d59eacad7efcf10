// Issue 4 and 7 in the main window: export with progress, tag all occurrences
// with a preview, offline suggestions accepted and rejected by key, and
// agreement figures on a known pair of annotators' folders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openApp } from '../harness/browser';
import { appSuite, copiedCorpus } from '../harness/suite';
import { REPO_ROOT, SAMPLE_CORPUS, SHARED_CORPUS, startHarness, type Harness } from '../harness/server';
import { assertRendererBuilt, copyCorpus, cpOffset } from '../harness/corpus';
import { createAnnotation } from '../../app/annotations';
import { TextIndex } from '../../app/offsets';
import { emptySidecar, serializeSidecar } from '../../app/sidecar/sidecar-io';
import { dragSelect, openDoc } from './helpers';

type Sidecar = { annotations: { label: string; text: string; start: number; end: number }[] };
const sidecarOf = async (root: string, file: string): Promise<Sidecar> => JSON.parse(await readFile(join(root, `${file}.annotations.json`), 'utf8'));
const waitSaved = (page: Page) => expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);

describe('curation in the main window', () => {
  let browser: Browser;
  let harness: Harness;
  let corpus: Awaited<ReturnType<typeof copyCorpus>>;
  let outDir: string;

  beforeAll(async () => {
    assertRendererBuilt();
    corpus = await copyCorpus(SHARED_CORPUS);
    outDir = await mkdtemp(join(tmpdir(), 'marginalia-e2e-out-'));
    harness = await startHarness({ corpus: corpus.root });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await corpus?.remove();
    await rm(outDir, { recursive: true, force: true });
  });

  it('tags every occurrence of "Smith" after a preview, then exports the corpus as JSONL with progress', async () => {
    const { page, errors } = await openApp(browser, harness);
    const file = '003_cf8b7a8682a570d0.txt';
    await openDoc(page, file);
    await dragSelect(page, 'Smith', 1);
    await page.keyboard.press('p');
    const preview = page.getByTestId('tag-all-preview');
    await preview.waitFor({ timeout: 10_000 });
    await page.getByLabel('Tag all as').selectOption('PERSON');
    await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toContain(file);
    await preview.getByTestId('tag-all-apply').click();
    await expect.poll(() => preview.count()).toBe(0);
    await waitSaved(page);
    const source = await readFile(join(corpus.root, file), 'utf8');
    const expected = [...source.matchAll(/\bSmith\b/g)].length;
    expect(expected).toBeGreaterThan(3);
    const tagged = (await sidecarOf(corpus.root, file)).annotations.filter((a) => a.text === 'Smith' && a.label === 'PERSON');
    expect(tagged).toHaveLength(expected);

    harness.setDialogAnswer(outDir);
    await page.getByRole('button', { name: 'Export…' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByLabel('Format').selectOption('jsonl');
    await dialog.getByRole('button', { name: 'Export…' }).click();
    await expect.poll(() => dialog.getByTestId('export-status').textContent(), { timeout: 20_000 }).toMatch(/^Wrote 5 documents/);
    const [written] = await readdir(outDir);
    expect(written).toMatch(/-jsonl\.jsonl$/);
    const lines = (await readFile(join(outDir, written!), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const doc = lines.find((l) => String(l.meta?.path ?? '').includes('003_'));
    expect(doc.spans.filter((s: { text: string }) => s.text === 'Smith')).toHaveLength(expected);
    for (const s of doc.spans) expect(Array.from(doc.text as string).slice(s.start, s.end).join('')).toBe(s.text);
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(errors).toEqual([]);
  });
});

describe('suggestions in the main window', () => {
  const suite = appSuite(SAMPLE_CORPUS);

  it('runs the offline suggester in its worker, accepts one with A and rejects one with D; only accepted ones are saved', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    const file = '01-flood-warning-satellite-launch.txt';
    await openDoc(page, file);
    await page.getByRole('tab', { name: 'Suggest' }).click();
    const panel = page.getByTestId('suggestions-panel');
    await panel.getByRole('button', { name: 'Suggest entities' }).click();
    await expect.poll(() => panel.getByTestId('suggestion').count(), { timeout: 30_000 }).toBeGreaterThan(2);
    const before = await panel.getByTestId('suggestion').count();
    // Painted in their labels' colours (mg-s<slot>, faint and dashed), apart from tagged spans (mg-<slot>).
    const painted = await page.evaluate(() => {
      let n = 0;
      CSS.highlights.forEach((h, name) => {
        if (/^mg-s\d+$/.test(name)) n += h.size;
      });
      return n;
    });
    expect(painted).toBeGreaterThan(0);
    // Each suggestion's text reads whole in the panel (its source and score go below it), and the status bar's items keep to one line.
    const cut = await panel.locator('.mg-suggest-text .mg-ann-text').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
    expect(cut, 'suggestion texts cut short').toEqual([]);
    const wrapped = await page.locator('.mg-statusbar > *').evaluateAll((els) =>
      els.filter((e) => e.getBoundingClientRect().height > 1.6 * (parseFloat(getComputedStyle(e).lineHeight) || 16) + 6).map((e) => e.textContent),
    );
    expect(wrapped, 'status bar items on two lines').toEqual([]);
    // Nothing is saved before accepting.
    await expect(readFile(join(suite.corpus.root, `${file}.annotations.json`), 'utf8')).rejects.toThrow();
    await page.locator('.mg-article').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press(']');
    const current = await page.evaluate(() => {
      const h = CSS.highlights.get('mg-suggested-current');
      const r = h ? [...h][0] : undefined;
      if (!r) return null;
      const range = document.createRange();
      range.setStart(r.startContainer, r.startOffset);
      range.setEnd(r.endContainer, r.endOffset);
      return range.toString();
    });
    expect(current).toBeTruthy();
    await page.keyboard.press('a');
    await waitSaved(page);
    const saved = (await sidecarOf(suite.corpus.root, file)).annotations;
    expect(saved.map((a) => a.text)).toEqual([current]);
    await page.keyboard.press(']');
    const rejectedId = await panel.locator('[data-testid="suggestion"].is-current').getAttribute('data-id');
    const beforeReject = await panel.getByTestId('suggestion').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    await page.keyboard.press('d');
    await expect.poll(() => panel.getByTestId('suggestion').count()).toBe(before - 2);
    expect((await sidecarOf(suite.corpus.root, file)).annotations).toHaveLength(1);
    // A rejection is undone like an accept (Prodigy's undo): the rejected suggestion comes back; the accept made before stays.
    await page.keyboard.press('Control+z');
    await expect.poll(() => panel.getByTestId('suggestion').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual(beforeReject);
    expect(beforeReject).toContain(rejectedId);
    expect(await page.locator('.mg-statusbar').textContent()).toContain('1 annotation');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => panel.getByTestId('suggestion').count()).toBe(before - 2);
    await waitSaved(page);
    expect((await sidecarOf(suite.corpus.root, file)).annotations).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});

describe('suggestions that learn from the corpus', () => {
  const TAGGED = '01-flood-warning-satellite-launch.txt';
  const OPEN = '06-first-alert-thu-bon-river.txt';
  // The analyst tagged RIVERSAT-1 in one article and linked it to a registry entity.
  const suite = appSuite(SAMPLE_CORPUS, async (root) => {
    const text = await readFile(join(root, TAGGED), 'utf8');
    const at = cpOffset(text, text.indexOf('RIVERSAT-1'));
    const source = { name: TAGGED, sha256: createHash('sha256').update(await readFile(join(root, TAGGED))).digest('hex'), length: [...text].length };
    const annotation = { ...createAnnotation(new TextIndex(text), { type: 'entity', label: 'MISC', start: at, end: at + 10 }), entity: 'riversat-1' };
    await writeFile(join(root, `${TAGGED}.annotations.json`), serializeSidecar({ ...emptySidecar(source), annotations: [annotation] }));
  });

  it('suggests in another article what was tagged in one, with its entity link, and reviews it one card at a time', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, OPEN);
    await page.getByRole('tab', { name: 'Suggest' }).click();
    const panel = page.getByTestId('suggestions-panel');
    await panel.getByRole('button', { name: 'Suggest entities' }).click();
    const learned = panel.getByTestId('suggestion').filter({ hasText: 'RIVERSAT-1' });
    await expect.poll(() => learned.textContent(), { timeout: 30_000 }).toMatch(/MISC.*RIVERSAT-1.*tagged before/);
    await expect.poll(() => panel.getByRole('button', { name: 'Suggest again' }).isEnabled(), { timeout: 30_000 }).toBe(true);
    await panel.getByRole('button', { name: 'Review one by one' }).click();
    const card = panel.getByTestId('suggestion-review');
    // The surest first: the text tagged before, agreed on by compromise or alone.
    await expect.poll(() => card.locator('mark').textContent()).toBe('RIVERSAT-1');
    await card.getByRole('button', { name: /Accept/ }).click();
    await waitSaved(page);
    const saved = (await sidecarOf(suite.corpus.root, OPEN)).annotations as { text: string; label: string; entity?: string }[];
    expect(saved.map((a) => [a.text, a.label, a.entity])).toEqual([['RIVERSAT-1', 'MISC', 'riversat-1']]);
    await expect.poll(() => card.getByTestId('review-counts').textContent()).toMatch(/1 accepted/);
    expect(errors).toEqual([]);
  });
});

describe('agreement in the main window', () => {
  const FIXTURES = join(REPO_ROOT, 'tests/fixtures/agreement');
  const suite = appSuite(join(FIXTURES, 'annotator-a'));
  const other = copiedCorpus(join(FIXTURES, 'annotator-b'));

  it('shows the hand-worked figures for the known pair of annotators', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await page.getByRole('button', { name: /valparaiso-dredging\.txt/ }).waitFor();
    suite.harness.setDialogAnswer(other.root);
    await page.getByRole('button', { name: 'Compare…' }).click();
    const view = page.getByTestId('agreement-view');
    await view.getByRole('button', { name: 'Compare with folder…' }).click();
    await expect.poll(() => view.getByTestId('overall-f1').first().textContent(), { timeout: 15_000 }).toBe('0.667');
    expect(await view.getByTestId('overall-kappa').first().textContent()).toBe('0.775');
    expect(errors).toEqual([]);
  });
});
