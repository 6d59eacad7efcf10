// Words for search, in any script. A word is a run of letters, digits, marks
// and connector punctuation; inside a run:
//
// - Chinese, Japanese and Korean (Han, Hiragana, Katakana, Hangul) are split
//   into single characters, and the index also holds every pair of adjacent
//   characters (bigrams, as Lucene's CJK analyzer does). Dictionary word
//   segmentation (Intl.Segmenter) depends on the context: 长江流域 is one word
//   but 长江 alone another, 遥感 splits into 遥 + 感 and 우주 inside 나로우주센터
//   is not a word at all, so a query could never find what the page shows.
//   Characters plus bigrams find any substring, and phrases (adjacent
//   characters) are checked against the text.
// - Thai, Lao, Khmer and Myanmar (no spaces, and marks that make character
//   pairs meaningless) are split into words with Intl.Segmenter.
// - anything else is one word.
//
// Terms are folded (fold.ts); token positions are UTF-16 indices into the
// original text, so hits point at what the reader sees.
import { fold } from './fold';

export interface Token {
  /** The folded term. */
  term: string;
  /** UTF-16 indices into the text that was tokenized, half-open. */
  start: number;
  end: number;
  /** One CJK character (see above). */
  cjk: boolean;
  /** A CJK character directly after another one (no space or punctuation between). */
  joined: boolean;
}

const RUN = /[\p{L}\p{N}\p{M}\p{Pc}]+/gu;
/**
 * Characters that are certainly not word characters (no letter, digit, mark
 * or connector among them; a test checks every one): ASCII and Latin-1
 * punctuation and symbols, general punctuation, arrows, box drawing, CJK and
 * full-width punctuation. Splitting on these first, without the `u` flag,
 * is several times faster than the Unicode property class; only runs with
 * other non-ASCII characters are then split precisely.
 */
export const SURE_SEPARATORS =
  '\\x00-\\x2f\\x3a-\\x40\\x5b-\\x5e\\x60\\x7b-\\xa9\\xab-\\xb1\\xb4\\xb6-\\xb8\\xbb\\xbf\\xd7\\xf7\\u2000-\\u203e\\u2041-\\u2053\\u2055-\\u206f\\u2190-\\u23ff\\u2500-\\u2775\\u2794-\\u27bf\\u3000-\\u3004\\u3008-\\u3020\\u3030\\u3036\\u3037\\u303d-\\u303f\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff3e\\uff40\\uff5b-\\uff65';
const ROUGH_RUN_SOURCE = `[^${SURE_SEPARATORS}]+`;
const NON_ASCII = /[^\x00-\x7f]/;
const HAS_CJK = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]/u;
const HAS_SEGMENTED = /[\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
/**
 * One CJK character with the marks that belong to it (a voicing mark, a
 * variation selector), or a Hangul syllable spelled as conjoining jamo (L+ V+ T*,
 * which folding composes into one syllable); or a run of anything else.
 */
const CJK_PIECES =
  /([\u1100-\u115f\ua960-\ua97c]+[\u1160-\u11a7\ud7b0-\ud7c6]+[\u11a8-\u11ff\ud7cb-\ud7fb]*|[\uac00-\ud7a3][\u11a8-\u11ff\ud7cb-\ud7fb]+|[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]\p{M}*)|[^\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]+/gu;

let wordSegmenter: Intl.Segmenter | undefined;

type Emit = (piece: string, start: number, end: number, cjk: boolean) => void;

/** Splits one run of word characters into pieces (see the top of the file). */
function splitRun(run: string, base: number, emit: Emit): void {
  if (!HAS_CJK.test(run)) {
    if (!HAS_SEGMENTED.test(run)) {
      emit(run, base, base + run.length, false);
      return;
    }
    wordSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
    for (const s of wordSegmenter.segment(run)) {
      if (s.isWordLike) emit(s.segment, base + s.index, base + s.index + s.segment.length, false);
    }
    return;
  }
  for (const m of run.matchAll(CJK_PIECES)) {
    const at = base + m.index;
    if (m[1] !== undefined) emit(m[0], at, at + m[0].length, true);
    else splitRun(m[0], at, emit);
  }
}

/** Calls `emit` for every piece of `text`, in order. Re-entrant (each call has its own regular expression). */
function scan(text: string, emit: Emit): void {
  const rough = new RegExp(ROUGH_RUN_SOURCE, 'g');
  for (let m = rough.exec(text); m; m = rough.exec(text)) {
    const run = m[0];
    if (!NON_ASCII.test(run)) emit(run, m.index, m.index + run.length, false);
    else for (const r of run.matchAll(RUN)) splitRun(r[0], m.index + r.index, emit);
  }
}

function markJoined(tokens: Token[]): Token[] {
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const prev = tokens[i - 1] as Token;
    t.joined = t.cjk && prev.cjk && prev.end === t.start;
  }
  return tokens;
}

