// Hostile and odd inputs: each gets a clear message naming the file, nothing
// is lost, nothing hangs. (Paths through IPC: main/ipc/dispatch.test.ts and
// bad-paths.test.ts; broken sidecars: corpus-service.test.ts.)
import { mkdir, open as openFile, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseSidecar, serializeSidecar } from '../../app/sidecar/sidecar-io';
import type { Annotation } from '../../app/sidecar/sidecar-schema';
import { cleanupTempDirs, entity, errorOf, makeTempDir, sha256, sidecarFor } from '../test-support';
import { CorpusError, CorpusService } from './corpus-service';
import { resourcesDir } from './resources-path';

/** Every readFile call's path, to show what is (not) read. */
const reads = vi.hoisted(() => [] as string[]);
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const readFile = ((...args: Parameters<typeof actual.readFile>) => {
    reads.push(String(args[0]));
    return actual.readFile(...args);
  }) as typeof actual.readFile;
  return { ...actual, default: { ...actual, readFile }, readFile };
});

afterEach(async () => {
  reads.length = 0;
  await cleanupTempDirs();
});

describe('documents that are not ordinary text', () => {
  it('an empty file opens as an empty document and can hold an (empty) sidecar', async () => {
    const root = await makeTempDir({ 'empty.txt': '' });
    const corpus = await CorpusService.open(root);
    const doc = await corpus.readDocument('empty.txt');
    expect(doc).toMatchObject({ text: '', length: 0, sha256: sha256(''), sidecar: null, sidecarSha256: null });
    await corpus.writeSidecar('empty.txt', sidecarFor('empty.txt', ''));
    expect((await corpus.listDocuments())[0]).toMatchObject({ path: 'empty.txt', size: 0, annotationCount: 0 });
  });

  it('a file holding only a BOM opens as an empty document (the hash is of the bytes)', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const root = await makeTempDir({ 'bom.md': bom });
    const doc = await (await CorpusService.open(root)).readDocument('bom.md');
    expect(doc).toMatchObject({ text: '', length: 0, sha256: sha256(bom) });
  });

  it('invalid UTF-8 is refused with the byte offset and line, never guessed', async () => {
    const bytes = Buffer.concat([Buffer.from('line one\nline two\nna\u00efve: '), Buffer.from([0xe9, 0x74, 0xe9]), Buffer.from('\n')]);
    const root = await makeTempDir({ 'cp1252.txt': bytes });
    const e = await errorOf((await CorpusService.open(root)).readDocument('cp1252.txt'));
    const offset = bytes.indexOf(0xe9);
    expect(e.code).toBe('invalid-utf8');
    expect(e.message).toBe(
      `cp1252.txt is not valid UTF-8 at byte ${offset} (line 3); it may be in another encoding such as Windows-1252: save it as UTF-8 to open it`,
    );
  });

  it('a binary file named .txt is refused as binary, naming it', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const root = await makeTempDir({ 'notes/picture.txt': png });
    const corpus = await CorpusService.open(root);
    const e = await errorOf(corpus.readDocument('notes/picture.txt'));
    expect(e).toMatchObject({ code: 'unsupported', message: 'notes/picture.txt looks like a binary file (it has a NUL byte at byte 8), not a text document' });
    // Listed (it is a .txt), and nothing was written beside it.
    expect((await corpus.listDocuments()).map((d) => d.path)).toEqual(['notes/picture.txt']);
  });

  it('a 100 MB file is refused at once from its size, without reading it', async () => {
    const root = await makeTempDir({ 'small.txt': 'ok' });
    const handle = await openFile(join(root, 'huge.txt'), 'w');
    await handle.truncate(100 * 1024 * 1024); // sparse: costs no disk
    await handle.close();
    const corpus = await CorpusService.open(root);
    const started = performance.now();
    const e = await errorOf(corpus.readDocument('huge.txt'));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(e).toMatchObject({ code: 'too-large', message: 'huge.txt is 100.0 MB; documents over 50.0 MB are not opened' });
    expect(reads.filter((p) => p.endsWith('huge.txt'))).toEqual([]);
    // The listing shows it with its size, also without reading it.
    const listed = await corpus.listDocuments();
    expect(listed.find((d) => d.path === 'huge.txt')).toMatchObject({ size: 100 * 1024 * 1024, kind: 'text' });
    expect(reads.filter((p) => p.endsWith('huge.txt'))).toEqual([]);
  });

  it('a saved web page with scripts is never handed over as markup or script', async () => {
    const page = '<html><head><title>T</title><script>window.evil = 1; alert("x")</script></head><body><p onclick="steal()">Hello <b>world</b>.</p><script src="http://x/y.js"></script><img src=x onerror="boom()"></body></html>';
    const root = await makeTempDir({ 'page.html': page, 'page.htm': page });
    const corpus = await CorpusService.open(root);
    for (const path of ['page.html', 'page.htm']) {
      const result = await corpus.readDocument(path).catch((e: unknown) => e);
      if (result instanceof CorpusError) {
        expect(result.code).toBe('unsupported'); // refused until web pages are converted
        continue;
      }
      if (result instanceof Error) throw result;
      const { text } = result as { text: string };
      for (const bad of ['<', 'script', 'evil', 'alert', 'onclick', 'steal', 'onerror', 'boom', 'http://']) expect(text).not.toContain(bad);
    }
  });

  it('other kinds of files are listed as unsupported and never opened as text', async () => {
    const root = await makeTempDir({ 'run.exe': 'MZ\0\0', 'app.js': 'alert(1)', 'doc.pdf': '%PDF-1.7', 'noext': 'x' });
    const corpus = await CorpusService.open(root);
    expect((await corpus.listDocuments()).map((d) => [d.path, d.kind])).toEqual([
      ['app.js', 'unsupported'],
      ['doc.pdf', 'unsupported'],
      ['noext', 'unsupported'],
      ['run.exe', 'unsupported'],
    ]);
    for (const path of ['run.exe', 'app.js', 'doc.pdf', 'noext']) {
      expect((await errorOf(corpus.readDocument(path))).code).toBe('unsupported');
      expect((await errorOf(corpus.writeSidecar(path, sidecarFor(path, 'x')))).code).toBe('unsupported');
    }
  });
});

