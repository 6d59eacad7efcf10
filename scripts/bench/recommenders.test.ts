import { describe, expect, it } from 'vitest';
import { benchRecommenders, type SuggestMetric } from './recommenders';

describe('the suggest section of the benchmark', () => {
  it('scores every recommender and compromise, and the learned pair beats compromise after five documents', () => {
    const metrics: SuggestMetric[] = [];
    benchRecommenders((m) => metrics.push(m), 11, 4_000);
    const byId = new Map(metrics.map((m) => [m.id, m]));
    for (const id of [
      'suggest.f1.compromise',
      'suggest.f1.rules',
      'suggest.f1.string-match.after-1',
      'suggest.f1.tagger.after-10',
      'suggest.f1.string-match-tagger.after-5',
      'suggest.f1.string-match-tagger-rules.after-10',
      'suggest.100kb',
      'suggest.train',
      'suggest.100kb.compromise',
      'suggest.100kb.compromise-first-chunk',
    ]) {
      expect(byId.get(id)?.value, id).toBeTypeOf('number');
    }
    expect(byId.get('suggest.beats-compromise.after-5')?.pass).toBe(true);
    // The schema's date rules find dates and nothing else: precise, with the recall of one label of five.
    expect(byId.get('suggest.f1.rules')?.note).toMatch(/^precision 100 %/);
  }, 120_000);
});
