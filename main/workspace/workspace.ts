// One workspace per open corpus: the only owner of corpus state in main. It
// holds the corpus service (scan, and reads through document-reader.ts), the
// sidecar store (sidecar-store.ts, the only writer of sidecars), the corpus
// index (corpus-index.ts), the watcher and the search hookup: every sidecar
// the app writes and every change the watcher names reaches the index and
// search first, then the renderer as deltas (corpus-updates.ts). The document
// list, entity mentions and counts, and stats are served from the index. No
// Electron: the app (main/ipc/handlers.ts builds it), the tests and the
// benchmark build it the same way.
import type { CorpusFileEvent, DocumentEntry } from '../../app/ipc/contract';
import type { Sidecar } from '../../app/sidecar/sidecar-schema';
import { CorpusService, type CorpusServiceOptions } from '../corpus/corpus-service';
import type { FileLedger } from '../corpus/file-ledger';
import type { WrittenDelta } from '../corpus/sidecar-write-types';
import { watchCorpus, type CorpusWatcher, type CorpusWatcherOptions } from '../corpus/corpus-watcher';
import { createCorpusUpdates, type CorpusUpdates } from './corpus-updates';
import { CorpusIndex, type DocumentRecord, type IndexSource, type IndexedDocument } from './corpus-index';

/** What the search index is told of the workspace's changes (main/search/search-handlers.ts). */
export interface SearchFeed {
  /** A new corpus is open: the index is over it from now on (built when first used). */
  corpusOpened?(corpus: CorpusService): void;
  /** A sidecar the app wrote (null: removed): its annotations, without reading the text again; `delta` when a change list made it. */
  annotationsSaved(path: string, sidecar: Sidecar | null, sha256: string | null, delta?: WrittenDelta): void;
  /** A document changed on disk: read it again. */
  refreshDocument(path: string): Promise<void>;
  /** A document left the corpus. */
  documentRemoved(path: string): void;
}

export interface WatchOptions {
  /** Starts the watcher (watchCorpus; tests and the benchmark set its timing). */
  watch?(options: CorpusWatcherOptions): Promise<CorpusWatcher>;
  logError?(message: string, error: unknown): void;
  /** Poll instead of native events (set by the workspace itself once the system is out of watches). */
  usePolling?: boolean;
}

/** The system's limit on watches or open files: native watching cannot go on, polling can. */
const isOutOfWatches = (e: unknown) => ['ENOSPC', 'EMFILE'].includes((e as NodeJS.ErrnoException | null)?.code ?? '');

type PendingChange = { kind: 'written'; sidecar: Sidecar | null; sha256: string | null } | { kind: 'read'; record: DocumentRecord | null };

export class Workspace implements IndexSource {
  readonly index = new CorpusIndex();
  /** The index must be built (again) from a listing of the corpus before it is used: at first, and after a change the watcher could not name. */
  private stale = true;
  /**
   * The index is trusted only while the watcher keeps it up to date with
   * other programs' changes; unwatched (the command line, the test harness, a
   * system out of watches) every use lists the corpus again, as before.
   */
  private watched = false;
  private listing: Promise<void> | null = null;
  /** Changes met while a listing runs, applied over its result (it may have read the files before they changed). */
  private pending: Map<string, PendingChange> | null = null;
  private search: SearchFeed | null = null;
  /** Sidecars the app wrote, by document, counted: a document read from disk meanwhile may hold what it was before the write. */
  private readonly writes = new Map<string, number>();
  /** Some document is reached through a symlink inside the corpus (the same file listed under two paths). */
  private linked = false;
  /** Puts an event in the watcher's queue (null: not watched). */
  private enqueue: ((event: CorpusFileEvent) => void) | null = null;

  private constructor(readonly corpus: CorpusService) {
    corpus.onSidecarWritten((path, sidecar, sha256, delta) => {
      this.writes.set(path, (this.writes.get(path) ?? 0) + 1);
      this.pending?.set(path, { kind: 'written', sidecar, sha256 });
      this.index.sidecarWritten(path, sidecar, sha256, delta);
      this.search?.annotationsSaved(path, sidecar, sha256, delta);
      // The same sidecar may be listed under another path (a symlinked folder): the corpus is listed again, the window told.
      if (this.linked) this.enqueue?.({ kind: 'documents-changed', root: this.root });
    });
  }

