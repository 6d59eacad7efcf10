// Rendering an export's documents in worker threads (export-worker.ts), in
// batches, several in flight, the results handed back in corpus order.
//
// Why: formatting is CPU-bound (CoNLL writes a line per token, Label Studio a
// JSON task per document) and an export must stay within 3x of reading the
// same bytes (DESIGN.md, Performance). Workers send their output as UTF-8
// bytes and transfer the buffers: a first cut that sent strings back by
// structured clone was slower than one thread (docs/benchmarks.md).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ExportContext, ExportFormatName, ExportText, FormatExporter } from '../../app/formats/types';
import type { DocumentStatus } from '../../app/sidecar/sidecar-schema';
import type { CorpusService, ScannedDocument } from '../corpus/corpus-service';
import { abortError, loadViaService, NEEDS_SERVICE } from './documents';
import { renderDocument, type DocumentOutcome, type RenderFilters } from './render-document';

export interface WorkerInit {
  format: ExportFormatName;
  /** What render() depends on; the title (used only by start()) is main's business. */
  context: ExportContext;
  labels?: string[];
  statuses?: DocumentStatus[];
}

export interface WorkerBatch {
  id: number;
  entries: ScannedDocument[];
}

export type WorkerOutcome = DocumentOutcome<Uint8Array> | { kind: typeof NEEDS_SERVICE };

export type WorkerReply = { id: number; results: WorkerOutcome[] } | { id: number; error: string };

/** Documents per message: one postMessage per document cost more than the formatting of a short one. */
export const BATCH_SIZE = 32;
/** Batches in flight per worker: one being rendered, one whose files are being read. */
const BATCHES_PER_WORKER = 2;
/** Below this many documents the workers' start-up (tens of ms each) costs more than it saves. */
export const PARALLEL_FROM = 256;
const MAX_WORKERS = 4;

/**
 * How many workers an export of `documents` documents uses: `asked` when
 * given (0 = none, on the calling thread), else MARGINALIA_EXPORT_WORKERS
 * when set, else one per core up to MAX_WORKERS, and none on one core or for
 * a small corpus.
 */
export function workerCount(documents: number, asked?: number, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = env.MARGINALIA_EXPORT_WORKERS?.trim();
  const chosen = asked ?? (fromEnv && /^\d+$/.test(fromEnv) ? Number(fromEnv) : undefined);
  if (chosen !== undefined) return Math.min(Math.max(0, Math.floor(chosen)), 16);
  const cores = availableParallelism();
  return cores < 2 || documents < PARALLEL_FROM ? 0 : Math.min(MAX_WORKERS, cores);
}

/** `true` in the built bundle (electron.vite.config.ts defines it), where the branch for the sources is dropped. */
declare const __MARGINALIA_BUNDLED__: boolean | undefined;

/**
 * The worker's script: beside this module once built (out/main, see
 * electron.vite.config.ts); from the TypeScript sources (tsx, vitest), the
 * worker bundled by esbuild (export-worker-dev.mjs, never part of the build).
 */
export async function exportWorkerUrl(): Promise<URL> {
  if (typeof __MARGINALIA_BUNDLED__ !== 'undefined') return new URL('./export-worker.js', import.meta.url);
  const dev = (await import(new URL('./export-worker-dev.mjs', import.meta.url).href)) as { devWorkerUrl(): Promise<URL> };
  return dev.devWorkerUrl();
}

interface Pending {
  resolve(results: WorkerOutcome[]): void;
  reject(e: Error): void;
  worker: Worker;
}

export class ExportPool {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly inFlight = new Map<Worker, number>();
  private readonly starting = new Map<Worker, { resolve(): void; reject(e: Error): void }>();
  private failure: Error | null = null;
  /** Settles when every worker has loaded its script, or the first one fails to. */
  private readonly ready: Promise<unknown>;

