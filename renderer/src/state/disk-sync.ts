// The open document's sidecar on disk: what the file holds (its hash, and the
// state when known), how a state is written (only the changes since that
// file when main holds it, else whole; removed when undo goes back to before
// the file existed), reading it again when another program changed it, and
// whether the annotations may be written at all (read-only on a broken
// sidecar, spans that do not fit the text, a sidecar name too long to exist,
// or annotations that could not be re-anchored).
import { NO_SIDECAR, sidecarOfState, sourceInfoOf, stateOfSidecar } from '../../../app/document-state';
import type { HistoryState } from '../../../app/history';
import type { OpenedDocument, SaveResult } from '../../../app/ipc/contract';
import { mergeWithDisk as mergeStates, type MergeSummary } from '../../../app/merge';
import { diffSidecarState, type SidecarChanges } from '../../../app/sidecar/sidecar-changes';
import type { Sidecar, SourceInfo } from '../../../app/sidecar/sidecar-schema';
import { describeSidecarNameTooLong } from '../../../app/sidecar/sidecar-name-limit';

export interface DiskApi {
  /** Write the sidecar; `expectedSha256` is the hash of the file the app last read or wrote (null: none yet). */
  save(path: string, sidecar: Sidecar, expectedSha256: string | null | undefined): Promise<SaveResult>;
  /**
   * Write only what changed since the file with hash `baseSha256` (main
   * applies it to its copy of that file). Rejected with code 'stale' when main
   * has no such copy: the whole sidecar is sent instead.
   */
  saveChanges?(path: string, baseSha256: string, changes: SidecarChanges): Promise<SaveResult>;
  /** Remove the sidecar (deleteSidecar) while its hash is `expectedSha256`: undo back to before the file existed. */
  remove?(path: string, expectedSha256: string): Promise<void>;
  /** Read the document again (after a conflict or a change on disk). */
  reload?(path: string): Promise<OpenedDocument>;
}

/** Why the document's annotations must not be written, or null. */
export function readOnlyReasonOf(doc: OpenedDocument): string | null {
  // A name no sidecar can have: not a broken file to fix, but a rename to make (issue 17).
  const nameTooLong = doc.sidecarProblem ? describeSidecarNameTooLong(doc.path) : null;
  if (nameTooLong) return nameTooLong;
  if (doc.sidecarProblem) {
    const copy = doc.sidecarProblem.backupPath ? ` and a copy kept at ${doc.sidecarProblem.backupPath}` : '';
    return `The annotations file cannot be read (${doc.sidecarProblem.message}). It was left untouched${copy}; annotations are read-only until it is fixed.`;
  }
  if (doc.spanProblems) {
    // Read-only rather than orphaned: turning them into orphans would rewrite a file that may belong to
    // another version of the article; nothing is written until someone fixes it, so nothing is lost.
    return `${doc.spanProblems.message}. The annotations are shown read-only and the file is left untouched: fix its offsets, or move it aside to start again.`;
  }
  if (doc.sourceChanged && !doc.reanchor && doc.sidecar) {
    return 'The article changed since it was annotated and its annotations could not be re-anchored; they are shown read-only so none is saved at a wrong place.';
  }
  return null;
}

/** What the status bar says after merging another program's edits. */
export function describeMerge(path: string, summary: MergeSummary, sameAsDisk: boolean): string {
  if (sameAsDisk) return `${path} was changed by another program; the app now shows that version.`;
  const parts = [`${summary.fromDisk} change${summary.fromDisk === 1 ? '' : 's'} from disk`, `${summary.fromHere} from here`];
  if (summary.conflicts) parts.push(`${summary.conflicts} edited on both sides (this side's version kept)`);
  return `${path} was changed by another program while you worked: merged (${parts.join(', ')}).`;
}

/**
 * The work here (`mine`) merged with the file changed elsewhere (`theirs`),
 * both made from `base`. `theirs` null: the file was deleted, which is not the
 * deletion of every annotation in it: the work here is kept and written again.
 */
export function mergeWithDisk(path: string, base: HistoryState, mine: HistoryState, theirs: HistoryState | null): { next: HistoryState; notice: string } {
  const { merged, summary, removed, diskFileGone } = mergeStates(base, mine, theirs);
  if (diskFileGone) {
    const n = mine.annotations.length;
    return { next: mine, notice: `${path}: its annotations file was deleted by another program; the ${n} annotation${n === 1 ? '' : 's'} here ${n === 1 ? 'is' : 'are'} kept and saved again.` };
  }
  const sameAsDisk = JSON.stringify(merged) === JSON.stringify(theirs);
  const gone = removed.length
    ? ` ${removed.length} annotation${removed.length === 1 ? '' : 's'} removed there ${removed.length === 1 ? 'is' : 'are'} gone here too (a copy is kept on the next save).`
    : '';
  return { next: sameAsDisk ? (theirs as HistoryState) : merged, notice: describeMerge(path, summary, sameAsDisk) + gone };
}

