// W3C Web Annotation Data Model, as JSON-LD: one AnnotationCollection with
// its first AnnotationPage embedded, holding one Annotation per span and one
// "linking" Annotation per relation (a claim's claimant is a relation of type
// "claimant"), then one "classifying" Annotation per document label set on the
// document, whose target is the document itself (no selector) and whose body
// is a "classifying" TextualBody with `name` or `name:value`.
//
// An event (brat's E line) is a "tagging" Annotation of its trigger's
// annotation with the event type as body (and a note as "commenting"), and
// each of its arguments a "linking" Annotation from the event to the
// argument (an annotation or another event) with the role as its tagging
// body, like a relation. An equivalence group is a "linking" Annotation with
// one target per member. A relation's argument names (brat roles) are a
// "describing" TextualBody "<target's role> → <linked body's role>".
//
// Each span's target is its document with two selectors: a TextQuoteSelector
// (exact, and up to 32 code points of prefix and suffix from the current
// text) and a TextPositionSelector whose start and end count code points, as
// the specification says (most JavaScript tools wrongly count UTF-16 units).
// Bodies: a "tagging" TextualBody with the label, "commenting" for a note,
// "classifying" for a claim's stance, "assessing" for its status, and for an
// entity id an "identifying" SpecificResource whose source is the entity in
// the registry, and another whose source is its knowledge-base IRI (a
// Wikidata QID as http://www.wikidata.org/entity/Q42) when it has one. (An
// External Web Resource body may not carry a purpose: model 3.3.5.)
//
// Identifiers are absolute IRIs (the model requires them), made from a base
// (--base; by default "urn:marginalia:<corpus>:", stable across machines and
// runs): the source is base + the document's corpus path, an annotation is
// "<source>.annotations.json#<id>" (it lives in that sidecar), the collection
// is base + "annotations" and its page the collection's id + "#page-1".
import { TextIndex } from '../offsets';
import { contextOf, documentCategories, sortedAnnotations, sortedRelations } from './common';
import { jsonArrayItems, splitExporter, type ExportContext, type ExportDocument, type FormatExporter } from './types';