  private constructor(private readonly workers: Worker[]) {
    this.ready = Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => this.starting.set(w, { resolve, reject }))));
    this.ready.catch(() => {}); // start() awaits it
    for (const w of workers) {
      this.inFlight.set(w, 0);
      w.on('message', (reply: WorkerReply | { ready: true }) => this.settle(w, reply));
      w.on('error', (e) => this.fail(w, e));
      w.on('exit', (code) => this.fail(w, new Error(`an export worker stopped (exit code ${code})`)));
    }
  }

  /** Starts `size` workers and waits until each has loaded; rejects (with none left running) if one cannot start. */
  static async start(init: WorkerInit, size: number, script?: URL): Promise<ExportPool> {
    const url = script ?? (await exportWorkerUrl());
    const workers: Worker[] = [];
    try {
      for (let i = 0; i < size; i++) workers.push(new Worker(url, { workerData: init }));
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    const pool = new ExportPool(workers);
    try {
      await pool.ready;
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  /** Renders a batch on the least busy worker. */
  render(entries: ScannedDocument[]): Promise<WorkerOutcome[]> {
    if (this.failure) return Promise.reject(this.failure);
    let worker = this.workers[0] as Worker;
    for (const w of this.workers) if ((this.inFlight.get(w) as number) < (this.inFlight.get(worker) as number)) worker = w;
    const id = this.nextId++;
    this.inFlight.set(worker, (this.inFlight.get(worker) as number) + 1);
    return new Promise<WorkerOutcome[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker });
      worker.postMessage({ id, entries } satisfies WorkerBatch);
    });
  }

  get size(): number {
    return this.workers.length;
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the export workers were stopped');
    for (const w of this.workers) w.removeAllListeners('exit');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private settle(worker: Worker, reply: WorkerReply | { ready: true }): void {
    if ('ready' in reply) {
      this.starting.get(worker)?.resolve();
      return;
    }
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    this.inFlight.set(worker, (this.inFlight.get(worker) as number) - 1);
    if ('error' in reply) p.reject(new Error(`an export worker failed: ${reply.error}`));
    else p.resolve(reply.results);
  }

  private fail(worker: Worker, e: Error): void {
    this.failure ??= e;
    this.starting.get(worker)?.reject(e);
    for (const [id, p] of this.pending) {
      if (p.worker !== worker) continue;
      this.pending.delete(id);
      p.reject(e);
    }
  }
}

/** One document's outcome, its output as strings (rendered here) or UTF-8 bytes (from a worker). */
export interface OrderedOutcome {
  entry: ScannedDocument;
  outcome: DocumentOutcome<ExportText>;
}

/**
 * Yields each document's outcome in corpus order, rendered by the pool's
 * workers; what needs the service is read and rendered here, with the
 * exporter `exporterFor` gives (render() is the same in every exporter of an
 * export, the output's state is only touched by fold()).
 */
export async function* renderInPool(
  pool: ExportPool,
  service: CorpusService,
  entries: readonly ScannedDocument[],
  exporterFor: (entry: ScannedDocument) => FormatExporter,
  filters: RenderFilters,
  signal?: AbortSignal,
): AsyncGenerator<OrderedOutcome> {
  const batches: ScannedDocument[][] = [];
  for (let i = 0; i < entries.length; i += BATCH_SIZE) batches.push(entries.slice(i, i + BATCH_SIZE));
  const queue: Promise<WorkerOutcome[]>[] = [];
  let next = 0;
  const fill = () => {
    while (next < batches.length && queue.length < pool.size * BATCHES_PER_WORKER) {
      const p = pool.render(batches[next++] as ScannedDocument[]);
      p.catch(() => {}); // awaited in order below; never an unhandled rejection meanwhile
      queue.push(p);
    }
  };
  fill();
  for (const batch of batches) {
    if (signal?.aborted) throw abortError();
    const results = await (queue.shift() as Promise<WorkerOutcome[]>);
    fill();
    for (let i = 0; i < batch.length; i++) {
      const entry = batch[i] as ScannedDocument;
      const r = results[i] as WorkerOutcome;
      if (r.kind === NEEDS_SERVICE) yield { entry, outcome: renderDocument(await loadViaService(service, entry), exporterFor(entry), filters) };
      else yield { entry, outcome: r };
    }
  }
}
