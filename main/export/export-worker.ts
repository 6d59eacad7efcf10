// An export worker thread: reads, checks and renders the documents main sends
// it in batches, and sends back each document's output already encoded as
// UTF-8, the buffers transferred, not copied. The output's state (separators,
// counters, label tallies) stays in main, which folds the results in corpus
// order (export-pool.ts), so the bytes are the serial export's.
//
// A worker has no CorpusService: documents that need one (a saved web page, a
// sidecar written for other bytes) come back as NEEDS_SERVICE and main reads
// and renders them itself.
import { parentPort, workerData } from 'node:worker_threads';
import { FORMATS } from '../../app/formats/registry';
import type { ExportFile, RenderedDocument } from '../../app/formats/types';
import { loadDirect, NEEDS_SERVICE, readBlocking } from './documents';
import type { WorkerBatch, WorkerInit, WorkerOutcome, WorkerReply } from './export-pool';
import { renderDocument } from './render-document';

const init = workerData as WorkerInit;
const port = parentPort;
if (!port) throw new Error('export-worker runs as a worker thread');
const exporter = FORMATS[init.format].createExporter(init.context);
const filters = {
  ...(init.labels ? { labels: new Set(init.labels) } : {}),
  ...(init.statuses ? { statuses: new Set(init.statuses) } : {}),
};

/**
 * A batch's rendered text as UTF-8, all of it in one buffer (one allocation
 * and one transfer per batch: brat's 20,000 files each with a buffer of their
 * own cost more than the encoding), each document's pieces views into it.
 */
function encodeBatch(rendered: RenderedDocument<unknown, string>[]): { encoded: RenderedDocument<unknown, Uint8Array>[]; buffer: ArrayBuffer } {
  let total = 0;
  for (const r of rendered) {
    if (r.main !== undefined) total += Buffer.byteLength(r.main, 'utf8');
    for (const f of r.files ?? []) total += Buffer.byteLength(f.text, 'utf8');
  }
  // allocUnsafeSlow: a buffer of its own, never a slice of Node's shared pool, so it can be transferred.
  const bytes = Buffer.allocUnsafeSlow(total);
  let at = 0;
  const put = (text: string): Uint8Array => {
    const start = at;
    at += bytes.write(text, at, 'utf8');
    return new Uint8Array(bytes.buffer, bytes.byteOffset + start, at - start);
  };
  const encoded = rendered.map((r) => {
    const out: RenderedDocument<unknown, Uint8Array> = { meta: r.meta };
    if (r.main !== undefined) out.main = put(r.main);
    if (r.files) out.files = r.files.map((f): ExportFile<Uint8Array> => ({ name: f.name, text: put(f.text) }));
    return out;
  });
  return { encoded, buffer: bytes.buffer as ArrayBuffer };
}

async function renderBatch(batch: WorkerBatch): Promise<void> {
  try {
    // Blocking reads: this thread has nothing else to do meanwhile, and they cost less CPU than libuv's round trips.
    const reads = await Promise.all(batch.entries.map((e) => loadDirect(e, readBlocking)));
    const rendered = reads.map((read) => (read === NEEDS_SERVICE ? read : renderDocument(read, exporter, filters)));
    const { encoded, buffer } = encodeBatch(rendered.flatMap((r) => (r !== NEEDS_SERVICE && r.kind === 'ok' ? [r.rendered] : [])));
    let next = 0;
    const results = rendered.map((r): WorkerOutcome => {
      if (r === NEEDS_SERVICE) return { kind: NEEDS_SERVICE };
      return r.kind === 'ok' ? { ...r, rendered: encoded[next++] as RenderedDocument<unknown, Uint8Array> } : r;
    });
    port?.postMessage({ id: batch.id, results } satisfies WorkerReply, [buffer]);
  } catch (e) {
    port?.postMessage({ id: batch.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerReply);
  }
}

port.on('message', (batch: WorkerBatch) => void renderBatch(batch));
port.postMessage({ ready: true });
