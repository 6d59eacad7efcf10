// brat export: the .txt and .ann of each document, annotation.conf and
// visual.conf for the folder (the format itself: brat-common.ts).
import { TextIndex } from '../offsets';
import { CLAIM_STATUSES, STANCES, type Annotation } from '../sidecar/sidecar-schema';
import { LabelTally, labelsSeen, sortedAnnotations, sortedRelations, spanFragments } from './common';
import { splitExporter, type ExportContext, type ExportDocument, type ExportFile, type FormatExporter } from './types';
import type { AttributeDefinition, LabelSchemaFile } from '../label-schema';
import { BRAT_CLAIMANT, BRAT_STANCE, BRAT_STATUS, NewlineMap, bratBaseName, bratName, bratValue, entityReference, fragmentsOf, kbReference, noteLines, oneLine, toLf } from './brat-common';

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
