import { statSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { documentTitle, titleHeadBytes } from '../workspace/document-reader';
import { CorpusService } from './corpus-service';
import { readDocumentHead } from './document-title';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
/** The real articles tests read from the shared folder (never copied into the project). */
const SHARED_CORPUS = resolve(REPO_ROOT, '../shared/corpus/space-force-japan');

afterEach(async () => {
  vi.restoreAllMocks();
  await cleanupTempDirs();
});

describe('document titles in the list', () => {
  it('lists the first non-empty line of a text and the title of a web page, reading only the head of each file', async () => {
    const root = await makeTempDir({
      'a.txt': '\uFEFF\n\n  Space Force plans a unit in Japan  \nBody text.\n',
      'b.md': '# A Markdown heading\n',
      'page.html': '<!doctype html><html><head><title>Allies in orbit &amp; beyond</title></head><body><p>x</p></body></html>',
      'empty.txt': '\n \n',
      'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
      'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    });
    // A first line far longer than what is read: only its start is the title.
    await writeFile(join(root, 'long.txt'), `${'word '.repeat(5000)}\nsecond`);
    const docs = await (await CorpusService.open(root)).listDocuments();
    const title = Object.fromEntries(docs.map((d) => [d.path, d.title]));
    expect(title).toEqual({
      'a.txt': 'Space Force plans a unit in Japan',
      'b.md': 'A Markdown heading',
      'page.html': 'Allies in orbit & beyond',
      'empty.txt': undefined,
      'latin1.txt': undefined,
      'image.png': undefined,
      'long.txt': expect.stringMatching(/^word word .*…$/),
    });
    expect(title['long.txt']?.length).toBeLessThanOrEqual(200);
  });
});

describe('the scan reads a title and a signature with one open per document', () => {
  const fullTitle = (rel: string, bytes: Buffer) => documentTitle(rel, bytes, true);
  const headTitle = (rel: string, bytes: Buffer) => {
    const head = bytes.subarray(0, titleHeadBytes(rel));
    return documentTitle(rel, head, head.length === bytes.length);
  };

  it('a long article’s title from its first KB is its title from the whole file (the shared and sample articles)', async () => {
    const folders = [SHARED_CORPUS, join(REPO_ROOT, 'resources/sample-corpus')];
    let long = 0;
    for (const folder of folders) {
      for (const name of (await readdir(folder)).filter((n) => /\.(txt|md)$/u.test(n))) {
        const bytes = await readFile(join(folder, name));
        if (bytes.length > titleHeadBytes(name)) long++;
        expect(headTitle(name, bytes), name).toBe(fullTitle(name, bytes));
        expect(fullTitle(name, bytes), name).toBeTruthy();
      }
    }
    expect(long).toBeGreaterThan(0); // some are longer than the head, or this proves nothing
  });

  it('the same for any text whose first line starts in the head, a multi-byte character cut at its end included', () => {
    const word = fc.stringMatching(/^[a-zà-ÿ一-龥가-힣😀-🙏]{1,12}$/u);
    const line = fc.array(word, { minLength: 1, maxLength: 800 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(fc.nat(40), line, fc.boolean(), fc.constantFrom('a.txt', 'b.md'), (blank, first, bom, rel) => {
        const text = `${'\n'.repeat(blank)}${first}\nsecond line\n`;
        const bytes = Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text)]);
        expect(headTitle(rel, bytes)).toBe(fullTitle(rel, bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('readDocumentHead gives the size and time stat gives, the title, and null for a file gone', async () => {
    const root = await makeTempDir({ 'a.txt': `Headline\n${'body '.repeat(3000)}\n`, 'img.png': Buffer.from([1, 2, 3]) });
    const info = statSync(join(root, 'a.txt'));
    expect(readDocumentHead(join(root, 'a.txt'), 'a.txt', true)).toEqual({ size: info.size, mtimeMs: info.mtimeMs, title: 'Headline' });
    expect(readDocumentHead(join(root, 'img.png'), 'img.png', false)).toEqual({ size: 3, mtimeMs: statSync(join(root, 'img.png')).mtimeMs });
    expect(readDocumentHead(join(root, 'gone.txt'), 'gone.txt', true)).toBeNull();
  });

  it('a sidecar that cannot be read during the scan is named in its document’s entry, and the scan goes on', async () => {
    const text = 'Ann Lee spoke.\n';
    const sidecar = (name: string) => serializeSidecar(sidecarFor(name, text, [entity('a1', text, 0, 7)]));
    const root = await makeTempDir({ 'a.txt': text, 'a.txt.annotations.json': sidecar('a.txt'), 'b.txt': text, 'b.txt.annotations.json': sidecar('b.txt'), 'c.txt': text, 'c.txt.annotations.json': sidecar('c.txt') });
    const service = await CorpusService.open(root);
    const readAtSync = service.sidecars.readAtSync.bind(service.sidecars);
    vi.spyOn(service.sidecars, 'readAtSync').mockImplementation((file, rel) => {
      if (rel === 'b.txt.annotations.json') throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
      return readAtSync(file, rel);
    });
    const docs = await service.listDocuments();
    expect(docs.map((d) => [d.path, d.annotationCount, d.sidecarProblem])).toEqual([
      ['a.txt', 1, undefined],
      ['b.txt', 0, 'b.txt.annotations.json: an input/output error (the disk may be failing or disconnected) (EIO)'],
      ['c.txt', 1, undefined],
    ]);
  });
});