const codeOf = (e: unknown): string | undefined => (e as { code?: string }).code;

export class DiskSync {
  readonly source: SourceInfo;
  readonly readOnlyReason: string | null;
  /** The state read from the file (re-anchored when the article changed). */
  readonly initial: HistoryState;
  /** Hash of the sidecar bytes on disk as last read or written (null: no file): a save is refused if the file changed since. */
  #sha256: string | null | undefined;
  /** The state the file holds, when known: what saveChanges diffs against. */
  #onDisk: HistoryState | null = null;

  constructor(
    readonly doc: OpenedDocument,
    private readonly api: DiskApi,
    /** After each write or removal, and each read that changed what the file is known to hold. */
    private readonly noted: (sha256: string | null, state: HistoryState | null, result?: SaveResult) => void = () => {},
  ) {
    this.source = sourceInfoOf(doc);
    this.initial = stateOfSidecar(doc.sidecar);
    this.readOnlyReason = readOnlyReasonOf(doc);
    this.#sha256 = doc.sidecarSha256;
    // Re-anchored: the file holds the old offsets, not `initial`.
    const fileMatches = !doc.reanchor && !doc.sourceChanged && !doc.sidecarProblem;
    if (fileMatches && doc.sidecarSha256) this.#onDisk = this.initial;
    if (fileMatches && doc.sidecarSha256 !== undefined) this.noted(doc.sidecarSha256, doc.sidecar ? this.initial : null);
  }

  get sidecarSha256(): string | null | undefined {
    return this.#sha256;
  }

  /**
   * Writes `state`: as changes since the file on disk when main can apply
   * them (a few hundred bytes after a tag, whatever the document's size),
   * else whole. Both are refused with 'conflict' if the file changed on disk.
   */
  async write(state: HistoryState): Promise<SaveResult> {
    const path = this.doc.path;
    const baseSha = this.#sha256;
    if (state === NO_SIDECAR && (baseSha === null || (typeof baseSha === 'string' && this.api.remove))) {
      // Undone back to before the file existed: remove it, with the same conflict check as a save.
      if (typeof baseSha === 'string') await this.api.remove?.(path, baseSha);
      this.#sha256 = null;
      this.#onDisk = null;
      const result = { savedAt: new Date().toISOString(), annotationCount: 0, sidecarSha256: '' };
      this.noted(null, null, result);
      return result;
    }
    const base = this.#onDisk;
    let result: SaveResult | null = null;
    if (base && typeof baseSha === 'string' && this.api.saveChanges) {
      try {
        result = await this.api.saveChanges(path, baseSha, diffSidecarState(base, state));
      } catch (e) {
        if (codeOf(e) !== 'stale') throw e;
      }
    }
    result ??= await this.api.save(path, sidecarOfState(this.source, state), baseSha);
    this.#sha256 = result.sidecarSha256;
    this.#onDisk = state;
    this.noted(result.sidecarSha256, state, result);
    return result;
  }

  /** Whether `sha256` is what the app itself last read or wrote (the watcher's own echo). */
  isCurrent(sha256: string | null): boolean {
    return sha256 === this.#sha256;
  }

  /**
   * Reads the file again for a merge with another program's edits, and takes
   * it as what the disk holds. Null when that cannot be merged (no way to
   * read, the article itself changed, the sidecar is broken); 'unchanged'
   * when it is still what the app last wrote.
   */
  async readTheirs(): Promise<{ theirs: HistoryState; gone: boolean } | 'unchanged' | null> {
    if (!this.api.reload || this.readOnlyReason) return null;
    const disk = await this.api.reload(this.doc.path);
    if (disk.sha256 !== this.doc.sha256 || disk.sidecarProblem) return null;
    if (disk.sidecarSha256 === this.#sha256) return 'unchanged';
    const theirs = stateOfSidecar(disk.sidecar);
    this.#sha256 = disk.sidecarSha256;
    this.#onDisk = disk.sidecar ? theirs : null;
    this.noted(disk.sidecarSha256 ?? null, disk.sidecar ? theirs : null);
    // Deleted by another program: nothing is taken from it (mergeWithDisk).
    if (!disk.sidecar) return { theirs, gone: true };
    return { theirs, gone: false };
  }
}
