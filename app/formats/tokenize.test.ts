import { describe, expect, it } from 'vitest';
import { TextIndex } from '../offsets';
import { splitSentences, tokenize } from './tokenize';

const words = (text: string, breaks: number[] = []) => {
  const index = new TextIndex(text);
  return tokenize(text, breaks).map((t) => index.slice(t.start, t.end));
};

describe('tokenize', () => {
  it('splits words and punctuation, keeping joiners inside words', () => {
    expect(words('Science Minister Han Do-yun (한도윤) said "yes," at 10:42.')).toEqual([
      'Science', 'Minister', 'Han', 'Do-yun', '(', '한도윤', ')', 'said', '"', 'yes', ',', '"', 'at', '10:42', '.',
    ]);
    expect(words('1,400 people; U.S. forces')).toEqual(['1,400', 'people', ';', 'U.S', '.', 'forces']);
  });

  it('keeps emoji sequences, flags and combining marks whole', () => {
    expect(words('Our 👩‍🔬 team 🛰️🌊 in 🇯🇵, Thanh Tu\u0301')).toEqual(['Our', '👩‍🔬', 'team', '🛰️', '🌊', 'in', '🇯🇵', ',', 'Thanh', 'Tu\u0301']);
  });

  it('counts code points (an astral character is one) and keeps UTF-16 indices beside them', () => {
    const text = '𠮷田 遥';
    expect(tokenize(text)).toEqual([
      { start: 0, end: 2, from: 0, to: 3 },
      { start: 3, end: 4, from: 4, to: 5 },
    ]);
  });

  it('always breaks at the given offsets', () => {
    expect(words('Do-yun', [2])).toEqual(['Do', '-', 'yun']);
    expect(words("Korea's", [5])).toEqual(['Korea', "'", 's']);
  });

  it('treats what Python splits on as white space', () => {
    expect(words('a\x1cb\x85c\u00a0d\u3000e')).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('does not treat U+FEFF as white space (Python does not split on it): it joins like a word character', () => {
    expect(words('a\uFEFFb \uFEFFc \uFEFF')).toEqual(['a\uFEFFb', '\uFEFFc', '\uFEFF']);
  });
});

describe('splitSentences', () => {
  const sentences = (text: string, protect: { start: number; end: number }[] = []) => {
    const index = new TextIndex(text);
    const tokens = tokenize(text);
    return splitSentences(index, tokens, protect).map(([a, b]) =>
      tokens.slice(a, b).map((t) => index.slice(t.start, t.end)).join(' '),
    );
  };

  it('ends sentences at line breaks and after terminators before a capital', () => {
    expect(sentences('He left. She stayed!\r\nNext line "Quoted." Then more')).toEqual([
      'He left .',
      'She stayed !',
      'Next line " Quoted . "',
      'Then more',
    ]);
  });

  it('does not end after abbreviations or initials, or before lower case', () => {
    expect(sentences('Gen. Chance Saltzman met Mr. Kim on Oct. 17. it went well. J. Smith came.')).toEqual([
      'Gen . Chance Saltzman met Mr . Kim on Oct . 17 . it went well .',
      'J . Smith came .',
    ]);
  });

  it('never ends a sentence inside a protected range', () => {
    const text = 'A claim. It goes on.\nAnd on.';
    expect(sentences(text, [{ start: 2, end: 27 }])).toEqual(['A claim . It goes on . And on .']);
    expect(sentences(text, [{ start: 0, end: 1 }])).toEqual(['A claim .', 'It goes on .', 'And on .']);
  });
});
