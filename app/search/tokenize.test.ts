import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold } from './fold';
import { indexTerms, requiredTerms, scanIndexTerms, termsWithBigrams, tokenize, tokenizeByRegex, wordHash } from './tokenize';

// Property tests bound their own time: fast-check starts no new run after the
// budget (and passes if none failed), so a loaded two-core machine runs fewer
// cases instead of timing out; the test's timeout only catches a hang.
const PROPERTY_BUDGET = fc.interruptAfterTimeLimit(2_000);
const PROPERTY_TIMEOUT = 20_000;

const terms = (s: string) => tokenize(s).map((t) => t.term);
const spans = (s: string) => tokenize(s).map((t) => s.slice(t.start, t.end));

describe('fold', () => {
  it('ignores case, diacritics and compatibility forms', () => {
    expect(fold('Võ Thanh Tú')).toBe('vo thanh tu');
    expect(fold('Tu\u0301')).toBe('tu'); // combining acute
    expect(fold('Ｆｕｌｌ ＷＩＤＴＨ')).toBe('full width');
    expect(fold('ﬁle')).toBe('file');
    expect(fold('ΣΟΦΊΑ')).toBe('σοφια');
    expect(fold('İstanbul')).toBe('istanbul');
    expect(fold('ℌello')).toBe('hello');
  });
  it('strips Arabic harakat, hamza seats and the tatweel, not letters', () => {
    expect(fold('الإنذار')).toBe('الانذار');
    expect(fold('مُحَمَّد')).toBe('محمد');
    expect(fold('عـــربي')).toBe('عربي');
  });
  it('keeps what tells CJK words apart: voicing marks, Hangul syllables', () => {
    expect(fold('が')).toBe('が');
    expect(fold('が')).not.toBe(fold('か'));
    expect(fold('パ')).toBe('パ');
    expect(fold('한도윤')).toBe('한도윤');
    expect(fold('\u1112\u1161\u11ab')).toBe('한'); // conjoining jamo compose
    expect(fold('ｶﾀｶﾅ')).toBe('カタカナ');
  });
  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        expect(fold(fold(s))).toBe(fold(s));
      }),
      { numRuns: 500 },
    );
  });
});

describe('tokenize', () => {
  it('splits words and keeps their places in the original text', () => {
    const s = 'Gen. Chance Saltzman, the U.S. Space Force’s chief';
    expect(terms(s)).toEqual(['gen', 'chance', 'saltzman', 'the', 'u', 's', 'space', 'force', 's', 'chief']);
    expect(spans(s)).toEqual(['Gen', 'Chance', 'Saltzman', 'the', 'U', 'S', 'Space', 'Force', 's', 'chief']);
  });
  it('folds words but points at what was written (combining marks, astral characters)', () => {
    const s = 'Minister Võ Thanh Tu\u0301 said 😀 “yes”';
    const tokens = tokenize(s);
    expect(tokens.map((t) => t.term)).toEqual(['minister', 'vo', 'thanh', 'tu', 'said', 'yes']);
    expect(s.slice(tokens[3]!.start, tokens[3]!.end)).toBe('Tu\u0301');
  });
  it('splits Chinese, Japanese and Korean into characters, marking the joined ones', () => {
    const tokens = tokenize('Centre (长江流域遥感中心) in 北京, 나로우주센터');
    expect(tokens.map((t) => t.term)).toEqual(['centre', '长', '江', '流', '域', '遥', '感', '中', '心', 'in', '北', '京', '나', '로', '우', '주', '센', '터']);
    expect(tokens.map((t) => t.joined)).toEqual([false, false, true, true, true, true, true, true, true, false, false, true, false, true, true, true, true, true]);
  });
  it('keeps astral CJK characters whole', () => {
    const s = 'Haruka Yoshida (𠮷田遥)';
    expect(spans(s)).toEqual(['Haruka', 'Yoshida', '𠮷', '田', '遥']);
  });
  it('keeps a Japanese voicing mark with its kana, and the prolonged sound mark as a character', () => {
    expect(terms('データ')).toEqual(['テ\u3099'.normalize('NFC'), 'ー', 'タ']);
    expect(spans('か\u3099')).toEqual(['か\u3099']);
    expect(terms('か\u3099')).toEqual(['が']);
  });
  it('segments Thai into words', () => {
    expect(terms('สวัสดีครับ')).toEqual(['สวัสดี', 'ครับ']);
  });
  it('handles Arabic and Hebrew as words', () => {
    expect(terms('"الإنذار المبكر لا يفيد"')).toEqual(['الانذار', 'المبكر', 'لا', 'يفيد']);
    expect(terms('שָׁלוֹם עולם')).toEqual(['שלום', 'עולם']);
  });
  it('indexes CJK bigrams of joined characters only', () => {
    expect(termsWithBigrams(tokenize('长江 流域'))).toEqual(['长', '江', '长江', '流', '域', '流域']);
    expect(requiredTerms(tokenize('长江流域'))).toEqual(['长江', '江流', '流域']);
    expect(requiredTerms(tokenize('遥'))).toEqual(['遥']);
    expect(requiredTerms(tokenize('北京 space'))).toEqual(['北京', 'space']);
  });
});

