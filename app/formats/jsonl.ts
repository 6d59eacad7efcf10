// JSONL in the spaCy / Prodigy style: one line per document with its text,
// its spans (code-point offsets, as Python counts) and its relations.
//
//   {"text": "...", "spans": [{"id", "start", "end", "label", "text", "type", ...}],
//    "relations": [{"id", "label", "from", "to", "head_span", "child_span"}],
//    "meta": {"path", "status"}}
//
// Events (brat's E lines) go in "events": each with its type, its trigger as
// a span of its own (not in "spans": a trigger is not an entity) and its
// arguments by role, naming a span id or another event's id; equivalence
// groups in "equivalences" ({"type", "members": [ids]}). Both only when the
// document has some; the importer reads them back (jsonl-events.ts).
//
// Document labels, when the schema defines some or the document has some,
// become spaCy's "cats" ({"topic:space": 1.0, "topic:defence": 0.0, …}: every
// category of the schema, scored) and Prodigy's "accept" (the ones set).
//
// The importer also reads doccano's JSONL ("entities" with start_offset and
// end_offset, or the older "label": [[start, end, label]]), whose offsets
// count UTF-16 code units (doccano's unit, see doccano.ts) unless the caller
// says they are code points; and the details Marginalia's doccano export
// keeps in the line's metadata (`annotations`, `relation_notes`).
import { TextIndex } from '../offsets';
import { triggerIds } from '../events';
import { commentsOf, readJsonlEvents, readSpanDetails } from './jsonl-events';
import { STANCES, CLAIM_STATUSES, DOCUMENT_STATUSES, type Annotation, type DocumentStatus } from '../sidecar/sidecar-schema';
import type { DocumentLabel } from '../label-schema';
import { CLAIMANT_RELATION, categoryScores, documentCategories, jsonLine, sortedAnnotations, sortedRelations, spanFragments } from './common';
import { splitExporter, type ClaimStatus, type ExportContext, type ExportDocument, type FormatExporter, type ImportedDocument, type ImportedRelation, type ImportedSpan, type Stance } from './types';

export interface JsonlSpan {
  id: string;
  start: number;
  end: number;
  label: string;
  text: string;
  type: 'entity' | 'claim';
  entity?: string;
  /** The registry entity's knowledge-base id (spaCy's entity-linking field). */
  kb_id?: string;
  /** A discontinuous span's pieces (start and end are then its whole extent). */
  fragments?: { start: number; end: number }[];
  /** References into other knowledge bases, with their names (as brat's N lines bring them). */
  normalizations?: { ref: string; name: string }[];
  claimant?: string;
  stance?: string;
  status?: string;
  note?: string;
  /** brat "#" lines of other types than AnnotatorNotes ({type: "Lemma", text}), as they came. */
  comments?: { type: string; text: string }[];
  attributes?: Record<string, string | number | boolean>;
}

export interface JsonlRelation {
  id: string;
  label: string;
  from: string;
  to: string;
  head_span: { start: number; end: number; label: string };
  child_span: { start: number; end: number; label: string };
  note?: string;
  comments?: { type: string; text: string }[];
  /** brat argument names other than Arg1 and Arg2 (first for `from`). */
  roles?: string[];
  attributes?: Record<string, string | number | boolean>;
}

export interface JsonlEvent {
  id: string;
  type: string;
  trigger: { id: string; start: number; end: number; label: string; text: string; fragments?: { start: number; end: number }[] } & SpanDetails;
  arguments: { role: string; ref: string }[];
  attributes?: Record<string, string | number | boolean>;
  note?: string;
  comments?: { type: string; text: string }[];
}

export interface JsonlLine {
  text: string;
  spans: JsonlSpan[];
  relations: JsonlRelation[];
  meta: { path: string; status: DocumentStatus };
  /** spaCy textcat: every document label of the schema, 1 when set, 0 when not. */
  cats?: Record<string, number>;
  /** Prodigy's choice interface: the document labels set. */
  accept?: string[];
  events?: JsonlEvent[];
  equivalences?: { type: string; members: string[] }[];
}

/** What a span and an event's trigger both carry besides their place and label. */
type SpanDetails = Pick<JsonlSpan, 'entity' | 'kb_id' | 'normalizations' | 'note' | 'comments' | 'attributes'>;

function spanDetails(a: Annotation, kbIds: Readonly<Record<string, string>>): SpanDetails {
  const d: SpanDetails = {};
  if (a.normalizations) d.normalizations = a.normalizations;
  if (a.entity !== undefined) {
    d.entity = a.entity;
    const kb = kbIds[a.entity];
    if (kb !== undefined) d.kb_id = kb;
  }
  if (a.note !== undefined) d.note = a.note;
  if (a.comments) d.comments = a.comments;
  if (a.attributes !== undefined) d.attributes = a.attributes;
  return d;
}

