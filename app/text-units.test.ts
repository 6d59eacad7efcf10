import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TextIndex } from './offsets';
import { findWord, lineSentences, lineTokens, nextSentence, nextToken, previousSentence, previousToken, sentenceAt, snapToWords, tokenAt } from './text-units';

const cps = (s: string) => Array.from(s);
const textOf = (index: TextIndex, span: { start: number; end: number } | null) => (span ? index.slice(span.start, span.end) : null);

describe('tokens', () => {
  const index = new TextIndex('Gen. Chance Saltzman said 😀 "yes".\r\n\r\n𠮷田遥 (박지원) spoke.');

  it('lists the words a selection snaps to (abbreviations whole, no punctuation), in code points', () => {
    const tokens = lineTokens(index, 0).map((t) => textOf(index, t));
    expect(tokens).toEqual(['Gen.', 'Chance', 'Saltzman', 'said', 'yes']);
  });

  it('moves forward and back across lines, skipping empty ones', () => {
    const last = lineTokens(index, 0).at(-1);
    expect(last).toBeDefined();
    const next = nextToken(index, last!.end);
    expect(textOf(index, next)).toMatch(/^𠮷/);
    expect(next!.start).toBe(cps('Gen. Chance Saltzman said 😀 "yes".\r\n\r\n').length);
    expect(textOf(index, previousToken(index, next!.start))).toBe('yes');
    expect(previousToken(index, 0)).toBeNull();
    expect(nextToken(index, index.length)).toBeNull();
  });

  it('finds the token at a position', () => {
    expect(textOf(index, tokenAt(index, 7))).toBe('Chance');
  });
});

describe('snapping and finding over the text', () => {
  const index = new TextIndex('😀 North Korea’s "plans"\nthe U.S. and Korea.\nKorean 😀');
  const at = (needle: string) => cps(index.text.slice(0, index.text.indexOf(needle))).length;

  it('snaps across lines in code points, leaving out the possessive and punctuation', () => {
    const s = at('orth');
    expect(textOf(index, snapToWords(index, s, at('"plans"') + 3))).toBe('North Korea’s "plans');
    expect(textOf(index, snapToWords(index, at('Korea’s'), at('Korea’s') + 7))).toBe('Korea');
    expect(textOf(index, snapToWords(index, at('plans'), at('U.S.') + 2))).toBe('plans"\nthe U.S.');
  });

  it('finds the next word starting with the query, wrapping to the top', () => {
    expect(textOf(index, findWord(index, 'kor', 0))).toBe('Korea');
    const second = findWord(index, 'kor', at('Korea’s') + 1)!;
    expect(second.start).toBe(at('Korea.'));
    expect(textOf(index, findWord(index, 'kor', second.start + 1))).toBe('Korean');
    expect(findWord(index, 'kor', at('Korean') + 1)!.start).toBe(at('Korea’s'));
    expect(textOf(index, findWord(index, 'the u', 0))).toBe('the U.S.');
    expect(findWord(index, 'zzz', 0)).toBeNull();
  });
});

describe('sentences', () => {
  const index = new TextIndex('Tokyo agreed. Seoul may follow, officials said.\nA new line here.');

  it('splits a line into trimmed sentences', () => {
    expect(lineSentences(index, 0).map((s) => textOf(index, s))).toEqual(['Tokyo agreed.', 'Seoul may follow, officials said.']);
  });

  it('steps through sentences across lines', () => {
    const first = sentenceAt(index, 0)!;
    const second = nextSentence(index, first.end)!;
    expect(textOf(index, second)).toBe('Seoul may follow, officials said.');
    const third = nextSentence(index, second.end)!;
    expect(textOf(index, third)).toBe('A new line here.');
    expect(textOf(index, previousSentence(index, third.start))).toBe('Seoul may follow, officials said.');
    expect(nextSentence(index, third.end)).toBeNull();
  });
});

describe('property: units are inside the text, ordered, and never split a surrogate pair', () => {
  const piece = fc.constantFrom('word', ' ', '. ', '😀', '𠮷', 'é', 'e\u0301', '\r\n', '\n', '한국', 'שלום', ',', '"');
  it('holds for random texts', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const index = new TextIndex(text);
        let cp = 0;
        let guard = 0;
        for (let t = nextToken(index, cp); t; t = nextToken(index, cp)) {
          expect(t.start).toBeGreaterThanOrEqual(cp);
          expect(t.end).toBeGreaterThan(t.start);
          expect(t.end).toBeLessThanOrEqual(index.length);
          const s = index.slice(t.start, t.end);
          expect(s).toBe(cps(text).slice(t.start, t.end).join(''));
          expect(s.trim()).toBe(s);
          cp = t.end;
          if (++guard > 1000) throw new Error('no progress');
        }
      }),
    );
  });
});
