// The CoNLL exporter and its tokenizer were rewritten for speed (token
// arrays instead of objects, an ASCII fast path, tag lines built once per
// label). The straightforward versions they replaced are kept here, as they
// were, as the model: on random text full of astral characters, combining
// marks, right-to-left scripts, emoji sequences, joiners, lone surrogates and
// CRLF / CR line endings, with random break offsets and annotations, the fast
// code must give exactly the same tokens, sentences and output.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAnnotation } from '../annotations';
import { TextIndex, snapToGraphemes } from '../offsets';
import { emptySidecar } from '../sidecar/sidecar-io';
import type { Annotation, Sidecar } from '../sidecar/sidecar-schema';
import { sortedAnnotations } from './common';
import { CONLL_DOCSTART, conllDocument, conllLabel, resolveOverlaps } from './conll';
import { scanTokens, sentenceEnds, splitSentences, tokenize } from './tokenize';
import type { ExportDocument, Range } from './types';

// ---------------------------------------------------------------- the model (the code before the rewrite)

interface Token extends Range {
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
const TOKEN_SPACE = /[^\S\uFEFF]|[\x1c-\x1f\x85]/u;
/** Code points that extend the symbol before them: marks, ZWJ, emoji modifiers, tag characters. */
const EXTEND = /[\p{M}\u200d\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]/u;
/** Characters kept inside a word when a word character follows: Do-yun, 1,400, 10:42, don't, U.S. */
const JOINERS = new Set([0x27, 0x2019, 0x2d, 0x2010, 0x2011, 0x2e, 0x2c, 0x3a, 0xb7, 0x2f]);

const SPACE = 1;
const WORD_KIND = 2;
const OTHER = 3;
const EXTEND_KIND = 4;
type Kind = typeof SPACE | typeof WORD_KIND | typeof OTHER | typeof EXTEND_KIND;

/** Classes of the code points above ASCII seen so far: the regular expressions run once per distinct character. */
const classes = new Map<number, Kind>();

function classify(c: number): Kind {
  if (c < 0x80) {
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f)) return SPACE;
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f) return WORD_KIND;
    return OTHER;
  }
  let k = classes.get(c);
  if (k === undefined) {
    const ch = String.fromCodePoint(c);
    if (c === 0x200d || (c >= 0x1f3fb && c <= 0x1f3ff) || (c >= 0xe0020 && c <= 0xe007f)) k = EXTEND_KIND;
    // A zero-width no-break space joins what is around it, as a word character would.
    else if (c === 0xfeff) k = WORD_KIND;
    else if (TOKEN_SPACE.test(ch)) k = SPACE;
    // Marks (a variation selector, a combining accent) extend whatever they follow, word or symbol.
    else if (EXTEND.test(ch)) k = EXTEND_KIND;
    else if (WORD.test(ch)) k = WORD_KIND;
    else k = OTHER;
    if (classes.size < 65536) classes.set(c, k);
  }
  return k;
}

function isRegionalIndicator(c: number): boolean {
  return c >= 0x1f1e6 && c <= 0x1f1ff;
}

/**
 * Splits `text` into tokens: runs of letters, marks and digits (with
 * apostrophes, hyphens, dots, commas and colons kept between two of them),
 * and single symbols with what extends them (an emoji with its modifiers and
 * ZWJ sequence, a flag's two regional indicators). Whitespace separates
 * tokens and is never part of one. `breaks` (code points, ascending) are
 * offsets where a token always ends and the next begins. Linear in the text.
 */
function modelTokenize(text: string, breaks: readonly number[] = []): Token[] {
  const tokens: Token[] = [];
  let start = -1;
  let from = 0;
  let kind = 0;
  let joinNext = false;
  let riCount = 0;
  let b = 0;
  let cp = 0;
  const n = text.length;
  for (let u = 0; u < n; cp++) {
    const c = text.codePointAt(u) as number;
    const at = u;
    u += c > 0xffff ? 2 : 1;
    while (b < breaks.length && (breaks[b] as number) < cp) b++;
    const k = classify(c);
    let extend = false;
    if (start >= 0) {
      if (b < breaks.length && breaks[b] === cp) extend = false;
      else if (k === SPACE) extend = false;
      else if (k === EXTEND_KIND) extend = true;
      else if (joinNext) extend = true;
      else if (kind === WORD_KIND && k === WORD_KIND) extend = true;
      else if (kind === OTHER && k === OTHER && riCount === 1 && isRegionalIndicator(c)) extend = true;
      else if (kind === WORD_KIND && JOINERS.has(c) && u < n) {
        const breakNext = b < breaks.length && breaks[b] === cp + 1;
        extend = !breakNext && classify(text.codePointAt(u) as number) === WORD_KIND;
      }
      if (extend) {
        joinNext = k === EXTEND_KIND ? c === 0x200d : false;
        if (kind === OTHER && isRegionalIndicator(c)) riCount++;
        continue;
      }
      tokens.push({ start, end: cp, from, to: at });
      start = -1;
    }
    if (k === SPACE) continue;
    start = cp;
    from = at;
    kind = k === WORD_KIND ? WORD_KIND : OTHER;
    joinNext = c === 0x200d;
    riCount = isRegionalIndicator(c) ? 1 : 0;
  }
  if (start >= 0) tokens.push({ start, end: cp, from, to: n });
  return tokens;
}

