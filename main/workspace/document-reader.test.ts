import { describe, expect, it } from 'vitest';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { entity, sha256, sidecarFor } from '../test-support';
import { decodeSidecar, documentTitle, readDocumentBytes } from './document-reader';

const enc = (s: string) => new TextEncoder().encode(s);
const TEXT = 'Kim Jong-un met 김정은 in 北京 😀.\r\nSecond line.\n';
const valid = sidecarFor('a.txt', TEXT, [entity('p', TEXT, 0, 11)], 'done');

describe('readDocumentBytes', () => {
  it('loads a text and the sidecar written for its bytes', () => {
    const read = readDocumentBytes({ path: 'a.txt', source: enc(TEXT), sidecar: enc(serializeSidecar(valid)) });
    expect(read).toMatchObject({ state: 'loaded', text: TEXT, sha256: sha256(TEXT), sidecar: { status: 'done', annotations: [{ id: 'p' }] } });
    expect(read).not.toHaveProperty('migratedFrom');
  });

  it('drops a leading BOM from the text and keeps CRLF as two characters; the hash is of the bytes', () => {
    const bytes = enc(`\uFEFF${TEXT}`);
    const read = readDocumentBytes({ path: 'a.txt', source: bytes, sidecar: null });
    expect(read).toMatchObject({ state: 'loaded', text: TEXT, sha256: sha256(bytes), sidecar: null });
    if (read.state === 'loaded') expect(read.text.includes('\r\n')).toBe(true);
  });

  it('migrates a sidecar of an older version and says from which', () => {
    const old = JSON.parse(serializeSidecar(valid)) as Record<string, unknown>;
    old.version = 1;
    delete old.conflicts;
    const read = readDocumentBytes({ path: 'a.txt', source: enc(TEXT), sidecar: enc(JSON.stringify(old)) });
    expect(read).toMatchObject({ state: 'loaded', migratedFrom: 1, sidecar: { version: 3 } });
  });

  it('reads a sidecar saved with a BOM and CRLF line endings', () => {
    const crlf = `\uFEFF${serializeSidecar(valid).replace(/\n/g, '\r\n')}`;
    expect(readDocumentBytes({ path: 'a.txt', source: enc(TEXT), sidecar: enc(crlf) })).toMatchObject({ state: 'loaded' });
  });

  it('names the sidecar when it is not JSON, and still gives the text', () => {
    const read = readDocumentBytes({ path: 'sub/a.txt', source: enc(TEXT), sidecar: enc('{"format": ') });
    expect(read).toMatchObject({ state: 'sidecar-problem', text: TEXT, message: expect.stringMatching(/^sub\/a\.txt\.annotations\.json: not valid JSON/) });
  });

  it('names the sidecar when it is not UTF-8', () => {
    const read = readDocumentBytes({ path: 'a.txt', source: enc(TEXT), sidecar: new Uint8Array([0x7b, 0xff, 0x7d]) });
    expect(read).toMatchObject({ state: 'sidecar-problem', message: 'a.txt.annotations.json is not valid UTF-8' });
  });

  it('says the annotations need re-anchoring when the sidecar was written for other bytes', () => {
    const changed = `${TEXT}A new last line.\n`;
    const read = readDocumentBytes({ path: 'a.txt', source: enc(changed), sidecar: enc(serializeSidecar(valid)) });
    expect(read).toMatchObject({ state: 'needs-reanchoring', text: changed, sha256: sha256(changed), sidecar: { source: { sha256: sha256(TEXT) } } });
  });

  it('refuses a binary or mis-encoded document, naming it', () => {
    expect(readDocumentBytes({ path: 'b.txt', source: new Uint8Array([0x61, 0, 0x62]), sidecar: null })).toMatchObject({
      state: 'unreadable',
      error: { code: 'unsupported', message: expect.stringContaining('b.txt looks like a binary file') },
    });
    expect(readDocumentBytes({ path: 'c.txt', source: new Uint8Array([0x61, 0xe9, 0x62]), sidecar: null })).toMatchObject({
      state: 'unreadable',
      error: { code: 'invalid-utf8', message: expect.stringContaining('c.txt is not valid UTF-8 at byte 1') },
    });
  });

  it('takes a web page only as its extracted text', () => {
    expect(readDocumentBytes({ path: 'p.html', source: enc('<p>x</p>'), sidecar: null })).toMatchObject({ state: 'unreadable' });
    const article = { text: 'The article.', sha256: sha256('The article.') };
    expect(readDocumentBytes({ path: 'p.html', source: article, sidecar: null })).toMatchObject({ state: 'loaded', text: 'The article.' });
  });
});

describe('decodeSidecar', () => {
  const withBadSpan = () => {
    const json = JSON.parse(serializeSidecar(valid)) as { annotations: Record<string, unknown>[] };
    json.annotations.push({ ...entity('z', TEXT, 3, 3), text: '' });
    return enc(JSON.stringify(json));
  };

  it('is strict for the app and salvages for exports, naming what it leaves out', () => {
    expect(decodeSidecar(withBadSpan(), 'a.txt.annotations.json')).toMatchObject({ state: 'broken', message: expect.stringContaining('a.txt.annotations.json: does not match') });
    const salvaged = decodeSidecar(withBadSpan(), 'a.txt.annotations.json', { salvage: true });
    expect(salvaged).toMatchObject({ state: 'ok', sidecar: { annotations: [{ id: 'p' }] }, dropped: [expect.stringContaining('annotation z')] });
  });

  it('refuses a sidecar from a newer version', () => {
    const newer = { ...(JSON.parse(serializeSidecar(valid)) as object), version: 99 };
    expect(decodeSidecar(enc(JSON.stringify(newer)), 'a.txt.annotations.json')).toMatchObject({ state: 'broken', message: expect.stringContaining('newer than this app') });
  });
});

describe('documentTitle', () => {
  it('is the first line of text, a Markdown heading without its marks, a page title', () => {
    expect(documentTitle('a.txt', enc('\n  First line\nsecond'), true)).toBe('First line');
    expect(documentTitle('a.md', enc('# Heading\n'), true)).toBe('Heading');
    expect(documentTitle('p.htm', enc('<html><head><title>A &amp; B</title>'), false)).toBe('A & B');
  });
});
