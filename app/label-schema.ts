// The label schema: which labels exist, their colours and hotkeys, the relation
// types and the attributes an annotation may carry. The defaults ship in
// resources/default-schema.json; a corpus may override them in
// .marginalia/schema.json.
//
// Two layers of checking: the zod schema (LabelSchemaFileSchema) checks the
// shape of the JSON; checkLabelSchema() checks what zod cannot say (names used
// twice, hotkeys that clash with each other or with the app's own keys, names
// that would break an export). A file must pass both to be used or saved.
import { findRuleProblems, SuggestionRuleSchema, type SuggestionRule } from './recommenders/rule-schema';
import { z } from 'zod';
import { reservedKeys } from './commands/keymap';
import { describeIssues } from './zod-issues';

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f77b4');
const hotkey = z.string().regex(/^[1-9a-z]$/, 'one key: 1-9 or a-z');

export const LabelSchema = z.strictObject({
  name: z.string().min(1).max(64),
  description: z.string().optional(),
  colour,
  hotkey: hotkey.optional(),
});

export const RelationTypeSchema = z.strictObject({ name: z.string().min(1), description: z.string().optional() });

/** What an attribute can be attached to. */
export const ATTRIBUTE_TARGETS = ['entity', 'claim'] as const;
export type AttributeTarget = (typeof ATTRIBUTE_TARGETS)[number];

/**
 * An attribute an annotation may carry (its value lives in the sidecar's
 * `attributes` map under this name): a closed list of `values`, or free text
 * when `values` is absent.
 */
export const AttributeDefinitionSchema = z.strictObject({
  name: z.string().min(1).max(64),
  description: z.string().optional(),
  appliesTo: z.array(z.enum(ATTRIBUTE_TARGETS)).min(1),
  values: z.array(z.string().min(1)).min(1).optional(),
});

/**
 * A document-level label (a category of the whole document: topic, source
 * reliability): a flag set or not when it has no `values`, else one of its
 * values (several when `multiple`). Set in the sidecar's `categories`.
 */
export const DocumentLabelSchema = z.strictObject({
  name: z.string().min(1).max(64),
  description: z.string().optional(),
  values: z.array(z.string().min(1)).min(1).optional(),
  multiple: z.boolean().optional(),
  hotkey: hotkey.optional(),
});

export const LabelSchemaFileSchema = z.strictObject({
  version: z.literal(1),
  entityLabels: z.array(LabelSchema).min(1),
  claimLabels: z.array(LabelSchema),
  relationTypes: z.array(RelationTypeSchema),
  /** Optional, so files written before attributes existed stay valid; absent means none. */
  attributes: z.array(AttributeDefinitionSchema).optional(),
  /** Word lists and patterns the suggestions apply (app/recommenders/rules.ts); absent means none. */
  suggestionRules: z.array(SuggestionRuleSchema).optional(),
  /** Document-level labels; optional, so schemas written before them stay valid; absent means none. */
  documentLabels: z.array(DocumentLabelSchema).optional(),
});

export type Label = z.infer<typeof LabelSchema>;
export type RelationType = z.infer<typeof RelationTypeSchema>;
export type AttributeDefinition = z.infer<typeof AttributeDefinitionSchema>;
export type DocumentLabel = z.infer<typeof DocumentLabelSchema>;
export type LabelSchemaFile = z.infer<typeof LabelSchemaFileSchema>;

/**
 * Keys the app keeps for its own keyboard workflow, so they can never be label
 * hotkeys: every single key the keymap (app/commands/keymap.ts) binds where
 * label hotkeys act. Generated, so it cannot drift from the keys the app uses.
 */
export const RESERVED_KEYS: readonly string[] = reservedKeys();
export function isReservedKey(key: string): boolean {
  return RESERVED_KEYS.includes(key);
}

/** Every key a label may use, in order: 1-9, then the letters that are not reserved. */
export const LABEL_HOTKEYS: readonly string[] = [
  ...'123456789',
  ...'abcdefghijklmnopqrstuvwxyz'.split('').filter((k) => !isReservedKey(k)),
];

/**
 * Names of labels, relation types, attributes and attribute values: letters in
 * any script (with their combining marks), digits, '_', '-', '.'. No spaces or
 * punctuation that exports use as separators (brat's annotation.conf, CoNLL's
 * B-/I- tags, CSV).
 */
export const NAME_PATTERN = /^[\p{L}\p{M}\p{Nd}_.-]+$/u;
export const NAME_RULE = "letters, digits, '_', '-' and '.' only (no spaces)";

/** Where a problem is, for an editor to mark the field: e.g. ['entityLabels', 2, 'hotkey']. */
export type SchemaPath = readonly (string | number)[];

export interface SchemaProblem {
  path: SchemaPath;
  message: string;
}

/** Anything shaped like a schema; an editor's draft may be incomplete, so every field is checked defensively. */
export type LabelSchemaLike = Pick<LabelSchemaFile, 'entityLabels' | 'claimLabels' | 'relationTypes'> & {
  attributes?: readonly AttributeDefinition[] | undefined;
  suggestionRules?: readonly SuggestionRule[] | undefined;
  documentLabels?: readonly DocumentLabel[] | undefined;
};

