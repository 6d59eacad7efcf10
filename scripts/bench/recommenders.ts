// `npm run bench -- --only suggest`: how good the offline suggestions are, on
// a corpus written for it (ner-corpus.ts, every entity annotated), never the
// shared one. Each recommender and compromise are scored on the same
// held-out documents (exact spans and labels), after 1, 2, 5 and 10
// annotated documents: the learning curve. The rules are the ones an analyst
// would write for this beat's dates (a word list of weekdays, a pattern for
// "March 4"). And how long suggestions take for a 100 KB article (they run in
// a worker in the app; here on one thread): the learned recommenders, their
// training, and compromise's whole pass and first chunk apart.
import nlp from 'compromise';
import { combineRecommendations, evaluateSpans, type Scores } from '../../app/recommenders/combine';
import { tagText, trainTagger } from '../../app/recommenders/perceptron';
import { applyRules, type SuggestionRule } from '../../app/recommenders/rules';
import { buildGazetteer, matchGazetteer } from '../../app/recommenders/string-match';
import type { Recommendation, TrainingDocument } from '../../app/recommenders/types';
import { TextIndex } from '../../app/offsets';
import { suggestEntities, suggestInChunk, textChunks, type Nlp } from '../../app/suggestions';
import { generateNerCorpus } from './ner-corpus';
import type { Metric } from './metric';

/** A row of the bench report. */
export type SuggestMetric = Metric;

const HELD_OUT = 10;
const CURVE = [1, 2, 5, 10] as const;

/** Scores over several documents at once: each document's offsets are moved apart so spans never collide. */
function scoreOver(docs: readonly TrainingDocument[], predict: (doc: TrainingDocument) => readonly { start: number; end: number; label: string }[]): Scores {
  const shift = <T extends { start: number; end: number }>(xs: readonly T[], i: number) => xs.map((x) => ({ ...x, start: x.start + i * 1e7, end: x.end + i * 1e7 }));
  const gold = docs.flatMap((d, i) => shift(d.spans, i));
  const predicted = docs.flatMap((d, i) => shift(predict(d), i));
  return evaluateSpans(predicted, gold).overall;
}

const pct = (x: number) => Math.round(x * 1000) / 10;

/** Rules written for the generated corpus's dates, as an analyst would put them in the schema. */
export const BENCH_RULES: SuggestionRule[] = [
  { label: 'DATE', words: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] },
  { label: 'DATE', patterns: ['\\b(?:January|February|March|April|May|June|July|August|September|October|November|December) \\d{1,2}\\b'] },
];

/** Milliseconds: the first call (cold, as a new worker's first run) and the median of three more. */
function timed(f: () => unknown): { cold: number; median: number } {
  const t0 = performance.now();
  f();
  const cold = performance.now() - t0;
  const warm = [0, 1, 2].map(() => {
    const t = performance.now();
    f();
    return performance.now() - t;
  });
  return { cold, median: warm.sort((a, b) => a - b)[1] as number };
}

