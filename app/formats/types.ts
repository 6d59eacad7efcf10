// Shared types of the dataset formats. Formats are pure functions over
// in-memory documents: no file system here. The exporter (main/export) feeds
// them one document at a time and writes what they return as it goes.
import type { LabelSchemaFile } from '../label-schema';
import type { TextIndex } from '../offsets';
import type { AnnotationType, Category, CLAIM_STATUSES, DocumentStatus, Sidecar, STANCES } from '../sidecar/sidecar-schema';

/** One document as the formats see it: its corpus path, decoded text and (already filtered) sidecar. */
export interface ExportDocument {
  /** Relative to the corpus root, forward slashes. */
  path: string;
  /** The decoded text: no BOM, line endings exactly as in the file. */
  text: string;
  /** Null for a document that has no sidecar yet. */
  sidecar: Sidecar | null;
  /** An index over `text`, when the caller has built one already (formats build their own otherwise). */
  index?: TextIndex;
}

export interface ExportContext {
  schema: LabelSchemaFile;
  /** A name for this output (the corpus name, or the split part), used where a format has a title. */
  title?: string;
  /** CoNLL only: also tag claim spans (set when the label filter names a claim label). */
  includeClaims?: boolean;
  /** doccano only: the unit of its offsets (default UTF-16 code units, doccano's own). */
  offsets?: 'utf16' | 'codepoints';
  /** doccano only: leave out spans that overlap a longer one (doccano's default project refuses them). */
  overlaps?: 'keep' | 'drop';
  /** W3C and ClaimReview: the absolute IRI document and annotation ids are made from. */
  base?: string;
  /** Knowledge-base id (a Wikidata QID or an IRI) of each registry entity that has one, by entity id. */
  kbIds?: Record<string, string>;
  /** The registry's name of each entity, by entity id (ClaimReview's claimant). */
  entityNames?: Record<string, string>;
}

/**
 * Output text: a string, or the same text already encoded as UTF-8 (what an
 * export worker sends back, so main never copies or encodes it again).
 */
export type ExportText = string | Uint8Array;

/** A whole file a format writes besides (or instead of) its main stream. */
export interface ExportFile<T extends ExportText = ExportText> {
  /**
   * Folder formats (brat): a path relative to the output folder, forward slashes.
   * File formats: a companion file's suffix, written beside the main file as `<stem><name>`.
   */
  name: string;
  text: T;
}

/** What one step of an exporter produces. */
export interface ExportChunk {
  /** Appended to the main output file (file formats), pieces in order. */
  main?: ExportText | ExportText[];
  /** Whole files (folder formats, companion files). */
  files?: ExportFile[];
}

/**
 * One document rendered by its format, before it takes its place in the
 * output: its output text (`main`, `files`), which fold() only places and
 * never reads, so a worker can send it back as UTF-8 bytes, and `meta`, the
 * small structured-cloneable facts fold() keeps count of.
 */
export interface RenderedDocument<M = unknown, T extends ExportText = ExportText> {
  main?: T;
  files?: ExportFile<T>[];
  meta: M;
}

/**
 * One output of one format. Call start() once, add() once per document, then
 * finish(). Each call does work linear in the document it is given, so an
 * export streams with memory bounded by the largest document.
 */
export interface FormatExporter {
  start(): ExportChunk;
  add(doc: ExportDocument): ExportChunk;
  finish(): ExportChunk;
  /** Things the user should know that do not make the export fail (e.g. CoNLL's dropped overlaps). */
  warnings(): string[];
  /** True when the format writes events and equivalence groups; the others get documents without them (and a warning). */
  keepsEvents?: boolean;
  /** True when the format writes comments (brat # lines of other types than AnnotatorNotes); the others warn that they are left out. */
  keepsComments?: boolean;
  /** True when the format writes a relation's argument names (`roles`); the others warn that they are left out. */
  keepsRelationRoles?: boolean;
  /** True when the format writes a relation's `attributes`; the others warn that they are left out. */
  keepsRelationAttributes?: boolean;
  /**
   * add() in two halves, so documents can be rendered in worker threads and
   * folded in order in main: render() depends only on the document and the
   * context, fold() keeps the output's state (separators, counters, label
   * tallies) and takes the text as strings or as UTF-8 bytes alike.
   * add(doc) is fold(render(doc)).
   */
  render(doc: ExportDocument): RenderedDocument<unknown, string>;
  fold(rendered: RenderedDocument): ExportChunk;
}

/** An exporter from its two halves; add() is derived, so the serial and the parallel export run the same code. */
export function splitExporter<M>(parts: {
  start(): ExportChunk;
  render(doc: ExportDocument): RenderedDocument<M, string>;
  fold(rendered: RenderedDocument<M>): ExportChunk;
  finish(): ExportChunk;
  warnings(): string[];
  keepsEvents?: boolean;
  keepsComments?: boolean;
  keepsRelationRoles?: boolean;
  keepsRelationAttributes?: boolean;
}): FormatExporter {
  return {
    ...(parts.keepsEvents ? { keepsEvents: true } : {}),
    ...(parts.keepsComments ? { keepsComments: true } : {}),
    ...(parts.keepsRelationRoles ? { keepsRelationRoles: true } : {}),
    ...(parts.keepsRelationAttributes ? { keepsRelationAttributes: true } : {}),
    start: () => parts.start(),
    render: (doc) => parts.render(doc),
    fold: (rendered) => parts.fold(rendered as RenderedDocument<M>),
    add: (doc) => parts.fold(parts.render(doc)),
    finish: () => parts.finish(),
    warnings: () => parts.warnings(),
  };
}

