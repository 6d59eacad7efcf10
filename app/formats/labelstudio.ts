// Label Studio tasks JSON: an array of tasks, each with the document text in
// data.text and one annotation whose results are the spans ("labels"), the
// relations ("relation"), and per-region stance/status choices, entity ids
// and notes. A labelling config that matches is written beside the tasks.
// What has no control of its own goes in the result's `meta`, which Label
// Studio keeps with a region or a relation: a region's custom attributes and
// its entity's knowledge-base id, a relation's note (as `meta.text`, the
// field Label Studio's own region and relation meta editor writes) and its
// argument names (brat roles) as `meta.roles`, [from's, to's].
// Document labels are document-level choices: one Choices control per label
// of the schema, named `category_<name>` (a label without values has one
// choice, its own name), one result per label set.
//
// Offsets: Label Studio's editor (web/libs/editor, since the fixes that
// followed its issues #1008 and #1347) stores the start/end of Text regions
// in code points, as Python counts, so the sidecar's code points go out
// unchanged and data.text is the source text exactly (CRLF kept). Older
// versions counted UTF-16 code units in the browser; the importer accepts
// both: it checks each region's text at the code-point reading first, then
// at the UTF-16 one, then searches for the quote nearby.
import { TextIndex } from '../offsets';
import { CLAIM_STATUSES, STANCES } from '../sidecar/sidecar-schema';
import { CLAIMANT_RELATION, LabelTally, labelsSeen, sortedAnnotations, sortedRelations, xmlEscape } from './common';
import { splitExporter, type ClaimStatus, type ExportContext, type ExportDocument, type ExportText, type FormatExporter, type ImportedDocument, type ImportedRelation, type ImportedSpan, type Stance } from './types';
import type { LabelSchemaFile } from '../label-schema';
import { normalizeCategories } from '../categories';

export const LS_LABELS = 'label';
export const LS_TEXT = 'text';

export interface LsRegionValue {
  start: number;
  end: number;
  text: string;
  labels: string[];
}

export interface LsRegionMeta {
  attributes?: Record<string, string | number | boolean>;
  kb_id?: string;
}

export type LsResult =
  | { id: string; from_name: string; to_name: string; type: 'labels'; value: LsRegionValue; meta?: LsRegionMeta }
  | { id: string; from_name: string; to_name: string; type: 'choices'; value: { start: number; end: number; text: string; choices: string[] } }
  | { id: string; from_name: string; to_name: string; type: 'textarea'; value: { start: number; end: number; text: string[] } }
  | { id: string; from_name: string; to_name: string; type: 'choices'; value: { choices: string[] } }
  | { type: 'relation'; from_id: string; to_id: string; direction: 'right'; labels: string[]; meta?: LsRelationMeta };

/** A relation's note (`text`, as Label Studio's meta editor writes it) and argument names (brat roles: from's, to's). */
export interface LsRelationMeta {
  text?: string[];
  roles?: [string, string];
}

export interface LsTask {
  data: { text: string; path: string };
  annotations?: { result: LsResult[] }[];
}

