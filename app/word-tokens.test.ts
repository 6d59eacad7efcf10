import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { snapRange, tokenize, wordMatches, words } from './word-tokens';

const texts = (text: string) => words(text).map((t) => text.slice(t.start, t.end));
const snapped = (text: string, needle: string, from = 0, to = needle.length) => {
  const at = text.indexOf(needle);
  const r = snapRange(text, at + from, at + to);
  return text.slice(r.start, r.end);
};

describe('tokenize', () => {
  it('keeps abbreviations whole with their full stop', () => {
    expect(texts('The U.S. Space Force and Gen. Chance Saltzman, Lt. Gen. Smith, on Dec. 14, John F. Kennedy.')).toEqual([
      'The', 'U.S.', 'Space', 'Force', 'and', 'Gen.', 'Chance', 'Saltzman', 'Lt.', 'Gen.', 'Smith', 'on', 'Dec.', '14', 'John', 'F.', 'Kennedy',
    ]);
  });

  it('splits the possessive off and never counts punctuation as a word', () => {
    const text = 'China’s and North Korea\'s "plans" (U.S.-Japan).';
    expect(texts(text)).toEqual(['China', 'and', 'North', 'Korea', 'plans', 'U.S.', 'Japan']);
    const kinds = tokenize(text).map((t) => `${text.slice(t.start, t.end)}:${t.kind}`);
    expect(kinds).toContain('’s:possessive');
    expect(kinds).toContain("'s:possessive");
    expect(kinds).toContain('":punct');
  });

  it('finds words in CJK, Korean, Arabic and emoji text', () => {
    expect(texts('東京で会談した')).toEqual(expect.arrayContaining(['東京']));
    expect(texts('박지원 장관이 말했다')).toEqual(['박지원', '장관이', '말했다']);
    expect(texts('قالت وزارة الدفاع اليابانية')).toEqual(['قالت', 'وزارة', 'الدفاع', 'اليابانية']);
    // An emoji is not a word: snapping leaves it out like punctuation.
    expect(texts('Tokyo 👩‍🚀 Osan')).toEqual(['Tokyo', 'Osan']);
  });
});

describe('snapRange', () => {
  const text = 'The move comes as China’s rivals and "North Korea," said Gen. Chance Saltzman of the U.S. Space Force.';

  it('widens a drag to whole words', () => {
    expect(snapped(text, 'rivals and', 2, 8)).toBe('rivals and');
    expect(snapped(text, 'Space Force', 3, 4)).toBe('Space');
  });

  it('leaves out the possessive and edge punctuation', () => {
    expect(snapped(text, 'China’s')).toBe('China');
    expect(snapped(text, '"North Korea,"')).toBe('North Korea');
    expect(snapped(text, 'Space Force.')).toBe('Space Force');
  });

  it('keeps abbreviations whole', () => {
    expect(snapped(text, 'Gen. Chance', 1)).toBe('Gen. Chance');
    expect(snapped(text, 'U.S.', 0, 2)).toBe('U.S.');
    expect(snapped('in Lt. Gen. Smith', 'Lt. Gen.', 1, 6)).toBe('Lt. Gen.');
  });

  it('returns a selection without words as it is', () => {
    expect(snapRange('a "" b', 2, 4)).toEqual({ start: 2, end: 4 });
  });
});

describe('wordMatches', () => {
  it('matches word starts only, case-insensitively, over whole words', () => {
    const text = 'Korea and North Korea; Koreans';
    expect(wordMatches(text, 'kor').map((h) => text.slice(h.start, h.end))).toEqual(['Korea', 'Korea', 'Koreans']);
    expect(wordMatches(text, 'north k').map((h) => text.slice(h.start, h.end))).toEqual(['North Korea']);
    expect(wordMatches(text, 'orea')).toEqual([]);
  });
});

describe('property: tokens never split a grapheme cluster', () => {
  const piece = fc.constantFrom('word', 'U.S.', 'Gen.', ' ', '. ', '’s', "'s", '😀', '👩‍🚀', '🇯🇵', '𠮷', 'é', 'e\u0301', '\n', '한국', '東京', 'شلوم', 'ـً', ',', '"', '-', 'क्षि');
  const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
  const boundaries = (text: string) => new Set([...graphemes.segment(text)].map((g) => g.index).concat(text.length));

  it('holds for tokens and for snapped ranges', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.nat(), fc.nat(), (parts, a, b) => {
        const text = parts.join('');
        const ok = boundaries(text);
        let last = 0;
        for (const t of tokenize(text)) {
          expect(ok.has(t.start) && ok.has(t.end)).toBe(true);
          expect(t.start).toBeGreaterThanOrEqual(last);
          expect(t.end).toBeGreaterThan(t.start);
          last = t.end;
        }
        // Any selection on grapheme boundaries stays on grapheme boundaries once snapped.
        const bs = [...ok].sort((x, y) => x - y);
        const s = bs[a % bs.length]!;
        const e = bs[b % bs.length]!;
        const [start, end] = s <= e ? [s, e] : [e, s];
        const r = snapRange(text, start, end);
        expect(ok.has(r.start) && ok.has(r.end)).toBe(true);
        expect(r.start).toBeLessThanOrEqual(r.end);
      }),
    );
  });
});
