// CoNLL-2003 style NER, IOB2 tags, the four-column form:
//
//   -DOCSTART- -X- -X- O
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

export const CONLL_DOCSTART = '-DOCSTART- -X- -X- O';

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
  const { start, end, from, to } = tokens;
  // The tag lines of each span, built once per label rather than once per token.
  const tagLines = new Map<string, { b: string; i: string }>();
  const spanTags = kept.map((a) => {
    let t = tagLines.get(a.label);
    if (!t) {
      const label = conllLabel(a.label);
      t = { b: ` -X- _ B-${label}\n`, i: ` -X- _ I-${label}\n` };
      tagLines.set(a.label, t);
    }
    return t;
  });
  // Each token's tag line: the kept spans are disjoint and sorted, tokens too.
  const tags = new Array<string>(tokens.count);
  let s = 0;
  let tagged = 0;
  let lastSpan = -1;
  for (let t = 0; t < tokens.count; t++) {
    const tokStart = start[t] as number;
    while (s < kept.length && (kept[s] as Annotation).end <= tokStart) s++;
    const span = kept[s];
    if (span && span.start <= tokStart && (end[t] as number) <= span.end) {
      const lines = spanTags[s] as { b: string; i: string };
      tags[t] = s === lastSpan ? lines.i : lines.b;
      if (s !== lastSpan) tagged++;
      lastSpan = s;
    } else tags[t] = O_TAG;
  }
  // One string per document, appended piece by piece: V8 joins the pieces once, when the file is written.
  let out = `${CONLL_DOCSTART}\n\n`;
  let first = 0;
  for (const last of sentenceEnds(text, tokens, kept)) {
    for (let t = first; t < last; t++) out += text.slice(from[t] as number, to[t] as number) + (tags[t] as string);
    out += '\n';
    first = last;
  }
  return {
    text: out,
    kept: tagged,
    dropped: dropped.length + (kept.length - tagged),
    skippedClaims: all.length - candidates.length,
  };
}

export function createConllExporter(ctx: ExportContext): FormatExporter {
  let dropped = 0;
  let skippedClaims = 0;
  return splitExporter({
    start: () => ({}),
    render(doc) {
      const out = conllDocument(doc, { includeClaims: ctx.includeClaims ?? false });
      return { main: out.text, meta: { dropped: out.dropped, skippedClaims: out.skippedClaims } };
    },
    fold({ main, meta }) {
      dropped += meta.dropped;
      skippedClaims += meta.skippedClaims;
      return { main };
    },
    finish: () => ({}),
    warnings() {
      const w: string[] = [];
      if (dropped > 0) {
        w.push(
          `conll: ${dropped} span${dropped === 1 ? '' : 's'} dropped: IOB2 tags cannot overlap, so the longest span wins (on equal length, the one that starts first)`,
        );
      }
      if (skippedClaims > 0) {
        w.push(`conll: ${skippedClaims} claim${skippedClaims === 1 ? '' : 's'} not exported: CoNLL is a flat entity format (name a claim label with --labels to tag claims instead)`);
      }
      return w;
    },
  });
}
