// brat import: an .ann file read into spans, relations and their details
// (the format itself: brat-common.ts).
import { CLAIM_STATUSES, STANCES } from '../sidecar/sidecar-schema';
import type { LabelSchemaFile } from '../label-schema';
import type { ClaimStatus, ImportedDocument, ImportedRelation, ImportedSpan, Stance } from './types';
import { BRAT_CLAIMANT, BRAT_ENTITY_DB, BRAT_STANCE, BRAT_STATUS, bratName, labelFromBrat } from './brat-common';

// The `s` flag: the text may hold U+2028 and U+2029, which brat keeps inside a line (it splits on \n only).
const T_LINE = /^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t(.*))?$/s;

/**
 * Reads an .ann file. Offsets stay in brat's coordinates (code points over
 * the LF text); placing them in the source is the importer's job.
 */
export function parseBratAnn(ann: string, origin: string, options: { schema?: LabelSchemaFile; txt?: string } = {}): ImportedDocument {
  const doc: ImportedDocument = { origin, coordinates: 'lf', spans: [], relations: [], problems: [] };
  if (options.txt !== undefined) doc.text = options.txt;
  const spans = new Map<string, ImportedSpan>();
  const relations = new Map<string, ImportedRelation>();
  const later: { line: string; where: string }[] = [];
  /** Event triggers (T ids), with where their event is: not imported as ordinary spans. */
  const triggers = new Map<string, string>();
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
      const args = new Map(parts.slice(1).map((p) => p.split(':') as [string, string]));
      const from = args.get('Arg1');
      const to = args.get('Arg2');
      if (!id || !parts[0] || !from || !to) {
        doc.problems.push(`${where}: not a valid R line (expected "R1<TAB>Type Arg1:T1 Arg2:T2")`);
        return;
      }
      if (parts[0] === BRAT_CLAIMANT) {
        later.push({ line: `claimant\t${from}\t${to}`, where });
        return;
      }
      const rel: ImportedRelation = { ref: id, origin: where, type: relationTypes.get(parts[0]) ?? parts[0], from, to };
      relations.set(id, rel);
      doc.relations.push(rel);
    } else if (line.startsWith('A') || line.startsWith('M') || line.startsWith('N') || line.startsWith('#')) {
      later.push({ line, where });
    } else if (line.startsWith('E')) {
      doc.problems.push(`${where}: events (E lines) are not imported: Marginalia has entities, claims and relations only`);
      const trigger = /^E\d+\t[^:\s]+:(T\d+)/.exec(line)?.[1];
      if (trigger) triggers.set(trigger, where);
    } else if (line.startsWith('*')) {
      doc.problems.push(`${where}: equivalence (* lines) is not imported: use same-as relations`);
    } else {
      doc.problems.push(`${where}: unknown line: ${JSON.stringify(line.slice(0, 80))}`);
    }
  });
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
      const [name, target, value] = head as [string?, string?, string?];
      const span = target ? spans.get(target) : undefined;
      if (!name || !span) {
        doc.problems.push(`${where}: attribute ${name ?? '?'} names ${target ?? 'nothing'}, which is not a T line of this file`);
        continue;
      }
      if (name === BRAT_STANCE && value && (STANCES as readonly string[]).includes(value)) {
        span.stance = value as Stance;
        span.type = 'claim';
      } else if (name === BRAT_STATUS && value && (CLAIM_STATUSES as readonly string[]).includes(value)) {
        span.status = value as ClaimStatus;
        span.type = 'claim';
      } else {
        span.attributes = { ...span.attributes, [name]: value ?? true };
      }
    } else if (line.startsWith('N')) {
      const [, target, reference] = head;
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
      const owner = target ? (spans.get(target) ?? relations.get(target)) : undefined;
      if (kind !== 'AnnotatorNotes' || !owner) {
        doc.problems.push(`${where}: not a valid note line (expected "#1<TAB>AnnotatorNotes T1<TAB>text")`);
        continue;
      }
      owner.note = owner.note === undefined ? note : `${owner.note}\n${note}`;
    }
  }
  if (triggers.size > 0) {
    // A trigger is part of its event, not an entity: importing it alone would tag it as one (CoNLL's B- tags on triggers).
    doc.spans = doc.spans.filter((span) => {
      const event = triggers.get(span.ref);
      if (event !== undefined) doc.problems.push(`${span.origin}: ${span.ref} (${span.label}) is the trigger of the event at ${event}: not imported with it`);
      return event === undefined;
    });
  }
  return doc;
}
