// The sentence around a disagreement, with both annotators' spans in place,
// for the curation view: people judge a span by its sentence, not by offsets.
// Built from the document's text around the disagreement when the comparison
// sent it (`around`), and from the annotations themselves (each carries its
// text and up to 32 code points of context either side), so it still works
// where the text is not at hand. Pure.
import type { Disagreement } from './agreement-merge';
import type { TextIndex } from './offsets';
import type { Annotation } from './sidecar/sidecar-schema';

export interface ContextPiece {
  text: string;
  /** Labels of A's and B's annotations covering this piece (empty: not covered). */
  a: string[];
  b: string[];
}

export interface DisagreementContext {
  /** The text before the first piece was cut (not a sentence start). */
  cutBefore: boolean;
  cutAfter: boolean;
  pieces: ContextPiece[];
}

/** Code points of text sent either side of a disagreement: enough for the sentences around it. */
const AROUND = 300;

/** The document's text around a disagreement, for `Disagreement.around`. */
export function textAround(index: TextIndex, start: number, end: number): { start: number; text: string } {
  const from = Math.max(0, start - AROUND);
  return { start: from, text: index.slice(from, Math.min(index.length, end + AROUND)) };
}

const sentences = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/** The sentence(s) holding the disagreement, split where any span of either side starts or ends; null when the annotations' context leaves a gap. */
export function disagreementContext(d: Pick<Disagreement, 'start' | 'end' | 'a' | 'b' | 'around'>): DisagreementContext | null {
  const all = [...d.a, ...d.b];
  const chars = new Map<number, string>();
  if (d.around) [...d.around.text].forEach((c, i) => chars.set((d.around as { start: number }).start + i, c));
  for (const x of all) {
    const points = [...x.prefix, ...x.text, ...x.suffix];
    const base = x.start - [...x.prefix].length;
    points.forEach((c, i) => chars.set(base + i, c));
  }
  for (let i = d.start; i < d.end; i++) if (!chars.has(i)) return null;
  let lo = d.start;
  while (chars.has(lo - 1)) lo--;
  let hi = d.end;
  while (chars.has(hi)) hi++;
  const points: string[] = [];
  for (let i = lo; i < hi; i++) points.push(chars.get(i) as string);
  // Sentence boundaries come in UTF-16 units: map them back to code points.
  const unitToPoint = new Map<number, number>();
  let unit = 0;
  points.forEach((c, i) => {
    unitToPoint.set(unit, i);
    unit += c.length;
  });
  unitToPoint.set(unit, points.length);
  let from = 0;
  let to = points.length;
  for (const s of sentences.segment(points.join(''))) {
    const s0 = (unitToPoint.get(s.index) ?? 0) + lo;
    const s1 = (unitToPoint.get(s.index + s.segment.length) ?? points.length) + lo;
    if (s1 <= d.start) from = s1 - lo;
    if (s0 >= d.end && to === points.length) to = s0 - lo;
  }
  // Where the known text stops inside a sentence it may stop inside a word too: show whole words only (never cutting into
  // the disagreement). Known text that ends with a sentence's closing punctuation is a whole sentence: nothing was cut.
  const cutBefore = from === 0 && lo > 0;
  const cutAfter = to === points.length && !/[.!?\u2026\u3002\uff01\uff1f]["'\u2019\u201d)\]]*\s*$/u.test(points.slice(d.end - lo).join(''));
  if (cutBefore) {
    const space = points.findIndex((c, i) => i < d.start - lo && /\s/u.test(c));
    if (space >= 0) from = space + 1;
  }
  if (cutAfter) {
    for (let i = points.length - 1; i >= d.end - lo; i--) {
      if (/\s/u.test(points[i] as string)) {
        to = i;
        break;
      }
    }
  }
  const start = lo + from;
  const end = lo + to;
  const cuts = new Set([start, end]);
  for (const x of all) for (const p of [x.start, x.end]) if (p > start && p < end) cuts.add(p);
  const bounds = [...cuts].sort((x, y) => x - y);
  const covering = (list: readonly Annotation[], p: number) => list.filter((x) => x.start <= p && p < x.end).map((x) => x.label);
  const pieces: ContextPiece[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const p0 = bounds[i] as number;
    const p1 = bounds[i + 1] as number;
    pieces.push({ text: points.slice(p0 - lo, p1 - lo).join(''), a: covering(d.a, p0), b: covering(d.b, p0) });
  }
  // Trailing spaces of the sentence are not worth showing.
  const last = pieces[pieces.length - 1];
  if (last && last.a.length === 0 && last.b.length === 0) last.text = last.text.trimEnd();
  return { cutBefore, cutAfter, pieces: pieces.filter((p) => p.text !== '') };
}