const TERMINATORS = new Set([0x2e, 0x21, 0x3f, 0x2026, 0x3002, 0xff01, 0xff1f, 0x061f, 0x06d4, 0x0964]);
const CLOSERS = new Set([0x22, 0x27, 0x201d, 0x2019, 0xbb, 0x29, 0x5d, 0x7d, 0x300d, 0x300f]);
const OPENERS = /^[\p{Lu}\p{Lt}\p{Lo}\p{N}"'\u201c\u2018\u00ab(\[\u300c\u300e]/u;
/** Words that usually end in a dot without ending the sentence. */
const ABBREVIATIONS = new Set(
  (
    'Mr Mrs Ms Dr Prof St Sr Jr Gen Sen Rep Gov Lt Col Sgt Capt Cmdr Adm Maj Rev Hon Pres Supt Inc Ltd Co Corp ' +
    'No Nos vs etc Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mt Ft Ave Blvd approx est dept e.g i.e U.S U.K U.N'
  ).split(' '),
);

/**
 * Groups tokens into sentences, as [first, last) token index pairs. A
 * sentence ends at a line break, or after . ! ? (and any closing quotes or
 * brackets) when whitespace and a capital, digit, uncased letter or opening
 * quote follow, unless the dot ends a known abbreviation or a single letter.
 * No sentence ends inside a `protect`ed range (an annotation), so a span is
 * never split across two sentences.
 */
function modelSplitSentences(index: TextIndex, tokens: readonly Token[], protect: readonly Range[] = []): [number, number][] {
  const n = tokens.length;
  if (n === 0) return [];
  // noBreak[k] > 0: some protected range covers tokens k and k + 1.
  const noBreak = new Int32Array(n + 1);
  if (protect.length > 0) {
    /** First token index whose `key` is past `cp`: end > cp, or start >= cp. */
    const search = (cp: number, byEnd: boolean) => {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const t = tokens[mid] as Token;
        if (byEnd ? t.end <= cp : t.start < cp) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    for (const r of protect) {
      const a = search(r.start, true); // first token ending inside or after the range
      const z = search(r.end, false) - 1; // last token starting inside the range
      if (z > a) {
        noBreak[a] = (noBreak[a] as number) + 1;
        noBreak[z] = (noBreak[z] as number) - 1;
      }
    }
    for (let k = 1; k < n; k++) noBreak[k] = (noBreak[k] as number) + (noBreak[k - 1] as number);
  }
  const text = index.text;
  const tokenText = (k: number) => text.slice((tokens[k] as Token).from, (tokens[k] as Token).to);
  /** A one-character token's character code, or -1. */
  const single = (k: number) => {
    const t = tokens[k] as Token;
    return t.to - t.from === 1 ? text.charCodeAt(t.from) : -1;
  };
  const sentences: [number, number][] = [];
  let first = 0;
  for (let k = 0; k < n - 1; k++) {
    if ((noBreak[k] as number) > 0) continue;
    const gapFrom = (tokens[k] as Token).to;
    const gapTo = (tokens[k + 1] as Token).from;
    if (gapTo === gapFrom) continue;
    let end = false;
    for (let u = gapFrom; u < gapTo; u++) {
      const c = text.charCodeAt(u);
      if (c === 0x0a || c === 0x0d) {
        end = true;
        break;
      }
    }
    // Walk back over closing quotes to a terminator (all one-character tokens).
    if (!end && single(k) !== -1) {
      let j = k;
      while (j > first && CLOSERS.has(single(j))) j--;
      const t = single(j);
      if (TERMINATORS.has(t) && OPENERS.test(tokenText(k + 1))) {
        const attached = j > first && (tokens[j - 1] as Token).to === (tokens[j] as Token).from;
        const before = attached ? tokenText(j - 1) : '';
        const abbreviation = t === 0x2e && attached && (ABBREVIATIONS.has(before) || /^\p{Lu}$/u.test(before));
        end = !abbreviation;
      }
    }
    if (end) {
      sentences.push([first, k + 1]);
      first = k + 1;
    }
  }
  sentences.push([first, n]);
  return sentences;
}

function modelConllDocument(doc: ExportDocument, options: { includeClaims?: boolean } = {}): { text: string; kept: number; dropped: number; skippedClaims: number } {
  const index = doc.index ?? new TextIndex(doc.text);
  const all = sortedAnnotations(doc.sidecar);
  const candidates = options.includeClaims ? all : all.filter((a) => a.type === 'entity');
  const { kept, dropped } = resolveOverlaps(candidates);
  const breaks = [...new Set(kept.flatMap((a) => [a.start, a.end]))].sort((x, y) => x - y);
  const tokens = modelTokenize(doc.text, breaks);
  const text = doc.text;
  // Tag each token: the kept spans are disjoint and sorted, tokens too.
  const tags = new Array<string>(tokens.length);
  const labels = kept.map((a) => conllLabel(a.label));
  let s = 0;
  let tagged = 0;
  let lastSpan = -1;
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t] as Token;
    while (s < kept.length && (kept[s] as Annotation).end <= tok.start) s++;
    const span = kept[s];
    if (span && span.start <= tok.start && tok.end <= span.end) {
      tags[t] = `${s === lastSpan ? ' -X- _ I-' : ' -X- _ B-'}${labels[s]}\n`;
      if (s !== lastSpan) tagged++;
      lastSpan = s;
    } else tags[t] = ' -X- _ O\n';
  }
  // One flat string per document: an array joined once, not a chain of concatenations.
  const parts: string[] = [`${CONLL_DOCSTART}\n\n`];
  for (const [first, last] of modelSplitSentences(index, tokens, kept)) {
    for (let t = first; t < last; t++) {
      const tok = tokens[t] as Token;
      parts.push(text.slice(tok.from, tok.to), tags[t] as string);
    }
    parts.push('\n');
  }
  const out = parts.join('');
  return {
    text: out,
    kept: tagged,
    dropped: dropped.length + (kept.length - tagged),
    skippedClaims: all.length - candidates.length,
  };
}


