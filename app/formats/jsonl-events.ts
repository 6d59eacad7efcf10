// The events and equivalence groups of Marginalia's JSONL ("events",
// "equivalences": see jsonl.ts), read back: each event's trigger becomes a
// span of its own (it is not among "spans"), its arguments name span or
// event ids of the same line.
import type { ImportedDocument, ImportedEvent, ImportedSpan } from './types';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isOffset = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isAttributeRecord = (v: unknown): v is Record<string, string | number | boolean> =>
  isObject(v) && Object.values(v).every((x) => ['string', 'number', 'boolean'].includes(typeof x));

/** A "comments" list ({type, text} each: brat's # lines of other types than AnnotatorNotes); undefined when absent; a malformed one is a problem naming where. */
export function commentsOf(v: unknown, where: string, problems: string[]): { type: string; text: string }[] | undefined {
  if (v === undefined) return undefined;
  const list = Array.isArray(v) ? v.filter((c): c is { type: string; text: string } => isObject(c) && typeof c.type === 'string' && c.type !== '' && typeof c.text === 'string') : [];
  if (!Array.isArray(v) || list.length !== v.length || !list.length) {
    problems.push(`${where}: "comments" must be a list of {"type", "text"} (comments left out)`);
    return undefined;
  }
  return list.map((c) => ({ type: c.type, text: c.text }));
}

// As jsonl.ts reads ids: a number is taken as its text.
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** A span's details (a JSONL span's or an event trigger's): registry entity, normalizations, note, comments, attributes. */
export function readSpanDetails(raw: Json, span: ImportedSpan, where: string, problems: string[]): void {
  const entity = str(raw.entity) ?? str(raw.kb_id);
  if (entity) span.entity = entity;
  if (typeof raw.note === 'string') span.note = raw.note;
  const comments = commentsOf(raw.comments, where, problems);
  if (comments) span.comments = comments;
  if (Array.isArray(raw.normalizations)) {
    const refs = raw.normalizations.filter((n): n is Json => isObject(n) && typeof n.ref === 'string' && n.ref !== '' && typeof n.name === 'string');
    if (refs.length) span.normalizations = refs.map((n) => ({ ref: n.ref as string, name: n.name as string }));
  }
  if (isAttributeRecord(raw.attributes)) span.attributes = raw.attributes;
}

/** Adds the line's events (with their trigger spans) and groups to `doc`; what cannot be read is a problem naming where. */
export function readJsonlEvents(value: Json, origin: string, doc: ImportedDocument): void {
  if (value.events !== undefined && !Array.isArray(value.events)) doc.problems.push(`${origin}: "events" must be a list`);
  if (value.equivalences !== undefined && !Array.isArray(value.equivalences)) doc.problems.push(`${origin}: "equivalences" must be a list`);
  const spanRefs = new Set(doc.spans.map((s) => s.ref));
  (Array.isArray(value.events) ? value.events : []).forEach((raw: unknown, i) => {
    const where = `${origin} event ${i + 1}`;
    const t = isObject(raw) && isObject(raw.trigger) ? raw.trigger : null;
    const args = isObject(raw) && Array.isArray(raw.arguments) ? raw.arguments : null;
    if (!isObject(raw) || typeof raw.id !== 'string' || typeof raw.type !== 'string' || !t || typeof t.id !== 'string' || typeof t.label !== 'string' || !isOffset(t.start) || !isOffset(t.end) || t.end <= t.start || !args) {
      doc.problems.push(`${where}: expected {"id", "type", "trigger": {"id", "start", "end", "label"}, "arguments": [{"role", "ref"}]}`);
      return;
    }
    const roles = args.filter((a): a is { role: string; ref: string } => isObject(a) && typeof a.role === 'string' && a.role !== '' && typeof a.ref === 'string' && a.ref !== '');
    if (roles.length !== args.length) {
      doc.problems.push(`${where}: each argument needs a "role" and a "ref"`);
      return;
    }
    // Two events may share a trigger: its span is read once.
    if (!spanRefs.has(t.id)) {
      spanRefs.add(t.id);
      const fragments = Array.isArray(t.fragments) && t.fragments.length > 1 && t.fragments.every((f) => isObject(f) && isOffset(f.start) && isOffset(f.end) && f.end > f.start)
        ? (t.fragments as { start: number; end: number }[]).map((f) => ({ start: f.start, end: f.end }))
        : [{ start: t.start, end: t.end }];
      const span: ImportedSpan = { ref: t.id, origin: `${where} trigger`, label: t.label, type: 'entity', fragments, ...(typeof t.text === 'string' ? { quote: t.text } : {}) };
      readSpanDetails(t, span, `${where} trigger`, doc.problems);
      doc.spans.push(span);
    }
    const event: ImportedEvent = { ref: raw.id, origin: where, type: raw.type, trigger: t.id, arguments: roles.map((a) => ({ role: a.role, ref: a.ref })) };
    if (isAttributeRecord(raw.attributes)) event.attributes = raw.attributes;
    if (typeof raw.note === 'string') event.note = raw.note;
    const comments = commentsOf(raw.comments, where, doc.problems);
    if (comments) event.comments = comments;
    (doc.events ??= []).push(event);
  });
  (Array.isArray(value.equivalences) ? value.equivalences : []).forEach((raw: unknown, i) => {
    const members = isObject(raw) && Array.isArray(raw.members) ? raw.members.filter((m): m is string => typeof m === 'string') : [];
    if (!isObject(raw) || typeof raw.type !== 'string' || members.length < 2) {
      doc.problems.push(`${origin} equivalence ${i + 1}: expected {"type", "members": [two or more ids]}`);
      return;
    }
    (doc.equivalences ??= []).push({ origin: `${origin} equivalence ${i + 1}`, type: raw.type, members });
  });
}
