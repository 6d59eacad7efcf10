// The corpus's entity registry (`.marginalia/entities.json`): canonical
// entities with their aliases and optional external ids, shared by every
// document of the corpus. Annotations point at an entity by its `id`, so a
// rename is a registry-only change.
//
// Pure functions only: parse never throws, serialize is deterministic (entities
// sorted by id, stable key order, two-space indent, final newline) so the file
// diffs and merges cleanly in git, and every operation returns its input
// itself when nothing changes (so callers can tell a no-op by identity).
import { z } from 'zod';
import { describeIssues } from './zod-issues';

export const ENTITY_REGISTRY_FORMAT = 'marginalia-entities';
export const ENTITY_REGISTRY_VERSION = 1;

const MAX_ID = 256;
const MAX_TEXT = 1000;
const MAX_KEY = 64;

const nonBlank = (what: string, max = MAX_TEXT) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim().length > 0, `${what} must not be empty`);

export const EntitySchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(MAX_ID)
    .refine((s) => !/\s/.test(s), 'an entity id has no spaces'),
  /** The canonical name, as shown everywhere. */
  name: nonBlank('the name'),
  /** The entity label, e.g. PERSON, ORG: what the entity is. */
  label: nonBlank('the label', 64),
  /** Other names it goes by (earlier names, spellings in other scripts, short forms). */
  aliases: z.array(nonBlank('an alias')),
  /** Ids in other knowledge bases, e.g. { wikidata: 'Q42' }. */
  externalIds: z.record(nonBlank('an external id source', MAX_KEY), nonBlank('an external id')).optional(),
  note: z.string().max(10_000).optional(),
});

export const EntityRegistrySchema = z
  .strictObject({
    format: z.literal(ENTITY_REGISTRY_FORMAT),
    version: z.literal(ENTITY_REGISTRY_VERSION),
    entities: z.array(EntitySchema),
  })
  .superRefine((registry, ctx) => {
    const seen = new Set<string>();
    registry.entities.forEach((e, i) => {
      if (seen.has(e.id)) ctx.addIssue({ code: 'custom', message: `entity id "${e.id}" is used twice`, path: ['entities', i, 'id'] });
      seen.add(e.id);
    });
  });

export type Entity = z.infer<typeof EntitySchema>;
export type EntityRegistry = z.infer<typeof EntityRegistrySchema>;

export function emptyRegistry(): EntityRegistry {
  return { format: ENTITY_REGISTRY_FORMAT, version: ENTITY_REGISTRY_VERSION, entities: [] };
}

// ---- reading and writing ------------------------------------------------------

export type RegistryParseResult = { ok: true; registry: EntityRegistry } | { ok: false; message: string };

/** Parses the text of an entities.json; never throws. The message says what is wrong and where. */
export function parseEntityRegistry(text: string): RegistryParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { ok: false, message: `not valid JSON: ${(e as Error).message}` };
  }
  return validateEntityRegistry(json);
}

/** Checks a value (e.g. parsed JSON) against the registry format; never throws. */
export function validateEntityRegistry(json: unknown): RegistryParseResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, message: 'not an entity registry: expected a JSON object' };
  }
  const o = json as Record<string, unknown>;
  if (o.format !== ENTITY_REGISTRY_FORMAT) {
    return { ok: false, message: `not an entity registry: "format" is ${JSON.stringify(o.format)}, expected "${ENTITY_REGISTRY_FORMAT}"` };
  }
  if (typeof o.version === 'number' && o.version > ENTITY_REGISTRY_VERSION) {
    return {
      ok: false,
      message: `written by a newer version of Marginalia (registry version ${o.version}; this one reads version ${ENTITY_REGISTRY_VERSION})`,
    };
  }
  const parsed = EntityRegistrySchema.safeParse(json);
  if (!parsed.success) return { ok: false, message: `does not match the entity registry format: ${describeIssues(parsed.error)}` };
  return { ok: true, registry: parsed.data };
}

const ENTITY_KEYS: (keyof Entity)[] = ['id', 'name', 'label', 'aliases', 'externalIds', 'note'];

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function canonicalEntity(e: Entity): Entity {
  const out: Partial<Entity> = {};
  for (const k of ENTITY_KEYS) {
    if (e[k] === undefined) continue;
    if (k === 'externalIds') {
      out.externalIds = Object.fromEntries(Object.entries(e.externalIds ?? {}).sort(([a], [b]) => compareStrings(a, b)));
    } else if (k === 'aliases') {
      out.aliases = [...e.aliases];
    } else {
      (out as Record<string, unknown>)[k] = e[k];
    }
  }
  return out as Entity;
}

/**
 * The canonical text of a registry: entities sorted by id, keys in a fixed
 * order, external ids sorted by source, aliases in the order given (the order
 * they were added), two-space indent, final newline.
 */
