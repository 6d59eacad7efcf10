import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annotationHasClause, type IndexedAnnotation } from '../../app/search/document-model';
import { locateClauses } from '../../app/search/locate';
import { parseQuery, type ParsedQuery } from '../../app/search/query';
import { forEachWordSpan, tokenize } from '../../app/search/tokenize';
import { annotationClauses, locateFromWords, type CompiledClause } from './word-hits';
import { TermDictionary, WordCollector, phraseMatcher } from './word-index';

// Property tests bound their own time (see word-index.test.ts).
const PROPERTY_BUDGET = fc.interruptAfterTimeLimit(3_000);
const PROPERTY_TIMEOUT = 30_000;

/** Words and separators in many scripts: CJK, Hangul, emoji (with ZWJ), combining accents, ligatures, case that changes length. */
const WORDS = ['a', 'b', 'ab', 'Air', 'base', 'Võ', 'Vo\u0303', 'café', 'cafe\u0301', '長江', '流域', '長', '우주', '나로우주센터', 'かが', 'ﬁre', '½', 'İstanbul', 'straße', 'ＦＵＬＬ', '😀', '👩‍🚀', 'x😀y', 'ไทย', 'الإنذار', '5℃', 'U.S.'];
const GAPS = [' ', '  ', '\n', '\r\n', '-', '. ', ', ', '', '\t', '—'];

const word = fc.constantFrom(...WORDS);
const text = fc.array(fc.tuple(word, fc.constantFrom(...GAPS)), { maxLength: 25 }).map((parts) => parts.map(([w, g]) => w + g).join(''));
/** A query of one to three clauses: words or quoted phrases, some negated, the last one maybe being typed. */
const query = fc
  .array(fc.tuple(fc.array(word, { minLength: 1, maxLength: 2 }), fc.boolean(), fc.boolean(), fc.nat(4)), { minLength: 1, maxLength: 3 })
  .chain((clauses) =>
    fc.boolean().map((typing) => {
      const s = clauses
        .map(([ws, quoted, negated, cut]) => {
          // Sometimes only the start of the last word (a prefix being typed).
          const last = ws[ws.length - 1] as string;
          const words = [...ws.slice(0, -1), cut > 0 && last.length > cut ? last.slice(0, last.length - cut) : last];
          const body = quoted ? `"${words.join(' ')}"` : words.join(' ');
          return negated ? `-${body}` : body;
        })
        .join(' ');
      return typing ? s : `${s} `;
    }),
  );

function compile(dict: TermDictionary, q: ParsedQuery): CompiledClause[] {
  return q.text.map((c) => ({ negated: c.negated, length: c.terms.length, matcher: phraseMatcher(dict, c) }));
}

describe('forEachWordSpan', () => {
  it('gives the spans of tokenize(), also from the splits it remembers', () => {
    fc.assert(
      fc.property(text, (body) => {
        const want = tokenize(body).map((t) => [t.start, t.end]);
        for (let round = 0; round < 2; round++) {
          const got: number[][] = [];
          forEachWordSpan(body, (start, end) => got.push([start, end]));
          expect(got).toEqual(want);
        }
      }),
      { numRuns: 2000, plugins: [PROPERTY_BUDGET] },
    );
  }, PROPERTY_TIMEOUT);
});

describe('hits placed from the word sequence', () => {
  it('are those found by tokenising the text, and annotations match the same clauses', () => {
    const annotation = fc.record({ text, note: fc.option(text, { nil: undefined }) });
    fc.assert(
      fc.property(text, fc.array(annotation, { maxLength: 4 }), query, text, (body, annotations, typed, other) => {
        const dict = new TermDictionary();
        const collector = new WordCollector(dict);
        // Another document first, so ids are not simply the order of this text's words.
        collector.collect(other, []);
        const words = collector.collect(body, annotations);
        const q = parseQuery(typed);
        const compiled = compile(dict, q);
        expect(locateFromWords(body, words, compiled)).toEqual(locateClauses(body, q));
        const indexed = annotations.map((a) => ({ text: a.text, ...(a.note ? { note: a.note } : {}) }) as IndexedAnnotation);
        const found = annotationClauses(words, annotations.length, compiled);
        expect(found).not.toBeNull();
        expect(found?.some).toEqual(q.text.map((c) => indexed.some((a) => annotationHasClause(a, c))));
        const positive = q.text.filter((c) => !c.negated);
        expect([...(found?.withWord ?? [])]).toEqual(indexed.map((a) => (positive.some((c) => annotationHasClause(a, c)) ? 1 : 0)));
      }),
      { numRuns: 3000, plugins: [PROPERTY_BUDGET] },
    );
  }, PROPERTY_TIMEOUT);

  it('says so (null) for a text whose words no longer line up with the sequence', () => {
    const dict = new TermDictionary();
    const words = new WordCollector(dict).collect('air base here', []);
    const q = parseQuery('base ');
    expect(locateFromWords('air base', words, compile(dict, q))).toBeNull();
    expect(locateFromWords('air base here', words, compile(dict, q))).toEqual({ ranges: [{ start: 4, end: 8 }], found: [true] });
  });

  it('says so (null) when the sequence holds other annotations than the record', () => {
    const dict = new TermDictionary();
    const words = new WordCollector(dict).collect('air base', [{ text: 'air' }]);
    const compiled = compile(dict, parseQuery('air '));
    expect(annotationClauses(words, 2, compiled)).toBeNull();
    expect(annotationClauses(words, 0, compiled)).toBeNull();
    expect(annotationClauses(words, 1, compiled)?.some).toEqual([true]);
  });
});