/** The JSONL record of one document. Offsets are the sidecar's code points, unchanged. */
export function jsonlRecord(doc: ExportDocument, kbIds: Readonly<Record<string, string>> = {}, documentLabels?: readonly DocumentLabel[]): JsonlLine {
  const annotations = sortedAnnotations(doc.sidecar);
  const byId = new Map(annotations.map((a) => [a.id, a]));
  const triggers = triggerIds(doc.sidecar?.events);
  const spans = annotations.filter((a) => !triggers.has(a.id)).map((a) => {
    const span: JsonlSpan = { id: a.id, start: a.start, end: a.end, label: a.label, text: a.text, type: a.type };
    const pieces = spanFragments(a);
    if (pieces) span.fragments = pieces.map((f) => ({ start: f.start, end: f.end }));
    if (a.claimant !== undefined) span.claimant = a.claimant;
    if (a.stance !== undefined) span.stance = a.stance;
    if (a.status !== undefined) span.status = a.status;
    return Object.assign(span, spanDetails(a, kbIds));
  });
  const relations = sortedRelations(doc.sidecar, { sorted: annotations }).flatMap((r) => {
    const from = byId.get(r.from);
    const to = byId.get(r.to);
    if (!from || !to) return [];
    const rel: JsonlRelation = {
      id: r.id,
      label: r.type,
      from: r.from,
      to: r.to,
      head_span: { start: from.start, end: from.end, label: from.label },
      child_span: { start: to.start, end: to.end, label: to.label },
    };
    if (r.note !== undefined) rel.note = r.note;
    if (r.comments) rel.comments = r.comments;
    if (r.roles) rel.roles = r.roles;
    if (r.attributes !== undefined) rel.attributes = r.attributes;
    return [rel];
  });
  const line: JsonlLine = { text: doc.text, spans, relations, meta: { path: doc.path, status: doc.sidecar?.status ?? 'todo' } };
  const events = (doc.sidecar?.events ?? []).flatMap((e) => {
    const t = byId.get(e.trigger);
    if (!t) return [];
    // The trigger keeps its own details (brat allows attributes, normalizations and notes on its T line).
    const trigger: JsonlEvent['trigger'] = Object.assign({ id: t.id, start: t.start, end: t.end, label: t.label, text: t.text }, spanDetails(t, kbIds));
    const pieces = spanFragments(t);
    if (pieces) trigger.fragments = pieces.map((f) => ({ start: f.start, end: f.end }));
    const event: JsonlEvent = { id: e.id, type: e.type, trigger, arguments: e.arguments.map((a) => ({ role: a.role, ref: a.ref })) };
    if (e.attributes !== undefined) event.attributes = e.attributes;
    if (e.note !== undefined) event.note = e.note;
    if (e.comments) event.comments = e.comments;
    return [event];
  });
  if (events.length) line.events = events;
  if (doc.sidecar?.equivalences?.length) line.equivalences = doc.sidecar.equivalences.map((q) => ({ type: q.type, members: [...q.members] }));
  const cats = categoryScores(documentLabels, doc.sidecar);
  if (Object.keys(cats).length) {
    line.cats = cats;
    line.accept = documentCategories(doc.sidecar);
  }
  return line;
}

export function createJsonlExporter(ctx: Partial<ExportContext> = {}): FormatExporter {
  const kbIds = ctx.kbIds ?? {};
  return splitExporter({
    keepsEvents: true,
    keepsComments: true,
    keepsRelationRoles: true,
    keepsRelationAttributes: true,
    start: () => ({}),
    render: (doc) => ({ main: jsonLine(jsonlRecord(doc, kbIds, ctx.schema?.documentLabels)), meta: null }),
    fold: (r) => ({ main: r.main }),
    finish: () => ({}),
    warnings: () => [],
  });
}

// ---------------------------------------------------------------- import

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isOffset(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}
function isAttributeRecord(v: unknown): v is Record<string, string | number | boolean> {
  return isObject(v) && Object.values(v).every((x) => ['string', 'number', 'boolean'].includes(typeof x));
}

export interface JsonlReadOptions {
  /** The unit of doccano-shaped offsets (start_offset, "label" arrays): doccano's UTF-16 code units by default. */
  doccanoOffsets?: 'utf16' | 'codepoints';
}

/**
 * Reads one JSONL line (already JSON-parsed) as a document's annotations.
 * `origin` names the file and line for messages. spaCy-style offsets are code
 * points; doccano-style ones as `options.doccanoOffsets` says.
 */