type LabelList = 'entityLabels' | 'claimLabels' | 'documentLabels';
const LIST_NOUN: Record<LabelList, string> = { entityLabels: 'entity label', claimLabels: 'claim label', documentLabels: 'document label' };

function named(noun: string, index: number, name: string): string {
  return name.trim() ? `${noun} ${index + 1} (${name})` : `${noun} ${index + 1}`;
}

/** The problems with a name (empty or bad characters), as messages without the subject. */
function nameProblem(name: string): string | null {
  if (name.trim() === '') return 'has no name';
  if (!NAME_PATTERN.test(name)) return `has a name with characters exports cannot keep: use ${NAME_RULE}`;
  return null;
}

/**
 * Attribute names are keys of each annotation's `attributes` object: in
 * JavaScript `__proto__` there sets the object's prototype instead of a key
 * (it would be dropped on every save), and `constructor` and `prototype`
 * name the object machinery. Refused here rather than lost later.
 */
export const RESERVED_ATTRIBUTE_NAMES: readonly string[] = ['__proto__', 'constructor', 'prototype'];

function reservedAttributeProblem(name: string): string | null {
  return RESERVED_ATTRIBUTE_NAMES.includes(name) ? `is named "${name}", which cannot be an attribute's name (the app's objects use it): choose another name` : null;
}

/**
 * Semantic problems with a label schema, beyond its zod shape, each with the
 * path of the field at fault. An empty list means the schema can be used.
 */
export function findLabelSchemaProblems(schema: LabelSchemaLike): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const add = (path: SchemaPath, message: string) => problems.push({ path, message });

  if (schema.entityLabels.length === 0) add(['entityLabels'], 'there must be at least one entity label');

  const labelNames = new Map<string, string>();
  const hotkeys = new Map<string, string>();
  // Document labels share the hotkeys (one key, one command) but not the names: a category may be called like a span label.
  for (const list of ['entityLabels', 'claimLabels', 'documentLabels'] as const) {
    const names = list === 'documentLabels' ? new Map<string, string>() : labelNames;
    (schema[list] ?? []).forEach((label: { name: string; colour?: string; hotkey?: string | undefined }, i) => {
      const where = named(LIST_NOUN[list], i, label.name);
      const bad = nameProblem(label.name);
      if (bad) add([list, i, 'name'], `${where} ${bad}`);
      else {
        const folded = label.name.toLowerCase();
        const first = names.get(folded);
        if (first !== undefined) add([list, i, 'name'], `${where}: the name is already used by ${first}`);
        else names.set(folded, where);
      }
      if (list !== 'documentLabels' && !/^#[0-9a-fA-F]{6}$/.test(label.colour ?? '')) add([list, i, 'colour'], `${where}: the colour must look like #1f77b4`);
      if (label.hotkey !== undefined) {
        const key = label.hotkey;
        if (isReservedKey(key)) {
          add([list, i, 'hotkey'], `${where}: the key ${key} is reserved for the app's own commands; use 1-9 or one of ${LABEL_HOTKEYS.filter((k) => !/\d/.test(k)).join(' ')}`);
        } else if (!/^[1-9a-z]$/.test(key)) {
          add([list, i, 'hotkey'], `${where}: the key must be one of 1-9 or a-z`);
        } else {
          const first = hotkeys.get(key);
          if (first !== undefined) add([list, i, 'hotkey'], `${where}: the key ${key} is already used by ${first}`);
          else hotkeys.set(key, where);
        }
      }
    });
  }

  const relationNames = new Map<string, string>();
  schema.relationTypes.forEach((relation, i) => {
    const where = named('relation type', i, relation.name);
    const bad = nameProblem(relation.name);
    if (bad) return add(['relationTypes', i, 'name'], `${where} ${bad}`);
    const first = relationNames.get(relation.name.toLowerCase());
    if (first !== undefined) add(['relationTypes', i, 'name'], `${where}: the name is already used by ${first}`);
    else relationNames.set(relation.name.toLowerCase(), where);
  });

  const attributeNames = new Map<string, string>();
  (schema.attributes ?? []).forEach((attribute, i) => {
    const where = named('attribute', i, attribute.name);
    const bad = nameProblem(attribute.name) ?? reservedAttributeProblem(attribute.name);
    if (bad) add(['attributes', i, 'name'], `${where} ${bad}`);
    else {
      const first = attributeNames.get(attribute.name.toLowerCase());
      if (first !== undefined) add(['attributes', i, 'name'], `${where}: the name is already used by ${first}`);
      else attributeNames.set(attribute.name.toLowerCase(), where);
    }
    if (attribute.appliesTo.length === 0) add(['attributes', i, 'appliesTo'], `${where} applies to nothing: choose entities, claims or both`);
    else if (new Set(attribute.appliesTo).size !== attribute.appliesTo.length) {
      add(['attributes', i, 'appliesTo'], `${where} lists the same kind of annotation twice`);
    }
    if (attribute.values !== undefined) {
      if (attribute.values.length === 0) {
        add(['attributes', i, 'values'], `${where} has an empty list of values: give at least one, or none at all for free text`);
      }
      const seen = new Set<string>();
      for (const value of attribute.values) {
        const badValue = nameProblem(value);
        if (badValue) {
          add(['attributes', i, 'values'], value.trim() === '' ? `${where} has an empty value` : `${where}: the value "${value}" ${badValue.replace(/^has a name with/, 'has')}`);
        } else if (seen.has(value)) add(['attributes', i, 'values'], `${where}: the value ${value} is listed twice`);
        seen.add(value);
      }
    }
  });

  (schema.documentLabels ?? []).forEach((label, i) => {
    const where = named('document label', i, label.name);
    if (label.values === undefined) {
      if (label.multiple) add(['documentLabels', i, 'multiple'], `${where} allows several values but lists none: give its values, or leave "multiple" off`);
      return;
    }
    if (label.values.length === 0) add(['documentLabels', i, 'values'], `${where} has an empty list of values: give at least one, or none at all for a label that is set or not`);
    const seen = new Set<string>();
    for (const value of label.values) {
      const badValue = nameProblem(value);
      if (badValue) {
        add(['documentLabels', i, 'values'], value.trim() === '' ? `${where} has an empty value` : `${where}: the value "${value}" ${badValue.replace(/^has a name with/, 'has')}`);
      } else if (seen.has(value)) add(['documentLabels', i, 'values'], `${where}: the value ${value} is listed twice`);
      seen.add(value);
    }
  });

  for (const [i, field, message] of findRuleProblems(schema.suggestionRules ?? [], schema.entityLabels.map((l) => l.name))) {
    add(['suggestionRules', i, field], message);
  }
  return problems;
}

