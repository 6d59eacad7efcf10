// brat import: an .ann file read into spans, relations, events, equivalence
// groups, document labels and their details (the format itself:
// brat-common.ts). The syntax follows brat's own reader (server/src/annotation.py):
// a line is "ID<TAB>DATA[<TAB>TAIL]"; an E line's data is "Type:Trigger Role:Id …",
// a * line's "Type Id Id …", an A line's "Name Target [Value]", where a target
// may be a T, E or R id.
import { CLAIM_STATUSES, STANCES, type Category } from '../sidecar/sidecar-schema';
import type { LabelSchemaFile } from '../label-schema';
import type { ClaimStatus, ImportedDocument, ImportedEvent, ImportedRelation, ImportedSpan, Stance } from './types';
import { BRAT_CLAIMANT, BRAT_DOCUMENT, BRAT_ENTITY_DB, BRAT_STANCE, BRAT_STATUS, bratName, categoryFromBrat, labelFromBrat } from './brat-common';

// The `s` flag: the text may hold U+2028 and U+2029, which brat keeps inside a line (it splits on \n only).
const T_LINE = /^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t(.*))?$/s;

type Attributed = { attributes?: Record<string, string | number | boolean>; note?: string; comments?: { type: string; text: string }[] };

/**
 * The BioNLP Shared Task 2013 form of an N line's data ("Reference
 * Annotation:T1 Referent:DB:ID", either order) in brat's own form
 * ("Reference T1 DB:ID"), as brat's reader does (BIONLP_ST_2013_COMPATIBILITY).
 */
function bionlp2013Normalization(data: string): string {
  return data
    .replace(/^(Reference) Annotation:(\S+) Referent:(\S+)/, '$1 $2 $3')
    .replace(/^(Reference) Referent:(\S+) Annotation:(\S+)/, '$1 $3 $2');
}

/** An E line's data ("Type:T1 Role:T2 …", brat's _parse_event_annotation), or null when it is not one. */
function parseEventData(data: string): { type: string; trigger: string; args: { role: string; ref: string }[] } | null {
  const space = data.indexOf(' ');
  const head = space === -1 ? data : data.slice(0, space);
  const typeTrigger = head.split(':');
  if (typeTrigger.length !== 2 || !typeTrigger[0] || !typeTrigger[1]) return null;
  const args: { role: string; ref: string }[] = [];
  for (const arg of space === -1 ? [] : data.slice(space).trim().split(/\s+/).filter(Boolean)) {
    const parts = arg.split(':');
    if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
    args.push({ role: parts[0], ref: parts[1] });
  }
  return { type: typeTrigger[0], trigger: typeTrigger[1], args };
}

/**
 * Reads an .ann file. Offsets stay in brat's coordinates (code points over
 * the LF text); placing them in the source is the importer's job.
 */
