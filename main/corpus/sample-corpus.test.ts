import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareSampleCorpus } from './sample-corpus';

const made: string[] = [];
async function temp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'marginalia-sample-'));
  made.push(d);
  return d;
}
afterEach(async () => {
  for (const d of made.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('prepareSampleCorpus', () => {
  it('copies the bundled corpus once and then leaves the copy alone', async () => {
    const bundled = await temp();
    await mkdir(join(bundled, 'culture'));
    await writeFile(join(bundled, 'a.txt'), 'alpha');
    await writeFile(join(bundled, 'culture', 'b.txt'), 'beta');
    const userData = await temp();
    const first = prepareSampleCorpus(bundled, userData);
    expect(first).toEqual({ root: join(userData, 'sample-corpus') });
    expect(await readFile(join(first.root, 'culture', 'b.txt'), 'utf8')).toBe('beta');
    // The analyst's work in the copy survives the next start, even if the bundle changes.
    await writeFile(join(first.root, 'a.txt.annotations.json'), '{}');
    await writeFile(join(bundled, 'a.txt'), 'changed');
    const second = prepareSampleCorpus(bundled, userData);
    expect(second.root).toBe(first.root);
    expect(await readFile(join(first.root, 'a.txt'), 'utf8')).toBe('alpha');
    expect((await readdir(first.root)).sort()).toEqual(['a.txt', 'a.txt.annotations.json', 'culture']);
  });

  it('falls back to the bundled folder, saying why, when the copy cannot be made', async () => {
    const bundled = await temp();
    await writeFile(join(bundled, 'a.txt'), 'alpha');
    // A user-data "folder" that is a file: the copy fails for any user, root included.
    const blocker = join(await temp(), 'not-a-folder');
    await writeFile(blocker, '');
    const result = prepareSampleCorpus(bundled, blocker);
    expect(result.root).toBe(bundled);
    expect(result.problem).toMatch(/Could not copy the sample corpus to .*not-a-folder/);
  });
});
