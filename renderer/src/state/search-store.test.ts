import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SearchIndexBuildResult, SearchIndexProgress, SearchResponse } from '../../../app/search/types';
import { SearchStore, itemsOf, type SearchApi } from './search-store';

function response(query: string, paths: string[], state: 'ready' | 'cancelled' = 'ready'): SearchResponse {
  return {
    query,
    results: paths.map((path, i) => ({
      path,
      score: 10 - i,
      status: 'todo',
      hits: i === 2 ? [] : [{ start: i, end: i + 3, line: 0, snippet: { before: '', match: query, after: '' } }],
      hitCount: i === 2 ? 0 : 1,
      annotationHits: i === 0 ? [{ annotationId: 'a1', type: 'entity', label: 'PERSON', text: query, start: 40, end: 45 }] : [],
      annotationHitCount: i === 0 ? 1 : 0,
    })),
    total: paths.length,
    exact: true,
    ms: 1,
    problems: [],
    index: { state, indexed: 3, total: 3 },
  };
}

function fakeApi() {
  const progress = new Set<(p: SearchIndexProgress) => void>();
  const corpus = new Set<() => void>();
  const files = new Set<(indexUpdated: boolean) => void>();
  let finishBuild: (r: SearchIndexBuildResult) => void = () => {};
  const api = {
    search: vi.fn(async (query: string) => response(query, ['a.txt', 'b.txt', 'c.txt'])),
    build: vi.fn(() => new Promise<SearchIndexBuildResult>((resolve) => (finishBuild = resolve))),
    cancel: vi.fn(async () => ({ state: 'cancelled' as const, indexed: 1, total: 3 })),
    onProgress: (l: (p: SearchIndexProgress) => void) => (progress.add(l), () => progress.delete(l)),
    onCorpusChanged: (l: () => void) => (corpus.add(l), () => corpus.delete(l)),
    onCorpusFilesChanged: (l: (indexUpdated: boolean) => void) => (files.add(l), () => files.delete(l)),
  } satisfies SearchApi;
  return {
    api,
    emitProgress: (p: SearchIndexProgress) => progress.forEach((l) => l(p)),
    changeCorpus: () => corpus.forEach((l) => l()),
    changeFiles: (indexUpdated = false) => files.forEach((l) => l(indexUpdated)),
    finishBuild: (r: SearchIndexBuildResult) => finishBuild(r),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('itemsOf', () => {
  it('lists hits, then annotation hits, per document; a document with neither is one item', () => {
    const items = itemsOf(response('x', ['a.txt', 'b.txt', 'c.txt']));
    expect(items.map((i) => [i.kind, i.path, i.start, i.end])).toEqual([
      ['hit', 'a.txt', 0, 3],
      ['annotation', 'a.txt', 40, 45],
      ['hit', 'b.txt', 1, 4],
      ['document', 'c.txt', 0, 0],
    ]);
  });
});

describe('SearchStore', () => {
  it('debounces typing and searches the last query only', async () => {
    vi.useFakeTimers();
    const { api } = fakeApi();
    const store = new SearchStore({ api, debounceMs: 100 });
    store.setQuery('S');
    store.setQuery('Sa');
    store.setQuery('Salt');
    expect(api.search).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(100);
    expect(api.search).toHaveBeenCalledTimes(1);
    expect(api.search).toHaveBeenCalledWith('Salt', 50);
    expect(store.getSnapshot()).toMatchObject({ query: 'Salt', searching: false, active: 0 });
    expect(store.getSnapshot().items).toHaveLength(4);
  });

  it('keeps only the newest answer when answers arrive out of order', async () => {
    const { api } = fakeApi();
    const resolvers: ((r: SearchResponse) => void)[] = [];
    api.search.mockImplementation((q: string) => new Promise((resolve) => resolvers.push(() => resolve(response(q, [`${q}.txt`])))));
    const store = new SearchStore({ api, debounceMs: 0 });
    store.setQuery('old');
    const first = store.searchNow();
    store.setQuery('new');
    const second = store.searchNow();
    resolvers[1]?.(response('new', []));
    await second;
    resolvers[0]?.(response('old', []));
    await first;
    expect(store.getSnapshot().response?.query).toBe('new');
  });

  it('walks the items with wrap-around and gives the one to open', async () => {
    const { api } = fakeApi();
    const store = new SearchStore({ api });
    store.setQuery('x');
    await store.searchNow();
    expect(store.activeItem()).toMatchObject({ kind: 'hit', path: 'a.txt' });
    store.move(1);
    expect(store.activeItem()).toMatchObject({ kind: 'annotation', start: 40 });
    store.move(-2);
    expect(store.activeItem()).toMatchObject({ kind: 'document', path: 'c.txt' });
    store.move(1);
    expect(store.getSnapshot().active).toBe(0);
  });

  it('clears at once when the query is emptied', async () => {
    const { api } = fakeApi();
    const store = new SearchStore({ api });
    store.setQuery('x');
    await store.searchNow();
    store.setQuery('  ');
    expect(store.getSnapshot()).toMatchObject({ response: null, items: [], active: -1 });
  });

  it('shows indexing progress, cancels, and searches again when a build completes', async () => {
    const fake = fakeApi();
    const store = new SearchStore({ api: fake.api });
    const seen: string[] = [];
    store.subscribe(() => seen.push(store.getSnapshot().index.state));
    const building = store.startIndexing();
    expect(store.getSnapshot().index.state).toBe('building');
    fake.emitProgress({ root: '/c', done: 1, total: 3, state: 'building' });
    expect(store.getSnapshot().index).toEqual({ state: 'building', done: 1, total: 3 });
    await store.cancelIndexing();
    expect(store.getSnapshot().index).toEqual({ state: 'cancelled', done: 1, total: 3 });
    fake.finishBuild({ documents: 1, ms: 5, complete: false, problems: [] });
    await building;
    expect(store.getSnapshot().index.state).toBe('cancelled');

    store.setQuery('x');
    fake.api.search.mockResolvedValueOnce(response('x', ['a.txt'], 'cancelled'));
    await store.searchNow();
    const resumed = store.startIndexing();
    fake.finishBuild({ documents: 3, ms: 5, complete: true, problems: [] });
    await resumed;
    expect(store.getSnapshot().index).toEqual({ state: 'ready', done: 3, total: 3 });
    // The query was answered from a partial index: it is asked again.
    expect(fake.api.search).toHaveBeenCalledTimes(2);
    expect(seen).toContain('building');
  });

  it('starts over when another corpus is opened', async () => {
    const fake = fakeApi();
    const store = new SearchStore({ api: fake.api });
    const first = store.startIndexing();
    fake.finishBuild({ documents: 3, ms: 1, complete: true, problems: [] });
    await first;
    store.setQuery('x');
    await store.searchNow();
    fake.changeCorpus();
    expect(store.getSnapshot()).toMatchObject({ response: null, items: [], index: { state: 'empty' } });
    await vi.waitFor(() => expect(fake.api.build).toHaveBeenCalledTimes(2));
    fake.finishBuild({ documents: 2, ms: 1, complete: true, problems: [] });
    await vi.waitFor(() => expect(fake.api.search).toHaveBeenCalledTimes(2));
    store.dispose();
  });

  it('brings the index up to date after files change on disk, then asks the query again', async () => {
    vi.useFakeTimers();
    const fake = fakeApi();
    const store = new SearchStore({ api: fake.api, refreshDelayMs: 500 });
    fake.changeFiles(); // nothing indexed yet: nothing to do
    await vi.advanceTimersByTimeAsync(600);
    expect(fake.api.build).not.toHaveBeenCalled();
    const first = store.startIndexing();
    fake.finishBuild({ documents: 3, ms: 1, complete: true, problems: [] });
    await first;
    store.setQuery('x');
    await store.searchNow();
    fake.changeFiles();
    fake.changeFiles();
    await vi.advanceTimersByTimeAsync(600);
    expect(fake.api.build).toHaveBeenCalledTimes(2);
    fake.finishBuild({ documents: 4, ms: 1, complete: true, problems: [] });
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.api.search).toHaveBeenCalledTimes(2);
    store.dispose();
  });

  it('asks the query again without rebuilding when main has already updated the index (documents-updated)', async () => {
    const fake = fakeApi();
    const store = new SearchStore({ api: fake.api, refreshDelayMs: 500 });
    const first = store.startIndexing();
    fake.finishBuild({ documents: 3, ms: 1, complete: true, problems: [] });
    await first;
    store.setQuery('x');
    await store.searchNow();
    fake.changeFiles(true);
    await vi.waitFor(() => expect(fake.api.search).toHaveBeenCalledTimes(2));
    expect(fake.api.build).toHaveBeenCalledTimes(1);
    store.dispose();
  });

  it('reports a failed search without losing the query', async () => {
    const { api } = fakeApi();
    api.search.mockRejectedValueOnce(new Error('no corpus folder is open'));
    const store = new SearchStore({ api });
    store.setQuery('x');
    await store.searchNow();
    expect(store.getSnapshot()).toMatchObject({ query: 'x', searching: false, error: 'no corpus folder is open' });
  });
});
