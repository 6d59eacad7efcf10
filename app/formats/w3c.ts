// W3C Web Annotation Data Model, as JSON-LD: one AnnotationCollection with
// its first AnnotationPage embedded, holding one Annotation per span and one
// "linking" Annotation per relation (a claim's claimant is a relation of type
// "claimant").
//
// Each span's target is its document with two selectors: a TextQuoteSelector
// (exact, and up to 32 code points of prefix and suffix from the current
// text) and a TextPositionSelector whose start and end count code points, as
// the specification says (most JavaScript tools wrongly count UTF-16 units).
// Bodies: a "tagging" TextualBody with the label, "commenting" for a note,
// "classifying" for a claim's stance, "assessing" for its status, and
// "identifying" pointing at the entity registry for an entity id.
//
// Identifiers are relative IRIs, resolved against where the file is put:
// the source is the document's corpus path, an annotation is
// "<path>.annotations.json#<id>" (it lives in that sidecar).
import { TextIndex } from '../offsets';
import { contextOf, sortedAnnotations, sortedRelations } from './common';
import { splitExporter, type ExportContext, type ExportDocument, type ExportText, type FormatExporter } from './types';

export const W3C_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/** A corpus path as a relative IRI: each segment percent-encoded. */
export function pathIri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function annotationIri(docPath: string, id: string): string {
  return `${pathIri(docPath)}.annotations.json#${encodeURIComponent(id)}`;
}

export interface W3cTextualBody {
  type: 'TextualBody';
  purpose: string;
  value: string;
}
export interface W3cAnnotation {
  id: string;
  type: 'Annotation';
  motivation: string;
  body: (W3cTextualBody | { id: string; purpose?: string })[];
  target:
    | string
    | {
        source: string;
        selector: [
          { type: 'TextQuoteSelector'; exact: string; prefix: string; suffix: string },
          { type: 'TextPositionSelector'; start: number; end: number },
        ];
      };
  creator?: string;
  created?: string;
  modified?: string;
}

/** The W3C annotations of one document, spans first (in text order), then relations. */
export function w3cAnnotations(doc: ExportDocument): W3cAnnotation[] {
  const index = doc.index ?? new TextIndex(doc.text);
  const source = pathIri(doc.path);
  // annotationIri() for this document, its path encoded once rather than once per annotation.
  const base = `${source}.annotations.json#`;
  const iri = (id: string) => base + encodeURIComponent(id);
  const out: W3cAnnotation[] = [];
  const annotations = sortedAnnotations(doc.sidecar);
  for (const a of annotations) {
    const { prefix, suffix } = contextOf(index, a.start, a.end);
    const body: W3cAnnotation['body'] = [{ type: 'TextualBody', purpose: 'tagging', value: a.label }];
    if (a.stance !== undefined) body.push({ type: 'TextualBody', purpose: 'classifying', value: a.stance });
    if (a.status !== undefined) body.push({ type: 'TextualBody', purpose: 'assessing', value: a.status });
    if (a.entity !== undefined) body.push({ id: `.marginalia/entities.json#${encodeURIComponent(a.entity)}`, purpose: 'identifying' });
    if (a.note !== undefined) body.push({ type: 'TextualBody', purpose: 'commenting', value: a.note });
    const anno: W3cAnnotation = {
      id: iri(a.id),
      type: 'Annotation',
      motivation: a.type === 'claim' ? 'classifying' : 'tagging',
      body,
      target: {
        source,
        selector: [
          { type: 'TextQuoteSelector', exact: index.slice(a.start, a.end), prefix, suffix },
          { type: 'TextPositionSelector', start: a.start, end: a.end },
        ],
      },
    };
    if (a.author !== undefined) anno.creator = a.author;
    if (a.created !== undefined) anno.created = a.created;
    if (a.modified !== undefined) anno.modified = a.modified;
    out.push(anno);
  }
  for (const r of sortedRelations(doc.sidecar, { withClaimants: true, sorted: annotations })) {
    const body: W3cAnnotation['body'] = [
      { type: 'TextualBody', purpose: 'tagging', value: r.type },
      { id: iri(r.to) },
    ];
    if (r.note !== undefined) body.push({ type: 'TextualBody', purpose: 'commenting', value: r.note });
    out.push({
      id: iri(r.id),
      type: 'Annotation',
      motivation: 'linking',
      body,
      target: iri(r.from),
    });
  }
  return out;
}

/** Streams one collection: the header, the items as they come, then the total. */
export function createW3cExporter(ctx: ExportContext): FormatExporter {
  let count = 0;
  return splitExporter({
    start: () => ({
      main: `{"@context":${JSON.stringify(W3C_CONTEXT)},"type":"AnnotationCollection","label":${JSON.stringify(
        ctx.title ?? 'Marginalia annotations',
      )},"first":{"type":"AnnotationPage","startIndex":0,"items":[`,
    }),
    // Each item is preceded by ",\n" (the first of all by "\n"): a document's items joined by ",\n" need
    // only the separator before its first one, which depends on the documents before it.
    render(doc) {
      const items = w3cAnnotations(doc).map((a) => JSON.stringify(a));
      return { main: items.join(',\n'), meta: items.length };
    },
    fold({ main, meta }) {
      if (meta === 0) return {};
      const first = count === 0;
      count += meta;
      return { main: [first ? '\n' : ',\n', main as ExportText] };
    },
    finish: () => ({ main: `\n]},"total":${count}}\n` }),
    warnings: () => [],
  });
}
