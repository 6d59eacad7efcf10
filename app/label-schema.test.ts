import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LABEL_HOTKEYS,
  LabelSchemaFileSchema,
  RESERVED_KEYS,
  attributesFor,
  checkLabelSchema,
  findLabelSchemaProblems,
  normalizeLabelSchema,
  parseLabelSchema,
  serializeLabelSchema,
  type LabelSchemaFile,
} from './label-schema';

const defaultsJson = JSON.parse(readFileSync(join(import.meta.dirname, '../resources/default-schema.json'), 'utf8')) as unknown;

function schema(overrides: Partial<LabelSchemaFile> = {}): LabelSchemaFile {
  return {
    version: 1,
    entityLabels: [
      { name: 'PERSON', colour: '#e6550d', hotkey: '1' },
      { name: 'ORG', colour: '#3182bd', hotkey: '2' },
    ],
    claimLabels: [{ name: 'CLAIM', colour: '#636363', hotkey: '7' }],
    relationTypes: [{ name: 'member-of' }],
    attributes: [{ name: 'negated', appliesTo: ['claim'], values: ['yes', 'no'] }],
    ...overrides,
  };
}

describe('the default schema', () => {
  it('is valid in shape and meaning, with the documented keys', () => {
    const parsed = parseLabelSchema(defaultsJson);
    expect(parsed).toMatchObject({ ok: true });
    if (!parsed.ok) return;
    const keys = [...parsed.schema.entityLabels, ...parsed.schema.claimLabels].map((l) => `${l.name} ${l.hotkey}`);
    expect(keys).toEqual(['PERSON 1', 'ORG 2', 'GPE 3', 'LOC 4', 'DATE 5', 'MISC 6', 'CLAIM 7']);
    expect(parsed.schema.relationTypes.map((r) => r.name)).toEqual(['member-of', 'located-in', 'said-by', 'same-as', 'supports', 'refutes']);
    expect(attributesFor(parsed.schema, 'claim').map((a) => a.name)).toContain('negated');
  });

  it('is already in the normalized key order', () => {
    const parsed = LabelSchemaFileSchema.parse(defaultsJson);
    expect(JSON.stringify(normalizeLabelSchema(parsed))).toBe(JSON.stringify(defaultsJson));
  });
});

describe('LabelSchemaFileSchema', () => {
  it('accepts a version 1 file written before attributes existed', () => {
    const old = { version: 1, entityLabels: [{ name: 'SHIP', colour: '#123456' }], claimLabels: [], relationTypes: [] };
    expect(LabelSchemaFileSchema.parse(old)).toEqual(old);
    expect(checkLabelSchema(old)).toEqual([]);
  });

  it('refuses attribute definitions of the wrong shape', () => {
    for (const attributes of [
      [{ name: 'x', appliesTo: [] }],
      [{ name: 'x', appliesTo: ['relation'] }],
      [{ name: 'x', appliesTo: ['entity'], values: [] }],
      [{ name: 'x', appliesTo: ['entity'], values: [''] }],
      [{ name: '', appliesTo: ['entity'] }],
      [{ name: 'x', appliesTo: ['entity'], extra: 1 }],
    ]) {
      expect(LabelSchemaFileSchema.safeParse({ ...schema(), attributes }).success, JSON.stringify(attributes)).toBe(false);
    }
  });
});

describe('RESERVED_KEYS and LABEL_HOTKEYS', () => {
  it('reserves the keyboard workflow keys and leaves 1-9 and the other letters to labels', () => {
    // Generated from the keymap: the single keys bound where label hotkeys act.
    expect(RESERVED_KEYS).toEqual([',', '.', '/', '?', '[', ']', 'a', 'c', 'd', 'e', 'j', 'k', 'n', 'p', 'r', 's']);
    expect(LABEL_HOTKEYS.join('')).toBe('123456789bfghilmoqtuvwxyz');
  });
});