/**
 * The words of `text` with their folded terms and their positions in `text`.
 * What the hit finder walks; its terms are what indexTerms() indexes (without the bigrams).
 *
 * The text is walked by character code, as scanIndexTerms() does: a run
 * between sure separators that is all ASCII (nearly every word of most texts)
 * is one word, lower-cased, with no regular expression; other runs are split
 * as scan() splits them. tokenizeByRegex() is the same, the plain way (a test
 * compares them).
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  forEachWord(
    text,
    (start, end) => tokens.push({ term: text.slice(start, end).toLowerCase(), start, end, cjk: false, joined: false }),
    (term, start, end, cjk) => tokens.push({ term, start, end, cjk, joined: false }),
  );
  return markJoined(tokens);
}

/**
 * The words of tokenize(), in its order, without making them: an all-ASCII
 * run is passed as its range (its term is text[start, end) lower-cased), any
 * other word with its folded term. What lets hits be placed from a stored
 * word sequence (main/search/word-hits.ts) without a string or object per word.
 */
export function forEachWord(text: string, ascii: (start: number, end: number) => void, other: (term: string, start: number, end: number, cjk: boolean) => void): void {
  let emit: Emit | undefined;
  walkWords(text, ascii, (run, base) => {
    emit ??= pieceEmitter(other);
    for (const r of run.matchAll(RUN)) splitRun(r[0], base + r.index, emit);
  });
}

/**
 * Where the words of tokenize() lie, in its order (a word that folding splits
 * is there once per part, as in tokenize()). How a run with non-ASCII
 * characters splits depends on that run alone, and the same runs (names,
 * words with accents) come back from text to text: their splits are kept
 * (up to RUN_SPLITS of them), so only new runs meet the regular expressions
 * and folding.
 */
export function forEachWordSpan(text: string, span: (start: number, end: number) => void): void {
  walkWords(text, span, (run, base) => {
    let split = runSplits.get(run);
    if (split === undefined) {
      const at: number[] = [];
      const emit = pieceEmitter((_term, start, end) => at.push(start, end));
      for (const r of run.matchAll(RUN)) splitRun(r[0], r.index, emit);
      split = Int32Array.from(at);
      if (runSplits.size >= RUN_SPLITS) runSplits.clear();
      runSplits.set(run, split);
    }
    for (let k = 0; k < split.length; k += 2) span(base + (split[k] as number), base + (split[k + 1] as number));
  });
}

const RUN_SPLITS = 20_000;
/** Run -> its words' [start, end) pairs relative to the run (forEachWordSpan). */
const runSplits = new Map<string, Int32Array>();

/** The walk of tokenize(): all-ASCII runs between sure separators as ranges, other runs as strings. */
function walkWords(text: string, ascii: (start: number, end: number) => void, other: (run: string, base: number) => void): void {
  const sep = separators();
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (sep[c] === 1) {
      i++;
      continue;
    }
    const start = i;
    let isAscii = true;
    do {
      if (c >= 0x80) isAscii = false;
      if (++i >= n) break;
      c = text.charCodeAt(i);
    } while (sep[c] !== 1);
    if (isAscii) ascii(start, i);
    else other(text.slice(start, i), start);
  }
}

/** tokenize(), with regular expressions (what it was before the walk by character code): the reference for a test. */
export function tokenizeByRegex(text: string): Token[] {
  const tokens: Token[] = [];
  scan(
    text,
    pieceEmitter((term, start, end, cjk) => tokens.push({ term, start, end, cjk, joined: false })),
  );
  return markJoined(tokens);
}

/** Turns the pieces of a run into words: folded, and split again where folding splits them. */
function pieceEmitter(word: (term: string, start: number, end: number, cjk: boolean) => void): Emit {
  return (piece, start, end, cjk) => {
    if (!NON_ASCII.test(piece)) {
      word(piece.toLowerCase(), start, end, cjk);
      return;
    }
    const folded = fold(piece);
    // Folding can split a piece (½ becomes 1⁄2) or merge it: every part keeps the piece's place.
    scan(folded, (part, _s, _e, partCjk) => word(part, start, end, partCjk && cjk));
  };
}

/** The terms the index holds for a sequence of tokens: each term, plus a bigram for every two joined CJK characters. */
export function termsWithBigrams(tokens: readonly Token[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    out.push(t.term);
    if (t.joined) out.push((tokens[i - 1] as Token).term + t.term);
  }
  return out;
}

/**
 * The index terms of a document's text, with the CJK bigrams: what
 * termsWithBigrams(tokenize(text)) gives (a test checks it), without keeping
 * positions, and much faster.
 */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  forEachIndexTerm(text, (term) => out.push(term));
  return out;
}

/** indexTerms() without the array: each term (and bigram) is passed to `emit` in order. */
export function forEachIndexTerm(text: string, emit: (term: string) => void): void {
  scanIndexTerms(text, {
    asciiWord: (lower, start, end) => emit(lower.slice(start, end)),
    term: emit,
    word: () => {},
  });
}

