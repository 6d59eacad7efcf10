// The corpus confinement (confined-fs.ts) as an attacker meets it: symlinks in
// the corpus leading out of it, FIFOs and devices named like the app's files.
// Every file the app or the CLI reads or writes stays inside the corpus and
// is a regular file; nothing hangs. (Paths named through IPC: main/ipc/bad-paths.test.ts.)
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { cleanupTempDirs, entity, errorOf, makeTempDir, sidecarFor } from '../test-support';
import { exportCorpus } from '../export/export-service';
import { readImportInput } from '../export/import-service';
import { corpusSearchSource } from '../search/search-service';
import { CorpusService } from './corpus-service';
import { readAbsoluteInside, readRegularFile, readRegularFileHeadSync, realTargetPath, writeInside } from './confined-fs';
import { loadEntityRegistry, saveEntityRegistry } from './entity-store';
import { saveLabelSchema } from './schema-store';
import { readDefaultLabelSchema } from './corpus-service';

afterEach(cleanupTempDirs);

const PAGE = '<html><head><title>A page</title></head><body><article><p>Some words of an article that is long enough to read.</p></article></body></html>';
const SECRET = '# the user\'s own file outside the corpus\nexport PATH=$PATH\n';

/** A corpus and, beside it, a folder standing for the rest of the user's disk. */
async function corpusWithOutside(files: Record<string, string>): Promise<{ root: string; outside: string }> {
  const base = await makeTempDir({});
  const root = join(base, 'corpus');
  const outside = join(base, 'home');
  await mkdir(root);
  await mkdir(outside);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(root, name, '..'), { recursive: true });
    await writeFile(join(root, name), text);
  }
  await writeFile(join(outside, '.bashrc'), SECRET);
  return { root, outside };
}

const mkfifo = (path: string) => execFileSync('mkfifo', [path]);
// FIFOs are a POSIX thing; on Windows these cases cannot arise.
const posix = process.platform !== 'win32';

describe('symlinks leading out of the corpus are never written through', () => {
  it('the HTML extraction cache: opening, searching and exporting a page leave the linked file untouched', async () => {
    const { root, outside } = await corpusWithOutside({ 'page.html': PAGE });
    await symlink(join(outside, '.bashrc'), join(root, 'page.html.extracted.json'));
    const corpus = await CorpusService.open(root);

    const doc = await corpus.readDocument('page.html');
    expect(doc.text).toContain('Some words of an article');
    await corpusSearchSource(corpus).readText('page.html');
    const out = join(outside, 'export.jsonl');
    await exportCorpus(corpus, { format: 'jsonl', out });

    expect(await readFile(join(outside, '.bashrc'), 'utf8')).toBe(SECRET);
    expect(await readFile(out, 'utf8')).toContain('Some words of an article');
  });

  it('a sidecar linked to a file outside is not read by the export, which names the problem', async () => {
    const { root, outside } = await corpusWithOutside({ 'a.txt': 'Alice met Bob.\n' });
    const secretSidecar = serializeSidecar(sidecarFor('a.txt', 'Alice met Bob.\n', [entity('t1', 'Alice', 0, 5)]));
    await writeFile(join(outside, 'elsewhere.json'), secretSidecar);
    await symlink(join(outside, 'elsewhere.json'), join(root, 'a.txt.annotations.json'));
    const corpus = await CorpusService.open(root);

    const report = await exportCorpus(corpus, { format: 'jsonl', out: join(outside, 'o.jsonl') });
    expect(report.annotations).toBe(0);
    expect(report.problems.join('\n')).toMatch(/a\.txt\.annotations\.json.*outside the corpus/);
  });

  it('the entity registry and the label schema linked out of the corpus are refused, and the linked file is untouched', async () => {
    const { root, outside } = await corpusWithOutside({ 'a.txt': 'x\n' });
    await mkdir(join(root, '.marginalia'));
    await symlink(join(outside, '.bashrc'), join(root, '.marginalia', 'entities.json'));
    await symlink(join(outside, '.bashrc'), join(root, '.marginalia', 'schema.json'));
    const corpus = await CorpusService.open(root);

    expect((await errorOf(saveEntityRegistry(corpus, { format: 'marginalia-entities', version: 1, entities: [] } as never))).code).toBe('outside-corpus');
    expect((await errorOf(saveLabelSchema(root, await readDefaultLabelSchema()))).code).toBe('outside-corpus');
    expect((await loadEntityRegistry(corpus)).problem).toMatch(/outside the corpus/);
    expect(await readFile(join(outside, '.bashrc'), 'utf8')).toBe(SECRET);
  });

  it('a symlink inside the corpus to another corpus file is written at its target', async () => {
    const { root } = await corpusWithOutside({ 'a.txt': 'x\n', 'real/cache.json': 'old' });
    await symlink(join(root, 'real', 'cache.json'), join(root, 'link.json'));
    await writeInside(root, 'link.json', 'new');
    expect(await readFile(join(root, 'real', 'cache.json'), 'utf8')).toBe('new');
  });

  it('readAbsoluteInside refuses a path that leads out, even given as a path inside', async () => {
    const { root, outside } = await corpusWithOutside({});
    await symlink(join(outside, '.bashrc'), join(root, 'x.json'));
    expect((await errorOf(readAbsoluteInside(root, join(root, 'x.json')))).code).toBe('outside-corpus');
  });
});

