// brat export: the .txt and .ann of each document (the format itself:
// brat-common.ts), and annotation.conf and visual.conf for the folder
// (brat-conf.ts).
//
// The .ann is written in one order, so that a brat file imported and exported
// again comes out byte for byte: T lines (spans in export order, then the
// Document span carrying the document labels); then per span its A, N and #
// lines (notes, then comments of other types), then the Document span's A
// lines; then each E line followed by its A and # lines; then each R line followed by its A and # lines; last the
// equivalence (*) lines.
import { TextIndex } from '../offsets';
import { triggerIds } from '../events';
import { normalizeCategories } from '../categories';
import type { Annotation } from '../sidecar/sidecar-schema';
import { LabelTally, labelsSeen, sortedAnnotations, sortedRelations, spanFragments } from './common';
import { splitExporter, type ExportContext, type ExportDocument, type ExportFile, type FormatExporter } from './types';
import { annotationConf, visualConf } from './brat-conf';
import { BRAT_CLAIMANT, BRAT_DOCUMENT, BRAT_STANCE, BRAT_STATUS, NewlineMap, bratBaseName, bratName, bratValue, entityReference, fragmentsOf, kbReference, noteLines, oneLine, toLf } from './brat-common';

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
  /** Event types written, with their roles (numbers stripped), for annotation.conf. */
  eventRoles: Map<string, Set<string>>;
  /** Types of the spans written as triggers, and of those written as ordinary spans. */
  triggerTypes: Set<string>;
  spanTypes: Set<string>;
  equivalenceTypes: Set<string>;
  /** Relation types written with other argument names than Arg1 and Arg2, with those names. */
  relationRoles: Map<string, [string, string]>;
  /** True when a Document span carries document labels. */
  document: boolean;
  /** Events, arguments or group members left out because what they name was not written; document labels with no line to sit on. */
  lost: number;
}

export interface BratOptions {
  kbIds?: Readonly<Record<string, string>>;
  entityNames?: Readonly<Record<string, string>>;
}

const byName = ([x]: [string, unknown], [y]: [string, unknown]) => (x < y ? -1 : x > y ? 1 : 0);

/** The LF text's first non-blank line without its surrounding white space, in code points; null when the text is blank. */
function firstLine(lfIndex: TextIndex): { start: number; end: number; text: string } | null {
  const m = /\S[^\n]*/u.exec(lfIndex.text);
  if (!m) return null;
  const text = m[0].trimEnd();
  const start = lfIndex.toCodePoint(m.index);
  return { start, end: lfIndex.toCodePoint(m.index + text.length), text };
}