/** `articleChars`: the size of the article timed (100 KB; tests use less). */
export function benchRecommenders(metric: (m: SuggestMetric) => void, seed = 11, articleChars = 100_000): Record<string, unknown> {
  const docs = generateNerCorpus({ documents: Math.max(...CURVE) + HELD_OUT, seed });
  const held = docs.slice(-HELD_OUT);
  const compromise = nlp as unknown as Nlp;
  const baseline = scoreOver(held, (d) => suggestEntities(compromise, new TextIndex(d.text)));
  const rules = scoreOver(held, (d) => applyRules(BENCH_RULES, d.text));
  const curve: Record<string, Record<string, Scores>> = {};
  for (const n of CURVE) {
    const train = docs.slice(0, n);
    const gazetteer = buildGazetteer(train);
    const model = trainTagger(train);
    const stringMatch = (d: TrainingDocument): Recommendation[] => matchGazetteer(gazetteer, d.text);
    const tagger = (d: TrainingDocument): Recommendation[] => tagText(model, d.text);
    curve[n] = {
      'string-match': scoreOver(held, stringMatch),
      tagger: scoreOver(held, tagger),
      'string-match + tagger': scoreOver(held, (d) => combineRecommendations([stringMatch(d), tagger(d)])),
      'string-match + tagger + rules': scoreOver(held, (d) => combineRecommendations([stringMatch(d), tagger(d), applyRules(BENCH_RULES, d.text)])),
      rules,
      compromise: baseline,
    };
  }
  for (const n of CURVE) {
    for (const [name, s] of Object.entries(curve[n] as Record<string, Scores>)) {
      // compromise and the schema's rules learn nothing: one figure each.
      const fixed = name === 'compromise' || name === 'rules';
      if (fixed && n !== CURVE[0]) continue;
      metric({
        id: `suggest.f1.${name.replace(/[^a-z]+/g, '-')}${fixed ? '' : `.after-${n}`}`,
        name:
          name === 'compromise'
            ? 'compromise (its own rules, no learning), F1 on held-out documents'
            : name === 'rules'
              ? 'schema rules alone (DATE word list + pattern), F1 on held-out documents'
              : `${name}, F1 after ${n} annotated document${n === 1 ? '' : 's'}`,
        value: pct(s.f1),
        unit: '%',
        target: null,
        pass: null,
        note: `precision ${pct(s.precision)} %, recall ${pct(s.recall)} %`,
      });
    }
  }
  const five = curve[5]?.['string-match + tagger'];
  metric({
    id: 'suggest.beats-compromise.after-5',
    name: 'String matching + trained tagger vs compromise, F1 after 5 annotated documents',
    value: five ? pct(five.f1) : null,
    unit: '%',
    target: `> compromise (${pct(baseline.f1)} %)`,
    pass: five ? five.f1 > baseline.f1 : null,
  });

  // Time for a 100 KB article, training on ten documents.
  const train = docs.slice(0, 10);
  let article = '';
  for (let i = 0; article.length < articleChars; i++) article += (docs[i % docs.length] as TrainingDocument).text;
  const training = timed(() => {
    buildGazetteer(train);
    trainTagger(train);
  });
  const gazetteer = buildGazetteer(train);
  const model = trainTagger(train);
  const learned = timed(() => combineRecommendations([matchGazetteer(gazetteer, article), tagText(model, article), applyRules(BENCH_RULES, article)]));
  const ms = (x: number) => Math.round(x);
  metric({
    id: 'suggest.100kb',
    name: 'Learned suggestions for a 100 KB article (string matching + tagger + rules; median of 3, in a worker in the app)',
    value: ms(learned.median),
    unit: 'ms',
    target: '< 500 ms',
    pass: learned.median < 500,
    note: `first run ${ms(learned.cold)} ms`,
  });
  metric({
    id: 'suggest.train',
    name: 'Training on 10 annotated documents (gazetteer + tagger; once per change of the corpus, before the first learned suggestions)',
    value: ms(training.median),
    unit: 'ms',
    target: null,
    pass: null,
    note: `first run ${ms(training.cold)} ms`,
  });
  const index = new TextIndex(article);
  const whole = timed(() => suggestEntities(compromise, index));
  const first = textChunks(index)[0];
  const firstChunk = first ? timed(() => suggestInChunk(compromise, index, first)) : null;
  metric({
    id: 'suggest.100kb.compromise',
    name: 'compromise over the same 100 KB article (same worker, after the learned ones; median of 3)',
    value: ms(whole.median),
    unit: 'ms',
    target: null,
    pass: null,
    note: `first run ${ms(whole.cold)} ms`,
  });
  metric({
    id: 'suggest.100kb.compromise-first-chunk',
    name: "compromise's first 20 KB chunk (its first suggestions are shown then; median of 3)",
    value: firstChunk ? ms(firstChunk.median) : null,
    unit: 'ms',
    target: null,
    pass: null,
    ...(firstChunk ? { note: `first run ${ms(firstChunk.cold)} ms` } : {}),
  });
  return { curve, baseline, documents: docs.length, heldOut: HELD_OUT };
}
