import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeEntityRegistry } from '../../app/entity-registry';
import { ENTITY_REGISTRY_PATH } from '../corpus/entity-store';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { kbIdOf, readEntityContext } from './entity-context';

afterEach(cleanupTempDirs);

describe('entity context for exports', () => {
  it('picks a Wikidata id first, then an IRI, then source:id', () => {
    expect(kbIdOf({ externalIds: { viaf: 'https://viaf.org/viaf/1', wikidata: 'Q42' } })).toBe('Q42');
    expect(kbIdOf({ externalIds: { gnd: '118540238', viaf: 'https://viaf.org/viaf/1' } })).toBe('https://viaf.org/viaf/1');
    expect(kbIdOf({ externalIds: { gnd: '118540238' } })).toBe('gnd:118540238');
    expect(kbIdOf({})).toBeUndefined();
  });

  it('reads names and kb ids, and says so (without failing) when the registry is broken', async () => {
    const dir = await makeTempDir();
    expect(await readEntityContext(dir)).toEqual({ kbIds: {}, entityNames: {} });
    await mkdir(join(dir, '.marginalia'));
    const entities = [{ id: 'e1', name: 'Han', label: 'PERSON', aliases: [], externalIds: { wikidata: 'Q1' } }, { id: 'e2', name: 'Kim', label: 'PERSON', aliases: [] }];
    await writeFile(join(dir, ENTITY_REGISTRY_PATH), serializeEntityRegistry({ format: 'marginalia-entities', version: 1, entities }));
    expect(await readEntityContext(dir)).toEqual({ kbIds: { e1: 'Q1' }, entityNames: { e1: 'Han', e2: 'Kim' } });
    await writeFile(join(dir, ENTITY_REGISTRY_PATH), '{');
    const broken = await readEntityContext(dir);
    expect(broken.warning).toMatch(/entities\.json: not valid JSON/);
  });
});
