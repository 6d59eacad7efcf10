// The label schema editor's working copy: plain strings for every field (what
// the inputs hold), a stable key per row (names change while typing), and pure
// functions to edit it and to turn it back into a schema. No React, no DOM.
import {
  LABEL_HOTKEYS,
  findLabelSchemaProblems,
  type AttributeTarget,
  type Label,
  type LabelSchemaFile,
  type SchemaProblem,
} from '../../../app/label-schema';

export interface DraftLabel {
  key: string;
  name: string;
  description: string;
  /** #rrggbb */
  colour: string;
  /** '' for none. */
  hotkey: string;
}

export interface DraftRelation {
  key: string;
  name: string;
  description: string;
}

export interface DraftAttribute {
  key: string;
  name: string;
  description: string;
  entity: boolean;
  claim: boolean;
  /** The closed list of values, comma-separated as typed; blank for free text. */
  values: string;
}

/** A document label (a category of the whole document). */
export interface DraftDocumentLabel {
  key: string;
  name: string;
  description: string;
  /** Comma-separated as typed; blank for a label that is set or not. */
  values: string;
  multiple: boolean;
  /** '' for none. */
  hotkey: string;
}

export interface SchemaDraft {
  entityLabels: DraftLabel[];
  claimLabels: DraftLabel[];
  relationTypes: DraftRelation[];
  attributes: DraftAttribute[];
  documentLabels: DraftDocumentLabel[];
}

export type LabelListName = 'entityLabels' | 'claimLabels';
export type DraftListName = keyof SchemaDraft;

let counter = 0;
function newKey(): string {
  counter += 1;
  return `row-${counter}`;
}

function draftLabel(l: Label): DraftLabel {
  return { key: newKey(), name: l.name, description: l.description ?? '', colour: l.colour.toLowerCase(), hotkey: l.hotkey ?? '' };
}

export function draftFromSchema(schema: LabelSchemaFile): SchemaDraft {
  return {
    entityLabels: schema.entityLabels.map(draftLabel),
    claimLabels: schema.claimLabels.map(draftLabel),
    relationTypes: schema.relationTypes.map((r) => ({ key: newKey(), name: r.name, description: r.description ?? '' })),
    attributes: (schema.attributes ?? []).map((a) => ({
      key: newKey(),
      name: a.name,
      description: a.description ?? '',
      entity: a.appliesTo.includes('entity'),
      claim: a.appliesTo.includes('claim'),
      values: (a.values ?? []).join(', '),
    })),
    documentLabels: (schema.documentLabels ?? []).map((d) => ({
      key: newKey(),
      name: d.name,
      description: d.description ?? '',
      values: (d.values ?? []).join(', '),
      multiple: d.multiple ?? false,
      hotkey: d.hotkey ?? '',
    })),
  };
}

/** The values typed in an attribute's values field: split on commas, trimmed, blanks dropped; undefined for free text. */
export function parseValues(text: string): string[] | undefined {
  const values = text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return values.length ? values : undefined;
}

function schemaLabel(l: DraftLabel): Label {
  const description = l.description.trim();
  return {
    name: l.name.trim(),
    ...(description ? { description } : {}),
    colour: l.colour,
    ...(l.hotkey ? { hotkey: l.hotkey } : {}),
  };
}

/** The schema the draft stands for. Names are trimmed; empty descriptions are left out. Rows keep their indices. */
export function schemaFromDraft(draft: SchemaDraft): LabelSchemaFile {
  return {
    version: 1,
    entityLabels: draft.entityLabels.map(schemaLabel),
    claimLabels: draft.claimLabels.map(schemaLabel),
    relationTypes: draft.relationTypes.map((r) => {
      const description = r.description.trim();
      return { name: r.name.trim(), ...(description ? { description } : {}) };
    }),
    attributes: draft.attributes.map((a) => {
      const description = a.description.trim();
      const values = parseValues(a.values);
      const appliesTo: AttributeTarget[] = [...(a.entity ? ['entity' as const] : []), ...(a.claim ? ['claim' as const] : [])];
      return { name: a.name.trim(), ...(description ? { description } : {}), appliesTo, ...(values ? { values } : {}) };
    }),
    // Only when there are some, so a schema without them saves as before.
    ...(draft.documentLabels.length
      ? {
          documentLabels: draft.documentLabels.map((d) => {
            const description = d.description.trim();
            const values = parseValues(d.values);
            return {
              name: d.name.trim(),
              ...(description ? { description } : {}),
              ...(values ? { values } : {}),
              ...(d.multiple ? { multiple: true } : {}),
              ...(d.hotkey ? { hotkey: d.hotkey } : {}),
            };
          }),
        }
      : {}),
  };
}

/** The problems with the draft, each with the path of its field (indices are the draft's rows). */
export function draftProblems(draft: SchemaDraft): SchemaProblem[] {
  return findLabelSchemaProblems(schemaFromDraft(draft));
}