/**
 * The render and fold of an exporter whose items form one JSON array across
 * documents (w3c, claimreview): each item is preceded by ",\n" (the first of
 * all by "\n"), so a document's items joined by ",\n" need only the separator
 * before its first one, which depends on how many came before it.
 */
export function jsonArrayItems(itemsOf: (doc: ExportDocument) => unknown[]) {
  let count = 0;
  return {
    render(doc: ExportDocument): RenderedDocument<number, string> {
      const items = itemsOf(doc).map((x) => JSON.stringify(x));
      return { main: items.join(',\n'), meta: items.length };
    },
    fold({ main, meta }: RenderedDocument<number>): ExportChunk {
      if (meta === 0) return {};
      const first = count === 0;
      count += meta;
      return { main: [first ? '\n' : ',\n', main as ExportText] };
    },
    /** Items folded so far. */
    count: () => count,
  };
}

export const EXPORT_FORMATS = ['jsonl', 'doccano', 'conll', 'brat', 'labelstudio', 'w3c', 'csv', 'claimreview', 'fever'] as const;
export const IMPORT_FORMATS = ['brat', 'jsonl', 'doccano', 'labelstudio'] as const;
export type ExportFormatName = (typeof EXPORT_FORMATS)[number];
export type ImportFormatName = (typeof IMPORT_FORMATS)[number];

export type Stance = (typeof STANCES)[number];
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Code-point offsets, half-open. */
export interface Range {
  start: number;
  end: number;
}

/** A span read from an imported file, before it is placed in the source text. */
export interface ImportedSpan {
  /** Its id in the imported file (brat T1, a Label Studio region id, a JSONL span id). */
  ref: string;
  /** Where it was read, for messages: "x.ann line 3". */
  origin: string;
  /** When the file says; otherwise decided from the label schema. */
  type?: AnnotationType;
  label: string;
  /**
   * Code-point offsets in the file's coordinates (see ImportedDocument.coordinates).
   * Several fragments for a brat discontinuous span; otherwise one.
   */
  fragments: Range[];
  /** Other readings of the offsets to try when the first does not match the quote (Label Studio's UTF-16). */
  alternatives?: Range[];
  /** The text the file says the span covers (fragments joined with a space for brat). */
  quote?: string;
  entity?: string;
  /** References into other knowledge bases, with their names (brat N lines). */
  normalizations?: { ref: string; name: string }[];
  note?: string;
  /** brat "#" lines of other types than AnnotatorNotes, in file order. */
  comments?: { type: string; text: string }[];
  attributes?: Record<string, string | number | boolean>;
  stance?: Stance;
  status?: ClaimStatus;
  /** The ref of the span naming who makes this claim. */
  claimantRef?: string;
}

export interface ImportedRelation {
  ref: string;
  origin: string;
  type: string;
  from: string;
  to: string;
  /** Argument names other than Arg1 and Arg2 (brat), first for `from`. */
  roles?: [string, string];
  note?: string;
  comments?: { type: string; text: string }[];
  attributes?: Record<string, string | number | boolean>;
}

/** An event read from an imported file (brat E lines): refs are the file's ids (T for the trigger, T or E for arguments). */
export interface ImportedEvent {
  ref: string;
  origin: string;
  type: string;
  trigger: string;
  arguments: { role: string; ref: string }[];
  note?: string;
  comments?: { type: string; text: string }[];
  attributes?: Record<string, string | number | boolean>;
}

/** An equivalence group read from an imported file (brat * lines), by the file's ids. */
export interface ImportedEquivalence {
  origin: string;
  type: string;
  members: string[];
}

/** One document's annotations read from an imported file. */
export interface ImportedDocument {
  /** Where it was read, for messages. */
  origin: string;
  /** The corpus document it belongs to, when the file names it. */
  path?: string;
  /** The text the file carries, when it does (used to find the document when there is no path). */
  text?: string;
  /**
   * What the offsets count: 'source' = code points over the source text;
   * 'lf' = code points over the source text with every CRLF/CR turned into LF (brat).
   */
  coordinates: 'source' | 'lf';
  status?: DocumentStatus;
  spans: ImportedSpan[];
  relations: ImportedRelation[];
  events?: ImportedEvent[];
  equivalences?: ImportedEquivalence[];
  /** Document-level labels the file sets on the whole document. */
  categories?: Category[];
  /** Lines or items that could not be read at all (the import reports them and exits 1). */
  problems: string[];
  /** Things left out on purpose that do not fail the import (e.g. document-level choices). */
  warnings?: string[];
}

