// What the formats need of the corpus's entity registry: each entity's name
// and its knowledge-base id. Read-only, as the rest of an export: a registry
// that cannot be read is reported as a warning, never backed up or rewritten
// (the app does that when it opens the corpus).
import { readFile } from 'node:fs/promises';
import { parseEntityRegistry, type Entity } from '../../app/entity-registry';
import { CorpusError, resolveInside } from '../corpus/paths';
import { ENTITY_REGISTRY_PATH } from '../corpus/entity-store';

export interface EntityContext {
  kbIds: Record<string, string>;
  entityNames: Record<string, string>;
  warning?: string;
}

/**
 * The knowledge-base id formats write for an entity: its Wikidata id as a
 * QID (`wikidata: Q42`), else any external id that is an IRI, else the first
 * external id as `source:id`.
 */
export function kbIdOf(entity: Pick<Entity, 'externalIds'>): string | undefined {
  const ids = entity.externalIds;
  if (!ids) return undefined;
  const keys = Object.keys(ids).sort();
  const wikidata = keys.find((k) => k.toLowerCase() === 'wikidata');
  if (wikidata) return ids[wikidata];
  const iri = keys.find((k) => /^(https?|urn):\S+$/i.test(ids[k] as string));
  if (iri) return ids[iri];
  const first = keys[0];
  return first === undefined ? undefined : `${first}:${ids[first]}`;
}

export async function readEntityContext(root: string): Promise<EntityContext> {
  let text: string;
  try {
    text = await readFile(await resolveInside(root, ENTITY_REGISTRY_PATH), 'utf8');
  } catch (e) {
    if ((e instanceof CorpusError && e.code === 'not-found') || (e as NodeJS.ErrnoException).code === 'ENOENT') return { kbIds: {}, entityNames: {} };
    return { kbIds: {}, entityNames: {}, warning: `${ENTITY_REGISTRY_PATH} cannot be read (${(e as Error).message}): entity names and knowledge-base ids are left out` };
  }
  const parsed = parseEntityRegistry(text);
  if (!parsed.ok) return { kbIds: {}, entityNames: {}, warning: `${ENTITY_REGISTRY_PATH}: ${parsed.message}: entity names and knowledge-base ids are left out` };
  const kbIds: Record<string, string> = {};
  const entityNames: Record<string, string> = {};
  for (const e of parsed.registry.entities) {
    entityNames[e.id] = e.name;
    const kb = kbIdOf(e);
    if (kb !== undefined) kbIds[e.id] = kb;
  }
  return { kbIds, entityNames };
}
