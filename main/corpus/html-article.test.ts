// Saved web pages: readable article text, never a script run or a resource
// loaded, the extraction kept beside the page and reused while the page is unchanged.
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptySidecar } from '../../app/sidecar/sidecar-io';
import { cleanupTempDirs, makeTempDir, sha256 } from '../test-support';
import { CorpusService } from './corpus-service';
import {
  EXTRACTOR,
  EXTRACTED_SUFFIX,
  decodeHtml,
  extractArticle,
  isExtractedTextArtifact,
  parseExtracted,
} from './html-article';
import { blockLines, type DomNode } from './html-extract';

const REPO = resolve(import.meta.dirname, '../..');
const FIXTURES = join(REPO, 'tests/fixtures/html');
const fixture = (name: string) => readFile(join(FIXTURES, name), 'utf8');

afterAll(cleanupTempDirs);

describe('extractArticle', () => {
  it('gives the title, a blank line, then one paragraph per line, white space collapsed', async () => {
    const article = extractArticle(await fixture('article.html'));
    expect(article.title).toBe('River gauges go online in the delta');
    expect(article.readable).toBe(true);
    const lines = article.text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'River gauges go online in the delta',
      '',
      'By Mira Okonkwo-Lindqvist',
      'Twelve new river gauges began reporting water levels every ten minutes on Tuesday, the regional water board said, giving villages along the lower delta an extra hour of warning before floods.',
    ]);
    expect(article.text).toContain('\n“We used to read the staff gauges by hand at dawn,” said board engineer Sami Haddad (سامي حداد). “Now the numbers arrive on their own.”\n');
    expect(article.text).toContain('\nThe gauges were built with help from the Nanjing Hydrology Institute (南京水文研究所) and cost about €1.2 million & change.\n');
    expect(article.text).toContain('\nUpper reach: four gauges\nLower reach: eight gauges\n');
    // <br> ends a line.
    expect(article.text).toContain('\nData from the gauges is published openly, the board said,\nand anyone can download it.\n');
    expect(article.text.endsWith('\n')).toBe(true);
    for (const line of lines) expect(line).toBe(line.trim().replace(/\s+/g, ' '));
  });

  it('leaves out navigation, scripts, styles and the page furniture', async () => {
    const { text } = extractArticle(await fixture('article.html'));
    for (const boilerplate of ['Home | World', 'Most read', 'All rights reserved', 'globalThis', 'replaced by script', 'background', 'The Lowland Courier']) {
      expect(text).not.toContain(boilerplate);
    }
  });

  it('reads pages without <html> or <body>, with implied </p>', async () => {
    const article = extractArticle(await fixture('fragment.htm'));
    expect(article.text).toBe(
      'Notes from the harbour\n\nThe harbour master counted thirty-one boats at anchor this morning, more than on any day since the storm.\n' +
        'Fishing crews said they would wait for the swell to drop before going out again, which could take two or three days.\nFerries kept to their timetable.\n',
    );
  });

  it('falls back to the body when there is no article to find, and to nothing for an empty page', async () => {
    expect(extractArticle(await fixture('no-article.html')).text).toBe('Short notice\n\nOffice closed on Friday.\nBack on Monday.\n');
    expect(extractArticle('').text).toBe('');
    expect(extractArticle('<p>   </p>').text).toBe('');
  });

  it('keeps preformatted lines and table cells apart', () => {
    const { text } = extractArticle('<body><pre>line one\n  line two</pre><table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table></body>');
    expect(text).toBe('line one\nline two\na b\nc d\n');
  });
});

describe('long pages', () => {
  it('reads each element\'s children once (linkedom builds a new list per access: thousands of paragraphs were quadratic)', () => {
    let reads = 0;
    const text = (t: string): DomNode => ({ nodeType: 3, nodeName: '#text', textContent: t, childNodes: [] });
    const element = (name: string, kids: DomNode[]): DomNode => ({
      nodeType: 1,
      nodeName: name,
      textContent: null,
      get childNodes() {
        reads++;
        return kids;
      },
    });
    const paragraphs = Array.from({ length: 500 }, (_, i) => element('P', [text(`Paragraph ${i}.`)]));
    const lines = blockLines(element('ARTICLE', paragraphs));
    expect(lines).toHaveLength(500);
    expect(lines[499]).toBe('Paragraph 499.');
    expect(reads).toBe(501);
  });

  it('a page of 6,000 paragraphs gives all of them, in order', () => {
    const body = Array.from({ length: 6000 }, (_, i) => `<p>Paragraph number ${i} of a long report.</p>`).join('\n');
    const article = extractArticle(`<html><head><title>Long</title></head><body><article>${body}</article></body></html>`);
    expect(article.paragraphs).toHaveLength(6000);
    expect(article.paragraphs[5999]).toBe('Paragraph number 5999 of a long report.');
  });
});