export function labelStudioTask(doc: ExportDocument, kbIds: Readonly<Record<string, string>> = {}): LsTask {
  const result: LsResult[] = [];
  const annotations = sortedAnnotations(doc.sidecar);
  for (const a of annotations) {
    const { id, start, end, text } = a;
    const region: LsResult = { id, from_name: LS_LABELS, to_name: LS_TEXT, type: 'labels', value: { start, end, text, labels: [a.label] } };
    const meta: LsRegionMeta = {};
    if (a.attributes !== undefined) meta.attributes = a.attributes;
    const kb = a.entity === undefined ? undefined : kbIds[a.entity];
    if (kb !== undefined) meta.kb_id = kb;
    if (meta.attributes || meta.kb_id) region.meta = meta;
    result.push(region);
    if (a.stance !== undefined) result.push({ id, from_name: 'stance', to_name: LS_TEXT, type: 'choices', value: { start, end, text, choices: [a.stance] } });
    if (a.status !== undefined) result.push({ id, from_name: 'status', to_name: LS_TEXT, type: 'choices', value: { start, end, text, choices: [a.status] } });
    if (a.entity !== undefined) result.push({ id, from_name: 'entity', to_name: LS_TEXT, type: 'textarea', value: { start, end, text: [a.entity] } });
    if (a.note !== undefined) result.push({ id, from_name: 'note', to_name: LS_TEXT, type: 'textarea', value: { start, end, text: [a.note] } });
  }
  for (const r of sortedRelations(doc.sidecar, { withClaimants: true, sorted: annotations })) {
    const rel: LsResult = { type: 'relation', from_id: r.from, to_id: r.to, direction: 'right', labels: [r.type] };
    const meta: LsRelationMeta = {};
    if (r.note !== undefined) meta.text = [r.note];
    if (r.roles) meta.roles = r.roles as [string, string]; // the schema holds exactly two
    if (meta.text || meta.roles) rel.meta = meta;
    result.push(rel);
  }
  const byLabel = new Map<string, string[]>();
  for (const c of normalizeCategories(doc.sidecar?.categories ?? [])) byLabel.set(c.name, [...(byLabel.get(c.name) ?? []), c.value ?? c.name]);
  for (const [name, choices] of byLabel) {
    const control = categoryControl(name);
    result.push({ id: control, from_name: control, to_name: LS_TEXT, type: 'choices', value: { choices } });
  }
  const task: LsTask = { data: { text: doc.text, path: doc.path } };
  // A task marked done is exported even with no spans ("nothing to tag here"); an untouched one is left open.
  if (result.length > 0 || doc.sidecar?.status === 'done') task.annotations = [{ result }];
  return task;
}

/** The Choices control of a document label. */
export function categoryControl(name: string): string {
  return `category_${name}`;
}

/** A labelling config matching the exported tasks, for a new Label Studio project. */
export function labelStudioConfig(tally: LabelTally, schema: LabelSchemaFile): string {
  const colours = new Map([...schema.entityLabels, ...schema.claimLabels].map((l) => [l.name, l.colour]));
  const labels = [...new Set([...tally.entity, ...tally.claim])].map((name) => {
    const colour = colours.get(name);
    return `    <Label value="${xmlEscape(name)}"${colour ? ` background="${colour}"` : ''}/>`;
  });
  const relations = [...new Set([...tally.relation, CLAIMANT_RELATION])].map((r) => `    <Relation value="${xmlEscape(r)}"/>`);
  const choices = (name: string, values: readonly string[]) => [
    `    <Choices name="${name}" toName="${LS_TEXT}" perRegion="true" choice="single">`,
    ...values.map((v) => `      <Choice value="${v}"/>`),
    '    </Choices>',
  ];
  return [
    '<View>',
    '  <Style>.htx-text { white-space: pre-wrap; }</Style>',
    `  <Labels name="${LS_LABELS}" toName="${LS_TEXT}">`,
    ...labels,
    '  </Labels>',
    `  <Text name="${LS_TEXT}" value="$text"/>`,
    '  <Relations>',
    ...relations,
    '  </Relations>',
    '  <View visibleWhen="region-selected">',
    ...choices('stance', STANCES),
    ...choices('status', CLAIM_STATUSES),
    `    <TextArea name="entity" toName="${LS_TEXT}" perRegion="true" editable="true" maxSubmissions="1" placeholder="Entity id"/>`,
    `    <TextArea name="note" toName="${LS_TEXT}" perRegion="true" editable="true" maxSubmissions="1" placeholder="Note"/>`,
    '  </View>',
    ...(schema.documentLabels ?? []).flatMap((d) => [
      `  <Header value="${xmlEscape(d.name)}"/>`,
      `  <Choices name="${xmlEscape(categoryControl(d.name))}" toName="${LS_TEXT}" choice="${d.multiple ? 'multiple' : 'single'}" showInline="true">`,
      ...(d.values ?? [d.name]).map((v) => `    <Choice value="${xmlEscape(v)}"/>`),
      '  </Choices>',
    ]),
    '</View>',
    '',
  ].join('\n');
}

export const LABEL_CONFIG_SUFFIX = '.label-config.xml';

export function createLabelStudioExporter(ctx: ExportContext): FormatExporter {
  const tally = new LabelTally(ctx.schema);
  let count = 0;
  return splitExporter({
    keepsRelationRoles: true,
    start: () => ({ main: '[' }),
    render: (doc) => ({ main: JSON.stringify(labelStudioTask(doc, ctx.kbIds)), meta: labelsSeen(doc.sidecar) }),
    fold({ main, meta }) {
      tally.see(meta);
      return { main: [count++ === 0 ? '\n' : ',\n', main as ExportText] };
    },
    finish: () => ({ main: count ? '\n]\n' : ']\n', files: [{ name: LABEL_CONFIG_SUFFIX, text: labelStudioConfig(tally, ctx.schema) }] }),
    warnings: () => [],
  });
}

