import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ENTITY_REGISTRY_FORMAT,
  EntityRegistryError,
  addAlias,
  addEntity,
  createEntityFromMention,
  emptyRegistry,
  findEntitiesMatching,
  findEntity,
  newEntityId,
  normalizeName,
  parseEntityRegistry,
  removeAlias,
  removeEntity,
  renameEntity,
  serializeEntityRegistry,
  setEntityLabel,
  setEntityNote,
  setExternalId,
  type Entity,
  type EntityRegistry,
} from './entity-registry';

function entity(over: Partial<Entity> = {}): Entity {
  return { id: 'e_1', name: 'Chance Saltzman', label: 'PERSON', aliases: [], ...over };
}

function registry(...entities: Entity[]): EntityRegistry {
  return { ...emptyRegistry(), entities };
}

function failure(text: string): string {
  const r = parseEntityRegistry(text);
  if (r.ok) throw new Error('expected a parse failure');
  return r.message;
}

// ---- arbitraries ------------------------------------------------------------------

const idArb = fc.string({ unit: fc.constantFrom(...'abcdefxyz_019'), minLength: 1, maxLength: 6 });
const textArb = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0);
const entityArb: fc.Arbitrary<Omit<Entity, 'id'>> = fc.record(
  {
    name: textArb,
    label: fc.constantFrom('PERSON', 'ORG', 'GPE', 'weird label ✓'),
    aliases: fc.array(textArb, { maxLength: 4 }),
    externalIds: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim().length > 0), textArb, { maxKeys: 3 }),
    note: fc.string({ maxLength: 20 }),
  },
  { requiredKeys: ['name', 'label', 'aliases'] },
);
const registryArb: fc.Arbitrary<EntityRegistry> = fc
  .uniqueArray(idArb, { maxLength: 8 })
  .chain((ids) => fc.tuple(...ids.map((id) => entityArb.map((e): Entity => ({ id, ...e })))))
  .map((entities) => registry(...entities));

