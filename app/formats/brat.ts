// brat standoff: per document a .txt and an .ann, plus annotation.conf (and
// visual.conf for the colours) generated from the label schema, so the
// folder opens in brat as it is.
//
// brat reads .txt files in universal-newline mode, where "\r\n" (and a lone
// "\r") is one character. So the .txt is the source text with LF line
// endings, and every offset is mapped onto it: brat offsets count code points
// over that LF text. A span crossing a line break becomes a discontinuous
// span, one fragment per line ("start end;start end"), because brat cannot
// draw one fragment over a line break.
//
// .ann lines: T (text-bound), R (relations; a claim's claimant is
// "Claimant Arg1:<claim> Arg2:<mention>"), A (attributes: Stance and Status on
// claims, and any custom attributes), N (the entity registry id, as
// "Reference T1 marginalia:<id>"), and "#" AnnotatorNotes lines for notes
// (one per line of a note: an .ann line cannot hold a line break).
import { TextIndex, codePointLength } from '../offsets';
import { CLAIM_STATUSES, STANCES, type Annotation } from '../sidecar/sidecar-schema';
import { LabelTally, labelsSeen, sortedAnnotations, sortedRelations, spanFragments } from './common';
import { splitExporter, type ClaimStatus, type ExportContext, type ExportDocument, type ExportFile, type FormatExporter, type ImportedDocument, type ImportedRelation, type ImportedSpan, type Range, type Stance } from './types';
import type { AttributeDefinition, LabelSchemaFile } from '../label-schema';

export const BRAT_CLAIMANT = 'Claimant';
export const BRAT_STANCE = 'Stance';
export const BRAT_STATUS = 'Status';
/** The normalization DB name for Marginalia's entity registry ids. */
export const BRAT_ENTITY_DB = 'marginalia';

