import { afterEach, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHandlers } from '../ipc/handlers';
import { dispatch } from '../ipc/dispatch';

const SAMPLE = resolve(import.meta.dirname, '../../resources/sample-corpus');
const made: string[] = [];
async function temp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'marginalia-export-jobs-'));
  made.push(d);
  return d;
}
afterEach(async () => {
  for (const d of made.splice(0)) await rm(d, { recursive: true, force: true });
});

async function setup() {
  const corpus = await temp();
  await cp(SAMPLE, corpus, { recursive: true });
  const outDir = await temp();
  let answer: string | null = outDir;
  const handlers = createHandlers({
    chooseFolder: async () => answer,
    settings: { getRecent: () => [], addRecent: () => {} },
    sampleCorpusRoot: SAMPLE,
    initialCorpus: corpus,
  });
  await dispatch(handlers, 'getStartup', {});
  return { handlers, outDir, setAnswer: (a: string | null) => (answer = a) };
}

async function waitDone(handlers: ReturnType<typeof createHandlers>, jobId: string) {
  for (let i = 0; i < 200; i++) {
    const env = await dispatch(handlers, 'exportStatus', { jobId });
    if (!env.ok) throw new Error(env.error.message);
    const status = env.value as { state: string };
    if (status.state !== 'running') return env.value as { state: string; done: number; total: number; out: string; report?: { documents: number; files: string[] } };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('export did not finish');
}

describe('exports started from the app', () => {
  it('writes into the chosen folder under a new name each time, with progress and a report', async () => {
    const { handlers, outDir } = await setup();
    const first = await dispatch(handlers, 'startExport', { format: 'jsonl' });
    expect(first.ok).toBe(true);
    const { jobId, out } = (first as { value: { jobId: string; out: string } }).value;
    expect(out.startsWith(outDir)).toBe(true);
    const status = await waitDone(handlers, jobId);
    expect(status.state).toBe('done');
    expect(status.done).toBe(status.total);
    expect(status.report?.documents).toBe(6);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(JSON.parse(lines[0]!)).toHaveProperty('text');

    const second = (await dispatch(handlers, 'startExport', { format: 'jsonl' })) as { ok: true; value: { jobId: string; out: string } };
    expect(second.value.out).not.toBe(out);
    await waitDone(handlers, second.value.jobId);
    expect((await readdir(outDir)).sort()).toEqual([out.slice(outDir.length + 1), second.value.out.slice(outDir.length + 1)].sort());
  });

  it('returns null when the folder dialog is cancelled, and validates arguments', async () => {
    const { handlers, setAnswer } = await setup();
    setAnswer(null);
    expect(await dispatch(handlers, 'startExport', { format: 'csv' })).toEqual({ ok: true, value: null });
    const bad = await dispatch(handlers, 'startExport', { format: 'pdf' });
    expect(bad.ok).toBe(false);
    const unknown = await dispatch(handlers, 'exportStatus', { jobId: 'export-99' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