// ---------------------------------------------------------------- import

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isOffset = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Reads one Label Studio task (as exported by Label Studio or by Marginalia). */
export function readLabelStudioTask(task: unknown, origin: string): ImportedDocument {
  const doc: ImportedDocument = { origin, coordinates: 'source', spans: [], relations: [], problems: [], warnings: [] };
  if (!isObject(task) || !isObject(task.data)) {
    doc.problems.push(`${origin}: not a task (expected an object with "data")`);
    return doc;
  }
  const data = task.data;
  const text = typeof data.text === 'string' ? data.text : undefined;
  if (text !== undefined) doc.text = text;
  if (typeof data.path === 'string') doc.path = data.path;
  const textIndex = text === undefined ? null : new TextIndex(text);
  const annotations = Array.isArray(task.annotations) ? task.annotations : [];
  annotations.forEach((ann, k) => {
    if (!isObject(ann) || ann.was_cancelled === true || !Array.isArray(ann.result)) return;
    // Region ids are unique within one annotation; several annotators may reuse them.
    const ref = (id: unknown) => (annotations.length > 1 ? `${k + 1}:${String(id)}` : String(id));
    const regions = new Map<string, ImportedSpan[]>();
    const perRegion: Json[] = [];
    ann.result.forEach((r: unknown, i: number) => {
      const where = `${origin} result ${i + 1}${annotations.length > 1 ? ` of annotation ${k + 1}` : ''}`;
      if (!isObject(r)) {
        doc.problems.push(`${where}: not an object`);
        return;
      }
      if (r.type === 'relation') {
        const labels = strings(r.labels);
        let from = r.from_id;
        let to = r.to_id;
        if (r.direction === 'left') [from, to] = [to, from];
        if (typeof from !== 'string' || typeof to !== 'string') {
          doc.problems.push(`${where}: a relation needs from_id and to_id`);
          return;
        }
        const type = labels[0] ?? 'related';
        if (type === CLAIMANT_RELATION) {
          perRegion.push({ claimant: true, from: ref(from), to: ref(to), where });
          return;
        }
        const rel: ImportedRelation = { ref: `${where}`, origin: where, type, from: ref(from), to: ref(to) };
        const note = isObject(r.meta) ? strings(r.meta.text) : [];
        if (note.length) rel.note = note.join('\n');
        const roles = isObject(r.meta) ? strings(r.meta.roles) : [];
        // Read as written: from's role, then to's (a "left" relation was swapped above, its roles with it).
        if (roles.length === 2 && roles.every((x) => x !== '')) rel.roles = (r.direction === 'left' ? [roles[1], roles[0]] : [roles[0], roles[1]]) as [string, string];
        doc.relations.push(rel);
        return;
      }
      const value = isObject(r.value) ? r.value : {};
      const labels = strings(value.labels);
      if (labels.length > 0) {
        if (!isOffset(value.start) || !isOffset(value.end) || value.end <= value.start) {
          doc.problems.push(`${where}: region ${String(r.id)} has no usable start/end (HyperText regions with XPath offsets are not supported)`);
          return;
        }
        const start = value.start;
        const end = value.end;
        const alternatives: { start: number; end: number }[] = [];
        if (textIndex) {
          // Older Label Studio counted UTF-16 code units: the same numbers read that way.
          const alt = { start: textIndex.toCodePoint(start), end: textIndex.toCodePoint(end) };
          // An empty reading (UTF-16 offsets over text too short for them) is no reading at all.
          if ((alt.start !== start || alt.end !== end) && alt.end > alt.start) alternatives.push(alt);
        }
        const list = labels.map((label, j): ImportedSpan => {
          const span: ImportedSpan = { ref: j === 0 ? ref(r.id) : `${ref(r.id)}#${j + 1}`, origin: where, label, fragments: [{ start, end }] };
          if (alternatives.length) span.alternatives = alternatives;
          if (typeof value.text === 'string') span.quote = value.text;
          const meta = isObject(r.meta) ? r.meta : {};
          if (isObject(meta.attributes) && Object.values(meta.attributes).every((x) => ['string', 'number', 'boolean'].includes(typeof x))) {
            span.attributes = { ...(meta.attributes as Record<string, string | number | boolean>) };
          }
          // Label Studio's own region meta (the "Meta" text field): a note.
          const metaText = strings(meta.text);
          if (metaText.length) span.note = metaText.join('\n');
          return span;
        });
        doc.spans.push(...list);
        regions.set(ref(r.id), [...(regions.get(ref(r.id)) ?? []), ...list]);
        return;
      }
      if (r.type === 'choices' || r.type === 'textarea') {
        if (r.id === undefined || value.start === undefined) {
          doc.warnings?.push(`${where}: a document-level ${String(r.type)} (${String(r.from_name)}) is not imported: Marginalia keeps span annotations only`);
          return;
        }
        perRegion.push({ ...r, key: ref(r.id), where });
        return;
      }
      doc.warnings?.push(`${where}: a result of type ${JSON.stringify(r.type)} is not imported`);
    });
    for (const r of perRegion) {
      const where = String(r.where);
      if (r.claimant === true) {
        const claims = regions.get(String(r.from));
        if (!claims) doc.problems.push(`${where}: the claimant relation starts at a region that is not in this annotation`);
        else for (const c of claims) {
          c.claimantRef = String(r.to);
          c.type = 'claim';
        }
        continue;
      }
      const owners = regions.get(String(r.key));
      if (!owners) {
        doc.problems.push(`${where}: per-region ${String(r.from_name)} for region ${String(r.id)}, which has no label`);
        continue;
      }
      const value = isObject(r.value) ? r.value : {};
      const name = String(r.from_name);
      const items = r.type === 'choices' ? strings(value.choices) : strings(value.text);
      for (const span of owners) {
        if (name === 'stance' && items[0] && (STANCES as readonly string[]).includes(items[0])) {
          span.stance = items[0] as Stance;
          span.type = 'claim';
        } else if (name === 'status' && items[0] && (CLAIM_STATUSES as readonly string[]).includes(items[0])) {
          span.status = items[0] as ClaimStatus;
          span.type = 'claim';
        } else if (name === 'note') span.note = items.join('\n');
        else if (name === 'entity' && items[0]) span.entity = items[0];
        else span.attributes = { ...span.attributes, [name]: items.join(r.type === 'choices' ? ',' : '\n') };
      }
    }
  });
  if (textIndex) preferUtf16WhenItExplainsMore(doc, textIndex);
  return doc;
}

