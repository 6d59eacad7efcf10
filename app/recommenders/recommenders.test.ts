import fc from 'fast-check';
import nlp from 'compromise';
import { describe, expect, it } from 'vitest';
import { generateNerCorpus } from '../../scripts/bench/ner-corpus';
import { TextIndex } from '../offsets';
import { suggestEntities, type Nlp } from '../suggestions';
import { combineRecommendations, evaluateSpans } from './combine';
import { bioTags, tagText, trainTagger, wordShape } from './perceptron';
import { applyRules, checkPattern } from './rules';
import { buildGazetteer, matchGazetteer } from './string-match';
import { tokenize } from '../formats/tokenize';

const doc = (text: string, spans: [string, string][]) => {
  const out = [];
  let from = 0;
  for (const [s, label] of spans) {
    const at = text.indexOf(s, from);
    const start = [...text.slice(0, at)].length;
    out.push({ start, end: start + [...s].length, label });
    from = at + s.length;
  }
  return { text, spans: out };
};

describe('string matching from the corpus', () => {
  it('suggests a tagged text wherever it occurs again, with its label and entity, as whole tokens only', () => {
    const g = buildGazetteer(
      [{ ...doc('Yokota Air Base hosted the drill.', [['Yokota Air Base', 'LOC']]), spans: [{ start: 0, end: 15, label: 'LOC', entity: 'e1' }] }],
      [{ text: 'Stars and Stripes', label: 'ORG', entity: 'e2' }],
    );
    const text = 'Planes left Yokota Air Base, Stars and Stripes said. Yokota Air Basement is not it.';
    const found = matchGazetteer(g, text);
    expect(found.map((r) => [r.text, r.label, r.entity])).toEqual([
      ['Yokota Air Base', 'LOC', 'e1'],
      ['Stars and Stripes', 'ORG', 'e2'],
    ]);
  });

  it('counts code points across emoji and astral letters', () => {
    const g = buildGazetteer([doc('𝒜lice met Bob.', [['Bob', 'PERSON']])]);
    const text = '🙂🙂 Bob left.';
    const [r] = matchGazetteer(g, text);
    expect(r).toMatchObject({ start: 3, end: 6, text: 'Bob' });
  });

  it('is less sure of a text that was mostly left untagged', () => {
    const g = buildGazetteer([doc('May came. In May we met. May I? Alice May left.', [['May', 'DATE']]), doc('Osan is here. Osan again.', [['Osan', 'GPE'], ['Osan', 'GPE']])]);
    const scores = Object.fromEntries(matchGazetteer(g, 'May and Osan').map((r) => [r.text, r.score]));
    expect(scores['May']).toBeLessThan(0.5);
    expect(scores['Osan']).toBeGreaterThan(0.7);
  });
});

describe('rules from the label schema', () => {
  it('applies word lists and patterns, in code points', () => {
    const found = applyRules([{ label: 'DATE', patterns: ['\\b\\d{4}-\\d{2}-\\d{2}\\b'] }, { label: 'ORG', words: ['Air Self-Defense Force'] }], '🙂 On 2024-05-01 the Air Self-Defense Force flew.');
    expect(found.map((r) => [r.label, r.start, r.end, r.text])).toEqual([
      ['DATE', 5, 15, '2024-05-01'],
      ['ORG', 20, 42, 'Air Self-Defense Force'],
    ]);
  });
  it('says why a pattern cannot be used', () => {
    expect(checkPattern('(')).toMatch(/not a valid regular expression/);
    expect(checkPattern('a*')).toMatch(/matches empty text/);
    expect(checkPattern('\\d+')).toBeNull();
  });
});

