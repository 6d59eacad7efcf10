// Offsets are where JavaScript's UTF-16 strings meet the code points that
// sidecars, Python and spaCy count. The reference model here is the spec's own
// notion of a code point: Array.from / [...s], and Intl.Segmenter for
// grapheme clusters over the whole text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextIndex, codePointLength, snapToGraphemes } from './offsets';

const RUNS = { numRuns: 300 };

/** Pieces chosen to hit every awkward case the sample corpus and real articles have. */
const PIECES = [
  'a', 'Z', '7', ' ', '.', '"', '\t',
  '😀', // astral, one code point, two UTF-16 units
  '👨‍👩‍👧', // ZWJ family: five code points, one grapheme
  '👍🏽', // emoji + skin-tone modifier
  '❤️', // BMP emoji + variation selector
  '1️⃣', // keycap sequence
  '🇯🇵', '🇺🇸', // regional-indicator pairs (flags)
  '𠀋', // CJK Extension B (astral)
  'e\u0301', // e + combining acute
  '\u0301', // a lone combining mark
  '\u200d', // a stray ZWJ
  '\r\n', '\r', '\n', // line endings
  '한국어', '\u1100\u1161\u11a8', // Korean: precomposed and conjoining jamo
  '中文', '日本の宇宙軍',
  'مرحبا', 'שלום', // RTL Arabic and Hebrew
  '\u0600', // Arabic number sign (grapheme Prepend)
  'क्षि', // Devanagari conjunct
];

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
);
/** Text as it comes out of a UTF-8 file: well-formed, mixing every awkward piece. */
const text = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));
/** Strings that may also hold lone surrogates, which still count as one code point. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const anyUtf16 = fc.array(fc.oneof(piece, loneSurrogate), { maxLength: 30 }).map((parts) => parts.join(''));

/** UTF-16 index of code point `cp`, by the reference model. */
function modelUtf16(s: string, cp: number): number {
  return Array.from(s).slice(0, cp).join('').length;
}

/** True when u16 falls between the two halves of a surrogate pair. */
function splitsPair(s: string, u: number): boolean {
  const hi = s.charCodeAt(u - 1);
  const lo = s.charCodeAt(u);
  return u > 0 && u < s.length && hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}

/** Grapheme-cluster boundaries of the whole text, in code points. */
function graphemeBoundaries(s: string): Set<number> {
  const out = new Set<number>([0]);
  let cp = 0;
  for (const g of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)) {
    cp += Array.from(g.segment).length;
    out.add(cp);
  }
  return out;
}

/** Lines as the reference regex splits them, with UTF-16 starts and terminators. */
function modelLines(s: string): { start: number; text: string; terminator: string }[] {
  const parts = s.split(/(\r\n|\r|\n)/);
  const lines: { start: number; text: string; terminator: string }[] = [];
  let at = 0;
  for (let i = 0; i < parts.length; i += 2) {
    const lineText = parts[i] as string;
    const terminator = parts[i + 1] ?? '';
    lines.push({ start: at, text: lineText, terminator });
    at += lineText.length + terminator.length;
  }
  return lines;
}

describe('codePointLength', () => {
  it('counts examples', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('😀')).toBe(1);
    expect(codePointLength('👨‍👩‍👧')).toBe(5);
    expect(codePointLength('𠀋a')).toBe(2);
    expect(codePointLength('e\u0301')).toBe(2);
    expect(codePointLength('\r\n')).toBe(2);
    expect(codePointLength('\ud800')).toBe(1);
    expect(codePointLength('\udc00\ud800')).toBe(2);
  });

  it('agrees with [...s].length, lone surrogates included', () => {
    fc.assert(
      fc.property(anyUtf16, (s) => codePointLength(s) === [...s].length),
      RUNS,
    );
  });
});

