// CoNLL-2003 style NER, IOB2 tags, the four-column form:
//
//   -DOCSTART- -X- O O
//   <blank>
//   Science -X- _ O
//   Minister -X- _ O
//   Han -X- _ B-PERSON
//   Do-yun -X- _ I-PERSON
//   <blank between sentences>
//
// Columns are separated by one space: token, part of speech and chunk (not
// annotated: "-X-" and "_"), then the tag. Tokens never contain whitespace.
// IOB tags cannot nest, so overlapping spans are resolved: the longest span
// wins, on equal length the one that starts first; the rest are dropped and
// counted in a warning. Claims are not exported unless the label filter names
// a claim label (claims are long and would swallow the entities inside them).
import type { Annotation } from '../sidecar/sidecar-schema';
import { exportOrder, sortedAnnotations } from './common';
import { scanTokens, sentenceEnds } from './tokenize';
import { splitExporter, type ExportContext, type ExportDocument, type FormatExporter } from './types';

/** The document separator exactly as CoNLL-2003 writes it: spaCy's converter splits documents only on this line. */
export const CONLL_DOCSTART = '-DOCSTART- -X- O O';

export interface ConllDocument {
  text: string;
  /** Spans written as tags. */
  kept: number;
  /** Spans dropped because a longer (or equally long, earlier) span overlaps them, or covering no token. */
  dropped: number;
  /** Claims left out (only when claims are not included). */
  skippedClaims: number;
}

/** A tag-safe label: whitespace would break the columns. */
export function conllLabel(label: string): string {
  return label.replace(/\s+/gu, '_');
}

/** Non-overlapping spans: longest first, then earliest start; returned sorted by start. */
export function resolveOverlaps(spans: readonly Annotation[]): { kept: Annotation[]; dropped: Annotation[] } {
  const byPriority = [...spans].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || exportOrder(a, b));
  const kept: Annotation[] = []; // sorted by start, pairwise disjoint
  const dropped: Annotation[] = [];
  for (const s of byPriority) {
    // The kept span with the greatest start below s.end is the only one that can overlap s.
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((kept[mid] as Annotation).start < s.end) lo = mid + 1;
      else hi = mid;
    }
    const before = kept[lo - 1];
    if (before && before.end > s.start) dropped.push(s);
    else kept.splice(lo, 0, s);
  }
  return { kept, dropped };
}

const O_TAG = ' -X- _ O\n';

/** A string's UTF-16 code units. */
function codeUnits(s: string): Uint16Array {
  const units = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) units[i] = s.charCodeAt(i);
  return units;
}

const O_UNITS = codeUnits(O_TAG);
const DOCSTART_UNITS = codeUnits(`${CONLL_DOCSTART}\n\n`);

/**
 * The document is written as UTF-16 code units into this buffer (reused, grown
 * when needed) and decoded once into a flat string. The rope of three pieces per
 * token it replaces cost as much to build, and then had to be flattened when the
 * output was encoded, which cost more than twice this decoding.
 */
let units = new Uint16Array(1 << 16);
const utf16 = new TextDecoder('utf-16le', { fatal: true });

/** The first `length` units of `units` as a string (typed arrays are little-endian wherever Node and Electron run). */
function unitsToString(length: number): string {
  const view = units.subarray(0, length);
  try {
    return utf16.decode(view);
  } catch {
    // A lone surrogate: the decoder would replace it, and the text must keep it as it is.
    let s = '';
    for (let i = 0; i < length; i += 4096) s += String.fromCharCode(...view.subarray(i, i + 4096));
    return s;
  }
}

