// compromise's suggestions and the learned ones as one list of Suggestions:
// where both found the same span and label, one suggestion carrying the
// learned recommender's confidence; sorted by position as the store expects.
import type { SuggestionTrainingDataResult } from '../ipc/contract';
import type { Suggestion } from '../suggestions';
import { learnedSuggestions } from './learned';
import type { CombineOptions } from './combine';

/** compromise's rules are right most of the time on names (measured: docs/benchmarks.md) but know nothing of this corpus. */
export const COMPROMISE_SCORE = 0.5;

export function mergeLearned(
  found: readonly Suggestion[],
  text: string,
  training: SuggestionTrainingDataResult | null,
  options: Pick<CombineOptions, 'existing' | 'allowedLabels'> = {},
): Suggestion[] {
  const learned = learnedSuggestions(text, training, training?.rules ?? [], options);
  const byId = new Map<string, Suggestion>(found.map((s) => [s.id, { ...s, score: s.score ?? COMPROMISE_SCORE }]));
  for (const r of learned) {
    const id = `${r.label}:${r.start}:${r.end}`;
    const had = byId.get(id);
    const score = had ? 1 - (1 - (had.score ?? COMPROMISE_SCORE)) * (1 - r.score) : r.score;
    byId.set(id, {
      id,
      label: r.label,
      type: 'entity',
      start: r.start,
      end: r.end,
      text: r.text,
      score,
      source: r.source,
      ...(had?.category ? { category: had.category } : {}),
      ...(r.entity ? { entity: r.entity } : {}),
    });
  }
  return [...byId.values()].sort((a, b) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : 1));
}