/**
 * A task is exported by one Label Studio version, so its regions share one
 * unit. When reading the offsets as UTF-16 units matches more regions' text
 * than reading them as code points, the UTF-16 reading is tried first for
 * every region of the task (a lone ambiguous region would otherwise match a
 * repeated word at the wrong place).
 */
function preferUtf16WhenItExplainsMore(doc: ImportedDocument, index: TextIndex): void {
  let cp = 0;
  let u16 = 0;
  for (const span of doc.spans) {
    const f = span.fragments[0];
    const alt = span.alternatives?.[0];
    if (!f || span.quote === undefined) continue;
    if (f.end <= index.length && index.slice(f.start, f.end) === span.quote) cp++;
    if (alt && index.slice(alt.start, alt.end) === span.quote) u16++;
    else if (!alt && f.end <= index.length && index.slice(f.start, f.end) === span.quote) u16++;
  }
  if (u16 <= cp) return;
  for (const span of doc.spans) {
    const alt = span.alternatives?.[0];
    if (alt) span.alternatives = [span.fragments[0] as { start: number; end: number }];
    if (alt) span.fragments = [alt];
  }
}

/** Parses a Label Studio JSON export (an array of tasks, or one task). */
export function parseLabelStudio(text: string, fileName: string): ImportedDocument[] {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return [{ origin: fileName, coordinates: 'source', spans: [], relations: [], problems: [`${fileName}: not valid JSON (${(e as Error).message})`] }];
  }
  const tasks = Array.isArray(json) ? json : [json];
  return tasks.map((t, i) => {
    const id = isObject(t) && (typeof t.id === 'number' || typeof t.id === 'string') ? ` (id ${t.id})` : '';
    return readLabelStudioTask(t, `${fileName} task ${i + 1}${id}`);
  });
}