export function conllDocument(doc: ExportDocument, options: { includeClaims?: boolean } = {}): ConllDocument {
  const all = sortedAnnotations(doc.sidecar);
  const candidates = options.includeClaims ? all : all.filter((a) => a.type === 'entity');
  const { kept, dropped } = resolveOverlaps(candidates);
  // Kept spans are disjoint and sorted, so their ends are already in order (a span's end may equal the next's start).
  const breaks: number[] = [];
  for (const a of kept) {
    if (breaks[breaks.length - 1] !== a.start) breaks.push(a.start);
    breaks.push(a.end);
  }
  const text = doc.text;
  const tokens = scanTokens(text, breaks);
  const { count, start, end, from, to } = tokens;
  // The tag lines of each span, built once per label rather than once per token.
  const tagLines = new Map<string, { b: Uint16Array; i: Uint16Array }>();
  let longestTag = O_UNITS.length;
  const spanTags = kept.map((a) => {
    let t = tagLines.get(a.label);
    if (!t) {
      const label = conllLabel(a.label);
      t = { b: codeUnits(` -X- _ B-${label}\n`), i: codeUnits(` -X- _ I-${label}\n`) };
      tagLines.set(a.label, t);
      longestTag = Math.max(longestTag, t.b.length);
    }
    return t;
  });
  const ends = sentenceEnds(text, tokens, kept);
  // Tokens never overlap, so the text bounds their units; then a tag per token and a blank line per sentence.
  const size = DOCSTART_UNITS.length + text.length + count * longestTag + ends.length;
  if (units.length < size) units = new Uint16Array(Math.max(size, units.length * 2));
  const out = units;
  out.set(DOCSTART_UNITS);
  let at = DOCSTART_UNITS.length;
  // Each token's tag: the kept spans are disjoint and sorted, tokens too. The current span's bounds are kept in
  // locals (past the last span: never reached), so a token outside every span costs two comparisons.
  const PAST = 0x7fffffff;
  let s = 0;
  let spanStart = kept.length > 0 ? (kept[0] as Annotation).start : PAST;
  let spanEnd = kept.length > 0 ? (kept[0] as Annotation).end : PAST;
  let tagged = 0;
  let lastSpan = -1;
  let t = 0;
  for (let e = 0; e < ends.length; e++) {
    const last = ends[e] as number;
    for (; t < last; t++) {
      for (let u = from[t] as number, stop = to[t] as number; u < stop; u++) out[at++] = text.charCodeAt(u);
      const tokStart = start[t] as number;
      while (spanEnd <= tokStart) {
        const next = kept[++s];
        spanStart = next ? next.start : PAST;
        spanEnd = next ? next.end : PAST;
      }
      let tag = O_UNITS;
      if (spanStart <= tokStart && (end[t] as number) <= spanEnd) {
        const lines = spanTags[s] as { b: Uint16Array; i: Uint16Array };
        if (s === lastSpan) tag = lines.i;
        else {
          tag = lines.b;
          tagged++;
          lastSpan = s;
        }
      }
      if (tag === O_UNITS) {
        // Most tokens are outside every span: constant stores beat a copy loop here.
        out[at] = 0x20; // ' -X- _ O\n'
        out[at + 1] = 0x2d;
        out[at + 2] = 0x58;
        out[at + 3] = 0x2d;
        out[at + 4] = 0x20;
        out[at + 5] = 0x5f;
        out[at + 6] = 0x20;
        out[at + 7] = 0x4f;
        out[at + 8] = 0x0a;
        at += 9;
      } else {
        for (let k = 0; k < tag.length; k++) out[at + k] = tag[k] as number;
        at += tag.length;
      }
    }
    out[at++] = 0x0a;
  }
  return {
    text: unitsToString(at),
    kept: tagged,
    dropped: dropped.length + (kept.length - tagged),
    skippedClaims: all.length - candidates.length,
  };
}

/** How many documents the overlap warning names before it only counts. */
const NAMED_DOCUMENTS = 10;

export function createConllExporter(ctx: ExportContext): FormatExporter {
  let dropped = 0;
  let skippedClaims = 0;
  // Which documents lost spans (the first few named in the warning, so a reader knows where to look).
  const droppedIn: string[] = [];
  let docsWithDropped = 0;
  return splitExporter({
    start: () => ({}),
    render(doc) {
      const out = conllDocument(doc, { includeClaims: ctx.includeClaims ?? false });
      return { main: out.text, meta: { dropped: out.dropped, skippedClaims: out.skippedClaims, path: doc.path } };
    },
    fold({ main, meta }) {
      dropped += meta.dropped;
      skippedClaims += meta.skippedClaims;
      if (meta.dropped > 0 && ++docsWithDropped <= NAMED_DOCUMENTS) droppedIn.push(`${meta.path}: ${meta.dropped}`);
      return { main };
    },
    finish: () => ({}),
    warnings() {
      const w: string[] = [];
      if (dropped > 0) {
        w.push(
          `conll: ${dropped} span${dropped === 1 ? '' : 's'} dropped (${droppedIn.join(', ')}${docsWithDropped > droppedIn.length ? `, and ${docsWithDropped - droppedIn.length} more documents` : ''}): IOB2 tags cannot overlap, so the longest span wins (on equal length, the one that starts first)`,
        );
      }
      if (skippedClaims > 0) {
        w.push(`conll: ${skippedClaims} claim${skippedClaims === 1 ? '' : 's'} not exported: CoNLL is a flat entity format (name a claim label with --labels to tag claims instead)`);
      }
      return w;
    },
  });
}
