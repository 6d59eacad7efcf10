// Saving a corpus's label schema to .marginalia/schema.json: checked (shape and
// meaning) before anything is written, written atomically, confined to the
// corpus. Reading it lives in CorpusService.loadLabelSchema, which applies the
// same checks. No Electron.
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabelSchemaSaveResult } from '../../app/ipc/contract';
import { normalizeLabelSchema, parseLabelSchema, serializeLabelSchema, type LabelSchemaFile } from '../../app/label-schema';
import { LABEL_SCHEMA_PATH } from './label-schema-file';
import { readRegularFile, writeInside, writeTargetInside } from './confined-fs';
import { CorpusError, ioError, plainErrorReason } from './paths';
import { nodeFs, writeNewFile, type AtomicFs } from './atomic-write';
import { LockQueue, type LockOptions } from './file-lock';

/** Schema writers in this process, queued per file before its lock file. */
const schemaLocks = new LockQueue();

const LABEL_SCHEMA_FOLDER = '.marginalia';

/** Why the schema file on disk cannot be used, or null when it is missing or fine. */
async function problemWithFileOnDisk(file: string): Promise<{ bytes: Buffer; message: string } | null> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, LABEL_SCHEMA_PATH);
  } catch (e) {
    if (e instanceof CorpusError && e.code === 'not-found') return null;
    throw ioError(e, LABEL_SCHEMA_PATH);
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    return { bytes, message: `not valid JSON (${(e as Error).message})` };
  }
  const parsed = parseLabelSchema(json);
  return parsed.ok ? null : { bytes, message: parsed.message };
}

/**
 * Checks `schema` (zod shape, then checkLabelSchema) and writes it to
 * `<root>/.marginalia/schema.json` atomically, creating the folder if needed.
 * An invalid schema is refused with a CorpusError ('invalid-arguments') that
 * says what is wrong and that nothing was written. A schema file already there
 * that could not be used (which is why the app showed the defaults) is kept as
 * `schema.json.broken-<timestamp>.bak` before it is replaced.
 *
 * `root` is the real path of an open corpus (CorpusService.root). `options.fs`
 * is the file system written through (tests simulate a full disk with it).
 */
export async function saveLabelSchema(root: string, schema: unknown, options: { fs?: AtomicFs; lock?: LockOptions } = {}): Promise<LabelSchemaSaveResult> {
  const fs = options.fs ?? nodeFs;
  const parsed = parseLabelSchema(schema);
  if (!parsed.ok) {
    throw new CorpusError('invalid-arguments', `The label schema was not saved to ${LABEL_SCHEMA_PATH}: ${parsed.message}`);
  }
  const normalized = normalizeLabelSchema(parsed.schema);

  const folder = join(root, LABEL_SCHEMA_FOLDER);
  try {
    await mkdir(folder);
  } catch (e) {
    // An existing folder (or a symlink, confined just below) is fine; a file of that name is not.
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw ioError(e, LABEL_SCHEMA_FOLDER);
    const info = await stat(folder).catch(() => null);
    if (info && !info.isDirectory()) {
      throw new CorpusError('io', `The label schema cannot be saved: ${LABEL_SCHEMA_FOLDER} in the corpus is a file, not a folder`);
    }
  }
  const file = await writeTargetInside(root, LABEL_SCHEMA_PATH);
  // One writer at a time across processes (windows, the CLI): schema.json.lock.
  return schemaLocks.run(file, LABEL_SCHEMA_PATH, () => writeSchemaLocked(root, file, normalized, fs), options.lock);
}

async function writeSchemaLocked(root: string, file: string, normalized: LabelSchemaFile, fs: AtomicFs): Promise<LabelSchemaSaveResult> {
  const result: LabelSchemaSaveResult = { savedAt: '', schema: normalized };
  const broken = await problemWithFileOnDisk(file);
  if (broken) {
    let backup: string;
    try {
      // writeNewFile removes what it wrote on failure: a full disk leaves no 0-byte backup.
      backup = await writeNewFile(`${file}.broken-${new Date().toISOString().replace(/[:.]/g, '-')}`, '.bak', broken.bytes, fs);
    } catch (e) {
      throw new CorpusError(
        'io',
        `Could not save ${LABEL_SCHEMA_PATH}: keeping a copy of the file that could not be used failed (${plainErrorReason(e)}). Nothing was changed`,
        { cause: e },
      );
    }
    result.backupPath = `${LABEL_SCHEMA_PATH}${backup.slice(file.length)}`;
  }
  try {
    await writeInside(root, LABEL_SCHEMA_PATH, serializeLabelSchema(normalized), { fs });
  } catch (e) {
    if (e instanceof CorpusError) throw e;
    throw new CorpusError('io', `Could not save ${LABEL_SCHEMA_PATH}: ${plainErrorReason(e)}. The previous version of the file is intact`, { cause: e });
  }
  result.savedAt = new Date().toISOString();
  return result;
}
