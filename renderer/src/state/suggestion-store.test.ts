import nlp from 'compromise';
import { describe, expect, it, vi } from 'vitest';
import type { NewSpan } from '../../../app/batch-annotations';
import { TextIndex } from '../../../app/offsets';
import { finishSuggestions, suggestInChunk, textChunks, type Nlp, type Suggestion } from '../../../app/suggestions';
import type { SuggestFn } from '../workers/suggest-client';
import { SuggestionStore } from './suggestion-store';

const TEXT = '😀 Barack Obama met Angela Merkel in Paris on Monday.';

/** The worker's work, in process: the same chunks, progress and cancellation between chunks. */
const inProcess: SuggestFn = async (text, options = {}) => {
  const index = new TextIndex(text);
  const chunks = textChunks(index);
  const found: Suggestion[] = [];
  for (const [i, c] of chunks.entries()) {
    await Promise.resolve();
    if (options.signal?.aborted) throw new DOMException('cancelled', 'AbortError');
    found.push(...suggestInChunk(nlp as unknown as Nlp, index, c, options.labelMap ? { labelMap: options.labelMap } : {}));
    options.onProgress?.(i + 1, chunks.length);
  }
  return finishSuggestions(found, { ...(options.existing ? { existing: options.existing } : {}), ...(options.allowedLabels ? { allowedLabels: options.allowedLabels } : {}) });
};

function make(onAccept: (spans: NewSpan[], d: string) => boolean | void = () => {}) {
  const accepted: { spans: NewSpan[]; description: string }[] = [];
  const store = new SuggestionStore({
    suggest: inProcess,
    onAccept: (spans, description) => {
      accepted.push({ spans, description });
      return onAccept(spans, description);
    },
  });
  return { store, accepted };
}

describe('SuggestionStore', () => {
  it('runs, then accepts, rejects and moves through suggestions; only accepted spans reach onAccept', async () => {
    const { store, accepted } = make();
    const seen: string[] = [];
    const stop = store.subscribe(() => seen.push(store.getSnapshot().status));
    await store.run({ path: 'a.txt', text: TEXT }, []);
    const snap = store.getSnapshot();
    expect(seen[0]).toBe('running');
    expect(snap.status).toBe('ready');
    expect(snap.pending.map((s) => `${s.label}:${s.text}:${s.start}`)).toEqual([
      'PERSON:Barack Obama:2',
      'PERSON:Angela Merkel:19',
      'GPE:Paris:36',
      'DATE:Monday:45',
    ]);
    expect(snap.current?.text).toBe('Barack Obama');

    expect(store.next()?.text).toBe('Angela Merkel');
    store.reject();
    expect(store.getSnapshot().current?.text).toBe('Paris');
    store.accept();
    expect(accepted).toEqual([{ spans: [{ label: 'GPE', type: 'entity', start: 36, end: 41 }], description: 'Accept suggestion “Paris” as GPE' }]);
    expect(store.getSnapshot().current?.text).toBe('Monday');
    expect(store.previous()?.text).toBe('Barack Obama');
    store.acceptAll();
    expect(accepted[1]!.spans.map((s) => s.start)).toEqual([2, 45]);
    expect(accepted[1]!.description).toBe('Accept 2 suggestions');
    expect(store.getSnapshot()).toMatchObject({ pending: [], currentId: null, accepted: 3, rejected: 1 });
    stop();
  });

  it('does not suggest what exists, nor what was rejected for that document', async () => {
    const { store } = make();
    await store.run({ path: 'a.txt', text: TEXT }, [{ label: 'PERSON', start: 2, end: 14 }]);
    expect(store.getSnapshot().pending.map((s) => s.text)).not.toContain('Barack Obama');
    store.reject(store.getSnapshot().pending.find((s) => s.text === 'Paris')!.id);
    store.rejectAll();
    await store.run({ path: 'a.txt', text: TEXT }, []);
    expect(store.getSnapshot().pending.map((s) => s.text)).toEqual(['Barack Obama']);
    await store.run({ path: 'b.txt', text: TEXT }, []);
    expect(store.getSnapshot().pending).toHaveLength(4);
  });

  it('keeps suggestions pending when the document refuses them (read-only)', async () => {
    const { store } = make(() => false);
    await store.run({ path: 'a.txt', text: TEXT }, []);
    store.accept();
    store.acceptAll();
    expect(store.getSnapshot().pending).toHaveLength(4);
    expect(store.getSnapshot().accepted).toBe(0);
  });

  it('drops pending suggestions the document now has (tagged by hand)', async () => {
    const { store } = make();
    await store.run({ path: 'a.txt', text: TEXT }, []);
    store.syncExisting([{ label: 'PERSON', start: 2, end: 14 }]);
    expect(store.getSnapshot().pending.map((s) => s.text)).toEqual(['Angela Merkel', 'Paris', 'Monday']);
    expect(store.getSnapshot().current?.text).toBe('Angela Merkel');
    expect(store.at(37)?.text).toBe('Paris');
    expect(store.at(0)).toBeNull();
  });

  it('reports progress, and cancel stops a run without changing the document', async () => {
    const { store, accepted } = make();
    const long = `${TEXT}\n`.repeat(2000); // several chunks
    const progress: number[] = [];
    store.subscribe(() => {
      const p = store.getSnapshot().progress;
      if (p && p.done > 0) progress.push(p.done);
      if (p && p.done === 2) store.cancel();
    });
    await store.run({ path: 'long.txt', text: long }, []);
    expect(progress.slice(0, 2)).toEqual([1, 2]);
    expect(store.getSnapshot()).toMatchObject({ status: 'idle', pending: [], progress: null });
    expect(accepted).toEqual([]);
  });

  it('a failing suggester is an error state; a newer run wins over an older one', async () => {
    const failing = new SuggestionStore({ suggest: async () => Promise.reject(new Error('worker could not load')), onAccept: () => {} });
    await failing.run({ path: 'a.txt', text: TEXT }, []);
    expect(failing.getSnapshot()).toMatchObject({ status: 'error', error: 'worker could not load' });

    let release: (v: Suggestion[]) => void = () => {};
    const slow: SuggestFn = vi.fn((_text: string, options?: { signal?: AbortSignal }) =>
      new Promise<Suggestion[]>((resolve, reject) => {
        release = resolve;
        options?.signal?.addEventListener('abort', () => reject(new DOMException('x', 'AbortError')));
      }),
    );
    const store = new SuggestionStore({ suggest: slow, onAccept: () => {} });
    const first = store.run({ path: 'a.txt', text: 'one' }, []);
    const second = store.run({ path: 'b.txt', text: 'two' }, []);
    await first;
    release([{ id: 'X:0:3', label: 'X', type: 'entity', start: 0, end: 3, text: 'two', category: 'person' }]);
    await second;
    expect(store.getSnapshot()).toMatchObject({ status: 'ready', path: 'b.txt' });
    expect(store.getSnapshot().pending).toHaveLength(1);
    store.clear();
    expect(store.getSnapshot()).toMatchObject({ status: 'idle', path: null, pending: [] });
  });
});