describe('checkLabelSchema', () => {
  it('finds nothing wrong with a good schema', () => {
    expect(checkLabelSchema(schema())).toEqual([]);
  });

  it('finds label names used twice across entity and claim labels, ignoring case', () => {
    const s = schema({ claimLabels: [{ name: 'person', colour: '#000000' }] });
    expect(findLabelSchemaProblems(s)).toEqual([
      { path: ['claimLabels', 0, 'name'], message: 'claim label 1 (person): the name is already used by entity label 1 (PERSON)' },
    ]);
  });

  it('finds duplicate hotkeys', () => {
    const s = schema({ claimLabels: [{ name: 'CLAIM', colour: '#000000', hotkey: '2' }] });
    expect(findLabelSchemaProblems(s)).toEqual([
      { path: ['claimLabels', 0, 'hotkey'], message: 'claim label 1 (CLAIM): the key 2 is already used by entity label 2 (ORG)' },
    ]);
  });

  it('refuses every reserved key as a hotkey, and accepts every other key', () => {
    for (const key of RESERVED_KEYS.filter((k) => /^[a-z]$/.test(k))) {
      const problems = findLabelSchemaProblems(schema({ claimLabels: [{ name: 'CLAIM', colour: '#000000', hotkey: key }] }));
      expect(problems).toHaveLength(1);
      expect(problems[0]?.path).toEqual(['claimLabels', 0, 'hotkey']);
      expect(problems[0]?.message).toContain(`the key ${key} is reserved`);
    }
    for (const key of LABEL_HOTKEYS.filter((k) => k !== '1' && k !== '2')) {
      expect(checkLabelSchema(schema({ claimLabels: [{ name: 'CLAIM', colour: '#000000', hotkey: key }] }))).toEqual([]);
    }
  });

  it('finds keys that are not 1-9 or a-z in a draft', () => {
    expect(checkLabelSchema(schema({ claimLabels: [{ name: 'CLAIM', colour: '#000000', hotkey: 'Q' }] }))).toEqual([
      'claim label 1 (CLAIM): the key must be one of 1-9 or a-z',
    ]);
  });

  it('finds empty names and names exports cannot keep', () => {
    const s = schema({
      entityLabels: [
        { name: '', colour: '#000000' },
        { name: 'TWO WORDS', colour: '#000000' },
        { name: 'a,b', colour: '#000000' },
      ],
    });
    expect(findLabelSchemaProblems(s).map((p) => [p.path.join('.'), p.message])).toEqual([
      ['entityLabels.0.name', 'entity label 1 has no name'],
      ['entityLabels.1.name', "entity label 2 (TWO WORDS) has a name with characters exports cannot keep: use letters, digits, '_', '-' and '.' only (no spaces)"],
      ['entityLabels.2.name', "entity label 3 (a,b) has a name with characters exports cannot keep: use letters, digits, '_', '-' and '.' only (no spaces)"],
    ]);
  });

  it('accepts names in any script, with combining marks, digits, _ - .', () => {
    const names = ['인물', '人物', 'ПЕРСОНА', 'شخص', 'व्यक्ति', 'Võ', 'B-2_x.y', 'E\u0301'];
    const s = schema({ entityLabels: names.map((name) => ({ name, colour: '#000000' })), claimLabels: [] });
    expect(checkLabelSchema(s)).toEqual([]);
  });

  it('finds a missing entity label and a bad colour in a draft', () => {
    expect(checkLabelSchema(schema({ entityLabels: [], claimLabels: [{ name: 'C', colour: 'red' }] }))).toEqual([
      'there must be at least one entity label',
      'claim label 1 (C): the colour must look like #1f77b4',
    ]);
  });

  it('finds duplicate and badly named relation types', () => {
    const s = schema({ relationTypes: [{ name: 'member-of' }, { name: 'Member-Of' }, { name: 'works for' }, { name: '' }] });
    expect(findLabelSchemaProblems(s).map((p) => p.path.join('.'))).toEqual(['relationTypes.1.name', 'relationTypes.2.name', 'relationTypes.3.name']);
    expect(checkLabelSchema(s)[0]).toBe('relation type 2 (Member-Of): the name is already used by relation type 1 (member-of)');
  });

  it('finds problems in attribute definitions', () => {
    const s = schema({
      attributes: [
        { name: 'negated', appliesTo: ['claim'], values: ['yes', 'no', 'yes'] },
        { name: 'negated', appliesTo: [], values: [] },
        { name: 'ok', appliesTo: ['entity', 'entity'], values: ['very sure', ''] },
      ],
    });
    expect(checkLabelSchema(s)).toEqual([
      'attribute 1 (negated): the value yes is listed twice',
      'attribute 2 (negated): the name is already used by attribute 1 (negated)',
      'attribute 2 (negated) applies to nothing: choose entities, claims or both',
      'attribute 2 (negated) has an empty list of values: give at least one, or none at all for free text',
      'attribute 3 (ok) lists the same kind of annotation twice',
      `attribute 3 (ok): the value "very sure" has characters exports cannot keep: use letters, digits, '_', '-' and '.' only (no spaces)`,
      'attribute 3 (ok) has an empty value',
    ]);
  });
});