describe('odd corpora', () => {
  it('folders nested 60 deep are scanned, opened and saved', async () => {
    const deep = Array.from({ length: 60 }, (_, i) => `level-${i}`).join('/');
    const root = await makeTempDir({ [`${deep}/deep.txt`]: 'Deep down.', 'top.txt': 'Top.' });
    const corpus = await CorpusService.open(root);
    expect((await corpus.listDocuments()).map((d) => d.path)).toEqual([`${deep}/deep.txt`, 'top.txt']);
    expect((await corpus.readDocument(`${deep}/deep.txt`)).text).toBe('Deep down.');
    await corpus.writeSidecar(`${deep}/deep.txt`, sidecarFor('deep.txt', 'Deep down.', [entity('d', 'Deep down.', 0, 4)]));
    expect((await corpus.listDocuments())[0]).toMatchObject({ annotationCount: 1 });
  });

  it('10,000 files in 100 folders are scanned completely and quickly', async () => {
    const root = await makeTempDir();
    const names: string[] = [];
    for (let f = 0; f < 100; f++) {
      await mkdir(join(root, `folder-${String(f).padStart(3, '0')}`));
      for (let i = 0; i < 100; i++) names.push(`folder-${String(f).padStart(3, '0')}/article-${String(i).padStart(3, '0')}.txt`);
    }
    for (let i = 0; i < names.length; i += 500) {
      await Promise.all(names.slice(i, i + 500).map((n, k) => writeFile(join(root, n), `Article ${i + k}.`)));
    }
    // A sidecar for every tenth one.
    await Promise.all(
      names.filter((_, i) => i % 10 === 0).map((n, i) => writeFile(join(root, `${n}.annotations.json`), serializeSidecar(sidecarFor(n, `Article ${i * 10}.`, [entity('a', `Article ${i * 10}.`, 0, 7)])))),
    );
    const corpus = await CorpusService.open(root);
    const started = performance.now();
    const docs = await corpus.listDocuments();
    const elapsed = performance.now() - started;
    expect(docs).toHaveLength(10_000);
    expect(docs.map((d) => d.path)).toEqual([...names].sort());
    expect(docs.filter((d) => d.annotationCount === 1)).toHaveLength(1000);
    expect(elapsed).toBeLessThan(10_000);
  }, 60_000);

  it('symlink loops and links out of the corpus are skipped, and named when opened', async () => {
    const outside = await makeTempDir({ 'secret.txt': 'secret', 'dir/inner.txt': 'inner' });
    const root = await makeTempDir({ 'a.txt': 'a', 'sub/b.txt': 'b' });
    await symlink(join(root, 'loop2.txt'), join(root, 'loop1.txt'));
    await symlink(join(root, 'loop1.txt'), join(root, 'loop2.txt'));
    await symlink(join(root, 'self.txt'), join(root, 'self.txt'));
    await symlink(root, join(root, 'sub/back-to-root'));
    await symlink(join(root, 'sub'), join(root, 'sub/again'));
    await symlink(join(outside, 'secret.txt'), join(root, 'secret.txt'));
    await symlink(join(outside, 'dir'), join(root, 'outdir'));
    const corpus = await CorpusService.open(root);
    expect((await corpus.listDocuments()).map((d) => d.path)).toEqual(['a.txt', 'sub/b.txt']);
    for (const path of ['loop1.txt', 'self.txt']) {
      const e = await errorOf(corpus.readDocument(path));
      expect(e.message).toBe(`${path}: it is a symlink loop (ELOOP)`);
    }
    expect((await errorOf(corpus.readDocument('secret.txt'))).code).toBe('outside-corpus');
    expect((await errorOf(corpus.readDocument('outdir/inner.txt'))).code).toBe('outside-corpus');
    expect((await errorOf(corpus.writeSidecar('outdir/inner.txt', sidecarFor('inner.txt', 'inner')))).code).toBe('outside-corpus');
    expect(await readFile(join(outside, 'dir/inner.txt'), 'utf8')).toBe('inner');
  });
});