describe('SuggestionStore with what the corpus teaches', () => {
  it('passes the training data to the suggester, keeps an accepted suggestion’s entity link, and reviews the surest first', async () => {
    const seenTraining: unknown[] = [];
    const accepted: NewSpan[][] = [];
    const training = { revision: 'r1', documents: [], tagged: [], aliases: [], rules: [], problems: [] };
    const store = new SuggestionStore({
      suggest: async (_text, options = {}) => {
        seenTraining.push(options.training);
        return [
          { id: 'PERSON:0:5', label: 'PERSON', type: 'entity', start: 0, end: 5, text: 'Alice', category: 'person' },
          { id: 'LOC:10:15', label: 'LOC', type: 'entity', start: 10, end: 15, text: 'Osan', score: 0.9, source: 'string-match', entity: 'osan' },
          { id: 'ORG:20:25', label: 'ORG', type: 'entity', start: 20, end: 25, text: 'Acme', score: 0.6, source: 'tagger' },
        ];
      },
      loadTraining: async () => training,
      onAccept: (spans) => {
        accepted.push(spans);
      },
    });
    await store.run({ path: 'a.txt', text: 'x'.repeat(30) }, []);
    expect(seenTraining).toEqual([training]);
    expect(store.ranked().map((s) => s.text)).toEqual(['Osan', 'Acme', 'Alice']);
    expect(store.surest()?.text).toBe('Osan');
    store.accept();
    expect(accepted).toEqual([[{ label: 'LOC', type: 'entity', start: 10, end: 15, entity: 'osan' }]]);
    expect(store.surest()?.text).toBe('Acme');
  });

  it('suggests with compromise alone when the training data cannot be had', async () => {
    const store = new SuggestionStore({ suggest: inProcess, loadTraining: () => Promise.reject(new Error('no corpus')), onAccept: () => {} });
    await store.run({ path: 'a.txt', text: TEXT }, []);
    expect(store.getSnapshot().status).toBe('ready');
    expect(store.getSnapshot().notices).toEqual([
      "The corpus's annotations could not be read for learning (no corpus): only the built-in rules suggest.",
    ]);
    expect(store.getSnapshot().pending.length).toBeGreaterThan(0);
  });
});

