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
import type { SearchService, SearchSnapshot } from './search-service';

const FORMAT = 'marginalia-search-index';
/** Bump when SearchSnapshot, the tokenizer or MiniSearch's options change: older files are then ignored. */
export const CACHE_VERSION = 1;

interface CacheFile {
  format: typeof FORMAT;
  version: number;
  root: string;
  mini: SearchSnapshot['mini'];
  terms: string[];
  records: (Omit<SearchSnapshot['records'][number], 'seq' | 'keys'> & { keys: string[]; seq: string; wide: boolean })[];
}

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
  return join(dir, 'search-index', `${key}.json`);
}

function encodeSeq(seq: Uint16Array | Uint32Array): string {
  return Buffer.from(seq.buffer, seq.byteOffset, seq.byteLength).toString('base64');
}

function decodeSeq(text: string, wide: boolean): Uint16Array | Uint32Array {
  const bytes = Buffer.from(text, 'base64');
  // A copy: the decoded buffer may be a slice of Node's pool, not aligned for the view.
  const copy = new Uint8Array(bytes);
  return wide ? new Uint32Array(copy.buffer, 0, copy.byteLength / 4) : new Uint16Array(copy.buffer, 0, copy.byteLength / 2);
}

/** Saves the index of `search` (when complete) for its corpus; returns whether it wrote. */
export async function saveIndexCache(file: string, search: SearchService): Promise<boolean> {
  const snapshot = search.snapshot();
  if (!snapshot) return false;
  const data: CacheFile = {
    format: FORMAT,
    version: CACHE_VERSION,
    root: await realpath(search.root),
    mini: snapshot.mini,
    terms: [...snapshot.terms],
    records: snapshot.records.map(({ seq, keys, ...r }) => ({ ...r, keys: [...keys], seq: encodeSeq(seq), wide: seq instanceof Uint32Array })),
  };
  await mkdir(dirname(file), { recursive: true });
  // Written beside, then renamed: a crash leaves the old copy or the new one, never half of one.
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(data));
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  return true;
}

/**
 * Loads a saved index into `search` (before its first build). Returns why
 * not when it did not ('none', or a reason to log): the caller then simply
 * builds from scratch.
 */
export async function loadIndexCache(file: string, search: SearchService): Promise<{ loaded: true; documents: number } | { loaded: false; reason: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { loaded: false, reason: 'none' };
    return { loaded: false, reason: `${file}: ${(e as Error).message}` };
  }
  let data: CacheFile;
  try {
    data = JSON.parse(text) as CacheFile;
  } catch (e) {
    return { loaded: false, reason: `${file}: not JSON (${(e as Error).message}); rebuilding the index` };
  }
  if (data?.format !== FORMAT || data.version !== CACHE_VERSION) return { loaded: false, reason: `${file}: another version of the cache; rebuilding the index` };
  if (data.root !== (await realpath(search.root))) return { loaded: false, reason: `${file}: saved for ${data.root}, not this corpus; rebuilding the index` };
  try {
    const records = data.records.map(({ seq, wide, keys, ...r }) => ({ ...r, keys: new Set(keys), seq: decodeSeq(seq, wide) }));
    const restored = await search.restore({ mini: data.mini, terms: data.terms, records });
    return restored ? { loaded: true, documents: records.length } : { loaded: false, reason: 'the index was already built' };
  } catch (e) {
    return { loaded: false, reason: `${file}: unreadable (${(e as Error).message}); rebuilding the index` };
  }
}
