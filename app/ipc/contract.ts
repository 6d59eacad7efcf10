// The one file that names every IPC channel, with a runtime schema for its
// arguments and the type of its result. Main registers handlers from it, the
// preload exposes exactly it, and the renderer calls it through one typed client.
import { z } from 'zod';
import type { CommandId } from '../commands/command-ids';
import { SidecarSchema, type Category, type Sidecar, type DocumentStatus, type SourceInfo } from '../sidecar/sidecar-schema';
import { SidecarChangesSchema } from '../sidecar/sidecar-changes';
import { type ExportFormatName } from '../formats/types';
import { AppExportRequestSchema } from '../formats/export-request';
import type { ReanchorReport } from '../reanchor';
import type { SuggestionTrainingData } from '../recommenders/learned';
import type { SuggestionRule } from '../recommenders/rules';
import { LabelSchemaFileSchema, type LabelSchemaFile } from '../label-schema';
import type { ChannelName as ListedChannelName, EventName as ListedEventName } from './channel-names';
import { EntityRegistrySchema, type EntityRegistry } from '../entity-registry';
import type { SearchIndexBuildResult, SearchIndexProgress, SearchIndexState, SearchResponse } from '../search/types';
import {
  CompareDocumentArgs,
  CompareWithFolderArgs,
  CompareWithRevisionArgs,
  FindOccurrencesArgs,
  ListRevisionsArgs,
  TagOccurrencesArgs,
  type DocumentComparison,
  type FindOccurrencesResult,
  type FolderComparison,
  type RevisionList,
  type TagOccurrencesResult,
} from './curation-contract';

// The name lists live in channel-names.ts (dependency-free, for the preload).
export { channelNames, eventNames, wireName, eventWireName, isChannelName, isEventName } from './channel-names';

/** A path inside the corpus: relative, forward slashes, no `..`; checked again in main. */
const RelPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'no NUL characters');

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

/** Every channel: its argument schema and (as a phantom) its result type. */
function channel<R>() {
  return <A extends z.ZodType>(args: A) => ({ args, result: undefined as unknown as R });
}

