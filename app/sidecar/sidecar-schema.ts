// The sidecar format is a public API: this zod schema is its single source of
// truth; resources/sidecar.schema.json is generated from it (npm run gen:schema)
// and a test keeps the two in step. sidecar-fast.ts repeats its rules by hand
// for speed: a rule changed here must be changed there (its test compares them).
import { z } from 'zod';

export const SIDECAR_FORMAT = 'marginalia-annotations';
/**
 * Version 2 added `orphans`: annotations that re-anchoring could not place in
 * the current source text, kept (never dropped) until someone re-attaches or
 * deletes them. Version 3 added `conflicts`: what a three-way merge (the git
 * merge driver, app/merge3/) could not decide. Older files are migrated on
 * read (app/sidecar/migrations.ts).
 */
export const SIDECAR_VERSION = 3;
export const SIDECAR_SUFFIX = '.annotations.json';

export const ANNOTATION_TYPES = ['entity', 'claim'] as const;
export const STANCES = ['asserted', 'reported', 'hedged', 'denied'] as const;
export const CLAIM_STATUSES = ['unverified', 'supported', 'disputed', 'refuted'] as const;
export const DOCUMENT_STATUSES = ['todo', 'in-progress', 'done'] as const;

const offset = z.number().int().nonnegative();
const nonEmpty = z.string().min(1);

export const FragmentSchema = z
  .strictObject({ start: offset, end: offset })
  .refine((f) => f.end > f.start, { message: 'a fragment\'s end must be greater than its start', path: ['end'] });

export const AttributeValueSchema = z.union([z.string(), z.number(), z.boolean()]);

/**
 * Text of a named kind attached to an annotation, relation or event: brat's
 * "#" lines of any type other than AnnotatorNotes ("#1<TAB>Lemma T1<TAB>
 * harbour|pilot", as brat's TDT corpus stores each token's lemma), kept in
 * their order with the text exactly as it came. Optional within version 3.
 */
export const CommentSchema = z.strictObject({ type: nonEmpty, text: z.string() });
const CommentsSchema = z.array(CommentSchema).min(1);

export const AnnotationSchema = z
  .strictObject({
    id: nonEmpty,
    type: z.enum(ANNOTATION_TYPES),
    label: nonEmpty,
    /** Code points, half-open [start, end), over the decoded text. */
    start: offset,
    end: offset,
    /** The exact text covered, for re-anchoring and for people reading the JSON. */
    text: z.string(),
    prefix: z.string(),
    suffix: z.string(),
    entity: nonEmpty.optional(),
    attributes: z.record(z.string(), AttributeValueSchema).optional(),
    note: z.string().optional(),
    author: z.string().optional(),
    created: z.string().optional(),
    modified: z.string().optional(),
    claimant: nonEmpty.optional(),
    stance: z.enum(STANCES).optional(),
    status: z.enum(CLAIM_STATUSES).optional(),
    /**
     * A claim's verdict in the reviewer's own words ("Misleading: the launch
     * was postponed, not cancelled"); `status` is its normalised form. Added
     * without a version change: files without it read as before, and an older
     * build refuses a file holding it (its schema is strict) rather than
     * misreading it.
     */
    verdict: z.string().optional(),
    /**
     * A discontinuous span (brat's "T1 Org 0 5;10 15"): its pieces, in order,
     * not overlapping; start and end are then the first piece's start and the
     * last one's end, and text, prefix and suffix are those of the whole
     * extent. Formats that cannot hold pieces write the whole extent. Checked
     * for shape only: pieces that no longer fit the span (after an edit that
     * moved it) are ignored by the formats, never a reason to refuse a file.
     */
    fragments: z.array(FragmentSchema).min(2).optional(),
    /**
     * References into other knowledge bases made where the span was annotated
     * (brat's N lines: "Wikipedia:534366" named "Barack Obama"), kept as they
     * came; the registry entity (`entity`) is the corpus's own link.
     */
    normalizations: z.array(z.strictObject({ ref: nonEmpty, name: z.string() })).min(1).optional(),
    /** brat "#" lines of a type other than AnnotatorNotes (that one is `note`); see CommentSchema. */
    comments: CommentsSchema.optional(),
  })
  .refine((a) => a.end > a.start, { message: 'end must be greater than start', path: ['end'] })
  .refine((a) => !a.fragments || a.fragments.every((f, i) => i === 0 || f.start >= (a.fragments?.[i - 1]?.end ?? 0)), {
    message: 'fragments must be in order and not overlap',
    path: ['fragments'],
  });

export const RelationSchema = z.strictObject({
  id: nonEmpty,
  type: nonEmpty,
  from: nonEmpty,
  to: nonEmpty,
  note: z.string().optional(),
  /** Attributes set on the relation itself (brat's "A1 Negation R1"); optional within version 3. */
  attributes: z.record(z.string(), AttributeValueSchema).optional(),
  comments: CommentsSchema.optional(),
  /**
   * The names of its two arguments when they are not brat's Arg1 and Arg2
   * (brat's "Coref Anaphora:T2 Antecedent:T1": `from` is the first, `to` the
   * second). Optional within version 3.
   */
  roles: z.array(nonEmpty).length(2).optional(),
});

/**
 * One argument of an event: its role ("Theme", "Theme2", "Cause": brat numbers
 * a repeated role, and the number is kept as part of the name) and the id of
 * an annotation or of another event.
 */
export const EventArgumentSchema = z.strictObject({ role: nonEmpty, ref: nonEmpty });

