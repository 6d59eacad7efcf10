// Profiles main's work per save of the 1 MB article with 5,000 annotations
// (issue 15, item 4), as the benchmark's workspace section saves it: through
// the real handlers, the search index built. Not part of `npm run bench`: a
// tool for looking at where the time goes.
//
//   node --import tsx [--cpu-prof --cpu-prof-dir DIR] scripts/bench/save-profile.ts [saves] [--keep DIR]
//
// Prints main's event-loop busy time per save (request to response, what the
// benchmark reports), the busy time of the whole loop divided by the saves
// (work deferred past the response included), CPU time of the process and of
// the main thread alone (which other load on the machine does not inflate),
// and garbage collection (PerformanceObserver 'gc' entries).
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import type { Annotation } from '../../app/sidecar/sidecar-schema';
import { FULL_SIZES, generateBenchData } from './generate';
import { benchHandlers } from './workspace-bench';

const n = Number(process.argv[2] ?? 200);

/** CPU time of the main thread alone (Linux: its /proc entry, in clock ticks of 10 ms), whatever else loads the machine; null elsewhere. */
function mainThreadCpuMs(): number | null {
  try {
    const fields = (readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1] as string).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
const root = await mkdtemp(join(tmpdir(), 'marginalia-save-profile-'));
try {
  const data = await generateBenchData({ out: root, sizes: { ...FULL_SIZES, corpusDocs: 4, corpusBytes: 16 * 1024, corpusAnnotations: 40 } });
  const handlers = benchHandlers(data.articlesDir);
  await handlers.getStartup({});
  const path = data.big.path;
  const doc = await handlers.openDocument({ path });
  const first = doc.sidecar?.annotations[0];
  if (!doc.sidecar || !first || doc.sidecarSha256 == null) throw new Error(`${path}: no annotations`);
  await handlers.buildSearchIndex({});
  // The window lists the corpus, so the corpus index is built and every save updates it too.
  await handlers.listDocuments({});
  let base = doc.sidecarSha256;

  const gcs: { at: number; ms: number; kind: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push({ at: e.startTime, ms: e.duration, kind: ((e as { detail?: { kind?: number } }).detail)?.kind ?? 0 });
  });
  observer.observe({ entryTypes: ['gc'] });

  const busy: number[] = [];
  const toDisk: number[] = [];
  const windows: [number, number][] = [];
  const loopElu = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuMs();
  const t00 = performance.now();
  for (let i = 0; i < n; i++) {
    // Half adds, half replacements of an earlier add: both paths of a tag's save.
    const put: Annotation = { ...first, id: `profile-${i % 2 === 0 ? i : i - 1}`, ...(i % 2 ? { label: 'ORG' } : {}) };
    const elu = performance.eventLoopUtilization();
    const t0 = performance.now();
    const saved = await handlers.saveSidecarChanges({ path, baseSha256: base, changes: { annotations: { put: [put], remove: [] } } });
    const t1 = performance.now();
    toDisk.push(t1 - t0);
    busy.push(performance.eventLoopUtilization(elu).active);
    windows.push([t0, t1]);
    base = saved.sidecarSha256;
  }
  // Work deferred past the last response is counted too.
  await new Promise((r) => setTimeout(r, 50));
  const wall = performance.now() - t00;
  const loop = performance.eventLoopUtilization(loopElu);
  const cpu = process.cpuUsage(cpu0);
  const main1 = mainThreadCpuMs();
  observer.disconnect();

  const q = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return Math.round((s[Math.min(s.length - 1, Math.floor(p * s.length))] as number) * 100) / 100;
  };
  const inWindow = gcs.filter((g) => windows.some(([a, b]) => g.at >= a && g.at <= b));
  const gcMs = (xs: typeof gcs) => Math.round(xs.reduce((s, g) => s + g.ms, 0) * 10) / 10;
  console.log(
    JSON.stringify(
      {
        saves: n,
        busyPerSave: { p50: q(busy, 0.5), p95: q(busy, 0.95), min: q(busy, 0), max: q(busy, 1) },
        toDisk: { p50: q(toDisk, 0.5), p95: q(toDisk, 0.95) },
        loopBusyPerSave: Math.round((loop.active / n) * 100) / 100,
        cpuPerSaveMs: Math.round(((cpu.user + cpu.system) / 1000 / n) * 100) / 100,
        mainThreadCpuPerSaveMs: main0 === null || main1 === null ? null : Math.round(((main1 - main0) / n) * 100) / 100,
        wallPerSave: Math.round((wall / n) * 100) / 100,
        gc: { count: gcs.length, ms: gcMs(gcs), inSaveWindows: inWindow.length, inSaveWindowsMs: gcMs(inWindow), major: gcs.filter((g) => g.kind === 4).length },
        load: (await import('node:os')).loadavg().map((x) => Math.round(x * 100) / 100),
      },
      null,
      2,
    ),
  );
} finally {
  if (!process.argv.includes('--keep')) await rm(root, { recursive: true, force: true });
}