  /** Opens `root` (see CorpusService.open); the index is built by the first listing; `search` is fed from now on. */
  static async open(root: string, options: CorpusServiceOptions & { search?: SearchFeed } = {}): Promise<Workspace> {
    const { search, ...serviceOptions } = options;
    const workspace = new Workspace(await CorpusService.open(root, serviceOptions));
    if (search) workspace.feedSearch(search);
    return workspace;
  }

  /** What another program changed, as the watcher reports it, applied to the index and search; the event the renderer gets. */
  readonly updates: CorpusUpdates = createCorpusUpdates({ workspace: this });
  private watcher: CorpusWatcher | null = null;
  /** Counts watchers started: an error from a watcher replaced since says nothing of the current one. */
  private watchGeneration = 0;
  /** The latest watch() call: its handle closes the watcher, or the polling one that replaced it. */
  private watchToken: object | null = null;

  /**
   * Watches the corpus for other programs' changes: each event updates the
   * index and search first, then goes to `send`, in the order they came.
   * Resolves once watching (a change made after that is reported). When the
   * system runs out of watches, the workspace polls instead (slower, but the
   * window's list, which only takes deltas, still follows the disk); the
   * handle returned closes and flushes whichever watcher runs.
   */
  async watch(send: (event: CorpusFileEvent) => void, options: WatchOptions = {}): Promise<CorpusWatcher> {
    const token = {};
    this.watchToken = token;
    await this.startWatching(send, options, token);
    return {
      root: this.root,
      flush: async () => {
        if (this.watchToken === token) await this.watcher?.flush();
      },
      close: async () => {
        if (this.watchToken === token) await this.close();
      },
    };
  }

  private async startWatching(send: (event: CorpusFileEvent) => void, options: WatchOptions, token: object): Promise<void> {
    const logError = options.logError ?? ((message, error) => console.error(`marginalia: ${message}`, error));
    let queue: Promise<void> = Promise.resolve();
    await this.close();
    const generation = ++this.watchGeneration;
    let failed = false;
    const enqueue = (event: CorpusFileEvent) => {
      queue = queue
        .then(() => this.updates(event))
        .then(send)
        .catch((e: unknown) => logError(`updating ${this.root} after a change on disk:`, e));
    };
    const watcher = await (options.watch ?? watchCorpus)({
      root: this.root,
      ledger: this.ledger,
      onEvent: enqueue,
      // Polling every file of a large corpus often costs more than it is worth: once a second is enough for a fallback.
      ...(options.usePolling ? { usePolling: true, pollIntervalMs: 1000 } : {}),
      onError: (e) => {
        logError(`watching ${this.root}:`, e);
        // The watcher may miss changes from now on (out of watches, a folder it could not watch): the index is not trusted any more.
        failed = true;
        if (this.watchGeneration !== generation) return;
        this.watched = false;
        if (options.usePolling || !isOutOfWatches(e) || this.watchToken !== token) return;
        void this.startWatching(send, { ...options, usePolling: true }, token).then(
          // What changed while nothing watched: the corpus is listed again, the window gets the differences.
          () => this.enqueue?.({ kind: 'documents-changed', root: this.root }),
          (err: unknown) => logError(`could not poll ${this.root} for changes either:`, err),
        );
      },
    });
    if (this.watchGeneration !== generation) {
      await watcher.close(); // replaced while it started (it failed at once, and polling took over)
      return;
    }
    this.watcher = watcher;
    this.enqueue = enqueue;
    this.watched = !failed;
    // A listing made before the watcher was ready may have missed a change: the next use lists again.
    this.stale = true;
  }

  /** Another corpus is open: this one stops feeding search (a save still in flight must not reach the other corpus's index) and watching. */
  async detach(): Promise<void> {
    this.search = null;
    await this.close();
  }

