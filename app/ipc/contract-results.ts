// What the IPC channels carry back: the result types of app/ipc/contract.ts's
// channels (documents, saves, exports, the About box, progress, the entity
// registry, training data). Types only; contract.ts re-exports them, so code
// imports them from there.
import type { Category, Sidecar, DocumentStatus, SourceInfo } from '../sidecar/sidecar-schema';
import type { ExportFormatName } from '../formats/types';
import type { ReanchorReport } from '../reanchor';
import type { SuggestionTrainingData } from '../recommenders/learned';
import type { SuggestionRule } from '../recommenders/rules';
import type { LabelSchemaFile } from '../label-schema';
import type { EntityRegistry } from '../entity-registry';

export interface CorpusSummary {
  /** Absolute path of the corpus folder, for display. */
  root: string;
  name: string;
  /** True when this is the sample corpus bundled with the app. */
  isSample: boolean;
}

export type DocumentKind = 'text' | 'unsupported';

export interface DocumentEntry {
  /** Relative to the corpus root, forward slashes. */
  path: string;
  name: string;
  kind: DocumentKind;
  size: number;
  annotationCount: number;
  status: DocumentStatus;
  /** Set when the sidecar exists but cannot be read. */
  sidecarProblem?: string;
  /** Annotations per label (from the sidecar), for filtering the list by label; absent when there are none. */
  labelCounts?: Record<string, number>;
  /** Annotations kept as orphans in the sidecar (could not be re-anchored after the source changed); absent when none. */
  orphanCount?: number;
  /** Text documents: the first non-empty line, or an HTML page's title, from the file's first few KB; absent when none. */
  title?: string;
  /** Document-level labels set on it (sidecar `categories`); absent when none. */
  categories?: Category[];
}

export interface OpenedDocument {
  path: string;
  text: string;
  sha256: string;
  /** Length of `text` in code points. */
  length: number;
  sidecar: Sidecar | null;
  /** The sidecar exists but is unreadable: annotations are read-only, the file is kept. */
  sidecarProblem?: { message: string; backupPath?: string };
  /**
   * Annotations of the sidecar whose spans do not fit the text (past its end,
   * or over other text than they record): shown with this warning, read-only,
   * never painted at a guessed place. Main refuses spans past the end on save.
   */
  spanProblems?: { message: string; ids: string[] };
  /**
   * The sidecar was written for different source bytes. `sidecar` then holds
   * the annotations re-anchored onto `text` (placed ones in `annotations`,
   * the ones that could not be placed in `orphans`, source = this text) and
   * `reanchor` says what moved. Nothing was written: the file on disk still
   * holds the old version until the app saves (which first keeps a copy,
   * `<sidecar>.before-reanchor-<time>.bak`).
   */
  sourceChanged: boolean;
  /** Set when sourceChanged and a sidecar was read: how its annotations were re-anchored. */
  reanchor?: DocumentReanchor;
  /**
   * SHA-256 of the sidecar file's bytes as read (null: there is no sidecar
   * file). Pass it back as saveSidecar's expectedSha256 so a file changed by
   * another program since is not overwritten.
   */
  sidecarSha256?: string | null;
}

/** How a document's annotations were re-anchored after its source changed (app/reanchor.ts). */
export interface DocumentReanchor extends ReanchorReport {
  /** The source the sidecar on disk was written for. */
  previousSource: SourceInfo;
}

/** An export started from the app, as polled by the renderer. */
export interface ExportJobStatus {
  jobId: string;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  done: number;
  total: number;
  /** The file or folder being written. */
  out: string;
  report?: {
    format: ExportFormatName;
    out: string;
    documents: number;
    annotations: number;
    relations: number;
    files: string[];
    problems: string[];
    warnings: string[];
  };
  error?: string;
}

export interface StartupInfo {
  corpus: CorpusSummary | null;
  recent: string[];
  labelSchema: LabelSchemaFile;
  /** A problem opening the requested corpus, shown to the user. */
  problem?: string;
}

