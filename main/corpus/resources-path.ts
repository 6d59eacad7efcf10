// Where the app's resources/ folder is: beside the sources (tests, CLI), above
// the bundled out/main/index.js (npm start), or given by the caller (a packaged
// app passes process.resourcesPath) or by MARGINALIA_RESOURCES.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_SCHEMA_FILE = 'default-schema.json';

/** The first folder at or above `start` that holds resources/default-schema.json, as that resources/ path. */
export function findResourcesAbove(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, 'resources');
    if (existsSync(join(candidate, DEFAULT_SCHEMA_FILE))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

let found: string | undefined;

/**
 * The resources/ folder. `override` wins (a packaged app passes its
 * resources path), then the MARGINALIA_RESOURCES environment variable, then
 * the nearest resources/ above this module's file.
 */
export function resourcesDir(override?: string): string {
  if (override) return resolve(override);
  const fromEnv = process.env.MARGINALIA_RESOURCES;
  if (fromEnv) return resolve(fromEnv);
  if (found === undefined) {
    const here = dirname(fileURLToPath(import.meta.url));
    const dir = findResourcesAbove(here);
    if (dir === null) {
      throw new Error(
        `cannot find the resources folder (resources/${DEFAULT_SCHEMA_FILE}) above ${here}; set MARGINALIA_RESOURCES to it`,
      );
    }
    found = dir;
  }
  return found;
}
