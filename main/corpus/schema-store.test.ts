import { readFile, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabelSchemaFileSchema, type LabelSchemaFile } from '../../app/label-schema';
import { dispatch } from '../ipc/dispatch';
import { createHandlers } from '../ipc/handlers';
import { cleanupTempDirs, errorOf, makeTempDir } from '../test-support';
import { CorpusService } from './corpus-service';
import { resourcesDir } from './resources-path';
import { saveLabelSchema } from './schema-store';
import { nodeFs, type AtomicFs } from './atomic-write';

afterEach(cleanupTempDirs);

const defaults = async () => LabelSchemaFileSchema.parse(JSON.parse(await readFile(join(resourcesDir(), 'default-schema.json'), 'utf8')));

const custom: LabelSchemaFile = {
  version: 1,
  entityLabels: [
    { name: 'SHIP', description: 'Vessels', colour: '#123456', hotkey: '1' },
    { name: '인물', colour: '#abcdef', hotkey: 'q' },
  ],
  claimLabels: [{ name: 'ASSERTION', colour: '#000000', hotkey: 'b' }],
  relationTypes: [{ name: 'owned-by' }],
  attributes: [{ name: 'negated', appliesTo: ['claim'], values: ['yes', 'no'] }],
};

describe('saveLabelSchema', () => {
  it('creates .marginalia/schema.json, deterministic and readable back by loadLabelSchema', async () => {
    const root = await makeTempDir({ 'a.txt': 'a' });
    const result = await saveLabelSchema(root, custom);
    expect(result.schema).toEqual(custom);
    expect(result.backupPath).toBeUndefined();
    expect(Number.isNaN(Date.parse(result.savedAt))).toBe(false);
    const text = await readFile(join(root, '.marginalia/schema.json'), 'utf8');
    expect(text).toBe(`${JSON.stringify(custom, null, 2)}\n`);
    expect(await (await CorpusService.open(root)).loadLabelSchema()).toEqual({ schema: custom });
    // Only the file itself: no temporary files left behind.
    expect(await readdir(join(root, '.marginalia'))).toEqual(['schema.json']);
  });

  it('writes a schema without attributes with an empty list, and replaces an existing good file', async () => {
    const root = await makeTempDir({ '.marginalia/schema.json': JSON.stringify(custom) });
    const { attributes: _omitted, ...old } = custom;
    const result = await saveLabelSchema(root, old);
    expect(result.schema).toEqual({ ...old, attributes: [] });
    expect(result.backupPath).toBeUndefined();
    expect(JSON.parse(await readFile(join(root, '.marginalia/schema.json'), 'utf8'))).toEqual({ ...old, attributes: [] });
    expect(await readdir(join(root, '.marginalia'))).toEqual(['schema.json']);
  });

  it('refuses a schema with semantic problems, writing nothing, and says why', async () => {
    const root = await makeTempDir({ 'a.txt': 'a' });
    const bad = { ...custom, claimLabels: [{ name: 'SHIP', colour: '#000000', hotkey: 's' }] };
    const error = await errorOf(saveLabelSchema(root, bad));
    expect(error.code).toBe('invalid-arguments');
    expect(error.message).toBe(
      'The label schema was not saved to .marginalia/schema.json: claim label 1 (SHIP): the name is already used by entity label 1 (SHIP); ' +
        'claim label 1 (SHIP): the key s is reserved for the app\'s own commands; use 1-9 or one of b f g h i l m o q t u v w x y z',
    );
    await expect(readdir(join(root, '.marginalia'))).rejects.toThrow();
  });

  it('refuses a schema of the wrong shape', async () => {
    const root = await makeTempDir({ '.marginalia/schema.json': JSON.stringify(custom) });
    const error = await errorOf(saveLabelSchema(root, { ...custom, version: 2 }));
    expect(error.message).toContain('not saved to .marginalia/schema.json: version');
    expect(JSON.parse(await readFile(join(root, '.marginalia/schema.json'), 'utf8'))).toEqual(custom);
  });

  it('keeps a copy of a file that could not be used before replacing it', async () => {
    const root = await makeTempDir({ '.marginalia/schema.json': '{ broken' });
    const result = await saveLabelSchema(root, custom);
    expect(result.backupPath).toMatch(/^\.marginalia\/schema\.json\.broken-.+\.bak$/);
    expect(await readFile(join(root, result.backupPath ?? ''), 'utf8')).toBe('{ broken');
    expect(JSON.parse(await readFile(join(root, '.marginalia/schema.json'), 'utf8'))).toEqual(custom);
  });

  it('a full disk (ENOSPC) while keeping the copy leaves no 0-byte backup, the file as it was, and names the file in plain words', async () => {
    const root = await makeTempDir({ '.marginalia/schema.json': '{ broken' });
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
    const error = await errorOf(saveLabelSchema(root, custom, { fs: full }));
    expect(error.code).toBe('io');
    expect(error.message).toContain('.marginalia/schema.json');
    expect(error.message).toContain('the disk is full (ENOSPC)');
    expect(await readdir(join(root, '.marginalia'))).toEqual(['schema.json']);
    expect(await readFile(join(root, '.marginalia/schema.json'), 'utf8')).toBe('{ broken');
  });

  it('a full disk while writing the schema itself names the file and leaves the previous one intact', async () => {
    const root = await makeTempDir({ '.marginalia/schema.json': JSON.stringify(custom) });
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
    const error = await errorOf(saveLabelSchema(root, { ...custom, relationTypes: [] }, { fs: full }));
    expect(error.message).toMatch(/^Could not save \.marginalia\/schema\.json: the disk is full \(ENOSPC\)/);
    expect(await readdir(join(root, '.marginalia'))).toEqual(['schema.json']);
    expect(JSON.parse(await readFile(join(root, '.marginalia/schema.json'), 'utf8'))).toEqual(custom);
  });

  it('says so when .marginalia is a file', async () => {
    const root = await makeTempDir({ '.marginalia': 'not a folder' });
    expect(await errorOf(saveLabelSchema(root, custom))).toMatchObject({
      code: 'io',
      message: 'The label schema cannot be saved: .marginalia in the corpus is a file, not a folder',
    });
    expect(await readFile(join(root, '.marginalia'), 'utf8')).toBe('not a folder');
  });

  it('does not write through a .marginalia folder or schema.json symlinked outside the corpus', async () => {
    const outside = await makeTempDir();
    const root = await makeTempDir();
    await symlink(outside, join(root, '.marginalia'));
    expect((await errorOf(saveLabelSchema(root, custom))).code).toBe('outside-corpus');
    expect(await readdir(outside)).toEqual([]);

    const root2 = await makeTempDir({ '.marginalia/keep': '' });
    await symlink(join(outside, 'elsewhere.json'), join(root2, '.marginalia/schema.json'));
    expect((await errorOf(saveLabelSchema(root2, custom))).code).toBe('outside-corpus');
    expect(await readdir(outside)).toEqual([]);
  });
});

