import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../app/search/tokenize';
import { TermDictionary, WordCollector, phraseMatcher } from './word-index';

// Property tests bound their own time: fast-check starts no new run after the
// budget (and passes if none failed), so a loaded two-core machine runs fewer
// cases instead of timing out; the test's timeout only catches a hang.
const PROPERTY_BUDGET = fc.interruptAfterTimeLimit(2_000);
const PROPERTY_TIMEOUT = 20_000;

const clause = (s: string, prefix = false) => ({ terms: tokenize(s).map((t) => t.term), prefix });

describe('TermDictionary', () => {
  it('numbers each term once, also as its table grows, and finds terms by range', () => {
    const dict = new TermDictionary();
    const terms = Array.from({ length: 20_000 }, (_, i) => `t${i.toString(36)}`);
    const ids = terms.map((t) => dict.idOf(t));
    expect(ids).toEqual(terms.map((_, i) => i));
    expect(terms.map((t) => dict.idOf(t))).toEqual(ids);
    expect(dict.find('t0')).toBe(0);
    expect(dict.find('nope')).toBeUndefined();
    expect(dict.idOfRange('xx t1 yy', 3, 5)).toBe(1);
    expect(dict.size).toBe(20_000);
  });
});

describe('phraseMatcher', () => {
  const dict = new TermDictionary();
  const collector = new WordCollector(dict);
  const words = collector.collect('The air base. Air-base in 長江流域.', [
    { text: 'base camp' },
    { text: 'x', note: 'host nation' },
  ]);

  it('finds the words one after the other, in the text or in an annotation', () => {
    expect(phraseMatcher(dict, clause('air base')).inText(words)).toBe(true);
    expect(phraseMatcher(dict, clause('base air')).inText(words)).toBe(true); // "base. Air": punctuation between words does not count
    expect(phraseMatcher(dict, clause('長江流域')).inText(words)).toBe(true);
    expect(phraseMatcher(dict, clause('base camp')).inText(words)).toBe(false);
    expect(phraseMatcher(dict, clause('base camp')).anywhere(words)).toBe(true);
    expect(phraseMatcher(dict, clause('host nation')).anywhere(words)).toBe(true);
    expect(phraseMatcher(dict, clause('air camp')).anywhere(words)).toBe(false);
  });
  it('never across the end of the text, an annotation or a note', () => {
    expect(phraseMatcher(dict, clause('流域 base')).anywhere(words)).toBe(false);
    expect(phraseMatcher(dict, clause('camp x')).anywhere(words)).toBe(false);
    expect(phraseMatcher(dict, clause('x host')).anywhere(words)).toBe(false);
  });
  it('takes the last word as the start of a longer one when it is being typed', () => {
    expect(phraseMatcher(dict, clause('air ba', true)).inText(words)).toBe(true);
    expect(phraseMatcher(dict, clause('air ba')).inText(words)).toBe(false);
    expect(phraseMatcher(dict, clause('air zz', true)).inText(words)).toBe(false);
  });
  it('matches nothing for a word no document has', () => {
    expect(phraseMatcher(dict, clause('air quokka')).anywhere(words)).toBe(false);
  });
  it('stores two bytes a word until there are 65,535 terms', () => {
    expect(words.seq).toBeInstanceOf(Uint16Array);
    const big = new TermDictionary();
    for (let i = 0; i < 70_000; i++) big.idOf(`w${i}`);
    const wide = new WordCollector(big).collect('w0 w69999', []);
    expect(wide.seq).toBeInstanceOf(Uint32Array);
    expect(phraseMatcher(big, clause('w0 w69999')).inText(wide)).toBe(true);
  });
  it('agrees with a word-by-word scan of the text and the annotations (also where the first word repeats)', () => {
    const word = fc.constantFrom('a', 'b', 'c', 'ab');
    const text = fc.array(word, { maxLength: 30 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 3 }), fc.array(word, { minLength: 1, maxLength: 3 }), fc.boolean(), (body, notes, phrase, prefix) => {
        const d = new TermDictionary();
        for (const w of ['a', 'b', 'c', 'ab']) d.idOf(w);
        const w = new WordCollector(d).collect(body, notes.map((n) => ({ text: n })));
        const has = (s: string) => {
          const ts = s.split(' ').filter(Boolean);
          return ts.some((_, i) => phrase.every((p, k) => (prefix && k === phrase.length - 1 ? ts[i + k]?.startsWith(p) : ts[i + k] === p)));
        };
        const m = phraseMatcher(d, { terms: phrase, prefix });
        expect(m.inText(w)).toBe(has(body));
        expect(m.anywhere(w)).toBe(has(body) || notes.some(has));
      }),
      { numRuns: 2000, plugins: [PROPERTY_BUDGET] },
    );
  }, PROPERTY_TIMEOUT);

  it('gives the same sequence for changed annotations whether the text is scanned again or not', () => {
    const word = fc.constantFrom('a', 'b', 'c', 'ab', '長江', 'z9');
    const text = fc.array(word, { maxLength: 20 }).map((w) => w.join(' '));
    const annotation = fc.record({ text, note: fc.option(text, { nil: undefined }) });
    fc.assert(
      fc.property(text, fc.array(annotation, { maxLength: 4 }), fc.array(annotation, { maxLength: 4 }), (body, before, after) => {
        const d = new TermDictionary();
        const collector = new WordCollector(d);
        const first = collector.collect(body, before);
        const again = collector.withAnnotations(first, after);
        // Twice, so remembered ids are used too.
        expect([...collector.withAnnotations(first, after).seq]).toEqual([...again.seq]);
        const fresh = new WordCollector(d).collect(body, after);
        expect(again.textLength).toBe(fresh.textLength);
        expect([...again.seq]).toEqual([...fresh.seq]);
      }),
      { numRuns: 500, plugins: [PROPERTY_BUDGET] },
    );
  }, PROPERTY_TIMEOUT);
});
