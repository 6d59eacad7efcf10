// Tag all occurrences: every place a text occurs in a document, as code-point
// spans, for tagging them all with one label. Pure; the corpus-wide search in
// main (main/corpus/occurrences.ts) runs the same function over each document.
//
// Matching rules (see docs/agreement.md, "Tag all occurrences"):
// - a match never splits a grapheme cluster ("e" does not match inside "é"
//   written as e + U+0301, nor inside an emoji sequence);
// - caseSensitive: false compares String.prototype.toLowerCase() of both sides
//   (locale-independent; final sigma folds to σ; "ß" does not match "SS");
// - ignoreNormalization: true compares NFC forms, so "é" (U+00E9) matches
//   "e" + U+0301; text is normalised a base character with its combining
//   marks (and Hangul jamo) at a time, so matches still map back to exact
//   offsets of the original text;
// - wholeWord: true keeps only matches that start and end on an
//   Intl.Segmenter word boundary, plus one pragmatic exception: a possessive
//   's or ’s after the match counts as a boundary ("Japan" in "Japan’s");
// - matches do not overlap: the search resumes after each match;
// - spans already tagged with the same label (same start and end) are left
//   out and counted as alreadyTagged.
import { snapToGraphemes, type TextIndex } from './offsets';
import type { Span } from './text-units';

export interface OccurrenceOptions {
  /** Default true. */
  caseSensitive?: boolean;
  /** Default false. */
  wholeWord?: boolean;
  /** Match across Unicode normalization forms (NFC/NFD). Default false. */
  ignoreNormalization?: boolean;
}

export interface Occurrence extends Span {
  /** The text as it is in the document (it may differ from the query in case or normalization). */
  text: string;
}

export interface OccurrenceSearch {
  occurrences: Occurrence[];
  /** Matches left out because a span with the same label, start and end exists. */
  alreadyTagged: number;
}

export interface ExcludeTagged {
  label: string;
  annotations: readonly { label: string; start: number; end: number }[];
}

/** Characters that attach to the one before for normalization: combining marks and Hangul vowel/final jamo. */
const ATTACHING = '\\p{M}\\u1160-\\u11FF\\uD7B0-\\uD7FF';
const CHUNK = new RegExp(`[^${ATTACHING}][${ATTACHING}]*|[${ATTACHING}]+`, 'gsu');

interface Folded {
  text: string;
  /** For each UTF-16 unit of `text`: the UTF-16 index in the original where its chunk starts. */
  from: Uint32Array | null;
  /** 1 where a chunk starts in `text` (null: every index, the identity fold). */
  starts: Uint8Array | null;
}

function foldChunk(chunk: string, caseSensitive: boolean, nfc: boolean): string {
  let f = nfc ? chunk.normalize('NFC') : chunk;
  if (!caseSensitive) {
    f = f.toLowerCase().replace(/ς/gu, 'σ');
    if (nfc) f = f.normalize('NFC');
  }
  return f;
}

/** The query folded the same way, chunk by chunk, so both sides fold alike (final sigma, for one). */
function foldQuery(query: string, caseSensitive: boolean, nfc: boolean): string {
  if (caseSensitive && !nfc) return query;
  let out = '';
  for (const m of query.matchAll(CHUNK)) out += foldChunk(m[0], caseSensitive, nfc);
  return out;
}

