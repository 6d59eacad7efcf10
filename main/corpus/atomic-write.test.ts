import { readFile, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { atomicWriteFile, nodeFs, removeStaleTempsUnder, writeIfAbsent, writeNewFile } from './atomic-write';
import { ioError, plainErrorReason } from './paths';

afterEach(cleanupTempDirs);

describe('atomicWriteFile', () => {
  it('creates or replaces a file, leaving nothing else behind', async () => {
    const dir = await makeTempDir({ 'x.json': 'old' });
    await atomicWriteFile(join(dir, 'x.json'), 'new');
    await atomicWriteFile(join(dir, 'y.json'), new Uint8Array([0x7b, 0x7d]));
    expect(await readFile(join(dir, 'x.json'), 'utf8')).toBe('new');
    expect(await readFile(join(dir, 'y.json'), 'utf8')).toBe('{}');
    expect((await readdir(dir)).sort()).toEqual(['x.json', 'y.json']);
  });

  it('rethrows the failure with its code and removes its temporary file', async () => {
    const dir = await makeTempDir({ 'x.json': 'old' });
    const fail = Object.assign(new Error('no space'), { code: 'ENOSPC' });
    const fs = { ...nodeFs, rename: async () => Promise.reject(fail) };
    await expect(atomicWriteFile(join(dir, 'x.json'), 'new', { fs })).rejects.toBe(fail);
    expect(await readdir(dir)).toEqual(['x.json']);
    expect(await readFile(join(dir, 'x.json'), 'utf8')).toBe('old');
  });
});

describe('removeStaleTempsUnder', () => {
  it("removes old temporary files in any folder, not recent ones, other files, or git's", async () => {
    const dir = await makeTempDir({
      'x.json': '{}',
      'x.json.0123456789ab.tmp': 'stale',
      'x.json.abcdef012345.tmp': 'recent',
      'sub/deeper/y.json.0123456789ab.tmp': 'stale, deeper',
      '.marginalia/schema.json.0123456789ab.tmp': 'stale, in .marginalia',
      '.git/z.0123456789ab.tmp': "git's own",
      'x.json.notes.tmp': 'not one of ours',
    });
    const old = new Date(Date.now() - 3_600_000);
    for (const n of ['x.json.0123456789ab.tmp', 'sub/deeper/y.json.0123456789ab.tmp', '.marginalia/schema.json.0123456789ab.tmp', '.git/z.0123456789ab.tmp', 'x.json.notes.tmp']) {
      await utimes(join(dir, n), old, old);
    }
    expect((await removeStaleTempsUnder(dir, nodeFs, 60_000)).sort()).toEqual(
      [join(dir, '.marginalia/schema.json.0123456789ab.tmp'), join(dir, 'sub/deeper/y.json.0123456789ab.tmp'), join(dir, 'x.json.0123456789ab.tmp')].sort(),
    );
    expect((await readdir(dir)).sort()).toEqual(['.git', '.marginalia', 'sub', 'x.json', 'x.json.abcdef012345.tmp', 'x.json.notes.tmp']);
    expect(await readdir(join(dir, '.git'))).toEqual(['z.0123456789ab.tmp']);
  });

  it('is not what a save does: a write lists no folder', async () => {
    const dir = await makeTempDir({ 'x.json': 'old' });
    let listed = 0;
    const fs = { ...nodeFs, readdir: async (p: string) => (listed++, nodeFs.readdir(p)) };
    await atomicWriteFile(join(dir, 'x.json'), 'new', { fs });
    expect(listed).toBe(0);
    expect(await readFile(join(dir, 'x.json'), 'utf8')).toBe('new');
  });
});

describe('writeNewFile and writeIfAbsent', () => {
  it('never replace an existing file', async () => {
    const dir = await makeTempDir({ 'b.bak': 'first' });
    expect(await writeNewFile(join(dir, 'b'), '.bak', new TextEncoder().encode('second'))).toBe(join(dir, 'b-1.bak'));
    expect(await readFile(join(dir, 'b.bak'), 'utf8')).toBe('first');
    expect(await writeIfAbsent(join(dir, 'b.bak'), new TextEncoder().encode('third'))).toBe(false);
    expect(await readFile(join(dir, 'b.bak'), 'utf8')).toBe('first');
    expect(await writeIfAbsent(join(dir, 'c.bak'), new TextEncoder().encode('c'))).toBe(true);
  });

  it('remove a partial copy when writing fails', async () => {
    const dir = await makeTempDir();
    const fs = {
      ...nodeFs,
      async open(path: string, flags: string, mode?: number) {
        const real = await nodeFs.open(path, flags, mode);
        return { ...real, writeFile: async () => Promise.reject(Object.assign(new Error('full'), { code: 'ENOSPC' })), sync: () => real.sync(), close: () => real.close() };
      },
    };
    await expect(writeNewFile(join(dir, 'b'), '.bak', new Uint8Array([1]), fs)).rejects.toMatchObject({ code: 'ENOSPC' });
    await expect(writeIfAbsent(join(dir, 'c.bak'), new Uint8Array([1]), fs)).rejects.toMatchObject({ code: 'ENOSPC' });
    await writeFile(join(dir, 'marker'), '');
    expect(await readdir(dir)).toEqual(['marker']);
  });
});

describe('plain error messages', () => {
  it('say what a system error means, with its code', () => {
    const e = (code: string) => Object.assign(new Error(`${code}: raw`), { code });
    expect(plainErrorReason(e('ENOSPC'))).toBe('the disk is full (ENOSPC)');
    expect(plainErrorReason(e('EACCES'))).toMatch(/^permission denied .*\(EACCES\)$/);
    expect(plainErrorReason(e('EROFS'))).toBe('the disk is read-only (EROFS)');
    expect(plainErrorReason(e('EWEIRD'))).toBe('EWEIRD: raw');
    expect(ioError(e('ENOSPC'), 'a.txt.annotations.json').message).toBe('a.txt.annotations.json: the disk is full (ENOSPC)');
    expect(ioError(e('ENOENT'), 'a.txt')).toMatchObject({ code: 'not-found', message: 'a.txt does not exist' });
  });
});
