// A file removed by another writer between resolveTargetInside's two looks
// (lstat, then realpath): it is missing, and is written as a new file, not
// refused as "a symlink to a missing file". Seen in a soak of
// concurrent-writers.test.ts: an import's write journal, removed as the
// import finished, failed a window's save with that message.
import { symlink, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { resolveTargetInside } from './paths';

const removeBeforeRealpath = { path: null as string | null };

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const realpath = (async (p: string, ...rest: []) => {
    if (removeBeforeRealpath.path === p) {
      removeBeforeRealpath.path = null;
      await fs.unlink(p);
    }
    return fs.realpath(p, ...rest);
  }) as typeof fs.realpath;
  return { ...fs, default: { ...fs, realpath }, realpath };
});

afterEach(async () => {
  removeBeforeRealpath.path = null;
  await cleanupTempDirs();
});

describe('resolveTargetInside while another writer removes the file', () => {
  it('takes a file removed between its two looks as missing', async () => {
    const root = await makeTempDir({ '.marginalia/write-journal.json': '{}' });
    const target = join(root, '.marginalia', 'write-journal.json');
    removeBeforeRealpath.path = target;
    await expect(resolveTargetInside(root, '.marginalia/write-journal.json')).resolves.toBe(target);
  });

  it('still refuses a symlink to a missing file', async () => {
    const root = await makeTempDir({ 'a.txt': 'x' });
    await symlink(join(root, 'nowhere.json'), join(root, 'a.txt.annotations.json'));
    await expect(resolveTargetInside(root, 'a.txt.annotations.json')).rejects.toThrow('is a symlink to a missing file');
    await unlink(join(root, 'a.txt.annotations.json'));
  });
});