describe('odd label names in sidecars', () => {
  const TEXT = 'Kim Min-jun met Li Wei (李伟) in Tokyo.';
  const labels = [
    '人物',
    'PERSON 👩‍🔬',
    'ORG with  two  spaces ',
    'قانون',
    'Jose\u0301',
    'L'.repeat(5000),
    '"quoted"\n<script>alert(1)</script>',
    '__proto__',
    'constructor',
    'toString',
  ];

  it('are saved and read back exactly, and counted per label in the listing', async () => {
    const root = await makeTempDir({ 'a.txt': TEXT });
    const corpus = await CorpusService.open(root);
    const annotations: Annotation[] = labels.map((label, i) => ({ ...entity(`e${i}`, TEXT, i, i + 3), label }));
    annotations.push({ ...entity('again', TEXT, 20, 22), label: '__proto__' });
    await corpus.writeSidecar('a.txt', sidecarFor('a.txt', TEXT, annotations));
    const read = parseSidecar(await readFile(join(root, 'a.txt.annotations.json'), 'utf8'));
    if (!read.ok) throw new Error(read.message);
    expect(read.sidecar.annotations.map((a) => a.label).sort()).toEqual([...labels, '__proto__'].sort());
    expect((await corpus.readDocument('a.txt')).sidecar?.annotations.find((a) => a.id === 'e5')?.label).toHaveLength(5000);

    const [entry] = await corpus.listDocuments();
    expect(entry?.annotationCount).toBe(labels.length + 1);
    if (entry?.labelCounts) {
      const counts = entry.labelCounts;
      // Own properties only: nothing inherited (constructor, toString) and no prototype change (__proto__).
      expect(Object.getPrototypeOf(counts) === Object.prototype || Object.getPrototypeOf(counts) === null).toBe(true);
      for (const label of labels) expect([label, Object.getOwnPropertyDescriptor(counts, label)?.value]).toEqual([label, label === '__proto__' ? 2 : 1]);
    }
  });
});

describe('a .marginalia/schema.json with errors', () => {
  const defaults = async () => JSON.parse(await readFile(join(resourcesDir(), 'default-schema.json'), 'utf8')) as unknown;

  it.each([
    ['empty', ''],
    ['not an object', '[1, 2, 3]'],
    ['invalid UTF-8 and JSON', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
    ['wrong types', JSON.stringify({ version: 1, entityLabels: 'PERSON', claimLabels: [], relationTypes: [] })],
  ])('%s: the defaults are used, with a message naming the file', async (_what, content) => {
    const root = await makeTempDir({ '.marginalia/schema.json': content, 'a.txt': 'a' });
    const result = await (await CorpusService.open(root)).loadLabelSchema();
    expect(result.schema).toEqual(await defaults());
    expect(result.problem).toMatch(/^\.marginalia\/schema\.json .*; using the default labels$/);
  });

  it('a folder named schema.json gives the defaults and a message', async () => {
    const root = await makeTempDir();
    await mkdir(join(root, '.marginalia/schema.json'), { recursive: true });
    const result = await (await CorpusService.open(root)).loadLabelSchema();
    expect(result.schema).toEqual(await defaults());
    expect(result.problem).toContain('.marginalia/schema.json');
  });
});
