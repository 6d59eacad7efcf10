// `npm run bench -- --only suggest`: how good the offline suggestions are, on
// a corpus written for it (ner-corpus.ts, every entity annotated), never the
// shared one. Each recommender and compromise are scored on the same
// held-out documents (exact spans and labels), after 1, 2, 5 and 10
// annotated documents: the learning curve. And how long suggestions take for
// a 100 KB article (they run in a worker in the app; here on one thread).
import nlp from 'compromise';
import { combineRecommendations, evaluateSpans, type Scores } from '../../app/recommenders/combine';
import { tagText, trainTagger } from '../../app/recommenders/perceptron';
import { buildGazetteer, matchGazetteer } from '../../app/recommenders/string-match';
import type { Recommendation, TrainingDocument } from '../../app/recommenders/types';
import { TextIndex } from '../../app/offsets';
import { suggestEntities, type Nlp } from '../../app/suggestions';
import { generateNerCorpus } from './ner-corpus';

export interface SuggestMetric {
  id: string;
  name: string;
  value: number | null;
  unit: string;
  target: string | null;
  pass: boolean | null;
  note?: string;
}

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

export function benchRecommenders(metric: (m: SuggestMetric) => void, seed = 11): Record<string, unknown> {
  const docs = generateNerCorpus({ documents: Math.max(...CURVE) + HELD_OUT, seed });
  const held = docs.slice(-HELD_OUT);
  const compromise = nlp as unknown as Nlp;
  const baseline = scoreOver(held, (d) => suggestEntities(compromise, new TextIndex(d.text)));
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
      compromise: baseline,
    };
  }
  for (const n of CURVE) {
    for (const [name, s] of Object.entries(curve[n] as Record<string, Scores>)) {
      if (name === 'compromise' && n !== CURVE[0]) continue;
      metric({
        id: `suggest.f1.${name.replace(/[^a-z]+/g, '-')}${name === 'compromise' ? '' : `.after-${n}`}`,
        name: name === 'compromise' ? 'compromise (rules only), F1 on held-out documents' : `${name}, F1 after ${n} annotated document${n === 1 ? '' : 's'}`,
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
  for (let i = 0; article.length < 100_000; i++) article += (docs[i % docs.length] as TrainingDocument).text;
  const t0 = performance.now();
  const gazetteer = buildGazetteer(train);
  const model = trainTagger(train);
  const t1 = performance.now();
  combineRecommendations([matchGazetteer(gazetteer, article), tagText(model, article)]);
  const t2 = performance.now();
  metric({
    id: 'suggest.100kb',
    name: 'Suggestions for a 100 KB article (string matching + tagger, trained on 10 documents; in a worker in the app)',
    value: Math.round(t2 - t1),
    unit: 'ms',
    target: '< 500 ms',
    pass: t2 - t1 < 500,
    note: `training took ${Math.round(t1 - t0)} ms`,
  });
  const t3 = performance.now();
  suggestEntities(compromise, new TextIndex(article));
  const t4 = performance.now();
  metric({
    id: 'suggest.100kb.compromise',
    name: 'compromise over the same 100 KB article (same worker, before the learned ones; context for the figure above)',
    value: Math.round(t4 - t3),
    unit: 'ms',
    target: null,
    pass: null,
  });
  return { curve, baseline, documents: docs.length, heldOut: HELD_OUT };
}
