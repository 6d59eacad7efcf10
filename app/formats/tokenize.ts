// A plain, predictable tokenizer and sentence splitter for token-based
// formats (CoNLL). Offsets are code points. Callers pass the offsets where a
// token must end (annotation boundaries), so every span is a whole number of
// tokens and its IOB tags are exact, whatever the tokenizer would have done.
import type { TextIndex } from '../offsets';
import type { Range } from './types';

/** A token: code-point offsets, and the same span as UTF-16 indices for slicing the string. */
export interface Token extends Range {
  from: number;
  to: number;
}

const WORD = /[\p{L}\p{M}\p{N}\p{Pc}]/u;
/**
 * What separates tokens: what Python's str.split() splits on, so a Python
 * reader splitting a CoNLL line on white space always finds the same four
 * columns: JavaScript's white space without U+FEFF (which Python keeps), plus
 * U+001C-U+001F and U+0085.
 */
export const TOKEN_SPACE = /[^\S\uFEFF]|[\x1c-\x1f\x85]/u;
/** Code points that extend the symbol before them: marks, ZWJ, emoji modifiers, tag characters. */
const EXTEND = /[\p{M}\u200d\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]/u;
/** Characters kept inside a word when a word character follows: Do-yun, 1,400, 10:42, don't, U.S. */
const JOINERS = new Set([0x27, 0x2019, 0x2d, 0x2010, 0x2011, 0x2e, 0x2c, 0x3a, 0xb7, 0x2f]);

const SPACE = 1;
const WORD_KIND = 2;
const OTHER = 3;
const EXTEND_KIND = 4;
type Kind = typeof SPACE | typeof WORD_KIND | typeof OTHER | typeof EXTEND_KIND;

/** Classes of the BMP code points above ASCII seen so far (0: not yet): the regular expressions run once per distinct character. */
const bmpClasses = new Uint8Array(0x10000);
/** The same for astral code points. */
const astralClasses = new Map<number, Kind>();

function classify(c: number): Kind {
  if (c < 0x80) {
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f)) return SPACE;
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f) return WORD_KIND;
    return OTHER;
  }
  const known = c < 0x10000 ? bmpClasses[c] : astralClasses.get(c);
  if (known) return known as Kind;
  let k: Kind;
  const ch = String.fromCodePoint(c);
  if (c === 0x200d || (c >= 0x1f3fb && c <= 0x1f3ff) || (c >= 0xe0020 && c <= 0xe007f)) k = EXTEND_KIND;
  // A zero-width no-break space joins what is around it, as a word character would.
  else if (c === 0xfeff) k = WORD_KIND;
  else if (TOKEN_SPACE.test(ch)) k = SPACE;
  // Marks (a variation selector, a combining accent) extend whatever they follow, word or symbol.
  else if (EXTEND.test(ch)) k = EXTEND_KIND;
  else if (WORD.test(ch)) k = WORD_KIND;
  else k = OTHER;
  if (c < 0x10000) bmpClasses[c] = k;
  else if (astralClasses.size < 65536) astralClasses.set(c, k);
  return k;
}

/** classify() of each ASCII character. */
const ASCII_KIND = Uint8Array.from({ length: 0x80 }, (_, c) => classify(c));

function isRegionalIndicator(c: number): boolean {
  return c >= 0x1f1e6 && c <= 0x1f1ff;
}

/**
 * Tokens as parallel arrays (the first `count` entries of each): a corpus has
 * millions of tokens, and one object per token was most of the CoNLL
 * export's allocation.
 */
export interface TokenList {
  count: number;
  /** Code-point offsets. */
  start: Int32Array;
  end: Int32Array;
  /** UTF-16 indices of the same spans. */
  from: Int32Array;
  to: Int32Array;
}

