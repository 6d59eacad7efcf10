// Corpus search in the renderer: a plain store (React subscribes through
// useSyncExternalStore) that debounces the query as it is typed, asks main,
// keeps only the newest answer, tracks building the index (progress events,
// cancel, resume), and flattens the results into one list the keyboard walks.
import type { SearchIndexBuildResult, SearchIndexProgress, SearchIndexState, SearchIndexStateName, SearchResponse } from '../../../app/search/types';
import { Store } from './store';
import { BridgeError, call, onEvent } from '../bridge/client';

/** What the store needs from main; the default goes through the bridge, tests pass fakes. */
export interface SearchApi {
  search(query: string, limit: number): Promise<SearchResponse>;
  build(): Promise<SearchIndexBuildResult>;
  cancel(): Promise<SearchIndexState>;
  onProgress(listener: (progress: SearchIndexProgress) => void): () => void;
  onCorpusChanged(listener: () => void): () => void;
  /**
   * Files of the open corpus changed on disk, by another program. `indexUpdated`:
   * main has already updated the index for them (documents-updated); else
   * the index should be refreshed (a folder or many files changed).
   */
  onCorpusFilesChanged(listener: (indexUpdated: boolean) => void): () => void;
}

export const bridgeSearchApi: SearchApi = {
  search: (query, limit) => call('searchCorpus', { query, limit }),
  build: () => call('buildSearchIndex', {}),
  cancel: () => call('cancelSearchIndex', {}),
  onProgress: (listener) => onEvent('searchIndexProgress', listener),
  onCorpusChanged: (listener) => onEvent('corpusChanged', () => listener()),
  onCorpusFilesChanged: (listener) =>
    onEvent('corpusFileChanged', (event) => {
      // The document's own events follow the list's: the index was brought up to date with the latter.
      // Main turns every change into documents-updated (main/workspace/corpus-updates.ts), so no rebuild is asked for.
      if (event.kind === 'documents-updated') listener(true);
    }),
};

/** One place the keyboard can stop at: a hit in the text, an annotation, or a document without either. */
export interface SearchItem {
  key: string;
  kind: 'hit' | 'annotation' | 'document';
  path: string;
  /** Code points; where the document opens and what it selects. */
  start: number;
  end: number;
  /** Which result (document) it belongs to, and which hit or annotation hit in it. */
  result: number;
  index: number;
}

export interface SearchIndexView {
  state: SearchIndexStateName;
  done: number;
  total: number;
}

export interface SearchSnapshot {
  query: string;
  /** A request is on its way (or waiting for the index). */
  searching: boolean;
  /** The answer to the newest query answered so far (null before any, or for an empty query). */
  response: SearchResponse | null;
  error: string | null;
  index: SearchIndexView;
  items: readonly SearchItem[];
  /** Index in items of the highlighted one, -1 for none. */
  active: number;
}

export interface SearchStoreOptions {
  api?: SearchApi;
  /** Pause after the last key before searching. */
  debounceMs?: number;
  /** Pause after files changed on disk before the index is brought up to date. */
  refreshDelayMs?: number;
  /** Documents asked for. */
  limit?: number;
}

export function itemsOf(response: SearchResponse | null): SearchItem[] {
  const items: SearchItem[] = [];
  response?.results.forEach((r, result) => {
    r.hits.forEach((h, index) => items.push({ key: `${r.path}#h${index}`, kind: 'hit', path: r.path, start: h.start, end: h.end, result, index }));
    r.annotationHits.forEach((a, index) =>
      items.push({ key: `${r.path}#a${a.annotationId}`, kind: 'annotation', path: r.path, start: a.start, end: a.end, result, index }),
    );
    if (!r.hits.length && !r.annotationHits.length) items.push({ key: `${r.path}#d`, kind: 'document', path: r.path, start: 0, end: 0, result, index: 0 });
  });
  return items;
}

const INITIAL: SearchSnapshot = {
  query: '',
  searching: false,
  response: null,
  error: null,
  index: { state: 'empty', done: 0, total: 0 },
  items: [],
  active: -1,
};