/** Problems grouped by the row they belong to ('entityLabels.2'), or by list for list-wide ones ('entityLabels'). */
export function problemsByRow(problems: readonly SchemaProblem[]): Map<string, SchemaProblem[]> {
  const out = new Map<string, SchemaProblem[]>();
  for (const p of problems) {
    const id = p.path.slice(0, 2).join('.');
    out.set(id, [...(out.get(id) ?? []), p]);
  }
  return out;
}

/** Colours offered to new labels, in order; the first one no label uses is taken. Okabe-Ito's colour-blind-safe eight first (the default schema's). */
export const NEW_LABEL_COLOURS = [
  '#d55e00', '#0072b2', '#009e73', '#56b4e9', '#e69f00', '#cc79a7', '#000000', '#f0e442', '#17becf',
  '#8c564b', '#bcbd22', '#d62728', '#9467bd', '#2ca02c', '#ff7f0e', '#1f77b4', '#7f7f7f',
];

function allLabels(draft: SchemaDraft): DraftLabel[] {
  return [...draft.entityLabels, ...draft.claimLabels];
}

function unusedName(draft: SchemaDraft, base: string, taken: (d: SchemaDraft) => string[]): string {
  const used = new Set(taken(draft).map((n) => n.trim().toLowerCase()));
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}_${n}`;
    if (!used.has(name.toLowerCase())) return name;
  }
}

/** A new label at the end of `list`: an unused name, the first unused colour and the first free key (or none). */
export function addLabel(draft: SchemaDraft, list: LabelListName): { draft: SchemaDraft; key: string } {
  const labels = allLabels(draft);
  const colours = new Set(labels.map((l) => l.colour.toLowerCase()));
  const keys = new Set(labels.map((l) => l.hotkey));
  const label: DraftLabel = {
    key: newKey(),
    name: unusedName(draft, list === 'entityLabels' ? 'NEW_ENTITY' : 'NEW_CLAIM', (d) => allLabels(d).map((l) => l.name)),
    description: '',
    colour: NEW_LABEL_COLOURS.find((c) => !colours.has(c)) ?? '#7f7f7f',
    hotkey: LABEL_HOTKEYS.find((k) => !keys.has(k)) ?? '',
  };
  return { draft: { ...draft, [list]: [...draft[list], label] }, key: label.key };
}

export function addRelationType(draft: SchemaDraft): { draft: SchemaDraft; key: string } {
  const row: DraftRelation = { key: newKey(), name: unusedName(draft, 'new-relation', (d) => d.relationTypes.map((r) => r.name)), description: '' };
  return { draft: { ...draft, relationTypes: [...draft.relationTypes, row] }, key: row.key };
}

export function addAttribute(draft: SchemaDraft): { draft: SchemaDraft; key: string } {
  const row: DraftAttribute = {
    key: newKey(),
    name: unusedName(draft, 'new_attribute', (d) => d.attributes.map((a) => a.name)),
    description: '',
    entity: true,
    claim: true,
    values: '',
  };
  return { draft: { ...draft, attributes: [...draft.attributes, row] }, key: row.key };
}

/** A new document label: an unused name, no values (set or not), no key. */
export function addDocumentLabel(draft: SchemaDraft): { draft: SchemaDraft; key: string } {
  const row: DraftDocumentLabel = {
    key: newKey(),
    name: unusedName(draft, 'new_category', (d) => d.documentLabels.map((x) => x.name)),
    description: '',
    values: '',
    multiple: false,
    hotkey: '',
  };
  return { draft: { ...draft, documentLabels: [...draft.documentLabels, row] }, key: row.key };
}

type Row<L extends DraftListName> = SchemaDraft[L][number];

export function updateRow<L extends DraftListName>(draft: SchemaDraft, list: L, key: string, patch: Partial<Omit<Row<L>, 'key'>>): SchemaDraft {
  const rows = draft[list] as Row<L>[];
  return { ...draft, [list]: rows.map((r) => (r.key === key ? { ...r, ...patch } : r)) };
}

export function removeRow(draft: SchemaDraft, list: DraftListName, key: string): SchemaDraft {
  const rows = draft[list] as { key: string }[];
  return { ...draft, [list]: rows.filter((r) => r.key !== key) };
}

/** Moves a row up (-1) or down (+1); at either end nothing changes. */
export function moveRow(draft: SchemaDraft, list: DraftListName, key: string, delta: -1 | 1): SchemaDraft {
  const rows = [...(draft[list] as { key: string }[])];
  const from = rows.findIndex((r) => r.key === key);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= rows.length) return draft;
  const [row] = rows.splice(from, 1);
  if (row) rows.splice(to, 0, row);
  return { ...draft, [list]: rows };
}

/** The names of labels (in either list) that were in `before` but are not in `after`: renamed or removed. */
export function droppedLabelNames(before: LabelSchemaFile, after: LabelSchemaFile): string[] {
  const now = new Set([...after.entityLabels, ...after.claimLabels].map((l) => l.name));
  return [...before.entityLabels, ...before.claimLabels].map((l) => l.name).filter((n) => !now.has(n));
}