describe('TextIndex code points', () => {
  it('converts a worked example', () => {
    // "a😀b" is a, U+1F600 (two units), b.
    const ix = new TextIndex('a😀b𠀋c');
    expect(ix.length).toBe(5);
    expect([0, 1, 2, 3, 4, 5].map((cp) => ix.toUtf16(cp))).toEqual([0, 1, 3, 4, 6, 7]);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((u) => ix.toCodePoint(u))).toEqual([0, 1, 1, 2, 3, 3, 4, 5]);
    expect(ix.slice(1, 2)).toBe('😀');
    expect(ix.slice(3, 4)).toBe('𠀋');
  });

  it('clamps out-of-range offsets to the text', () => {
    const ix = new TextIndex('😀x');
    expect(ix.toUtf16(-3)).toBe(0);
    expect(ix.toUtf16(99)).toBe(3);
    expect(ix.toCodePoint(-1)).toBe(0);
    expect(ix.toCodePoint(99)).toBe(2);
    expect(ix.slice(-5, 99)).toBe('😀x');
  });

  it('handles the empty text', () => {
    const ix = new TextIndex('');
    expect(ix.length).toBe(0);
    expect(ix.toUtf16(0)).toBe(0);
    expect(ix.toCodePoint(0)).toBe(0);
    expect(ix.lines).toEqual([{ start: 0, end: 0, terminator: 0 }]);
    expect(ix.codePointToPosition(0)).toEqual({ line: 0, offset: 0 });
  });

  it('length agrees with [...s].length', () => {
    fc.assert(fc.property(anyUtf16, (s) => new TextIndex(s).length === [...s].length), RUNS);
  });

  it('toUtf16 agrees with Array.from slicing for every code point', () => {
    fc.assert(
      fc.property(anyUtf16, (s) => {
        const ix = new TextIndex(s);
        for (let cp = 0; cp <= ix.length; cp++) expect(ix.toUtf16(cp)).toBe(modelUtf16(s, cp));
      }),
      RUNS,
    );
  });

  it('toCodePoint agrees with the model and round-trips every index that does not split a pair', () => {
    fc.assert(
      fc.property(anyUtf16, (s) => {
        const ix = new TextIndex(s);
        for (let u = 0; u <= s.length; u++) {
          if (splitsPair(s, u)) {
            // Inside a pair snaps back to the pair's start.
            expect(ix.toCodePoint(u)).toBe(ix.toCodePoint(u - 1));
            expect(ix.toUtf16(ix.toCodePoint(u))).toBe(u - 1);
          } else {
            expect(ix.toCodePoint(u)).toBe([...s.slice(0, u)].length);
            expect(ix.toUtf16(ix.toCodePoint(u))).toBe(u);
          }
        }
      }),
      RUNS,
    );
  });

  it('slice agrees with Array.from(s).slice', () => {
    fc.assert(
      fc.property(anyUtf16, fc.nat(), fc.nat(), (s, x, y) => {
        const ix = new TextIndex(s);
        const a = x % (ix.length + 1);
        const b = y % (ix.length + 1);
        const [start, end] = a <= b ? [a, b] : [b, a];
        expect(ix.slice(start, end)).toBe(Array.from(s).slice(start, end).join(''));
      }),
      RUNS,
    );
  });
});

describe('TextIndex lines', () => {
  it('splits LF, CRLF and lone CR, keeping empty lines', () => {
    const ix = new TextIndex('one\r\ntwo\rthree\n\nfour😀\r');
    expect(ix.lines.map((_, i) => ix.lineText(i))).toEqual(['one', 'two', 'three', '', 'four😀', '']);
    expect(ix.lines.map((l) => l.terminator)).toEqual([2, 1, 1, 1, 1, 0]);
    expect(ix.lineText(99)).toBe('');
  });

  it('maps positions across a CRLF and an astral character', () => {
    const ix = new TextIndex('ab\r\n😀c');
    // code points: a0 b1 \r2 \n3 😀4 c5
    expect(ix.codePointToPosition(2)).toEqual({ line: 0, offset: 2 });
    // Between \r and \n: still the first line, at its end.
    expect(ix.codePointToPosition(3)).toEqual({ line: 0, offset: 2 });
    expect(ix.codePointToPosition(4)).toEqual({ line: 1, offset: 0 });
    expect(ix.codePointToPosition(5)).toEqual({ line: 1, offset: 2 });
    expect(ix.positionToCodePoint(1, 2)).toBe(5);
    // Inside the pair snaps to the pair's start; past the line's end clamps to it.
    expect(ix.positionToCodePoint(1, 1)).toBe(4);
    expect(ix.positionToCodePoint(0, 50)).toBe(2);
    expect(ix.positionToCodePoint(7, 0)).toBe(4);
  });

  it('lines agree with splitting on /\\r\\n|\\r|\\n/, lone surrogates included', () => {
    fc.assert(
      fc.property(anyUtf16, (s) => {
        const ix = new TextIndex(s);
        const model = modelLines(s);
        expect(ix.lines.length).toBe(model.length);
        model.forEach((m, i) => {
          expect(ix.lineText(i)).toBe(m.text);
          expect(ix.lines[i]).toEqual({ start: m.start, end: m.start + m.text.length, terminator: m.terminator.length });
        });
      }),
      RUNS,
    );
  });

  it('codePointToPosition and positionToCodePoint agree with the line model', () => {
    fc.assert(
      fc.property(text, (s) => {
        const ix = new TextIndex(s);
        const model = modelLines(s);
        for (let cp = 0; cp <= ix.length; cp++) {
          const u = modelUtf16(s, cp);
          let line = 0;
          while (line + 1 < model.length && (model[line + 1] as { start: number }).start <= u) line++;
          const m = model[line] as { start: number; text: string };
          const lineEnd = m.start + m.text.length;
          const pos = ix.codePointToPosition(cp);
          expect(pos).toEqual({ line, offset: Math.min(u, lineEnd) - m.start });
          expect(ix.lineAtUtf16(u)).toBe(line);
          // Back again: exact, except inside a terminator, which maps to the line's end.
          const back = ix.positionToCodePoint(pos.line, pos.offset);
          expect(back).toBe(u <= lineEnd ? cp : [...s.slice(0, lineEnd)].length);
        }
      }),
      RUNS,
    );
  });
});

