import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { CorpusService } from './corpus-service';

afterEach(cleanupTempDirs);

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
