// One suggestions run, as the worker does it, apart from the worker's global
// scope so it can be tested in process. The corpus's recommenders are fast
// (a 100 KB article in well under a second) and compromise is not (seconds):
// so the learned suggestions go out first, then compromise's are added chunk
// by chunk, each chunk's as soon as it is read, and the run can be cancelled
// between two chunks.
import { TextIndex } from '../../../app/offsets';
import { learnedAsSuggestions, withLearned } from '../../../app/recommenders/suggestion-merge';
import { finishSuggestions, suggestInChunk, textChunks, type Nlp, type Suggestion } from '../../../app/suggestions';
import type { WorkerRequest, WorkerResponse } from './suggest-protocol';

export interface RunDeps {
  nlp: Nlp;
  post(message: WorkerResponse): void;
  /** True once a cancel for this run has arrived (checked between chunks). */
  cancelled(id: number): boolean;
  /** Lets messages in between chunks (a 'cancel'); the worker gives the event loop a turn. */
  pause(): Promise<void>;
}

export async function runSuggest(request: Extract<WorkerRequest, { kind: 'suggest' }>, deps: RunDeps): Promise<void> {
  const { id } = request;
  try {
    const options = {
      ...(request.allowedLabels ? { allowedLabels: request.allowedLabels } : {}),
      ...(request.existing ? { existing: request.existing } : {}),
    };
    const learned = request.training ? learnedAsSuggestions(request.text, request.training, options) : [];
    if (request.training) deps.post({ kind: 'partial', id, suggestions: withLearned([], learned) });
    const index = new TextIndex(request.text);
    const chunks = textChunks(index);
    const found: Suggestion[] = [];
    deps.post({ kind: 'progress', id, done: 0, total: chunks.length });
    for (const [i, chunk] of chunks.entries()) {
      await deps.pause();
      if (deps.cancelled(id)) {
        deps.post({ kind: 'cancelled', id });
        return;
      }
      found.push(...suggestInChunk(deps.nlp, index, chunk, request.labelMap ? { labelMap: request.labelMap } : {}));
      const last = i === chunks.length - 1;
      // Each chunk's suggestions are shown while the next is read (the last one's come with the result).
      if (!last) deps.post({ kind: 'partial', id, suggestions: withLearned(finishSuggestions(found, options), learned) });
      deps.post({ kind: 'progress', id, done: i + 1, total: chunks.length });
    }
    deps.post({ kind: 'result', id, suggestions: withLearned(finishSuggestions(found, options), learned) });
  } catch (e) {
    deps.post({ kind: 'error', id, message: e instanceof Error ? e.message : String(e) });
  }
}