export const W3C_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** The base when the caller gives none (tests, the app's defaults): export-service gives one per corpus. */
export const DEFAULT_BASE = 'urn:marginalia:corpus:';

/** A corpus path as a relative IRI: each segment percent-encoded. */
export function pathIri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function annotationIri(docPath: string, id: string, base = DEFAULT_BASE): string {
  return `${base}${pathIri(docPath)}.annotations.json#${encodeURIComponent(id)}`;
}

/** A knowledge-base id as an IRI: a Wikidata QID (or P, L id) as its entity IRI, an IRI as it is, anything else null. */
export function kbIri(kb: string): string | null {
  if (/^[QPL][1-9]\d*$/.test(kb)) return `http://www.wikidata.org/entity/${kb}`;
  if (/^wikidata:[QPL][1-9]\d*$/i.test(kb)) return `http://www.wikidata.org/entity/${kb.slice(9)}`;
  return /^(https?|urn):[^\s<>"{}|\\^`]+$/i.test(kb) ? kb : null;
}

export interface W3cOptions {
  base?: string;
  kbIds?: Readonly<Record<string, string>>;
}

export interface W3cTextualBody {
  type: 'TextualBody';
  purpose: string;
  value: string;
}
export interface W3cSpecificBody {
  type: 'SpecificResource';
  purpose: string;
  source: string;
}
export interface W3cAnnotation {
  id: string;
  type: 'Annotation';
  motivation: string;
  body: (W3cTextualBody | W3cSpecificBody | { id: string })[];
  target:
    | string
    | string[]
    | {
        source: string;
        selector: [
          { type: 'TextQuoteSelector'; exact: string; prefix: string; suffix: string },
          { type: 'TextPositionSelector'; start: number; end: number },
        ];
      };
  creator?: { type: 'Person'; name: string };
  created?: string;
  modified?: string;
}

/** The W3C annotations of one document, spans first (in text order), then relations, then document labels. */
export function w3cAnnotations(doc: ExportDocument, options: W3cOptions = {}): W3cAnnotation[] {
  const index = doc.index ?? new TextIndex(doc.text);
  const corpusBase = options.base ?? DEFAULT_BASE;
  const source = corpusBase + pathIri(doc.path);
  const registry = `${corpusBase}.marginalia/entities.json#`;
  // annotationIri() for this document, its path encoded once rather than once per annotation.
  const base = `${source}.annotations.json#`;
  const iri = (id: string) => base + encodeURIComponent(id);
  const out: W3cAnnotation[] = [];
  // Attributes as "describing" bodies, in name order: "Negated" for true, "Certainty: low" otherwise (the model has no key/value body).
  const attributeBodies = (attributes: Record<string, string | number | boolean> | undefined): W3cTextualBody[] =>
    Object.entries(attributes ?? {})
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
      .map(([name, value]) => ({ type: 'TextualBody', purpose: 'describing', value: value === true ? name : `${name}: ${String(value)}` }));
  const annotations = sortedAnnotations(doc.sidecar);
  for (const a of annotations) {
    const { prefix, suffix } = contextOf(index, a.start, a.end);
    const body: W3cAnnotation['body'] = [{ type: 'TextualBody', purpose: 'tagging', value: a.label }];
    if (a.stance !== undefined) body.push({ type: 'TextualBody', purpose: 'classifying', value: a.stance });
    if (a.status !== undefined) body.push({ type: 'TextualBody', purpose: 'assessing', value: a.status });
    if (a.entity !== undefined) {
      body.push({ type: 'SpecificResource', purpose: 'identifying', source: registry + encodeURIComponent(a.entity) });
      const kb = options.kbIds?.[a.entity];
      const iri = kb === undefined ? null : kbIri(kb);
      if (iri) body.push({ type: 'SpecificResource', purpose: 'identifying', source: iri });
    }
    if (a.note !== undefined) body.push({ type: 'TextualBody', purpose: 'commenting', value: a.note });
    body.push(...attributeBodies(a.attributes));
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
    // A creator is an IRI or an Agent: a name is an Agent's name.
    if (a.author !== undefined) anno.creator = { type: 'Person', name: a.author };
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
    // Argument names (brat's "Coref Anaphora:T2 Antecedent:T1"): the target's role, then the linked body's.
    if (r.roles) body.push({ type: 'TextualBody', purpose: 'describing', value: `${r.roles[0]} → ${r.roles[1]}` });
    body.push(...attributeBodies(r.attributes));
    out.push({
      id: iri(r.id),
      type: 'Annotation',
      motivation: 'linking',
      body,
      target: iri(r.from),
    });
  }
  for (const e of doc.sidecar?.events ?? []) {
    const body: W3cAnnotation['body'] = [{ type: 'TextualBody', purpose: 'tagging', value: e.type }];
    if (e.note !== undefined) body.push({ type: 'TextualBody', purpose: 'commenting', value: e.note });
    body.push(...attributeBodies(e.attributes));
    out.push({ id: iri(e.id), type: 'Annotation', motivation: 'tagging', body, target: iri(e.trigger) });
    e.arguments.forEach((a, i) => {
      out.push({
        id: iri(`${e.id}-${i + 1}`),
        type: 'Annotation',
        motivation: 'linking',
        body: [{ type: 'TextualBody', purpose: 'tagging', value: a.role }, { id: iri(a.ref) }],
        target: iri(e.id),
      });
    });
  }
  (doc.sidecar?.equivalences ?? []).forEach((q, i) => {
    out.push({ id: iri(`equivalence-${i + 1}`), type: 'Annotation', motivation: 'linking', body: [{ type: 'TextualBody', purpose: 'tagging', value: q.type }], target: q.members.map(iri) });
  });
  for (const key of documentCategories(doc.sidecar)) {
    out.push({
      id: iri(`category-${key}`),
      type: 'Annotation',
      motivation: 'classifying',
      body: [{ type: 'TextualBody', purpose: 'classifying', value: key }],
      target: source,
    });
  }
  return out;
}

/** Streams one collection: the header, the items as they come, then the total. */
export function createW3cExporter(ctx: ExportContext): FormatExporter {
  const options: W3cOptions = { base: ctx.base ?? DEFAULT_BASE, ...(ctx.kbIds ? { kbIds: ctx.kbIds } : {}) };
  const items = jsonArrayItems((doc) => w3cAnnotations(doc, options));
  // A split writes one collection per part: the title (which names the part) tells them apart.
  const title = ctx.title ?? 'Marginalia annotations';
  const id = `${options.base}annotations${ctx.title ? `/${encodeURIComponent(title)}` : ''}`;
  return splitExporter({
    keepsEvents: true,
    keepsRelationRoles: true,
    keepsRelationAttributes: true,
    start: () => ({
      main: `{"@context":${JSON.stringify(W3C_CONTEXT)},"id":${JSON.stringify(id)},"type":"AnnotationCollection","label":${JSON.stringify(
        title,
      )},"first":{"id":${JSON.stringify(`${id}#page-1`)},"type":"AnnotationPage","partOf":${JSON.stringify(id)},"startIndex":0,"items":[`,
    }),
    render: items.render,
    fold: items.fold,
    finish: () => ({ main: `\n]},"total":${items.count()}}\n` }),
    warnings: () => [],
  });
}
