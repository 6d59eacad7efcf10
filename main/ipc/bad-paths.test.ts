// Paths and arguments from the renderer are untrusted: more ways to try to
// leave the corpus through IPC, on top of dispatch.test.ts. Every one is
// refused as data (an error envelope), nothing outside is read or written.
import { readFile, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupTempDirs, makeTempDir, sidecarFor } from '../test-support';
import { dispatch } from './dispatch';
import { createHandlers } from './handlers';

afterEach(cleanupTempDirs);

async function setup() {
  const parent = await makeTempDir({ 'secret.txt': 'outside', 'corpus/a.txt': 'inside', 'corpus/sub/b.txt': 'b', 'sample/s.txt': 's' });
  const root = join(parent, 'corpus');
  await symlink(join(parent, 'secret.txt'), join(root, 'sub/link.txt'));
  const handlers = createHandlers({
    chooseFolder: async () => null,
    settings: { getRecent: () => [], addRecent: () => {} },
    sampleCorpusRoot: join(parent, 'sample'),
    initialCorpus: root,
  });
  await dispatch(handlers, 'getStartup', {});
  return { handlers, parent, root };
}

describe('paths through IPC', () => {
  it.each([
    ['a Windows drive path', 'C:\\Windows\\win.ini', 'outside-corpus'],
    ['a Windows drive path with slashes', 'C:/secret.txt', 'outside-corpus'],
    ['a UNC path', '\\\\server\\share\\secret.txt', 'outside-corpus'],
    ['a doubled slash', '//etc/passwd', 'outside-corpus'],
    ['a dot segment', './a.txt', 'outside-corpus'],
    ['an empty segment', 'sub//b.txt', 'outside-corpus'],
    ['a trailing slash', 'sub/', 'outside-corpus'],
    ['backslash traversal inside', 'sub\\..\\..\\secret.txt', 'outside-corpus'],
    ['traversal at the end', 'sub/..', 'outside-corpus'],
    ['a symlink inside leading out', 'sub/link.txt', 'outside-corpus'],
    ['a URL-encoded traversal (a literal name here)', '%2e%2e/secret.txt', 'not-found'],
    ['a file URL', 'file:///etc/passwd', 'outside-corpus'],
  ])('%s (%j) is refused', async (_what, path, code) => {
    const { handlers, parent } = await setup();
    const read = await dispatch(handlers, 'openDocument', { path });
    expect(read).toMatchObject({ ok: false, error: { code } });
    const write = await dispatch(handlers, 'saveSidecar', { path, sidecar: sidecarFor('secret.txt', 'outside') });
    expect(write.ok).toBe(false);
    expect(await readFile(join(parent, 'secret.txt'), 'utf8')).toBe('outside');
    expect((await readdir(parent)).sort()).toEqual(['corpus', 'sample', 'secret.txt']);
  });

  it.each([
    ['an empty path', { path: '' }],
    ['a path over 4096 characters', { path: `${'a/'.repeat(2100)}a.txt` }],
    ['a NUL', { path: 'a.txt\0' }],
    ['an array', { path: ['a.txt'] }],
    ['an object', { path: { toString: 'a.txt' } }],
    ['a number', { path: 1 }],
    ['extra keys', { path: 'a.txt', root: '/' }],
  ])('%s is refused at the contract', async (_what, args) => {
    const { handlers } = await setup();
    expect(await dispatch(handlers, 'openDocument', args)).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
  });

  it('a malformed expectedSha256 is refused at the contract, before anything is written', async () => {
    const { handlers, root } = await setup();
    for (const expectedSha256 of ['abc', 'A'.repeat(64), 42, '../x'.padEnd(64, '0')]) {
      const result = await dispatch(handlers, 'saveSidecar', { path: 'a.txt', sidecar: sidecarFor('a.txt', 'inside'), expectedSha256 });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-arguments', message: expect.stringContaining('expectedSha256') } });
    }
    expect(await readdir(root)).toEqual(['a.txt', 'sub']);
  });
});