describe('loadLabelSchema with checkLabelSchema', () => {
  it('falls back to the defaults when the file passes zod but not checkLabelSchema, naming the file and the problem', async () => {
    const clash = { version: 1, entityLabels: [{ name: 'SHIP', colour: '#123456', hotkey: 's' }], claimLabels: [], relationTypes: [] };
    const root = await makeTempDir({ '.marginalia/schema.json': JSON.stringify(clash) });
    const result = await (await CorpusService.open(root)).loadLabelSchema();
    expect(result.schema).toEqual(await defaults());
    expect(result.problem).toMatch(/^\.marginalia\/schema\.json is not a valid label schema \(entity label 1 \(SHIP\): the key s is reserved/);
    expect(result.problem).toMatch(/; using the default labels$/);
  });
});

describe('the saveLabelSchema channel', () => {
  async function setup(corpus: string) {
    const sample = await makeTempDir({ 'sample.txt': 'The sample.' });
    return createHandlers({
      chooseFolder: async () => null,
      settings: { getRecent: () => [], addRecent: () => {} },
      sampleCorpusRoot: sample,
      initialCorpus: corpus,
    });
  }

  it('saves through dispatch, and getStartup then gives the saved schema', async () => {
    const root = await makeTempDir({ 'a.txt': 'a', '.marginalia/schema.json': '[]' });
    const handlers = await setup(root);
    const before = await handlers.getStartup({});
    expect(before.labelSchema).toEqual(await defaults());
    expect(before.problem).toContain('.marginalia/schema.json');

    const saved = await dispatch(handlers, 'saveLabelSchema', { schema: custom });
    expect(saved).toMatchObject({ ok: true, value: { schema: custom, backupPath: expect.stringMatching(/^\.marginalia\/schema\.json\.broken-/) } });
    const after = await handlers.getStartup({});
    expect(after.labelSchema).toEqual(custom);
    expect(after.problem).toBeUndefined();
  });

  it('answers a bad schema with an error envelope and writes nothing', async () => {
    const root = await makeTempDir({ 'a.txt': 'a' });
    const handlers = await setup(root);
    await handlers.getStartup({});
    const logged: unknown[] = [];
    const shape = await dispatch(handlers, 'saveLabelSchema', { schema: { ...custom, entityLabels: [] } }, { logError: (_c, e) => logged.push(e) });
    expect(shape).toMatchObject({ ok: false, error: { code: 'invalid-arguments', message: expect.stringContaining('saveLabelSchema: schema.entityLabels') } });
    const meaning = await dispatch(handlers, 'saveLabelSchema', { schema: { ...custom, relationTypes: [{ name: 'x' }, { name: 'x' }] } });
    expect(meaning).toEqual({
      ok: false,
      error: {
        code: 'invalid-arguments',
        message: 'The label schema was not saved to .marginalia/schema.json: relation type 2 (x): the name is already used by relation type 1 (x)',
      },
    });
    expect(await dispatch(handlers, 'saveLabelSchema', {})).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(logged).toEqual([]);
    await expect(readdir(join(root, '.marginalia'))).rejects.toThrow();
  });
});