describe('the review flow', () => {
  it('shows the surest first; accept, reject and skip move to the next surest, skipped ones come back last', async () => {
    const mk = (text: string, start: number, score?: number) => ({ id: `X:${start}:${start + 1}`, label: 'X', type: 'entity' as const, start, end: start + 1, text, ...(score === undefined ? {} : { score }) });
    const store = new SuggestionStore({ suggest: async () => [mk('a', 0, 0.2), mk('b', 2, 0.9), mk('c', 4), mk('d', 6, 0.5)], onAccept: () => {} });
    await store.run({ path: 'p.txt', text: 'a b c d' }, []);
    store.setReview(true);
    expect(store.getSnapshot().current?.text).toBe('b');
    store.skip();
    expect(store.getSnapshot().current?.text).toBe('d');
    store.accept();
    expect(store.getSnapshot().current?.text).toBe('a');
    store.reject();
    expect(store.getSnapshot().current?.text).toBe('c');
    store.accept();
    expect(store.getSnapshot().current?.text).toBe('b');
    expect(store.getSnapshot()).toMatchObject({ accepted: 2, rejected: 1, skipped: 1, review: true });
  });
});

describe('undoing an accept', () => {
  it('brings the suggestion back where it was, once its annotation is gone again', async () => {
    const mk = (text: string, start: number) => ({ id: `X:${start}:${start + 1}`, label: 'X', type: 'entity' as const, start, end: start + 1, text });
    const store = new SuggestionStore({ suggest: async () => [mk('a', 0), mk('b', 2)], onAccept: () => {} });
    await store.run({ path: 'p.txt', text: 'a b' }, []);
    store.accept('X:0:1');
    store.syncExisting([]); // a list from before the accept: nothing comes back
    expect(store.getSnapshot().pending.map((s) => s.text)).toEqual(['b']);
    store.syncExisting([{ label: 'X', start: 0, end: 1 }]); // the annotation is there
    store.syncExisting([]); // undone
    expect(store.getSnapshot().pending.map((s) => s.text)).toEqual(['a', 'b']);
    expect(store.getSnapshot().accepted).toBe(0);
  });
});

describe('deciding while the run goes on', () => {
  const sg = (label: string, start: number, text: string): Suggestion => ({ id: `${label}:${start}:${start + text.length}`, label, type: 'entity', start, end: start + text.length, text });
  const first = [sg('PERSON', 0, 'Ana'), sg('GPE', 10, 'Lima')];
  const all = [...first, sg('ORG', 20, 'ACME'), sg('DATE', 30, 'Monday')];

  it('an accept or reject made on the first suggestions is not undone by later ones or the result', async () => {
    let finish: (s: Suggestion[]) => void = () => {};
    let partial: (s: Suggestion[]) => void = () => {};
    const accepted: NewSpan[] = [];
    const store = new SuggestionStore({
      suggest: (_text, options = {}) =>
        new Promise((resolve) => {
          finish = resolve;
          partial = (s) => options.onPartial?.(s);
          options.onPartial?.(first);
        }),
      onAccept: (spans) => void accepted.push(...spans),
    });
    const running = store.run({ path: 'a.txt', text: 'x'.repeat(40) }, []);
    await vi.waitFor(() => expect(store.getSnapshot().pending).toHaveLength(2));
    store.accept('PERSON:0:3');
    store.reject('GPE:10:14');
    partial(all.slice(0, 3));
    expect(store.getSnapshot().pending.map((s) => s.text)).toEqual(['ACME']);
    finish(all);
    await running;
    expect(store.getSnapshot().pending.map((s) => s.text)).toEqual(['ACME', 'Monday']);
    expect(store.getSnapshot()).toMatchObject({ accepted: 1, rejected: 1, status: 'ready' });
    expect(accepted).toEqual([{ label: 'PERSON', type: 'entity', start: 0, end: 3 }]);
  });
});

