// The suggestions worker: compromise (offline named-entity recognition) and
// the recommenders that learn from the corpus, off the main thread, so
// suggesting never blocks typing or tagging. The run itself is
// suggest-run.ts; this file is the worker's message plumbing.
import nlp from 'compromise';
import type { Nlp } from '../../../app/suggestions';
import type { WorkerRequest, WorkerResponse } from './suggest-protocol';
import { runSuggest } from './suggest-run';

interface WorkerScope {
  postMessage(message: WorkerResponse): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
}
const scope = self as unknown as WorkerScope;
const cancelled = new Set<number>();

const deps = {
  nlp: nlp as unknown as Nlp,
  post: (message: WorkerResponse) => scope.postMessage(message),
  cancelled: (id: number) => cancelled.delete(id),
  pause: () => new Promise<void>((resolve) => setTimeout(resolve, 0)),
};

scope.onmessage = (event) => {
  const message = event.data;
  if (message.kind === 'cancel') cancelled.add(message.id);
  else if (message.kind === 'suggest') void runSuggest(message, deps).finally(() => cancelled.delete(message.id));
};
