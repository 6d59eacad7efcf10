// The saved search index: reopening a corpus loads it and reads again only
// the documents that changed; a bad or foreign cache is ignored, never trusted.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotation } from '../../app/sidecar/sidecar-schema';
import type { SearchResponse } from '../../app/search/types';
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
/** The index of `root`, built and saved in a cache folder of its own: the file it is in. */
async function savedIndex(root: string): Promise<string> {
  const file = await indexCacheFile(await makeTempDir(), root);
  const first = await counted(root);
  await first.search.build();
  await saveIndexCache(file, first.search);
  return file;
}

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

/** An answer without what differs between two equal indexes (the time it took, the index's state). */
const answer = (r: SearchResponse) => ({ ...r, ms: 0, index: null });

/** An entity annotation over the first `needle` of `text` (ASCII texts: code points are UTF-16 units). */
function over(text: string, needle: string, id: string, label: string, extra: Partial<Annotation> = {}): Annotation {
  const start = text.indexOf(needle);
  if (start < 0) throw new Error(`${needle} not in text`);
  return { id, type: 'entity', label, start, end: start + needle.length, text: needle, prefix: '', suffix: '', ...extra };
}

/** Gives `path` in the corpus at `root` a sidecar with these annotations and document labels. */
async function annotate(root: string, path: string, annotations: (text: string) => Annotation[], categories: { name: string; value?: string }[] = []): Promise<void> {
  const corpus = await CorpusService.open(root);
  const opened = await corpus.readDocument(path);
  await corpus.writeSidecar(path, {
    format: 'marginalia-annotations',
    version: 3,
    source: { name: path.split('/').pop() as string, sha256: opened.sha256, length: opened.length },
    status: 'in-progress',
    categories,
    annotations: annotations(opened.text),
    relations: [],
  });
}

