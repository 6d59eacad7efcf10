// The entity registry and the label schema are shared by every window and the
// CLI: a save waits for another process's lock on the file, and its conflict
// check holds up to the rename.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { nodeFs, type AtomicFs } from './atomic-write';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyRegistry, serializeEntityRegistry, type Entity } from '../../app/entity-registry';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { CorpusService } from './corpus-service';
import { ENTITY_REGISTRY_PATH, loadEntityRegistry, saveEntityRegistry } from './entity-store';
import { saveLabelSchema } from './schema-store';
import { readDefaultLabelSchema } from './corpus-service';

afterEach(cleanupTempDirs);

const saltzman: Entity = { id: 'e_salt', name: 'Chance Saltzman', label: 'PERSON', aliases: [] };
const japan: Entity = { id: 'e_japan', name: 'Japan', label: 'GPE', aliases: [] };

/** Another process (alive: this one's parent's pid stands for it) holding the lock of `file`. */
async function holdLock(file: string): Promise<void> {
  await writeFile(`${file}.lock`, JSON.stringify({ pid: process.ppid, host: hostname(), time: Date.now(), token: 'other' }));
}

/** A file system whose first temporary file's opening lets "another program" write `file` first: after the check, before the rename. */
function writesDuringSave(file: string, theirs: string): AtomicFs {
  let done = false;
  return {
    ...nodeFs,
    async open(path, flags, mode) {
      if (!done && path.endsWith('.tmp')) {
        done = true;
        await writeFile(file, theirs);
      }
      return nodeFs.open(path, flags, mode);
    },
  };
}

describe('entity registry saves across processes', () => {
  it('does not write while another process holds entities.json.lock: past the wait, says so and changes nothing', async () => {
    const before = serializeEntityRegistry(emptyRegistry());
    const root = await makeTempDir({ '.marginalia/entities.json': before });
    const service = await CorpusService.open(root);
    const file = join(root, ENTITY_REGISTRY_PATH);
    await holdLock(file);
    await expect(saveEntityRegistry(service, { ...emptyRegistry(), entities: [saltzman] }, { lock: { timeoutMs: 150 } })).rejects.toMatchObject({
      code: 'io',
      message: expect.stringContaining('.marginalia/entities.json.lock exists'),
    });
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('a write by another program after the check and before the rename is a conflict, not overwritten', async () => {
    const root = await makeTempDir({ '.marginalia/entities.json': serializeEntityRegistry(emptyRegistry()) });
    const service = await CorpusService.open(root);
    const file = join(root, ENTITY_REGISTRY_PATH);
    const loaded = await loadEntityRegistry(service);
    const theirs = serializeEntityRegistry({ ...emptyRegistry(), entities: [japan] });
    await expect(
      saveEntityRegistry(service, { ...emptyRegistry(), entities: [saltzman] }, { baseRevision: loaded.revision, fs: writesDuringSave(file, theirs) }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await readFile(file, 'utf8')).toBe(theirs);
    expect(await readdir(join(root, '.marginalia'))).toEqual(['entities.json']);
  });
});

describe('label schema saves across processes', () => {
  it('does not write while another process holds schema.json.lock: past the wait, says so and changes nothing', async () => {
    const defaults = await readDefaultLabelSchema();
    const before = JSON.stringify(defaults);
    const root = await makeTempDir({ '.marginalia/schema.json': before });
    const file = join(root, '.marginalia/schema.json');
    await holdLock(file);
    await expect(saveLabelSchema(root, { ...defaults, relationTypes: [] }, { lock: { timeoutMs: 150 } })).rejects.toMatchObject({
      code: 'io',
      message: expect.stringContaining('.marginalia/schema.json.lock exists'),
    });
    expect(await readFile(file, 'utf8')).toBe(before);
  });
});

describe('a full disk while keeping a copy of an unreadable registry', () => {
  it('leaves no 0-byte backup and says no copy could be kept', async () => {
    const root = await makeTempDir({ '.marginalia/entities.json': '{ broken' });
    const full: AtomicFs = {
      ...nodeFs,
      async open(path, flags, mode) {
        const real = await nodeFs.open(path, flags, mode);
        return {
          writeFile: () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })),
          sync: () => real.sync(),
          close: () => real.close(),
        };
      },
    };
    const loaded = await loadEntityRegistry(await CorpusService.open(root), { fs: full });
    expect(loaded.problem).toContain('.marginalia/entities.json cannot be read');
    expect(loaded.backupPath).toBeUndefined();
    expect(await readdir(join(root, '.marginalia'))).toEqual(['entities.json']);
  });
});