export function serializeEntityRegistry(registry: EntityRegistry): string {
  const doc = {
    format: ENTITY_REGISTRY_FORMAT,
    version: ENTITY_REGISTRY_VERSION,
    entities: [...registry.entities].sort((a, b) => compareStrings(a.id, b.id)).map(canonicalEntity),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

// ---- names and ids --------------------------------------------------------------

/** A name as stored: NFC, runs of white space (line breaks included) made one space, trimmed. */
export function normalizeName(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** A name as compared: normalised and case-folded. */
export function foldName(text: string): string {
  return normalizeName(text).toLowerCase();
}

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const ID_RANDOM_CHARS = 10;

/** A fresh id such as `e_k3v9x0q2mz`: 10 base-36 characters from the platform's CSPRNG. */
export function newEntityId(taken?: { has(id: string): boolean }): string {
  for (;;) {
    let id = 'e_';
    while (id.length < 2 + ID_RANDOM_CHARS) {
      const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
      for (const b of bytes) {
        // 252 = 7 * 36: rejecting the top values keeps every character equally likely.
        if (b < 252 && id.length < 2 + ID_RANDOM_CHARS) id += ID_ALPHABET[b % 36];
      }
    }
    if (!taken?.has(id)) return id;
  }
}

export class EntityRegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EntityRegistryError';
  }
}

function requireName(text: string, what: string): string {
  const name = normalizeName(text);
  if (!name) throw new EntityRegistryError(`${what} must not be empty`);
  if (name.length > MAX_TEXT) throw new EntityRegistryError(`${what} is longer than ${MAX_TEXT} characters`);
  return name;
}

// ---- operations -----------------------------------------------------------------

export function findEntity(registry: EntityRegistry, id: string): Entity | undefined {
  return registry.entities.find((e) => e.id === id);
}

/**
 * A new entity named after a mention's text (normalised: NFC, one space
 * between words). Throws an EntityRegistryError for an empty name or label.
 * Pass the registry (or its ids) as `taken` to rule out an id collision.
 */
export function createEntityFromMention(
  name: string,
  label: string,
  taken?: EntityRegistry | { has(id: string): boolean },
): Entity {
  const ids = taken && 'entities' in taken ? new Set(taken.entities.map((e) => e.id)) : taken;
  const trimmedLabel = label.trim();
  if (!trimmedLabel) throw new EntityRegistryError('an entity needs a label');
  return { id: newEntityId(ids), name: requireName(name, 'the name'), label: trimmedLabel, aliases: [] };
}

/** Adds an entity; returns the registry itself if one with that id is already there. */
export function addEntity(registry: EntityRegistry, entity: Entity): EntityRegistry {
  if (registry.entities.some((e) => e.id === entity.id)) return registry;
  return { ...registry, entities: [...registry.entities, entity] };
}

function updateEntity(registry: EntityRegistry, id: string, change: (e: Entity) => Entity): EntityRegistry {
  const i = registry.entities.findIndex((e) => e.id === id);
  const old = registry.entities[i];
  if (!old) return registry;
  const next = change(old);
  if (next === old) return registry;
  const entities = [...registry.entities];
  entities[i] = next;
  return { ...registry, entities };
}

/**
 * Renames an entity: the old name becomes an alias (unless it already is
 * one), and the new name stops being an alias. Every mention follows, since
 * annotations store the id. Throws an EntityRegistryError for an empty name.
 */
export function renameEntity(registry: EntityRegistry, id: string, name: string): EntityRegistry {
  const next = requireName(name, 'the name');
  return updateEntity(registry, id, (e) => {
    if (e.name === next) return e;
    const aliases = e.aliases.filter((a) => normalizeName(a) !== next);
    if (!aliases.some((a) => normalizeName(a) === normalizeName(e.name))) aliases.push(e.name);
    return { ...e, name: next, aliases };
  });
}

/** Adds an alias; no change if it is empty, the name itself, or already an alias. */
export function addAlias(registry: EntityRegistry, id: string, alias: string): EntityRegistry {
  const next = normalizeName(alias);
  if (!next || next.length > MAX_TEXT) return registry;
  return updateEntity(registry, id, (e) => {
    if (normalizeName(e.name) === next || e.aliases.some((a) => normalizeName(a) === next)) return e;
    return { ...e, aliases: [...e.aliases, next] };
  });
}

/** Removes an alias (compared after normalisation); no change if it is not one. */
export function removeAlias(registry: EntityRegistry, id: string, alias: string): EntityRegistry {
  const gone = normalizeName(alias);
  return updateEntity(registry, id, (e) => {
    const aliases = e.aliases.filter((a) => normalizeName(a) !== gone);
    return aliases.length === e.aliases.length ? e : { ...e, aliases };
  });
}

/**
 * Sets the id of the entity in another knowledge base (`source`, e.g.
 * 'wikidata'); an empty or undefined `value` removes it. Throws an
 * EntityRegistryError for an empty source.
 */
export function setExternalId(registry: EntityRegistry, id: string, source: string, value: string | undefined): EntityRegistry {
  const key = source.trim();
  if (!key) throw new EntityRegistryError('an external id needs a source, e.g. wikidata');
  if (key.length > MAX_KEY) throw new EntityRegistryError(`the source "${key.slice(0, 20)}…" is longer than ${MAX_KEY} characters`);
  const v = value?.trim() ?? '';
  return updateEntity(registry, id, (e) => {
    const current = e.externalIds?.[key];
    if ((current ?? '') === v) return e;
    const externalIds = { ...e.externalIds };
    if (v) externalIds[key] = v;
    else delete externalIds[key];
    const { externalIds: _old, ...rest } = e;
    return Object.keys(externalIds).length ? { ...rest, externalIds } : rest;
  });
}

/** Sets the entity label (PERSON, ORG, …). Throws an EntityRegistryError for an empty one. */
export function setEntityLabel(registry: EntityRegistry, id: string, label: string): EntityRegistry {
  const next = label.trim();
  if (!next) throw new EntityRegistryError('an entity needs a label');
  return updateEntity(registry, id, (e) => (e.label === next ? e : { ...e, label: next }));
}

/** Sets the note; an empty one removes it. */
export function setEntityNote(registry: EntityRegistry, id: string, note: string | undefined): EntityRegistry {
  const next = note ?? '';
  return updateEntity(registry, id, (e) => {
    if ((e.note ?? '') === next) return e;
    const { note: _old, ...rest } = e;
    return next ? { ...rest, note: next } : rest;
  });
}

/**
 * Removes an entity from the registry. Annotations that point at it keep the
 * id (they are not in the registry's file), so callers should only offer this
 * for entities without mentions.
 */
export function removeEntity(registry: EntityRegistry, id: string): EntityRegistry {
  const entities = registry.entities.filter((e) => e.id !== id);
  return entities.length === registry.entities.length ? registry : { ...registry, entities };
}

// ---- suggestions ----------------------------------------------------------------

export interface EntityMatch {
  entity: Entity;
  /** The name or alias that matched. */
  matched: string;
  via: 'name' | 'alias';
  /** How it matched, best first: the whole name/alias, its beginning, the beginning of one of its words. */
  kind: 'exact' | 'prefix' | 'word';
}

const KIND_RANK = { exact: 0, prefix: 1, word: 2 } as const;
/** Suggestions in a human order (far faster than String#localeCompare on long lists). */
const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** A name or alias prepared for matching: folded, and folded from each later word on. */
interface Folded {
  folded: string;
  tails: string[];
}

function prepare(candidate: string): Folded {
  const folded = foldName(candidate);
  const words = folded.split(/[\s\-‐–—'’.,()/]+/u);
  const tails: string[] = [];
  for (let i = 1; i < words.length; i++) if (words[i]) tails.push(words.slice(i).join(' '));
  return { folded, tails };
}

/** Entities are immutable (every operation makes new ones), so their prepared names can be cached by identity. */
const preparedNames = new WeakMap<Entity, Folded[]>();

function preparedOf(entity: Entity): Folded[] {
  let prepared = preparedNames.get(entity);
  if (!prepared) {
    prepared = [entity.name, ...entity.aliases].map(prepare);
    preparedNames.set(entity, prepared);
  }
  return prepared;
}

function matchKind(candidate: Folded, query: string): EntityMatch['kind'] | null {
  if (candidate.folded === query) return 'exact';
  if (candidate.folded.startsWith(query)) return 'prefix';
  // The beginning of a later word: "saltz" finds "Chance Saltzman".
  return candidate.tails.some((t) => t.startsWith(query)) ? 'word' : null;
}

/**
 * Entities whose name or an alias begins with `text` (case-insensitive, after
 * NFC normalisation and white-space folding), or one of whose words does.
 * Best first: exact before prefix before word matches, the name before an
 * alias, then entities with `options.label`, then by name. Empty text matches nothing.
 */
export function findEntitiesMatching(
  registry: EntityRegistry,
  text: string,
  options: { label?: string; limit?: number } = {},
): EntityMatch[] {
  const query = foldName(text);
  if (!query) return [];
  const matches: EntityMatch[] = [];
  for (const entity of registry.entities) {
    let best: EntityMatch | null = null;
    const prepared = preparedOf(entity);
    for (let i = 0; i < prepared.length; i++) {
      const kind = matchKind(prepared[i] as Folded, query);
      if (kind && (!best || KIND_RANK[kind] < KIND_RANK[best.kind])) {
        best = { entity, matched: i === 0 ? entity.name : (entity.aliases[i - 1] as string), via: i === 0 ? 'name' : 'alias', kind };
      }
    }
    if (best) matches.push(best);
  }
  const label = options.label;
  matches.sort(
    (a, b) =>
      KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
      (a.via === b.via ? 0 : a.via === 'name' ? -1 : 1) ||
      (label === undefined ? 0 : Number(b.entity.label === label) - Number(a.entity.label === label)) ||
      byName.compare(a.entity.name, b.entity.name) ||
      compareStrings(a.entity.id, b.entity.id),
  );
  return options.limit === undefined ? matches : matches.slice(0, options.limit);
}