export function bratDocument(doc: ExportDocument, options: BratOptions = {}): BratDocument {
  const index = doc.index ?? new TextIndex(doc.text);
  const map = new NewlineMap(index);
  const txt = map.hasCrlf || doc.text.includes('\r') ? toLf(doc.text) : doc.text;
  const lfIndex = txt === doc.text ? index : new TextIndex(txt);
  const tLines: string[] = [];
  const extra: string[] = [];
  const eLines: string[] = [];
  const rLines: string[] = [];
  const skipped: Annotation[] = [];
  const out: Omit<BratDocument, 'txt' | 'ann' | 'skipped'> = {
    attributes: new Map(),
    attributeTypes: new Map(),
    eventRoles: new Map(),
    triggerTypes: new Set(),
    spanTypes: new Set(),
    equivalenceTypes: new Set(),
    relationRoles: new Map(),
    document: false,
    lost: 0,
  };
  const ids = new Map<string, string>();
  let aCount = 0;
  let nCount = 0;
  let noteCount = 0;
  const attribute = (into: string[], name: string, target: string, type: string, value?: string) => {
    const values = out.attributes.get(name) ?? new Set<string>();
    out.attributes.set(name, values);
    if (value !== undefined) values.add(value);
    const types = out.attributeTypes.get(name) ?? new Set<string>();
    out.attributeTypes.set(name, types);
    types.add(type);
    into.push(`A${++aCount}\t${name} ${target}${value === undefined ? '' : ` ${value}`}`);
  };
  const attributesOf = (into: string[], attrs: Record<string, string | number | boolean> | undefined, target: string, type: string) => {
    for (const [name, value] of Object.entries(attrs ?? {}).sort(byName)) {
      if (value === false) continue;
      attribute(into, bratName(name), target, type, value === true ? undefined : bratValue(String(value)));
    }
  };
  // Notes (AnnotatorNotes), then comments of other types, as they came.
  const notesOf = (into: string[], owner: { note?: string; comments?: { type: string; text: string }[] }, target: string) => {
    if (owner.note !== undefined) for (const line of noteLines(owner.note)) into.push(`#${++noteCount}\tAnnotatorNotes ${target}\t${line}`);
    for (const c of owner.comments ?? []) into.push(`#${++noteCount}\t${bratName(c.type)} ${target}\t${oneLine(c.text)}`);
  };
  const triggers = triggerIds(doc.sidecar?.events);
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
    const t = `T${ids.size + 1}`;
    ids.set(a.id, t);
    const type = bratName(a.label);
    (triggers.has(a.id) ? out.triggerTypes : out.spanTypes).add(type);
    tLines.push(`${t}\t${type} ${fragments.map((f) => `${f.start} ${f.end}`).join(';')}\t${texts.join(' ')}`);
    if (a.stance !== undefined) attribute(extra, BRAT_STANCE, t, type, a.stance);
    if (a.status !== undefined) attribute(extra, BRAT_STATUS, t, type, a.status);
    attributesOf(extra, a.attributes, t, type);
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
    notesOf(extra, a, t);
  }
  // Document labels: attributes on one Document span over the first non-blank line (brat has no document-level annotation).
  const categories = normalizeCategories(doc.sidecar?.categories ?? []);
  if (categories.length) {
    const line = firstLine(lfIndex);
    if (!line) out.lost += categories.length;
    else {
      const t = `T${ids.size + 1}`;
      tLines.push(`${t}\t${BRAT_DOCUMENT} ${line.start} ${line.end}\t${line.text}`);
      out.document = true;
      for (const c of categories) attribute(extra, bratName(c.name), t, BRAT_DOCUMENT, c.value === undefined ? undefined : bratValue(c.value));
    }
  }
  // Events, numbered in the sidecar's order; ids first, so an argument may name a later event.
  const events = (doc.sidecar?.events ?? []).filter((e) => ids.has(e.trigger));
  out.lost += (doc.sidecar?.events?.length ?? 0) - events.length;
  events.forEach((e, i) => ids.set(e.id, `E${i + 1}`));
  for (const e of events) {
    const id = ids.get(e.id) as string;
    const type = bratName(e.type);
    const args = e.arguments.filter((a) => ids.has(a.ref));
    out.lost += e.arguments.length - args.length;
    const roles = out.eventRoles.get(type) ?? new Set<string>();
    out.eventRoles.set(type, roles);
    for (const a of args) roles.add(a.role.replace(/\d+$/, '') || a.role);
    // brat's own writer (EventAnnotation.__str__) puts a space after the trigger even with no arguments.
    eLines.push(`${id}\t${type}:${ids.get(e.trigger)} ${args.map((a) => `${a.role}:${ids.get(a.ref)}`).join(' ')}`);
    attributesOf(eLines, e.attributes, id, type);
    notesOf(eLines, e, id);
  }
  let rCount = 0;
  for (const a of annotations) {
    const from = ids.get(a.id);
    const to = a.claimant === undefined ? undefined : ids.get(a.claimant);
    if (from && to) rLines.push(`R${++rCount}\t${BRAT_CLAIMANT} Arg1:${from} Arg2:${to}`);
  }
  for (const r of sortedRelations(doc.sidecar, { sorted: annotations })) {
    const from = ids.get(r.from);
    const to = ids.get(r.to);
    if (!from || !to) continue;
    const id = `R${++rCount}`;
    const type = bratName(r.type);
    const [role1, role2] = r.roles ?? ['Arg1', 'Arg2'];
    if (r.roles && !out.relationRoles.has(type)) out.relationRoles.set(type, r.roles as [string, string]);
    rLines.push(`${id}\t${type} ${role1}:${from} ${role2}:${to}`);
    attributesOf(rLines, r.attributes, id, type);
    notesOf(rLines, r, id);
  }
  for (const q of doc.sidecar?.equivalences ?? []) {
    const members = q.members.flatMap((m) => ids.get(m) ?? []);
    out.lost += q.members.length - members.length;
    if (members.length < 2) continue;
    out.equivalenceTypes.add(bratName(q.type));
    rLines.push(`*\t${bratName(q.type)} ${members.join(' ')}`);
  }
  const lines = [...tLines, ...extra, ...eLines, ...rLines];
  return { txt, ann: lines.length ? `${lines.join('\n')}\n` : '', skipped, ...out };
}

