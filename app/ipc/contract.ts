// The one file that names every IPC channel, with a runtime schema for its
// arguments and the type of its result. Main registers handlers from it, the
// preload exposes exactly it, and the renderer calls it through one typed client.
import { z } from 'zod';
import { SidecarSchema, type Sidecar, type DocumentStatus } from '../sidecar/sidecar-schema';
import type { LabelSchemaFile } from '../label-schema';
import type { ChannelName as ListedChannelName, EventName as ListedEventName } from './channel-names';

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
  /** The sidecar was written for different source bytes. */
  sourceChanged: boolean;
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
}

/** Every channel: its argument schema and (as a phantom) its result type. */
function channel<R>() {
  return <A extends z.ZodType>(args: A) => ({ args, result: undefined as unknown as R });
}

export const ipcContract = {
  getStartup: channel<StartupInfo>()(z.strictObject({})),
  openCorpusDialog: channel<CorpusSummary | null>()(z.strictObject({})),
  /** Only a root from the recent list is accepted: the renderer cannot name arbitrary folders. */
  openRecentCorpus: channel<CorpusSummary>()(z.strictObject({ root: z.string().min(1).max(4096) })),
  listDocuments: channel<DocumentEntry[]>()(z.strictObject({})),
  openDocument: channel<OpenedDocument>()(z.strictObject({ path: RelPath })),
  saveSidecar: channel<SaveResult>()(z.strictObject({ path: RelPath, sidecar: SidecarSchema })),
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
  | 'internal';

export interface IpcError {
  code: IpcErrorCode;
  message: string;
}

export type Envelope<R> = { ok: true; value: R } | { ok: false; error: IpcError };

/** Events main sends to the renderer. */
export const ipcEvents = {
  corpusChanged: undefined as unknown as CorpusSummary,
  menuCommand: undefined as unknown as MenuCommand,
} as const;
export type MenuCommand = 'undo' | 'redo' | 'save' | 'open-folder';
export type EventName = keyof typeof ipcEvents;
export type EventPayload<E extends EventName> = (typeof ipcEvents)[E];
const _eventListMatches: Same<EventName, ListedEventName> = true;

/** What the preload exposes as `window.marginalia`, and what tests substitute. */
export interface BridgeApi {
  invoke<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<Envelope<ResultOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
