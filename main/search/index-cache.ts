// The search index kept between sessions, so reopening a large corpus makes
// it searchable from what was saved, reading again only the documents whose
// signature (sizes and modification times of the file and its sidecar)
// changed. It lives in the app's cache folder, one file per corpus named
// after a hash of the corpus's real path: never inside the corpus, which is
// the analysts' data (and may be a git repository).
//
// A cache is only ever a shortcut: one that is missing, unreadable, of
// another version or for another folder is ignored (the index is built
// afresh) and replaced at the next save.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { CacheFormatError, decodeIndex, encodeIndex, warmRecords } from './index-codec';
import type { SearchService } from './search-service';
import { TimeSlices, yieldToEventLoop } from '../corpus/map-in-slices';

export { CACHE_VERSION } from './index-codec';


function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The cache file of the corpus at `corpusRoot` under `cacheDir` (the app's
 * cache folder). Refuses a cache folder inside the corpus.
 */
export async function indexCacheFile(cacheDir: string, corpusRoot: string): Promise<string> {
  const root = await realpath(corpusRoot);
  const dir = resolve(cacheDir);
  const realDir = await realpath(dir).catch(() => dir);
  if (isInside(root, realDir)) throw new Error(`the search index cache (${dir}) must not be inside the corpus (${root})`);
  const key = createHash('sha256').update(root).digest('hex').slice(0, 24);
  return join(dir, 'search-index', `${key}.index`);
}

/** A slice function that yields once a slice is spent and gives up when `alive()` turns false. */
function slicer(alive: () => boolean): () => Promise<boolean> {
  const slices = new TimeSlices();
  return async () => {
    await slices.pause();
    return alive();
  };
}

/** The revision of each service's index as last saved or loaded: an unchanged index is not written again. */
const savedRevision = new WeakMap<SearchService, number>();

/**
 * Saves the index of `search` (when complete, and changed since it was last
 * saved or loaded) for its corpus; returns whether it wrote. The work is
 * done in slices; an index changed meanwhile is not saved (the next build
 * saves it).
 */
export async function saveIndexCache(file: string, search: SearchService): Promise<boolean> {
  const snapshot = search.snapshot();
  if (!snapshot || savedRevision.get(search) === snapshot.revision) return false;
  const root = await realpath(search.root);
  const alive = () => search.snapshotRevision() === snapshot.revision;
  const parts = await encodeIndex(root, snapshot, slicer(alive));
  if (!parts || !alive()) return false;
  await mkdir(dirname(file), { recursive: true });
  // Written beside, then renamed: a crash leaves the old copy or the new one, never half of one.
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, parts);
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  savedRevision.set(search, snapshot.revision);
  // The first format's file (version 1, JSON) is left from an older version of the app.
  if (file.endsWith('.index')) await rm(`${file.slice(0, -'.index'.length)}.json`, { force: true }).catch(() => undefined);
  return true;
}

/**
 * Loads a saved index into `search` (before its first build). Returns why
 * not when it did not ('none', or a reason to log): the caller then simply
 * builds from scratch. The records' annotations are parsed afterwards, in
 * slices.
 */
export async function loadIndexCache(file: string, search: SearchService): Promise<{ loaded: true; documents: number } | { loaded: false; reason: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { loaded: false, reason: 'none' };
    return { loaded: false, reason: `${file}: ${(e as Error).message}` };
  }
  try {
    const contents = decodeIndex(bytes, await realpath(search.root), search.miniOptions());
    if (!search.restore(contents)) return { loaded: false, reason: 'the index was already built' };
    savedRevision.set(search, search.snapshotRevision());
    // A few documents at a time, after the refresh that follows a load (parsing meanwhile would only slow it down).
    void warmRecords(contents.records, async () => {
      await yieldToEventLoop();
      await search.settled();
      return !search.isDisposed();
    });
    return { loaded: true, documents: contents.records.length };
  } catch (e) {
    const why = e instanceof CacheFormatError ? e.message : `unreadable (${(e as Error).message})`;
    return { loaded: false, reason: `${file}: ${why}; rebuilding the index` };
  }
}
