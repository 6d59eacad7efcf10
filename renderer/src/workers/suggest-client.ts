// The renderer's side of the suggestions worker: one request at a time per
// call, with progress and an AbortSignal. The worker is started on first use
// and kept for the next document (compromise takes a moment to load).
import type { Suggestion } from '../../../app/suggestions';
import type { SuggestRequestOptions, WorkerRequest, WorkerResponse } from './suggest-protocol';

export interface SuggestCallOptions extends SuggestRequestOptions {
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
  /** The first suggestions, before the whole run is done (the learned recommenders'). */
  onPartial?(suggestions: Suggestion[]): void;
}

/** What the suggestion store needs: tests pass a fake, the app the worker. */
export type SuggestFn = (text: string, options?: SuggestCallOptions) => Promise<Suggestion[]>;

export interface Suggester {
  suggest: SuggestFn;
  /** Stops the worker (it is started again on the next call). */
  dispose(): void;
}

/** Creates the worker lazily; `makeWorker` is for tests. */
export function createWorkerSuggester(makeWorker: () => Worker = defaultWorker): Suggester {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve(s: Suggestion[]): void; reject(e: Error): void; onProgress?: (d: number, t: number) => void; onPartial?: (s: Suggestion[]) => void }
  >();

  const ensure = (): Worker => {
    if (worker) return worker;
    const w = makeWorker();
    w.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const m = event.data;
      const p = pending.get(m.id);
      if (!p) return;
      if (m.kind === 'progress') p.onProgress?.(m.done, m.total);
      else if (m.kind === 'partial') p.onPartial?.(m.suggestions);
      else {
        pending.delete(m.id);
        if (m.kind === 'result') p.resolve(m.suggestions);
        else if (m.kind === 'cancelled') p.reject(new DOMException('Suggestions were cancelled', 'AbortError'));
        else p.reject(new Error(m.message));
      }
    };
    w.onerror = (event) => {
      const error = new Error(`The suggestions worker failed: ${event.message || 'it could not be loaded'}`);
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      w.terminate();
      worker = null;
    };
    worker = w;
    return w;
  };

  const suggest: SuggestFn = (text, options = {}) =>
    new Promise<Suggestion[]>((resolve, reject) => {
      const { signal, onProgress, onPartial, ...rest } = options;
      if (signal?.aborted) {
        reject(signal.reason instanceof Error ? signal.reason : new DOMException('Suggestions were cancelled', 'AbortError'));
        return;
      }
      const id = nextId++;
      const w = ensure();
      pending.set(id, { resolve, reject, ...(onProgress ? { onProgress } : {}), ...(onPartial ? { onPartial } : {}) });
      signal?.addEventListener(
        'abort',
        () => {
          if (!pending.has(id)) return;
          w.postMessage({ kind: 'cancel', id } satisfies WorkerRequest);
        },
        { once: true },
      );
      const request: WorkerRequest = { kind: 'suggest', id, text, ...rest };
      w.postMessage(request);
    });

  return {
    suggest,
    dispose() {
      worker?.terminate();
      worker = null;
      for (const p of pending.values()) p.reject(new DOMException('Suggestions were stopped', 'AbortError'));
      pending.clear();
    },
  };
}

function defaultWorker(): Worker {
  // Vite bundles the worker as its own file from this exact expression (served from 'self': the CSP's script-src covers it).
  return new Worker(new URL('./suggest.worker.ts', import.meta.url), { type: 'module', name: 'marginalia-suggest' });
}