/** Four arrays of `capacity` entries on one buffer: allocating a typed array costs more than filling it, so one allocation rather than four. */
function allocate(capacity: number): Pick<TokenList, 'start' | 'end' | 'from' | 'to'> {
  const all = new Int32Array(capacity * 4);
  return {
    start: all.subarray(0, capacity),
    end: all.subarray(capacity, capacity * 2),
    from: all.subarray(capacity * 2, capacity * 3),
    to: all.subarray(capacity * 3),
  };
}

function grow(list: TokenList): void {
  const bigger = allocate(list.start.length * 2);
  bigger.start.set(list.start);
  bigger.end.set(list.end);
  bigger.from.set(list.from);
  bigger.to.set(list.to);
  Object.assign(list, bigger);
}

function push(list: TokenList, start: number, end: number, from: number, to: number): void {
  if (list.count === list.start.length) grow(list);
  const i = list.count++;
  list.start[i] = start;
  list.end[i] = end;
  list.from[i] = from;
  list.to[i] = to;
}

/** tokenize()'s tokens as a TokenList. */
export function scanTokens(text: string, breaks: readonly number[] = []): TokenList {
  const n = text.length;
  // About one token per seven UTF-16 units in prose: room for one per five, so it seldom has to grow.
  const capacity = (n >> 3) + (n >> 4) + 16;
  const list: TokenList = { count: 0, ...allocate(capacity) };
  let start = -1;
  let from = 0;
  let kind = 0;
  let joinNext = false;
  let riCount = 0;
  let b = 0;
  // The next break offset, or -1 when there are none left.
  let nextBreak = breaks.length > 0 ? (breaks[0] as number) : -1;
  let cp = 0;
  let u = 0;
  while (u < n) {
    // ASCII white space and letters and digits, the bulk of most text, take a short way; the rules below give the same.
    const w = text.charCodeAt(u);
    if (w < 0x80) {
      const ak = ASCII_KIND[w];
      if (ak === SPACE) {
        if (start >= 0) {
          push(list, start, cp, from, u);
          start = -1;
        }
        u++;
        cp++;
        continue;
      }
      if (ak === WORD_KIND && (start < 0 || kind === WORD_KIND)) {
        while (nextBreak !== -1 && nextBreak < cp) nextBreak = ++b < breaks.length ? (breaks[b] as number) : -1;
        // A word starts here, or goes on (a break ends it, but a token starting at a break is fine).
        if (start < 0 || nextBreak !== cp) {
          if (start < 0) {
            start = cp;
            from = u;
            kind = WORD_KIND;
            riCount = 0;
          }
          joinNext = false;
          // The rest of the run of ASCII word characters at once, up to the next break.
          const stop = nextBreak === -1 ? n : Math.min(n, u + nextBreak - cp);
          let v = u + 1;
          while (v < stop) {
            const x = text.charCodeAt(v);
            if (x >= 0x80 || ASCII_KIND[x] !== WORD_KIND) break;
            v++;
          }
          cp += v - u;
          u = v;
          continue;
        }
      }
    }
    const here = cp++;
    let c = text.charCodeAt(u);
    const at = u;
    if (c >= 0xd800 && c <= 0xdbff && u + 1 < n) {
      const low = text.charCodeAt(u + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = (c - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        u++;
      }
    }
    u++;
    while (nextBreak !== -1 && nextBreak < here) nextBreak = ++b < breaks.length ? (breaks[b] as number) : -1;
    const k = classify(c);
    if (start >= 0) {
      let extend = false;
      if (nextBreak === here) extend = false;
      else if (k === SPACE) extend = false;
      else if (k === EXTEND_KIND) extend = true;
      else if (joinNext) extend = true;
      else if (kind === WORD_KIND && k === WORD_KIND) extend = true;
      else if (kind === OTHER && k === OTHER && riCount === 1 && isRegionalIndicator(c)) extend = true;
      else if (kind === WORD_KIND && JOINERS.has(c) && u < n) {
        const breakNext = nextBreak === here + 1;
        extend = !breakNext && classify(text.codePointAt(u) as number) === WORD_KIND;
      }
      if (extend) {
        joinNext = k === EXTEND_KIND ? c === 0x200d : false;
        if (kind === OTHER && isRegionalIndicator(c)) riCount++;
        continue;
      }
      push(list, start, here, from, at);
      start = -1;
    }
    if (k === SPACE) continue;
    start = here;
    from = at;
    kind = k === WORD_KIND ? WORD_KIND : OTHER;
    joinNext = c === 0x200d;
    riCount = isRegionalIndicator(c) ? 1 : 0;
  }
  if (start >= 0) push(list, start, cp, from, n);
  return list;
}

/**
 * Splits `text` into tokens: runs of letters, marks and digits (with
 * apostrophes, hyphens, dots, commas and colons kept between two of them),
 * and single symbols with what extends them (an emoji with its modifiers and
 * ZWJ sequence, a flag's two regional indicators). Whitespace separates
 * tokens and is never part of one. `breaks` (code points, ascending) are
 * offsets where a token always ends and the next begins. Linear in the text.
 */
export function tokenize(text: string, breaks: readonly number[] = []): Token[] {
  const list = scanTokens(text, breaks);
  const tokens = new Array<Token>(list.count);
  for (let i = 0; i < list.count; i++) {
    tokens[i] = { start: list.start[i] as number, end: list.end[i] as number, from: list.from[i] as number, to: list.to[i] as number };
  }
  return tokens;
}

const TERMINATORS = new Set([0x2e, 0x21, 0x3f, 0x2026, 0x3002, 0xff01, 0xff1f, 0x061f, 0x06d4, 0x0964]);
const CLOSERS = new Set([0x22, 0x27, 0x201d, 0x2019, 0xbb, 0x29, 0x5d, 0x7d, 0x300d, 0x300f]);
/** 1 for the ASCII characters in TERMINATORS or CLOSERS. */
const ENDING_ASCII = Uint8Array.from({ length: 0x80 }, (_, c) => (TERMINATORS.has(c) || CLOSERS.has(c) ? 1 : 0));
const OPENERS = /^[\p{Lu}\p{Lt}\p{Lo}\p{N}"'\u201c\u2018\u00ab(\[\u300c\u300e]/u;
/** 1 for the ASCII characters OPENERS accepts. */
const ASCII_OPENERS = Uint8Array.from({ length: 0x80 }, (_, c) => (OPENERS.test(String.fromCharCode(c)) ? 1 : 0));
const SINGLE_CAPITAL = /^\p{Lu}$/u;
/** Words that usually end in a dot without ending the sentence. */
const ABBREVIATIONS = new Set(
  (
    'Mr Mrs Ms Dr Prof St Sr Jr Gen Sen Rep Gov Lt Col Sgt Capt Cmdr Adm Maj Rev Hon Pres Supt Inc Ltd Co Corp ' +
    'No Nos vs etc Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mt Ft Ave Blvd approx est dept e.g i.e U.S U.K U.N'
  ).split(' '),
);
/** In UTF-16 units, at least the longest abbreviation and a single astral capital. */
const LONGEST_ABBREVIATION = Math.max(2, ...[...ABBREVIATIONS].map((a) => a.length));

/**
 * Groups tokens into sentences, as [first, last) token index pairs. A
 * sentence ends at a line break, or after . ! ? (and any closing quotes or
 * brackets) when whitespace and a capital, digit, uncased letter or opening
 * quote follow, unless the dot ends a known abbreviation or a single letter.
 * No sentence ends inside a `protect`ed range (an annotation), so a span is
 * never split across two sentences.
 */
export function splitSentences(index: TextIndex, tokens: readonly Token[], protect: readonly Range[] = []): [number, number][] {
  const list: TokenList = {
    count: tokens.length,
    start: Int32Array.from(tokens, (t) => t.start),
    end: Int32Array.from(tokens, (t) => t.end),
    from: Int32Array.from(tokens, (t) => t.from),
    to: Int32Array.from(tokens, (t) => t.to),
  };
  const ends = sentenceEnds(index.text, list, protect);
  const sentences: [number, number][] = [];
  let first = 0;
  for (const last of ends) {
    sentences.push([first, last]);
    first = last;
  }
  return sentences;
}

/** splitSentences over a TokenList: the token index that ends each sentence (exclusive), in order; the last is `count`. */
export function sentenceEnds(text: string, tokens: TokenList, protect: readonly Range[] = []): Int32Array {
  const n = tokens.count;
  if (n === 0) return new Int32Array(0);
  const { start, end, from, to } = tokens;
  // No sentence ends after token k when a protected range covers tokens k and k + 1: such k form [a, z) ranges,
  // walked along with k (no array as long as the tokens).
  const blocked: [number, number][] = [];
  if (protect.length > 0) {
    /** First token index whose `key` is past `cp`: end > cp, or start >= cp. */
    const search = (cp: number, byEnd: boolean) => {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (byEnd ? (end[mid] as number) <= cp : (start[mid] as number) < cp) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    for (const r of protect) {
      const a = search(r.start, true); // first token ending inside or after the range
      const z = search(r.end, false) - 1; // last token starting inside the range
      if (z > a) blocked.push([a, z]);
    }
    blocked.sort((x, y) => x[0] - y[0]);
  }
  // The next range to enter, and the end of those entered so far.
  let nextBlocked = 0;
  let blockedUntil = 0;
  const tokenText = (k: number) => text.slice(from[k] as number, to[k] as number);
  /** A one-character token's character code, or -1. */
  const single = (k: number) => ((to[k] as number) - (from[k] as number) === 1 ? text.charCodeAt(from[k] as number) : -1);
  /** Whether token k starts like a sentence: ASCII from a table, the rest by OPENERS. */
  const opens = (k: number) => {
    const c = text.charCodeAt(from[k] as number);
    return c < 0x80 ? ASCII_OPENERS[c] === 1 : OPENERS.test(tokenText(k));
  };
  const ends: number[] = [];
  let first = 0;
  for (let k = 0; k < n - 1; k++) {
    while (nextBlocked < blocked.length && (blocked[nextBlocked] as [number, number])[0] <= k) {
      blockedUntil = Math.max(blockedUntil, (blocked[nextBlocked] as [number, number])[1]);
      nextBlocked++;
    }
    if (k < blockedUntil) continue;
    const gapFrom = to[k] as number;
    const gapTo = from[k + 1] as number;
    if (gapTo === gapFrom) continue;
    let isEnd = false;
    for (let u = gapFrom; u < gapTo; u++) {
      const c = text.charCodeAt(u);
      if (c === 0x0a || c === 0x0d) {
        isEnd = true;
        break;
      }
    }
    // Walk back over closing quotes to a terminator (all one-character tokens).
    const c = single(k);
    // Most one-character tokens are commas and the like: skip those without the set look-ups.
    if (!isEnd && c !== -1 && (c >= 0x80 || ENDING_ASCII[c] === 1)) {
      let j = k;
      while (j > first && CLOSERS.has(single(j))) j--;
      const t = single(j);
      if (TERMINATORS.has(t) && opens(k + 1)) {
        const attached = j > first && (to[j - 1] as number) === (from[j] as number);
        // Only a short word can be an abbreviation or a single capital: no slice for the others.
        const before = attached && (to[j - 1] as number) - (from[j - 1] as number) <= LONGEST_ABBREVIATION ? tokenText(j - 1) : '';
        const abbreviation = t === 0x2e && before !== '' && (ABBREVIATIONS.has(before) || SINGLE_CAPITAL.test(before));
        isEnd = !abbreviation;
      }
    }
    if (isEnd) {
      ends.push(k + 1);
      first = k + 1;
    }
  }
  ends.push(n);
  return Int32Array.from(ends);
}
