// The shapes SidecarWriter (sidecar-writer.ts) reads, takes and prepares.
import type { SidecarChanges, SidecarDelta } from '../../app/sidecar/sidecar-changes';
import type { Sidecar } from '../../app/sidecar/sidecar-schema';

export interface WriteSidecarOptions {
  /**
   * SHA-256 of the sidecar bytes the caller last read or wrote (null: it saw
   * no file). When the file on disk holds anything else, nothing is written:
   * CorpusError 'conflict'. Undefined: no check.
   */
  expectedSha256?: string | null;
}

/** One sidecar of a write of several (CorpusService.writeSidecarsTogether). */
export interface SidecarWrite {
  rel: string;
  sidecar: Sidecar;
  /** As WriteSidecarOptions.expectedSha256 (null: no file was read). */
  expectedSha256: string | null;
}

/** A sidecar write checked and ready to be renamed into place (see prepareSidecar). */
export interface PreparedSidecar {
  sidecarRel: string;
  file: string;
  /** fileIdentity of the file when it was read: compared again right before the rename. */
  identity: string | null;
  previousSha: string | null;
  toWrite: Sidecar;
  bytes: Uint8Array;
  sha256: string;
  /** The app's own previous version, kept because this write removes annotations from it (keepOwnVersionIfRemoved). */
  backupPath?: string;
  notice?: string;
  /** Set when the sidecar written is exactly `applied`'s result: listeners update from its delta. */
  applied?: AppliedChanges;
}

/**
 * A change list applied to the version the writer holds (writeSidecarChanges):
 * what it did, so the checks and the indexes look at the changed items only.
 */
export interface AppliedChanges {
  /** SHA-256 of the version the changes were applied to. */
  baseSha256: string;
  changes: SidecarChanges;
  delta: SidecarDelta;
  /** That version passed checkBeforeWrite (the writer wrote it); false: it was parsed from the file opened, and is checked whole. */
  checkedBase: boolean;
}

/** What listeners are told of a write made from a change list: the version it was applied to and what it removed and added. */
export interface WrittenDelta {
  baseSha256: string;
  delta: SidecarDelta;
}

export type SidecarRead =
  | { state: 'missing'; file: string }
  | { state: 'ok'; file: string; sidecar: Sidecar; migratedFrom?: number; bytes: Uint8Array }
  | { state: 'broken'; file: string; message: string; bytes: Uint8Array };
