import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TextIndex } from './offsets';
import { contextOf, findOccurrences } from './tag-all';

const spans = (text: string, query: string, options = {}) =>
  findOccurrences(new TextIndex(text), query, options).occurrences.map((o) => [o.start, o.end, o.text]);

describe('findOccurrences', () => {
  it('finds every exact occurrence in code points, after astral characters too', () => {
    const text = '𠮷 Japan and 😀 Japan; japan.\r\nJapan';
    expect(spans(text, 'Japan')).toEqual([
      [2, 7, 'Japan'],
      [14, 19, 'Japan'],
      [29, 34, 'Japan'], // 𠮷 1 + " Japan and " 11 + 😀 1 + " Japan; japan." 14 + \r\n 2 = 29
    ]);
  });

  it('is case-sensitive by default; caseSensitive: false folds case (final sigma too)', () => {
    expect(spans('Japan JAPAN japan', 'japan')).toEqual([[12, 17, 'japan']]);
    expect(spans('Japan JAPAN japan', 'japan', { caseSensitive: false }).map((s) => s[2])).toEqual(['Japan', 'JAPAN', 'japan']);
    // "ΟΔΟΣ" lower-cases to "οδος" with a final ς as a whole word, σ letter by letter: both fold to σ.
    expect(spans('ΟΔΟΣ οδος', 'οδος', { caseSensitive: false })).toHaveLength(2);
    // İ lower-cases to two code units (i + U+0307): offsets still map to the original.
    expect(spans('İstanbul and istanbul', 'stanbul', { caseSensitive: false })).toEqual([
      [1, 8, 'stanbul'],
      [14, 21, 'stanbul'],
    ]);
  });

  it('never splits a grapheme cluster', () => {
    const nfd = 'Jose\u0301 and Jose';
    expect(spans(nfd, 'Jose')).toEqual([[10, 14, 'Jose']]);
    expect(spans('👨‍👩‍👧 👨', '👨')).toEqual([[6, 7, '👨']]);
  });

  it('ignoreNormalization matches NFC against NFD and maps back to the original offsets', () => {
    const text = 'Jose\u0301 met José'; // NFD first, NFC second
    expect(spans(text, 'José')).toEqual([[10, 14, 'José']]);
    expect(spans(text, 'José', { ignoreNormalization: true })).toEqual([
      [0, 5, 'Jose\u0301'],
      [10, 14, 'José'],
    ]);
    expect(spans(text, 'JOSE\u0301', { ignoreNormalization: true, caseSensitive: false })).toHaveLength(2);
    // Hangul: precomposed 한 vs its jamo ᄒ+ᅡ+ᆫ
    expect(spans('\u1112\u1161\u11ab 한', '한', { ignoreNormalization: true })).toEqual([
      [0, 3, '\u1112\u1161\u11ab'],
      [4, 5, '한'],
    ]);
  });

  it('wholeWord keeps matches on word boundaries (and before a possessive)', () => {
    const text = 'Japan, Japanese, Japan’s and NewJapan Japan';
    expect(spans(text, 'Japan')).toHaveLength(5);
    expect(spans(text, 'Japan', { wholeWord: true }).map((s) => s[0])).toEqual([0, 17, 38]);
    // Several words
    expect(spans('New York, New Yorker', 'New York', { wholeWord: true })).toEqual([[0, 8, 'New York']]);
    // CJK has no spaces: the segmenter's dictionary finds the words (東京 | 都 | に | 東京 with ICU's data).
    expect(spans('東京都に東京', '東京', { wholeWord: true }).map((s) => s[0])).toContain(4);
    expect(spans('東京都に東京', '京都', { wholeWord: true })).toEqual([]);
  });

  it('does not overlap matches', () => {
    expect(spans('aaaa', 'aa')).toEqual([
      [0, 2, 'aa'],
      [2, 4, 'aa'],
    ]);
  });

  it('leaves out spans already tagged with the same label, and counts them', () => {
    const index = new TextIndex('Rome and Rome and Rome');
    const r = findOccurrences(index, 'Rome', {}, {
      label: 'GPE',
      annotations: [
        { label: 'GPE', start: 0, end: 4 },
        { label: 'ORG', start: 9, end: 13 },
        { label: 'GPE', start: 17, end: 22 }, // overlaps but is not the same span
      ],
    });
    expect(r.occurrences.map((o) => o.start)).toEqual([9, 18]);
    expect(r.alreadyTagged).toBe(1);
  });

  it('finds nothing for an empty query', () => {
    expect(spans('abc', '')).toEqual([]);
  });

  it('every occurrence found is the query in the text, at code-point offsets (property)', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', ' ', '😀', 'é', 'e\u0301', '\n', '.');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), fc.array(fc.constantFrom('a', 'b', 'A', 'é'), { minLength: 1, maxLength: 3 }), (chars, q) => {
        const text = chars.join('');
        const query = q.join('');
        const index = new TextIndex(text);
        const cps = Array.from(text);
        for (const o of findOccurrences(index, query).occurrences) {
          expect(cps.slice(o.start, o.end).join('')).toBe(query);
          expect(o.text).toBe(query);
        }
        for (const o of findOccurrences(index, query, { caseSensitive: false, ignoreNormalization: true }).occurrences) {
          expect(cps.slice(o.start, o.end).join('').normalize('NFC').toLowerCase()).toBe(query.normalize('NFC').toLowerCase());
        }
      }),
    );
  });
});

describe('contextOf', () => {
  it('gives context on each side in code points, line breaks as spaces', () => {
    const index = new TextIndex('one 😀\ntwo three');
    expect(contextOf(index, { start: 6, end: 9 }, 3)).toEqual({ before: ' 😀 ', after: ' th' });
  });
});