describe('parse and serialize', () => {
  it('round-trips any valid registry, and serializing is idempotent and order-independent', () => {
    fc.assert(
      fc.property(registryArb, (r) => {
        const text = serializeEntityRegistry(r);
        const parsed = parseEntityRegistry(text);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const byId = (a: Entity, b: Entity) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
        expect(parsed.registry.entities).toEqual([...r.entities].sort(byId));
        expect(serializeEntityRegistry(parsed.registry)).toBe(text);
        expect(serializeEntityRegistry({ ...r, entities: [...r.entities].reverse() })).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('writes entities sorted by id with a stable key order, two-space indent and a final newline', () => {
    const r = registry(
      { note: 'n', externalIds: { wikidata: 'Q1', gnd: '7' }, aliases: ['Saltzman'], label: 'PERSON', name: 'Chance Saltzman', id: 'e_b' },
      { label: 'GPE', name: 'Japan', id: 'e_a', aliases: [] },
    );
    expect(serializeEntityRegistry(r)).toBe(
      [
        '{',
        '  "format": "marginalia-entities",',
        '  "version": 1,',
        '  "entities": [',
        '    {',
        '      "id": "e_a",',
        '      "name": "Japan",',
        '      "label": "GPE",',
        '      "aliases": []',
        '    },',
        '    {',
        '      "id": "e_b",',
        '      "name": "Chance Saltzman",',
        '      "label": "PERSON",',
        '      "aliases": [',
        '        "Saltzman"',
        '      ],',
        '      "externalIds": {',
        '        "gnd": "7",',
        '        "wikidata": "Q1"',
        '      },',
        '      "note": "n"',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('accepts a leading BOM', () => {
    const r = parseEntityRegistry(`\uFEFF${serializeEntityRegistry(registry(entity()))}`);
    expect(r.ok && r.registry.entities[0]?.name).toBe('Chance Saltzman');
  });

  it('never throws, and says what is wrong', () => {
    expect(failure('{')).toMatch(/^not valid JSON/);
    expect(failure('[]')).toMatch(/expected a JSON object/);
    expect(failure('null')).toMatch(/expected a JSON object/);
    expect(failure('{"format":"marginalia-annotations","version":1,"entities":[]}')).toContain('"marginalia-annotations"');
    expect(failure(`{"format":"${ENTITY_REGISTRY_FORMAT}","version":7,"entities":[]}`)).toMatch(/newer version.*7/);
    const dup = JSON.stringify(registry(entity(), entity({ name: 'Other' })));
    expect(failure(dup)).toContain('entity id "e_1" is used twice');
    expect(failure(JSON.stringify(registry(entity({ name: '  ' }))))).toMatch(/entities\.0\.name: the name must not be empty/);
    expect(failure(JSON.stringify(registry({ ...entity(), extra: 1 } as Entity)))).toMatch(/entities\.0/);
    expect(failure(JSON.stringify(registry(entity({ id: 'has space' }))))).toMatch(/no spaces/);
    expect(failure(JSON.stringify({ format: ENTITY_REGISTRY_FORMAT, version: 1 }))).toMatch(/entities/);
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(() => parseEntityRegistry(s)).not.toThrow();
      }),
    );
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(() => parseEntityRegistry(JSON.stringify(v))).not.toThrow();
      }),
    );
  });
});

describe('operations', () => {
  it('creates an entity from a mention with a fresh e_ id and a normalised name', () => {
    const r = registry(entity());
    const e = createEntityFromMention('  Chance\n  Saltzman ', 'PERSON', r);
    expect(e).toEqual({ id: expect.stringMatching(/^e_[0-9a-z]{10}$/), name: 'Chance Saltzman', label: 'PERSON', aliases: [] });
    expect(e.id).not.toBe('e_1');
    // Decomposed "Tú" (u + U+0301) is stored composed.
    expect(createEntityFromMention('Võ Thanh Tu\u0301', 'PERSON').name).toBe('Võ Thanh Tú');
    expect(() => createEntityFromMention('   ', 'PERSON')).toThrow(EntityRegistryError);
    expect(() => createEntityFromMention('x', ' ')).toThrow(EntityRegistryError);
    const added = addEntity(r, e);
    expect(added.entities.map((x) => x.id)).toEqual(['e_1', e.id]);
    expect(addEntity(added, e)).toBe(added);
  });

  it('newEntityId avoids the ids taken', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) ids.add(newEntityId(ids));
    expect(ids.size).toBe(200);
    const taken = { calls: 0, has() { return this.calls++ < 3; } };
    expect(newEntityId(taken)).toMatch(/^e_/);
    expect(taken.calls).toBe(4);
  });

  it('rename keeps the old name as an alias and drops the new one from the aliases', () => {
    const r = registry(entity({ aliases: ['Gen. Saltzman', 'Saltzman'] }));
    const renamed = renameEntity(r, 'e_1', ' Saltzman ');
    expect(findEntity(renamed, 'e_1')).toEqual(entity({ name: 'Saltzman', aliases: ['Gen. Saltzman', 'Chance Saltzman'] }));
    expect(r.entities[0]?.name).toBe('Chance Saltzman'); // not mutated
    expect(renameEntity(r, 'e_1', 'Chance  Saltzman')).toBe(r);
    expect(renameEntity(r, 'nope', 'X')).toBe(r);
    expect(() => renameEntity(r, 'e_1', '')).toThrow(EntityRegistryError);
    // Renaming back does not duplicate aliases.
    const back = renameEntity(renamed, 'e_1', 'Chance Saltzman');
    expect(findEntity(back, 'e_1')?.aliases).toEqual(['Gen. Saltzman', 'Saltzman']);
  });

  it('adds and removes aliases without duplicates or the name', () => {
    const r = registry(entity());
    const a = addAlias(r, 'e_1', ' 찬스 살츠만 ');
    expect(findEntity(a, 'e_1')?.aliases).toEqual(['찬스 살츠만']);
    expect(addAlias(a, 'e_1', '찬스 살츠만')).toBe(a);
    expect(addAlias(a, 'e_1', 'Chance Saltzman')).toBe(a);
    expect(addAlias(a, 'e_1', '  ')).toBe(a);
    expect(addAlias(a, 'missing', 'x')).toBe(a);
    expect(findEntity(removeAlias(a, 'e_1', '찬스 살츠만'), 'e_1')?.aliases).toEqual([]);
    expect(removeAlias(a, 'e_1', 'not there')).toBe(a);
  });

  it('sets and removes external ids, labels and notes', () => {
    const r = registry(entity());
    const w = setExternalId(r, 'e_1', 'wikidata', ' Q123 ');
    expect(findEntity(w, 'e_1')?.externalIds).toEqual({ wikidata: 'Q123' });
    expect(setExternalId(w, 'e_1', 'wikidata', 'Q123')).toBe(w);
    const cleared = setExternalId(w, 'e_1', 'wikidata', '');
    expect(findEntity(cleared, 'e_1')).toEqual(entity());
    expect('externalIds' in (findEntity(cleared, 'e_1') ?? {})).toBe(false);
    expect(setExternalId(r, 'e_1', 'wikidata', undefined)).toBe(r);
    expect(() => setExternalId(r, 'e_1', ' ', 'Q1')).toThrow(EntityRegistryError);
    expect(findEntity(setEntityLabel(r, 'e_1', 'ORG'), 'e_1')?.label).toBe('ORG');
    expect(setEntityLabel(r, 'e_1', 'PERSON')).toBe(r);
    const noted = setEntityNote(r, 'e_1', 'Chief of Space Operations');
    expect(findEntity(noted, 'e_1')?.note).toBe('Chief of Space Operations');
    expect(findEntity(setEntityNote(noted, 'e_1', ''), 'e_1')).toEqual(entity());
  });

  it('removes an entity', () => {
    const r = registry(entity(), entity({ id: 'e_2', name: 'Japan', label: 'GPE' }));
    expect(removeEntity(r, 'e_1').entities.map((e) => e.id)).toEqual(['e_2']);
    expect(removeEntity(r, 'e_9')).toBe(r);
  });

  it('keeps every registry valid: any sequence of operations serializes to a file that parses back', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('create' as const), name: textArb, label: fc.constantFrom('PERSON', 'ORG') }),
      fc.record({ kind: fc.constant('rename' as const), i: fc.nat(), name: textArb }),
      fc.record({ kind: fc.constant('alias' as const), i: fc.nat(), name: textArb }),
      fc.record({ kind: fc.constant('unalias' as const), i: fc.nat(), j: fc.nat() }),
      fc.record({ kind: fc.constant('xid' as const), i: fc.nat(), key: fc.constantFrom('wikidata', 'viaf'), value: fc.option(textArb) }),
      fc.record({ kind: fc.constant('remove' as const), i: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        let r = emptyRegistry();
        for (const o of ops) {
          const target = r.entities.length ? r.entities[('i' in o ? o.i : 0) % r.entities.length] : undefined;
          try {
            if (o.kind === 'create') r = addEntity(r, createEntityFromMention(o.name, o.label, r));
            else if (!target) continue;
            else if (o.kind === 'rename') r = renameEntity(r, target.id, o.name);
            else if (o.kind === 'alias') r = addAlias(r, target.id, o.name);
            else if (o.kind === 'unalias') r = removeAlias(r, target.id, target.aliases[o.j % Math.max(1, target.aliases.length)] ?? '');
            else if (o.kind === 'xid') r = setExternalId(r, target.id, o.key, o.value ?? undefined);
            else r = removeEntity(r, target.id);
          } catch (e) {
            // Only names that normalise to nothing (e.g. all white space) are refused.
            expect(e).toBeInstanceOf(EntityRegistryError);
          }
        }
        const back = parseEntityRegistry(serializeEntityRegistry(r));
        expect(back.ok).toBe(true);
        for (const e of r.entities) {
          expect(new Set(e.aliases.map(normalizeName)).size).toBe(e.aliases.length);
          expect(e.aliases.map(normalizeName)).not.toContain(normalizeName(e.name));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('findEntitiesMatching', () => {
  const saltzman = entity({ aliases: ['찬스 살츠만', 'Gen. Saltzman'] });
  const kihara = entity({ id: 'e_2', name: 'Minoru Kihara', aliases: ['木原稔'] });
  const japan = entity({ id: 'e_3', name: 'Japan', label: 'GPE', aliases: ['日本'] });
  const jaxa = entity({ id: 'e_4', name: 'JAXA', label: 'ORG', aliases: ['Japan Aerospace Exploration Agency'] });
  const r = registry(saltzman, kihara, japan, jaxa);
  const names = (text: string, options?: { label?: string; limit?: number }) =>
    findEntitiesMatching(r, text, options).map((m) => m.entity.name);

  it('matches the beginning of names and aliases, case-insensitively', () => {
    expect(names('chance')).toEqual(['Chance Saltzman']);
    expect(names('CHANCE SALTZMAN')).toEqual(['Chance Saltzman']);
    expect(names('gen. s')).toEqual(['Chance Saltzman']);
    expect(names('찬스')).toEqual(['Chance Saltzman']);
    expect(names('木原')).toEqual(['Minoru Kihara']);
    expect(names('zzz')).toEqual([]);
    expect(names('   ')).toEqual([]);
  });

  it('matches the beginning of a later word', () => {
    expect(names('saltz')).toEqual(['Chance Saltzman']);
    expect(names('kihara')).toEqual(['Minoru Kihara']);
    const [m] = findEntitiesMatching(r, 'saltzman');
    expect(m).toMatchObject({ kind: 'word', via: 'name' });
  });

  it('normalises to NFC and folds white space on both sides', () => {
    const tu = registry(entity({ id: 'e_t', name: 'Võ Thanh Tú' }));
    expect(findEntitiesMatching(tu, 'vo\u0303 thanh tu\u0301')).toHaveLength(1);
    expect(findEntitiesMatching(tu, 'Võ\n  Thanh')).toHaveLength(1);
    const decomposed = registry(entity({ id: 'e_d', name: 'Tu\u0301 Anh' }));
    expect(findEntitiesMatching(decomposed, 'tú')).toHaveLength(1);
  });

  it('ranks exact, then prefix, then word matches; names before aliases; the wanted label first', () => {
    const found = findEntitiesMatching(r, 'japan');
    expect(found.map((m) => [m.entity.name, m.kind, m.via])).toEqual([
      ['Japan', 'exact', 'name'],
      ['JAXA', 'prefix', 'alias'],
    ]);
    const twins = registry(entity({ id: 'e_a', name: 'Mercury', label: 'LOC' }), entity({ id: 'e_b', name: 'Mercury', label: 'ORG' }));
    expect(findEntitiesMatching(twins, 'merc', { label: 'ORG' }).map((m) => m.entity.id)).toEqual(['e_b', 'e_a']);
    expect(findEntitiesMatching(twins, 'merc', { label: 'LOC' }).map((m) => m.entity.id)).toEqual(['e_a', 'e_b']);
    expect(names('j', { limit: 1 })).toEqual(['Japan']);
  });
});