describe('indexTerms (the fast path) agrees with tokenize', () => {
  it('also where folding splits a character (½ is 1⁄2)', () => {
    expect(indexTerms('x ½ y')).toEqual(['x', '1', '2', 'y']);
    expect(terms('x ½ y')).toEqual(['x', '1', '2', 'y']);
  });
  const pieces = [
    'Space', 'FORCE', ' ', ', ', '.', '’s', '-', 'é', 'e\u0301', 'Tú', '😀', '𠮷', '田', '長江', '流域', '한도윤', '우주',
    '\u1112\u1161\u11ab', 'データ', 'か\u3099', 'الإنذار', 'שָׁלוֹם', 'สวัสดี', 'ﬁ', 'Ｆｕｌｌ', '\r\n', '\n', '2026년', 'İ',
  ];
  it('for text made of awkward pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 25 }), (parts) => {
        const text = parts.join('');
        expect(indexTerms(text)).toEqual(termsWithBigrams(tokenize(text)));
      }),
      { numRuns: 400 },
    );
  });
});

describe('scanIndexTerms', () => {
  /** What a sink receives: the index terms and the words, each in order. */
  const scanned = (text: string) => {
    const terms: string[] = [];
    const words: string[] = [];
    scanIndexTerms(text, {
      asciiWord: (lower, start, end) => {
        terms.push(lower.slice(start, end));
        words.push(lower.slice(start, end));
      },
      term: (t) => terms.push(t),
      word: (w) => words.push(w),
    });
    return { terms, words };
  };
  // Characters that folding turns into letters (℃ is °c, ™ is tm, ⼀ is 一, ㉠ is ᄀ), or whose case changes their length (İ).
  const pieces = ['Space', ' ', ', ', '-', 'é', 'e\u0301', '😀', '𠮷', '長江', '한도윤', 'か\u3099', 'الإنذار', 'สวัสดี', 'ﬁ', '\r\n', '5℃', 'Force™', '⼀', '㉠', 'İ', '\u212a', '½', '_x_'];
  const text = fc.oneof(
    fc.array(fc.constantFrom(...pieces), { maxLength: 25 }).map((p) => p.join('')),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
  );

  it('gives the words of tokenize(), in order (what phrases are checked on)', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(scanned(s).words).toEqual(tokenize(s).map((t) => t.term));
      }),
      { numRuns: 3000, plugins: [PROPERTY_BUDGET] },
    );
  }, PROPERTY_TIMEOUT);
  it('tokenize() (walked by character code) gives what the regular expressions give, positions included', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(tokenize(s)).toEqual(tokenizeByRegex(s));
      }),
      { numRuns: 3000, plugins: [PROPERTY_BUDGET] },
    );
  }, PROPERTY_TIMEOUT);
  it('hands each ASCII word over with its hash, the one the dictionary takes for it (wordHash)', () => {
    fc.assert(
      fc.property(text, (s) => {
        scanIndexTerms(s, {
          asciiWord: (lower, start, end, hash) => expect(hash).toBe(wordHash(lower, start, end)),
          term: () => {},
          word: () => {},
        });
      }),
      { numRuns: 1000, plugins: [PROPERTY_BUDGET] },
    );
    expect(wordHash('xab', 1, 3)).toBe(wordHash('ab', 0, 2));
    expect(wordHash('ab', 0, 2)).not.toBe(wordHash('ba', 0, 2));
  }, PROPERTY_TIMEOUT);
  it('gives a run met again (kept from an earlier text) the terms and words it gave the first time', () => {
    const text = 'Đà Nẵng, 한도윤 and 長江流域 in 5℃; Force™ 𝐒𝐩𝐚𝐜𝐞';
    const first = scanned(text);
    expect(scanned(`${text} ${text}`)).toEqual({ terms: [...first.terms, ...first.terms], words: [...first.words, ...first.words] });
    expect(first.terms).toEqual(indexTerms(text));
    expect(first.words).toEqual(tokenize(text).map((t) => t.term));
  });
  it('keeps the words as tokenize() has them where folding makes a letter of a symbol', () => {
    expect(scanned('Force™ said, 5℃').words).toEqual(['force', 'said', '5']);
    expect(scanned('Force™ said, 5℃').terms).toEqual(['forcetm', 'said', '5', 'c']); // the index's terms, as before
  });
});
