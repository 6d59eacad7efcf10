// Migrations are pure functions from one version's JSON to the next: old
// files must always load, and a migration never changes its input.
import { describe, expect, it } from 'vitest';
import { VALID_SIDECAR_FIXTURES, readSidecarFixture } from '../../tests/fixtures/sidecars';
import { migrateToCurrent, migrateV1toV2, migrateV2toV3, migrations } from './migrations';
import { SIDECAR_VERSION, SidecarSchema } from './sidecar-schema';

function fixtureJson(file: string): Record<string, unknown> {
  const text = readSidecarFixture(file);
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as Record<string, unknown>;
}

describe('migrations', () => {
  it('has one step for every version before the current one', () => {
    for (let v = 1; v < SIDECAR_VERSION; v++) expect(typeof migrations[v]).toBe('function');
    expect(migrations[SIDECAR_VERSION]).toBeUndefined();
  });

  it('v1 -> v2 sets the version, keeps every other field and leaves its input alone', () => {
    const v1 = fixtureJson('v1-full.annotations.json');
    const before = structuredClone(v1);
    const v2 = migrateV1toV2(v1);
    expect(v1).toEqual(before);
    expect(v2).toEqual({ ...before, version: 2 });
    expect(v2).not.toHaveProperty('orphans');
    // Valid once the later steps ran (only the current version has a schema).
    expect(SidecarSchema.safeParse({ ...(v2 as Record<string, unknown>), version: SIDECAR_VERSION }).success).toBe(true);
  });

  it('v2 -> v3 sets the version, keeps every other field, and refuses a version 2 file holding "conflicts"', () => {
    const v2 = fixtureJson('v2-orphans.annotations.json');
    const before = structuredClone(v2);
    const v3 = migrateV2toV3(v2);
    expect(v2).toEqual(before);
    expect(v3).toEqual({ ...before, version: 3 });
    expect(SidecarSchema.safeParse(v3).success).toBe(true);
    expect(migrateV2toV3({ ...v2, conflicts: [] })).toMatch(/"conflicts" is not a field of version 2 files/);
  });

  it('v1 -> v2 refuses a version 1 file that already holds "orphans" (never valid in version 1)', () => {
    expect(migrateV1toV2({ ...fixtureJson('v1-minimal.annotations.json'), orphans: [] })).toMatch(/not a field of version 1/);
    expect(migrateToCurrent({ ...fixtureJson('v1-minimal.annotations.json'), orphans: [] })).toEqual({
      ok: false,
      message: 'cannot migrate from version 1: "orphans" is not a field of version 1 files (it was added in version 2)',
    });
  });

  it.each(VALID_SIDECAR_FIXTURES.filter((f) => f.version < SIDECAR_VERSION).map((f) => f.file))(
    'brings %s to the current version, valid under the current schema',
    (file) => {
      const result = migrateToCurrent(fixtureJson(file));
      if (!result.ok) throw new Error(result.message);
      expect(result.fromVersion).toBe(VALID_SIDECAR_FIXTURES.find((f) => f.file === file)?.version);
      expect(result.value.version).toBe(SIDECAR_VERSION);
      expect(SidecarSchema.safeParse(result.value).success).toBe(true);
    },
  );

  it('leaves a current file as it is', () => {
    const current = fixtureJson('v3-conflicts.annotations.json');
    expect(migrateToCurrent(current)).toEqual({ ok: true, value: current, fromVersion: SIDECAR_VERSION });
  });
});
