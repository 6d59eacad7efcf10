// Three-way merge of the label schema (.marginalia/schema.json): labels,
// relation types and attributes by name. Pure.
//
// Like the registry, the schema file has no place for conflicts: a label
// changed differently on both sides keeps ours' version and is reported. Two
// labels added on both sides may claim one hotkey: the one theirs added loses
// its hotkey (the analyst picks another in Labels…) and that is reported too.
// A merge that still fails the schema's checks is refused, and ours is kept.
import { checkLabelSchema, normalizeLabelSchema, type LabelSchemaFile } from '../label-schema';
import { mergeLists } from './three-way';

export interface LabelSchemaMerge {
  schema: LabelSchemaFile;
  conflicts: string[];
}

type ListName = 'entityLabels' | 'claimLabels' | 'relationTypes' | 'attributes' | 'documentLabels';
const LISTS: readonly ListName[] = ['entityLabels', 'claimLabels', 'relationTypes', 'attributes', 'documentLabels'];
const KEYED = ['entityLabels', 'claimLabels', 'documentLabels'] as const;
const WHAT: Record<ListName, string> = {
  entityLabels: 'entity label',
  claimLabels: 'claim label',
  relationTypes: 'relation type',
  attributes: 'attribute',
  documentLabels: 'document label',
};

export function mergeLabelSchemas(base: LabelSchemaFile | null, ours: LabelSchemaFile, theirs: LabelSchemaFile): LabelSchemaMerge {
  const b = base ? normalizeLabelSchema(base) : null;
  const o = normalizeLabelSchema(ours);
  const t = normalizeLabelSchema(theirs);
  const conflicts: string[] = [];
  const merged = { ...o } as Record<ListName, { name: string; hotkey?: string }[]>;
  for (const list of LISTS) {
    const items = (s: LabelSchemaFile | null) => (s?.[list] ?? []) as { name: string; hotkey?: string }[];
    const r = mergeLists(items(b), items(o), items(t), (x) => x.name);
    for (const c of r.conflicts) {
      const how = c.ours === undefined ? 'deleted by ours and changed by theirs: kept' : c.theirs === undefined ? 'deleted by theirs and changed by ours: kept' : "changed on both sides: ours' version kept";
      conflicts.push(`${WHAT[list]} ${c.id}: ${how}`);
    }
    merged[list] = r.merged;
  }
  // Hotkeys: what ours has stays; a label only theirs brought gives its key up on a clash.
  // Document labels share the keys but not the names, hence list-qualified names.
  const ownKey = (list: string, name: string) => `${list}\u0000${name}`;
  const oursNames = new Set(KEYED.flatMap((list) => ((o[list] ?? []) as { name: string }[]).map((l) => ownKey(list, l.name))));
  const keys = new Map<string, string>();
  for (const list of KEYED) for (const l of merged[list]) if (oursNames.has(ownKey(list, l.name)) && l.hotkey) keys.set(l.hotkey, l.name);
  for (const list of KEYED) {
    merged[list] = merged[list].map((l) => {
      if (oursNames.has(ownKey(list, l.name)) || !l.hotkey) return l;
      const holder = keys.get(l.hotkey);
      if (holder === undefined) {
        keys.set(l.hotkey, l.name);
        return l;
      }
      conflicts.push(`label ${l.name}: its hotkey "${l.hotkey}" is ${holder}'s here, so it has none now`);
      const { hotkey: _hotkey, ...rest } = l;
      return rest;
    });
  }
  const schema = merged as unknown as LabelSchemaFile;
  const problems = checkLabelSchema(schema);
  if (problems.length) {
    return { schema: o, conflicts: [...conflicts, `the merged schema would be invalid (${problems.join('; ')}): ours kept as it was`] };
  }
  return { schema, conflicts };
}
