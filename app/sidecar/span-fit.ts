// Whether a sidecar's spans fit its document's text: each annotation's
// [start, end) inside the text, and the text there the one it records. A
// sidecar edited by hand or by another tool may hold spans that do not; they
// are reported (and refused on save), never painted at a guessed place.
import type { TextIndex } from '../offsets';
import type { Annotation, Sidecar } from './sidecar-schema';

export interface SpanMisfit {
  id: string;
  start: number;
  end: number;
  /** In plain words, e.g. 'ends at 120, after the end of the text (100)'. */
  why: string;
}

/** The annotations of `annotations` whose span does not fit `index`'s text (code points). */
export function spansNotFitting(index: TextIndex, annotations: readonly Annotation[]): SpanMisfit[] {
  const out: SpanMisfit[] = [];
  for (const a of annotations) {
    const at = { id: a.id, start: a.start, end: a.end };
    if (a.end > index.length) out.push({ ...at, why: `ends at ${a.end}, after the end of the text (${index.length})` });
    else if (index.slice(a.start, a.end) !== a.text) out.push({ ...at, why: `its text ${JSON.stringify(a.text)} is not what the document has at [${a.start}, ${a.end})` });
  }
  return out;
}

/** Annotations ending after the text the sidecar says it was written for (`source.length`): checkable without the text. */
export function spansBeyondSource(sidecar: Pick<Sidecar, 'annotations' | 'source'>): SpanMisfit[] {
  return sidecar.annotations
    .filter((a) => a.end > sidecar.source.length)
    .map((a) => ({ id: a.id, start: a.start, end: a.end, why: `ends at ${a.end}, after the end of the text (${sidecar.source.length})` }));
}

/** One message naming the file and the first few misfits. */
export function describeMisfits(file: string, misfits: readonly SpanMisfit[]): string {
  const shown = misfits.slice(0, 3).map((m) => `annotation "${m.id}" ${m.why}`);
  const more = misfits.length > 3 ? ` (and ${misfits.length - 3} more)` : '';
  return `${file}: ${misfits.length === 1 ? 'an annotation does' : `${misfits.length} annotations do`} not fit the text: ${shown.join('; ')}${more}`;
}
