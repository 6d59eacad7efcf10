// Sidecar migrations: pure functions from one version's JSON to the next.
// Each step takes the parsed JSON of version N and returns version N+1.
// Old files must always load; a file from a newer version than this build
// knows is refused with a clear message, never rewritten.
import { SIDECAR_FORMAT, SIDECAR_VERSION } from './sidecar-schema';

export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

/** migrations[n] turns version n into version n + 1. Version 1 is the first published format. */
export const migrations: Readonly<Record<number, Migration>> = {};

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
    current = step(current);
  }
  return { ok: true, value: current, fromVersion: version };
}
