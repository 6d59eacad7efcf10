// Putting the recommenders' suggestions together: one per span and label
// (the surest, its sources agreeing raise it), none that repeats an
// annotation, none that was rejected, ranked by confidence.
import type { Recommendation } from './types';

export interface CombineOptions {
  /** Annotations already made: the same span and label is not suggested. */
  existing?: readonly { start: number; end: number; label: string }[];
  /** Suggestions the analyst rejected in this document (same span and label). */
  rejected?: readonly { start: number; end: number; label: string }[];
  /** The schema's entity labels: others are dropped. */
  allowedLabels?: readonly string[];
}

const key = (r: { start: number; end: number; label: string }) => `${r.label}:${r.start}:${r.end}`;

/** Two recommenders agreeing is better evidence than either: 1 - (1-a)(1-b). */
function agree(a: number, b: number): number {
  return 1 - (1 - a) * (1 - b);
}

export function combineRecommendations(lists: readonly (readonly Recommendation[])[], options: CombineOptions = {}): Recommendation[] {
  const skip = new Set([...(options.existing ?? []), ...(options.rejected ?? [])].map(key));
  const allowed = options.allowedLabels ? new Set(options.allowedLabels) : null;
  const byKey = new Map<string, Recommendation>();
  for (const list of lists) {
    for (const r of list) {
      if (r.end <= r.start || skip.has(key(r)) || (allowed && !allowed.has(r.label))) continue;
      const k = key(r);
      const had = byKey.get(k);
      if (!had) byKey.set(k, { ...r });
      else {
        const surer = r.score > had.score ? r : had;
        byKey.set(k, { ...surer, score: agree(had.score, r.score), ...(had.entity ?? r.entity ? { entity: (had.entity ?? r.entity) as string } : {}) });
      }
    }
  }
  return [...byKey.values()].sort((a, b) => b.score - a.score || a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : 1));
}

/** Span-level precision, recall and F1 (exact start, end and label), overall and per label. */
export interface Scores {
  precision: number;
  recall: number;
  f1: number;
  truePositives: number;
  predicted: number;
  gold: number;
}

function scores(tp: number, predicted: number, gold: number): Scores {
  const precision = predicted ? tp / predicted : 0;
  const recall = gold ? tp / gold : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, truePositives: tp, predicted, gold };
}

export function evaluateSpans(
  predicted: readonly { start: number; end: number; label: string }[],
  gold: readonly { start: number; end: number; label: string }[],
): { overall: Scores; perLabel: Map<string, Scores> } {
  const goldKeys = new Set(gold.map(key));
  const predKeys = new Set(predicted.map(key));
  const labels = new Set([...gold, ...predicted].map((s) => s.label));
  const perLabel = new Map<string, Scores>();
  for (const label of [...labels].sort()) {
    const g = [...goldKeys].filter((k) => k.startsWith(`${label}:`));
    const p = [...predKeys].filter((k) => k.startsWith(`${label}:`));
    perLabel.set(label, scores(p.filter((k) => goldKeys.has(k)).length, p.length, g.length));
  }
  const tp = [...predKeys].filter((k) => goldKeys.has(k)).length;
  return { overall: scores(tp, predKeys.size, goldKeys.size), perLabel };
}
