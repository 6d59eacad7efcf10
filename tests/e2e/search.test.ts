// Full-text search and saved web pages end to end: the bridge from the page to
// the real handlers over a temporary copy of a corpus; the SearchPanel on a test
// page of its own (the real component, store and stylesheet, built here with
// Vite), driven with the keyboard; and, once the app shows the panel, the app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { SearchResponse } from '../../app/search/types';
import { openDoc } from './helpers';
import { buildTestPage, removeTestPage } from '../harness/test-page';
import { launchChromium, openApp } from '../harness/browser';
import { appSuite } from '../harness/suite';
import { REPO_ROOT, SAMPLE_CORPUS, SHARED_CORPUS, startHarness, type Harness } from '../harness/server';
import { assertRendererBuilt, copyCorpus } from '../harness/corpus';

type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

async function invoke<T>(page: Page, channel: string, args: unknown): Promise<Envelope<T>> {
  return page.evaluate(
    ({ channel, args }) => (window as unknown as { marginalia: { invoke(c: string, a: unknown): Promise<never> } }).marginalia.invoke(channel, args),
    { channel, args },
  );
}

async function value<T>(page: Page, channel: string, args: unknown): Promise<T> {
  const envelope = await invoke<T>(page, channel, args);
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value;
}

/** The text [start, end) (code points) of a corpus file, as Python would cut it. */
async function cut(root: string, path: string, start: number, end: number): Promise<string> {
  const text = (await readFile(join(root, path), 'utf8')).replace(/^\uFEFF/, '');
  return Array.from(text).slice(start, end).join('');
}

const DOC = '001_dff90504ed3e313a.txt';

