import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyRegistry, parseEntityRegistry, renameEntity, serializeEntityRegistry, type Entity, type EntityRegistry } from '../entity-registry';
import { parseLabelSchema, type LabelSchemaFile } from '../label-schema';
import { mergeLabelSchemas } from './merge-label-schema';
import { mergeRegistries } from './merge-registry';

function defaultLabelSchemaForTests(): LabelSchemaFile {
  const r = parseLabelSchema(JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/default-schema.json'), 'utf8')));
  if (!r.ok) throw new Error(r.message);
  return r.schema;
}

const ent = (id: string, name: string, more: Partial<Entity> = {}): Entity => ({ id, name, label: 'PERSON', aliases: [], ...more });
const reg = (...entities: Entity[]): EntityRegistry => ({ ...emptyRegistry(), entities });
const valid = (r: EntityRegistry) => {
  const back = parseEntityRegistry(serializeEntityRegistry(r));
  if (!back.ok) throw new Error(back.message);
  return back.registry;
};

describe('mergeRegistries', () => {
  it('keeps entities added on either side and changes made to different fields of one entity', () => {
    const base = reg(ent('e1', 'Kishida'));
    const ours = reg(ent('e1', 'Kishida', { externalIds: { wikidata: 'Q1' } }), ent('e2', 'JAXA', { label: 'ORG' }));
    const theirs = reg(ent('e1', 'Kishida', { note: 'PM' }), ent('e3', 'Tokyo', { label: 'GPE' }));
    const m = mergeRegistries(base, ours, theirs);
    expect(valid(m.registry).entities.map((e) => e.id).sort()).toEqual(['e1', 'e2', 'e3']);
    expect(m.registry.entities.find((e) => e.id === 'e1')).toEqual(ent('e1', 'Kishida', { externalIds: { wikidata: 'Q1' }, note: 'PM' }));
    expect(m.conflicts).toEqual([]);
  });

  it('a rename on one side is taken; renamed differently on both sides keeps ours and turns theirs into an alias, reported', () => {
    const base = reg(ent('e1', 'Fumio Kishida'));
    const one = mergeRegistries(base, renameEntity(base, 'e1', 'Kishida Fumio'), base);
    expect(one.registry.entities[0]).toEqual(ent('e1', 'Kishida Fumio', { aliases: ['Fumio Kishida'] }));
    const both = mergeRegistries(base, renameEntity(base, 'e1', 'Kishida Fumio'), renameEntity(base, 'e1', '岸田文雄'));
    expect(valid(both.registry).entities[0]).toEqual(ent('e1', 'Kishida Fumio', { aliases: ['Fumio Kishida', '岸田文雄'] }));
    expect(both.conflicts).toEqual(['entity e1 ("Kishida Fumio"): renamed on both sides ("Kishida Fumio" kept, "岸田文雄" added as an alias)']);
  });

  it('merges aliases as sets, and keeps an entity deleted on one side but changed on the other', () => {
    const base = reg(ent('e1', 'A', { aliases: ['x', 'y'] }), ent('e2', 'B'));
    const ours = reg(ent('e1', 'A', { aliases: ['x', 'y', 'z'] }));
    const theirs = reg(ent('e1', 'A', { aliases: ['y'] }), ent('e2', 'B', { label: 'ORG' }));
    const m = mergeRegistries(base, ours, theirs);
    expect(m.registry.entities).toEqual([ent('e1', 'A', { aliases: ['y', 'z'] }), ent('e2', 'B', { label: 'ORG' })]);
    expect(m.conflicts).toEqual(['entity e2 ("B"): deleted by ours and changed by theirs: kept']);
  });
});

describe('mergeLabelSchemas', () => {
  it('keeps labels added on both sides, and takes a hotkey away from theirs when ours uses it', () => {
    const base = defaultLabelSchemaForTests();
    const ours = { ...base, entityLabels: [...base.entityLabels, { name: 'WEAPON', colour: '#112233', hotkey: 'b' }] };
    const theirs = { ...base, entityLabels: [...base.entityLabels, { name: 'VEHICLE', colour: '#445566', hotkey: 'b' }] };
    const m = mergeLabelSchemas(base, ours, theirs);
    expect(m.schema.entityLabels.slice(-2)).toEqual([
      { name: 'WEAPON', colour: '#112233', hotkey: 'b' },
      { name: 'VEHICLE', colour: '#445566' },
    ]);
    expect(m.conflicts).toEqual(['label VEHICLE: its hotkey "b" is WEAPON\'s here, so it has none now']);
  });

  it('reports a label changed differently on both sides, ours kept', () => {
    const base = defaultLabelSchemaForTests();
    const recolour = (c: string) => ({ ...base, entityLabels: base.entityLabels.map((l, i) => (i === 0 ? { ...l, colour: c } : l)) });
    const m = mergeLabelSchemas(base, recolour('#000001'), recolour('#000002'));
    expect(m.schema.entityLabels[0]?.colour).toBe('#000001');
    expect(m.conflicts).toEqual([`entity label ${base.entityLabels[0]?.name}: changed on both sides: ours' version kept`]);
  });
});