/** The problems with a label schema as readable sentences; empty when it can be used. */
export function checkLabelSchema(schema: LabelSchemaLike): string[] {
  return findLabelSchemaProblems(schema).map((p) => p.message);
}

/** The attribute definitions that apply to one kind of annotation. */
export function attributesFor(schema: LabelSchemaLike, type: AttributeTarget): AttributeDefinition[] {
  return (schema.attributes ?? []).filter((a) => a.appliesTo.includes(type));
}

function label(l: Label): Label {
  return {
    name: l.name,
    ...(l.description !== undefined ? { description: l.description } : {}),
    colour: l.colour,
    ...(l.hotkey !== undefined ? { hotkey: l.hotkey } : {}),
  };
}

/**
 * The schema with its keys in a stable order (version, entityLabels,
 * claimLabels, relationTypes, attributes; within each item name first), so a
 * saved file diffs cleanly. `attributes` is always present in the result.
 */
export function normalizeLabelSchema(schema: LabelSchemaFile): LabelSchemaFile {
  return {
    version: 1,
    entityLabels: schema.entityLabels.map(label),
    claimLabels: schema.claimLabels.map(label),
    relationTypes: schema.relationTypes.map((r) => ({
      name: r.name,
      ...(r.description !== undefined ? { description: r.description } : {}),
    })),
    attributes: (schema.attributes ?? []).map((a) => ({
      name: a.name,
      ...(a.description !== undefined ? { description: a.description } : {}),
      appliesTo: ATTRIBUTE_TARGETS.filter((t) => a.appliesTo.includes(t)),
      ...(a.values !== undefined ? { values: [...a.values] } : {}),
    })),
    // Only when there are some, so schemas written before these existed save byte for byte as before.
    ...(schema.documentLabels?.length
      ? {
          documentLabels: schema.documentLabels.map((d) => ({
            name: d.name,
            ...(d.description !== undefined ? { description: d.description } : {}),
            ...(d.values !== undefined ? { values: [...d.values] } : {}),
            ...(d.multiple !== undefined ? { multiple: d.multiple } : {}),
            ...(d.hotkey !== undefined ? { hotkey: d.hotkey } : {}),
          })),
        }
      : {}),
    ...(schema.suggestionRules?.length
      ? {
          suggestionRules: schema.suggestionRules.map((r) => ({
            label: r.label,
            ...(r.words !== undefined ? { words: [...r.words] } : {}),
            ...(r.wordList !== undefined ? { wordList: r.wordList } : {}),
            ...(r.patterns !== undefined ? { patterns: [...r.patterns] } : {}),
          })),
        }
      : {}),
  };
}

/** The file's text: normalized key order, two-space indent, final newline. */
export function serializeLabelSchema(schema: LabelSchemaFile): string {
  return `${JSON.stringify(normalizeLabelSchema(schema), null, 2)}\n`;
}

export type LabelSchemaParse = { ok: true; schema: LabelSchemaFile } | { ok: false; message: string };

/** Parsed JSON checked as a label schema: its shape (zod), then checkLabelSchema. The message says what is wrong, not where the file is. */
export function parseLabelSchema(json: unknown): LabelSchemaParse {
  const parsed = LabelSchemaFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, message: describeIssues(parsed.error) };
  const problems = checkLabelSchema(parsed.data);
  if (problems.length) return { ok: false, message: problems.join('; ') };
  return { ok: true, schema: parsed.data };
}
