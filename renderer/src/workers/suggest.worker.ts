// The suggestions worker: runs compromise (offline named-entity recognition)
// over a document's text, chunk by chunk, off the main thread, then the
// recommenders that learn from the corpus (app/recommenders/learned.ts). It reports
// progress after each chunk and yields between chunks so a 'cancel' message
// gets through. The mapping from compromise's output to code-point spans is
// app/suggestions.ts (pure, tested there).
import nlp from 'compromise';
import { TextIndex } from '../../../app/offsets';
import { mergeLearned } from '../../../app/recommenders/suggestion-merge';
import { finishSuggestions, suggestInChunk, textChunks, type Nlp, type Suggestion } from '../../../app/suggestions';
import type { WorkerRequest, WorkerResponse } from './suggest-protocol';

interface WorkerScope {
  postMessage(message: WorkerResponse): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
}
const scope = self as unknown as WorkerScope;
const cancelled = new Set<number>();
const compromise = nlp as unknown as Nlp;

const yieldToMessages = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function run(request: Extract<WorkerRequest, { kind: 'suggest' }>): Promise<void> {
  const { id } = request;
  try {
    const options = {
      ...(request.allowedLabels ? { allowedLabels: request.allowedLabels } : {}),
      ...(request.existing ? { existing: request.existing } : {}),
    };
    // The corpus's own recommenders take a fraction of compromise's time: shown first.
    if (request.training) scope.postMessage({ kind: 'partial', id, suggestions: mergeLearned([], request.text, request.training, options) });
    const index = new TextIndex(request.text);
    const chunks = textChunks(index);
    const found: Suggestion[] = [];
    scope.postMessage({ kind: 'progress', id, done: 0, total: chunks.length });
    for (const [i, chunk] of chunks.entries()) {
      await yieldToMessages();
      if (cancelled.delete(id)) {
        scope.postMessage({ kind: 'cancelled', id });
        return;
      }
      found.push(...suggestInChunk(compromise, index, chunk, request.labelMap ? { labelMap: request.labelMap } : {}));
      scope.postMessage({ kind: 'progress', id, done: i + 1, total: chunks.length });
    }
    const suggestions = mergeLearned(finishSuggestions(found, options), request.text, request.training ?? null, options);
    scope.postMessage({ kind: 'result', id, suggestions });
  } catch (e) {
    scope.postMessage({ kind: 'error', id, message: e instanceof Error ? e.message : String(e) });
  } finally {
    cancelled.delete(id);
  }
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.kind === 'cancel') cancelled.add(message.id);
  else if (message.kind === 'suggest') void run(message);
};
