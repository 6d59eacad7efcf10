// Tokens and sentences for keyboard navigation, found with Intl.Segmenter so
// they follow each script's rules (CJK words, Thai, Korean spacing). Tokens and
// sentences never cross a line: each line is one paragraph of the article.
import type { TextIndex } from './offsets';

export interface Span {
  start: number;
  end: number;
}

const words = new Intl.Segmenter(undefined, { granularity: 'word' });
const sentences = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/** Word-like tokens of one line, as code-point spans over the whole text. */
export function lineTokens(index: TextIndex, line: number): Span[] {
  const info = index.lines[line];
  if (!info) return [];
  const text = index.text.slice(info.start, info.end);
  const out: Span[] = [];
  for (const s of words.segment(text)) {
    // Punctuation is a token too (a quote mark can start a claim), white space is not.
    if (!s.isWordLike && /^\s+$/u.test(s.segment)) continue;
    out.push({ start: index.toCodePoint(info.start + s.index), end: index.toCodePoint(info.start + s.index + s.segment.length) });
  }
  return out;
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