/**
 * An event (brat's "E1 Binding:T3 Theme:T1 Theme2:T2"): a type, the
 * annotation whose span states it (`trigger`), and its arguments in order.
 * Optional within version 3, like `categories`.
 */
export const EventSchema = z.strictObject({
  id: nonEmpty,
  type: nonEmpty,
  trigger: nonEmpty,
  arguments: z.array(EventArgumentSchema),
  attributes: z.record(z.string(), AttributeValueSchema).optional(),
  note: z.string().optional(),
  comments: CommentsSchema.optional(),
});

/** A group of annotations (or events) that stand for the same thing (brat's "* Equiv T1 T2 T3"). */
export const EquivalenceSchema = z.strictObject({ type: nonEmpty, members: z.array(nonEmpty).min(2) });

export const SourceInfoSchema = z.strictObject({
  name: nonEmpty,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256'),
  /** Length of the decoded text in code points. */
  length: offset,
});

/**
 * One item both sides of a merge changed differently (or one changed and the
 * other deleted). `ours` is the branch merged into, `theirs` the branch merged
 * in, `base` their common ancestor; null means absent there (never existed or
 * deleted). The file stays usable meanwhile: the live lists hold `ours` (or
 * `theirs` when ours deleted it: an edit beats a deletion), so the entry is a
 * record of the alternative until someone decides.
 */
const conflictOf = <K extends string, T extends z.ZodType>(kind: K, item: T) =>
  z.strictObject({ kind: z.literal(kind), id: nonEmpty, base: item.nullable(), ours: item.nullable(), theirs: item.nullable() });

export const ConflictSchema = z.discriminatedUnion('kind', [
  conflictOf('annotation', AnnotationSchema),
  conflictOf('relation', RelationSchema),
  conflictOf('event', EventSchema),
  // id is the document itself ("status", "source"): one conflict at most of each.
  conflictOf('status', z.enum(DOCUMENT_STATUSES)),
  conflictOf('source', SourceInfoSchema),
]);

/**
 * One document-level label set on the whole document (a category such as
 * topic or source reliability, defined in the label schema's
 * `documentLabels`): its name, and its value when the label has a list of
 * values. A label allowing several values appears once per value.
 */
export const CategorySchema = z.strictObject({ name: nonEmpty, value: nonEmpty.optional() });

/**
 * One decision of a curated merge (the Compare view): which disagreement
 * (`id`, the stretch "start-end"), what was decided (take A, take B, both,
 * neither; `undecided` when it was left as A by default), against whom
 * (`a` and `b`: the two sides' names), by whom (the preferences' author,
 * absent when none is set) and when.
 */
export const CurationDecisionSchema = z.strictObject({
  id: nonEmpty,
  decision: z.enum(['a', 'b', 'both', 'neither', 'undecided']),
  a: z.string(),
  b: z.string(),
  by: z.string().optional(),
  at: nonEmpty,
});

export const SidecarSchema = z.strictObject({
  format: z.literal(SIDECAR_FORMAT),
  version: z.literal(SIDECAR_VERSION),
  source: SourceInfoSchema,
  status: z.enum(DOCUMENT_STATUSES),
  /**
   * Document-level labels (optional within version 3: files without it read
   * as before; an older build refuses a file holding it rather than dropping
   * it). Written only when non-empty, sorted by name then value, no duplicates.
   */
  categories: z.array(CategorySchema).optional(),
  annotations: z.array(AnnotationSchema),
  /**
   * Annotations that could not be placed in the current source after it
   * changed. Their offsets, text and context are as they were last placed (in
   * an earlier version of the source), so they are not spans of the current
   * text and exports leave them out. Ids are shared with `annotations`:
   * relations and claimants may point at orphans. Written only when non-empty.
   */
  orphans: z.array(AnnotationSchema).optional(),
  relations: z.array(RelationSchema),
  /**
   * Events (optional within version 3: files without them read as before; an
   * older build refuses a file holding them rather than dropping them). Kept in
   * the order they were made or imported. Written only when non-empty.
   */
  events: z.array(EventSchema).optional(),
  /** Equivalence groups (optional within version 3, as events). Written only when non-empty, in their order. */
  equivalences: z.array(EquivalenceSchema).optional(),
  /**
   * What a three-way merge left for a person to decide (version 3). Written
   * only when non-empty, sorted by kind then id; an id appears at most once per kind.
   */
  conflicts: z.array(ConflictSchema).optional(),
  /**
   * The record of curated merges applied to this document, oldest first
   * (optional within version 3). Written only when non-empty; only ever appended to.
   */
  curation: z.array(CurationDecisionSchema).optional(),
});

export type Annotation = z.infer<typeof AnnotationSchema>;
export type Relation = z.infer<typeof RelationSchema>;
export type AnnotationEvent = z.infer<typeof EventSchema>;
export type EventArgument = z.infer<typeof EventArgumentSchema>;
export type Equivalence = z.infer<typeof EquivalenceSchema>;
export type SourceInfo = z.infer<typeof SourceInfoSchema>;
export type Sidecar = z.infer<typeof SidecarSchema>;
export type Conflict = z.infer<typeof ConflictSchema>;
export type Category = z.infer<typeof CategorySchema>;
export type CurationDecision = z.infer<typeof CurationDecisionSchema>;
export type ConflictKind = Conflict['kind'];
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
export type AnnotationType = (typeof ANNOTATION_TYPES)[number];
