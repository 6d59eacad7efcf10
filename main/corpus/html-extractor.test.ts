// HTML extraction runs in a worker with a time and a size budget: a page that
// makes Readability crawl never blocks main, and is reported, naming the file.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import { SearchService, corpusSearchSource } from '../search/search-service';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { CorpusService } from './corpus-service';
import { extractArticle } from './html-extract';
import { extractInWorker, setExtractionBudget, stopExtractionWorkers } from './html-extractor';

const FIXTURES = resolve(import.meta.dirname, '../../tests/fixtures/html');
/** 1,000 nested <div>s (11 KB): about 20 s of Readability on one thread. */
const NESTED = `<html><body>${'<div>'.repeat(1000)}Deep text here.${'</div>'.repeat(1000)}</body></html>`;

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});
afterAll(async () => {
  await stopExtractionWorkers();
  await cleanupTempDirs();
});

describe('HTML extraction in a worker', () => {
  it('gives the same article as extracting on the calling thread', async () => {
    for (const name of ['article.html', 'fragment.htm', 'no-article.html']) {
      const html = await readFile(join(FIXTURES, name), 'utf8');
      expect(await extractInWorker(html, name)).toEqual(extractArticle(html));
    }
  });

  it('stops a page past its time budget, naming it, while main stays responsive and other documents open', async () => {
    restore = setExtractionBudget({ timeoutMs: 1000 });
    const root = await makeTempDir({ 'deep.html': NESTED, 'note.txt': 'A plain note.\n' });
    const corpus = await CorpusService.open(root);
    // Warm the worker's script up first, so the measurement below is the extraction only.
    await extractInWorker('<p>warm</p>', 'warm.html');
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const deep = corpus.readDocument('deep.html').then(
      () => 'opened',
      (e: Error) => e.message,
    );
    // Another document opens meanwhile, long before the page's budget is spent.
    const note = await corpus.readDocument('note.txt');
    expect(note.text).toBe('A plain note.\n');
    let settledFirst = false;
    void deep.then(() => (settledFirst = true));
    await Promise.resolve();
    expect(settledFirst).toBe(false);
    expect(await deep).toBe('deep.html took longer than 1 s to extract; the page is not opened as an article');
    delay.disable();
    // Timers ran on time all along (a blocked loop would show seconds here).
    expect(delay.max / 1e6).toBeLessThan(250);
  });

  it('refuses a page over the size budget before parsing it, naming it', async () => {
    restore = setExtractionBudget({ maxBytes: 1024 });
    const root = await makeTempDir({ 'big.html': `<p>${'word '.repeat(400)}</p>` });
    const corpus = await CorpusService.open(root);
    await expect(corpus.readDocument('big.html')).rejects.toThrow('big.html is 2.0 KB; web pages over 1.0 KB are not opened as articles');
  });

  it('an index build that meets such a page reports it and indexes the rest', async () => {
    restore = setExtractionBudget({ timeoutMs: 1000 });
    const root = await makeTempDir({ 'deep.html': NESTED, 'note.txt': 'A plain note about harbours.\n' });
    const search = new SearchService(corpusSearchSource(await CorpusService.open(root)));
    const built = await search.build();
    expect(built.problems).toEqual([expect.stringContaining('deep.html took longer than 1 s to extract')]);
    const found = await search.search('harbours');
    expect(found.results.map((r) => r.path)).toEqual(['note.txt']);
  });

  it('an export that meets such a page reports it, naming it, and exports the rest (exit 1)', async () => {
    restore = setExtractionBudget({ timeoutMs: 1000 });
    const root = await makeTempDir({ 'deep.html': NESTED, 'note.txt': 'A plain note about harbours.\n' });
    const out = join(await makeTempDir(), 'out.jsonl');
    let stderr = '';
    let stdout = '';
    const code = await main(['export', root, '--format', 'jsonl', '--out', out], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s), isTTY: false },
    });
    expect(code).toBe(1);
    expect(stderr).toContain('error: deep.html: not exported: deep.html took longer than 1 s to extract; the page is not opened as an article');
    expect(stdout).toMatch(/^Exported 1 document /);
    expect(await readFile(out, 'utf8')).toContain('A plain note about harbours.');
  });
});