// ---------------------------------------------------------------- the comparison

const PIECES = [
  'a', 'Z', '7', '_', ' ', ' ', '  ', '.', ',', '"', "'", '-', ':', '/', '(', ')', '!', '?', '\t',
  'Han', 'Do-yun', "don't", 'U.S.', '1,400', '10:42', 'said.', 'Mr.', 'The', 'J.', 'Gen.', 'etc.', 'well', 'Science',
  '😀', '👨‍👩‍👧', '👍🏽', '🛰️', '🇯🇵', '🇯🇵🇺🇸', '🇯', '𠮷', '𝐀', '𝐒𝐩𝐚𝐜𝐞', '\u{E0067}', // astral, ZWJ, modifiers, flags, tags
  'e\u0301', 'Tu\u0301', '\u0301', 'क्षि', '\u200d', // combining marks, a stray ZWJ
  'مرحبا', 'רואה', '\u200f', '\u202b', '؟', '۔', // RTL scripts, bidi controls, Arabic terminators
  '\r\n', '\r\n', '\n', '\r', // line endings
  '한도윤', '関西', '。', '「', '」', '\u00a0', '\u3000', '\x85', '\x1c', '…', '\u2019', '\u201d', '»', '·',
  '\ud800', '\udc00', // lone surrogates
];
const piece = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) });
const text = fc.array(piece, { maxLength: 60 }).map((p) => p.join(''));
/** Random ascending break offsets (code points), possibly past the end. */
const breaksFor = (length: number) => fc.uniqueArray(fc.nat(length + 1), { maxLength: 8 }).map((b) => b.sort((x, y) => x - y));

const RUNS = { numRuns: 500 };

