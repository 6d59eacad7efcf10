// Argument schemas and result types of the curation channels (inter-annotator
// agreement across two folders, tag all occurrences across the corpus). They
// are listed in app/ipc/contract.ts like every other channel; they live here
// so that file stays short. See docs/agreement.md.
import { z } from 'zod';
import type { AgreementReport } from '../agreement';
import type { Disagreement } from '../agreement-merge';
import type { Annotation } from '../sidecar/sidecar-schema';
import { ANNOTATION_TYPES } from '../sidecar/sidecar-schema';

const RelPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'no NUL characters');

// ---- agreement between two folders -------------------------------------------------

/** Opens the folder picker; the folder chosen becomes an allowed `otherRoot` for compareDocument. */
export const CompareWithFolderArgs = z.strictObject({});

/** Only a folder chosen through compareWithFolder's dialog (in this run of the app) is accepted. */
export const CompareDocumentArgs = z.strictObject({ otherRoot: z.string().min(1).max(4096), path: RelPath });

/** The open corpus's git branches and tags, to compare with one of them (none when it is not in a git repository). */
export const ListRevisionsArgs = z.strictObject({});

export interface RevisionList {
  /** False when the open corpus is not in a git repository (or git is not installed): `message` says which. */
  repository: boolean;
  /** The branch checked out (null: detached or no repository). */
  current: string | null;
  /** Branches, remote branches and tags, by short name. */
  revisions: string[];
  message?: string;
}

/**
 * The open corpus as it is in git revision `rev` (read from git, not checked
 * out) becomes an allowed `otherRoot` for compareDocument, as a chosen folder does.
 */
export const CompareWithRevisionArgs = z.strictObject({
  rev: z
    .string()
    .min(1)
    .max(256)
    .refine((r) => !r.startsWith('-') && !r.includes('\0'), 'a branch, tag or commit'),
});

/** One document of the open corpus paired with the same path in the other folder. */
export interface DocumentPair {
  path: string;
  /** Present (as a text document) in the open corpus / in the other folder. */
  inCurrent: boolean;
  inOther: boolean;
  /** Annotation counts from each side's sidecar (0 when absent). */
  annotationsA: number;
  annotationsB: number;
  /** A sidecar on either side that cannot be read. */
  problem?: string;
}

export interface FolderComparison {
  /** The real path of the folder chosen; pass it to compareDocument. */
  otherRoot: string;
  otherName: string;
  /** Every text document of either side, by path. Figures come per document from compareDocument. */
  pairs: DocumentPair[];
}

export interface DocumentComparison {
  path: string;
  otherRoot: string;
  /** False when the two copies of the text differ or a sidecar cannot be read: `problem` says which. */
  comparable: boolean;
  problem?: string;
  /** Comparable, but worth knowing (say, a sidecar made for an older version of the text). */
  warnings: string[];
  /** The open corpus's annotations (A) and the other folder's (B). */
  a: Annotation[];
  b: Annotation[];
  /** null when not comparable. Its `counts` add up across documents (app/agreement.ts aggregateCounts). */
  report: AgreementReport | null;
  disagreements: Disagreement[];
}

// ---- tag all occurrences across the corpus -----------------------------------------

export const OccurrenceOptionsSchema = z.strictObject({
  caseSensitive: z.boolean().optional(),
  wholeWord: z.boolean().optional(),
  ignoreNormalization: z.boolean().optional(),
});

export const FindOccurrencesArgs = z.strictObject({
  text: z.string().min(1).max(1000),
  /** Spans already tagged with this label are left out (and counted). */
  label: z.string().min(1).max(64).optional(),
  options: OccurrenceOptionsSchema.optional(),
  /** Search only these documents (default: every text document). */
  paths: z.array(RelPath).max(100_000).optional(),
});

export const TagOccurrencesArgs = z.strictObject({
  label: z.string().min(1).max(64),
  type: z.enum(ANNOTATION_TYPES),
  items: z
    .array(z.strictObject({ path: RelPath, start: z.number().int().nonnegative(), end: z.number().int().positive() }))
    .max(100_000),
  /** Documents not to write (the one open in the app, which applies its own items through its undo history). */
  skipPaths: z.array(RelPath).max(1000).optional(),
  author: z.string().min(1).max(200).optional(),
});

export interface FoundOccurrence {
  /** Code points, half-open. */
  start: number;
  end: number;
  text: string;
  /** Up to 40 code points of context each side, line breaks as spaces. */
  before: string;
  after: string;
}

export interface DocumentOccurrences {
  path: string;
  occurrences: FoundOccurrence[];
  /** Occurrences left out because they are already tagged with the label. */
  alreadyTagged: number;
}

export interface FindOccurrencesResult {
  /** Documents with at least one occurrence (or one already tagged), by path. */
  documents: DocumentOccurrences[];
  total: number;
  alreadyTagged: number;
  /** The search stopped at MAX_OCCURRENCES. */
  truncated: boolean;
  /** Documents left out (unreadable sidecar, text changed since annotated), each naming its file. */
  problems: string[];
}

export interface TagOccurrencesResult {
  /** Per document written: annotations added, items skipped (already there, or outside the text). */
  documents: { path: string; added: number; skipped: number }[];
  added: number;
  /** Paths in skipPaths that had items: the caller applies those itself. */
  skippedOpen: string[];
  /** Documents not written, each naming its file and why. */
  problems: string[];
}
