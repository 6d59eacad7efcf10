// doccano's JSONL for sequence labelling with relations, the shape its own
// export writes and its import reads:
//
//   {"text": "...", "entities": [{"id": 1, "label": "PERSON", "start_offset": 0, "end_offset": 5}],
//    "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "said-by"}], "path": "...", ...}
//
// Offsets count UTF-16 code units by default: doccano's annotator works on
// JavaScript strings (its issue #2290), so code points would shift every span
// after an emoji or a CJK extension character. `offsets: 'codepoints'` writes
// code points for tools that count them. Ids are integers, numbered per
// document. A claim's claimant becomes a relation of type "claimant".
//
// doccano keeps every other key of a line as the example's metadata, so what
// its entities cannot hold goes there: `path`, `status`, and `annotations`,
// keyed by entity id (type, stance, status, note, entity id, attributes), and
// `relation_notes` keyed by relation id. Document labels are written as
// `cats` (["topic:space", "opinion"]): a text classification project reads
// them when its upload form's column label is set to "cats" (the default
// "label" would be read as the older span list).
//
// doccano rejects an example with empty text: empty documents are left out
// (with a warning). Its default project refuses overlapping spans and then
// fails on a relation to a refused span: `overlaps: 'drop'` leaves them out
// here instead (longest span first, as CoNLL does) with their relations.
import { TextIndex } from '../offsets';
import type { Annotation } from '../sidecar/sidecar-schema';
import { documentCategories, jsonLine, sortedAnnotations, sortedRelations } from './common';
import { resolveOverlaps } from './conll';
import { splitExporter, type ExportContext, type ExportDocument, type FormatExporter } from './types';

export interface DoccanoEntity {
  id: number;
  label: string;
  start_offset: number;
  end_offset: number;
}

export interface DoccanoRelation {
  id: number;
  from_id: number;
  to_id: number;
  type: string;
}

/** What doccano's entity cannot hold, kept in the line's metadata. */
export interface DoccanoDetails {
  type: Annotation['type'];
  entity?: string;
  /** The registry entity's knowledge-base id (a Wikidata QID or an IRI), when it has one. */
  kb_id?: string;
  stance?: string;
  status?: string;
  note?: string;
  attributes?: Record<string, string | number | boolean>;
}

export interface DoccanoLine {
  text: string;
  entities: DoccanoEntity[];
  relations: DoccanoRelation[];
  path: string;
  status: string;
  /** Keyed by entity id (as a string), for entities with more than a label. */
  annotations?: Record<string, DoccanoDetails>;
  /** Relation notes, keyed by relation id. */
  relation_notes?: Record<string, string>;
  /** Document labels set on it (`name` or `name:value`), when there are any. */
  cats?: string[];
}

export type DoccanoOffsets = 'utf16' | 'codepoints';

export interface DoccanoOptions {
  offsets?: DoccanoOffsets;
  overlaps?: 'keep' | 'drop';
  /** A registry entity's knowledge-base id. */
  kbId?: (entity: string) => string | undefined;
}

export interface DoccanoRecord {
  line: DoccanoLine;
  /** Spans left out because they overlap a longer one (overlaps: 'drop'). */
  droppedSpans: number;
  droppedRelations: number;
}

function details(a: Annotation, kbId: DoccanoOptions['kbId']): DoccanoDetails | null {
  const d: DoccanoDetails = { type: a.type };
  if (a.entity !== undefined) {
    d.entity = a.entity;
    const kb = kbId?.(a.entity);
    if (kb !== undefined) d.kb_id = kb;
  }
  if (a.stance !== undefined) d.stance = a.stance;
  if (a.status !== undefined) d.status = a.status;
  if (a.note !== undefined) d.note = a.note;
  if (a.attributes !== undefined) d.attributes = a.attributes;
  // A plain entity has nothing doccano's own fields do not say.
  return Object.keys(d).length === 1 && a.type === 'entity' ? null : d;
}

