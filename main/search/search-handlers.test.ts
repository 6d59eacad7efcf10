// The search channels with a cache folder: a build saves the index, and the
// next session's first build starts from it.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { createSearchHandlers } from './search-handlers';

afterEach(cleanupTempDirs);

describe('search handlers with a cache folder', () => {
  it('save the built index outside the corpus and load it in the next session', async () => {
    const root = await makeTempDir({ 'a.txt': 'Satellite launch in Tokyo.\n', 'b.txt': 'River flood warning.\n' });
    const cacheDir = await makeTempDir();
    const errors: unknown[] = [];
    const first = createSearchHandlers({ cacheDir, logError: (e) => errors.push(e) });
    first.corpusOpened(await CorpusService.open(root));
    expect((await first.handlers.buildSearchIndex({})).complete).toBe(true);
    await first.saved();
    expect((await readdir(join(cacheDir, 'search-index'))).filter((f) => f.endsWith('.index'))).toHaveLength(1);
    expect((await readdir(root)).sort()).toEqual(['a.txt', 'b.txt']);

    const second = createSearchHandlers({ cacheDir, logError: (e) => errors.push(e) });
    second.corpusOpened(await CorpusService.open(root));
    // Loaded before the build: the build has nothing left to read.
    const built = await second.handlers.buildSearchIndex({});
    expect(built).toMatchObject({ complete: true, documents: 2, problems: [] });
    expect(second.current()?.status()).toMatchObject({ state: 'ready', indexed: 2 });
    expect((await second.handlers.searchCorpus({ query: 'satellite' })).results.map((r) => r.path)).toEqual(['a.txt']);
    expect(errors).toEqual([]);
  });
});
