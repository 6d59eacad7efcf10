// brat's configuration files for an exported folder: annotation.conf (what
// brat's verifier checks the data against: it must allow everything written)
// and visual.conf (the schema's colours).
import { CLAIM_STATUSES, STANCES } from '../sidecar/sidecar-schema';
import type { AttributeDefinition, LabelSchemaFile } from '../label-schema';
import type { LabelTally } from './common';
import { BRAT_CLAIMANT, BRAT_DOCUMENT, BRAT_STANCE, BRAT_STATUS, bratName, bratValue } from './brat-common';

/** What events, equivalences and document labels add to annotation.conf. */
export interface BratConfExtras {
  /** Event types (brat names) with the roles written, numbers stripped. */
  eventRoles?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Types written only on triggers: event types, not entities. */
  triggerOnly?: ReadonlySet<string>;
  equivalenceTypes?: ReadonlySet<string>;
  /** Relation types written with other argument names than Arg1 and Arg2 (brat's verifier checks them by name). */
  relationRoles?: ReadonlyMap<string, readonly [string, string]>;
  /** A Document span (document labels) was written. */
  document?: boolean;
}

/**
 * annotation.conf for the labels of the schema and any others the documents
 * used; attributes from the schema's definitions and from what was written.
 */
export function annotationConf(
  tally: LabelTally,
  attributes: ReadonlyMap<string, ReadonlySet<string>>,
  definitions: readonly AttributeDefinition[] = [],
  attributeTypes: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
  extras: BratConfExtras = {},
): string {
  /** The types an attribute may take: those declared, and every type the data put it on (brat's verifier checks both). */
  const argOf = (name: string, declared: readonly string[]): string => {
    const all = [...new Set([...declared, ...(attributeTypes.get(name) ?? [])])];
    return all.length ? all.join('|') : '<ENTITY>';
  };
  const triggerOnly = extras.triggerOnly ?? new Set<string>();
  const claims = [...new Set([...tally.claim].map(bratName))].filter((c) => !triggerOnly.has(c));
  const entityOnly = [...new Set([...tally.entity].map(bratName))].filter((e) => !claims.includes(e) && !triggerOnly.has(e));
  const entities = [...entityOnly, ...claims, ...(extras.document ? [BRAT_DOCUMENT] : [])];
  const lines = ['# Written by Marginalia from the corpus label schema.', '[entities]', ...entities, '', '[relations]'];
  for (const r of new Set([...tally.relation].map(bratName))) {
    const [role1, role2] = extras.relationRoles?.get(r) ?? ['Arg1', 'Arg2'];
    lines.push(`${r}\t${role1}:<ENTITY>, ${role2}:<ENTITY>`);
  }
  if (claims.length) lines.push(`${BRAT_CLAIMANT}\tArg1:${claims.join('|')}, Arg2:<ENTITY>`);
  // An equivalence type is a symmetric, transitive relation type in brat's configuration.
  for (const q of extras.equivalenceTypes ?? []) lines.push(`${q}\tArg1:<ANY>, Arg2:<ANY>, <REL-TYPE>:symmetric-transitive`);
  lines.push('<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>', '', '[events]');
  // Every trigger's type is an event type (brat's verify_triggers); roles without their number (Theme2 is a second Theme), any number of each.
  const eventTypes = new Map<string, Set<string>>([...triggerOnly].map((t) => [t, new Set<string>()]));
  for (const [type, roles] of extras.eventRoles ?? []) eventTypes.set(type, new Set([...(eventTypes.get(type) ?? []), ...roles]));
  for (const [type, roles] of eventTypes) lines.push(roles.size ? `${type}\t${[...roles].map((r) => `${r}*:<ANY>`).join(', ')}` : type);
  lines.push('', '[attributes]');
  if (claims.length || attributeTypes.has(BRAT_STANCE)) lines.push(`${BRAT_STANCE}\tArg:${argOf(BRAT_STANCE, claims)}, Value:${STANCES.join('|')}`);
  if (claims.length || attributeTypes.has(BRAT_STATUS)) lines.push(`${BRAT_STATUS}\tArg:${argOf(BRAT_STATUS, claims)}, Value:${CLAIM_STATUSES.join('|')}`);
  const declared = new Map<string, { arg: string; values: Set<string>; freeText: boolean }>();
  for (const def of definitions) {
    const name = bratName(def.name);
    const targets = [...new Set(def.appliesTo.flatMap((t) => (t === 'claim' ? claims : entityOnly)))];
    declared.set(name, {
      arg: argOf(name, targets),
      values: new Set((def.values ?? []).map(bratValue)),
      freeText: def.values === undefined,
    });
  }
  for (const [name, values] of attributes) {
    const d = declared.get(name) ?? { arg: argOf(name, []), values: new Set<string>(), freeText: false };
    for (const v of values) d.values.add(v);
    declared.set(name, d);
  }
  for (const [name, d] of declared) {
    if (name === BRAT_STANCE || name === BRAT_STATUS) continue;
    // brat attributes are flags or closed lists: a free-text attribute nobody used has nothing to list.
    if (d.freeText && d.values.size === 0 && !attributeTypes.has(name)) continue;
    lines.push(d.values.size ? `${name}\tArg:${d.arg}, Value:${[...d.values].join('|')}` : `${name}\tArg:${d.arg}`);
  }
  return `${lines.join('\n')}\n`;
}

/** visual.conf: the schema's colours, so brat shows the labels as Marginalia does. */
export function visualConf(schema: LabelSchemaFile): string {
  const lines = ['# Written by Marginalia from the corpus label schema.', '[labels]', '', '[drawing]'];
  lines.push('SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken');
  lines.push('ARC_DEFAULT\tcolor:black, arrowHead:triangle-5');
  lines.push('ATTRIBUTE_DEFAULT\tglyph:*');
  for (const l of [...schema.entityLabels, ...schema.claimLabels]) lines.push(`${bratName(l.name)}\tbgColor:${l.colour}`);
  return `${lines.join('\n')}\n`;
}
