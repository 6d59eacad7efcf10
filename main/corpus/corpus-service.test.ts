import { open as openFile, readFile, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { cleanupTempDirs, entity, errorOf, makeTempDir, sha256, sidecarFor } from '../test-support';
import { CorpusService, documentKind, isCorpusArtifact } from './corpus-service';
import { resourcesDir } from './resources-path';

afterEach(cleanupTempDirs);

const A_TEXT = 'Kim Jong-un met 김정은 in 北京 😀.\r\nSecond line.\n';

describe('CorpusService.open', () => {
  it('opens a folder by its real path', async () => {
    const dir = await makeTempDir({ 'real/a.txt': 'a' });
    await symlink(join(dir, 'real'), join(dir, 'alias'));
    const corpus = await CorpusService.open(join(dir, 'alias'));
    expect(corpus.root).toBe(join(dir, 'real'));
    expect(corpus.name).toBe('real');
  });

  it('refuses a missing folder or a file, naming it', async () => {
    const dir = await makeTempDir({ 'a.txt': 'a' });
    expect(await errorOf(CorpusService.open(join(dir, 'nope')))).toMatchObject({ code: 'not-found', message: expect.stringContaining('nope') });
    expect(await errorOf(CorpusService.open(join(dir, 'a.txt')))).toMatchObject({ code: 'not-found', message: expect.stringContaining('not a folder') });
  });
});

describe('documentKind and isCorpusArtifact', () => {
  it('classifies by extension, case-insensitively', () => {
    expect(documentKind('a.txt')).toBe('text');
    expect(documentKind('sub/B.MD')).toBe('text');
    expect(documentKind('page.html')).toBe('text');
    expect(documentKind('saved/Page.HTM')).toBe('text');
    expect(documentKind('page.pdf')).toBe('unsupported');
    expect(documentKind('README')).toBe('unsupported');
  });
  it('knows sidecars, their backups and write-file-atomic temporaries', () => {
    expect(isCorpusArtifact('a.txt.annotations.json')).toBe(true);
    expect(isCorpusArtifact('a.txt.annotations.json.broken-2024-01-01T00-00-00-000Z.bak')).toBe(true);
    expect(isCorpusArtifact('a.txt.annotations.json.v1.bak')).toBe(true);
    expect(isCorpusArtifact('a.txt.annotations.json.3735928559')).toBe(true);
    expect(isCorpusArtifact('annotations.json.txt')).toBe(false);
    expect(isCorpusArtifact('a.json')).toBe(false);
  });
});

describe('listDocuments', () => {
  it('scans recursively, skips what is not a document and reads counts from sidecars', async () => {
    const outside = await makeTempDir({ 'secret.txt': 'secret', 'dir/s.txt': 's' });
    const aSidecar = sidecarFor('a.txt', A_TEXT, [entity('e1', A_TEXT, 0, 3), entity('e2', A_TEXT, 4, 8)], 'in-progress');
    const root = await makeTempDir({
      'a.txt': A_TEXT,
      'a.txt.annotations.json': serializeSidecar(aSidecar),
      'a.txt.annotations.json.broken-2024-01-01T00-00-00-000Z.bak': '{',
      'a.txt.annotations.json.12345': '{',
      'gone.txt.annotations.json': serializeSidecar(sidecarFor('gone.txt', 'x')),
      'sub/deeper/b.md': '# B\n',
      'sub/C.TXT': 'c',
      'broken.txt': 'b',
      'broken.txt.annotations.json': '{ not json',
      'page.pdf': '%PDF-1.4',
      'photo.jpg': new Uint8Array([0xff, 0xd8, 0xff]),
      '.marginalia/schema.json': '{}',
      '.git/HEAD.txt': 'ref',
      '.hidden.txt': 'h',
      'node_modules/m/readme.txt': 'm',
      'sub/node_modules/x.txt': 'x',
    });
    await symlink(join(root, 'sub/deeper/b.md'), join(root, 'link.md'));
    await symlink(join(outside, 'secret.txt'), join(root, 'leak.txt'));
    await symlink(join(outside, 'dir'), join(root, 'leakdir'));
    await symlink(join(outside, 'missing.txt'), join(root, 'dangling.txt'));
    await symlink(root, join(root, 'sub/loop'));

    const corpus = await CorpusService.open(root);
    const docs = await corpus.listDocuments();
    expect(docs.map((d) => [d.path, d.kind])).toEqual([
      ['a.txt', 'text'],
      ['broken.txt', 'text'],
      ['link.md', 'text'],
      ['page.pdf', 'unsupported'],
      ['photo.jpg', 'unsupported'],
      ['sub/C.TXT', 'text'],
      ['sub/deeper/b.md', 'text'],
    ]);
    const byPath = Object.fromEntries(docs.map((d) => [d.path, d]));
    expect(byPath['a.txt']).toEqual({
      path: 'a.txt',
      name: 'a.txt',
      kind: 'text',
      size: Buffer.byteLength(A_TEXT),
      annotationCount: 2,
      status: 'in-progress',
      labelCounts: { PERSON: 2 },
      title: 'Kim Jong-un met 김정은 in 北京 😀.',
    });
    expect(byPath['broken.txt']).toMatchObject({ annotationCount: 0, status: 'todo' });
    expect(byPath['broken.txt']?.sidecarProblem).toMatch(/broken\.txt\.annotations\.json.*not valid JSON/);
    expect(byPath['sub/deeper/b.md']).toMatchObject({ name: 'b.md', size: 4, annotationCount: 0, status: 'todo' });
    expect(byPath['sub/deeper/b.md']?.sidecarProblem).toBeUndefined();
    expect(byPath['photo.jpg']).toMatchObject({ size: 3, annotationCount: 0 });
  });

  it('reports a sidecar symlinked outside the corpus as a problem without reading it', async () => {
    const outside = await makeTempDir({ 'x.json': serializeSidecar(sidecarFor('a.txt', 'a', [entity('e', 'a', 0, 1)])) });
    const root = await makeTempDir({ 'a.txt': 'a' });
    await symlink(join(outside, 'x.json'), join(root, 'a.txt.annotations.json'));
    const [doc] = await (await CorpusService.open(root)).listDocuments();
    expect(doc).toMatchObject({ path: 'a.txt', annotationCount: 0 });
    expect(doc?.sidecarProblem).toContain('outside the corpus');
  });

  it('lists an empty folder as no documents', async () => {
    const root = await makeTempDir();
    expect(await (await CorpusService.open(root)).listDocuments()).toEqual([]);
  });
});

describe('readDocument', () => {
  it('reads text, hash, code-point length and sidecar', async () => {
    const sidecar = sidecarFor('a.txt', A_TEXT, [entity('e1', A_TEXT, 0, 3)]);
    const root = await makeTempDir({ 'a.txt': A_TEXT, 'a.txt.annotations.json': serializeSidecar(sidecar) });
    const doc = await (await CorpusService.open(root)).readDocument('a.txt');
    expect(doc).toEqual({
      path: 'a.txt',
      text: A_TEXT,
      sha256: sha256(A_TEXT),
      length: [...A_TEXT].length,
      sidecar,
      sourceChanged: false,
      sidecarSha256: sha256(serializeSidecar(sidecar)),
    });
    expect(doc.length).toBe(A_TEXT.length - 1); // one astral character
  });

  it('strips a leading BOM from the text but hashes the raw bytes', async () => {
    const raw = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ab\r\n')]);
    const root = await makeTempDir({ 'bom.md': raw });
    const doc = await (await CorpusService.open(root)).readDocument('bom.md');
    expect(doc.text).toBe('ab\r\n');
    expect(doc.length).toBe(4);
    expect(doc.sha256).toBe(sha256(raw));
    expect(doc.sidecar).toBeNull();
    expect(doc.sidecarProblem).toBeUndefined();
  });

  it('says when the source changed under its sidecar, and re-anchors without writing anything', async () => {
    const oldText = 'Kim met Lee in Seoul.';
    const newText = 'On Monday, Kim met Lee in Seoul.';
    const sidecar = sidecarFor('a.txt', oldText, [entity('k', oldText, 0, 3), entity('s', oldText, 15, 20, 'GPE')]);
    const sidecarText = serializeSidecar(sidecar);
    const root = await makeTempDir({ 'a.txt': newText, 'a.txt.annotations.json': sidecarText });
    const doc = await (await CorpusService.open(root)).readDocument('a.txt');
    expect(doc.sourceChanged).toBe(true);
    expect(doc.sidecar?.source).toEqual({ name: 'a.txt', sha256: sha256(newText), length: newText.length });
    expect(doc.sidecar?.annotations.map((a) => [a.id, a.start, a.end, a.text])).toEqual([
      ['k', 11, 14, 'Kim'],
      ['s', 26, 31, 'Seoul'],
    ]);
    expect(doc.reanchor).toMatchObject({ previousSource: sidecar.source, moved: [{ id: 'k' }, { id: 's' }], orphaned: [] });
    // Never silently: the file on disk is untouched.
    expect(await readFile(join(root, 'a.txt.annotations.json'), 'utf8')).toBe(sidecarText);
    expect(await readdir(root)).toEqual(['a.txt', 'a.txt.annotations.json']);
  });

  it('refuses invalid UTF-8, naming the file and the byte', async () => {
    const root = await makeTempDir({ 'sub/latin1.txt': Buffer.from('caf\xe9', 'latin1') });
    const e = await errorOf((await CorpusService.open(root)).readDocument('sub/latin1.txt'));
    expect(e.code).toBe('invalid-utf8');
    expect(e.message).toContain('sub/latin1.txt');
    expect(e.message).toContain('byte 3');
  });

  it('refuses binary files, other kinds, folders, sidecars and missing files', async () => {
    const root = await makeTempDir({
      'bin.txt': new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]),
      'page.pdf': '%PDF-1.4',
      'dir.txt/inner.txt': 'x',
      'a.txt': 'a',
      'a.txt.annotations.json': serializeSidecar(sidecarFor('a.txt', 'a')),
    });
    const corpus = await CorpusService.open(root);
    expect(await errorOf(corpus.readDocument('bin.txt'))).toMatchObject({ code: 'unsupported', message: expect.stringContaining('binary') });
    expect(await errorOf(corpus.readDocument('page.pdf'))).toMatchObject({ code: 'unsupported', message: expect.stringContaining('page.pdf') });
    expect((await errorOf(corpus.readDocument('dir.txt'))).code).toBe('unsupported');
    expect((await errorOf(corpus.readDocument('a.txt.annotations.json'))).code).toBe('unsupported');
    expect(await errorOf(corpus.readDocument('missing.txt'))).toMatchObject({ code: 'not-found', message: expect.stringContaining('missing.txt') });
  });

  it('refuses files over 50 MB, naming the size', async () => {
    const root = await makeTempDir();
    const handle = await openFile(join(root, 'huge.txt'), 'w');
    await handle.truncate(50 * 1024 * 1024 + 1);
    await handle.close();
    const e = await errorOf((await CorpusService.open(root)).readDocument('huge.txt'));
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('huge.txt');
    expect(e.message).toContain('50.0 MB');
  });

  it('refuses paths leading outside the corpus', async () => {
    const outside = await makeTempDir({ 'secret.txt': 'secret' });
    const root = await makeTempDir({ 'a.txt': 'a' });
    await symlink(join(outside, 'secret.txt'), join(root, 'leak.txt'));
    const corpus = await CorpusService.open(root);
    for (const rel of ['../secret.txt', join(outside, 'secret.txt'), 'leak.txt', 'a/../../secret.txt']) {
      expect((await errorOf(corpus.readDocument(rel))).code).toBe('outside-corpus');
    }
  });

  it('opens a document with a broken sidecar for reading and backs the sidecar up once', async () => {
    const broken = '{"format": "marginalia-annotations", "version": 1, ';
    const root = await makeTempDir({ 'sub/a.txt': 'a', 'sub/a.txt.annotations.json': broken });
    const corpus = await CorpusService.open(root);
    const doc = await corpus.readDocument('sub/a.txt');
    expect(doc.sidecar).toBeNull();
    expect(doc.sourceChanged).toBe(false);
    expect(doc.sidecarProblem?.message).toMatch(/sub\/a\.txt\.annotations\.json: not valid JSON/);
    const backupPath = doc.sidecarProblem?.backupPath;
    expect(backupPath).toMatch(/^sub\/a\.txt\.annotations\.json\.broken-[0-9TZ-]+\.bak$/);
    expect(await readFile(join(root, backupPath as string), 'utf8')).toBe(broken);
    expect(await readFile(join(root, 'sub/a.txt.annotations.json'), 'utf8')).toBe(broken);

    const again = await corpus.readDocument('sub/a.txt');
    expect(again.sidecarProblem?.backupPath).toBe(backupPath);
    expect((await readdir(join(root, 'sub'))).filter((n) => n.includes('.broken-'))).toHaveLength(1);
    // The listing does not show the backup as a document.
    expect((await corpus.listDocuments()).map((d) => d.path)).toEqual(['sub/a.txt']);
  });

  it('reports a sidecar that fails the schema with where it fails', async () => {
    const bad = { ...sidecarFor('a.txt', 'a'), annotations: [{ ...entity('e', 'a', 0, 1), start: -1 }] };
    const root = await makeTempDir({ 'a.txt': 'a', 'a.txt.annotations.json': JSON.stringify(bad) });
    const doc = await (await CorpusService.open(root)).readDocument('a.txt');
    expect(doc.sidecar).toBeNull();
    expect(doc.sidecarProblem?.message).toContain('annotations.0.start');
  });
});

