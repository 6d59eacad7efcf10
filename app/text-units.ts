// Tokens and sentences for keyboard navigation, found with Intl.Segmenter so
// they follow each script's rules (CJK words, Thai, Korean spacing). Tokens and
// sentences never cross a line: each line is one paragraph of the article.
import type { TextIndex } from './offsets';
import { wordMatches, words as wordTokens } from './word-tokens';

export interface Span {
  start: number;
  end: number;
}

const sentences = new Intl.Segmenter(undefined, { granularity: 'sentence' });
const segments = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * Every word and punctuation segment of one line (white space left out), as
 * code-point spans over the whole text: the tokens of token-level agreement
 * (app/agreement.ts), whose published figures count punctuation and keep
 * "Korea's" one token. Selection uses lineTokens below.
 */
export function lineSegments(index: TextIndex, line: number): Span[] {
  const info = index.lines[line];
  if (!info) return [];
  const text = index.text.slice(info.start, info.end);
  const out: Span[] = [];
  for (const s of segments.segment(text)) {
    // Punctuation is a token too (a quote mark can start a claim), white space is not.
    if (!s.isWordLike && /^\s+$/u.test(s.segment)) continue;
    out.push({ start: index.toCodePoint(info.start + s.index), end: index.toCodePoint(info.start + s.index + s.segment.length) });
  }
  return out;
}

/**
 * The words of one line (app/word-tokens.ts: abbreviations whole, no
 * punctuation, no possessive), as code-point spans over the whole text: the
 * keyboard moves by the same tokens a mouse selection snaps to.
 */
export function lineTokens(index: TextIndex, line: number): Span[] {
  const info = index.lines[line];
  if (!info) return [];
  const text = index.text.slice(info.start, info.end);
  return wordTokens(text).map((t) => ({ start: index.toCodePoint(info.start + t.start), end: index.toCodePoint(info.start + t.end) }));
}

/**
 * [start, end) (code points) snapped to whole words, line by line: its start
 * to the word it starts in (or the next word), its end to the word it ends in
 * (or the previous one), leaving out edge punctuation and the possessive. A
 * selection with no word in it is returned unchanged.
 */
export function snapToWords(index: TextIndex, start: number, end: number): Span {
  if (end <= start) return { start, end };
  const startLine = lineOf(index, start);
  const endLine = lineOf(index, Math.max(start, end - 1));
  let from: number | null = null;
  for (let line = startLine; line <= endLine && from === null; line++) {
    const t = lineTokens(index, line).find((w) => w.end > start && w.start < end);
    if (t) from = t.start;
  }
  let to: number | null = null;
  for (let line = endLine; line >= startLine && to === null; line--) {
    const ts = lineTokens(index, line).filter((w) => w.start < end && w.end > start);
    const t = ts[ts.length - 1];
    if (t) to = t.end;
  }
  if (from === null || to === null || to <= from) return { start, end };
  return { start: from, end: to };
}

/**
 * The next words starting with `query` after `from` (code points), wrapping
 * to the top: the `/` quick jump. Lines are searched one at a time, so a
 * keystroke costs a substring test per line, not a segmentation of the text.
 */
export function findWord(index: TextIndex, query: string, from: number): Span | null {
  const count = index.lines.length;
  if (count === 0 || !query) return null;
  const first = lineOf(index, Math.min(from, index.length));
  for (let k = 0; k <= count; k++) {
    const line = (first + k) % count;
    const info = index.lines[line]!;
    const text = index.text.slice(info.start, info.end);
    const hits = wordMatches(text, query).map((h) => ({ start: index.toCodePoint(info.start + h.start), end: index.toCodePoint(info.start + h.end) }));
    const found = k === 0 ? hits.find((h) => h.start >= from) : k === count ? hits.find((h) => h.start < from) : hits[0];
    if (found) return found;
  }
  return null;
}

/** Sentences of one line, trimmed of trailing white space. */
export function lineSentences(index: TextIndex, line: number): Span[] {
  const info = index.lines[line];
  if (!info) return [];
  const text = index.text.slice(info.start, info.end);
  const out: Span[] = [];
  for (const s of sentences.segment(text)) {
    const trimmed = s.segment.replace(/\s+$/u, '');
    if (!trimmed) continue;
    out.push({ start: index.toCodePoint(info.start + s.index), end: index.toCodePoint(info.start + s.index + trimmed.length) });
  }
  return out;
}

function lineOf(index: TextIndex, cp: number): number {
  return index.lineAtUtf16(index.toUtf16(cp));
}

/**
 * The next unit after `cp` (direction 1) or before it (direction -1), moving
 * across lines and skipping empty ones; null at either end of the text.
 */
function step(index: TextIndex, cp: number, direction: 1 | -1, unitsOf: (line: number) => Span[]): Span | null {
  let line = lineOf(index, cp);
  for (;;) {
    if (line < 0 || line >= index.lines.length) return null;
    const units = unitsOf(line);
    if (direction === 1) {
      const found = units.find((u) => u.start >= cp);
      if (found) return found;
      line++;
    } else {
      for (let i = units.length - 1; i >= 0; i--) {
        const u = units[i] as Span;
        if (u.end <= cp) return u;
      }
      line--;
    }
  }
}

export function nextToken(index: TextIndex, cp: number): Span | null {
  return step(index, cp, 1, (l) => lineTokens(index, l));
}
export function previousToken(index: TextIndex, cp: number): Span | null {
  return step(index, cp, -1, (l) => lineTokens(index, l));
}
export function nextSentence(index: TextIndex, cp: number): Span | null {
  return step(index, cp, 1, (l) => lineSentences(index, l));
}
export function previousSentence(index: TextIndex, cp: number): Span | null {
  return step(index, cp, -1, (l) => lineSentences(index, l));
}

/** The sentence containing `cp` (or the next one when `cp` is between sentences). */
export function sentenceAt(index: TextIndex, cp: number): Span | null {
  const line = lineOf(index, cp);
  const found = lineSentences(index, line).find((s) => s.start <= cp && cp < s.end);
  return found ?? nextSentence(index, cp);
}

/** The token containing `cp`, or the next one. */
export function tokenAt(index: TextIndex, cp: number): Span | null {
  const line = lineOf(index, cp);
  const found = lineTokens(index, line).find((s) => s.start <= cp && cp < s.end);
  return found ?? nextToken(index, cp);
}