export function doccanoDocument(doc: ExportDocument, options: DoccanoOptions = {}): DoccanoRecord {
  let annotations = sortedAnnotations(doc.sidecar);
  let droppedSpans = 0;
  if (options.overlaps === 'drop' && annotations.length > 1) {
    const { kept, dropped } = resolveOverlaps(annotations);
    droppedSpans = dropped.length;
    const keep = new Set(kept);
    annotations = annotations.filter((a) => keep.has(a));
  }
  const index = options.offsets === 'codepoints' ? null : (doc.index ?? new TextIndex(doc.text));
  const unit = (cp: number) => (index ? index.toUtf16(cp) : cp);
  const ids = new Map<string, number>();
  const extra: Record<string, DoccanoDetails> = {};
  const entities = annotations.map((a, i) => {
    ids.set(a.id, i + 1);
    const d = details(a, options.kbId);
    if (d) extra[String(i + 1)] = d;
    return { id: i + 1, label: a.label, start_offset: unit(a.start), end_offset: unit(a.end) };
  });
  const relations: DoccanoRelation[] = [];
  const relationNotes: Record<string, string> = {};
  let droppedRelations = 0;
  for (const r of sortedRelations(doc.sidecar, { withClaimants: true, sorted: sortedAnnotations(doc.sidecar) })) {
    const from = ids.get(r.from);
    const to = ids.get(r.to);
    if (from === undefined || to === undefined) {
      droppedRelations++;
      continue;
    }
    relations.push({ id: relations.length + 1, from_id: from, to_id: to, type: r.type });
    if (r.note !== undefined) relationNotes[String(relations.length)] = r.note;
  }
  const line: DoccanoLine = { text: doc.text, entities, relations, path: doc.path, status: doc.sidecar?.status ?? 'todo' };
  if (Object.keys(extra).length > 0) line.annotations = extra;
  if (Object.keys(relationNotes).length > 0) line.relation_notes = relationNotes;
  const cats = documentCategories(doc.sidecar);
  if (cats.length > 0) line.cats = cats;
  return { line, droppedSpans, droppedRelations };
}

/** The doccano line of a document (offsets in UTF-16 code units unless asked otherwise). */
export function doccanoRecord(doc: ExportDocument, options: DoccanoOptions = {}): DoccanoLine {
  return doccanoDocument(doc, options).line;
}

interface DoccanoMeta {
  empty: string | null;
  droppedSpans: number;
  droppedRelations: number;
}

export function createDoccanoExporter(ctx: Partial<ExportContext> = {}): FormatExporter {
  const options: DoccanoOptions = {
    ...(ctx.offsets ? { offsets: ctx.offsets } : {}),
    ...(ctx.overlaps ? { overlaps: ctx.overlaps } : {}),
    ...(ctx.kbIds ? { kbId: (e: string) => ctx.kbIds?.[e] } : {}),
  };
  const empty: string[] = [];
  let droppedSpans = 0;
  let droppedRelations = 0;
  return splitExporter<DoccanoMeta>({
    start: () => ({}),
    render(doc) {
      // doccano refuses an example whose text is empty.
      if (doc.text === '') return { meta: { empty: doc.path, droppedSpans: 0, droppedRelations: 0 } };
      const r = doccanoDocument(doc, options);
      return { main: jsonLine(r.line), meta: { empty: null, droppedSpans: r.droppedSpans, droppedRelations: r.droppedRelations } };
    },
    fold(r) {
      if (r.meta.empty !== null) empty.push(r.meta.empty);
      droppedSpans += r.meta.droppedSpans;
      droppedRelations += r.meta.droppedRelations;
      return r.main === undefined ? {} : { main: r.main };
    },
    finish: () => ({}),
    warnings() {
      const w: string[] = [];
      for (const p of empty) w.push(`doccano: ${p}: left out, its text is empty (doccano rejects an example without text)`);
      if (droppedSpans) w.push(`doccano: ${droppedSpans} overlapping span(s) left out (--no-overlaps), with ${droppedRelations} relation(s) to them`);
      return w;
    },
  });
}