function foldText(text: string, caseSensitive: boolean, nfc: boolean): Folded {
  if (caseSensitive && !nfc) return { text, from: null, starts: null };
  const parts: string[] = [];
  const from: number[] = [];
  const starts: number[] = [];
  for (const m of text.matchAll(CHUNK)) {
    const f = foldChunk(m[0], caseSensitive, nfc);
    parts.push(f);
    for (let k = 0; k < f.length; k++) {
      from.push(m.index);
      starts.push(k === 0 ? 1 : 0);
    }
  }
  return { text: parts.join(''), from: Uint32Array.from(from), starts: Uint8Array.from(starts) };
}

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const POSSESSIVE = /^['’]s?(?![\p{L}\p{N}])/u;

/** Word boundaries (UTF-16 indices into the whole text) of one line, computed once per line per search. */
function lineBoundaries(index: TextIndex, line: number, cache: Map<number, Set<number>>): Set<number> {
  let set = cache.get(line);
  if (set) return set;
  set = new Set<number>();
  const info = index.lines[line];
  if (info) {
    const text = index.text.slice(info.start, info.end);
    for (const seg of wordSegmenter.segment(text)) set.add(info.start + seg.index);
    set.add(info.end);
  }
  cache.set(line, set);
  return set;
}

function isWordBoundary(index: TextIndex, u16: number, cache: Map<number, Set<number>>, atEnd: boolean): boolean {
  if (u16 <= 0 || u16 >= index.text.length) return true;
  const line = index.lineAtUtf16(u16);
  const info = index.lines[line];
  if (info && (u16 === info.start || u16 >= info.end)) return true;
  if (lineBoundaries(index, line, cache).has(u16)) return true;
  // "Japan" in "Japan’s": a possessive after the match ends the word for this purpose.
  return atEnd && POSSESSIVE.test(index.text.slice(u16, u16 + 3)) && /[\p{L}\p{N}]$/u.test(index.text.slice(Math.max(0, u16 - 2), u16));
}

/**
 * Every occurrence of `query` in the indexed text, in order, as code-point
 * spans; see the rules at the top of this file. An empty query finds nothing.
 */
export function findOccurrences(index: TextIndex, query: string, options: OccurrenceOptions = {}, exclude?: ExcludeTagged): OccurrenceSearch {
  const caseSensitive = options.caseSensitive ?? true;
  const nfc = options.ignoreNormalization ?? false;
  const needle = foldQuery(query, caseSensitive, nfc);
  if (needle.length === 0) return { occurrences: [], alreadyTagged: 0 };
  const folded = foldText(index.text, caseSensitive, nfc);
  const tagged = new Set(
    exclude ? exclude.annotations.filter((a) => a.label === exclude.label).map((a) => `${a.start}:${a.end}`) : [],
  );
  const boundaries = new Map<number, Set<number>>();
  const isStart = (i: number) => i >= folded.text.length || !folded.starts || folded.starts[i] === 1;
  const original = (i: number) => (i >= folded.text.length ? index.text.length : folded.from ? (folded.from[i] as number) : i);

  const occurrences: Occurrence[] = [];
  let alreadyTagged = 0;
  let at = folded.text.indexOf(needle);
  while (at >= 0) {
    const endF = at + needle.length;
    let next = at + 1;
    if (isStart(at) && isStart(endF)) {
      const u0 = original(at);
      const u1 = original(endF);
      const start = index.toCodePoint(u0);
      const end = index.toCodePoint(u1);
      const snapped = snapToGraphemes(index, start, end);
      const whole =
        !options.wholeWord || (isWordBoundary(index, u0, boundaries, false) && isWordBoundary(index, u1, boundaries, true));
      if (end > start && snapped.start === start && snapped.end === end && whole) {
        if (tagged.has(`${start}:${end}`)) alreadyTagged++;
        else occurrences.push({ start, end, text: index.text.slice(u0, u1) });
        next = endF;
      }
    }
    at = folded.text.indexOf(needle, next);
  }
  return { occurrences, alreadyTagged };
}

/** Up to `size` code points of context on each side of a span, for a preview line (line breaks shown as spaces). */
export function contextOf(index: TextIndex, span: Span, size = 40): { before: string; after: string } {
  const flat = (s: string) => s.replace(/\r\n|[\r\n]/gu, ' ');
  return {
    before: flat(index.slice(Math.max(0, span.start - size), span.start)),
    after: flat(index.slice(span.end, Math.min(index.length, span.end + size))),
  };
}
