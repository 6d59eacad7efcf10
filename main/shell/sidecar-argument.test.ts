import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { findCorpusArgument } from '../corpus/command-line';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { sidecarToFolder } from './sidecar-argument';

afterEach(cleanupTempDirs);

describe('sidecarToFolder', () => {
  it('turns an existing sidecar into its folder, relative or absolute', async () => {
    const dir = await makeTempDir({ 'sub/a.txt': 'A', 'sub/a.txt.annotations.json': '{}', 'sub/b.ANNOTATIONS.JSON': '{}' });
    expect(sidecarToFolder(join(dir, 'sub/a.txt.annotations.json'), '/elsewhere')).toBe(join(dir, 'sub'));
    expect(sidecarToFolder('sub/a.txt.annotations.json', dir)).toBe(join(dir, 'sub'));
    expect(sidecarToFolder('sub/b.ANNOTATIONS.JSON', dir)).toBe(join(dir, 'sub'));
  });

  it('leaves everything else alone', async () => {
    const dir = await makeTempDir({ 'a.txt': 'A', 'folder.annotations.json/x': '' });
    for (const arg of ['a.txt', 'missing.annotations.json', 'folder.annotations.json', '--flag.annotations.json', dir, '']) {
      expect(sidecarToFolder(arg, dir)).toBe(arg);
    }
  });

  it('makes the packaged app open the corpus a sidecar belongs to', async () => {
    const dir = await makeTempDir({ 'a.txt': 'A', 'a.txt.annotations.json': '{}' });
    const argv = ['/opt/Marginalia/marginalia', '--no-sandbox', join(dir, 'a.txt.annotations.json')].map((a) => sidecarToFolder(a, '/'));
    expect(findCorpusArgument(argv, { defaultApp: false, cwd: '/' })).toEqual({ folder: dir });
  });
});
