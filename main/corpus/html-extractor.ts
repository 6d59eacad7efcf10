// Runs HTML extraction (html-extract.ts) in worker threads with a time and a
// size budget. Readability is superlinear on deeply nested markup (1,000
// nested <div>s, 11 KB, took 7-20 s), and main serves saves and every IPC
// call: a page past its budget has its worker terminated and is reported,
// naming the file, instead of being opened as an article.
//
// Pages are extracted one per worker, up to MAX_WORKERS at once (so one slow
// page does not hold up the opening of another); idle workers are kept for
// the next page but never keep the process alive.
import { Worker } from 'node:worker_threads';
import type { Article } from './html-extract';
import { formatSize } from './decode';
import { CorpusError } from './paths';

export interface ExtractionBudget {
  /** Longest an extraction may take before its worker is terminated. */
  timeoutMs: number;
  /** Larger pages are refused before they are decoded or parsed. */
  maxBytes: number;
}

export const DEFAULT_EXTRACTION_BUDGET: Readonly<ExtractionBudget> = { timeoutMs: 5_000, maxBytes: 8 * 1024 * 1024 };
const MAX_WORKERS = 2;
/** A page whose DOM outgrows this is stopped as the timeout stops it, not by a crash of main. */
const WORKER_HEAP_MB = 512;

let budget: ExtractionBudget = { ...DEFAULT_EXTRACTION_BUDGET };

/** Changes the budget (tests, the bench); returns a function restoring the previous one. */
export function setExtractionBudget(change: Partial<ExtractionBudget>): () => void {
  const previous = budget;
  budget = { ...budget, ...change };
  return () => {
    budget = previous;
  };
}

export interface ExtractRequest {
  id: number;
  html: string;
}
export type ExtractReply = { id: number; article: Article } | { id: number; error: string } | { ready: true };

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** Refuses, naming the file, a page over the size budget: called before its bytes are decoded. */
export function checkPageSize(rel: string, size: number): void {
  if (size > budget.maxBytes) {
    throw new CorpusError(
      'too-large',
      `${rel} is ${formatSize(size)}; web pages over ${formatSize(budget.maxBytes)} are not opened as articles`,
    );
  }
}

/** `true` in the built bundle (electron.vite.config.ts defines it), where the branch for the sources is dropped. */
declare const __MARGINALIA_BUNDLED__: boolean | undefined;

/** The worker's script: beside this module once built (out/main); from the sources, bundled by esbuild (html-worker-dev.mjs). */
export async function htmlWorkerUrl(): Promise<URL> {
  if (typeof __MARGINALIA_BUNDLED__ !== 'undefined') return new URL('./html-extract-worker.js', import.meta.url);
  const dev = (await import(new URL('./html-worker-dev.mjs', import.meta.url).href)) as { devWorkerUrl(): Promise<URL> };
  return dev.devWorkerUrl();
}

interface Job {
  id: number;
  html: string;
  rel: string;
  resolve(article: Article): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

const queue: Job[] = [];
const slots = new Set<Slot>();
let nextId = 0;
/** A worker's script is being prepared (the dev bundle takes tens of ms): one start at a time. */
let preparing = false;

/** The article of a page's decoded HTML, extracted in a worker; rejects with a CorpusError naming `rel` past the budget. */
export function extractInWorker(html: string, rel: string): Promise<Article> {
  return new Promise<Article>((resolve, reject) => {
    queue.push({ id: nextId++, html, rel, resolve, reject });
    void dispatch();
  });
}

async function dispatch(): Promise<void> {
  for (const slot of slots) if (slot.ready && !slot.job) give(slot);
  // A worker is started only when every other one is busy and ready: a starting one takes the next page.
  if (preparing || queue.length === 0 || slots.size >= MAX_WORKERS || [...slots].some((s) => !s.ready)) return;
  preparing = true;
  let url: URL;
  try {
    url = await htmlWorkerUrl();
  } catch (e) {
    failQueue(`the HTML extraction worker could not be prepared: ${(e as Error).message}`);
    return;
  } finally {
    preparing = false;
  }
  if (queue.length > 0 && slots.size < MAX_WORKERS) start(url);
}

function start(url: URL): void {
  let worker: Worker;
  try {
    worker = new Worker(url, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  } catch (e) {
    failQueue(`the HTML extraction worker could not start: ${(e as Error).message}`);
    return;
  }
  const slot: Slot = { worker, ready: false, job: null, timer: null };
  slots.add(slot);
  worker.unref();
  worker.on('message', (reply: ExtractReply) => {
    if ('ready' in reply) {
      slot.ready = true;
      void dispatch();
      return;
    }
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    finish(slot);
    if ('article' in reply) job.resolve(reply.article);
    else job.reject(new CorpusError('io', `${job.rel}: the article could not be extracted from the page: ${reply.error}`));
    void dispatch();
  });
  const lost = (why: string) => {
    if (!slots.has(slot)) return;
    slots.delete(slot);
    const job = slot.job;
    finish(slot);
    if (job) job.reject(new CorpusError('io', `${job.rel}: the article could not be extracted from the page: ${why}`));
    else if (!slot.ready) failQueue(`the HTML extraction worker could not start: ${why}`);
    void dispatch();
  };
  worker.on('error', (e) => lost(e.message));
  worker.on('exit', (code) => lost(`the extraction worker stopped (exit code ${code})`));
}

function give(slot: Slot): void {
  const job = queue.shift();
  if (!job) return;
  slot.job = job;
  slot.worker.ref(); // a page being extracted keeps the CLI waiting for it
  const limit = budget.timeoutMs;
  slot.timer = setTimeout(() => {
    slots.delete(slot);
    finish(slot);
    void slot.worker.terminate();
    job.reject(
      new CorpusError('unsupported', `${job.rel} took longer than ${seconds(limit)} to extract; the page is not opened as an article`),
    );
    void dispatch();
  }, limit);
  slot.worker.postMessage({ id: job.id, html: job.html } satisfies ExtractRequest);
}

function finish(slot: Slot): void {
  if (slot.timer) clearTimeout(slot.timer);
  slot.timer = null;
  slot.job = null;
  slot.worker.unref();
}

function failQueue(message: string): void {
  for (const job of queue.splice(0)) job.reject(new CorpusError('io', `${job.rel}: ${message}`));
}

/** Stops every worker (tests; the process exits without it as idle workers are unref'd). */
export async function stopExtractionWorkers(): Promise<void> {
  const all = [...slots];
  slots.clear();
  await Promise.all(all.map((s) => s.worker.terminate()));
}
