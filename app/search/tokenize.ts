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
/** Only ever used with String.prototype.match, which does not keep state between calls. */
const ROUGH_RUNS = new RegExp(ROUGH_RUN_SOURCE, 'g');
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
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  scan(text, (piece, start, end, cjk) => {
    if (!NON_ASCII.test(piece)) {
      tokens.push({ term: piece.toLowerCase(), start, end, cjk, joined: false });
      return;
    }
    const folded = fold(piece);
    // Folding can split a piece (½ becomes 1⁄2) or merge it: every part keeps the piece's place.
    scan(folded, (part, _s, _e, partCjk) => {
      tokens.push({ term: part, start, end, cjk: partCjk && cjk, joined: false });
    });
  });
  return markJoined(tokens);
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
  // Split on sure separators first (one native call for the whole text, lower-cased
  // at once), then fold and split precisely only the runs with non-ASCII characters.
  // CJK characters are joined only within one run, so runs are independent.
  for (const run of text.toLowerCase().match(ROUGH_RUNS) ?? []) {
    if (!NON_ASCII.test(run)) {
      emit(run);
      continue;
    }
    let prev: string | null = null;
    let prevEnd = -1;
    for (const r of fold(run).matchAll(RUN)) {
      splitRun(r[0], r.index, (piece, start, end, cjk) => {
        emit(piece);
        if (cjk && prev !== null && prevEnd === start) emit(prev + piece);
        prev = cjk ? piece : null;
        prevEnd = end;
      });
    }
  }
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
