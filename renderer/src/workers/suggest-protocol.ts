// Messages between the renderer and the suggestions worker (suggest.worker.ts).
import type { SuggestionTrainingDataResult } from '../../../app/ipc/contract';
import type { NerCategory, Suggestion } from '../../../app/suggestions';

export interface SuggestRequestOptions {
  /** Overrides the default category → label map; null turns a category off. */
  labelMap?: Partial<Record<NerCategory, string | null>>;
  /** The schema's entity labels: others are not suggested. */
  allowedLabels?: readonly string[];
  /** Annotations already made (same span and label are not suggested). */
  existing?: readonly { label: string; start: number; end: number }[];
  /** What the corpus teaches (string matching, the trained tagger, the schema's rules); models are kept per revision. */
  training?: SuggestionTrainingDataResult | null;
}

export type WorkerRequest =
  | ({ kind: 'suggest'; id: number; text: string } & SuggestRequestOptions)
  /** Stops run `id` between two chunks; it answers 'cancelled'. */
  | { kind: 'cancel'; id: number };

export type WorkerResponse =
  | { kind: 'progress'; id: number; done: number; total: number }
  /** The learned recommenders' suggestions, sent before compromise's slower pass so they show at once. */
  | { kind: 'partial'; id: number; suggestions: Suggestion[] }
  | { kind: 'result'; id: number; suggestions: Suggestion[] }
  | { kind: 'cancelled'; id: number }
  | { kind: 'error'; id: number; message: string };
