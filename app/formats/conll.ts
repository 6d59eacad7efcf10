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
import { TextIndex } from '../offsets';
import type { Annotation } from '../sidecar/sidecar-schema';
import { exportOrder, sortedAnnotations } from './common';
import { splitSentences, tokenize, type Token } from './tokenize';
import type { ExportContext, ExportDocument, FormatExporter } from './types';

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

export function conllDocument(doc: ExportDocument, options: { includeClaims?: boolean } = {}): ConllDocument {
  const index = doc.index ?? new TextIndex(doc.text);
  const all = sortedAnnotations(doc.sidecar);
  const candidates = options.includeClaims ? all : all.filter((a) => a.type === 'entity');
  const { kept, dropped } = resolveOverlaps(candidates);
  const breaks = [...new Set(kept.flatMap((a) => [a.start, a.end]))].sort((x, y) => x - y);
  const tokens = tokenize(doc.text, breaks);
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
  for (const [first, last] of splitSentences(index, tokens, kept)) {
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

export function createConllExporter(ctx: ExportContext): FormatExporter {
  let dropped = 0;
  let skippedClaims = 0;
  return {
    start: () => ({}),
    add(doc) {
      const out = conllDocument(doc, { includeClaims: ctx.includeClaims ?? false });
      dropped += out.dropped;
      skippedClaims += out.skippedClaims;
      return { main: out.text };
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
  };
}
