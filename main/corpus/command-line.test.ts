import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { findCorpusArgument } from './command-line';

afterEach(cleanupTempDirs);

describe('findCorpusArgument', () => {
  it('finds the folder after the app path in development (electron . <folder>)', async () => {
    const cwd = await makeTempDir({ 'corpus/a.txt': 'a' });
    expect(findCorpusArgument(['/x/electron', '.', 'corpus'], { defaultApp: true, cwd })).toEqual({ folder: join(cwd, 'corpus') });
    // The app path '.' is itself a folder, and is not taken for the corpus.
    expect(findCorpusArgument(['/x/electron', '.'], { defaultApp: true, cwd })).toBeNull();
  });

  it("skips Playwright's switches and the script it launches", async () => {
    const cwd = await makeTempDir({ 'corpus/a.txt': 'a', 'out/main/index.js': '' });
    const argv = ['/x/electron', '--inspect=0', '--remote-debugging-port=0', 'out/main/index.js', join(cwd, 'corpus')];
    expect(findCorpusArgument(argv, { defaultApp: true, cwd })).toEqual({ folder: join(cwd, 'corpus') });
  });

  it('takes arguments after -- and in a packaged app everything after the executable', async () => {
    const cwd = await makeTempDir({ 'corpus/a.txt': 'a' });
    expect(findCorpusArgument(['/x/electron', 'out/main/index.js', '--', 'corpus'], { defaultApp: true, cwd })).toEqual({ folder: join(cwd, 'corpus') });
    expect(findCorpusArgument(['/opt/marginalia-app', '--no-sandbox', 'corpus'], { defaultApp: false, cwd })).toEqual({ folder: join(cwd, 'corpus') });
    expect(findCorpusArgument(['/opt/marginalia-app'], { defaultApp: false, cwd })).toBeNull();
  });

  it('returns a missing folder so the app can say it could not open it', async () => {
    const cwd = await makeTempDir({ 'file.txt': 'x' });
    expect(findCorpusArgument(['/opt/marginalia-app', 'nope'], { defaultApp: false, cwd })).toEqual({ missing: join(cwd, 'nope') });
    expect(findCorpusArgument(['/opt/marginalia-app', 'file.txt'], { defaultApp: false, cwd })).toEqual({ missing: join(cwd, 'file.txt') });
  });
});