describe('tokenize and splitSentences agree with the model', () => {
  it('tokens, with and without breaks', () => {
    fc.assert(
      fc.property(text.chain((s) => fc.tuple(fc.constant(s), breaksFor([...s].length))), ([s, breaks]) => {
        const expected = modelTokenize(s, breaks);
        expect(tokenize(s, breaks)).toEqual(expected);
        const list = scanTokens(s, breaks);
        expect(list.count).toBe(expected.length);
        expected.forEach((t, i) => {
          expect([list.start[i], list.end[i], list.from[i], list.to[i]]).toEqual([t.start, t.end, t.from, t.to]);
        });
      }),
      RUNS,
    );
  });

  it('sentences, with protected ranges', () => {
    fc.assert(
      fc.property(text, fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }), (s, pairs) => {
        const index = new TextIndex(s);
        const protect: Range[] = pairs.map(([a, b]) => ({ start: Math.min(a, b) % (index.length + 1), end: Math.max(a, b) % (index.length + 1) }));
        const tokens = modelTokenize(s);
        const expected = modelSplitSentences(index, tokens, protect);
        expect(splitSentences(index, tokens, protect)).toEqual(expected);
        expect([...sentenceEnds(s, scanTokens(s), protect)]).toEqual(expected.map(([, last]) => last));
      }),
      RUNS,
    );
  });
});

const LABELS = ['PERSON', 'ORG', 'Space Agency', 'CLAIM'];
const docArb = fc
  .record({ text, spans: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat({ max: 3 })), { maxLength: 12 }) })
  .map(({ text, spans }): ExportDocument => {
    const index = new TextIndex(text);
    const annotations: Annotation[] = [];
    const seen = new Set<string>();
    spans.forEach(([a, b, l], i) => {
      const lo = Math.min(a, b) % (index.length + 1);
      const hi = Math.max(a, b) % (index.length + 1);
      const { start, end } = snapToGraphemes(index, lo, hi);
      const label = LABELS[l] as string;
      const type = label === 'CLAIM' ? 'claim' : 'entity';
      if (end <= start || seen.has(`${label}${start}/${end}`)) return;
      seen.add(`${label}${start}/${end}`);
      annotations.push(createAnnotation(index, { type, label, start, end, id: `a_${i}`, now: '2026-01-01T00:00:00.000Z' }));
    });
    const sidecar: Sidecar = { ...emptySidecar({ name: 'doc.txt', sha256: '0'.repeat(64), length: index.length }), annotations };
    return { path: 'doc.txt', text, sidecar };
  });

describe('conllDocument agrees with the model', () => {
  it('the same text, counts and warnings, with claims and without', () => {
    fc.assert(
      fc.property(docArb, fc.boolean(), (doc, includeClaims) => {
        expect(conllDocument(doc, { includeClaims })).toEqual(modelConllDocument(doc, { includeClaims }));
      }),
      RUNS,
    );
  });

  it('an ASCII-only document (the fast path throughout), and one with no annotations', () => {
    const ascii = fc.array(fc.constantFrom('word', 'Do-yun', ' ', '  ', '.', ', ', 'U.S.', '\n', '\r\n', 'x_1', '10:42', 'A'), { maxLength: 80 }).map((p) => p.join(''));
    fc.assert(
      fc.property(ascii, fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 10 }), (s, spans) => {
        const index = new TextIndex(s);
        const annotations = spans
          .map(([a, b], i) => ({ i, start: Math.min(a, b) % (index.length + 1), end: Math.max(a, b) % (index.length + 1) }))
          .filter((r, k, all) => r.end > r.start && all.findIndex((o) => o.start === r.start && o.end === r.end) === k)
          .map((r) => createAnnotation(index, { type: 'entity', label: 'ORG', start: r.start, end: r.end, id: `a_${r.i}`, now: '2026-01-01T00:00:00.000Z' }));
        const doc: ExportDocument = { path: 'a.txt', text: s, sidecar: { ...emptySidecar({ name: 'a.txt', sha256: '0'.repeat(64), length: index.length }), annotations } };
        expect(conllDocument(doc)).toEqual(modelConllDocument(doc));
        expect(conllDocument({ path: 'a.txt', text: s, sidecar: null })).toEqual(modelConllDocument({ path: 'a.txt', text: s, sidecar: null }));
      }),
      RUNS,
    );
  });

  it('a long document with lone surrogates (its output decoded in several pieces)', () => {
    const text = 'Han \ud800 Do-yun, 1,400 \udc00 km.\n'.repeat(400);
    const doc: ExportDocument = { path: 'a.txt', text, sidecar: null };
    const out = conllDocument(doc);
    expect(out.text.length).toBeGreaterThan(3 * 4096);
    expect(out).toEqual(modelConllDocument(doc));
  });
});