describe('search through the bridge', () => {
  const suite = appSuite(SHARED_CORPUS);

  it('searchCorpus finds Saltzman, with code-point hits that open at the right place', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    // The corpus is open once the app has listed it (getStartup opens it).
    await page.getByRole('button', { name: /001_dff90504ed3e313a\.txt/ }).waitFor();
    const r = await value<SearchResponse>(page, 'searchCorpus', { query: 'Saltzman' });
    expect(r.results.map((x) => x.path)).toEqual([DOC]);
    expect(r.index).toEqual({ state: 'ready', indexed: 5, total: 5 });
    const [result] = r.results;
    expect(result?.hits.length).toBeGreaterThan(0);
    for (const h of result?.hits ?? []) {
      expect(await cut(suite.corpus.root, DOC, h.start, h.end)).toBe('Saltzman');
      expect(h.snippet.match).toBe('Saltzman');
    }
    expect(errors).toEqual([]);
  });

  it('validates arguments, builds and cancels through the bridge', async () => {
    const { page } = await openApp(suite.browser, suite.harness);
    const bad = await invoke(page, 'searchCorpus', { query: 42 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(await invoke(page, 'searchCorpus', { query: 'x', limit: 0 })).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(await value(page, 'buildSearchIndex', {})).toMatchObject({ documents: 5, complete: true, problems: [] });
    expect(await value(page, 'cancelSearchIndex', {})).toEqual({ state: 'ready', indexed: 5, total: 5 });
  });

  it('a saved sidecar is searchable at once: label:, status:, author:', async () => {
    const { page } = await openApp(suite.browser, suite.harness);
    const doc = await value<{ text: string; sha256: string; length: number }>(page, 'openDocument', { path: DOC });
    const at = Array.from(doc.text).join('').indexOf('Chance Saltzman');
    const start = Array.from(doc.text.slice(0, at)).length;
    const sidecar = {
      format: 'marginalia-annotations',
      version: 3,
      source: { name: DOC, sha256: doc.sha256, length: doc.length },
      status: 'in-progress',
      annotations: [
        { id: 'a1', type: 'entity', label: 'PERSON', start, end: start + 15, text: 'Chance Saltzman', prefix: '', suffix: '', author: 'alice' },
      ],
      relations: [],
    };
    await value(page, 'saveSidecar', { path: DOC, sidecar });
    await expect
      .poll(async () => (await value<SearchResponse>(page, 'searchCorpus', { query: 'label:PERSON author:alice doc:in-progress' })).results.map((r) => r.path))
      .toEqual([DOC]);
    const r = await value<SearchResponse>(page, 'searchCorpus', { query: 'label:PERSON' });
    expect(r.results[0]?.annotationHits).toEqual([expect.objectContaining({ annotationId: 'a1', label: 'PERSON', text: 'Chance Saltzman', start, end: start + 15 })]);
    expect(r.results[0]?.hits[0]).toMatchObject({ start, end: start + 15, snippet: { match: 'Chance Saltzman' } });
  });
});

describe('saved web pages in the app', () => {
  let browser: Browser;
  let harness: Harness;
  let corpus: Awaited<ReturnType<typeof copyCorpus>>;
  let server: Server;
  const requests: string[] = [];

  beforeAll(async () => {
    assertRendererBuilt();
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(200).end('x');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    corpus = await copyCorpus(SAMPLE_CORPUS);
    const html = (await readFile(join(REPO_ROOT, 'tests/fixtures/html/article.html'), 'utf8'))
      .replaceAll('PORT', String(port))
      .replaceAll('PWNED_FILE', join(corpus.root, 'pwned.txt'));
    await writeFile(join(corpus.root, 'river-gauges.html'), html);
    harness = await startHarness({ corpus: corpus.root });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await corpus?.remove();
    await new Promise<void>((ok) => server.close(() => ok()));
  });

  it('lists the page, opens its article text (nothing runs, nothing loads) and finds its words', async () => {
    const { page, errors } = await openApp(browser, harness);
    await openDoc(page, 'river-gauges.html');
    const lines = await page.locator('.mg-article .mg-line').allTextContents();
    expect(lines[0]).toBe('River gauges go online in the delta');
    expect(lines[1]).toBe('');
    expect(lines.join('\n')).toContain('Sami Haddad (سامي حداد)');
    expect(lines.join('\n')).not.toContain('globalThis');
    const r = await value<SearchResponse>(page, 'searchCorpus', { query: '"every tributary"' });
    expect(r.results.map((x) => x.path)).toEqual(['river-gauges.html']);
    const hit = r.results[0]?.hits[0];
    const text = (await value<{ text: string }>(page, 'openDocument', { path: 'river-gauges.html' })).text;
    expect(hit && Array.from(text).slice(hit.start, hit.end).join('')).toBe('every tributary');
    await new Promise((ok) => setTimeout(ok, 300));
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('the SearchPanel, with the keyboard', () => {
  let browser: Browser;
  let pageDir: string;
  let corpus: Awaited<ReturnType<typeof copyCorpus>>;
  let harness: Harness;

  beforeAll(async () => {
    pageDir = await buildTestPage('search-page');
    corpus = await copyCorpus(SAMPLE_CORPUS);
    harness = await startHarness({ corpus: corpus.root, rendererDir: pageDir });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await corpus?.remove();
    await removeTestPage(pageDir);
  });

  it('types a query, sees snippets with the match marked, walks them with arrows and opens one with Enter', async () => {
    const { page, errors } = await openApp(browser, harness);
    const box = page.getByRole('combobox', { name: 'Search the corpus' });
    await box.waitFor();
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    // The syntax is shown while the box is empty.
    await expect.poll(() => page.locator('.mg-search-syntax code').allTextContents()).toContain('label:PERSON');

    await page.keyboard.type('한도윤');
    const options = page.getByRole('option');
    await expect.poll(() => options.count(), { timeout: 10_000 }).toBe(3);
    expect(await page.locator('.mg-search-snippet mark').allTextContents()).toEqual(['한도윤', '한도윤', '한도윤']);
    await expect.poll(() => page.getByTestId('search-summary').textContent()).toMatch(/^3 documents \(/);

    // The first hit is highlighted; ArrowDown moves on, ArrowUp wraps round.
    await expect.poll(() => options.nth(0).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => options.nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => options.nth(2).getAttribute('aria-selected')).toBe('true');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await options.nth(2).getAttribute('id'));
    await page.keyboard.press('Enter');
    const opened = await page.evaluate(() => window.searchTest.opened);
    expect(opened).toHaveLength(1);
    const [o] = opened;
    expect(o && (await cut(corpus.root, o.path, o.start, o.end))).toBe('한도윤');
    expect(await page.evaluate(() => window.searchTest.leakedKeys)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows annotation hits with their label, and filters', async () => {
    // An annotation saved through the bridge, then found by label.
    const file = '04-upstream-dam-data-dispute.txt';
    const { page } = await openApp(browser, harness);
    const doc = await value<{ text: string; sha256: string; length: number }>(page, 'openDocument', { path: file });
    const at = doc.text.indexOf('Lower Basin Water Monitor');
    const start = Array.from(doc.text.slice(0, at)).length;
    await value(page, 'saveSidecar', {
      path: file,
      sidecar: {
        format: 'marginalia-annotations',
        version: 3,
        source: { name: file, sha256: doc.sha256, length: doc.length },
        status: 'done',
        annotations: [{ id: 'o1', type: 'entity', label: 'ORG', start, end: start + 25, text: 'Lower Basin Water Monitor', prefix: '', suffix: '' }],
        relations: [],
      },
    });
    const box = page.getByRole('combobox', { name: 'Search the corpus' });
    await box.fill('label:ORG doc:done');
    const option = page.getByRole('option').filter({ hasText: 'Lower Basin Water Monitor' });
    await expect.poll(() => option.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.locator('.mg-search-item .mg-chip').first().textContent()).toBe('ORG');
    await option.first().click();
    const opened = await page.evaluate(() => window.searchTest.opened);
    expect(opened[opened.length - 1]).toEqual({ path: file, start, end: start + 25 });

    await box.fill('status:maybe');
    await expect.poll(() => page.getByRole('list', { name: 'Query problems' }).textContent()).toContain('status:maybe is not a claim status');
    await box.press('Escape');
    expect(await box.inputValue()).toBe('');
  });
});

describe('search in the app', () => {
  const suite = appSuite(SHARED_CORPUS);

  it('types a query, presses Enter on a hit and sees the document open at the hit', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await page.locator('.mg-doclist, .mg-sidebar').first().waitFor();
    const box = page.getByRole('combobox', { name: 'Search the corpus' });
    if (!(await box.isVisible())) {
      // The panel is a tab of the left column, also opened with Ctrl+F.
      await page.keyboard.press('Control+F');
      if (!(await box.isVisible().catch(() => false))) await page.getByRole('tab', { name: /search/i }).first().click({ timeout: 5_000 });
    }
    await box.waitFor({ timeout: 5_000 });
    await box.click();
    await box.fill('Saltzman');
    const first = page.getByRole('option').first();
    await expect.poll(() => first.textContent(), { timeout: 10_000 }).toContain('Saltzman');
    await box.press('Enter');
    await expect.poll(() => page.locator('.mg-doc-title').textContent(), { timeout: 10_000 }).toBe(DOC);
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('Saltzman');
    expect(errors).toEqual([]);
  });
});
