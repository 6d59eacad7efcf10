// The saved search index: reopening a corpus loads it and reads again only
// the documents that changed; a bad or foreign cache is ignored, never trusted.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { indexCacheFile, loadIndexCache, saveIndexCache } from './index-cache';
import { SearchService, corpusSearchSource, type SearchSource } from './search-service';

afterEach(cleanupTempDirs);

const ARTICLES: Record<string, string> = {
  'tokyo.txt': 'Japan and the United States agreed on space cooperation in Tokyo.\nThe satellite launch is planned for spring.\n',
  'seoul.txt': '서울 officials welcomed the satellite agreement on Monday.\n',
  'sub/river.md': 'Flood warnings along the river were lifted after the dam report.\n',
};

/** A search over the corpus at `root` that counts the documents it reads. */
async function counted(root: string): Promise<{ search: SearchService; reads: string[] }> {
  const source = corpusSearchSource(await CorpusService.open(root));
  const reads: string[] = [];
  const counting: SearchSource = {
    ...source,
    root: source.root,
    listPaths: () => source.listPaths(),
    signature: (p) => source.signature(p),
    readText: (p) => source.readText(p),
    read: (p) => {
      reads.push(p);
      return source.read(p);
    },
  };
  return { search: new SearchService(counting), reads };
}

const paths = async (search: SearchService, q: string) => (await search.search(q)).results.map((r) => r.path).sort();

describe('search index cache', () => {
  it('reopening loads the saved index and reads only what changed', async () => {
    const root = await makeTempDir(ARTICLES);
    const cache = await makeTempDir();
    const file = await indexCacheFile(cache, root);
    expect(file.startsWith(join(cache, 'search-index'))).toBe(true);

    const first = await counted(root);
    await first.search.build();
    expect(first.reads.sort()).toEqual(['seoul.txt', 'sub/river.md', 'tokyo.txt']);
    expect(await saveIndexCache(file, first.search)).toBe(true);

    // Reopen, nothing changed: searchable without reading a single document.
    const second = await counted(root);
    expect(await loadIndexCache(file, second.search)).toEqual({ loaded: true, documents: 3 });
    await second.search.build();
    expect(second.reads).toEqual([]);
    for (const q of ['satellite', '"space cooperation"', 'dam', '서울', 'tokyo -spring']) expect(await paths(second.search, q), q).toEqual(await paths(first.search, q));
    expect(await paths(second.search, 'satellite')).toEqual(['seoul.txt', 'tokyo.txt']);

    // One document changed, one deleted, one added: only the changed and the new are read.
    await writeFile(join(root, 'seoul.txt'), 'Busan hosted the ministers this time.\n');
    await writeFile(join(root, 'new.txt'), 'A new satellite article.\n');
    await rm(join(root, 'sub/river.md'));
    const third = await counted(root);
    expect((await loadIndexCache(file, third.search)).loaded).toBe(true);
    await third.search.build();
    expect(third.reads.sort()).toEqual(['new.txt', 'seoul.txt']);
    expect(await paths(third.search, 'satellite')).toEqual(['new.txt', 'tokyo.txt']);
    expect(await paths(third.search, 'busan')).toEqual(['seoul.txt']);
    expect(await paths(third.search, 'dam')).toEqual([]);
  });

  it('ignores a missing, corrupt, older or foreign cache, and builds afresh', async () => {
    const root = await makeTempDir(ARTICLES);
    const other = await makeTempDir(ARTICLES);
    const cache = await makeTempDir();
    const file = await indexCacheFile(cache, root);
    const fresh = async () => (await counted(root)).search;
    expect(await loadIndexCache(file, await fresh())).toEqual({ loaded: false, reason: 'none' });

    await mkdir(join(cache, 'search-index'), { recursive: true });
    await writeFile(file, '{"format": "marginalia-search-index", "version": 1, ');
    expect(await loadIndexCache(file, await fresh())).toMatchObject({ loaded: false, reason: expect.stringMatching(/not JSON.*rebuilding/) });

    // Saved for another folder (copied over by hand, say): not used here.
    const theirs = await counted(other);
    await theirs.search.build();
    await saveIndexCache(file, theirs.search);
    expect(await loadIndexCache(file, await fresh())).toMatchObject({ loaded: false, reason: expect.stringMatching(/not this corpus/) });

    const ours = await counted(root);
    await ours.search.build();
    await saveIndexCache(file, ours.search);
    const saved = JSON.parse(await readFile(file, 'utf8')) as { version: number };
    await writeFile(file, JSON.stringify({ ...saved, version: 0 }));
    expect(await loadIndexCache(file, await fresh())).toMatchObject({ loaded: false, reason: expect.stringMatching(/another version/) });

    // After any of these the build reads everything and search works.
    const rebuilt = await counted(root);
    await loadIndexCache(file, rebuilt.search);
    await rebuilt.search.build();
    expect(rebuilt.reads.length).toBe(3);
    expect(await paths(rebuilt.search, 'satellite')).toEqual(['seoul.txt', 'tokyo.txt']);
  });

  it('never saves a partial index, and never keeps the cache inside the corpus', async () => {
    const root = await makeTempDir(ARTICLES);
    const cache = await makeTempDir();
    const { search } = await counted(root);
    expect(await saveIndexCache(join(cache, 'x.json'), search)).toBe(false);
    await expect(indexCacheFile(join(root, '.marginalia', 'cache'), root)).rejects.toThrow(/must not be inside the corpus/);
  });
});
