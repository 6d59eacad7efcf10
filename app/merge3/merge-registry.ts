// Three-way merge of the entity registry (.marginalia/entities.json) by
// entity id, then field by field, so two analysts who changed different
// things about one entity both keep their change. Pure.
//
// The registry format (version 1) has no place for conflicts, and annotations
// in every document point at its ids, so a conflict is settled in the file in
// the way that loses least, and reported (the driver then exits 1 for git):
// - both renamed an entity differently: ours' name, theirs' as an alias (the
//   app keeps an old name as an alias on rename anyway);
// - label, note or one external id changed differently: ours';
// - deleted on one side, changed on the other: kept, as changed.
// Aliases merge as sets: added on either side kept, removed on either removed.
import { normalizeName, type Entity, type EntityRegistry } from '../entity-registry';
import { mergeLists, mergeValue } from './three-way';

export interface RegistryMerge {
  registry: EntityRegistry;
  /** One line per conflict, naming the entity and the field. */
  conflicts: string[];
}

function mergeAliases(base: readonly string[], ours: readonly string[], theirs: readonly string[]): string[] {
  const b = new Set(base);
  const o = new Set(ours);
  const t = new Set(theirs);
  const out: string[] = [];
  for (const a of [...ours, ...theirs]) {
    if (out.includes(a)) continue;
    const removed = b.has(a) && (!o.has(a) || !t.has(a));
    if (!removed) out.push(a);
  }
  return out;
}

function mergeEntity(base: Entity | undefined, ours: Entity, theirs: Entity, conflicts: string[]): Entity {
  const where = `entity ${ours.id} ("${ours.name}")`;
  const field = <T>(name: string, b: T | undefined, o: T | undefined, t: T | undefined): T | undefined => {
    const r = mergeValue(b, o, t);
    if (r.conflict) conflicts.push(`${where}: ${name} changed on both sides (${JSON.stringify(o ?? null)} kept, theirs was ${JSON.stringify(t ?? null)})`);
    return r.value;
  };
  let aliases = mergeAliases(base?.aliases ?? [], ours.aliases, theirs.aliases);
  const nameOutcome = mergeValue(base?.name, ours.name, theirs.name);
  const name = nameOutcome.value ?? ours.name;
  if (nameOutcome.conflict) {
    conflicts.push(`${where}: renamed on both sides ("${ours.name}" kept, "${theirs.name}" added as an alias)`);
    aliases = [...aliases, theirs.name];
  }
  const seen = new Set([normalizeName(name)]);
  aliases = aliases.filter((a) => {
    const n = normalizeName(a);
    if (seen.has(n)) return false;
    seen.add(n);
    return true;
  });
  const label = field('label', base?.label, ours.label, theirs.label) ?? ours.label;
  const note = field('note', base?.note, ours.note, theirs.note);
  const sources = [...new Set([...Object.keys(ours.externalIds ?? {}), ...Object.keys(theirs.externalIds ?? {}), ...Object.keys(base?.externalIds ?? {})])];
  const externalIds: Record<string, string> = {};
  for (const s of sources) {
    const v = field(`external id ${s}`, base?.externalIds?.[s], ours.externalIds?.[s], theirs.externalIds?.[s]);
    if (v !== undefined) externalIds[s] = v;
  }
  return {
    id: ours.id,
    name,
    label,
    aliases,
    ...(Object.keys(externalIds).length ? { externalIds } : {}),
    ...(note !== undefined ? { note } : {}),
  };
}

/** Merges two registries edited from `base` (null when the file is new on both sides). Inputs valid, result valid. */
export function mergeRegistries(base: EntityRegistry | null, ours: EntityRegistry, theirs: EntityRegistry): RegistryMerge {
  const conflicts: string[] = [];
  const { merged, conflicts: deleted } = mergeLists(base?.entities ?? [], ours.entities, theirs.entities, (e) => e.id, (b, o, t) => {
    const before = conflicts.length;
    const value = mergeEntity(b, o, t, conflicts);
    return { value, undecided: conflicts.length > before };
  });
  for (const c of deleted) {
    // Both present is settled field by field above; here one side deleted what the other changed.
    if (c.ours !== undefined && c.theirs !== undefined) continue;
    const kept = c.ours ?? c.theirs;
    if (kept) conflicts.push(`entity ${c.id} ("${kept.name}"): deleted by ${c.ours ? 'theirs' : 'ours'} and changed by ${c.ours ? 'ours' : 'theirs'}: kept`);
  }
  return { registry: { ...ours, entities: merged }, conflicts };
}
