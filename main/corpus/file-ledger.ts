// What the app last knew of each file's content: the SHA-256 of the bytes it
// read or wrote (null: it saw no file there), by corpus-relative path. The
// corpus service notes every sidecar it reads or writes and every source it
// reads; the watcher (corpus-watcher.ts) reports a change only when the file
// now holds something else, so the app's own writes (and a `touch`, or a sync
// tool rewriting the same bytes) raise no event. No Electron.
import { createHash } from 'node:crypto';

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class FileLedger {
  private readonly known = new Map<string, string | null>();

  /** Records what file `rel` holds now, as far as the app knows. */
  note(rel: string, sha256: string | null): void {
    this.known.set(rel, sha256);
  }

  /** The last content hash noted for `rel`: undefined when the app never saw it, null when it saw no file. */
  get(rel: string): string | null | undefined {
    return this.known.get(rel);
  }

  /** True when `rel` holding `sha256` (null: no file) is news to the app. Notes it, so the same news is reported once. */
  isNews(rel: string, sha256: string | null): boolean {
    if (this.known.has(rel) && this.known.get(rel) === sha256) return false;
    this.known.set(rel, sha256);
    return true;
  }

  forget(rel: string): void {
    this.known.delete(rel);
  }
}