describe.runIf(posix)('FIFOs and devices are never opened for reading or written (POSIX only: Windows has no FIFOs)', () => {
  it('a FIFO named like a sidecar neither hangs the document list nor the document, and saving is refused', async () => {
    const { root } = await corpusWithOutside({ 'a.txt': 'Alice met Bob.\n', 'b.txt': 'Bob.\n' });
    mkfifo(join(root, 'a.txt.annotations.json'));
    const corpus = await CorpusService.open(root);

    const listed = await corpus.listDocuments();
    expect(listed.find((d) => d.path === 'a.txt')?.sidecarProblem).toMatch(/FIFO/);
    expect(listed.find((d) => d.path === 'b.txt')?.sidecarProblem).toBeUndefined();
    const doc = await corpus.readDocument('a.txt');
    expect(doc.sidecarProblem?.message).toMatch(/a\.txt\.annotations\.json.*FIFO/);
    const e = await errorOf(corpus.writeSidecar('a.txt', sidecarFor('a.txt', 'Alice met Bob.\n'), { expectedSha256: null }));
    expect(e.message).toMatch(/FIFO/);
    const report = await exportCorpus(corpus, { format: 'jsonl', out: join(root, '..', 'o.jsonl') });
    expect(report.problems.join('\n')).toMatch(/a\.txt\.annotations\.json/);
    expect(report.documents).toBe(1);
  });

  it('the scan’s blocking head read refuses a FIFO and a symlink swapped in, naming the file, without waiting', async () => {
    const { root, outside } = await corpusWithOutside({ 'a.txt': 'Alice met Bob.\n' });
    mkfifo(join(root, 'pipe.txt'));
    await symlink(join(outside, '.bashrc'), join(root, 'swapped.txt'));
    expect(() => readRegularFileHeadSync(join(root, 'pipe.txt'), 'pipe.txt', 4096)).toThrow(/pipe\.txt is a FIFO/);
    expect(() => readRegularFileHeadSync(join(root, 'swapped.txt'), 'swapped.txt', 4096)).toThrow(/swapped\.txt was replaced by a symlink/);
    expect(readRegularFileHeadSync(join(root, 'a.txt'), 'a.txt', 5)).toMatchObject({ bytes: Buffer.from('Alice'), complete: false, size: 15 });
  });

  it('a FIFO as the label schema, the registry or a page cache does not block', async () => {
    const { root } = await corpusWithOutside({ 'page.html': PAGE });
    await mkdir(join(root, '.marginalia'));
    mkfifo(join(root, '.marginalia', 'schema.json'));
    mkfifo(join(root, '.marginalia', 'entities.json'));
    mkfifo(join(root, 'page.html.extracted.json'));
    const corpus = await CorpusService.open(root);
    expect((await corpus.loadLabelSchema()).problem).toMatch(/schema\.json.*FIFO/);
    expect((await loadEntityRegistry(corpus)).problem).toMatch(/entities\.json.*FIFO/);
    expect((await corpus.readDocument('page.html')).text).toContain('Some words');
  });

  it('an import from a device or FIFO is refused at once, naming it', async () => {
    const schema = await readDefaultLabelSchema();
    await expect(readImportInput('jsonl', '/dev/zero', schema)).rejects.toThrow(/\/dev\/zero.*not a regular file/);
    const { root } = await corpusWithOutside({});
    mkfifo(join(root, 'in.jsonl'));
    await expect(readImportInput('jsonl', join(root, 'in.jsonl'), schema)).rejects.toThrow(/FIFO/);
  });

  it('readRegularFile refuses a FIFO without waiting for a writer', async () => {
    const { root } = await corpusWithOutside({});
    mkfifo(join(root, 'p'));
    expect((await errorOf(readRegularFile(join(root, 'p'), 'p'))).code).toBe('unsupported');
  });
});

describe('export output', () => {
  it('--out through a symlink into the corpus is refused, and nothing is written there', async () => {
    const { root, outside } = await corpusWithOutside({ 'a.txt': 'Alice.\n' });
    await symlink(root, join(outside, 'into-corpus'));
    const corpus = await CorpusService.open(root);
    await expect(exportCorpus(corpus, { format: 'jsonl', out: join(outside, 'into-corpus', 'o.jsonl') })).rejects.toThrow(/inside the corpus/);
    expect(execFileSync('ls', [root]).toString().trim().split('\n')).toEqual(['a.txt']);
  });

  it('realTargetPath follows symlinks of the part that exists', async () => {
    const { root, outside } = await corpusWithOutside({});
    await symlink(root, join(outside, 'in'));
    expect(await realTargetPath(join(outside, 'in', 'new', 'file.txt'))).toBe(join(root, 'new', 'file.txt'));
  });
});
