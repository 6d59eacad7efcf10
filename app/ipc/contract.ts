// The one file that names every IPC channel, with a runtime schema for its
// arguments and the type of its result. Main registers handlers from it, the
// preload exposes exactly it, and the renderer calls it through one typed client.
import { z } from 'zod';
import type { CommandId } from '../commands/command-ids';
import { SidecarSchema } from '../sidecar/sidecar-schema';
import { SidecarChangesSchema } from '../sidecar/sidecar-changes';
import { AppExportRequestSchema } from '../formats/export-request';
import { LabelSchemaFileSchema } from '../label-schema';
import type { ChannelName as ListedChannelName, EventName as ListedEventName } from './channel-names';
import { EntityRegistrySchema } from '../entity-registry';
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
export type { CorpusSummary, DocumentKind, DocumentEntry, OpenedDocument, DocumentReanchor, ExportJobStatus, StartupInfo, SaveResult, LabelSchemaSaveResult, LicenseEntry, AboutInfo, LicenseText, CorpusProgress, EntityRegistryLoadResult, EntityRegistrySaveResult, EntityMention, EntityMentionsResult, EntityCountsResult, SuggestionTrainingDataResult } from './contract-results';
import type { CorpusSummary, DocumentEntry, OpenedDocument, ExportJobStatus, StartupInfo, SaveResult, LabelSchemaSaveResult, AboutInfo, LicenseText, CorpusProgress, EntityRegistryLoadResult, EntityRegistrySaveResult, EntityMentionsResult, EntityCountsResult, SuggestionTrainingDataResult } from './contract-results';
export { channelNames, eventNames, wireName, eventWireName, isChannelName, isEventName } from './channel-names';

/** A path inside the corpus: relative, forward slashes, no `..`; checked again in main. */
const RelPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'no NUL characters');

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
