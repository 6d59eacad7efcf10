// The corpus's label schema file (.marginalia/schema.json) as read for the
// app, and the default schema from resources/ used when it is missing or
// cannot be used (saving it: schema-store.ts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LabelSchemaFileSchema, parseLabelSchema, type LabelSchemaFile } from '../../app/label-schema';
import { describeIssues } from '../../app/zod-issues';
import { readInside } from './confined-fs';
import { ioError } from './paths';
import { DEFAULT_SCHEMA_FILE, resourcesDir } from './resources-path';

export const LABEL_SCHEMA_PATH = '.marginalia/schema.json';

export interface LabelSchemaResult {
  schema: LabelSchemaFile;
  /** Set when the corpus has a .marginalia/schema.json that could not be used. */
  problem?: string;
}

const defaultSchemas = new Map<string, Promise<LabelSchemaFile>>();

/** The default label schema from resources/default-schema.json (read once per folder). */
export function readDefaultLabelSchema(dir = resourcesDir()): Promise<LabelSchemaFile> {
  let cached = defaultSchemas.get(dir);
  if (!cached) {
    const file = join(dir, DEFAULT_SCHEMA_FILE);
    cached = readFile(file, 'utf8').then((text) => {
      const parsed = LabelSchemaFileSchema.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`${file} is not a valid label schema: ${describeIssues(parsed.error)}`);
      return parsed.data;
    });
    cached.catch(() => defaultSchemas.delete(dir));
    defaultSchemas.set(dir, cached);
  }
  return cached;
}

/**
 * The corpus's label schema from .marginalia/schema.json, or the defaults.
 * A file that cannot be used gives the defaults and a problem naming it.
 */
export async function loadLabelSchema(root: string, resources?: string): Promise<LabelSchemaResult> {
  const defaults = () => readDefaultLabelSchema(resources ?? resourcesDir());
  let text: string;
  try {
    text = (await readInside(root, LABEL_SCHEMA_PATH)).bytes.toString('utf8');
  } catch (e) {
    const error = ioError(e, LABEL_SCHEMA_PATH);
    if (error.code === 'not-found') return { schema: await defaults() };
    return { schema: await defaults(), problem: `${error.message}; using the default labels` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { schema: await defaults(), problem: `${LABEL_SCHEMA_PATH} is not valid JSON (${(e as Error).message}); using the default labels` };
  }
  // The same checks as saving (schema-store.ts): the shape, then checkLabelSchema (names, hotkeys).
  const parsed = parseLabelSchema(json);
  if (!parsed.ok) {
    return { schema: await defaults(), problem: `${LABEL_SCHEMA_PATH} is not a valid label schema (${parsed.message}); using the default labels` };
  }
  return { schema: parsed.schema };
}
