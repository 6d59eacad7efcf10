// The entity registry channels end to end through dispatch: argument
// validation, the handlers, real files in a temporary corpus.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyRegistry, serializeEntityRegistry, type EntityRegistry } from '../../app/entity-registry';
import type { Envelope, EntityCountsResult, EntityMentionsResult, EntityRegistryLoadResult, EntityRegistrySaveResult } from '../../app/ipc/contract';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { ENTITY_REGISTRY_PATH } from '../corpus/entity-store';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { dispatch } from './dispatch';
import { createHandlers, type Handlers } from './handlers';

afterEach(cleanupTempDirs);

const text = 'Gen. Chance Saltzman visited Japan.';
const registry: EntityRegistry = {
  ...emptyRegistry(),
  entities: [{ id: 'e_salt', name: 'Chance Saltzman', label: 'PERSON', aliases: [] }],
};

async function setup(files: Record<string, string> = {}): Promise<{ handlers: Handlers; root: string }> {
  const root = await makeTempDir({
    'a.txt': text,
    'a.txt.annotations.json': serializeSidecar(sidecarFor('a.txt', text, [{ ...entity('a1', text, 5, 20), entity: 'e_salt' }])),
    ...files,
  });
  const sample = await makeTempDir({ 's.txt': 's' });
  const handlers = createHandlers({
    chooseFolder: async () => null,
    settings: { getRecent: () => [], addRecent: () => {} },
    sampleCorpusRoot: sample,
    initialCorpus: root,
  });
  await handlers.getStartup({});
  return { handlers, root };
}

const ok = <T>(e: Envelope<unknown>): T => {
  if (!e.ok) throw new Error(`expected ok, got ${e.error.code}: ${e.error.message}`);
  return e.value as T;
};

describe('entity registry channels', () => {
  it('getEntityRegistry -> saveEntityRegistry -> getEntityRegistry', async () => {
    const { handlers, root } = await setup();
    const first = ok<EntityRegistryLoadResult>(await dispatch(handlers, 'getEntityRegistry', {}));
    expect(first).toMatchObject({ registry: emptyRegistry(), root });
    expect(first.problem).toBeUndefined();
    const saved = ok<EntityRegistrySaveResult>(await dispatch(handlers, 'saveEntityRegistry', { registry, baseRevision: first.revision }));
    expect(saved).toMatchObject({ entityCount: 1 });
    expect(await readFile(join(root, ENTITY_REGISTRY_PATH), 'utf8')).toBe(serializeEntityRegistry(registry));
    const again = ok<EntityRegistryLoadResult>(await dispatch(handlers, 'getEntityRegistry', {}));
    expect(again.registry).toEqual(registry);
    expect(again.revision).toBe(saved.revision);
  });

  it('validates the registry with its schema before anything runs', async () => {
    const { handlers, root } = await setup();
    const dup = { ...registry, entities: [...registry.entities, { ...registry.entities[0], name: 'Twin' }] };
    for (const bad of [
      {},
      { registry: { ...registry, format: 'nope' } },
      { registry: dup },
      { registry: { ...registry, entities: [{ id: 'e_1', name: '', label: 'PERSON', aliases: [] }] } },
      { registry, extra: true },
      { registry, baseRevision: '' },
    ]) {
      const result = await dispatch(handlers, 'saveEntityRegistry', bad);
      expect(result.ok, JSON.stringify(bad)).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-arguments');
    }
    await expect(readFile(join(root, ENTITY_REGISTRY_PATH))).rejects.toMatchObject({ code: 'ENOENT' });
    const noId = await dispatch(handlers, 'findEntityMentions', { entityId: '' });
    expect(noId).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
  });

  it('reports a conflict when the file changed since it was read', async () => {
    const { handlers, root } = await setup();
    const first = ok<EntityRegistryLoadResult>(await dispatch(handlers, 'getEntityRegistry', {}));
    // Another program (git pull, a text editor) writes the file.
    await mkdir(join(root, '.marginalia'), { recursive: true });
    await writeFile(join(root, ENTITY_REGISTRY_PATH), serializeEntityRegistry(registry));
    const result = await dispatch(handlers, 'saveEntityRegistry', { registry: emptyRegistry(), baseRevision: first.revision });
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining(ENTITY_REGISTRY_PATH) } });
    expect(await readFile(join(root, ENTITY_REGISTRY_PATH), 'utf8')).toBe(serializeEntityRegistry(registry));
  });

  it('reports an unreadable registry and refuses to overwrite it', async () => {
    const { handlers, root } = await setup({ [ENTITY_REGISTRY_PATH]: '{"format":"marginalia-entities"' });
    const loaded = ok<EntityRegistryLoadResult>(await dispatch(handlers, 'getEntityRegistry', {}));
    expect(loaded.problem).toContain('not valid JSON');
    expect(loaded.backupPath).toBeDefined();
    const result = await dispatch(handlers, 'saveEntityRegistry', { registry, baseRevision: loaded.revision });
    expect(result).toMatchObject({ ok: false, error: { code: 'registry-invalid' } });
    expect(await readFile(join(root, ENTITY_REGISTRY_PATH), 'utf8')).toBe('{"format":"marginalia-entities"');
  });

  it('findEntityMentions and countEntityMentions', async () => {
    const { handlers } = await setup();
    const found = ok<EntityMentionsResult>(await dispatch(handlers, 'findEntityMentions', { entityId: 'e_salt' }));
    expect(found).toEqual({
      mentions: [{ path: 'a.txt', annotationId: 'a1', text: 'Chance Saltzman', start: 5, end: 20, label: 'PERSON', prefix: '', suffix: '' }],
      problems: [],
    });
    const counts = ok<EntityCountsResult>(await dispatch(handlers, 'countEntityMentions', {}));
    expect(counts).toEqual({ counts: { e_salt: { mentions: 1, documents: 1 } }, problems: [] });
  });

  it('says no-corpus before a corpus is open', async () => {
    const handlers = createHandlers({
      chooseFolder: async () => null,
      settings: { getRecent: () => [], addRecent: () => {} },
      sampleCorpusRoot: '/no/such/sample',
    });
    for (const [channel, args] of [
      ['getEntityRegistry', {}],
      ['saveEntityRegistry', { registry }],
      ['findEntityMentions', { entityId: 'e_1' }],
      ['countEntityMentions', {}],
    ] as const) {
      expect(await dispatch(handlers, channel, args)).toMatchObject({ ok: false, error: { code: 'no-corpus' } });
    }
  });
});