  /** Stops watching (another corpus is open, or the app quits). */
  async close(): Promise<void> {
    const watcher = this.watcher;
    this.watcher = null;
    this.enqueue = null;
    this.watched = false;
    await watcher?.close();
  }

  /** See `linked`. */
  followsLinks(): boolean {
    return this.linked;
  }

  get root(): string {
    return this.corpus.root;
  }

  get name(): string {
    return this.corpus.name;
  }

  /** What the app last read or wrote of each file: the watcher tells others' changes from the app's own by it. */
  get ledger(): FileLedger {
    return this.corpus.ledger;
  }

  /** From now on every write and change the workspace learns of goes to this search index too. */
  feedSearch(search: SearchFeed): void {
    search.corpusOpened?.(this.corpus);
    this.search = search;
  }

  /** The document list, from the index (listing the corpus first when it is not built). */
  async listDocuments(): Promise<DocumentEntry[]> {
    await this.ensureListed();
    return this.index.entries();
  }

  async indexedDocuments(): Promise<readonly IndexedDocument[]> {
    await this.ensureListed();
    return this.index.documents();
  }

  /**
   * Changes on disk the watcher could not name one by one (a folder added or
   * removed, a large checkout): the corpus is listed again now. Returns the
   * documents whose list entry or files changed and those gone; search takes them.
   */
  async relist(): Promise<{ changed: IndexedDocument[]; removed: string[] }> {
    const before = new Map(this.index.documents().map((d) => [d.entry.path, d]));
    this.stale = true;
    await this.ensureListed();
    const changed: IndexedDocument[] = [];
    for (const d of this.index.documents()) {
      const old = before.get(d.entry.path);
      before.delete(d.entry.path);
      if (old && old.signature === d.signature && JSON.stringify(old.entry) === JSON.stringify(d.entry)) continue;
      changed.push(d);
      if (d.entry.kind === 'text') await this.search?.refreshDocument(d.entry.path);
    }
    const removed = [...before.keys()];
    for (const path of removed) this.search?.documentRemoved(path);
    return { changed, removed };
  }

  /**
   * Document `path` changed on disk (the watcher named it): it and its sidecar
   * are read again, the index and search take the result. Returns its new list
   * entry, null when it left the corpus.
   */
  async documentChanged(path: string): Promise<DocumentEntry | null> {
    let record: DocumentRecord | null;
    for (let attempt = 1; ; attempt++) {
      const writes = this.writes.get(path) ?? 0;
      record = await this.corpus.describeDocumentRecord(path);
      // The app saved it while it was read: what was read may be older than the save the index already holds.
      if ((this.writes.get(path) ?? 0) === writes) break;
      if (attempt === 3) {
        this.stale = true; // saves keep coming: the next use lists the corpus again
        break;
      }
    }
    this.pending?.set(path, { kind: 'read', record });
    this.index.put(path, record);
    if (record?.linked) this.linked = true;
    if (record === null) this.search?.documentRemoved(path);
    else if (record.entry.kind === 'text') await this.search?.refreshDocument(path);
    return record?.entry ?? null;
  }

  private ensureListed(): Promise<void> {
    if (!this.stale && this.watched) return this.listing ?? Promise.resolve();
    this.stale = false;
    const pending = new Map<string, PendingChange>();
    this.pending = pending;
    const run = this.corpus.listDocumentRecords().then(
      (records): Promise<void> | undefined => {
        // A newer listing started meanwhile (it read the files later, and gets the changes since): its result wins, whichever ends first.
        if (this.pending !== pending) return this.listing ?? undefined;
        this.index.replaceAll(records);
        this.linked = records.some((r) => r.linked);
        for (const [path, change] of pending) {
          if (change.kind === 'written') this.index.sidecarWritten(path, change.sidecar, change.sha256);
          else this.index.put(path, change.record);
        }
        return undefined;
      },
      (e: unknown) => {
        this.stale = true;
        throw e;
      },
    );
    this.listing = run.finally(() => {
      if (this.pending === pending) this.pending = null;
    });
    return this.listing;
  }
}
