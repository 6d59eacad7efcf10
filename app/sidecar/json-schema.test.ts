// The published JSON Schema must never drift from the zod schema, and must
// accept every file the app accepts (it may be looser: some rules are
// cross-field and out of JSON Schema's reach).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { INVALID_SIDECAR_FIXTURES, VALID_SIDECAR_FIXTURES, readSidecarFixture } from '../../tests/fixtures/sidecars';
import { migrateToCurrent } from './migrations';
import { parseSidecar } from './sidecar-io';
import { SIDECAR_VERSION } from './sidecar-schema';
import { SIDECAR_JSON_SCHEMA_PATH, buildSidecarJsonSchema, sidecarJsonSchemaText } from './json-schema';

const committedText = readFileSync(fileURLToPath(new URL(`../../${SIDECAR_JSON_SCHEMA_PATH}`, import.meta.url)), 'utf8');
const validate = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true }).compile(JSON.parse(committedText) as object);

function parseFixtureJson(name: string): unknown {
  const text = readSidecarFixture(name);
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

describe('resources/sidecar.schema.json', () => {
  it('is exactly what the zod schema generates (run `npm run gen:schema` after changing it)', () => {
    expect(committedText).toBe(sidecarJsonSchemaText());
  });

  it('is a draft 2020-12 schema that documents the rules it cannot express', () => {
    const schema = buildSidecarJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.description).toMatch(/end > start/);
    expect(JSON.stringify(schema)).toContain('not expressible in JSON Schema');
  });

  it('does not share structure between calls (generation is pure)', () => {
    const a = buildSidecarJsonSchema();
    (a.properties as Record<string, unknown>).format = 'mutated';
    expect(sidecarJsonSchemaText()).toBe(committedText);
  });

  const current = VALID_SIDECAR_FIXTURES.filter((f) => f.version === SIDECAR_VERSION);
  const older = VALID_SIDECAR_FIXTURES.filter((f) => f.version !== SIDECAR_VERSION);

  it.each(current.map((f) => f.file))('accepts the valid fixture %s', (file) => {
    const ok = validate(parseFixtureJson(file));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it.each(older.map((f) => f.file))('describes the current version only: %s is refused as it is and accepted once migrated', (file) => {
    expect(validate(parseFixtureJson(file))).toBe(false);
    const migrated = migrateToCurrent(parseFixtureJson(file));
    if (!migrated.ok) throw new Error(migrated.message);
    const ok = validate(migrated.value);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  const malformed = INVALID_SIDECAR_FIXTURES.filter((f) => f.file !== 'invalid-not-json.annotations.json');
  /** The fixture as the current version (older files migrated, as the app reads them), so the schema judges the flaw itself. */
  const asCurrent = (file: string): unknown => {
    const migrated = migrateToCurrent(parseFixtureJson(file));
    return migrated.ok ? migrated.value : parseFixtureJson(file);
  };

  it.each(malformed.filter((f) => f.schemaRejects).map((f) => f.file))('rejects the invalid fixture %s', (file) => {
    expect(validate(asCurrent(file))).toBe(false);
  });

  it.each(malformed.filter((f) => !f.schemaRejects).map((f) => f.file))(
    'lets %s through, as documented, while parseSidecar refuses it',
    (file) => {
      expect(validate(asCurrent(file))).toBe(true);
      expect(parseSidecar(readSidecarFixture(file)).ok).toBe(false);
    },
  );

  it('agrees with the zod schema on what a valid sidecar looks like, field by field', () => {
    const base = parseFixtureJson('v3-conflicts.annotations.json') as Record<string, unknown>;
    const annotation = () => ((structuredClone(base) as { annotations: Record<string, unknown>[] }).annotations[0] ?? {});
    const variants: [string, (a: Record<string, unknown>) => void, boolean][] = [
      ['non-integer offset', (a) => (a.start = 1.5), false],
      ['unknown stance', (a) => (a.stance = 'shouted'), false],
      ['attribute that is an object', (a) => (a.attributes = { x: { y: 1 } }), false],
      ['empty label', (a) => (a.label = ''), false],
      ['missing prefix', (a) => delete a.prefix, false],
      ['boolean attribute', (a) => (a.attributes = { flag: false }), true],
      ['no optional fields', (a) => ['entity', 'attributes', 'note', 'author', 'created', 'modified', 'claimant', 'stance', 'status', 'verdict', 'fragments', 'normalizations'].forEach((k) => delete a[k]), true],
    ];
    for (const [name, mutate, expected] of variants) {
      const a = annotation();
      mutate(a);
      const { orphans: _orphans, conflicts: _conflicts, ...rest } = base;
      const doc = { ...rest, annotations: [a], relations: [] };
      expect([name, validate(doc)]).toEqual([name, expected]);
      expect([name, parseSidecar(JSON.stringify(doc)).ok]).toEqual([name, expected]);
    }
  });
});