describe('snapToGraphemes', () => {
  it('widens over a ZWJ family, a combining mark and a CRLF', () => {
    const s = 'x👨‍👩‍👧ye\u0301z\r\n';
    const ix = new TextIndex(s);
    // code points: x0, family 1..5, y6, e7, ◌́8, z9, \r10, \n11
    expect(snapToGraphemes(ix, 2, 4)).toEqual({ start: 1, end: 6 });
    expect(snapToGraphemes(ix, 8, 9)).toEqual({ start: 7, end: 9 });
    expect(snapToGraphemes(ix, 7, 8)).toEqual({ start: 7, end: 9 });
    expect(snapToGraphemes(ix, 9, 11)).toEqual({ start: 9, end: 12 });
    expect(snapToGraphemes(ix, 0, 1)).toEqual({ start: 0, end: 1 });
    expect(snapToGraphemes(ix, 0, 12)).toEqual({ start: 0, end: 12 });
  });

  it('pairs flags correctly deep inside a long run of regional indicators', () => {
    // Pairing depends on parity from the start of the run, far behind the end.
    const ix = new TextIndex('🇯🇵'.repeat(40));
    expect(snapToGraphemes(ix, 33, 33)).toEqual({ start: 32, end: 34 });
    expect(snapToGraphemes(ix, 61, 75)).toEqual({ start: 60, end: 76 });
  });

  it('finds the true ends of a cluster longer than any fixed window', () => {
    const s = `ab${'e'}${'\u0301'.repeat(100)}cd`;
    const ix = new TextIndex(s);
    expect(snapToGraphemes(ix, 50, 60)).toEqual({ start: 2, end: 103 });
  });

  it('snaps to the nearest enclosing boundaries of the whole text (Intl.Segmenter as oracle)', () => {
    // Also runs of one piece, so that flag runs and stacks of marks outgrow any fixed window.
    const run = fc.tuple(piece, fc.integer({ min: 1, max: 40 })).map(([p, n]) => p.repeat(n));
    const longText = fc.array(fc.oneof(piece, run), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(text, longText), fc.nat(), fc.nat(), (s, x, y) => {
        const ix = new TextIndex(s);
        const a = x % (ix.length + 1);
        const b = y % (ix.length + 1);
        const [start, end] = a <= b ? [a, b] : [b, a];
        const bounds = graphemeBoundaries(s);
        const snapped = snapToGraphemes(ix, start, end);
        // Never shrinks, never leaves an end inside a cluster...
        expect(snapped.start).toBeLessThanOrEqual(start);
        expect(snapped.end).toBeGreaterThanOrEqual(end);
        expect(bounds.has(snapped.start)).toBe(true);
        expect(bounds.has(snapped.end)).toBe(true);
        // ...and widens no further than needed.
        for (let cp = snapped.start + 1; cp <= start; cp++) expect(bounds.has(cp)).toBe(false);
        for (let cp = end; cp < snapped.end; cp++) expect(bounds.has(cp)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves out-of-range ends alone', () => {
    const ix = new TextIndex('ab');
    expect(snapToGraphemes(ix, 0, 2)).toEqual({ start: 0, end: 2 });
    expect(snapToGraphemes(ix, -1, 5)).toEqual({ start: -1, end: 5 });
  });
});