describe('no script runs and nothing loads', () => {
  let server: Server;
  let port = 0;
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/plain' }).end('x');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  it('extracting a page with scripts, handlers, images, frames, stylesheets and a meta refresh', async () => {
    const dir = await makeTempDir();
    const marker = join(dir, 'pwned.txt');
    const html = (await fixture('article.html')).replaceAll('PORT', String(port)).replaceAll('PWNED_FILE', marker);
    const g = globalThis as Record<string, unknown>;
    const article = extractArticle(html);
    // Also through the corpus, as the app reads it.
    await writeFile(join(dir, 'page.html'), html);
    const doc = await (await CorpusService.open(dir)).readDocument('page.html');
    expect(doc.text).toBe(article.text);
    // No script ran (the globals below stay unset), so nothing can have scheduled a request for later.
    expect(requests).toEqual([]);
    expect(g.__marginaliaPwned).toBeUndefined();
    expect(g.__marginaliaOnload).toBeUndefined();
    expect(g.__marginaliaOnerror).toBeUndefined();
    expect(existsSync(marker)).toBe(false);
    // The server does answer when asked, so a request would have been seen.
    await fetch(`http://127.0.0.1:${port}/probe`);
    expect(requests).toEqual(['/probe']);
  });
});

describe('decodeHtml', () => {
  it('uses a <meta charset> naming a legacy encoding', () => {
    const html = '<html><head><meta charset="windows-1252"><title>Caf\xe9</title></head><body><p>Cr\xe8me br\xfbl\xe9e \x93quoted\x94</p></body></html>';
    expect(decodeHtml(Buffer.from(html, 'latin1'), 'p.html')).toContain('Crème brûlée “quoted”');
    const httpEquiv = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>na\xefve</p>';
    expect(decodeHtml(Buffer.from(httpEquiv, 'latin1'), 'p.html')).toContain('naïve');
  });
  it('reads UTF-8 (BOM or not) and UTF-16 with a BOM; refuses invalid UTF-8 without a charset', () => {
    expect(decodeHtml(Buffer.from('\ufeff<p>한국어</p>', 'utf8'), 'p.html')).toBe('<p>한국어</p>');
    expect(decodeHtml(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<p>日本</p>', 'utf16le')]), 'p.html')).toBe('<p>日本</p>');
    expect(decodeHtml(Buffer.from('<meta charset="utf-16"><p>é</p>', 'utf8'), 'p.html')).toContain('é');
    expect(() => decodeHtml(Buffer.from([0x3c, 0x70, 0x3e, 0xe9, 0x3c]), 'bad.html')).toThrow(/bad\.html is not valid UTF-8/);
  });
});

describe('saved pages in a corpus', () => {
  const page = (body: string) => `<html><head><title>Harbour report</title></head><body><article>${body}</article></body></html>`;
  const first = page('<p>The harbour master counted thirty-one boats at anchor this morning, more than on any day since the storm began.</p><p>Ferries kept to their timetable.</p>');

  it('lists .html and .htm as text documents, never the kept extraction', async () => {
    const root = await makeTempDir({ 'a.html': first, 'sub/b.HTM': first, 'c.txt': 'c' });
    const corpus = await CorpusService.open(root);
    await corpus.readDocument('a.html');
    expect(existsSync(join(root, `a.html${EXTRACTED_SUFFIX}`))).toBe(true);
    const listed = await corpus.listDocuments();
    expect(listed.map((d) => [d.path, d.kind])).toEqual([
      ['a.html', 'text'],
      ['c.txt', 'text'],
      ['sub/b.HTM', 'text'],
    ]);
    expect(await corpus.listTextDocumentPaths()).toEqual(['a.html', 'c.txt', 'sub/b.HTM']);
    expect(isExtractedTextArtifact(`a.html${EXTRACTED_SUFFIX}`)).toBe(true);
    expect(isExtractedTextArtifact(`a.htm${EXTRACTED_SUFFIX}.1234567`)).toBe(true);
    expect(isExtractedTextArtifact('notes.extracted.json')).toBe(false);
  });

  it('opens a page as its article text, keeps that text beside it, and annotates it like any text', async () => {
    const root = await makeTempDir({ 'report.html': first });
    const corpus = await CorpusService.open(root);
    const doc = await corpus.readDocument('report.html');
    expect(doc.text).toBe('Harbour report\n\nThe harbour master counted thirty-one boats at anchor this morning, more than on any day since the storm began.\nFerries kept to their timetable.\n');
    expect(doc.sha256).toBe(sha256(doc.text));
    expect(doc.length).toBe([...doc.text].length);
    const stored = parseExtracted(await readFile(join(root, `report.html${EXTRACTED_SUFFIX}`), 'utf8'));
    expect(stored).toMatchObject({
      format: 'marginalia-extracted-text',
      version: 1,
      source: { name: 'report.html', sha256: sha256(first) },
      extractor: EXTRACTOR,
      title: 'Harbour report',
      text: doc.text,
    });
    // A sidecar for the page: offsets into the extracted text.
    const start = [...doc.text].join('').indexOf('harbour master');
    const sidecar = {
      ...emptySidecar({ name: 'report.html', sha256: doc.sha256, length: doc.length }),
      annotations: [{ id: 'a1', type: 'entity' as const, label: 'PERSON', start, end: start + 14, text: 'harbour master', prefix: '', suffix: '' }],
    };
    await corpus.writeSidecar('report.html', sidecar);
    const again = await corpus.readDocument('report.html');
    expect(again.sidecar?.annotations[0]?.text).toBe('harbour master');
    expect(again.sourceChanged).toBe(false);
    expect((await corpus.listDocuments())[0]).toMatchObject({ path: 'report.html', annotationCount: 1, labelCounts: { PERSON: 1 } });
  });

  it('reuses the kept text while the page is unchanged, even if extraction would now differ', async () => {
    const root = await makeTempDir({ 'report.html': first });
    const corpus = await CorpusService.open(root);
    const doc = await corpus.readDocument('report.html');
    const file = join(root, `report.html${EXTRACTED_SUFFIX}`);
    const record = JSON.parse(await readFile(file, 'utf8')) as { text: string; extractor: string };
    // As if an older Readability had extracted it differently.
    record.text = doc.text.replace('Ferries kept to their timetable.', 'Ferries kept to their timetable (older extraction).');
    record.extractor = 'marginalia-html-article/0 (@mozilla/readability 0.4.0)';
    await writeFile(file, JSON.stringify(record));
    const mtime = (await stat(file)).mtimeMs;
    const reread = await corpus.readDocument('report.html');
    expect(reread.text).toBe(record.text);
    expect((await stat(file)).mtimeMs).toBe(mtime);
  });

  it('extracts again when the page changes, so its sidecar sees a changed source', async () => {
    const root = await makeTempDir({ 'report.html': first });
    const corpus = await CorpusService.open(root);
    const doc = await corpus.readDocument('report.html');
    await corpus.writeSidecar('report.html', emptySidecar({ name: 'report.html', sha256: doc.sha256, length: doc.length }));
    await writeFile(join(root, 'report.html'), first.replace('thirty-one boats', 'forty boats'));
    const changed = await corpus.readDocument('report.html');
    expect(changed.text).toContain('forty boats');
    expect(changed.sourceChanged).toBe(true);
    const stored = parseExtracted(await readFile(join(root, `report.html${EXTRACTED_SUFFIX}`), 'utf8'));
    expect(stored?.text).toBe(changed.text);
  });

  it('still opens a page whose extraction cannot be kept (the file name is taken by a folder)', async () => {
    const root = await makeTempDir({ 'report.html': first });
    await mkdir(join(root, `report.html${EXTRACTED_SUFFIX}`));
    const doc = await (await CorpusService.open(root)).readDocument('report.html');
    expect(doc.text).toContain('harbour master');
    expect((await readdir(root)).sort()).toEqual(['report.html', `report.html${EXTRACTED_SUFFIX}`]);
  });

  it('extracts a page read by two callers at once only once', async () => {
    const root = await makeTempDir({ 'report.html': first });
    const corpus = await CorpusService.open(root);
    const [a, b] = await Promise.all([corpus.readDocument('report.html'), corpus.readDocument('report.html')]);
    expect(a.text).toBe(b.text);
  });
});

describe('EXTRACTOR', () => {
  it('names the versions installed', async () => {
    const pkg = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(EXTRACTOR).toContain(`@mozilla/readability ${pkg.dependencies['@mozilla/readability']}`);
    expect(EXTRACTOR).toContain(`linkedom ${pkg.dependencies.linkedom}`);
    expect(EXTRACTOR).toContain(`parse5 ${pkg.dependencies.parse5}`);
  });
});