describe('writeSidecar', () => {
  it('writes the canonical sidecar atomically and reads it back', async () => {
    const root = await makeTempDir({ 'sub/a.txt': A_TEXT });
    const corpus = await CorpusService.open(root);
    const sidecar = sidecarFor('a.txt', A_TEXT, [entity('z', A_TEXT, 4, 8), entity('a', A_TEXT, 0, 3)], 'done');
    const before = Date.now();
    const result = await corpus.writeSidecar('sub/a.txt', sidecar);
    expect(result.annotationCount).toBe(2);
    expect(Date.parse(result.savedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(result.savedAt).toISOString()).toBe(result.savedAt);
    expect(await readFile(join(root, 'sub/a.txt.annotations.json'), 'utf8')).toBe(serializeSidecar(sidecar));
    expect(await readdir(join(root, 'sub'))).toEqual(['a.txt', 'a.txt.annotations.json']);
    const doc = await corpus.readDocument('sub/a.txt');
    expect(doc.sidecar?.annotations.map((a) => a.id)).toEqual(['a', 'z']);
    expect(doc.sourceChanged).toBe(false);

    // Overwriting a good sidecar is fine.
    await corpus.writeSidecar('sub/a.txt', { ...sidecar, annotations: [] });
    expect((await corpus.readDocument('sub/a.txt')).sidecar?.annotations).toEqual([]);
  });

  it('never overwrites a sidecar that does not parse', async () => {
    const root = await makeTempDir({ 'a.txt': 'a', 'a.txt.annotations.json': '[1, 2' });
    const corpus = await CorpusService.open(root);
    const e = await errorOf(corpus.writeSidecar('a.txt', sidecarFor('a.txt', 'a')));
    expect(e.code).toBe('sidecar-invalid');
    expect(e.message).toContain('a.txt.annotations.json');
    expect(await readFile(join(root, 'a.txt.annotations.json'), 'utf8')).toBe('[1, 2');
  });

  it('refuses dangling references and duplicate ids, writing nothing', async () => {
    const root = await makeTempDir({ 'a.txt': 'abc' });
    const corpus = await CorpusService.open(root);
    const dup = sidecarFor('a.txt', 'abc', [entity('e', 'abc', 0, 1), entity('e', 'abc', 1, 2)]);
    expect(await errorOf(corpus.writeSidecar('a.txt', dup))).toMatchObject({ code: 'sidecar-invalid', message: expect.stringContaining('used twice') });
    const dangling = { ...sidecarFor('a.txt', 'abc', [entity('e', 'abc', 0, 1)]), relations: [{ id: 'r', type: 'same-as', from: 'e', to: 'nope' }] };
    expect((await errorOf(corpus.writeSidecar('a.txt', dangling))).code).toBe('sidecar-invalid');
    expect(await readdir(root)).toEqual(['a.txt']);
  });

  it('writes only beside existing text documents inside the corpus', async () => {
    const outside = await makeTempDir({ 'x.json': 'outside' });
    const root = await makeTempDir({ 'page.pdf': '%PDF', 'a.txt': 'a' });
    await symlink(join(outside, 'x.json'), join(root, 'a.txt.annotations.json'));
    const corpus = await CorpusService.open(root);
    const s = sidecarFor('a.txt', 'a');
    expect((await errorOf(corpus.writeSidecar('missing.txt', s))).code).toBe('not-found');
    expect((await errorOf(corpus.writeSidecar('page.pdf', s))).code).toBe('unsupported');
    expect((await errorOf(corpus.writeSidecar('../a.txt', s))).code).toBe('outside-corpus');
    expect((await errorOf(corpus.writeSidecar('a.txt', s))).code).toBe('outside-corpus');
    expect(await readFile(join(outside, 'x.json'), 'utf8')).toBe('outside');
  });
});

describe('loadLabelSchema', () => {
  const defaults = async () => JSON.parse(await readFile(join(resourcesDir(), 'default-schema.json'), 'utf8')) as unknown;

  it('gives the defaults when the corpus has no schema', async () => {
    const root = await makeTempDir({ 'a.txt': 'a' });
    expect(await (await CorpusService.open(root)).loadLabelSchema()).toEqual({ schema: await defaults() });
  });

  it("reads the corpus's own schema", async () => {
    const custom = { version: 1, entityLabels: [{ name: 'SHIP', colour: '#123456', hotkey: 'q' }], claimLabels: [], relationTypes: [] };
    const root = await makeTempDir({ '.marginalia/schema.json': JSON.stringify(custom) });
    expect(await (await CorpusService.open(root)).loadLabelSchema()).toEqual({ schema: custom });
  });

  it('falls back to the defaults with a problem naming the file', async () => {
    const bad = { version: 1, entityLabels: [{ name: 'X', colour: 'red' }], claimLabels: [], relationTypes: [] };
    for (const text of ['{ nope', JSON.stringify(bad)]) {
      const root = await makeTempDir({ '.marginalia/schema.json': text });
      const result = await (await CorpusService.open(root)).loadLabelSchema();
      expect(result.schema).toEqual(await defaults());
      expect(result.problem).toContain('.marginalia/schema.json');
    }
  });

  it('does not follow a .marginalia folder symlinked outside the corpus', async () => {
    const outside = await makeTempDir({ 'schema.json': '{}' });
    const root = await makeTempDir();
    await symlink(outside, join(root, '.marginalia'));
    const result = await (await CorpusService.open(root)).loadLabelSchema();
    expect(result.schema).toEqual(await defaults());
    expect(result.problem).toContain('outside the corpus');
  });

  it('uses the resources folder it is given', async () => {
    const custom = { version: 1, entityLabels: [{ name: 'ONLY', colour: '#000000' }], claimLabels: [], relationTypes: [] };
    const resources = await makeTempDir({ 'default-schema.json': JSON.stringify(custom) });
    const root = await makeTempDir({ 'x/a.txt': 'a' });
    expect((await (await CorpusService.open(root, { resourcesDir: resources })).loadLabelSchema()).schema).toEqual(custom);
  });
});
