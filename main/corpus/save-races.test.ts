// Saves that race: two writers of one sidecar (two windows, the CLI, a second
// process) must never both be told "saved" over the same version, and a
// program that writes without any lock between the check and the rename must
// not be overwritten.
import { spawn } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSidecar, serializeSidecar } from '../../app/sidecar/sidecar-io';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { nodeFs, type AtomicFs } from './atomic-write';
import { CorpusService } from './corpus-service';
import { addTagWithRetry } from './save-race-support';

afterEach(cleanupTempDirs);

const TEXT = 'Kim Min-jun met Li Wei in Tokyo on Tuesday.';

/** Starts save-race-child.ts; resolves `ready` once it is about to tag, `done` with its output when it exits 0. */
function startChild(root: string, count: number, prefix: string): { ready: Promise<void>; done: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'save-race-child.ts'), root, 'a.txt', String(count), prefix], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('ready\n')) onReady();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<string>((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve(out.slice('ready\n'.length)) : reject(new Error(`child exited ${code}: ${err}`))));
  });
  done.catch(() => onReady());
  return { ready, done };
}

async function corpusWithSidecar() {
  const sidecar = sidecarFor('a.txt', TEXT, [entity('k', TEXT, 0, 11)]);
  const root = await makeTempDir({ 'a.txt': TEXT, 'a.txt.annotations.json': serializeSidecar(sidecar) });
  return { root, sidecar, file: join(root, 'a.txt.annotations.json') };
}

async function idsOnDisk(file: string): Promise<string[]> {
  const parsed = parseSidecar(await readFile(file, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.sidecar.annotations.map((a) => a.id).sort();
}

describe('two saves sent at once with the same expected hash', () => {
  it.each([
    ['one service (one window saving twice)', false],
    ['two services (two windows)', true],
  ])('%s: exactly one succeeds, the other gets conflict, in every trial', async (_name, twoServices) => {
    for (let trial = 0; trial < 25; trial++) {
      const { root, sidecar, file } = await corpusWithSidecar();
      const one = await CorpusService.open(root);
      const two = twoServices ? await CorpusService.open(root) : one;
      const expected = (await one.readDocument('a.txt')).sidecarSha256 ?? null;
      const a = { ...sidecar, annotations: [...sidecar.annotations, entity('a', TEXT, 16, 22)] };
      const b = { ...sidecar, annotations: [...sidecar.annotations, entity('b', TEXT, 26, 31)] };
      const results = await Promise.allSettled([
        one.writeSidecar('a.txt', a, { expectedSha256: expected }),
        two.writeSidecar('a.txt', b, { expectedSha256: expected }),
      ]);
      const ok = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(ok).toHaveLength(1);
      expect(refused.map((r) => (r.reason as { code: string }).code)).toEqual(['conflict']);
      const winner = results[0]?.status === 'fulfilled' ? 'a' : 'b';
      expect(await idsOnDisk(file)).toEqual([winner, 'k'].sort());
      expect((await readdir(root)).sort()).toEqual(['a.txt', 'a.txt.annotations.json']);
    }
  });
});

describe('the check and the rename are one step', () => {
  it('a program that writes the sidecar (without a lock) while a save is under way is not overwritten: conflict', async () => {
    const { root, sidecar, file } = await corpusWithSidecar();
    const theirs = serializeSidecar({ ...sidecar, annotations: [...sidecar.annotations, entity('theirs', TEXT, 26, 31)] });
    // Another program writes the sidecar while ours is writing its temporary file, after our check.
    const fs: AtomicFs = {
      ...nodeFs,
      async open(path, flags, mode) {
        if (path.endsWith('.tmp')) await writeFile(file, theirs);
        return nodeFs.open(path, flags, mode);
      },
    };
    const corpus = await CorpusService.open(root, { fs });
    const doc = await corpus.readDocument('a.txt');
    const mine = { ...sidecar, annotations: [...sidecar.annotations, entity('mine', TEXT, 16, 22)] };
    await expect(corpus.writeSidecar('a.txt', mine, { expectedSha256: doc.sidecarSha256 ?? null })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('a.txt.annotations.json was changed by another program while it was being saved'),
    });
    expect(await readFile(file, 'utf8')).toBe(theirs);
    expect((await readdir(root)).sort()).toEqual(['a.txt', 'a.txt.annotations.json']);
  });
});

describe('a real second process racing this one', () => {
  it('loses no tag: both processes tag one document at once, retrying on conflict', async () => {
    const { root, file } = await corpusWithSidecar();
    const child = startChild(root, 100, 'child-');
    const corpus = await CorpusService.open(root);
    await child.ready;
    for (let i = 0; i < 100; i++) await addTagWithRetry(corpus, 'a.txt', `parent-${i}`);
    expect((await child.done).trim()).toBe('100');
    const ids = await idsOnDisk(file);
    expect(ids).toHaveLength(201);
    for (let i = 0; i < 100; i++) expect(ids).toEqual(expect.arrayContaining([`parent-${i}`, `child-${i}`]));
    expect((await readdir(root)).sort()).toEqual(['a.txt', 'a.txt.annotations.json']);
  }, 60_000);
});