describe('the trained tagger', () => {
  it('word shapes collapse runs', () => {
    expect(wordShape('Washington')).toBe('Xxx');
    expect(wordShape('U.S.')).toBe('X.X.');
    expect(wordShape('2024')).toBe('dd');
  });

  it('BIO tags of spans, the first covering span wins', () => {
    const text = 'Gen. Maria Okafor met the Pacific Energy Group.';
    const d = doc(text, [['Maria Okafor', 'PERSON'], ['Pacific Energy Group', 'ORG']]);
    expect(bioTags(tokenize(text), d.spans)).toEqual(['O', 'O', 'B-PERSON', 'I-PERSON', 'O', 'O', 'B-ORG', 'I-ORG', 'I-ORG', 'O']);
  });

  it('learns names it has seen and generalises to unseen ones from their context', () => {
    const docs = generateNerCorpus({ documents: 12, seed: 3 });
    const model = trainTagger(docs.slice(0, 10));
    const held = docs.slice(10);
    const predicted = held.flatMap((d, i) => tagText(model, d.text).map((r) => ({ ...r, start: r.start + i * 1e6, end: r.end + i * 1e6 })));
    const gold = held.flatMap((d, i) => d.spans.map((s) => ({ ...s, start: s.start + i * 1e6, end: s.end + i * 1e6 })));
    expect(evaluateSpans(predicted, gold).overall.f1).toBeGreaterThan(0.8);
  });

  it('is deterministic for the same data and seed, and always gives spans inside the text with a score in (0, 1)', () => {
    const docs = generateNerCorpus({ documents: 3, seed: 5, paragraphsPerDocument: 3 });
    const a = trainTagger(docs, { seed: 9 });
    const b = trainTagger(docs, { seed: 9 });
    expect(tagText(a, docs[0]!.text)).toEqual(tagText(b, docs[0]!.text));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const length = new TextIndex(text).length;
        for (const r of tagText(a, text)) {
          expect(r.start).toBeGreaterThanOrEqual(0);
          expect(r.end).toBeLessThanOrEqual(length);
          expect(r.start).toBeLessThan(r.end);
          expect(r.score).toBeGreaterThan(0);
          expect(r.score).toBeLessThan(1);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('combining and measuring', () => {
  it('one suggestion per span and label, agreement raises it, existing and rejected ones are dropped', () => {
    const r = (start: number, end: number, label: string, score: number, source: 'tagger' | 'string-match') => ({ start, end, label, text: '', score, source });
    const out = combineRecommendations(
      [
        [r(0, 3, 'PERSON', 0.6, 'tagger'), r(5, 9, 'ORG', 0.9, 'tagger'), r(10, 12, 'GPE', 0.5, 'tagger')],
        [r(0, 3, 'PERSON', 0.5, 'string-match'), r(20, 22, 'MISC', 0.9, 'string-match')],
      ],
      { existing: [{ start: 5, end: 9, label: 'ORG' }], rejected: [{ start: 10, end: 12, label: 'GPE' }], allowedLabels: ['PERSON', 'ORG', 'GPE'] },
    );
    expect(out).toHaveLength(1);
    expect(out[0]!.score).toBeCloseTo(0.8);
  });

  it('span scores: precision, recall, F1 per label', () => {
    const { overall, perLabel } = evaluateSpans(
      [{ start: 0, end: 3, label: 'A' }, { start: 4, end: 6, label: 'B' }],
      [{ start: 0, end: 3, label: 'A' }, { start: 7, end: 9, label: 'B' }],
    );
    expect(overall).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(perLabel.get('A')?.f1).toBe(1);
    expect(perLabel.get('B')?.f1).toBe(0);
  });

  it('after five annotated documents, string matching plus the tagger beat compromise on held-out documents', () => {
    const docs = generateNerCorpus({ documents: 15, seed: 11 });
    const train = docs.slice(0, 5);
    const held = docs.slice(10);
    const model = trainTagger(train);
    const gazetteer = buildGazetteer(train);
    const shift = <T extends { start: number; end: number }>(xs: T[], i: number) => xs.map((x) => ({ ...x, start: x.start + i * 1e6, end: x.end + i * 1e6 }));
    const gold = held.flatMap((d, i) => shift([...d.spans], i));
    const ours = held.flatMap((d, i) => shift(combineRecommendations([matchGazetteer(gazetteer, d.text), tagText(model, d.text)]), i));
    const theirs = held.flatMap((d, i) => shift(suggestEntities(nlp as unknown as Nlp, new TextIndex(d.text)), i));
    expect(evaluateSpans(ours, gold).overall.f1).toBeGreaterThan(evaluateSpans(theirs, gold).overall.f1);
  });
});

describe('rules in the label schema', () => {
  const base = {
    version: 1 as const,
    entityLabels: [{ name: 'DATE', colour: '#123456' }, { name: 'ORG', colour: '#654321' }],
    claimLabels: [],
    relationTypes: [],
  };
  it('are checked: the label must exist, patterns must compile, word lists stay in .marginalia/', async () => {
    const { parseLabelSchema } = await import('../label-schema');
    const bad = parseLabelSchema({
      ...base,
      suggestionRules: [{ label: 'PERSON', words: ['x'] }, { label: 'DATE', patterns: ['('] }, { label: 'ORG', wordList: '../secrets.txt' }, { label: 'ORG' }],
    });
    expect(bad.ok).toBe(false);
    const message = bad.ok ? '' : bad.message;
    expect(message).toMatch(/no entity label PERSON/);
    expect(message).toMatch(/not a valid regular expression/);
    expect(message).toMatch(/word list must be a \.txt file name/);
    expect(message).toMatch(/has no words, word list or patterns/);
  });
  it('round-trip through the canonical file, and a schema without rules saves as before', async () => {
    const { parseLabelSchema, serializeLabelSchema } = await import('../label-schema');
    const withRules = { ...base, suggestionRules: [{ label: 'DATE', patterns: ['\\d{4}'] }, { label: 'ORG', wordList: 'orgs.txt', words: ['Acme'] }] };
    const parsed = parseLabelSchema(JSON.parse(serializeLabelSchema(withRules)));
    expect(parsed.ok && parsed.schema.suggestionRules).toEqual([{ label: 'DATE', patterns: ['\\d{4}'] }, { label: 'ORG', words: ['Acme'], wordList: 'orgs.txt' }]);
    expect(serializeLabelSchema(base)).not.toContain('suggestionRules');
  });
  it('word lists: a phrase a line, comments and blank lines skipped', async () => {
    const { parseWordList } = await import('./rules');
    expect(parseWordList('# agencies\r\nAir Self-Defense Force\n\n  Space Force  \n')).toEqual(['Air Self-Defense Force', 'Space Force']);
  });
});