describe('reviewing before the run ends', () => {
  it('shows the surest of the first suggestions, keeps the card in view when more arrive, and goes on with the surest', async () => {
    const sg = (label: string, start: number, text: string, score: number): Suggestion => ({ id: `${label}:${start}:${start + text.length}`, label, type: 'entity', start, end: start + text.length, text, score });
    let finish: (s: Suggestion[]) => void = () => {};
    let partial: (s: Suggestion[]) => void = () => {};
    const store = new SuggestionStore({
      suggest: (_text, options = {}) =>
        new Promise((resolve) => {
          finish = resolve;
          partial = (s) => options.onPartial?.(s);
        }),
      onAccept: () => {},
    });
    store.setReview(true);
    const running = store.run({ path: 'a.txt', text: 'x'.repeat(60) }, []);
    await vi.waitFor(() => expect(store.getSnapshot().status).toBe('running'));
    const low = sg('PERSON', 0, 'Ana', 0.4);
    const high = sg('ORG', 10, 'ACME', 0.9);
    partial([low, high]);
    expect(store.getSnapshot().current?.text).toBe('ACME');
    const higher = sg('GPE', 20, 'Lima', 0.95);
    partial([low, high, higher]);
    expect(store.getSnapshot().current?.text).toBe('ACME');
    store.reject();
    expect(store.getSnapshot().current?.text).toBe('Lima');
    finish([low, high, higher]);
    await running;
    expect(store.getSnapshot().pending.map((s) => s.text)).toEqual(['Ana', 'Lima']);
  });
});

describe('undoing a rejection', () => {
  it('hands each rejection to onReject; restoreRejected brings the suggestion back where it was, rejectAgain takes it away again', async () => {
    const rejections: { path: string; ids: readonly string[]; description: string }[] = [];
    const store = new SuggestionStore({ suggest: inProcess, onAccept: () => {}, onReject: (path, ids, description) => rejections.push({ path, ids, description }) });
    await store.run({ path: 'a.txt', text: TEXT }, []);
    const before = store.getSnapshot().pending.map((s) => s.text);
    const paris = store.getSnapshot().pending.find((s) => s.text === 'Paris')!;
    store.reject(paris.id);
    expect(rejections).toEqual([{ path: 'a.txt', ids: [paris.id], description: `Reject suggestion “Paris” as ${paris.label}` }]);
    expect(store.getSnapshot()).toMatchObject({ rejected: 1 });

    store.restoreRejected('a.txt', [paris.id]);
    expect(store.getSnapshot().pending.map((s) => s.text)).toEqual(before);
    expect(store.getSnapshot()).toMatchObject({ rejected: 0, current: { text: 'Paris' } });
    // No longer remembered as rejected: a new run suggests it again.
    await store.run({ path: 'a.txt', text: TEXT }, []);
    expect(store.getSnapshot().pending.map((s) => s.text)).toContain('Paris');

    store.rejectAgain('a.txt', [paris.id]);
    expect(store.getSnapshot().pending.map((s) => s.text)).not.toContain('Paris');
    expect(store.getSnapshot()).toMatchObject({ rejected: 1 });
    await store.run({ path: 'a.txt', text: TEXT }, []);
    expect(store.getSnapshot().pending.map((s) => s.text)).not.toContain('Paris');
  });

  it('rejecting all is one rejection of every pending suggestion', async () => {
    const rejections: (readonly string[])[] = [];
    const store = new SuggestionStore({ suggest: inProcess, onAccept: () => {}, onReject: (_path, ids) => rejections.push(ids) });
    await store.run({ path: 'a.txt', text: TEXT }, []);
    const all = store.getSnapshot().pending.map((s) => s.id);
    store.rejectAll();
    expect(rejections).toEqual([all]);
    store.restoreRejected('a.txt', all);
    expect(store.getSnapshot().pending.map((s) => s.id)).toEqual(all);
  });
});

describe('what the recommenders could not learn from', () => {
  it('names each file left out (a missing word list), and a new run starts without the old notices', async () => {
    const problem = '.marginalia/bases.txt (the word list of a suggestion rule for LOC): the file does not exist';
    let problems = [problem];
    const store = new SuggestionStore({
      suggest: async () => [],
      loadTraining: async () => ({ revision: 'r', documents: [], tagged: [], aliases: [], rules: [], problems }),
      onAccept: () => {},
    });
    await store.run({ path: 'a.txt', text: 'x' }, []);
    expect(store.getSnapshot().notices).toEqual([problem]);
    problems = [];
    await store.run({ path: 'a.txt', text: 'x' }, []);
    expect(store.getSnapshot().notices).toEqual([]);
  });
});