export const ipcContract = {
  getStartup: channel<StartupInfo>()(z.strictObject({})),
  /** The About box: app and runtime versions, and the bundled dependencies with their licences (resources/licenses.json). */
  getAbout: channel<AboutInfo>()(z.strictObject({})),
  /** One bundled dependency's licence text, by package name and version as listed by getAbout (without a version: the first listed). */
  getLicenseText: channel<LicenseText>()(
    z.strictObject({ name: z.string().min(1).max(214), version: z.string().min(1).max(256).optional() }),
  ),
  openCorpusDialog: channel<CorpusSummary | null>()(z.strictObject({})),
  /** Only a root from the recent list is accepted: the renderer cannot name arbitrary folders. */
  openRecentCorpus: channel<CorpusSummary>()(z.strictObject({ root: z.string().min(1).max(4096) })),
  listDocuments: channel<DocumentEntry[]>()(z.strictObject({})),
  openDocument: channel<OpenedDocument>()(z.strictObject({ path: RelPath })),
  /**
   * Writes a document's sidecar atomically. `expectedSha256` (optional): the
   * hash of the sidecar bytes the app last read or wrote (null: it saw no
   * file); when the file on disk holds something else, nothing is written and
   * the call fails with 'conflict'. `sidecar.orphans` absent keeps the orphans
   * of the file on disk (those not placed again in `annotations`); present
   * (even empty) it is the whole list.
   */
  saveSidecar: channel<SaveResult>()(
    z.strictObject({ path: RelPath, sidecar: SidecarSchema, expectedSha256: z.string().regex(/^[0-9a-f]{64}$/).nullable().optional() }),
  ),
  /**
   * Saves what changed since the app's last save of this sidecar (by id; see
   * app/sidecar/sidecar-changes.ts): main applies it to the copy it wrote,
   * whose bytes hash to `baseSha256`, and writes the whole file atomically.
   * 'conflict' when the file on disk changed since; 'stale' when main has no
   * such copy (then save the whole sidecar).
   */
  saveSidecarChanges: channel<SaveResult>()(
    z.strictObject({ path: RelPath, baseSha256: z.string().regex(/^[0-9a-f]{64}$/), changes: SidecarChangesSchema }),
  ),
  /**
   * Removes a document's sidecar (undoing the step that created it) only while
   * its bytes hash to `expectedSha256`: otherwise 'conflict' and nothing is
   * removed. A sidecar already gone is not an error (`deleted: false`); one
   * that cannot be read is never removed.
   */
  deleteSidecar: channel<{ deleted: boolean }>()(
    z.strictObject({ path: RelPath, expectedSha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  ),
  /** Writes the open corpus's .marginalia/schema.json; refused (nothing written) unless checkLabelSchema finds no problem. */
  saveLabelSchema: channel<LabelSchemaSaveResult>()(z.strictObject({ schema: LabelSchemaFileSchema })),
  // The corpus's entity registry (.marginalia/entities.json); see main/corpus/entity-store.ts.
  getEntityRegistry: channel<EntityRegistryLoadResult>()(z.strictObject({})),
  /** Refused ('conflict') when the file changed since baseRevision; ('registry-invalid') when the file on disk is unreadable. */
  saveEntityRegistry: channel<EntityRegistrySaveResult>()(
    z.strictObject({ registry: EntityRegistrySchema, baseRevision: z.string().min(1).max(200).optional() }),
  ),
  findEntityMentions: channel<EntityMentionsResult>()(z.strictObject({ entityId: z.string().min(1).max(256) })),
  countEntityMentions: channel<EntityCountsResult>()(z.strictObject({})),
  /** What the offline recommenders learn from: tagged texts, a sample of annotated documents, aliases, the schema's rules (main/corpus/training-data.ts). */
  getSuggestionTrainingData: channel<SuggestionTrainingDataResult>()(z.strictObject({})),
  // Full-text search (main/search/search-service.ts; query syntax in app/search/query.ts).
  /** Builds the index first if needed (and waits for a build under way); after a cancel, searches what was indexed. */
  searchCorpus: channel<SearchResponse>()(
    z.strictObject({ query: z.string().max(2000), limit: z.number().int().min(1).max(500).optional() }),
  ),
  /** Builds or refreshes the index (progress: event searchIndexProgress); resolves when done or cancelled. */
  buildSearchIndex: channel<SearchIndexBuildResult>()(z.strictObject({})),
  /** Stops a build under way; the index keeps what was read. */
  cancelSearchIndex: channel<SearchIndexState>()(z.strictObject({})),
  // Curation: agreement with another annotator's folder, tag all occurrences (app/ipc/curation-contract.ts).
  /** Folder picker, then the two folders' documents paired by path (null: cancelled). */
  compareWithFolder: channel<FolderComparison | null>()(CompareWithFolderArgs),
  /** One document's agreement figures and disagreements; otherRoot must come from compareWithFolder. */
  compareDocument: channel<DocumentComparison>()(CompareDocumentArgs),
  /** The open corpus's git branches and tags (app/ipc/curation-contract.ts). */
  listRevisions: channel<RevisionList>()(ListRevisionsArgs),
  /** The open corpus at a git revision, read from git, paired like a chosen folder (otherRoot for compareDocument). */
  compareWithRevision: channel<FolderComparison>()(CompareWithRevisionArgs),
  findOccurrences: channel<FindOccurrencesResult>()(FindOccurrencesArgs),
  /** Adds spans to other documents' sidecars (atomic writes, no duplicates); skipPaths are left to the caller. */
  tagOccurrences: channel<TagOccurrencesResult>()(TagOccurrencesArgs),
  // Export from the app (main/export/export-jobs.ts): start (asks where), poll, cancel.
  /** Folder picker, then the export runs in the background; null: the analyst cancelled. */
  startExport: channel<{ jobId: string; out: string } | null>()(AppExportRequestSchema),
  exportStatus: channel<ExportJobStatus>()(z.strictObject({ jobId: z.string().min(1).max(100) })),
  cancelExport: channel<{ cancelled: true }>()(z.strictObject({ jobId: z.string().min(1).max(100) })),
  /** The progress view: documents by status, annotations per label and per annotator across the corpus (main/export/stats-service.ts). */
  getCorpusProgress: channel<CorpusProgress>()(z.strictObject({})),
} as const;

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

export type IpcContract = typeof ipcContract;
export type ChannelName = keyof IpcContract;
export type ArgsOf<C extends ChannelName> = z.infer<IpcContract[C]['args']>;
export type ResultOf<C extends ChannelName> = IpcContract[C]['result'];

/** Compile-time check that two unions are the same. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _channelListMatches: Same<ChannelName, ListedChannelName> = true;

/** Errors cross the bridge as data: a code the UI can act on and a message naming the file. */
export type IpcErrorCode =
  | 'invalid-arguments'
  | 'outside-corpus'
  | 'not-found'
  | 'unsupported'
  | 'invalid-utf8'
  | 'too-large'
  | 'sidecar-invalid'
  | 'io'
  | 'no-corpus'
  | 'internal'
  /** .marginalia/entities.json (or a registry sent to be saved) is not a valid registry. */
  | 'registry-invalid'
  /** The file changed on disk since it was read: nothing was written. */
  | 'conflict'
  /** saveSidecarChanges: main does not hold the version the changes apply to; send the whole sidecar. */
  | 'stale';

export interface IpcError {
  code: IpcErrorCode;
  message: string;
}

export type Envelope<R> = { ok: true; value: R } | { ok: false; error: IpcError };

/** Events main sends to the renderer. */
export const ipcEvents = {
  corpusChanged: undefined as unknown as CorpusSummary,
  menuCommand: undefined as unknown as MenuCommand,
  searchIndexProgress: undefined as unknown as SearchIndexProgress,
  /** A file of the open corpus changed on disk, not by this app (main/corpus/corpus-watcher.ts). */
  corpusFileChanged: undefined as unknown as CorpusFileEvent,
  /** Open this folder (a second launch, the file manager, macOS open-file); main has added it to the recent list, so openRecentCorpus accepts it. */
  openCorpusRequest: undefined as unknown as OpenCorpusRequest,
} as const;
/**
 * A folder (or a sidecar's folder) the app was asked to open from outside
 * while running; `missing`: what was named is not a folder (say so).
 */
export type OpenCorpusRequest = { kind: 'folder'; root: string } | { kind: 'missing'; path: string };
/**
 * Changes to the open corpus made by other programs (git pull, a sync tool,
 * an editor), debounced (about 30 ms of quiet; at most 2 s late). The app's
 * own writes, and rewrites with the same bytes, are never reported. `root` is
 * the corpus the event is about: ignore events for another one. Paths are
 * corpus-relative, forward slashes. In one burst, documents-changed comes first.
 */
export type CorpusFileEvent =
  /**
   * The document list may be stale: files or folders were added, removed or
   * renamed, or a sidecar or article changed (counts, sizes). List again.
   * `paths`: the documents concerned, when the watcher knows them all (no
   * folder changed). Main turns every one into documents-updated (listing
   * the corpus again itself when `paths` is absent): the renderer never gets it.
   */
  | { kind: 'documents-changed'; root: string; paths?: string[] }
  /**
   * Documents added, changed or removed by another program, as main's
   * document list and search index now have them (main/workspace/): apply
   * them to the list; no need to list the corpus again or rebuild the index.
   */
  | { kind: 'documents-updated'; root: string; changes: DocumentDelta[] }
  /**
   * The sidecar of document `path` changed on disk since the app last read or
   * wrote it (reported only for documents opened this session).
   * `sidecarSha256`: the hash of its bytes now (null: deleted); compare it
   * with the hash the open document was read or saved with.
   */
  | { kind: 'sidecar-changed'; root: string; path: string; sidecarPath: string; sidecarSha256: string | null }
  /**
   * The article `path` itself changed on disk (reported only for documents
   * opened this session): `sha256` of its bytes now, null when it was deleted.
   * Reopening it re-anchors its annotations.
   */
  | { kind: 'source-changed'; root: string; path: string; sha256: string | null };

/** One document of the list as it is now: 'changed' (or new) with its entry, or 'removed' with null. */
export interface DocumentDelta {
  path: string;
  kind: 'changed' | 'removed';
  entry: DocumentEntry | null;
}

/** A menu item's click: the id of the command to run (app/commands/command-ids.ts); the renderer checks it with isCommandId. */
export type MenuCommand = CommandId;
export type EventName = keyof typeof ipcEvents;
export type EventPayload<E extends EventName> = (typeof ipcEvents)[E];
const _eventListMatches: Same<EventName, ListedEventName> = true;

/** What the preload exposes as `window.marginalia`, and what tests substitute. */
export interface BridgeApi {
  invoke<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<Envelope<ResultOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

// ---- suggestions that learn from the corpus ---------------------------------------

export interface SuggestionTrainingDataResult extends SuggestionTrainingData {
  /** The schema's rules, word lists read in. */
  rules: SuggestionRule[];
  /** Files left out of the training, each named with why. */
  problems: string[];
}
