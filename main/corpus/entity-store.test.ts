import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyRegistry, serializeEntityRegistry, type Entity, type EntityRegistry } from '../../app/entity-registry';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import type { Annotation } from '../../app/sidecar/sidecar-schema';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { CorpusService } from './corpus-service';
import { ENTITY_REGISTRY_PATH, countMentions, findMentions, loadEntityRegistry, registryRevision, saveEntityRegistry } from './entity-store';

afterEach(cleanupTempDirs);

const saltzman: Entity = { id: 'e_salt', name: 'Chance Saltzman', label: 'PERSON', aliases: ['Saltzman'] };
const japan: Entity = { id: 'e_japan', name: 'Japan', label: 'GPE', aliases: ['日本'], externalIds: { wikidata: 'Q17' } };

function registry(...entities: Entity[]): EntityRegistry {
  return { ...emptyRegistry(), entities };
}

function linked(a: Annotation, entityId: string, over: Partial<Annotation> = {}): Annotation {
  return { ...a, entity: entityId, ...over };
}

async function corpus(files: Record<string, string> = {}) {
  const root = await makeTempDir(files);
  return { root, service: await CorpusService.open(root) };
}

describe('loadEntityRegistry', () => {
  it('gives an empty registry when there is no file (or no .marginalia folder)', async () => {
    const { root, service } = await corpus({ 'a.txt': 'a' });
    const loaded = await loadEntityRegistry(service);
    expect(loaded).toEqual({ registry: emptyRegistry(), revision: registryRevision(root, null), root });
    await mkdir(join(root, '.marginalia'));
    expect((await loadEntityRegistry(service)).problem).toBeUndefined();
  });

  it('reads a registry written by hand, BOM and all', async () => {
    const text = serializeEntityRegistry(registry(saltzman, japan));
    const { service } = await corpus({ [ENTITY_REGISTRY_PATH]: `\uFEFF${text}` });
    const loaded = await loadEntityRegistry(service);
    expect(loaded.problem).toBeUndefined();
    expect(loaded.registry.entities.map((e) => e.id)).toEqual(['e_japan', 'e_salt']);
  });

  it('reports a file that cannot be read, keeps a backup (once) and never overwrites it', async () => {
    const broken = '{"format":"marginalia-entities","version":1,"entities":[{"id":"x"}]}';
    const { root, service } = await corpus({ [ENTITY_REGISTRY_PATH]: broken });
    const loaded = await loadEntityRegistry(service);
    expect(loaded.registry).toEqual(emptyRegistry());
    expect(loaded.problem).toContain(ENTITY_REGISTRY_PATH);
    expect(loaded.problem).toContain('entities.0.name');
    expect(loaded.backupPath).toMatch(/^\.marginalia\/entities\.json\.broken-.*\.bak$/);
    expect(await readFile(join(root, loaded.backupPath ?? ''), 'utf8')).toBe(broken);
    // Loading again names the same backup rather than writing another.
    expect((await loadEntityRegistry(service)).backupPath).toBe(loaded.backupPath);
    expect((await readdir(join(root, '.marginalia'))).filter((n) => n.endsWith('.bak'))).toHaveLength(1);

    await expect(saveEntityRegistry(service, registry(saltzman))).rejects.toMatchObject({
      code: 'registry-invalid',
      message: expect.stringContaining('not overwritten'),
    });
    await expect(saveEntityRegistry(service, registry(saltzman), { baseRevision: loaded.revision })).rejects.toMatchObject({
      code: 'registry-invalid',
    });
    expect(await readFile(join(root, ENTITY_REGISTRY_PATH), 'utf8')).toBe(broken);
  });

  it('reports invalid UTF-8 and JSON that is not a registry', async () => {
    const { root, service } = await corpus({ 'a.txt': 'a' });
    await mkdir(join(root, '.marginalia'));
    await writeFile(join(root, ENTITY_REGISTRY_PATH), Buffer.from([0x7b, 0xff, 0x7d]));
    expect((await loadEntityRegistry(service)).problem).toContain('not valid UTF-8');
    await writeFile(join(root, ENTITY_REGISTRY_PATH), '[1, 2]');
    expect((await loadEntityRegistry(service)).problem).toContain('expected a JSON object');
  });

  it('refuses a registry file that is a symlink leading outside the corpus', async () => {
    const outside = await makeTempDir({ 'entities.json': serializeEntityRegistry(registry(saltzman)) });
    const { root, service } = await corpus({ 'a.txt': 'a' });
    await mkdir(join(root, '.marginalia'));
    await symlink(join(outside, 'entities.json'), join(root, ENTITY_REGISTRY_PATH));
    const loaded = await loadEntityRegistry(service);
    expect(loaded.registry).toEqual(emptyRegistry());
    expect(loaded.problem).toMatch(/outside the corpus/);
    await expect(saveEntityRegistry(service, registry(japan))).rejects.toMatchObject({ code: 'outside-corpus' });
    expect(await readFile(join(outside, 'entities.json'), 'utf8')).toBe(serializeEntityRegistry(registry(saltzman)));
  });

  it('refuses a .marginalia folder that is a symlink leading outside the corpus', async () => {
    const outside = await makeTempDir();
    const { root, service } = await corpus({ 'a.txt': 'a' });
    await symlink(outside, join(root, '.marginalia'));
    await expect(saveEntityRegistry(service, registry(japan))).rejects.toMatchObject({ code: 'outside-corpus' });
    expect(await readdir(outside)).toEqual([]);
  });
});