export class SearchStore extends Store<SearchSnapshot> {
  private readonly api: SearchApi;
  private readonly debounceMs: number;
  private readonly limit: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly refreshDelayMs: number;
  /** Bumped per request: only the newest answer is shown. */
  private sequence = 0;
  private building: Promise<void> | null = null;
  private indexingWanted = false;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(options: SearchStoreOptions = {}) {
    super(INITIAL);
    this.api = options.api ?? bridgeSearchApi;
    this.debounceMs = options.debounceMs ?? 150;
    this.limit = options.limit ?? 50;
    this.refreshDelayMs = options.refreshDelayMs ?? 1000;
    this.unsubscribe.push(
      this.api.onProgress((p) => {
        if (this.getSnapshot().index.state === 'building' || p.state === 'building') {
          this.set({ index: { state: p.state, done: p.done, total: p.total } });
        }
      }),
      this.api.onCorpusChanged(() => this.corpusChanged()),
      // Another program changed files (git pull…): once things are quiet, the index re-reads
      // what changed (main compares sizes and times) and the query is asked again.
      this.api.onCorpusFilesChanged((indexUpdated) => {
        if (!this.indexingWanted) return;
        if (indexUpdated) {
          // Main updated the index before telling: only the query is asked again.
          if (this.getSnapshot().query.trim()) void this.searchNow();
          return;
        }
        clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => void this.refresh(), this.refreshDelayMs);
      }),
    );
  }



  private set(patch: Partial<SearchSnapshot>): void {
    this.publish({ ...this.getSnapshot(), ...patch });
  }

  /** The query as typed; searched after a pause. An empty query clears the results at once. */
  setQuery(query: string): void {
    if (query === this.getSnapshot().query) return;
    clearTimeout(this.timer);
    if (!query.trim()) {
      this.sequence++;
      this.set({ query, response: null, items: [], active: -1, searching: false, error: null });
      return;
    }
    this.set({ query });
    this.timer = setTimeout(() => void this.searchNow(), this.debounceMs);
  }

  /** Searches the current query now (Enter before the pause is over, or after the index changed). */
  async searchNow(): Promise<void> {
    clearTimeout(this.timer);
    const query = this.getSnapshot().query;
    if (!query.trim()) return;
    const mine = ++this.sequence;
    this.set({ searching: true, error: null });
    try {
      const response = await this.api.search(query, this.limit);
      if (mine !== this.sequence) return;
      const items = itemsOf(response);
      const index: SearchIndexView =
        this.getSnapshot().index.state === 'building' && response.index.state !== 'building'
          ? this.getSnapshot().index
          : { state: response.index.state, done: response.index.indexed, total: response.index.total };
      this.set({ response, items, active: items.length ? 0 : -1, searching: false, index });
    } catch (e) {
      if (mine !== this.sequence) return;
      this.set({ searching: false, error: (e as Error).message });
    }
  }

  /** Builds (or refreshes) the index; the current query is searched again when it is done. */
  startIndexing(): Promise<void> {
    this.indexingWanted = true;
    if (this.building) return this.building;
    this.set({ index: { ...this.getSnapshot().index, state: 'building' } });
    const run = (async () => {
      try {
        const result = await this.api.build();
        this.set({
          index: { state: result.complete ? 'ready' : 'cancelled', done: result.documents, total: Math.max(result.documents, this.getSnapshot().index.total) },
        });
        if (result.complete && this.getSnapshot().query.trim() && this.getSnapshot().response?.index.state !== 'ready') await this.searchNow();
      } catch (e) {
        // No corpus open yet (the panel showed before the app opened one): the first search, or corpusChanged, builds it.
        const quiet = e instanceof BridgeError && e.code === 'no-corpus';
        this.set({ index: { ...this.getSnapshot().index, state: 'empty' }, ...(quiet ? {} : { error: (e as Error).message }) });
      } finally {
        this.building = null;
      }
    })();
    this.building = run;
    return run;
  }

  private async refresh(): Promise<void> {
    await this.building;
    await this.startIndexing();
    if (this.getSnapshot().query.trim()) await this.searchNow();
  }

  /** Stops building; what was indexed stays searchable. */
  async cancelIndexing(): Promise<void> {
    try {
      const state = await this.api.cancel();
      this.set({ index: { state: state.state === 'building' ? 'cancelled' : state.state, done: state.indexed, total: state.total } });
    } catch (e) {
      this.set({ error: (e as Error).message });
    }
  }

  /** Moves the highlight through the items (wrapping). */
  move(delta: number): void {
    const n = this.getSnapshot().items.length;
    if (!n) return;
    const from = this.getSnapshot().active < 0 ? (delta > 0 ? -1 : 0) : this.getSnapshot().active;
    this.set({ active: (((from + delta) % n) + n) % n });
  }

  setActive(active: number): void {
    if (active >= -1 && active < this.getSnapshot().items.length && active !== this.getSnapshot().active) this.set({ active });
  }

  activeItem(): SearchItem | null {
    return this.getSnapshot().items[this.getSnapshot().active] ?? null;
  }

  private corpusChanged(): void {
    clearTimeout(this.timer);
    this.sequence++;
    this.set({ response: null, items: [], active: -1, searching: false, error: null, index: { state: 'empty', done: 0, total: 0 } });
    if (this.indexingWanted) {
      void (this.building ?? Promise.resolve()).then(() => this.startIndexing());
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.refreshTimer);
    this.sequence++;
    for (const u of this.unsubscribe.splice(0)) u();
    this.clearListeners();
  }
}
