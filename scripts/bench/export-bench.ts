// Section `export`: every format over the 10,000 articles against reading the
// same bytes, through the CLI's worker pool.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Session } from 'node:inspector/promises';
import { CorpusService } from '../../main/corpus/corpus-service';
import { REPO_ROOT } from '../../tests/harness/server';
import { type GeneratedData } from './generate';
import { summarizeNodeProfile, type CpuProfile } from './profile';
import { mapLimit } from '../../main/corpus/map-limit';
import { type Options, details, metric, median, round, syncDisk, cpuSince } from './bench-core';

export async function findExporter(): Promise<string[]> {
  const found: string[] = [];
  for (const dir of ['main/export', 'main/cli', 'app/formats', 'main/corpus']) {
    const abs = join(REPO_ROOT, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs, { recursive: true }) as string[]) {
      if (!/\.ts$/.test(f) || /\.test\.ts$/.test(f)) continue;
      const text = await readFile(join(abs, f), 'utf8');
      if (/export\s+(async\s+)?function\s+exportCorpus\b/.test(text)) found.push(`${dir}/${f}`);
    }
  }
  return found;
}

export async function benchExport(options: Options, data: GeneratedData, stamp: string): Promise<void> {
  // The denominator: reading every source and sidecar of the corpus.
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(data.corpusDir);
  const times: number[] = [];
  const cpu: number[] = [];
  let bytes = 0;
  for (let i = 0; i < (options.smoke ? 1 : 3); i++) {
    syncDisk();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const sizes = await mapLimit(files, 32, async (f) => (await readFile(f)).length);
    times.push(performance.now() - t0);
    cpu.push(cpuSince(c0));
    bytes = sizes.reduce((s, n) => s + n, 0);
  }
  const read = round(median(times));
  metric({
    id: 'export.read-baseline',
    name: `Read the same bytes: fs.readFile of every source and sidecar (${files.length} files, ${round(bytes / 1024 / 1024)} MB)`,
    value: read,
    unit: 'ms',
    target: null,
    pass: null,
    note: `CPU ${round(median(cpu))} ms; 32 reads at a time, as the corpus scan does`,
  });
  const exporters = await findExporter();
  details.export = { readBaselineMs: times.map((t) => round(t)), readBaselineCpuMs: cpu, files: files.length, bytes, exporterFound: exporters };
  const where = exporters[0];
  if (!where) {
    metric({
      id: 'export.formats',
      name: `Export ${data.corpus.docs} articles with ${data.corpus.annotations} annotations to each format`,
      value: null,
      unit: 'ms',
      target: `< 3x read (${round(read * 3)} ms)`,
      pass: null,
      note: 'not measured yet: no exportCorpus in main/ or app/formats',
    });
    return;
  }
  // Loaded by path at run time: the exporter is another engineer's work in progress.
  const mod = (await import(pathToFileURL(join(REPO_ROOT, where)).href)) as {
    exportCorpus?: (service: CorpusService, options: { format: string; out: string }) => Promise<{ documents: number; annotations: number; files: string[]; problems: string[]; warnings: string[]; workers?: number }>;
  };
  const registry = (await import(pathToFileURL(join(REPO_ROOT, 'app/formats/registry.ts')).href).catch(() => ({}))) as {
    FORMATS?: Record<string, { layout: 'file' | 'folder'; extension: string }>;
  };
  if (typeof mod.exportCorpus !== 'function' || !registry.FORMATS) throw new Error(`${where} has no usable exportCorpus, or app/formats/registry.ts has no FORMATS`);
  const outRoot = join(data.root, 'export');
  await mkdir(outRoot, { recursive: true });
  const perFormat: Record<string, unknown> = {};
  const exportRuns = options.smoke ? 1 : 3;
  for (const [format, info] of Object.entries(registry.FORMATS)) {
    // Median of `exportRuns`, as the read baseline. Each run writes to a new path and the outputs are removed only
    // after the section: deleting hundreds of MB (or brat's 20,000 files) makes this VM's disk slow for seconds after,
    // which would land in the next run. Dirty pages are flushed before each run for the same reason.
    const runs: { ms: number; cpu: number; report: Awaited<ReturnType<NonNullable<typeof mod.exportCorpus>>>; out: string }[] = [];
    let heapBefore = process.memoryUsage();
    let heapAfter = heapBefore;
    for (let r = 0; r < exportRuns; r++) {
      const out = join(outRoot, `${r}`, info.layout === 'folder' ? format : `${format}${info.extension || '.out'}`);
      await mkdir(join(outRoot, `${r}`), { recursive: true });
      const service = await CorpusService.open(data.corpusDir, { resourcesDir: join(REPO_ROOT, 'resources') });
      syncDisk();
      heapBefore = process.memoryUsage();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const report = await mod.exportCorpus(service, { format, out });
      runs.push({ ms: performance.now() - t0, cpu: cpuSince(c0), report, out });
      heapAfter = process.memoryUsage();
    }
    const mid = [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)] as (typeof runs)[number];
    const { ms, report } = mid;
    const exportCpu = mid.cpu;
    let outBytes = 0;
    for (const f of report.files) outBytes += await stat(f).then((x) => x.size, () => 0);
    const ratio = round(ms / read, 2);
    // A folder format writes thousands of files, and creating a file costs far more than reading one on some disks
    // (this VM's: 250-700 µs of kernel time each): the same files written by themselves, with the same bytes and
    // 32 at a time as FolderWriter does, show how much of the export's time is that.
    let writeFloor: number | null = null;
    if (info.layout === 'folder') {
      const contents = await mapLimit(report.files, 32, async (f) => ({ rel: relative(mid.out, f), bytes: await readFile(f) }));
      const floors: number[] = [];
      for (let r = 0; r < exportRuns; r++) {
        const dest = join(outRoot, `floor-${r}-${format}`);
        syncDisk();
        // Each folder made once, as FolderWriter does; the files in it wait for it.
        const made = new Map<string, Promise<unknown>>();
        const t0 = performance.now();
        await mapLimit(contents, 32, async ({ rel, bytes: b }) => {
          const dir = join(dest, rel, '..');
          let folder = made.get(dir);
          if (!folder) made.set(dir, (folder = mkdir(dir, { recursive: true })));
          await folder;
          await writeFile(join(dest, rel), b);
        });
        floors.push(performance.now() - t0);
      }
      writeFloor = round(median(floors));
    }
    const floorNote = writeFloor === null ? '' : `; writing the same ${report.files.length} files alone takes ${writeFloor} ms (${round(writeFloor / read, 2)}x read)`;
    metric({
      id: `export.${format}`,
      name: `Export ${report.documents} articles, ${report.annotations} annotations to ${format} (exportCorpus, scan included)`,
      value: round(ms),
      unit: 'ms',
      target: `< 3x read (${round(read * 3)} ms)`,
      pass: ms < 3 * read,
      note: `${ratio}x read; CPU ${exportCpu} ms (${round(exportCpu / round(median(cpu)), 2)}x the read's CPU; ${report.workers ?? 0} worker threads); ${report.files.length} files, ${round(outBytes / 1024 / 1024)} MB written; ${report.problems.length} problems, ${report.warnings.length} warnings${floorNote}`,
    });
    perFormat[format] = {
      ms: round(ms),
      cpuMs: exportCpu,
      ratioToRead: ratio,
      documents: report.documents,
      annotations: report.annotations,
      files: report.files.length,
      outBytes,
      problems: report.problems.slice(0, 5),
      problemCount: report.problems.length,
      warnings: report.warnings.slice(0, 5),
      workers: report.workers ?? 0,
      writeFloorMs: writeFloor,
      rssGrowthMb: round((heapAfter.rss - heapBefore.rss) / 1024 / 1024),
      runsMs: runs.map((x) => round(x.ms)),
    };
  }
  await rm(outRoot, { recursive: true, force: true });
  await mkdir(outRoot, { recursive: true });
  // Where the slowest format's time goes: the same export again under the V8 profiler (node:inspector).
  const slowest = Object.entries(perFormat).sort((a, b) => (b[1] as { ms: number }).ms - (a[1] as { ms: number }).ms)[0];
  let slowestProfile: unknown = null;
  if (slowest && options.profile) {
    const [format, info] = [slowest[0], registry.FORMATS[slowest[0]] as { layout: 'file' | 'folder'; extension: string }];
    const out = join(outRoot, info.layout === 'folder' ? format : `${format}${info.extension || '.out'}`);
    const service = await CorpusService.open(data.corpusDir, { resourcesDir: join(REPO_ROOT, 'resources') });
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 500 });
    await session.post('Profiler.start');
    const t0 = performance.now();
    await mod.exportCorpus(service, { format, out });
    const ms = round(performance.now() - t0);
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    session.disconnect();
    await rm(out, { recursive: true, force: true });
    const file = join(options.reportDir, `bench-${stamp}-export-${format}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    slowestProfile = { format, profiledMs: ms, file: relative(REPO_ROOT, file), ...summarizeNodeProfile(profile, REPO_ROOT) };
  }
  details.export = { ...(details.export as object), perFormat, slowestProfile };
}