export function readJsonlRecord(value: unknown, origin: string, options: JsonlReadOptions = {}): ImportedDocument {
  const doc: ImportedDocument = { origin, coordinates: 'source', spans: [], relations: [], problems: [] };
  if (!isObject(value)) {
    doc.problems.push(`${origin}: not a JSON object`);
    return doc;
  }
  // A line of another shape must not pass as a document with nothing to import (exit 0, nothing done).
  const lists = ['spans', 'entities', 'relations', 'label'].filter((k) => k in value && !Array.isArray(value[k]));
  if (lists.length > 0) {
    doc.problems.push(`${origin}: ${lists.map((k) => JSON.stringify(k)).join(' and ')} must be a list`);
    return doc;
  }
  if (!['text', 'spans', 'entities', 'label', 'path', 'meta'].some((k) => k in value)) {
    doc.problems.push(`${origin}: not a document of this format: expected "text" or "meta": {"path": …} and "spans" (spaCy / Prodigy JSONL)`);
    return doc;
  }
  if (typeof value.text === 'string') doc.text = value.text;
  const meta = isObject(value.meta) ? value.meta : {};
  const path = str(meta.path) ?? str(value.path);
  if (path !== undefined) doc.path = path;
  const status = str(meta.status) ?? str(value.status);
  if (status !== undefined && (DOCUMENT_STATUSES as readonly string[]).includes(status)) doc.status = status as DocumentStatus;

  const doccanoShaped = !Array.isArray(value.spans) && (Array.isArray(value.entities) || Array.isArray(value.label));
  const utf16 = doccanoShaped && options.doccanoOffsets !== 'codepoints';
  const textIndex = utf16 && typeof value.text === 'string' ? new TextIndex(value.text) : null;
  if (utf16 && !textIndex) doc.warnings = [`${origin}: no "text" to convert doccano's UTF-16 offsets with; read as code points`];
  /** A doccano offset as a code point, or null when it falls inside a surrogate pair (no character boundary there). */
  const cp = (u: number): number | null => {
    if (!textIndex) return u;
    const c = textIndex.toCodePoint(u);
    return textIndex.toUtf16(c) === u ? c : null;
  };
  const details = isObject(value.annotations) ? value.annotations : {};
  const rawSpans: unknown[] = Array.isArray(value.spans) ? value.spans : Array.isArray(value.entities) ? value.entities : [];
  rawSpans.forEach((raw, i) => {
    const where = `${origin} span ${i + 1}`;
    if (!isObject(raw)) {
      doc.problems.push(`${where}: not an object`);
      return;
    }
    const rawStart = raw.start ?? raw.start_offset;
    const rawEnd = raw.end ?? raw.end_offset;
    const label = str(raw.label);
    if (!isOffset(rawStart) || !isOffset(rawEnd) || rawEnd <= rawStart) {
      doc.problems.push(`${where}: start and end must be whole numbers with end > start (got ${JSON.stringify(rawStart)}, ${JSON.stringify(rawEnd)})`);
      return;
    }
    const start = cp(rawStart);
    const end = cp(rawEnd);
    if (start === null || end === null) {
      doc.problems.push(`${where}: offset ${start === null ? rawStart : rawEnd} falls inside a character (between the two UTF-16 units of a surrogate pair); read with --offsets codepoints if the file counts code points`);
      return;
    }
    // Details Marginalia's doccano export keeps in the line's metadata, by entity id.
    const key = str(raw.id) ?? '';
    const oldNotes = isObject(value.notes) ? value.notes : {};
    const extra: Json = { ...(typeof oldNotes[key] === 'string' ? { note: oldNotes[key] } : {}), ...(isObject(details[key]) ? details[key] : {}) };
    for (const [k, v] of Object.entries(extra)) if (raw[k] === undefined) raw[k] = v;
    if (!label) {
      doc.problems.push(`${where}: no label`);
      return;
    }
    const span: ImportedSpan = { ref: str(raw.id) ?? `#${i + 1}`, origin: where, label, fragments: [{ start, end }] };
    // A discontinuous span's pieces (Marginalia's JSONL), code points like its start and end.
    if (!doccanoShaped && Array.isArray(raw.fragments) && raw.fragments.length > 1) {
      const pieces = raw.fragments.filter(isObject).map((f) => ({ start: f.start, end: f.end }));
      if (pieces.length === raw.fragments.length && pieces.every((f) => isOffset(f.start) && isOffset(f.end) && f.end > f.start)) {
        span.fragments = pieces as { start: number; end: number }[];
      } else doc.problems.push(`${where}: "fragments" must be a list of {start, end} with end > start`);
    }
    if (typeof raw.text === 'string') span.quote = raw.text;
    if (raw.type === 'entity' || raw.type === 'claim') span.type = raw.type;
    readSpanDetails(raw, span, where, doc.problems);
    if (typeof raw.stance === 'string' && (STANCES as readonly string[]).includes(raw.stance)) span.stance = raw.stance as Stance;
    if (typeof raw.status === 'string' && (CLAIM_STATUSES as readonly string[]).includes(raw.status)) span.status = raw.status as ClaimStatus;
    const claimant = str(raw.claimant);
    if (claimant !== undefined) span.claimantRef = claimant;
    doc.spans.push(span);
  });
  // doccano's older form: "label": [[start, end, "LABEL"], ...]
  if (Array.isArray(value.label)) {
    value.label.forEach((raw, i) => {
      const where = `${origin} label ${i + 1}`;
      if (!Array.isArray(raw) || !isOffset(raw[0]) || !isOffset(raw[1]) || raw[1] <= raw[0] || typeof raw[2] !== 'string') {
        doc.problems.push(`${where}: expected [start, end, "LABEL"]`);
        return;
      }
      const start = cp(raw[0]);
      const end = cp(raw[1]);
      if (start === null || end === null) {
        doc.problems.push(`${where}: an offset falls inside a character (between the two UTF-16 units of a surrogate pair)`);
        return;
      }
      doc.spans.push({ ref: `#label${i + 1}`, origin: where, label: raw[2], fragments: [{ start, end }] });
    });
  }

  const byOffsets = (s: unknown): string | undefined => {
    if (!isObject(s)) return undefined;
    const found = doc.spans.find((x) => x.fragments[0]?.start === s.start && x.fragments[0]?.end === s.end && (s.label === undefined || x.label === s.label));
    return found?.ref;
  };
  const rawRelations: unknown[] = Array.isArray(value.relations) ? value.relations : [];
  const relationNotes = isObject(value.relation_notes) ? value.relation_notes : {};
  rawRelations.forEach((raw, i) => {
    const where = `${origin} relation ${i + 1}`;
    if (!isObject(raw)) {
      doc.problems.push(`${where}: not an object`);
      return;
    }
    const type = str(raw.label) ?? str(raw.type);
    const from = str(raw.from) ?? str(raw.from_id) ?? byOffsets(raw.head_span);
    const to = str(raw.to) ?? str(raw.to_id) ?? byOffsets(raw.child_span);
    if (!type || from === undefined || to === undefined) {
      doc.problems.push(`${where}: needs a label (or type) and both ends (from/to, from_id/to_id or head_span/child_span)`);
      return;
    }
    // A claim's claimant, written as a relation by formats without a field for it (doccano).
    const claim = type === CLAIMANT_RELATION ? doc.spans.find((x) => x.ref === from) : undefined;
    if (claim && claim.claimantRef === undefined) {
      claim.claimantRef = to;
      return;
    }
    const rel: ImportedRelation = { ref: str(raw.id) ?? `#${i + 1}`, origin: where, type, from, to };
    const note = typeof raw.note === 'string' ? raw.note : relationNotes[rel.ref];
    if (typeof note === 'string') rel.note = note;
    const comments = commentsOf(raw.comments, where, doc.problems);
    if (comments) rel.comments = comments;
    if (isAttributeRecord(raw.attributes)) rel.attributes = raw.attributes;
    if (Array.isArray(raw.roles) && raw.roles.length === 2 && raw.roles.every((r) => typeof r === 'string' && r !== '')) rel.roles = [raw.roles[0], raw.roles[1]] as [string, string];
    doc.relations.push(rel);
  });
  readJsonlEvents(value, origin, doc);
  // Prodigy's "accept": the document labels set, as `name` or `name:value` (names never hold ':').
  if (Array.isArray(value.accept)) {
    const categories = value.accept.filter((c): c is string => typeof c === 'string' && c !== '' && !c.startsWith(':')).map((c) => {
      const at = c.indexOf(':');
      return at === -1 || at === c.length - 1 ? { name: at === -1 ? c : c.slice(0, -1) } : { name: c.slice(0, at), value: c.slice(at + 1) };
    });
    if (categories.length) doc.categories = categories;
  }
  return doc;
}

/** Parses a whole JSONL file's text: one document per non-blank line. */
export function parseJsonl(text: string, fileName: string, options: JsonlReadOptions = {}): ImportedDocument[] {
  const out: ImportedDocument[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const origin = `${fileName} line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(i === 0 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
    } catch (e) {
      out.push({ origin, coordinates: 'source', spans: [], relations: [], problems: [`${origin}: not valid JSON (${(e as Error).message})`] });
      return;
    }
    out.push(readJsonlRecord(value, origin, options));
  });
  return out;
}

