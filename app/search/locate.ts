// Finding a query's words in a document's text, for hits that open at the
// right place: positions come from the original text (tokenize.ts keeps them),
// are turned into code points through TextIndex, and each hit carries its line
// and a snippet of that line.
import { TextIndex } from '../offsets';
import { findClause, type ParsedQuery, type TextClause } from './query';
import { tokenize, type Token } from './tokenize';
import type { SearchHit, SearchSnippet } from './types';

/** Characters of context shown on each side of a match. */
const CONTEXT = 60;
/** Longest match shown whole in a snippet. */
const MAX_MATCH = 160;
/** Hits this close (in UTF-16 units) on one line are one hit. */
const MAX_JOIN_GAP = 3;
const LINE_BREAK = /[\r\n]/;

export interface LocatedText {
  /** Every occurrence of a positive clause, as UTF-16 ranges, in document order; overlapping or adjacent ones merged. */
  ranges: { start: number; end: number }[];
  /** Per clause of query.text: whether it occurs in the text. */
  found: boolean[];
}

/** Where the query's text clauses occur in `text` (tokens may be passed when already computed). */
export function locateClauses(text: string, query: ParsedQuery, tokens: readonly Token[] = tokenize(text)): LocatedText {
  const terms = tokens.map((t) => t.term);
  const ranges: { start: number; end: number }[] = [];
  const found = query.text.map((clause: TextClause) => {
    const at = findClause(terms, clause, clause.negated ? 1 : Infinity);
    if (!clause.negated) {
      for (const i of at) {
        ranges.push({ start: (tokens[i] as Token).start, end: (tokens[i + clause.terms.length - 1] as Token).end });
      }
    }
    return at.length > 0;
  });
  return { ranges: mergeRanges(text, ranges), found };
}

/**
 * The occurrences of a query's clauses in `text` (UTF-16 ranges, in any
 * order; sorted here) as hits: overlapping or adjacent ones merged.
 */
export function mergeRanges(text: string, ranges: { start: number; end: number }[]): { start: number; end: number }[] {
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: { start: number; end: number }[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    // Overlapping occurrences, and words of the query that follow each other
    // ("flood warning" in "flood-warning", "Võ Thanh Tú"), make one hit.
    if (last && (r.start < last.end || (r.start - last.end <= MAX_JOIN_GAP && !LINE_BREAK.test(text.slice(last.end, r.start))))) {
      last.end = Math.max(last.end, r.end);
    } else merged.push({ ...r });
  }
  return merged;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** `text` cut to about `max` UTF-16 units from the left or right, at a space if one is near, never inside a surrogate pair. */
function cutContext(text: string, max: number, keep: 'end' | 'start'): string {
  if (text.length <= max) return text;
  if (keep === 'end') {
    let from = text.length - max;
    const space = text.indexOf(' ', from);
    if (space !== -1 && space - from < 15) from = space + 1;
    else if (isLowSurrogate(text.charCodeAt(from))) from++;
    return `…${text.slice(from)}`;
  }
  let to = max;
  const space = text.lastIndexOf(' ', to);
  if (space !== -1 && to - space < 15) to = space;
  else if (isLowSurrogate(text.charCodeAt(to))) to--;
  return `${text.slice(0, to)}…`;
}

const LINE_BREAKS = /\r\n|\r|\n/g;

/** The snippet for UTF-16 range [start, end): the rest of its line on both sides, cut to length. */
export function snippetOf(index: TextIndex, start: number, end: number): SearchSnippet {
  const text = index.text;
  const first = index.lines[index.lineAtUtf16(start)];
  const last = index.lines[index.lineAtUtf16(Math.max(start, end - 1))];
  const lineStart = first ? first.start : 0;
  const lineEnd = last ? last.end : text.length;
  let match = text.slice(start, end).replace(LINE_BREAKS, ' ');
  if (match.length > MAX_MATCH) match = cutContext(match, MAX_MATCH, 'start');
  return {
    before: cutContext(text.slice(lineStart, start), CONTEXT, 'end'),
    match,
    after: cutContext(text.slice(end, Math.max(end, lineEnd)), CONTEXT, 'start'),
  };
}

/** A hit for UTF-16 range [start, end) of the index's text. */
export function hitAt(index: TextIndex, start: number, end: number): SearchHit {
  return {
    start: index.toCodePoint(start),
    end: index.toCodePoint(end),
    line: index.lineAtUtf16(start),
    snippet: snippetOf(index, start, end),
  };
}

/** A hit for code-point range [start, end) (an annotation's span). */
export function hitAtCodePoints(index: TextIndex, start: number, end: number): SearchHit {
  return hitAt(index, index.toUtf16(start), index.toUtf16(end));
}
