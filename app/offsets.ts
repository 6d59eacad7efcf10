// The one place where JavaScript's UTF-16 indices meet the code-point offsets
// that sidecars, Python, spaCy and brat use. Everything that crosses between
// the two goes through here.

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Number of code points in `s` (a lone surrogate counts as one). */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (isHighSurrogate(s.charCodeAt(i)) && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) i++;
    n++;
  }
  return n;
}

/** A high surrogate followed by a low one; a lone surrogate is one code point on its own. */
const SURROGATE_PAIR = /[\ud800-\udbff][\udc00-\udfff]/g;
/** A line terminator: CRLF, or a lone CR or LF. */
const LINE_BREAK = /\r\n?|\n/g;

/** Lowest index i in sorted `arr` with arr[i] >= x. */
export function lowerBound(arr: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface LineInfo {
  /** UTF-16 index where the line's text starts. */
  start: number;
  /** UTF-16 index where the line's text ends, before its terminator. */
  end: number;
  /** Length of the terminator in UTF-16 units: 0 (last line), 1 (`\n` or `\r`) or 2 (`\r\n`). */
  terminator: number;
}

/**
 * Index over one document's text: converts between UTF-16 indices and code
 * points in O(log n), and between code points and (line, UTF-16 offset in
 * line) positions, the coordinates the editor's paragraphs use.
 */
export class TextIndex {
  readonly text: string;
  /** Length in code points. */
  readonly length: number;
  /** UTF-16 index of the high surrogate of every surrogate pair, ascending. */
  private readonly pairsU16: Uint32Array;
  /** Code-point index of every surrogate pair, ascending. */
  private readonly pairsCp: Uint32Array;
  private lineInfo: LineInfo[] | null = null;
  private starts: Uint32Array | null = null;

  constructor(text: string) {
    this.text = text;
    // The regular expression engine finds the pairs far faster than a loop over every unit (most text has none).
    const pairs: number[] = [];
    SURROGATE_PAIR.lastIndex = 0;
    for (let m = SURROGATE_PAIR.exec(text); m; m = SURROGATE_PAIR.exec(text)) pairs.push(m.index);
    this.pairsU16 = Uint32Array.from(pairs);
    this.pairsCp = Uint32Array.from(pairs, (u, k) => u - k);
    this.length = text.length - pairs.length;
  }

  /** The lines, built on first use: exports and conversions between offsets never need them. */
  get lines(): readonly LineInfo[] {
    if (this.lineInfo) return this.lineInfo;
    const text = this.text;
    const lines: LineInfo[] = [];
    let lineStart = 0;
    LINE_BREAK.lastIndex = 0;
    for (let m = LINE_BREAK.exec(text); m; m = LINE_BREAK.exec(text)) {
      const terminator = m[0].length;
      lines.push({ start: lineStart, end: m.index, terminator });
      lineStart = m.index + terminator;
    }
    lines.push({ start: lineStart, end: text.length, terminator: 0 });
    this.lineInfo = lines;
    return lines;
  }

  private get lineStarts(): Uint32Array {
    this.starts ??= Uint32Array.from(this.lines, (l) => l.start);
    return this.starts;
  }

  /** Code-point offset of a UTF-16 index; an index inside a surrogate pair snaps to the pair's start. */
  toCodePoint(u16: number): number {
    const u = Math.max(0, Math.min(u16, this.text.length));
    const k = lowerBound(this.pairsU16, u);
    if (k > 0 && this.pairsU16[k - 1] === u - 1) return u - 1 - (k - 1);
    return u - k;
  }

  /** UTF-16 index of a code-point offset (clamped to the text). */
  toUtf16(cp: number): number {
    const c = Math.max(0, Math.min(cp, this.length));
    return c + lowerBound(this.pairsCp, c);
  }

  /** The line containing UTF-16 index `u16` (a terminator belongs to the line it ends). */
  lineAtUtf16(u16: number): number {
    const i = lowerBound(this.lineStarts, u16 + 1) - 1;
    return Math.max(0, i);
  }

  /** Code-point offset of a position given as line and UTF-16 offset within the line's text. */
  positionToCodePoint(line: number, offsetInLine: number): number {
    const info = this.lines[Math.max(0, Math.min(line, this.lines.length - 1))] as LineInfo;
    const u = Math.min(info.start + Math.max(0, offsetInLine), info.end);
    return this.toCodePoint(u);
  }

  /** Line and UTF-16 offset within the line's text; a terminator position maps to the line's end. */
  codePointToPosition(cp: number): { line: number; offset: number } {
    const u = this.toUtf16(cp);
    const line = this.lineAtUtf16(u);
    const info = this.lines[line] as LineInfo;
    return { line, offset: Math.min(u, info.end) - info.start };
  }

  /** The text between two code-point offsets. */
  slice(startCp: number, endCp: number): string {
    return this.text.slice(this.toUtf16(startCp), this.toUtf16(endCp));
  }

  lineText(line: number): string {
    const info = this.lines[line];
    return info ? this.text.slice(info.start, info.end) : '';
  }
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Grapheme_Cluster_Break=Prepend characters in the BMP (UAX #29); they glue to what follows. */
function isPrepend(c: number): boolean {
  return (c >= 0x0600 && c <= 0x0605) || c === 0x06dd || c === 0x070f || c === 0x0890 || c === 0x0891 || c === 0x08e2 || c === 0x0d4e;
}

/**
 * True only where UAX #29 guarantees a grapheme boundary before UTF-16 index
 * `u`, whatever surrounds it: the text's ends, around line breaks (GB3-GB5),
 * and before a printable ASCII character or a CJK ideograph (break class
 * Other, so only a Prepend before it could join them). False means "unknown",
 * not "no boundary". Segmenting between two such indices gives exactly the
 * boundaries that segmenting the whole text would: rules such as emoji ZWJ
 * sequences (GB11) and flag pairs (GB12/13) look back further than one
 * character, so a window that starts at an arbitrary index can mis-pair them.
 */
function isCertainBoundary(text: string, u: number): boolean {
  if (u <= 0 || u >= text.length) return true;
  const before = text.charCodeAt(u - 1);
  const at = text.charCodeAt(u);
  if (before === 0x0a) return true;
  if (before === 0x0d) return at !== 0x0a;
  if (at === 0x0a || at === 0x0d) return true;
  const plain = (at >= 0x20 && at <= 0x7e) || (at >= 0x4e00 && at <= 0x9fff);
  // A surrogate before may be an astral Prepend: treat it as unknown.
  return plain && !isPrepend(before) && !(before >= 0xd800 && before <= 0xdfff);
}

/**
 * Widen a code-point range so it neither starts nor ends inside a grapheme
 * cluster: a selection never splits an emoji sequence or a letter from its
 * combining marks. Segments only from the nearest certain boundary before
 * each end to the nearest one after it, so it stays cheap on long documents
 * (in ordinary prose that is a word or two; at worst the line).
 */
export function snapToGraphemes(index: TextIndex, start: number, end: number): { start: number; end: number } {
  const text = index.text;
  const snap = (cp: number, towardStart: boolean): number => {
    if (cp <= 0 || cp >= index.length) return cp;
    const target = index.toUtf16(cp);
    if (isCertainBoundary(text, target)) return cp;
    let from = target - 1;
    while (!isCertainBoundary(text, from)) from--;
    let to = target + 1;
    while (!isCertainBoundary(text, to)) to++;
    for (const seg of segmenter.segment(text.slice(from, to))) {
      const segStart = from + seg.index;
      const segEnd = segStart + seg.segment.length;
      if (segStart === target || segEnd === target) return cp;
      if (segStart < target && target < segEnd) return index.toCodePoint(towardStart ? segStart : segEnd);
    }
    return cp;
  };
  return { start: snap(start, true), end: snap(end, false) };
}
