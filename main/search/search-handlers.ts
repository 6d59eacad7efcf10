// The search channels of the IPC contract, over one SearchService per open
// corpus. main/ipc/handlers.ts creates this, tells it when a corpus is opened
// and when a sidecar is saved, and spreads `handlers` into its own.
import type { ArgsOf, ResultOf } from '../../app/ipc/contract';
import type { IndexableSidecar } from '../../app/search/document-model';
import type { SearchIndexProgress } from '../../app/search/types';
import type { CorpusService } from '../corpus/corpus-service';
import type { WrittenDelta } from '../corpus/sidecar-write-types';
import { CorpusError } from '../corpus/paths';
import { indexCacheFile, loadIndexCache, saveIndexCache } from './index-cache';
import { SearchService, corpusSearchSource } from './search-service';

type SearchChannel = 'searchCorpus' | 'buildSearchIndex' | 'cancelSearchIndex';

export interface SearchHandlers {
  handlers: { [C in SearchChannel]: (args: ArgsOf<C>) => Promise<ResultOf<C>> };
  /** A corpus was opened: a fresh index for it, built on first use. */
  corpusOpened(service: Pick<CorpusService, 'root' | 'scanTextDocuments'>): void;
  /** A document's sidecar was saved (or the document changed on disk): it is read into the index again. */
  documentChanged(path: string): void;
  /** The app wrote (null: removed) the sidecar of `path` (hash `sha256`; `delta`: a change list made it): its annotations are indexed again, its text is not read. */
  annotationsSaved(path: string, sidecar: IndexableSidecar | null, sha256?: string | null, delta?: WrittenDelta): void;
  /** A document changed on disk (another program): read into the index again; resolves once it is. */
  refreshDocument(path: string): Promise<void>;
  /** A document was deleted or renamed away. */
  documentRemoved(path: string): void;
  /** The service for the open corpus (tests, benchmarks). */
  current(): SearchService | null;
  /** Resolves when the index saves started so far are written (quitting, tests). */
  saved(): Promise<void>;
}

export interface SearchHandlerOptions {
  onProgress?(progress: SearchIndexProgress): void;
  logError?(error: unknown): void;
  /** The app's cache folder: each corpus's index is saved there after a build and loaded before the first (index-cache.ts). */
  cacheDir?: string;
}

export function createSearchHandlers(options: SearchHandlerOptions = {}): SearchHandlers {
  let search: SearchService | null = null;
  /** The last save of an index to the cache, chained so two never write at once. */
  let saving: Promise<void> = Promise.resolve();
  /** The saved index, loaded once per service before its first build. */
  const warmed = new WeakMap<SearchService, Promise<string | null>>();
  const cacheFileOf = (s: SearchService): Promise<string | null> => {
    const { cacheDir } = options;
    if (!cacheDir) return Promise.resolve(null);
    let file = warmed.get(s);
    if (!file) {
      file = (async () => {
        try {
          const path = await indexCacheFile(cacheDir, s.root);
          const loaded = await loadIndexCache(path, s);
          if (!loaded.loaded && loaded.reason !== 'none') log(new Error(loaded.reason));
          return path;
        } catch (e) {
          log(e);
          return null;
        }
      })();
      warmed.set(s, file);
    }
    return file;
  };
  const log = options.logError ?? ((e: unknown) => console.error('marginalia: search index update failed:', e));
  const service = (): SearchService => {
    if (!search) throw new CorpusError('no-corpus', 'no corpus folder is open');
    return search;
  };
  return {
    handlers: {
      async searchCorpus({ query, limit }) {
        return service().search(query, limit === undefined ? {} : { limit });
      },
      async buildSearchIndex() {
        const s = service();
        const cacheFile = await cacheFileOf(s);
        const result = await s.build();
        // Saved after answering: the index is usable meanwhile.
        if (result.complete && cacheFile) saving = saving.then(() => saveIndexCache(cacheFile, s)).then(() => undefined, log);
        return result;
      },
      async cancelSearchIndex() {
        return service().cancel();
      },
    },
    corpusOpened(corpus) {
      search?.dispose();
      search = new SearchService(corpusSearchSource(corpus), options.onProgress ? { onProgress: options.onProgress } : {});
    },
    documentChanged(path) {
      // An index never built is read whole when first used: nothing to update.
      if (search && search.status().state !== 'empty') search.updateDocument(path).catch(log);
    },
    async refreshDocument(path) {
      if (search && search.status().state !== 'empty') await search.updateDocument(path).catch(log);
    },
    annotationsSaved(path, sidecar, sha256 = null, delta) {
      if (search && search.status().state !== 'empty') search.updateAnnotations(path, sidecar, { sha256, ...(delta ? { delta } : {}) }).catch(log);
    },
    documentRemoved(path) {
      search?.removeDocument(path);
    },
    current: () => search,
    saved: () => saving,
  };
}