export interface SaveResult {
  savedAt: string;
  annotationCount: number;
  /** SHA-256 of the bytes written: the expectedSha256 for the next save. */
  sidecarSha256: string;
  /**
   * Set when this save removes annotations that this app had saved and that
   * another program removed (an older copy restored, the file deleted): the
   * app's version was kept here first (corpus-relative), and `notice` says so.
   */
  backupPath?: string;
  notice?: string;
}

export interface LabelSchemaSaveResult {
  savedAt: string;
  /** The schema as written (keys in a stable order, `attributes` always present). */
  schema: LabelSchemaFile;
  /** Set when the file it replaced could not be used: that file was kept here (corpus-relative). */
  backupPath?: string;
}

// ---- the About box (main/ipc/about.ts) ---------------------------------------------

/** A third-party package bundled into the app, from resources/licenses.json (scripts/collect-licenses.mjs). */
export interface LicenseEntry {
  name: string;
  version: string;
  /** SPDX expression from its package.json, or 'UNKNOWN'. */
  license: string;
  repository?: string;
  /** Whether getLicenseText has a text for it (a LICENSE file shipped with the package). */
  hasText: boolean;
  /** E.g. for Electron: where Chromium's own licences are. */
  note?: string;
}

export interface AboutInfo {
  /** The product name, "Marginalia". */
  name: string;
  version: string;
  /** Runtime versions; null where there is none (the end-to-end harness runs without Electron). */
  electron: string | null;
  chrome: string | null;
  node: string;
  licenses: LicenseEntry[];
  /** Set when the licence list could not be read (not generated: run `npm run build`). */
  problem?: string;
}

export interface LicenseText {
  name: string;
  version: string;
  license: string;
  /** Null when the package ships no licence file. */
  text: string | null;
}


// ---- the progress view ------------------------------------------------------------

export interface CorpusProgress {
  /** Text documents, and how many of them have annotations. */
  documents: number;
  annotated: number;
  /** Text documents by status. */
  progress: Record<DocumentStatus, number>;
  annotations: number;
  /** Annotation counts by type and label, most frequent first within each type. */
  labels: { type: 'entity' | 'claim'; label: string; count: number }[];
  /** Annotation counts by author (null: made without a name), most first; `documents`: how many documents they annotated. */
  annotators: { author: string | null; count: number; documents: number }[];
  /** Sidecars that could not be read, naming the file: not counted. */
  unreadable: string[];
}

// ---- the entity registry ----------------------------------------------------------

export interface EntityRegistryLoadResult {
  /** Empty when the file is missing or cannot be read. */
  registry: EntityRegistry;
  /** Opaque token for the file's bytes in this corpus; pass it back as saveEntityRegistry's baseRevision. */
  revision: string;
  /** The corpus root it belongs to. */
  root: string;
  /** The file exists but cannot be used: it is kept untouched and saves are refused. */
  problem?: string;
  /** Corpus-relative path of the copy kept of an unreadable file. */
  backupPath?: string;
}

export interface EntityRegistrySaveResult {
  savedAt: string;
  /** The revision of the file as written. */
  revision: string;
  entityCount: number;
}

/** One annotation linked to an entity, as saved in its document's sidecar. */
export interface EntityMention {
  path: string;
  annotationId: string;
  text: string;
  /** Code points, half-open. */
  start: number;
  end: number;
  label: string;
  prefix: string;
  suffix: string;
}

export interface EntityMentionsResult {
  /** Sorted by document path, then offsets. */
  mentions: EntityMention[];
  /** Sidecars that could not be read (so mentions in them are not listed), each naming its file. */
  problems: string[];
}

export interface EntityCountsResult {
  /** Per entity id: linked annotations, and documents they are in. */
  counts: Record<string, { mentions: number; documents: number }>;
  problems: string[];
}


// ---- suggestions that learn from the corpus ---------------------------------------

export interface SuggestionTrainingDataResult extends SuggestionTrainingData {
  /** The schema's rules, word lists read in. */
  rules: SuggestionRule[];
  /** Files left out of the training, each named with why. */
  problems: string[];
}