export function parseBratAnn(ann: string, origin: string, options: { schema?: LabelSchemaFile; txt?: string } = {}): ImportedDocument {
  const doc: ImportedDocument = { origin, coordinates: 'lf', spans: [], relations: [], problems: [] };
  if (options.txt !== undefined) doc.text = options.txt;
  const spans = new Map<string, ImportedSpan>();
  const relations = new Map<string, ImportedRelation>();
  const events = new Map<string, ImportedEvent>();
  const later: { line: string; where: string }[] = [];
  /** T ids of the span carrying the document labels (type Document), unless the schema has a span label of that name. */
  const carriers = new Set<string>();
  const categories: Category[] = [];
  const spanLabels = new Set([...(options.schema?.entityLabels ?? []), ...(options.schema?.claimLabels ?? [])].map((l) => l.name));
  const relationTypes = new Map<string, string>((options.schema?.relationTypes ?? []).map((r) => [bratName(r.name), r.name]));
  const lines = ann.split(/\r?\n/);
  lines.forEach((line, i) => {
    const where = `${origin} line ${i + 1}`;
    if (line.trim() === '') return;
    if (line.startsWith('T')) {
      const m = T_LINE.exec(line);
      if (!m) {
        doc.problems.push(`${where}: not a valid T line: ${JSON.stringify(line.slice(0, 80))}`);
        return;
      }
      if (m[2] === BRAT_DOCUMENT && !spanLabels.has(BRAT_DOCUMENT)) {
        carriers.add(m[1] as string);
        return;
      }
      const fragments = (m[3] as string).split(';').map((pair) => {
        const [s, e] = pair.split(' ').map(Number) as [number, number];
        return { start: s, end: e };
      });
      if (fragments.some((f) => f.end <= f.start)) {
        doc.problems.push(`${where}: a fragment of ${m[1]} is empty or reversed`);
        return;
      }
      const span: ImportedSpan = { ref: m[1] as string, origin: where, label: labelFromBrat(m[2] as string, options.schema), fragments };
      if (m[4] !== undefined) span.quote = m[4];
      spans.set(span.ref, span);
      doc.spans.push(span);
    } else if (line.startsWith('R')) {
      const [id, rest = ''] = line.split('\t');
      const parts = rest.trim().split(/\s+/);
      const pairs = parts.slice(1).map((p): [string, string] => {
        const [label = '', ref = ''] = p.split(':');
        return [label, ref];
      });
      const args = new Map<string, string>(pairs);
      // Other argument names than Arg1/Arg2 (brat's editor writes those of the type's annotation.conf line): the first is the start, as brat reads it.
      const named = pairs.length === 2 && !args.has('Arg1') && !args.has('Arg2') && pairs.every(([l, v]) => l && v) && pairs[0]?.[0] !== pairs[1]?.[0];
      const from = named ? pairs[0]?.[1] : args.get('Arg1') || undefined;
      const to = named ? pairs[1]?.[1] : args.get('Arg2') || undefined;
      if (!id || !parts[0] || !from || !to) {
        doc.problems.push(`${where}: not a valid R line (expected "R1<TAB>Type Arg1:T1 Arg2:T2")`);
        return;
      }
      if (parts[0] === BRAT_CLAIMANT) {
        later.push({ line: `claimant\t${from}\t${to}`, where });
        return;
      }
      const rel: ImportedRelation = { ref: id, origin: where, type: relationTypes.get(parts[0]) ?? parts[0], from, to };
      if (named) rel.roles = [pairs[0]?.[0] as string, pairs[1]?.[0] as string];
      relations.set(id, rel);
      doc.relations.push(rel);
    } else if (line.startsWith('E')) {
      const [id = '', data = ''] = line.split('\t');
      const parsed = parseEventData(data);
      if (!/^E\d+$/.test(id) || !parsed) {
        doc.problems.push(`${where}: not a valid E line (expected "E1<TAB>Type:T1 Role:T2 Role2:E2")`);
        return;
      }
      const event: ImportedEvent = { ref: id, origin: where, type: parsed.type, trigger: parsed.trigger, arguments: parsed.args };
      events.set(id, event);
      (doc.events ??= []).push(event);
    } else if (line.startsWith('*')) {
      const [, data = ''] = line.split('\t');
      const [type, ...members] = data.trim().split(/\s+/);
      if (!type || members.length < 2) {
        doc.problems.push(`${where}: not a valid equivalence line (expected "*<TAB>Equiv T1 T2")`);
        return;
      }
      (doc.equivalences ??= []).push({ origin: where, type, members });
    } else if (line.startsWith('A') || line.startsWith('M') || line.startsWith('N') || line.startsWith('#')) {
      later.push({ line, where });
    } else {
      doc.problems.push(`${where}: unknown line: ${JSON.stringify(line.slice(0, 80))}`);
    }
  });
  const anything = (id: string | undefined): Attributed | undefined => (id === undefined ? undefined : (spans.get(id) ?? events.get(id) ?? relations.get(id)));
  for (const { line, where } of later) {
    const fields = line.split('\t');
    if (fields[0] === 'claimant') {
      const claim = spans.get(fields[1] as string);
      if (!claim) doc.problems.push(`${where}: Claimant names ${fields[1]}, which is not a T line`);
      else {
        claim.claimantRef = fields[2] as string;
        claim.type = 'claim';
      }
      continue;
    }
    const head = (fields[1] ?? '').trim().split(/\s+/);
    if (line.startsWith('A') || line.startsWith('M')) {
      const [name, target, value] = attributeFields(line, fields[1] ?? '', head);
      if (name && target && carriers.has(target)) {
        categories.push(categoryFromBrat(name, value, options.schema));
        continue;
      }
      const owner = anything(target);
      if (!name || !owner) {
        doc.problems.push(`${where}: attribute ${name ?? '?'} names ${target ?? 'nothing'}, which is not a T, E or R line of this file`);
        continue;
      }
      const span = target ? spans.get(target) : undefined;
      if (span && name === BRAT_STANCE && value && (STANCES as readonly string[]).includes(value)) {
        span.stance = value as Stance;
        span.type = 'claim';
      } else if (span && name === BRAT_STATUS && value && (CLAIM_STATUSES as readonly string[]).includes(value)) {
        span.status = value as ClaimStatus;
        span.type = 'claim';
      } else {
        owner.attributes = { ...owner.attributes, [name]: value ?? true };
      }
    } else if (line.startsWith('N')) {
      const [, target, reference] = bionlp2013Normalization(fields[1] ?? '').trim().split(/\s+/);
      const span = target ? spans.get(target) : undefined;
      if (!span || !reference) {
        doc.problems.push(`${where}: not a valid normalization line (expected "N1<TAB>Reference T1 DB:ID<TAB>name")`);
        continue;
      }
      // Marginalia's own registry id is the entity; any other reference is kept as it came, with its name.
      if (reference.startsWith(`${BRAT_ENTITY_DB}:`)) span.entity = reference.slice(BRAT_ENTITY_DB.length + 1);
      else span.normalizations = [...(span.normalizations ?? []), { ref: reference, name: fields.slice(2).join('\t') }];
    } else {
      const [kind, target] = head;
      const note = fields.slice(2).join('\t');
      const owner = anything(target);
      if (!kind || head.length !== 2 || !owner) {
        doc.problems.push(`${where}: not a valid note line (expected "#1<TAB>AnnotatorNotes T1<TAB>text", on a T, E or R line of this file)`);
        continue;
      }
      // Any other type is a comment of that kind (brat's OnelineCommentAnnotation: TDT's "Lemma"), kept as it came.
      if (kind !== 'AnnotatorNotes') owner.comments = [...(owner.comments ?? []), { type: kind, text: note }];
      else owner.note = owner.note === undefined ? note : `${owner.note}\n${note}`;
    }
  }
  if (categories.length) doc.categories = categories;
  return doc;
}

/**
 * An A line's name, target and value as brat reads it (annotation.py,
 * `(.+?) (.+?) (.+?)$`): the value is everything after the target, spaces
 * included ("A1 Tense T2 simple past"). An M line is name and target only.
 * Lines brat's pattern does not fit keep the lenient whitespace split.
 */
function attributeFields(line: string, data: string, head: string[]): [string?, string?, string?] {
  const m = line.startsWith('A') ? /^(\S+) (\S+) (.+)$/su.exec(data) : null;
  if (m) return [m[1], m[2], m[3]];
  return head as [string?, string?, string?];
}