/**
 * Receives a text's terms from scanIndexTerms(): the index terms
 * (asciiWord and term, in the order of forEachIndexTerm) and the words
 * (asciiWord and word, exactly the terms of tokenize(), in its order).
 */
export interface TermSink {
  /**
   * A word made of ASCII letters, digits and `_`, and an index term:
   * lower[start, end), already lower case (no string is made for it), with
   * its FNV-1a hash over UTF-16 units (wordHash), taken on the way.
   */
  asciiWord(lower: string, start: number, end: number, hash: number): void;
  /** An index term from a run with other characters (a bigram of two CJK characters included). */
  term(term: string): void;
  /** A word of tokenize() from a run with other characters. */
  word(word: string): void;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the UTF-16 units of s[start, end): the hash asciiWord() is given. */
export function wordHash(s: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Per UTF-16 unit: 1 for a sure separator (SURE_SEPARATORS), made on first use. */
let separatorTable: Uint8Array | undefined;
function separators(): Uint8Array {
  if (separatorTable) return separatorTable;
  const table = new Uint8Array(0x10000);
  const sure = new RegExp(`[${SURE_SEPARATORS}]`);
  for (let c = 0; c < 0x10000; c++) if (sure.test(String.fromCharCode(c))) table[c] = 1;
  return (separatorTable = table);
}

/**
 * The index terms of a text, as forEachIndexTerm() gives them, into a sink.
 * The text is lower-cased once and walked by character code: runs between
 * sure separators that are all ASCII (nearly every word of most texts) are
 * handed over as positions, with no regular expression and no string made,
 * so that an index can count them without allocating; the other runs are
 * folded and split precisely (splitRun). CJK characters are joined only
 * within one run, so runs are independent.
 */
export function scanIndexTerms(text: string, sink: TermSink): void {
  const sep = separators();
  const lower = text.toLowerCase();
  const n = lower.length;
  let i = 0;
  while (i < n) {
    let c = lower.charCodeAt(i);
    if (sep[c] === 1) {
      i++;
      continue;
    }
    const start = i;
    let ascii = true;
    // The word's hash in the same pass (the dictionary would walk the word again for it).
    let hash = FNV_OFFSET;
    do {
      if (c >= 0x80) ascii = false;
      hash = Math.imul(hash ^ c, FNV_PRIME);
      if (++i >= n) break;
      c = lower.charCodeAt(i);
    } while (sep[c] !== 1);
    if (ascii) sink.asciiWord(lower, start, i, hash);
    else splitOtherRun(lower.slice(start, i), sink);
  }
}

/**
 * One run with non-ASCII characters. The index folds the run, then splits it
 * (adding CJK bigrams); tokenize() splits, then folds each piece. The two
 * differ where folding makes a letter of a symbol (℃ is °c, ™ is tm, ⼀ is 一):
 * the index has the word, tokenize() does not. Both are kept as they are
 * (the index finds what it always found, hits are where tokenize() puts
 * them), so the words are made here as tokenize() makes them.
 */
function splitOtherRun(run: string, sink: TermSink): void {
  // The same runs (names, accented words, emoji) come back from text to text: their terms and words are kept (see forEachWordSpan).
  let split = otherRunSplits.get(run);
  if (split === undefined) {
    split = splitOtherRunNow(run);
    if (otherRunSplits.size >= RUN_SPLITS) otherRunSplits.clear();
    otherRunSplits.set(run, split);
  }
  for (const term of split.terms) sink.term(term);
  for (const word of split.words) sink.word(word);
}

/** Run -> what splitOtherRun() passes to the sink: its index terms, then its words. */
const otherRunSplits = new Map<string, { terms: string[]; words: string[] }>();

function splitOtherRunNow(run: string): { terms: string[]; words: string[] } {
  const terms: string[] = [];
  const words: string[] = [];
  let prev: string | null = null;
  let prevEnd = -1;
  for (const r of fold(run).matchAll(RUN)) {
    splitRun(r[0], r.index, (piece, start, end, cjk) => {
      terms.push(piece);
      if (cjk && prev !== null && prevEnd === start) terms.push(prev + piece);
      prev = cjk ? piece : null;
      prevEnd = end;
    });
  }
  for (const r of run.matchAll(RUN)) {
    splitRun(r[0], 0, (piece) => {
      if (!NON_ASCII.test(piece)) words.push(piece);
      else scan(fold(piece), (part) => words.push(part));
    });
  }
  return { terms, words };
}

/**
 * The terms a document containing `tokens` as a phrase must have in the
 * index: the non-CJK terms, and for CJK the bigrams of joined characters (a
 * character on its own where it has no joined neighbour).
 */
export function requiredTerms(tokens: readonly Token[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const next = tokens[i + 1];
    if (!t.cjk) out.push(t.term);
    else if (t.joined) out.push((tokens[i - 1] as Token).term + t.term);
    else if (!next?.joined) out.push(t.term);
  }
  return [...new Set(out)];
}
