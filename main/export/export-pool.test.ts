// Exports rendered in worker threads must write exactly what the serial export
// writes, in every format, with every option, whatever the documents hold;
// and a worker that fails must fail the export, never leave half a file.
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXPORT_FORMATS } from '../../app/formats/types';
import { serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { BATCH_SIZE, ExportPool, exportWorkerUrl, PARALLEL_FROM, workerCount } from './export-pool';
import { exportCorpus, type ExportOptions, type ExportReport } from './export-service';
import { annotateCorpus, copyCorpus, SAMPLE_CORPUS } from './test-corpus';

afterEach(cleanupTempDirs);

const COPIES = 12;

/**
 * The sample corpus COPIES times over (72 documents: more than two batches per
 * worker, so results come back out of order), annotated, with every path a
 * document can take: re-anchored (its text rewritten), a saved web page (read
 * by the service, in main), a broken sidecar, and one annotation whose quote
 * no longer matches (a problem reported in the worker).
 */
async function bigCorpus(): Promise<string> {
  const dir = await makeTempDir();
  const sample = await copyCorpus(SAMPLE_CORPUS);
  for (let i = 0; i < COPIES; i++) await copyCorpusInto(sample, join(dir, `copy-${String(i).padStart(2, '0')}`));
  const docs = await annotateCorpus(dir);
  const paths = [...docs.keys()];
  // Rewritten after annotating: its sidecar is for other bytes, so the service re-anchors it.
  const moved = paths[3] as string;
  await writeFile(join(dir, moved), `A new first line.\n${docs.get(moved)?.text ?? ''}`);
  await writeFile(join(dir, sidecarNameFor(paths[10] as string)), '{ not json');
  const stale = paths[40] as string;
  const sidecar = docs.get(stale)?.sidecar;
  if (!sidecar?.annotations[0]) throw new Error('expected annotations');
  const wrong = { ...sidecar, annotations: sidecar.annotations.map((a, i) => (i === 0 ? { ...a, text: `${a.text}x` } : a)) };
  await writeFile(join(dir, sidecarNameFor(stale)), serializeSidecar(wrong));
  const page = '<!doctype html><html><head><title>Gauges</title></head><body><article><h1>River gauges</h1><p>The gauge at Hội An (会安) read 3.2 m in 2024; "the water keeps rising", said Trần Thị Mai.</p><p>A second paragraph, long enough for Readability to keep it as the article body.</p></article></body></html>';
  await writeFile(join(dir, 'copy-05', 'gauges.html'), page);
  return dir;
}

async function copyCorpusInto(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const e of await readdir(from, { withFileTypes: true })) {
    if (e.isDirectory()) await copyCorpusInto(join(from, e.name), join(to, e.name));
    else await writeFile(join(to, e.name), await readFile(join(from, e.name)));
  }
}

/** Every file under `dir` with its bytes' hash, by path relative to `dir`. */
async function snapshot(dir: string, rel = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(join(dir, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, await snapshot(dir, path));
    else out[path] = createHash('sha256').update(await readFile(join(dir, path))).digest('hex');
  }
  return out;
}

interface Both {
  serial: ExportReport;
  parallel: ExportReport;
  /** Each output's files and their hashes. */
  same: [Record<string, string>, Record<string, string>];
  /** The reports without what legitimately differs: where each wrote, and how. */
  reports: [unknown, unknown];
}

async function exportBoth(dir: string, options: Omit<ExportOptions, 'out' | 'workers'>): Promise<Both> {
  const service = await CorpusService.open(dir);
  const outs = [await makeTempDir(), await makeTempDir()] as const;
  // A folder as --out: file formats write <corpus>.<ext> in it, brat and splits write into it.
  const serial = await exportCorpus(service, { ...options, out: outs[0], workers: 0 });
  const parallel = await exportCorpus(service, { ...options, out: outs[1], workers: 2 });
  const comparable = (report: ExportReport, out: string): unknown => ({
    ...report,
    out: report.out.slice(out.length),
    workers: undefined,
    files: report.files.map((f) => f.slice(out.length)),
    parts: report.parts.map((p) => ({ ...p, path: p.path.slice(out.length) })),
  });
  return { serial, parallel, same: [await snapshot(outs[0]), await snapshot(outs[1])], reports: [comparable(serial, outs[0]), comparable(parallel, outs[1])] };
}

