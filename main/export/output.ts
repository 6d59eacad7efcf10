// Writing export output as it is produced. A streamed file goes to a
// temporary name beside its target and is renamed into place only when it is
// complete, so a failed or cancelled export never leaves half a file under
// the name asked for. Folder outputs (brat) write their files directly.
// Write errors name the file and say what went wrong in plain words ("the
// disk is full"), and the temporary files of exports that were killed are
// removed by the next export to the same place.
import { createWriteStream, writeFile as writeFileCallback, type WriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { ExportText } from '../../app/formats/types';
import { plainErrorReason } from '../corpus/paths';

/** An error writing `file`, naming it, in plain words. */
export function writeError(e: unknown, file: string): Error {
  return new Error(`${file} could not be written: ${plainErrorReason(e)}`, { cause: e });
}

/** True when a process with this id runs (signal 0 checks without sending anything). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // it exists, as another user's
  }
}

const PARTIAL = /^(.*)\.partial-(\d+)-[0-9a-z]+$/;

/**
 * Removes the temporary files `<path>.partial-<pid>-<stamp>` that exports
 * killed before they finished left beside `path` (their process is gone; a
 * live one's are left alone). Returns the paths removed.
 */
export async function removeStalePartials(path: string): Promise<string[]> {
  const dir = dirname(path);
  const name = basename(path);
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return removed; // no folder yet: nothing left there
  }
  for (const n of names) {
    const m = PARTIAL.exec(n);
    if (!m || m[1] !== name || processAlive(Number(m[2]))) continue;
    const stale = join(dir, n);
    try {
      await rm(stale, { force: true });
      removed.push(stale);
    } catch {
      // Cannot be removed (permissions): left, as before.
    }
  }
  return removed;
}

/** Bytes (or UTF-16 units, for strings) gathered before one write to the stream. */
const FLUSH_AT = 1 << 20;

export class StreamedFile {
  private buffer: ExportText[] = [];
  /** Whether `buffer` holds only strings (joined, then encoded once by the stream). */
  private onlyStrings = true;
  private size = 0;
  private error: Error | null = null;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly temp: string,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', (e) => {
      this.error ??= writeError(e, path);
    });
  }

  /** Temporary files of killed exports to this path, removed when this one was created. */
  removedStale: string[] = [];

  static async create(path: string): Promise<StreamedFile> {
    try {
      await mkdir(dirname(path), { recursive: true });
    } catch (e) {
      throw writeError(e, dirname(path));
    }
    const removedStale = await removeStalePartials(path);
    const temp = `${path}.partial-${process.pid}-${Date.now().toString(36)}`;
    const stream = createWriteStream(temp, { flags: 'wx', encoding: 'utf8' });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (e) => reject(writeError(e, path)));
    });
    const file = new StreamedFile(path, temp, stream);
    file.removedStale = removedStale;
    return file;
  }

  /** Appends text, or pieces of it in order; strings and UTF-8 bytes alike. */
  async write(text: ExportText | readonly ExportText[]): Promise<void> {
    for (const piece of typeof text === 'string' || text instanceof Uint8Array ? [text] : text) {
      if (piece.length === 0) continue;
      this.buffer.push(piece);
      if (typeof piece !== 'string') this.onlyStrings = false;
      this.size += piece.length;
    }
    if (this.size >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.error) throw this.error;
    if (this.buffer.length === 0) return;
    const chunk = this.onlyStrings
      ? (this.buffer as string[]).join('')
      : Buffer.concat(this.buffer.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    this.buffer = [];
    this.onlyStrings = true;
    this.size = 0;
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (e: Error) => reject(writeError(e, this.path));
        this.stream.once('error', onError);
        this.stream.once('drain', () => {
          this.stream.off('error', onError);
          resolve();
        });
      });
    }
    if (this.error) throw this.error;
  }

  /** Writes what is left and moves the file into place. */
  async commit(): Promise<void> {
    await this.flush();
    this.closed = true;
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', (e) => reject(writeError(e, this.path)));
      this.stream.end(() => resolve());
    });
    if (this.error) throw this.error;
    try {
      await rename(this.temp, this.path);
    } catch (e) {
      throw writeError(e, this.path);
    }
  }

  /** Throws the temporary file away. */
  async abort(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await new Promise<void>((resolve) => {
        this.stream.destroy();
        if (this.stream.closed) resolve();
        else this.stream.once('close', () => resolve());
      });
    }
    await rm(this.temp, { force: true });
  }
}

/**
 * fs.writeFile through its callback API: for brat's 20,000 small files it
 * costs about half the CPU of fs/promises.writeFile, which opens a FileHandle
 * (and its promise machinery) per file.
 */
const writeFile = promisify(writeFileCallback);

/** How many files a FolderWriter has in flight. */
const WRITES_IN_FLIGHT = 32;

/**
 * Writes whole files under a folder, creating subfolders as needed, a few at
 * a time: up to WRITES_IN_FLIGHT, a new one starting as soon as the oldest
 * is done (waiting for a whole batch left the thread pool idle at its tail).
 */
export class FolderWriter {
  private readonly made = new Set<string>();
  private pending: Promise<void>[] = [];
  readonly written: string[] = [];

  constructor(readonly root: string) {}

  async write(rel: string, text: ExportText): Promise<void> {
    const file = join(this.root, ...rel.split('/'));
    const dir = dirname(file);
    if (!this.made.has(dir)) {
      await mkdir(dir, { recursive: true }).catch((e: unknown) => {
        throw writeError(e, dir);
      });
      this.made.add(dir);
    }
    this.written.push(file);
    const p = writeFile(file, text, 'utf8').catch((e: unknown) => {
      throw writeError(e, file);
    });
    p.catch(() => {}); // handled in settle(); never an unhandled rejection meanwhile
    this.pending.push(p);
    if (this.pending.length >= WRITES_IN_FLIGHT) await this.pending.shift();
  }

  async settle(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    await Promise.all(pending);
  }
}
