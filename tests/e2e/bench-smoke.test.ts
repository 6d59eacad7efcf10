// The benchmark script, run small: it must run end to end (data generation,
// the renderer in Chromium, the corpus work in Node) and write a well-formed
// report. No timing is asserted here: `npm run bench` measures, tests do not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../harness/server';
import { assertRendererBuilt } from '../harness/corpus';

describe('npm run bench -- --smoke', () => {
  let reportDir: string;

  beforeAll(async () => {
    assertRendererBuilt();
    reportDir = await mkdtemp(join(tmpdir(), 'marginalia-bench-smoke-'));
  });
  afterAll(async () => {
    if (reportDir) await rm(reportDir, { recursive: true, force: true });
  });

  it('runs every section on tiny data and writes a JSON report with the machine and the metrics', async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', join(REPO_ROOT, 'scripts/bench/run.ts'), '--smoke', '--report-dir', reportDir],
        { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toMatch(/\| metric +\| value +\| target +\| pass\/fail \|/);

    const reports = (await readdir(reportDir)).filter((f) => /^bench-.*\.json$/.test(f));
    expect(reports).toHaveLength(1);
    const report = JSON.parse(await readFile(join(reportDir, reports[0] as string), 'utf8'));
    expect(report).toMatchObject({ schema: 'marginalia-bench/1', kind: 'smoke', problems: [] });
    expect(typeof report.machine.cpuModel).toBe('string');
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.machine.memoryGb).toBeGreaterThan(0);
    expect(report.machine.node).toBe(process.version);
    expect(report.machine.chromium).toMatch(/^\d+\./);
    expect(report.data.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(report.data.validated).toBeGreaterThan(0);

    const ids = new Set<string>();
    for (const m of report.metrics) {
      expect(typeof m.id).toBe('string');
      expect(typeof m.name).toBe('string');
      expect(m.value === null || Number.isFinite(m.value)).toBe(true);
      expect(typeof m.unit).toBe('string');
      expect(m.target === null || typeof m.target === 'string').toBe(true);
      expect([true, false, null]).toContain(m.pass);
      ids.add(m.id);
    }
    // One figure from each section at least: open, memory, scroll, tag, corpus, export.
    for (const id of ['open.app', 'open.bare', 'open.ratio', 'memory.renderer', 'scroll.long-frames', 'tag.paint.p95', 'tag.floor.paint.p95', 'tag.floor-text.paint.p95', 'tag.disk.p95', 'corpus.scan', 'corpus.index', 'export.read-baseline']) {
      expect(ids, id).toContain(id);
    }
    for (const id of ['open.app', 'open.bare', 'open.ratio', 'tag.paint.p95', 'corpus.scan']) {
      expect(report.metrics.find((m: { id: string }) => m.id === id).value, id).toBeGreaterThan(0);
    }
  }, 180_000);
});
