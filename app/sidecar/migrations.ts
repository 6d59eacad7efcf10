// Sidecar migrations: pure functions from one version's JSON to the next.
// Each step takes the parsed JSON of version N and returns version N+1.
// Old files must always load; a file from a newer version than this build
// knows is refused with a clear message, never rewritten.
import { SIDECAR_FORMAT, SIDECAR_VERSION } from './sidecar-schema';

/**
 * One step: returns the next version's JSON (a new object; the input is not
 * changed), or a string saying why this file cannot be migrated.
 */
export type Migration = (doc: Record<string, unknown>) => Record<string, unknown> | string;

/**
 * Version 1 to 2: version 2 adds the optional top-level `orphans` array
 * (annotations re-anchoring could not place). A version 1 file has none, so
 * the step sets the version and leaves everything else as it is; a version 1
 * file that already holds an `orphans` key was never valid and is refused
 * rather than silently upgraded into a valid file.
 */
export function migrateV1toV2(doc: Record<string, unknown>): Record<string, unknown> | string {
  if (Object.prototype.hasOwnProperty.call(doc, 'orphans')) {
    return '"orphans" is not a field of version 1 files (it was added in version 2)';
  }
  return { ...doc, version: 2 };
}

/**
 * Version 2 to 3: version 3 adds the optional top-level `conflicts` array
 * (what a three-way merge left undecided). Same rule as the previous step: a
 * version 2 file holding the key is refused, not upgraded.
 */
export function migrateV2toV3(doc: Record<string, unknown>): Record<string, unknown> | string {
  if (Object.prototype.hasOwnProperty.call(doc, 'conflicts')) {
    return '"conflicts" is not a field of version 2 files (it was added in version 3)';
  }
  return { ...doc, version: 3 };
}

/** migrations[n] turns version n into version n + 1. Version 1 is the first published format. */
export const migrations: Readonly<Record<number, Migration>> = { 1: migrateV1toV2, 2: migrateV2toV3 };

export type MigrationResult =
  | { ok: true; value: Record<string, unknown>; fromVersion: number }
  | { ok: false; message: string };

export function migrateToCurrent(doc: unknown): MigrationResult {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { ok: false, message: 'the file does not hold a JSON object' };
  }
  const record = doc as Record<string, unknown>;
  if (record.format !== SIDECAR_FORMAT) {
    return { ok: false, message: `"format" is ${JSON.stringify(record.format)}, expected "${SIDECAR_FORMAT}"` };
  }
  const version = record.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, message: `"version" is ${JSON.stringify(version)}, expected a whole number from 1` };
  }
  if (version > SIDECAR_VERSION) {
    return {
      ok: false,
      message: `version ${version} is newer than this app understands (${SIDECAR_VERSION}); update Marginalia to edit it`,
    };
  }
  let current = record;
  for (let v = version; v < SIDECAR_VERSION; v++) {
    const step = migrations[v];
    if (!step) return { ok: false, message: `no migration from version ${v}` };
    const next = step(current);
    if (typeof next === 'string') return { ok: false, message: `cannot migrate from version ${v}: ${next}` };
    current = next;
  }
  return { ok: true, value: current, fromVersion: version };
}