/** The LF text brat sees: every "\r\n" and lone "\r" becomes "\n" (same code points otherwise). */
export function toLf(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function lowerBound(arr: Uint32Array, x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Maps code-point offsets between a source text and its LF version. Each
 * "\r\n" is one character in the LF text; an offset between its "\r" and
 * "\n" maps to the line break. A lone "\r" keeps its place (it becomes "\n").
 */
export class NewlineMap {
  /** Code-point offset of the "\r" of every "\r\n" in the source, ascending. */
  private readonly crlf: Uint32Array;
  /** Their offsets in the LF text. */
  private readonly lf: Uint32Array;

  constructor(index: TextIndex) {
    const crlf: number[] = [];
    const text = index.text;
    for (let u = text.indexOf('\r\n'); u !== -1; u = text.indexOf('\r\n', u + 2)) crlf.push(index.toCodePoint(u));
    this.crlf = Uint32Array.from(crlf);
    this.lf = Uint32Array.from(crlf, (r, k) => r - k);
  }

  get hasCrlf(): boolean {
    return this.crlf.length > 0;
  }

  toLf(cp: number): number {
    return cp - lowerBound(this.crlf, cp);
  }

  fromLf(cp: number): number {
    return cp + lowerBound(this.lf, cp);
  }
}

/**
 * brat type and attribute names cannot hold whitespace or the characters its
 * configuration syntax uses; anything else becomes "_".
 */
export function bratName(name: string): string {
  const cleaned = name.replace(/[^\p{L}\p{N}_.-]/gu, '_');
  return cleaned === '' ? '_' : cleaned;
}

function bratValue(v: string): string {
  return v.replace(/\s+/gu, '_') || '_';
}

/** Text on one line (normalization names). */
function oneLine(s: string): string {
  return s.replace(/\r\n|[\r\n\t]/g, ' ');
}

/** A note's lines: an .ann line cannot hold a line break, so a note takes one AnnotatorNotes line per line (read back joined with "\n"). */
function noteLines(note: string): string[] {
  return note.split(/\r\n|\r|\n/);
}

/**
 * The base name (without extension) brat files of a corpus document get: a
 * `.txt` document keeps its name (`a/b.txt` -> `a/b.txt` + `a/b.ann`), any
 * other keeps its extension in the stem (`c.md` -> `c.md.txt` + `c.md.ann`),
 * since brat only lists `.txt` files.
 */
export function bratBaseName(path: string): string {
  return path.toLowerCase().endsWith('.txt') ? path.slice(0, -4) : path;
}

/** The corpus documents a brat base name may stand for, most likely first. */
export function documentsForBratBase(base: string): string[] {
  return [`${base}.txt`, base];
}

function entityReference(entity: string): string {
  const e = entity.replace(/\s+/gu, '_');
  return /^[^\s:]+:\S+$/u.test(e) ? e : `${BRAT_ENTITY_DB}:${e}`;
}

export interface BratDocument {
  /** The source text with LF line endings. */
  txt: string;
  ann: string;
  /** Spans that could not be written (they cover only line breaks). */
  skipped: Annotation[];
  /** Attribute names and values written, for annotation.conf. */
  attributes: Map<string, Set<string>>;
  /** The brat types each attribute was written on, for annotation.conf (it must allow what the data holds). */
  attributeTypes: Map<string, Set<string>>;
}

/** Splits an LF-text range at line breaks into non-empty fragments. */
export function fragmentsOf(lfIndex: TextIndex, start: number, end: number): { fragments: Range[]; texts: string[] } {
  const fragments: Range[] = [];
  const texts: string[] = [];
  let pos = start;
  for (const piece of lfIndex.slice(start, end).split('\n')) {
    const len = codePointLength(piece);
    if (len > 0) {
      fragments.push({ start: pos, end: pos + len });
      texts.push(piece);
    }
    pos += len + 1;
  }
  return { fragments, texts };
}

/** A knowledge-base id as a brat normalization reference: Wikidata:Q42, an IRI or a DB:ID as it is. */
export function kbReference(kb: string): string {
  if (/^[QPL][1-9]\d*$/.test(kb)) return `Wikidata:${kb}`;
  return entityReference(kb);
}

export interface BratOptions {
  kbIds?: Readonly<Record<string, string>>;
  entityNames?: Readonly<Record<string, string>>;
}

export function bratDocument(doc: ExportDocument, options: BratOptions = {}): BratDocument {
  const index = doc.index ?? new TextIndex(doc.text);
  const map = new NewlineMap(index);
  const txt = map.hasCrlf || doc.text.includes('\r') ? toLf(doc.text) : doc.text;
  const lfIndex = txt === doc.text ? index : new TextIndex(txt);
  const tLines: string[] = [];
  const extra: string[] = [];
  const rLines: string[] = [];
  const skipped: Annotation[] = [];
  const attributes = new Map<string, Set<string>>();
  const attributeTypes = new Map<string, Set<string>>();
  const tIds = new Map<string, string>();
  let aCount = 0;
  let nCount = 0;
  let noteCount = 0;
  const attribute = (name: string, target: string, type: string, value?: string) => {
    const values = attributes.get(name) ?? new Set<string>();
    attributes.set(name, values);
    if (value !== undefined) values.add(value);
    const types = attributeTypes.get(name) ?? new Set<string>();
    attributeTypes.set(name, types);
    types.add(type);
    extra.push(`A${++aCount}\t${name} ${target}${value === undefined ? '' : ` ${value}`}`);
  };
  const annotations = sortedAnnotations(doc.sidecar);
  for (const a of annotations) {
    // A discontinuous span's pieces, each split at line breaks as any span is.
    const pieces = (spanFragments(a) ?? [a]).map((p) => fragmentsOf(lfIndex, map.toLf(p.start), map.toLf(p.end)));
    const fragments = pieces.flatMap((p) => p.fragments);
    const texts = pieces.flatMap((p) => p.texts);
    if (fragments.length === 0) {
      skipped.push(a);
      continue;
    }
    const t = `T${tIds.size + 1}`;
    tIds.set(a.id, t);
    tLines.push(`${t}\t${bratName(a.label)} ${fragments.map((f) => `${f.start} ${f.end}`).join(';')}\t${texts.join(' ')}`);
    const type = bratName(a.label);
    if (a.stance !== undefined) attribute(BRAT_STANCE, t, type, a.stance);
    if (a.status !== undefined) attribute(BRAT_STATUS, t, type, a.status);
    for (const [name, value] of Object.entries(a.attributes ?? {}).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
      if (value === false) continue;
      attribute(bratName(name), t, type, value === true ? undefined : bratValue(String(value)));
    }
    const written = new Set<string>();
    if (a.entity !== undefined) {
      const name = oneLine(options.entityNames?.[a.entity] ?? a.text);
      extra.push(`N${++nCount}\tReference ${t} ${entityReference(a.entity)}\t${name}`);
      const kb = options.kbIds?.[a.entity];
      if (kb !== undefined) {
        written.add(kbReference(kb));
        extra.push(`N${++nCount}\tReference ${t} ${kbReference(kb)}\t${name}`);
      }
    }
    for (const n of a.normalizations ?? []) {
      const ref = n.ref.replace(/\s+/gu, '_');
      if (written.has(ref)) continue;
      written.add(ref);
      extra.push(`N${++nCount}\tReference ${t} ${ref}\t${oneLine(n.name)}`);
    }
    if (a.note !== undefined) for (const line of noteLines(a.note)) extra.push(`#${++noteCount}\tAnnotatorNotes ${t}\t${line}`);
  }
  let rCount = 0;
  for (const a of annotations) {
    const from = tIds.get(a.id);
    const to = a.claimant === undefined ? undefined : tIds.get(a.claimant);
    if (from && to) rLines.push(`R${++rCount}\t${BRAT_CLAIMANT} Arg1:${from} Arg2:${to}`);
  }
  for (const r of sortedRelations(doc.sidecar, { sorted: annotations })) {
    const from = tIds.get(r.from);
    const to = tIds.get(r.to);
    if (!from || !to) continue;
    const id = `R${++rCount}`;
    rLines.push(`${id}\t${bratName(r.type)} Arg1:${from} Arg2:${to}`);
    if (r.note !== undefined) for (const line of noteLines(r.note)) rLines.push(`#${++noteCount}\tAnnotatorNotes ${id}\t${line}`);
  }
  const lines = [...tLines, ...extra, ...rLines];
  return { txt, ann: lines.length ? `${lines.join('\n')}\n` : '', skipped, attributes, attributeTypes };
}

/**
 * annotation.conf for the labels of the schema and any others the documents
 * used; attributes from the schema's definitions and from what was written.
 */
export function annotationConf(
  tally: LabelTally,
  attributes: ReadonlyMap<string, ReadonlySet<string>>,
  definitions: readonly AttributeDefinition[] = [],
  attributeTypes: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): string {
  /** The types an attribute may take: those declared, and every type the data put it on (brat's verifier checks both). */
  const argOf = (name: string, declared: readonly string[]): string => {
    const all = [...new Set([...declared, ...(attributeTypes.get(name) ?? [])])];
    return all.length ? all.join('|') : '<ENTITY>';
  };
  const claims = [...new Set([...tally.claim].map(bratName))];
  const entityOnly = [...new Set([...tally.entity].map(bratName))].filter((e) => !claims.includes(e));
  const entities = [...entityOnly, ...claims];
  const lines = ['# Written by Marginalia from the corpus label schema.', '[entities]', ...entities, '', '[relations]'];
  for (const r of new Set([...tally.relation].map(bratName))) lines.push(`${r}\tArg1:<ENTITY>, Arg2:<ENTITY>`);
  if (claims.length) lines.push(`${BRAT_CLAIMANT}\tArg1:${claims.join('|')}, Arg2:<ENTITY>`);
  lines.push('<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>', '', '[events]', '', '[attributes]');
  if (claims.length || attributeTypes.has(BRAT_STANCE)) lines.push(`${BRAT_STANCE}\tArg:${argOf(BRAT_STANCE, claims)}, Value:${STANCES.join('|')}`);
  if (claims.length || attributeTypes.has(BRAT_STATUS)) lines.push(`${BRAT_STATUS}\tArg:${argOf(BRAT_STATUS, claims)}, Value:${CLAIM_STATUSES.join('|')}`);
  const declared = new Map<string, { arg: string; values: Set<string>; freeText: boolean }>();
  for (const def of definitions) {
    const name = bratName(def.name);
    const targets = [...new Set(def.appliesTo.flatMap((t) => (t === 'claim' ? claims : entityOnly)))];
    declared.set(name, {
      arg: argOf(name, targets),
      values: new Set((def.values ?? []).map(bratValue)),
      freeText: def.values === undefined,
    });
  }
  for (const [name, values] of attributes) {
    const d = declared.get(name) ?? { arg: argOf(name, []), values: new Set<string>(), freeText: false };
    for (const v of values) d.values.add(v);
    declared.set(name, d);
  }
  for (const [name, d] of declared) {
    if (name === BRAT_STANCE || name === BRAT_STATUS) continue;
    // brat attributes are flags or closed lists: a free-text attribute nobody used has nothing to list.
    if (d.freeText && d.values.size === 0 && !attributeTypes.has(name)) continue;
    lines.push(d.values.size ? `${name}\tArg:${d.arg}, Value:${[...d.values].join('|')}` : `${name}\tArg:${d.arg}`);
  }
  return `${lines.join('\n')}\n`;
}

/** visual.conf: the schema's colours, so brat shows the labels as Marginalia does. */
export function visualConf(schema: LabelSchemaFile): string {
  const lines = ['# Written by Marginalia from the corpus label schema.', '[labels]', '', '[drawing]'];
  lines.push('SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken');
  lines.push('ARC_DEFAULT\tcolor:black, arrowHead:triangle-5');
  lines.push('ATTRIBUTE_DEFAULT\tglyph:*');
  for (const l of [...schema.entityLabels, ...schema.claimLabels]) lines.push(`${bratName(l.name)}\tbgColor:${l.colour}`);
  return `${lines.join('\n')}\n`;
}

export function createBratExporter(ctx: ExportContext): FormatExporter {
  const options: BratOptions = { ...(ctx.kbIds ? { kbIds: ctx.kbIds } : {}), ...(ctx.entityNames ? { entityNames: ctx.entityNames } : {}) };
  const tally = new LabelTally(ctx.schema);
  const attributes = new Map<string, Set<string>>();
  const attributeTypes = new Map<string, Set<string>>();
  const renamed = new Set<string>();
  let skipped = 0;
  return splitExporter({
    start: () => ({}),
    render(doc) {
      const out = bratDocument(doc, options);
      const base = bratBaseName(doc.path);
      return {
        files: [
          { name: `${base}.txt`, text: out.txt },
          { name: `${base}.ann`, text: out.ann },
        ] satisfies ExportFile<string>[],
        meta: {
          seen: labelsSeen(doc.sidecar),
          skipped: out.skipped.length,
          attributes: [...out.attributes].map(([name, values]) => [name, [...values]] as const),
          attributeTypes: [...out.attributeTypes].map(([name, types]) => [name, [...types]] as const),
          renamed: (doc.sidecar?.annotations ?? []).filter((a) => bratName(a.label) !== a.label).map((a) => a.label),
        },
      };
    },
    fold({ files, meta: r }) {
      tally.see(r.seen);
      skipped += r.skipped;
      for (const [name, values] of r.attributes) {
        const all = attributes.get(name) ?? new Set<string>();
        for (const v of values) all.add(v);
        attributes.set(name, all);
      }
      for (const [name, types] of r.attributeTypes) {
        const all = attributeTypes.get(name) ?? new Set<string>();
        for (const t of types) all.add(t);
        attributeTypes.set(name, all);
      }
      for (const l of r.renamed) renamed.add(l);
      return files ? { files } : {};
    },
    finish: () => ({
      files: [
        { name: 'annotation.conf', text: annotationConf(tally, attributes, ctx.schema.attributes ?? [], attributeTypes) },
        { name: 'visual.conf', text: visualConf(ctx.schema) },
      ],
    }),
    warnings() {
      const w: string[] = [];
      if (skipped) w.push(`brat: ${skipped} span${skipped === 1 ? '' : 's'} covering only line breaks could not be written (brat has no empty fragments)`);
      for (const l of renamed) w.push(`brat: label ${JSON.stringify(l)} is written as ${bratName(l)} (brat type names cannot hold spaces or punctuation)`);
      return w;
    },
  });
}

// ---------------------------------------------------------------- import

// The `s` flag: the text may hold U+2028 and U+2029, which brat keeps inside a line (it splits on \n only).
const T_LINE = /^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t(.*))?$/s;

/**
 * The schema label a brat type name stands for: itself when the schema has
 * it, else the schema label that bratName() turns into it.
 */
export function labelFromBrat(name: string, schema?: LabelSchemaFile): string {
  if (!schema) return name;
  const labels = [...schema.entityLabels, ...schema.claimLabels].map((l) => l.name);
  if (labels.includes(name)) return name;
  return labels.find((l) => bratName(l) === name) ?? name;
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