const merge = (into: Map<string, Set<string>>, pairs: readonly (readonly [string, readonly string[]])[]) => {
  for (const [k, vs] of pairs) {
    const all = into.get(k) ?? new Set<string>();
    for (const v of vs) all.add(v);
    into.set(k, all);
  }
};
const pairsOf = (m: Map<string, Set<string>>) => [...m].map(([k, vs]) => [k, [...vs]] as const);

export function createBratExporter(ctx: ExportContext): FormatExporter {
  const options: BratOptions = { ...(ctx.kbIds ? { kbIds: ctx.kbIds } : {}), ...(ctx.entityNames ? { entityNames: ctx.entityNames } : {}) };
  const tally = new LabelTally(ctx.schema);
  const attributes = new Map<string, Set<string>>();
  const attributeTypes = new Map<string, Set<string>>();
  const eventRoles = new Map<string, Set<string>>();
  const triggerTypes = new Set<string>();
  const spanTypes = new Set<string>();
  const equivalenceTypes = new Set<string>();
  const relationRoles = new Map<string, [string, string]>();
  const renamed = new Set<string>();
  let document = false;
  let skipped = 0;
  let lost = 0;
  return splitExporter({
    keepsEvents: true,
    keepsComments: true,
    keepsRelationRoles: true,
    keepsRelationAttributes: true,
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
          attributes: pairsOf(out.attributes),
          attributeTypes: pairsOf(out.attributeTypes),
          eventRoles: pairsOf(out.eventRoles),
          triggerTypes: [...out.triggerTypes],
          spanTypes: [...out.spanTypes],
          equivalenceTypes: [...out.equivalenceTypes],
          relationRoles: [...out.relationRoles],
          document: out.document,
          lost: out.lost,
          renamed: (doc.sidecar?.annotations ?? []).filter((a) => bratName(a.label) !== a.label).map((a) => a.label),
        },
      };
    },
    fold({ files, meta: r }) {
      tally.see(r.seen);
      skipped += r.skipped;
      lost += r.lost;
      document ||= r.document;
      merge(attributes, r.attributes);
      merge(attributeTypes, r.attributeTypes);
      merge(eventRoles, r.eventRoles);
      for (const t of r.triggerTypes) triggerTypes.add(t);
      for (const t of r.spanTypes) spanTypes.add(t);
      for (const t of r.equivalenceTypes) equivalenceTypes.add(t);
      for (const [t, roles] of r.relationRoles) if (!relationRoles.has(t)) relationRoles.set(t, roles);
      for (const l of r.renamed) renamed.add(l);
      return files ? { files } : {};
    },
    finish: () => {
      // A type used only on triggers is an event type; one also used on ordinary spans stays an entity too.
      const triggerOnly = new Set([...triggerTypes].filter((t) => !spanTypes.has(t)));
      return {
        files: [
          { name: 'annotation.conf', text: annotationConf(tally, attributes, ctx.schema.attributes ?? [], attributeTypes, { eventRoles, triggerOnly, equivalenceTypes, document, relationRoles }) },
          { name: 'visual.conf', text: visualConf(ctx.schema) },
        ],
      };
    },
    warnings() {
      const w: string[] = [];
      if (skipped) w.push(`brat: ${skipped} span${skipped === 1 ? '' : 's'} covering only line breaks could not be written (brat has no empty fragments)`);
      if (lost) w.push(`brat: ${lost} event${lost === 1 ? '' : 's'}, argument${lost === 1 ? '' : 's'}, group member${lost === 1 ? '' : 's'} or document label${lost === 1 ? '' : 's'} left out: what they name was not written (a span over line breaks only, or a blank document)`);
      for (const l of renamed) w.push(`brat: label ${JSON.stringify(l)} is written as ${bratName(l)} (brat type names cannot hold spaces or punctuation)`);
      // The importer reads a Document span as document labels only when no span label is called so.
      if (document && [...ctx.schema.entityLabels, ...ctx.schema.claimLabels].some((l) => bratName(l.name) === BRAT_DOCUMENT)) {
        w.push(`brat: the label schema has a span label named ${BRAT_DOCUMENT}, the type the document labels are written on: an import with this schema reads them as spans`);
      }
      return w;
    },
  });
}