/** Cuts the file at `file` to `keep` of its bytes, or overwrites 4 bytes at `at` with `value` (little-endian). */
async function damage(file: string, change: { keep: number } | { at: number; value: number }): Promise<void> {
  const bytes = await readFile(file);
  if ('keep' in change) await writeFile(file, bytes.subarray(0, Math.floor(bytes.length * change.keep)));
  else {
    bytes.writeUInt32LE(change.value, change.at);
    await writeFile(file, bytes);
  }
}

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
    // The first format (JSON), or anything else that is not a saved index.
    await writeFile(file, '{"format": "marginalia-search-index", "version": 1, ');
    expect(await loadIndexCache(file, await fresh())).toMatchObject({ loaded: false, reason: expect.stringMatching(/not a saved search index.*rebuilding/) });

    // Saved for another folder (copied over by hand, say): not used here.
    const theirs = await counted(other);
    await theirs.search.build();
    await saveIndexCache(file, theirs.search);
    expect(await loadIndexCache(file, await fresh())).toMatchObject({ loaded: false, reason: expect.stringMatching(/not this corpus/) });

    const ours = await counted(root);
    await ours.search.build();
    await saveIndexCache(file, ours.search);
    const saved = await readFile(file);
    await damage(file, { at: 8, value: 1 });
    expect(await loadIndexCache(file, await fresh())).toMatchObject({ loaded: false, reason: expect.stringMatching(/another version of the cache \(1\).*rebuilding/) });
    // Cut short (a full disk, a copy interrupted), or a header that says more than the file holds.
    for (const keep of [0.5, 0.95]) {
      await writeFile(file, saved);
      await damage(file, { keep });
      expect(await loadIndexCache(file, await fresh()), `kept ${keep}`).toMatchObject({ loaded: false, reason: expect.stringMatching(/truncated.*rebuilding/) });
    }
    await writeFile(file, saved);
    await damage(file, { at: 12, value: 8 });
    expect(await loadIndexCache(file, await fresh())).toMatchObject({ loaded: false, reason: expect.stringMatching(/header is damaged.*rebuilding/) });

    // After any of these the build reads everything and search works.
    const rebuilt = await counted(root);
    await loadIndexCache(file, rebuilt.search);
    await rebuilt.search.build();
    expect(rebuilt.reads.length).toBe(3);
    expect(await paths(rebuilt.search, 'satellite')).toEqual(['seoul.txt', 'tokyo.txt']);
  });

  it('gives the same answers after a round trip: words, phrases, CJK, filters, document labels, hits and notes', async () => {
    const root = await makeTempDir(ARTICLES);
    await annotate(
      root,
      'tokyo.txt',
      (text) => [over(text, 'Japan', 'a1', 'GPE', { author: 'alice' }), over(text, 'United States', 'a2', 'GPE', { note: 'the partner nation' }), over(text, 'Tokyo', 'a3', 'GPE', { entity: 'e_tokyo' })],
      [{ name: 'topic', value: 'space' }, { name: 'opinion' }],
    );
    await annotate(root, 'sub/river.md', (text) => [over(text, 'dam report', 'b1', 'CLAIM', { type: 'claim', status: 'disputed' })], [{ name: 'topic', value: 'water' }]);
    const cache = await makeTempDir();
    const file = await indexCacheFile(cache, root);
    const first = await counted(root);
    await first.search.build();
    expect(await saveIndexCache(file, first.search)).toBe(true);
    // Unchanged since: not written again.
    expect(await saveIndexCache(file, first.search)).toBe(false);

    const second = await counted(root);
    expect(await loadIndexCache(file, second.search)).toEqual({ loaded: true, documents: 3 });
    const queries = ['satellite', 'satel', '"space cooperation"', '"satellite launch" -"dam"', '서울', '서울 officials', 'partner', 'label:GPE', 'label:gpe author:alice', 'entity:e_tokyo', 'status:disputed', 'category:topic', 'category:topic:water', 'category:topic -category:opinion', 'doc:in-progress', 'japan -spring', '-tokyo label:claim'];
    for (const q of queries) expect(answer(await second.search.search(q)), q).toEqual(answer(await first.search.search(q)));
    expect(second.reads).toEqual([]);
    expect(await paths(second.search, 'category:topic')).toEqual(['sub/river.md', 'tokyo.txt']);

    // The loaded index keeps current as the app saves sidecars, and saves again once it changed.
    const sidecar = { status: 'done' as const, annotations: [] };
    await second.search.updateAnnotations('tokyo.txt', sidecar);
    await first.search.updateAnnotations('tokyo.txt', sidecar);
    for (const q of ['partner', 'label:GPE', 'doc:done', 'japan']) expect(answer(await second.search.search(q)), q).toEqual(answer(await first.search.search(q)));
    expect(second.reads).toEqual([]);
    expect(await saveIndexCache(file, second.search)).toBe(true);
    const third = await counted(root);
    expect((await loadIndexCache(file, third.search)).loaded).toBe(true);
    for (const q of ['partner', 'label:GPE', 'doc:done', 'japan', 'category:topic']) expect(answer(await third.search.search(q)), q).toEqual(answer(await first.search.search(q)));
  });

  it('reads again on reopen a document whose sidecar alone changed, and only it', async () => {
    const root = await makeTempDir(ARTICLES);
    const file = await savedIndex(root);
    // Another program (or the app in another session) tags the Seoul article.
    await annotate(root, 'seoul.txt', (text) => [over(text, 'officials', 'c1', 'PERSON', { note: 'unnamed ministry staff' })]);
    const second = await counted(root);
    expect((await loadIndexCache(file, second.search)).loaded).toBe(true);
    await second.search.build();
    expect(second.reads).toEqual(['seoul.txt']);
    expect(await paths(second.search, 'label:person')).toEqual(['seoul.txt']);
    expect(await paths(second.search, 'ministry')).toEqual(['seoul.txt']);
  });

  it('answers from a loaded index at once while what changed is read in', async () => {
    const root = await makeTempDir(ARTICLES);
    const file = await savedIndex(root);
    await writeFile(join(root, 'seoul.txt'), 'Busan hosted the ministers this time.\n');

    // The refresh is held at its first step (listing the corpus) until the query has been answered.
    const source = corpusSearchSource(await CorpusService.open(root));
    let release = () => {};
    const listed = new Promise<void>((resolve) => (release = resolve));
    const search = new SearchService({ ...source, root: source.root, listPaths: async () => (await listed, source.listPaths()) });
    expect((await loadIndexCache(file, search)).loaded).toBe(true);
    const refresh = search.build();
    const during = await search.search('satellite');
    expect(during.index.state).toBe('building');
    expect(during.total).toBe(2); // as saved: seoul.txt is not read again yet
    release();
    expect(await refresh).toMatchObject({ complete: true, documents: 3 });
    expect((await search.search('satellite')).total).toBe(1);
    expect(await paths(search, 'busan')).toEqual(['seoul.txt']);
  });

  it('never saves a partial index, and never keeps the cache inside the corpus', async () => {
    const root = await makeTempDir(ARTICLES);
    const cache = await makeTempDir();
    const { search } = await counted(root);
    expect(await saveIndexCache(join(cache, 'x.json'), search)).toBe(false);
    await expect(indexCacheFile(join(root, '.marginalia', 'cache'), root)).rejects.toThrow(/must not be inside the corpus/);
  });
});
