import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { CorpusError, isInside, resolveInside, resolveTargetInside, splitRelPath } from './paths';

afterEach(cleanupTempDirs);

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CorpusError);
    return (e as CorpusError).code;
  }
  throw new Error('expected a CorpusError');
}

describe('splitRelPath', () => {
  it('accepts plain relative paths', () => {
    expect(splitRelPath('a.txt')).toEqual(['a.txt']);
    expect(splitRelPath('sub/folder/b.md')).toEqual(['sub', 'folder', 'b.md']);
    expect(splitRelPath('.marginalia/schema.json')).toEqual(['.marginalia', 'schema.json']);
    expect(splitRelPath('..a/b..')).toEqual(['..a', 'b..']);
  });

  it.each([
    ['../x', 'outside-corpus'],
    ['a/../../b', 'outside-corpus'],
    ['a/..', 'outside-corpus'],
    ['/etc/passwd', 'outside-corpus'],
    ['C:/Windows/win.ini', 'outside-corpus'],
    ['C:\\Windows', 'outside-corpus'],
    ['\\\\server\\share', 'outside-corpus'],
    ['a\\..\\..\\b', 'outside-corpus'],
    ['..\\x', 'outside-corpus'],
    ['./a', 'outside-corpus'],
    ['a//b', 'outside-corpus'],
    ['a/', 'outside-corpus'],
    ['a\0b', 'invalid-arguments'],
    ['', 'invalid-arguments'],
  ])('rejects %j as %s, naming it', (rel, code) => {
    let error: unknown;
    try {
      splitRelPath(rel);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as CorpusError).code).toBe(code);
    if (rel) expect((error as CorpusError).message).toContain(JSON.stringify(rel));
  });
});

describe('isInside', () => {
  it('compares whole path segments', () => {
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/b/c')).toBe(true);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/a')).toBe(false);
    expect(isInside('/', '/etc')).toBe(true);
  });
});

describe('resolveInside', () => {
  it('returns the real path of a file inside the root', async () => {
    const root = await makeTempDir({ 'sub/a.txt': 'x' });
    expect(await resolveInside(root, 'sub/a.txt')).toBe(join(root, 'sub/a.txt'));
  });

  it('follows a symlink that stays inside the root', async () => {
    const root = await makeTempDir({ 'sub/a.txt': 'x' });
    await symlink(join(root, 'sub/a.txt'), join(root, 'link.txt'));
    expect(await resolveInside(root, 'link.txt')).toBe(join(root, 'sub/a.txt'));
  });

  it('refuses a symlink (file or folder) that leads outside, naming the path', async () => {
    const outside = await makeTempDir({ 'secret.txt': 'secret' });
    const root = await makeTempDir();
    await symlink(join(outside, 'secret.txt'), join(root, 'leak.txt'));
    await symlink(outside, join(root, 'leakdir'));
    await expect(resolveInside(root, 'leak.txt')).rejects.toMatchObject({ code: 'outside-corpus', message: expect.stringContaining('leak.txt') });
    await expect(resolveInside(root, 'leakdir/secret.txt')).rejects.toMatchObject({ code: 'outside-corpus' });
  });

  it('says not-found for a missing file', async () => {
    const root = await makeTempDir();
    expect(await codeOf(resolveInside(root, 'missing.txt'))).toBe('not-found');
  });

  it('refuses traversal even where the target exists', async () => {
    const parent = await makeTempDir({ 'root/a.txt': 'a', 'b.txt': 'b' });
    const root = join(parent, 'root');
    expect(await codeOf(resolveInside(root, '../b.txt'))).toBe('outside-corpus');
    expect(await codeOf(resolveInside(root, join(parent, 'b.txt')))).toBe('outside-corpus');
  });
});

describe('resolveTargetInside', () => {
  it('allows a file that does not exist yet in a folder inside the root', async () => {
    const root = await makeTempDir({ 'sub/a.txt': 'x' });
    expect(await resolveTargetInside(root, 'sub/new.json')).toBe(join(root, 'sub/new.json'));
    expect(await resolveTargetInside(root, 'new.json')).toBe(join(root, 'new.json'));
  });

  it('refuses a folder symlinked outside, an existing symlink outside and a dangling symlink', async () => {
    const outside = await makeTempDir({ 'x.json': '{}' });
    const root = await makeTempDir();
    await symlink(outside, join(root, 'out'));
    await symlink(join(outside, 'x.json'), join(root, 'to-outside.json'));
    await symlink(join(outside, 'missing.json'), join(root, 'dangling.json'));
    expect(await codeOf(resolveTargetInside(root, 'out/new.json'))).toBe('outside-corpus');
    expect(await codeOf(resolveTargetInside(root, 'to-outside.json'))).toBe('outside-corpus');
    expect(await codeOf(resolveTargetInside(root, 'dangling.json'))).toBe('outside-corpus');
  });

  it('says not-found when the folder is missing', async () => {
    const root = await makeTempDir({ 'a.txt': '' });
    expect(await codeOf(resolveTargetInside(root, 'nope/x.json'))).toBe('not-found');
    expect(await codeOf(resolveTargetInside(root, 'a.txt/x.json'))).toBe('not-found');
  });
});
