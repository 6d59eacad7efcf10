// The sidecar's JSON Schema, generated from the zod schema (the single source
// of truth) so other tools can validate sidecars without Marginalia. Pure:
// scripts/gen-json-schema.ts writes the result to resources/sidecar.schema.json
// and json-schema.test.ts checks the committed file still matches.
import { z } from 'zod';
import { SIDECAR_FORMAT, SIDECAR_VERSION, SidecarSchema } from './sidecar-schema';

export const SIDECAR_JSON_SCHEMA_PATH = 'resources/sidecar.schema.json';

type JsonObject = Record<string, unknown>;

const DESCRIPTION =
  `A Marginalia annotation sidecar (format "${SIDECAR_FORMAT}", version ${SIDECAR_VERSION}), stored beside its source file as ` +
  '<source name>.annotations.json. Offsets count Unicode code points, half-open [start, end), over the decoded text ' +
  '(after any BOM, line endings as in the file: CRLF is two). ' +
  'Rules this schema cannot express, which Marginalia and `marginalia validate` also check: every annotation ends after ' +
  'it starts (end > start); annotation ids are unique across annotations and orphans together, and relation ids are unique; ' +
  'a claimant and both ends of a relation name an annotation or an orphan in this file; event ids are unique and none is an annotation id, an event\'s trigger ' +
  'names an annotation or orphan, and its arguments and the members of an equivalence group name an annotation, orphan or event; a conflict appears once per kind and id; the offsets of annotations lie ' +
  'within source.length and their text is the source text between them (orphans are exempt: they are kept as they were ' +
  'last placed, in an earlier version of the source). Older versions are migrated on read; this schema describes the ' +
  `current version (${SIDECAR_VERSION}).`;

/** Descriptions for individual properties, by their path through the generated schema. */
const PROPERTY_DESCRIPTIONS: readonly [path: string[], text: string][] = [
  [['properties', 'source'], 'The annotated file: its name, the SHA-256 of its bytes and its length in code points.'],
  [['properties', 'status'], "The document's progress."],
  [
    ['properties', 'categories'],
    "Document-level labels set on the whole document (defined in the label schema's documentLabels): name, and value when the " +
      'label has a list of values; a label allowing several values appears once per value. Optional; written only when non-empty, ' +
      'sorted by name then value, each once.',
  ],
  [['properties', 'annotations'], 'Written sorted by start, end, id.'],
  [
    ['properties', 'annotations', 'items'],
    'An entity mention or a claim. end must be greater than start (not expressible in JSON Schema; checked by Marginalia).',
  ],
  [['properties', 'annotations', 'items', 'properties', 'start'], 'Code-point offset of the first character covered.'],
  [['properties', 'annotations', 'items', 'properties', 'end'], 'Code-point offset just after the last character covered; greater than start.'],
  [['properties', 'annotations', 'items', 'properties', 'text'], 'The exact text covered.'],
  [['properties', 'annotations', 'items', 'properties', 'prefix'], 'Up to 32 code points of text before start, for re-anchoring.'],
  [['properties', 'annotations', 'items', 'properties', 'suffix'], 'Up to 32 code points of text after end, for re-anchoring.'],
  [['properties', 'annotations', 'items', 'properties', 'entity'], "Id of the entity in the corpus's entity registry."],
  [['properties', 'annotations', 'items', 'properties', 'claimant'], 'Claims only: id of the annotation naming who makes the claim.'],
  [
    ['properties', 'orphans'],
    'Annotations that could not be re-anchored after the source changed, kept with the offsets, text and context they ' +
      'last had (in an earlier version of the source) until they are re-attached or deleted. Not spans of the current ' +
      'text: exports leave them out. Relations and claimants may name them. Written only when non-empty; sorted like annotations.',
  ],
  [
    ['properties', 'curation'],
    'The record of curated merges applied to this document (Compare), oldest first: per decision the disagreement (id "start-end"), ' +
      'the side taken (a, b, both, neither; undecided when left as A), the two sides compared (a, b), who decided (by: the author ' +
      'set in Preferences, absent when none) and when (at, ISO 8601). Optional; written only when non-empty; only appended to.',
  ],
  [['properties', 'relations', 'items'], 'A typed, directed link between two annotations of this file, by id.'],
  [
    ['properties', 'events'],
    "Events (brat's E lines), in their order: a type, the trigger (the id of the annotation whose span states it) and the arguments " +
      'in order, each a role (a repeated role keeps brat\'s number: Theme, Theme2) and the id of an annotation or another event; ' +
      'optional attributes and note. Optional; written only when non-empty.',
  ],
  [['properties', 'equivalences'], "Equivalence groups (brat's * lines): a type and two or more member ids (annotations or events). Optional; written only when non-empty."],
  [
    ['properties', 'conflicts'],
    'What a three-way merge (`marginalia merge-driver`) left for a person to decide: per item, its version in the merge base, ' +
      'ours (the branch merged into) and theirs (the branch merged in); null where absent or deleted. The live lists hold ours ' +
      '(theirs when ours deleted it). Kinds: annotation, relation (id: the item\'s id), status, source (id: "status" or "source"). ' +
      'Written only when non-empty; sorted by kind then id; one entry per kind and id.',
  ],
];

/** The sidecar JSON Schema (draft 2020-12) as a plain object. */
export function buildSidecarJsonSchema(): JsonObject {
  const generated = z.toJSONSchema(SidecarSchema, { target: 'draft-2020-12', io: 'input' }) as JsonObject;
  // JSON round trip: a plain, unshared tree that is safe to annotate.
  const body = JSON.parse(JSON.stringify(generated)) as JsonObject;
  for (const [path, text] of PROPERTY_DESCRIPTIONS) {
    let node: unknown = body;
    for (const key of path) node = (node as JsonObject | undefined)?.[key];
    if (typeof node !== 'object' || node === null) throw new Error(`json-schema: no node at ${path.join('/')}`);
    (node as JsonObject).description = text;
  }
  const { $schema, ...rest } = body;
  return { $schema, title: 'Marginalia annotation sidecar', description: DESCRIPTION, ...rest };
}

/** The exact text of resources/sidecar.schema.json: two-space indent, final newline. */
export function sidecarJsonSchemaText(): string {
  return `${JSON.stringify(buildSidecarJsonSchema(), null, 2)}\n`;
}
