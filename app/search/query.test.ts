import { describe, expect, it } from 'vitest';
import { findClause, isEmptyQuery, parseQuery } from './query';

const clauses = (q: string) => parseQuery(q).text.map(({ terms, quoted, negated, prefix }) => ({ terms, quoted, negated, prefix }));

describe('parseQuery: words and phrases', () => {
  it('reads free words, folding them; the last one is a prefix while it is typed', () => {
    expect(clauses('Space FORCE')).toEqual([
      { terms: ['space'], quoted: false, negated: false, prefix: false },
      { terms: ['force'], quoted: false, negated: false, prefix: true },
    ]);
    expect(clauses('Space FORCE ')[1]?.prefix).toBe(false);
    expect(clauses('Space F')[1]?.prefix).toBe(false); // one letter would match half the corpus
  });
  it('reads "quoted phrases" (also with typographic quotes), never as a prefix', () => {
    expect(clauses('"Space Force" Japan')).toEqual([
      { terms: ['space', 'force'], quoted: true, negated: false, prefix: false },
      { terms: ['japan'], quoted: false, negated: false, prefix: true },
    ]);
    expect(clauses('“air base”')).toEqual([{ terms: ['air', 'base'], quoted: true, negated: false, prefix: false }]);
    expect(clauses('"unterminated phrase')).toEqual([{ terms: ['unterminated', 'phrase'], quoted: true, negated: false, prefix: false }]);
  });
  it('a word that splits into several terms is a phrase of them (U.S., e-mail)', () => {
    expect(clauses('U.S. ')).toEqual([{ terms: ['u', 's'], quoted: false, negated: false, prefix: false }]);
    expect(parseQuery('e-mail ').text[0]?.required).toEqual(['e', 'mail']);
  });
  it('excludes with a leading minus, matching whole words', () => {
    expect(clauses('flood -dam -"dam release"')).toEqual([
      { terms: ['flood'], quoted: false, negated: false, prefix: false },
      { terms: ['dam'], quoted: false, negated: true, prefix: false },
      { terms: ['dam', 'release'], quoted: true, negated: true, prefix: false },
    ]);
    expect(clauses('a - b ').map((c) => c.terms)).toEqual([['a'], ['b']]); // a lone minus is nothing
  });
  it('ignores diacritics and case: every spelling gives the same terms', () => {
    const forms = ['Võ Thanh Tú', 'VO THANH TU', 'vo thanh tu', 'Vo\u0303 Thanh Tu\u0301'];
    const parsed = forms.map((f) => parseQuery(`${f} `).text.map((c) => c.terms));
    for (const p of parsed) expect(p).toEqual([['vo'], ['thanh'], ['tu']]);
  });
  it('reads Chinese and Japanese typed without spaces as a phrase of characters', () => {
    const [zh] = parseQuery('长江流域').text;
    expect(zh).toMatchObject({ terms: ['长', '江', '流', '域'], required: ['长江', '江流', '流域'], prefix: false });
    const [ja] = parseQuery('関西軌道水文研究所').text;
    expect(ja?.terms).toHaveLength(9);
    expect(ja?.required).toHaveLength(8);
    expect(parseQuery('𠮷田遥').text[0]?.terms).toEqual(['𠮷', '田', '遥']);
  });
  it('reads Korean by syllables, so a word inside a compound is found', () => {
    expect(parseQuery('우주').text[0]).toMatchObject({ terms: ['우', '주'], required: ['우주'] });
    expect(parseQuery('한도윤은 ').text[0]?.required).toEqual(['한도', '도윤', '윤은']);
  });
  it('reads Arabic without its diacritics and hamza seats', () => {
    expect(parseQuery('الإنذار المبكر').text.map((c) => c.terms)).toEqual([['الانذار'], ['المبكر']]);
    expect(parseQuery('مُحَمَّد').text[0]?.terms).toEqual(['محمد']);
  });
  it('drops what has no word in it', () => {
    expect(parseQuery('!!! — ...').text).toEqual([]);
    expect(isEmptyQuery(parseQuery('  '))).toBe(true);
  });
});

describe('parseQuery: filters', () => {
  it('reads label:, entity:, status:, author:, doc: (keys in any case, values quoted or not)', () => {
    const q = parseQuery('LABEL:person entity:"Chance Saltzman" status:Disputed author:alice doc:done Saltzman');
    expect(q.filters).toEqual([
      { key: 'label', value: 'person', folded: 'person', negated: false },
      { key: 'entity', value: 'Chance Saltzman', folded: 'chance saltzman', negated: false },
      { key: 'status', value: 'Disputed', folded: 'disputed', negated: false },
      { key: 'author', value: 'alice', folded: 'alice', negated: false },
      { key: 'doc', value: 'done', folded: 'done', negated: false },
    ]);
    expect(q.text.map((c) => c.terms)).toEqual([['saltzman']]);
    expect(q.problems).toEqual([]);
  });
  it('negates a filter with a minus', () => {
    expect(parseQuery('label:CLAIM -status:refuted').filters.map((f) => [f.key, f.folded, f.negated])).toEqual([
      ['label', 'claim', false],
      ['status', 'refuted', true],
    ]);
  });
  it('accepts doc statuses as people type them', () => {
    for (const v of ['in-progress', 'in_progress', 'inprogress', '"in progress"', 'In-Progress']) {
      expect(parseQuery(`doc:${v}`).filters[0]?.folded).toBe('in-progress');
    }
  });
  it('says what is wrong with a value, and keeps the filter (it matches nothing)', () => {
    const q = parseQuery('status:maybe doc:finished label:');
    expect(q.problems).toEqual([
      'status:maybe is not a claim status (unverified, supported, disputed, refuted)',
      'doc:finished is not a document status (todo, in-progress, done)',
      'label: needs a value, e.g. label:PERSON',
    ]);
    expect(q.filters.map((f) => f.key)).toEqual(['status', 'doc']);
  });
  it('treats unknown keys and times as words', () => {
    expect(parseQuery('at 10:42 see:also ').text.map((c) => c.terms)).toEqual([['at'], ['10', '42'], ['see', 'also']]);
    expect(parseQuery('at 10:42').filters).toEqual([]);
  });
  it('keeps Unicode in filter values (an author or entity in any script)', () => {
    expect(parseQuery('author:김서연 entity:"周沛然"').filters.map((f) => f.folded)).toEqual(['김서연', '周沛然']);
    expect(parseQuery('author:José').filters[0]?.folded).toBe('jose');
  });
});

describe('findClause', () => {
  it('finds words and phrases in a sequence of terms, the last one as a prefix when asked', () => {
    const terms = ['the', 'space', 'force', 'said', 'space', 'forces'];
    expect(findClause(terms, { terms: ['space'], prefix: false })).toEqual([1, 4]);
    expect(findClause(terms, { terms: ['space', 'force'], prefix: false })).toEqual([1]);
    expect(findClause(terms, { terms: ['space', 'force'], prefix: true })).toEqual([1, 4]);
    expect(findClause(terms, { terms: ['force', 'space'], prefix: false })).toEqual([]);
    expect(findClause(terms, { terms: ['space'], prefix: false }, 1)).toEqual([1]);
  });
});