describe('saveEntityRegistry', () => {
  it('creates .marginalia and writes the canonical text, which loads back', async () => {
    const { root, service } = await corpus({ 'a.txt': 'a' });
    const r = registry(japan, saltzman);
    const saved = await saveEntityRegistry(service, r);
    const text = await readFile(join(root, ENTITY_REGISTRY_PATH), 'utf8');
    expect(text).toBe(serializeEntityRegistry(r));
    expect(saved).toEqual({ savedAt: expect.any(String), revision: registryRevision(root, Buffer.from(text)), entityCount: 2 });
    const loaded = await loadEntityRegistry(service);
    expect(loaded.registry.entities).toEqual([japan, saltzman]);
    expect(loaded.revision).toBe(saved.revision);
    // No temporary files are left behind.
    expect(await readdir(join(root, '.marginalia'))).toEqual(['entities.json']);
  });

  it('refuses (conflict) a save based on a revision the file no longer has, and writes nothing', async () => {
    const { root, service } = await corpus({ 'a.txt': 'a' });
    const first = await loadEntityRegistry(service);
    const saved = await saveEntityRegistry(service, registry(saltzman), { baseRevision: first.revision });
    // Another program (git pull, an editor) changes the file.
    const theirs = serializeEntityRegistry(registry(saltzman, japan));
    await writeFile(join(root, ENTITY_REGISTRY_PATH), theirs);
    await expect(saveEntityRegistry(service, registry(), { baseRevision: saved.revision })).rejects.toMatchObject({ code: 'conflict' });
    expect(await readFile(join(root, ENTITY_REGISTRY_PATH), 'utf8')).toBe(theirs);
    // With the fresh revision it goes through.
    const again = await loadEntityRegistry(service);
    await saveEntityRegistry(service, registry(japan), { baseRevision: again.revision });
    expect((await loadEntityRegistry(service)).registry.entities).toEqual([japan]);
  });

  it('refuses a revision from another corpus', async () => {
    const a = await corpus({ 'a.txt': 'a' });
    const b = await corpus({ 'b.txt': 'b' });
    const fromA = await loadEntityRegistry(a.service);
    await expect(saveEntityRegistry(b.service, registry(japan), { baseRevision: fromA.revision })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('refuses an invalid registry without writing', async () => {
    const { root, service } = await corpus({ 'a.txt': 'a' });
    const dup = registry(saltzman, { ...japan, id: 'e_salt' });
    await expect(saveEntityRegistry(service, dup)).rejects.toMatchObject({ code: 'registry-invalid', message: expect.stringContaining('used twice') });
    await expect(readFile(join(root, ENTITY_REGISTRY_PATH))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('runs concurrent saves one after the other: the last one wins', async () => {
    const { service } = await corpus({ 'a.txt': 'a' });
    const saves = Array.from({ length: 8 }, (_, i) =>
      saveEntityRegistry(service, registry({ ...saltzman, name: `Name ${i}` })),
    );
    const results = await Promise.all(saves);
    expect(new Set(results.map((r) => r.revision)).size).toBe(8);
    expect((await loadEntityRegistry(service)).registry.entities[0]?.name).toBe('Name 7');
  });

  it('a save whose base is the previous save in the same queue goes through', async () => {
    const { service } = await corpus({ 'a.txt': 'a' });
    const base = (await loadEntityRegistry(service)).revision;
    const first = await saveEntityRegistry(service, registry(saltzman), { baseRevision: base });
    const second = await saveEntityRegistry(service, registry(saltzman, japan), { baseRevision: first.revision });
    expect(second.entityCount).toBe(2);
  });
});

describe('findMentions and countMentions', () => {
  const textA = 'Gen. Chance Saltzman met officials in Japan. Saltzman said more.';
  const textB = 'Japan and the U.S. agreed; Saltzman was there.';

  async function annotatedCorpus() {
    const a = entity('a1', textA, 5, 20);
    const aJapan = entity('a2', textA, 38, 43, 'GPE');
    const aShort = entity('a3', textA, 45, 53);
    const bJapan = entity('b1', textB, 0, 5, 'GPE');
    const bSalt = entity('b2', textB, 27, 35);
    const files: Record<string, string> = {
      'news/a.txt': textA,
      'news/a.txt.annotations.json': serializeSidecar(
        sidecarFor('a.txt', textA, [
          linked(a, 'e_salt', { prefix: 'Gen. ', suffix: ' met officials' }),
          linked(aJapan, 'e_japan'),
          linked(aShort, 'e_salt'),
        ]),
      ),
      'b.txt': textB,
      'b.txt.annotations.json': serializeSidecar(sidecarFor('b.txt', textB, [linked(bJapan, 'e_japan'), linked(bSalt, 'e_salt'), entity('b3', textB, 10, 14, 'GPE')])),
      'c.txt': 'no annotations',
      'broken.txt': 'x',
      'broken.txt.annotations.json': '{ not json',
    };
    return corpus(files);
  }

  it('finds every mention of an entity across the corpus, by document then offsets, with context', async () => {
    const { service } = await annotatedCorpus();
    const found = await findMentions(service, 'e_salt');
    expect(found.mentions).toEqual([
      { path: 'b.txt', annotationId: 'b2', text: 'Saltzman', start: 27, end: 35, label: 'PERSON', prefix: '', suffix: '' },
      { path: 'news/a.txt', annotationId: 'a1', text: 'Chance Saltzman', start: 5, end: 20, label: 'PERSON', prefix: 'Gen. ', suffix: ' met officials' },
      { path: 'news/a.txt', annotationId: 'a3', text: 'Saltzman', start: 45, end: 53, label: 'PERSON', prefix: '', suffix: '' },
    ]);
    expect(found.problems).toHaveLength(1);
    expect(found.problems[0]).toContain('broken.txt.annotations.json');
    expect((await findMentions(service, 'e_nobody')).mentions).toEqual([]);
  });

  it('counts mentions and documents per entity', async () => {
    const { service } = await annotatedCorpus();
    const { counts, problems } = await countMentions(service);
    expect(counts).toEqual({ e_salt: { mentions: 3, documents: 2 }, e_japan: { mentions: 2, documents: 2 } });
    expect(problems).toHaveLength(1);
  });

  it('treats entity ids as data, "__proto__" included', async () => {
    const text = 'Proto here.';
    const { service } = await corpus({
      'p.txt': text,
      'p.txt.annotations.json': serializeSidecar(sidecarFor('p.txt', text, [linked(entity('p1', text, 0, 5), '__proto__')])),
    });
    const { counts } = await countMentions(service);
    expect(Object.keys(counts)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(counts, '__proto__')?.value).toEqual({ mentions: 1, documents: 1 });
    expect(({} as Record<string, unknown>).mentions).toBeUndefined();
    expect((await findMentions(service, '__proto__')).mentions).toHaveLength(1);
  });

  it('an empty corpus has no mentions', async () => {
    const { service } = await corpus();
    expect(await findMentions(service, 'e_x')).toEqual({ mentions: [], problems: [] });
    expect(await countMentions(service)).toEqual({ counts: {}, problems: [] });
  });
});