describe('parseLabelSchema', () => {
  it('says what is wrong with the shape, then with the meaning', () => {
    expect(parseLabelSchema({ version: 2 })).toMatchObject({ ok: false, message: expect.stringContaining('version') });
    const clash = { ...schema(), claimLabels: [{ name: 'CLAIM', colour: '#000000', hotkey: 's' }] };
    expect(parseLabelSchema(clash)).toEqual({ ok: false, message: expect.stringContaining('the key s is reserved') });
  });
});

describe('serializeLabelSchema', () => {
  it('writes keys in a stable order, two-space indent, final newline, attributes always present', () => {
    const messy = {
      relationTypes: [{ description: 'd', name: 'r' }],
      claimLabels: [],
      entityLabels: [{ hotkey: '1', colour: '#000000', description: 'x', name: 'A' }],
      version: 1,
    } as LabelSchemaFile;
    const text = serializeLabelSchema(messy);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toBe(
      `${JSON.stringify(
        {
          version: 1,
          entityLabels: [{ name: 'A', description: 'x', colour: '#000000', hotkey: '1' }],
          claimLabels: [],
          relationTypes: [{ name: 'r', description: 'd' }],
          attributes: [],
        },
        null,
        2,
      )}\n`,
    );
    expect(normalizeLabelSchema({ ...messy, attributes: [{ name: 'n', appliesTo: ['claim', 'entity'] }] }).attributes).toEqual([
      { name: 'n', appliesTo: ['entity', 'claim'] },
    ]);
  });
});

describe('document labels', () => {
  it('are optional: a schema without them is valid and saves without the key', () => {
    expect(parseLabelSchema(schema())).toMatchObject({ ok: true });
    expect(serializeLabelSchema(schema())).not.toContain('documentLabels');
  });

  it('load, normalise and save with their values, multiple flag and key', () => {
    const s = schema({ documentLabels: [{ hotkey: 't', multiple: true, values: ['space', 'defence'], name: 'topic' }, { name: 'opinion' }] });
    expect(parseLabelSchema(JSON.parse(serializeLabelSchema(s)))).toMatchObject({ ok: true, schema: { documentLabels: [{ name: 'topic', values: ['space', 'defence'], multiple: true, hotkey: 't' }, { name: 'opinion' }] } });
    expect(Object.keys(normalizeLabelSchema(s).documentLabels?.[0] ?? {})).toEqual(['name', 'values', 'multiple', 'hotkey']);
  });

  it("share hotkeys with span labels and the app's reserved keys, but not names", () => {
    const reserved = RESERVED_KEYS.find((k) => /[a-z]/.test(k)) as string;
    expect(checkLabelSchema(schema({ documentLabels: [{ name: 'topic', hotkey: '1' }] }))).toEqual(['document label 1 (topic): the key 1 is already used by entity label 1 (PERSON)']);
    expect(checkLabelSchema(schema({ documentLabels: [{ name: 'topic', hotkey: reserved }] }))[0]).toMatch(`the key ${reserved} is reserved`);
    expect(checkLabelSchema(schema({ documentLabels: [{ name: 'PERSON' }] }))).toEqual([]);
    expect(checkLabelSchema(schema({ documentLabels: [{ name: 'topic' }, { name: 'Topic' }] }))).toEqual(['document label 2 (Topic): the name is already used by document label 1 (topic)']);
  });

  it('report bad values and a multiple label without values', () => {
    expect(checkLabelSchema(schema({ documentLabels: [{ name: 'topic', values: ['a b', 'x', 'x'] }] }))).toEqual([
      'document label 1 (topic): the value "a b" has characters exports cannot keep: use letters, digits, \'_\', \'-\' and \'.\' only (no spaces)',
      'document label 1 (topic): the value x is listed twice',
    ]);
    expect(checkLabelSchema(schema({ documentLabels: [{ name: 'topic', multiple: true }] }))[0]).toMatch('allows several values but lists none');
  });
});
