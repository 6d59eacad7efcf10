// compromise's suggestions and the learned ones as one list of Suggestions:
// where both found the same span and label, one suggestion carrying the
// learned recommender's confidence; sorted by position as the store expects.
import type { SuggestionTrainingDataResult } from '../ipc/contract';
import type { Suggestion } from '../suggestions';
import { learnedSuggestions } from './learned';
import type { CombineOptions } from './combine';

/** compromise's rules are right most of the time on names (measured: docs/benchmarks.md) but know nothing of this corpus. */
export const COMPROMISE_SCORE = 0.5;

/** The corpus's recommenders' suggestions for a text (string matching, rules, the tagger), as Suggestions. */
export function learnedAsSuggestions(
  text: string,
  training: SuggestionTrainingDataResult | null,
  options: Pick<CombineOptions, 'existing' | 'allowedLabels'> = {},
): Suggestion[] {
  return learnedSuggestions(text, training, training?.rules ?? [], options).map((r) => ({
    id: `${r.label}:${r.start}:${r.end}`,
    label: r.label,
    type: 'entity' as const,
    start: r.start,
    end: r.end,
    text: r.text,
    score: r.score,
    source: r.source,
    ...(r.entity ? { entity: r.entity } : {}),
  }));
}

/** compromise's suggestions and the learned ones as one list, by position; where both agree, one suggestion, surer. */
export function withLearned(found: readonly Suggestion[], learned: readonly Suggestion[]): Suggestion[] {
  const byId = new Map<string, Suggestion>(found.map((s) => [s.id, { ...s, score: s.score ?? COMPROMISE_SCORE }]));
  for (const r of learned) {
    const had = byId.get(r.id);
    const score = had ? 1 - (1 - (had.score ?? COMPROMISE_SCORE)) * (1 - (r.score ?? 0)) : r.score;
    byId.set(r.id, { ...r, ...(score !== undefined ? { score } : {}), ...(had?.category ? { category: had.category } : {}) });
  }
  return [...byId.values()].sort((a, b) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : 1));
}

export function mergeLearned(
  found: readonly Suggestion[],
  text: string,
  training: SuggestionTrainingDataResult | null,
  options: Pick<CombineOptions, 'existing' | 'allowedLabels'> = {},
): Suggestion[] {
  return withLearned(found, learnedAsSuggestions(text, training, options));
}
