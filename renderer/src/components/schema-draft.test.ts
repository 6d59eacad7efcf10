import { describe, expect, it } from 'vitest';
import defaultsJson from '../../../resources/default-schema.json';
import { LabelSchemaFileSchema, normalizeLabelSchema, type LabelSchemaFile } from '../../../app/label-schema';
import {
  addAttribute,
  addDocumentLabel,
  addLabel,
  addRelationType,
  draftFromSchema,
  draftProblems,
  droppedLabelNames,
  moveRow,
  parseValues,
  problemsByRow,
  removeRow,
  schemaFromDraft,
  updateRow,
} from './schema-draft';

const defaults = LabelSchemaFileSchema.parse(defaultsJson);

describe('the schema editor draft', () => {
  it('round-trips the default schema unchanged', () => {
    expect(schemaFromDraft(draftFromSchema(defaults))).toEqual(normalizeLabelSchema(defaults));
    expect(draftProblems(draftFromSchema(defaults))).toEqual([]);
  });

  it('keeps document labels through the editor, adds one, and reports a key another label holds', () => {
    const withDocLabels: LabelSchemaFile = { ...defaults, documentLabels: [{ name: 'topic', values: ['space', 'defence'], multiple: true, hotkey: 'q' }, { name: 'opinion' }] };
    expect(schemaFromDraft(draftFromSchema(withDocLabels))).toEqual(normalizeLabelSchema(withDocLabels));
    const { draft, key } = addDocumentLabel(draftFromSchema(withDocLabels));
    expect(schemaFromDraft(draft).documentLabels?.[2]).toEqual({ name: 'new_category' });
    const clash = updateRow(draft, 'documentLabels', key, { hotkey: '1', values: 'high, low' });
    expect(schemaFromDraft(clash).documentLabels?.[2]).toEqual({ name: 'new_category', values: ['high', 'low'], hotkey: '1' });
    expect(problemsByRow(draftProblems(clash)).get('documentLabels.2')?.map((p) => p.message)).toEqual([
      'document label 3 (new_category): the key 1 is already used by entity label 1 (PERSON)',
    ]);
  });

  it('round-trips a file without attributes, with uppercase colours, as the same labels', () => {
    const old: LabelSchemaFile = { version: 1, entityLabels: [{ name: 'A', colour: '#ABCDEF' }], claimLabels: [], relationTypes: [] };
    expect(schemaFromDraft(draftFromSchema(old))).toEqual({ ...old, entityLabels: [{ name: 'A', colour: '#abcdef' }], attributes: [] });
  });

  it('trims names and values, leaves out empty descriptions and keys, turns blank values into free text', () => {
    let d = draftFromSchema(defaults);
    const person = d.entityLabels[0]!;
    d = updateRow(d, 'entityLabels', person.key, { name: '  HUMAN ', description: '  ', hotkey: '' });
    const negated = d.attributes[0]!;
    d = updateRow(d, 'attributes', negated.key, { values: ' yes ,, no , ' });
    const role = d.attributes[1]!;
    d = updateRow(d, 'attributes', role.key, { values: ' , ', claim: true });
    const s = schemaFromDraft(d);
    expect(s.entityLabels[0]).toEqual({ name: 'HUMAN', colour: '#d55e00' });
    expect(s.attributes?.[0]?.values).toEqual(['yes', 'no']);
    expect(s.attributes?.[1]).toEqual({ name: 'role', description: 'The title or role given with the mention, as written', appliesTo: ['entity', 'claim'] });
    expect(parseValues('')).toBeUndefined();
  });

  it('adds labels with an unused name, colour and the first free key', () => {
    const { draft, key } = addLabel(draftFromSchema(defaults), 'entityLabels');
    const added = draft.entityLabels.at(-1)!;
    expect(added.key).toBe(key);
    expect(added).toMatchObject({ name: 'NEW_ENTITY', colour: '#f0e442', hotkey: '8' });
    const again = addLabel(addLabel(draft, 'claimLabels').draft, 'claimLabels').draft;
    expect(again.claimLabels.map((l) => [l.name, l.hotkey])).toEqual([
      ['CLAIM', '7'],
      ['NEW_CLAIM', '9'],
      ['NEW_CLAIM_2', 'b'],
    ]);
    expect(draftProblems(again)).toEqual([]);
    expect(draftProblems(addAttribute(addRelationType(again).draft).draft)).toEqual([]);
  });

  it('moves, removes and reports problems by row', () => {
    let d = draftFromSchema(defaults);
    const [person, org] = d.entityLabels;
    d = moveRow(d, 'entityLabels', org!.key, -1);
    expect(d.entityLabels.slice(0, 2).map((l) => l.name)).toEqual(['ORG', 'PERSON']);
    expect(moveRow(d, 'entityLabels', org!.key, -1)).toBe(d);
    d = updateRow(d, 'entityLabels', person!.key, { hotkey: '2', name: 'ORG' });
    const problems = draftProblems(d);
    expect(problems.map((p) => p.path.join('.'))).toEqual(['entityLabels.1.name', 'entityLabels.1.hotkey']);
    expect([...problemsByRow(problems).keys()]).toEqual(['entityLabels.1']);
    d = removeRow(d, 'entityLabels', person!.key);
    expect(draftProblems(d)).toEqual([]);
    expect(droppedLabelNames(defaults, schemaFromDraft(d))).toEqual(['PERSON']);
    for (const l of d.entityLabels) d = removeRow(d, 'entityLabels', l.key);
    expect(problemsByRow(draftProblems(d)).get('entityLabels')?.[0]?.message).toBe('there must be at least one entity label');
  });
});