describe('export in worker threads', () => {
  it('writes byte for byte what the serial export writes, in every format, and reports the same', { timeout: 120_000 }, async () => {
    const dir = await bigCorpus();
    for (const format of EXPORT_FORMATS) {
      const { serial, parallel, same, reports } = await exportBoth(dir, { format });
      expect(serial.workers, format).toBe(0);
      expect(parallel.workers, format).toBe(2);
      expect(Object.keys(same[0]).length, format).toBeGreaterThan(0);
      expect(same[1], format).toEqual(same[0]);
      expect(reports[1], format).toEqual(reports[0]);
      // The documents that took every path are all there: 72 plus the web page, less the broken sidecar.
      expect(parallel.documents, format).toBe(6 * COPIES);
      expect(parallel.problems.some((p) => p.includes('not valid JSON')), format).toBe(true);
      expect(parallel.problems.some((p) => p.includes('should cover')), format).toBe(true);
    }
  });

  it('gives the same split, label and status filtering', { timeout: 120_000 }, async () => {
    const dir = await bigCorpus();
    const variants: Omit<ExportOptions, 'out' | 'workers'>[] = [
      { format: 'jsonl', split: [70, 15, 15], seed: 7 },
      { format: 'brat', split: [80, 20], seed: 3, labels: ['PERSON', 'CLAIM'] },
      { format: 'conll', labels: ['PERSON', 'CLAIM'], status: ['in-progress', 'done'] },
      { format: 'labelstudio', status: ['todo'] },
      { format: 'w3c', labels: ['DATE'], split: [50, 50], status: ['todo', 'done'] },
    ];
    for (const v of variants) {
      const { serial, parallel, same, reports } = await exportBoth(dir, v);
      expect(parallel.workers).toBe(2);
      expect(serial.documents, JSON.stringify(v)).toBeGreaterThan(0);
      expect(same[1], JSON.stringify(v)).toEqual(same[0]);
      expect(reports[1], JSON.stringify(v)).toEqual(reports[0]);
    }
  });

  it('falls back to one thread, and says so, when the workers cannot start', async () => {
    const dir = await bigCorpus();
    const start = vi.spyOn(ExportPool, 'start').mockRejectedValue(new Error('no threads here'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { serial, parallel, same } = await exportBoth(dir, { format: 'conll' });
      expect(start).toHaveBeenCalledTimes(1);
      expect(parallel.workers).toBe(0);
      expect(same[1]).toEqual(same[0]);
      expect(parallel.documents).toBe(serial.documents);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('no threads here'));
    } finally {
      start.mockRestore();
      warn.mockRestore();
    }
  });

  it('stops when aborted: no file under the name asked for, no worker left running', async () => {
    const dir = await bigCorpus();
    const outDir = await makeTempDir();
    const controller = new AbortController();
    const promise = exportCorpus(await CorpusService.open(dir), { format: 'conll', out: join(outDir, 'x.conll'), workers: 2 }, (done) => {
      if (done === BATCH_SIZE + 1) controller.abort();
    }, controller.signal);
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(await readdir(outDir)).toEqual([]);
  });
});

describe('the worker pool', () => {
  const init = { format: 'jsonl' as const, context: { schema: { version: 1, entityLabels: [], claimLabels: [], relationTypes: [] } as never } };

  it('fails a batch, and every later one, when its worker dies', async () => {
    const dir = await makeTempDir();
    // Loads, says it is ready, then exits on the first batch.
    const script = join(dir, 'dies.mjs');
    await writeFile(script, "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ ready: true });\nparentPort.on('message', () => process.exit(3));\n");
    const pool = await ExportPool.start(init, 1, pathToFileURL(script));
    await expect(pool.render([{ path: 'a.txt', file: join(dir, 'a.txt'), sidecarFile: null }])).rejects.toThrow(/exit code 3/);
    await expect(pool.render([])).rejects.toThrow(/exit code 3/);
    await pool.close();
  });

  it('refuses to start when a worker cannot load its script, leaving none running', async () => {
    const dir = await makeTempDir();
    const script = join(dir, 'broken.mjs');
    await writeFile(script, 'throw new Error("cannot load");\n');
    await expect(ExportPool.start(init, 2, pathToFileURL(script))).rejects.toThrow(/cannot load/);
    await expect(ExportPool.start(init, 1, pathToFileURL(join(dir, 'missing.mjs')))).rejects.toThrow();
  });

  it('renders a real batch, from the sources', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    await annotateCorpus(dir);
    const entries = await (await CorpusService.open(dir)).scanTextDocuments();
    const pool = await ExportPool.start(init, 1);
    try {
      const results = await pool.render(entries);
      expect(results.map((r) => r.kind)).toEqual(entries.map(() => 'ok'));
      const first = results[0];
      if (first?.kind !== 'ok') throw new Error('expected a rendered document');
      // The worker's output arrives as UTF-8 bytes.
      expect(first.rendered.main).toBeInstanceOf(Uint8Array);
      expect(JSON.parse(new TextDecoder().decode(first.rendered.main)).meta.path).toBe(entries[0]?.path);
    } finally {
      await pool.close();
    }
  });

  it('is used by default only for a corpus big enough, on more than one core, unless asked', () => {
    expect(workerCount(PARALLEL_FROM - 1, undefined, {})).toBe(0);
    expect(workerCount(10, 3)).toBe(3);
    expect(workerCount(100_000, 0)).toBe(0);
    expect(workerCount(100_000, undefined, {})).toBeLessThanOrEqual(4);
    expect(workerCount(100_000, undefined, { MARGINALIA_EXPORT_WORKERS: '0' })).toBe(0);
    expect(workerCount(5, undefined, { MARGINALIA_EXPORT_WORKERS: '2' })).toBe(2);
    // Anything else in the variable is ignored.
    expect(workerCount(5, undefined, { MARGINALIA_EXPORT_WORKERS: 'many' })).toBe(0);
  });

  it('from the sources, runs the worker bundled by esbuild, one bundle for every worker of the process', async () => {
    // (The built app's worker, out/main/export-worker.js, is run by tests/e2e/packaging.test.ts.)
    const dev = await exportWorkerUrl();
    expect(dev.protocol).toBe('data:');
    expect(await exportWorkerUrl()).toBe(dev);
    expect(Buffer.from(dev.href.slice(dev.href.indexOf(',') + 1), 'base64').toString('utf8')).toContain('export-worker runs as a worker thread');
  });
});
