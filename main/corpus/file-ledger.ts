// What the app last knew of each file's content: the SHA-256 of the bytes it
// read or wrote (null: it saw no file there), by corpus-relative path. The
// corpus service notes every sidecar it reads or writes and every source it
// reads; the watcher (corpus-watcher.ts) reports a change only when the file
// now holds something else, so the app's own writes (and a `touch`, or a sync
// tool rewriting the same bytes) raise no event. The app's own writes also
// carry their size and mtime, so the watcher need not read them back. No Electron.
import { createHash } from 'node:crypto';

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A file's size and modification time: with the same pair, a file the app wrote still holds what it wrote. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export class FileLedger {
  private readonly known = new Map<string, string | null>();
  /** The stamp of files the app itself wrote, so the watcher recognises them without reading them again. */
  private readonly stamps = new Map<string, FileStamp>();

  /** Records what file `rel` holds now, as far as the app knows; `stamp` when the app wrote it (and knows its size and time). */
  note(rel: string, sha256: string | null, stamp?: FileStamp): void {
    this.known.set(rel, sha256);
    if (stamp && sha256 !== null) this.stamps.set(rel, { size: stamp.size, mtimeMs: stamp.mtimeMs });
    else this.stamps.delete(rel);
  }

  /** True when `rel` has the size and time the app's own write left: it holds what the ledger says, no need to read it. */
  hasStamp(rel: string, info: FileStamp): boolean {
    const own = this.stamps.get(rel);
    return own !== undefined && own.size === info.size && own.mtimeMs === info.mtimeMs;
  }

  /** The last content hash noted for `rel`: undefined when the app never saw it, null when it saw no file. */
  get(rel: string): string | null | undefined {
    return this.known.get(rel);
  }

  /** True when `rel` holding `sha256` (null: no file) is news to the app. Notes it, so the same news is reported once. */
  isNews(rel: string, sha256: string | null): boolean {
    if (this.known.has(rel) && this.known.get(rel) === sha256) return false;
    this.note(rel, sha256);
    return true;
  }

  forget(rel: string): void {
    this.known.delete(rel);
    this.stamps.delete(rel);
  }
}
