// `npm run bench`: the performance targets of ../shared/DESIGN.md, measured.
// The renderer in real Chromium (the built renderer served by the e2e harness,
// the bridge answered by the real main-process handlers over real files), the
// corpus work in Node. Data comes from scripts/bench/generate.ts (the sample
// articles scaled up, deterministic), written to a temporary folder and
// removed afterwards. Prints a table and writes bench-results/bench-<date>.json.
//
//   npm run bench                      full sizes (1 MB / 5,000 annotations, 10,000 articles)
//   npm run bench -- --smoke           tiny sizes: checks the script works, not how fast
//   options: --runs N  --tags N  --big-tags N  --seed N  --only open,memory,scroll,tag,corpus,export,suggest,workspace
//            --report-dir DIR  --keep (keep the generated data)  --no-profile
//
// Timing rules: every renderer figure is measured inside the page with
// performance.now(); "painted" is a setTimeout(0) queued from the first
// animation frame in which the condition holds (so that frame's style, layout
// and paint are included); "settled" adds any long animation frame that starts
// within a quiet second after it. Nothing here is tuned to pass: targets are
// the design's, and a failure is reported as one.
import { benchWorkspace } from './workspace-bench';
import { benchRecommenders } from './recommenders';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Session } from 'node:inspector/promises';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { CorpusService } from '../../main/corpus/corpus-service';
import { indexCacheFile, loadIndexCache, saveIndexCache } from '../../main/search/index-cache';
import type { SearchService } from '../../main/search/search-service';
import { LabelSchemaFileSchema } from '../../app/label-schema';
import { launchChromium, openApp } from '../../tests/harness/browser';
import { RENDERER_DIR, REPO_ROOT, startHarnessProcess, type Harness } from '../../tests/harness/server';

/** The harness runs in a process of its own (as main does in Electron): see tests/harness/serve.ts. */
type BenchHarness = Pick<Harness, 'url' | 'close'>;
import { assertRendererBuilt } from '../../tests/harness/corpus';
import { DEFAULT_SEED, FULL_SIZES, SMOKE_SIZES, generateBenchData, Rng, type GeneratedData } from './generate';
import { BENCH_PAGE_JS, bareHtml } from './page-scripts';
import { bundleModules, summarizeNodeProfile, summarizeProfile, summarizeTrace, type CpuProfile, type ProfileSummary, type TraceSummary } from './profile';
import { mapLimit } from '../../main/corpus/map-limit';
import { benchReanchor, reanchorMetrics } from './reanchor-bench';
import type { Metric } from './metric';

// ---------------------------------------------------------------- options

interface Options {
  smoke: boolean;
  runs: number;
  tags: number;
  bigTags: number;
  seed: number;
  only: Set<string> | null;
  reportDir: string;
  keep: boolean;
  profile: boolean;
}

const SECTIONS = ['reanchor', 'open', 'memory', 'scroll', 'tag', 'corpus', 'export', 'suggest', 'workspace'] as const;

function parseOptions(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
    return v;
  };
  const smoke = argv.includes('--smoke');
  const int = (name: string, fallback: number): number => {
    const v = value(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
    return n;
  };
  const only = value('--only');
  if (only) {
    for (const s of only.split(',')) {
      if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--only: unknown section "${s}" (${SECTIONS.join(', ')})`);
    }
  }
  return {
    smoke,
    runs: int('--runs', smoke ? 1 : 7),
    tags: int('--tags', smoke ? 3 : 50),
    bigTags: int('--big-tags', smoke ? 1 : 5),
    seed: int('--seed', DEFAULT_SEED),
    only: only ? new Set(only.split(',')) : null,
    reportDir: resolve(value('--report-dir') ?? join(REPO_ROOT, 'bench-results')),
    keep: argv.includes('--keep'),
    profile: !argv.includes('--no-profile'),
  };
}

// ---------------------------------------------------------------- results


const metrics: Metric[] = [];
const details: Record<string, unknown> = {};
const problems: { section: string; message: string }[] = [];

function metric(m: Metric): void {
  metrics.push(m);
}

/** The machine's 1-minute load average at the start and end of each section: timings are wall-clock, and inflate when other work shares the cores. */
const load: Record<string, { start: number; end: number }> = {};

async function section(name: string, options: Options, fn: () => Promise<void>): Promise<void> {
  if (options.only && !options.only.has(name)) return;
  const t0 = performance.now();
  const start = os.loadavg()[0] ?? 0;
  console.error(`bench: ${name}… (load ${start.toFixed(1)})`);
  try {
    await fn();
  } catch (e) {
    const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
    problems.push({ section: name, message });
    console.error(`bench: ${name} failed: ${message}`);
  }
  load[name] = { start: round(start, 2), end: round(os.loadavg()[0] ?? 0, 2) };
  console.error(`bench: ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

// ---------------------------------------------------------------- statistics

function sorted(xs: number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}
/** Nearest-rank percentile. */
function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
}
function median(xs: number[]): number {
  return percentile(xs, 50);
}
function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
/** CPU time (user + system) of this process since `since`, in ms. */
/** Flushes dirty pages (the generated corpus, earlier outputs) so their write-back does not land in a measurement. */
function syncDisk(): void {
  try {
    execFileSync('sync');
  } catch {
    // No sync command (Windows): measure as it is.
  }
}

function cpuSince(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return round((d.user + d.system) / 1000);
}

function stats(xs: number[]): { n: number; min: number; p50: number; p95: number; max: number; mean: number } {
  return {
    n: xs.length,
    min: round(Math.min(...xs)),
    p50: round(percentile(xs, 50)),
    p95: round(percentile(xs, 95)),
    max: round(Math.max(...xs)),
    mean: round(xs.reduce((s, x) => s + x, 0) / (xs.length || 1)),
  };
}

// ---------------------------------------------------------------- browser helpers

interface LongFrame {
  startTime: number;
  duration: number;
  blockingDuration?: number;
  renderStart?: number;
  styleAndLayoutStart?: number;
  scripts: { invoker: string; sourceFunctionName: string; duration: number; forcedStyleAndLayoutDuration: number }[];
}

interface OpenTiming {
  t0: number;
  ipcStart: number | null;
  ipcEnd: number | null;
  built?: number;
  registered: number;
  painted: number;
  settled: number;
  lines: number;
  ranges: number;
  longFrames: LongFrame[];
}

function benchCall<T>(page: Page, method: string, arg: unknown = {}): Promise<T> {
  return page.evaluate(`window.__bench.${method}(${JSON.stringify(arg)})`) as Promise<T>;
}

async function installBench(page: Page): Promise<void> {
  await page.evaluate(BENCH_PAGE_JS);
}

const VIEWPORT = { width: 1400, height: 900 };
/** How long the page must stay free of long frames after painting to count as settled. */
const quietMs = (options: Options) => (options.smoke ? 200 : 1000);

async function appPage(browser: Browser, harness: BenchHarness): Promise<{ page: Page; errors: string[] }> {
  const opened = await openApp(browser, harness, VIEWPORT);
  await opened.page.locator('button.mg-doc').first().waitFor();
  await installBench(opened.page);
  await opened.page.waitForTimeout(300);
  return opened;
}

async function barePage(browser: Browser, harness: BenchHarness, html: string): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const url = `${harness.url}__bench/bare.html`;
  await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  await page.goto(url);
  // No interception while timing: the page's bridge calls go straight to the harness, as the app's do.
  await context.unroute(url);
  await installBench(page);
  await page.evaluate('window.__bare.prepare()');
  await page.waitForTimeout(300);
  return { page, context };
}

const PERF_METRICS = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'JSHeapUsedSize', 'JSHeapTotalSize', 'Nodes', 'LayoutCount', 'RecalcStyleCount'] as const;
type PerfMetrics = Record<(typeof PERF_METRICS)[number], number>;

async function cpuSession(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return cdp;
}

async function perfMetrics(cdp: CDPSession): Promise<PerfMetrics> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const out = {} as PerfMetrics;
  for (const name of PERF_METRICS) out[name] = list.find((m) => m.name === name)?.value ?? NaN;
  return out;
}

/**
 * Renderer main-thread CPU time by kind between two Performance.getMetrics
 * snapshots taken with timeDomain 'threadTicks', in ms: what the page itself
 * cost, whatever else the machine was doing.
 */
function perfDelta(a: PerfMetrics, b: PerfMetrics) {
  const ms = (k: 'TaskDuration' | 'ScriptDuration' | 'LayoutDuration' | 'RecalcStyleDuration') => round((b[k] - a[k]) * 1000);
  return {
    cpuMs: ms('TaskDuration'),
    scriptMs: ms('ScriptDuration'),
    layoutMs: ms('LayoutDuration'),
    styleMs: ms('RecalcStyleDuration'),
    layouts: b.LayoutCount - a.LayoutCount,
    styleRecalcs: b.RecalcStyleCount - a.RecalcStyleCount,
  };
}

async function withProfile<T>(page: Page, enabled: boolean, fn: () => Promise<T>): Promise<{ result: T; profile: CpuProfile | null }> {
  if (!enabled) return { result: await fn(), profile: null };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
  try {
    const result = await fn();
    const { profile } = await cdp.send('Profiler.stop');
    return { result, profile: profile as CpuProfile };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

let bundle: { urlPart: string; markers: ReturnType<typeof bundleModules> } | null = null;
/** The renderer bundle being served (the run's snapshot of out/renderer) and its module boundaries. */
function rendererBundle(ctx: { rendererDir: string }): { urlPart: string; markers: ReturnType<typeof bundleModules> } {
  if (!bundle) {
    const assets = join(ctx.rendererDir, 'assets');
    const js = readdirSync(assets).find((f) => /^index-.*\.js$/.test(f));
    if (!js) throw new Error(`no index-*.js in ${assets}`);
    bundle = { urlPart: `/assets/${js}`, markers: bundleModules(join(assets, js)) };
  }
  return bundle;
}

/** Writes the profile beside the report (open it in Chrome DevTools' Performance panel) and summarizes it. */
async function saveProfile(ctx: RendererContext, name: string, profile: CpuProfile | null): Promise<(ProfileSummary & { file: string }) | null> {
  if (!profile) return null;
  const file = join(ctx.options.reportDir, `bench-${ctx.stamp}-${name}.cpuprofile`);
  await writeFile(file, JSON.stringify(profile));
  const b = rendererBundle(ctx);
  return { file: relative(REPO_ROOT, file), ...summarizeProfile(profile, b.urlPart, b.markers) };
}

/** Resident memory of Chromium's renderer processes (Linux /proc), in MB. */
async function rendererProcesses(browser: Browser): Promise<{ pid: number; rssMb: number; pssMb: number | null }[]> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
    const out: { pid: number; rssMb: number; pssMb: number | null }[] = [];
    for (const p of processInfo.filter((x) => x.type === 'renderer')) {
      try {
        const rollup = await readFile(`/proc/${p.id}/smaps_rollup`, 'utf8');
        const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? NaN);
        out.push({ pid: p.id, rssMb: round(kb('Rss') / 1024), pssMb: round(kb('Pss') / 1024) });
      } catch {
        // not Linux, or the process is gone
      }
    }
    return out.sort((a, b) => b.rssMb - a.rssMb);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

function loafSummary(frames: LongFrame[]) {
  return {
    count: frames.length,
    maxMs: frames.length ? round(Math.max(...frames.map((f) => f.duration))) : 0,
    totalMs: round(frames.reduce((s, f) => s + f.duration, 0)),
    frames: frames.map((f) => ({
      durationMs: round(f.duration),
      scriptMs: round(f.scripts.reduce((s, x) => s + x.duration, 0)),
      forcedLayoutMs: round(f.scripts.reduce((s, x) => s + (x.forcedStyleAndLayoutDuration ?? 0), 0)),
      // From the start of the frame's rendering update to its end: style, layout, paint (not forced by scripts).
      renderMs: f.renderStart ? round(f.startTime + f.duration - f.renderStart) : null,
      styleAndLayoutMs: f.styleAndLayoutStart ? round(f.startTime + f.duration - f.styleAndLayoutStart) : null,
      scripts: f.scripts
        .filter((s) => s.duration >= 5)
        .map((s) => ({ invoker: s.invoker, fn: s.sourceFunctionName, ms: round(s.duration), forcedLayoutMs: round(s.forcedStyleAndLayoutDuration ?? 0) })),
    })),
  };
}

// ---------------------------------------------------------------- renderer benches

interface RendererContext {
  options: Options;
  data: GeneratedData;
  harness: BenchHarness;
  browser: Browser;
  stamp: string;
  cssHref: string;
  schema: ReturnType<typeof LabelSchemaFileSchema.parse>;
  /** The snapshot of out/renderer this run serves, so a rebuild during the run cannot change what is measured. */
  rendererDir: string;
}

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.stack'];

async function withTrace<T>(ctx: RendererContext, page: Page, enabled: boolean, fn: () => Promise<T>): Promise<{ result: T; trace: TraceSummary | null }> {
  if (!enabled) return { result: await fn(), trace: null };
  await ctx.browser.startTracing(page, { categories: TRACE_CATEGORIES });
  let result: T;
  try {
    result = await fn();
  } catch (e) {
    await ctx.browser.stopTracing().catch(() => {});
    throw e;
  }
  const buffer = await ctx.browser.stopTracing();
  if (process.env.MG_BENCH_RAW_TRACE) await writeFile(`${process.env.MG_BENCH_RAW_TRACE}-${Date.now()}.json`, buffer);
  const b = rendererBundle(ctx);
  return { result, trace: summarizeTrace(buffer.toString('utf8'), b.urlPart, b.markers) };
}

interface OpenOptions {
  profile?: boolean;
  trace?: boolean;
  /** Diagnostics: open without the ::highlight rules, or with the side panel hidden. */
  diagnostic?: 'no-highlight-rules' | 'no-side-panel';
}

async function measureAppOpen(ctx: RendererContext, path: string, expected: number, o: OpenOptions = {}) {
  const { page, errors } = await appPage(ctx.browser, ctx.harness);
  if (o.diagnostic) await benchCall(page, 'applyDiagnostic', o.diagnostic);
  const cdp = await cpuSession(page);
  const before = await perfMetrics(cdp);
  const { result: traced, profile: cpu } = await withProfile(page, o.profile ?? false, () =>
    withTrace(ctx, page, o.trace ?? false, () =>
      benchCall<OpenTiming>(page, 'openApp', { path, expected, timeoutMs: 120_000, quietMs: quietMs(ctx.options) }),
    ),
  );
  const after = await perfMetrics(cdp);
  await cdp.detach();
  const census = await benchCall<Record<string, number>>(page, 'census');
  return { page, errors, timing: traced.result, main: perfDelta(before, after), profile: cpu, trace: traced.trace, census };
}

async function measureBareOpen(ctx: RendererContext, variant: 'highlights' | 'marks', preload: boolean, expected: number, profile = false) {
  const html = bareHtml({ cssHref: ctx.cssHref, path: ctx.data.big.path, variant, preload, schema: ctx.schema });
  const { page, context } = await barePage(ctx.browser, ctx.harness, html);
  const cdp = await cpuSession(page);
  const before = await perfMetrics(cdp);
  const { result: traced, profile: cpu } = await withProfile(page, profile, () =>
    withTrace(ctx, page, profile, () =>
      benchCall<OpenTiming>(page, 'openBare', { expected, timeoutMs: 120_000, quietMs: quietMs(ctx.options), marks: variant === 'marks' }),
    ),
  );
  const after = await perfMetrics(cdp);
  await cdp.detach();
  const census = await benchCall<Record<string, number>>(page, 'census');
  return { page, context, timing: traced.result, main: perfDelta(before, after), profile: cpu, trace: traced.trace, census };
}

function openFigures(t: OpenTiming) {
  return {
    interactiveMs: round(t.settled - t.t0),
    paintedMs: round(t.painted - t.t0),
    registeredMs: round(t.registered - t.t0),
    ipcMs: t.ipcStart !== null && t.ipcEnd !== null ? round(t.ipcEnd - t.ipcStart) : null,
    afterIpcMs: t.ipcEnd !== null ? round(t.settled - t.ipcEnd) : null,
    lines: t.lines,
    ranges: t.ranges,
    longFrames: loafSummary(t.longFrames),
  };
}

async function benchOpen(ctx: RendererContext): Promise<void> {
  const { data, options } = ctx;
  const expected = data.big.annotations;
  const runs: Record<'app' | 'bareHighlights' | 'bareMarks' | 'barePaintOnly', ReturnType<typeof openFigures>[]> = {
    app: [],
    bareHighlights: [],
    bareMarks: [],
    barePaintOnly: [],
  };
  const mains: Record<keyof typeof runs, ReturnType<typeof perfDelta>[]> = { app: [], bareHighlights: [], bareMarks: [], barePaintOnly: [] };
  const appErrors: string[] = [];
  let census: Record<string, Record<string, number>> = {};
  // Interleaved, so that drift of the machine affects all variants alike.
  for (let i = 0; i < options.runs; i++) {
    const app = await measureAppOpen(ctx, data.big.path, expected);
    runs.app.push(openFigures(app.timing));
    mains.app.push(app.main);
    appErrors.push(...app.errors);
    census = { app: app.census };
    await app.page.context().close();
    for (const [key, variant, preload] of [
      ['bareHighlights', 'highlights', false],
      ['bareMarks', 'marks', false],
      ['barePaintOnly', 'highlights', true],
    ] as const) {
      const bare = await measureBareOpen(ctx, variant, preload, expected);
      runs[key].push(openFigures(bare.timing));
      mains[key].push(bare.main);
      census[key] = bare.census;
      await bare.context.close();
    }
    console.error(
      `  open run ${i + 1}/${options.runs}: app ${runs.app.at(-1)?.interactiveMs} ms (CPU ${mains.app.at(-1)?.cpuMs} ms), bare ${runs.bareHighlights.at(-1)?.interactiveMs} ms (CPU ${mains.bareHighlights.at(-1)?.cpuMs} ms); load ${os.loadavg()[0]?.toFixed(1)}`,
    );
  }
  const med = (k: keyof typeof runs, f: (x: ReturnType<typeof openFigures>) => number | null) =>
    round(median(runs[k].map(f).filter((x): x is number => x !== null)));
  const medMain = (k: keyof typeof runs) => ({
    cpuMs: round(median(mains[k].map((m) => m.cpuMs))),
    scriptMs: round(median(mains[k].map((m) => m.scriptMs))),
    layoutMs: round(median(mains[k].map((m) => m.layoutMs))),
    styleMs: round(median(mains[k].map((m) => m.styleMs))),
  });
  const app = med('app', (r) => r.interactiveMs);
  const bare = med('bareHighlights', (r) => r.interactiveMs);
  const marks = med('bareMarks', (r) => r.interactiveMs);
  const paintOnly = med('barePaintOnly', (r) => r.interactiveMs);
  const ratio = round(app / bare, 2);
  const label = `${(data.big.bytes / 1024 / 1024).toFixed(2)} MB, ${data.big.annotations} annotations`;
  metric({ id: 'open.app', name: `Open long article (${label}) in the app, to interactive (median of ${options.runs})`, value: app, unit: 'ms', target: '< 1000 ms', pass: app < 1000 });
  metric({ id: 'open.bare', name: 'Same text and spans as bare DOM (<p> per line + CSS highlights, loaded through the same bridge)', value: bare, unit: 'ms', target: null, pass: null });
  metric({ id: 'open.ratio', name: 'Ratio app / bare DOM', value: ratio, unit: 'x', target: '<= 1.5x', pass: ratio <= 1.5 });
  // Issue #15: no frame over 100 ms while it opens (the first screen first, the rest later), in every run, not only the median.
  const longest = round(Math.max(...runs.app.map((r) => r.longFrames.maxMs)));
  metric({
    id: 'open.longest-frame',
    name: `Longest frame while the long article opens in the app (Long Animation Frames, worst of ${options.runs})`,
    value: longest,
    unit: 'ms',
    target: '< 100 ms',
    pass: longest < 100,
    note: `per run: ${runs.app.map((r) => `${r.longFrames.maxMs} ms (${r.longFrames.count} over 50 ms)`).join(', ')}; bare DOM ${round(Math.max(...runs.bareHighlights.map((r) => r.longFrames.maxMs)))} ms`,
  });
  metric({ id: 'open.bare-marks', name: 'Bare DOM with nested <mark> spans instead of CSS highlights (same load)', value: marks, unit: 'ms', target: null, pass: null });
  metric({
    id: 'open.bare-paint-only',
    name: 'Bare DOM with CSS highlights, data already loaded (paint only)',
    value: paintOnly,
    unit: 'ms',
    target: null,
    pass: null,
    note: `app / paint-only = ${round(app / paintOnly, 2)}x`,
  });
  const appCpu = medMain('app');
  const bareCpu = medMain('bareHighlights');
  metric({
    id: 'open.app-cpu',
    name: 'Open in the app: renderer main-thread CPU time (CDP threadTicks), median',
    value: appCpu.cpuMs,
    unit: 'ms',
    target: null,
    pass: null,
    note: `script ${appCpu.scriptMs}, style ${appCpu.styleMs}, layout ${appCpu.layoutMs} ms; bare DOM ${bareCpu.cpuMs} ms (script ${bareCpu.scriptMs}, style ${bareCpu.styleMs}, layout ${bareCpu.layoutMs}); CPU ratio ${round(appCpu.cpuMs / bareCpu.cpuMs, 2)}x`,
  });
  details.open = {
    article: data.big,
    runs,
    medians: {
      app: { interactiveMs: app, paintedMs: med('app', (r) => r.paintedMs), ipcMs: med('app', (r) => r.ipcMs), afterIpcMs: med('app', (r) => r.afterIpcMs), main: medMain('app') },
      bareHighlights: { interactiveMs: bare, paintedMs: med('bareHighlights', (r) => r.paintedMs), ipcMs: med('bareHighlights', (r) => r.ipcMs), afterIpcMs: med('bareHighlights', (r) => r.afterIpcMs), main: medMain('bareHighlights') },
      bareMarks: { interactiveMs: marks, main: medMain('bareMarks') },
      barePaintOnly: { interactiveMs: paintOnly, main: medMain('barePaintOnly') },
    },
    census,
    appConsoleErrors: [...new Set(appErrors)],
  };

  // Diagnostics, one run each: the same open without a part of the page, to show what each part costs.
  // They measure what a fix could gain; they are not the app and never count as its figures.
  const diagnostics: Record<string, unknown> = {};
  for (const kind of ['no-highlight-rules', 'no-side-panel'] as const) {
    const d = await measureAppOpen(ctx, data.big.path, expected, { diagnostic: kind });
    const memory = await pageMemory(ctx, d.page);
    diagnostics[kind] = { timing: openFigures(d.timing), main: d.main, census: d.census, memory: { rendererRssMb: memory.rendererRssMb, rendererPssMb: memory.rendererPssMb, jsHeapUsedAfterGcMb: memory.jsHeapUsedAfterGcMb } };
    await d.page.context().close();
  }
  details.openDiagnostics = {
    note: "One run each of the app's open with all ::highlight() rules deleted from the stylesheet (CSSOM), or with the side panel (.mg-side) display:none. Not the app: they show what the stylesheet's highlight rules and the side panel cost.",
    ...diagnostics,
  };

  if (options.profile) {
    const appProfiled = await measureAppOpen(ctx, data.big.path, expected, { profile: true, trace: true });
    await appProfiled.page.context().close();
    const bareProfiled = await measureBareOpen(ctx, 'highlights', false, expected, true);
    await bareProfiled.context.close();
    details.openProfile = {
      note: 'One extra run of each with the CDP sampling profiler (250 µs) and a Chromium trace on; its timings are not used above. Profile: native work (DOM calls, JSON.parse, style and layout forced by a script) is charged to the bundle module that called it; the frame\'s own style/layout/paint is in (program). Trace: main-thread totals and every style recalculation or layout over 5 ms, with the script that forced it.',
      app: { timing: openFigures(appProfiled.timing), main: appProfiled.main, trace: appProfiled.trace, profile: await saveProfile(ctx, 'open-app', appProfiled.profile) },
      bare: { timing: openFigures(bareProfiled.timing), main: bareProfiled.main, trace: bareProfiled.trace, profile: await saveProfile(ctx, 'open-bare', bareProfiled.profile) },
    };
  }
}

/** Memory of the page's renderer (the only page open) after a garbage collection. */
async function pageMemory(ctx: RendererContext, page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const live = await perfMetrics(cdp);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const gc = await perfMetrics(cdp);
  await cdp.detach();
  const processes = await rendererProcesses(ctx.browser);
  return {
    jsHeapUsedMb: round(live.JSHeapUsedSize / 1024 / 1024),
    jsHeapUsedAfterGcMb: round(gc.JSHeapUsedSize / 1024 / 1024),
    jsHeapTotalMb: round(gc.JSHeapTotalSize / 1024 / 1024),
    domNodes: gc.Nodes,
    rendererProcesses: processes,
    rendererRssMb: processes[0]?.rssMb ?? null,
    rendererPssMb: processes[0]?.pssMb ?? null,
  };
}

async function benchMemory(ctx: RendererContext): Promise<Page> {
  const { data } = ctx;
  const measure = (page: Page) => pageMemory(ctx, page);
  // Only one page open at a time, so the largest renderer process is that page's.
  const empty = await appPage(ctx.browser, ctx.harness);
  const emptyMemory = await measure(empty.page);
  await empty.page.context().close();
  const bare = await measureBareOpen(ctx, 'highlights', false, data.big.annotations);
  const bareMemory = await measure(bare.page);
  await bare.context.close();
  const app = await measureAppOpen(ctx, data.big.path, data.big.annotations);
  const appMemory = await measure(app.page);
  const rss = appMemory.rendererRssMb;
  metric({
    id: 'memory.renderer',
    name: 'Renderer process memory with the long article open (RSS, /proc smaps_rollup, after GC)',
    value: rss,
    unit: 'MB',
    target: '< 300 MB',
    pass: rss === null ? null : rss < 300,
    note: `PSS ${appMemory.rendererPssMb} MB; JS heap ${appMemory.jsHeapUsedAfterGcMb} MB after GC (${appMemory.jsHeapUsedMb} MB before); ${appMemory.domNodes} DOM nodes`,
  });
  metric({ id: 'memory.js-heap', name: 'Renderer JS heap with the long article open (CDP Performance.getMetrics, after GC)', value: appMemory.jsHeapUsedAfterGcMb, unit: 'MB', target: null, pass: null });
  details.memory = {
    method:
      'Renderer process RSS and PSS from /proc/<pid>/smaps_rollup for the renderer processes Chromium lists (CDP SystemInfo.getProcessInfo), with only the measured page open, the largest taken; JS heap and DOM nodes from CDP Performance.getMetrics, before and after HeapProfiler.collectGarbage.',
    appWithLongArticle: appMemory,
    appWithoutDocument: emptyMemory,
    bareDomWithLongArticle: bareMemory,
  };
  return app.page;
}

interface TagResult {
  key: number;
  keyHandled: number;
  registered?: number;
  painted?: number;
  savedShown?: number;
  saveStart?: number;
  saveEnd?: number;
  error?: string;
  longFrames: LongFrame[];
}

/** Selects a word, presses a label's key, waits for the highlight (and the save). With `cdp`, also the renderer CPU time it took. */
async function tagOnce(page: Page, k: number, n: number, waitSave: boolean, cdp?: CDPSession): Promise<TagResult & { word: string; cpu?: ReturnType<typeof perfDelta> }> {
  const sel = await benchCall<{ line: number; word: string; before: number }>(page, 'selectWord', { k, n });
  await benchCall(page, 'armTag', { expected: sel.before + 1, timeoutMs: 15_000, waitSave });
  const before = cdp ? await perfMetrics(cdp) : null;
  await page.keyboard.press(String((k % 7) + 1));
  const result = (await page.evaluate('window.__bench.tag')) as TagResult;
  const cpu = cdp && before ? perfDelta(before, await perfMetrics(cdp)) : undefined;
  return { ...result, word: sel.word, ...(cpu ? { cpu } : {}) };
}

function tagFigures(results: (TagResult & { cpu?: ReturnType<typeof perfDelta> })[]) {
  const ok = results.filter((r) => r.painted !== undefined && r.error === undefined);
  const d = (f: (r: TagResult & { cpu?: ReturnType<typeof perfDelta> }) => number | undefined) => ok.map(f).filter((x): x is number => x !== undefined);
  return {
    cpuMs: stats(d((r) => r.cpu?.cpuMs)),
    cpuScriptMs: stats(d((r) => r.cpu?.scriptMs)),
    cpuStyleMs: stats(d((r) => r.cpu?.styleMs)),
    cpuLayoutMs: stats(d((r) => r.cpu?.layoutMs)),
    attempted: results.length,
    completed: ok.length,
    errors: results.filter((r) => r.error).map((r) => r.error),
    paintMs: stats(d((r) => (r.painted as number) - r.key)),
    registeredMs: stats(d((r) => (r.registered as number) - r.key)),
    keyQueueMs: stats(d((r) => r.keyHandled - r.key)),
    toDiskMs: stats(d((r) => (r.saveEnd === undefined ? undefined : r.saveEnd - r.key))),
    saveRequestMs: stats(d((r) => (r.saveEnd === undefined || r.saveStart === undefined ? undefined : r.saveEnd - r.saveStart))),
    saveStartsAfterMs: stats(d((r) => (r.saveStart === undefined ? undefined : r.saveStart - r.key))),
    savedShownMs: stats(d((r) => (r.savedShown === undefined ? undefined : r.savedShown - r.key))),
    longFrames: loafSummary(ok.flatMap((r) => r.longFrames)),
  };
}

/** `n` more tags after the first `after`, under the sampling profiler and a Chromium trace: where a tag's time goes. */
async function profiledTags(ctx: RendererContext, page: Page, name: string, after: number, n: number, waitSave: boolean, settleMs: number) {
  const { result: traced, profile } = await withProfile(page, true, () =>
    withTrace(ctx, page, true, async () => {
      for (let k = 0; k < n; k++) await tagOnce(page, k + after, after + n, waitSave);
      await page.waitForTimeout(settleMs);
    }),
  );
  return { profile: await saveProfile(ctx, name, profile), trace: traced.trace };
}

async function benchTag(ctx: RendererContext): Promise<void> {
  const { data, options } = ctx;
  const { page } = await appPage(ctx.browser, ctx.harness);
  await benchCall(page, 'openApp', { path: data.medium.path, expected: data.medium.annotations, timeoutMs: 60_000, quietMs: quietMs(options) });
  const cdp = await cpuSession(page);
  const results: TagResult[] = [];
  for (let k = 0; k < options.tags; k++) results.push(await tagOnce(page, k, options.tags, true, cdp));
  await cdp.detach();
  const f = tagFigures(results);
  const label = `${Math.round(data.medium.bytes / 1024)} KB, ${data.medium.annotations} annotations`;
  metric({ id: 'tag.paint.p50', name: `Select + hotkey to highlight painted (${label}), p50 of ${f.completed}`, value: f.paintMs.p50, unit: 'ms', target: null, pass: null });
  // Within one frame at 60 Hz (issue #15; it was < 50 ms).
  metric({ id: 'tag.paint.p95', name: 'Select + hotkey to highlight painted, p95', value: f.paintMs.p95, unit: 'ms', target: '<= 17 ms', pass: f.completed > 0 ? f.paintMs.p95 <= 17 : null });
  metric({ id: 'tag.disk.p50', name: 'Select + hotkey to sidecar on disk, p50', value: f.toDiskMs.p50, unit: 'ms', target: null, pass: null });
  metric({
    id: 'tag.disk.p95',
    name: 'Select + hotkey to sidecar on disk, p95',
    value: f.toDiskMs.p95,
    unit: 'ms',
    target: '< 50 ms',
    pass: f.completed > 0 ? f.toDiskMs.p95 < 50 : null,
    note: 'the design target covers "highlight painted and sidecar saved": from the keydown to the end of the saveSidecar response (the handler answers after the atomic write)',
  });
  metric({ id: 'tag.save-request.p95', name: 'saveSidecar round trip alone, p95', value: f.saveRequestMs.p95, unit: 'ms', target: null, pass: null });
  metric({
    id: 'tag.cpu.p50',
    name: 'Renderer main-thread CPU per tag, autosave included (CDP threadTicks), p50',
    value: f.cpuMs.p50,
    unit: 'ms',
    target: null,
    pass: null,
    note: `p95 ${f.cpuMs.p95} ms; script ${f.cpuScriptMs.p50}, style ${f.cpuStyleMs.p50}, layout ${f.cpuLayoutMs.p50} ms (p50)`,
  });
  details.tag = { article: data.medium, figures: f, results };

  if (options.profile) {
    const n = options.smoke ? 2 : 10;
    details.tagProfile = {
      note: `More tags (${n}) on the same article with the sampling profiler and a trace on, each waiting for its save.`,
      ...(await profiledTags(ctx, page, 'tag-medium', options.tags, n, true, 600)),
    };
  }
  await page.context().close();
}

async function benchScroll(ctx: RendererContext, page: Page): Promise<void> {
  const { options, data } = ctx;
  const scroller = page.locator('.mg-article-scroll');
  const box = await scroller.boundingBox();
  if (!box) throw new Error('the article is not on screen');
  const now = () => page.evaluate('performance.now()') as Promise<number>;
  const geometry = (await page.evaluate(
    "(() => { const el = document.querySelector('.mg-article-scroll'); el.scrollTop = 0; return { scrollHeight: el.scrollHeight, clientHeight: el.clientHeight }; })()",
  )) as { scrollHeight: number; clientHeight: number };
  await page.waitForTimeout(300);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);

  // 1. Wheel scrolling, as a person flicks through the text.
  const wheelSteps = options.smoke ? 5 : 150;
  await benchCall(page, 'startFrames');
  const tWheel = await now();
  for (let i = 0; i < wheelSteps; i++) {
    await page.mouse.wheel(0, 1000);
    await page.waitForTimeout(16);
  }
  await page.waitForTimeout(300);
  const tJump = await now();
  const wheelFrames = (await benchCall(page, 'stopFrames')) as { frames: number; gaps: number[] };
  // 2. Jumps, as dragging the scroll bar does.
  const jumps = options.smoke ? 3 : 20;
  await benchCall(page, 'startFrames');
  for (let j = 0; j < jumps; j++) {
    const f = (j * 7919) % jumps / jumps;
    await page.evaluate(
      `(async () => { const el = document.querySelector('.mg-article-scroll'); el.scrollTop = ${f} * (el.scrollHeight - el.clientHeight); await window.__bench.raf(); await window.__bench.raf(); await window.__bench.sleep(50); })()`,
    );
  }
  const tSelect = await now();
  const jumpFrames = (await benchCall(page, 'stopFrames')) as { frames: number; gaps: number[] };
  // 3. Mouse selections of a few words where the view is.
  const selections = options.smoke ? 2 : 8;
  await benchCall(page, 'startFrames');
  for (let s = 0; s < selections; s++) {
    const rect = (await page.evaluate(`(() => {
      const el = document.querySelector('.mg-article-scroll');
      el.scrollTop = ${(s + 0.5) / selections} * (el.scrollHeight - el.clientHeight);
      const r = el.getBoundingClientRect();
      for (let dy = 0; dy < r.height / 2; dy += 20) {
        const pos = document.caretPositionFromPoint(r.left + r.width / 2, r.top + r.height / 2 + dy);
        if (!pos || pos.offsetNode.nodeType !== Node.TEXT_NODE) continue;
        const text = pos.offsetNode.data;
        const re = /[\\p{L}\\p{N}]{3,}(?:\\s+[\\p{L}\\p{N}]{3,}){0,2}/gu;
        let m;
        while ((m = re.exec(text))) {
          if (m.index + m[0].length < pos.offset) continue;
          const range = document.createRange();
          range.setStart(pos.offsetNode, m.index);
          range.setEnd(pos.offsetNode, m.index + m[0].length);
          const rects = range.getClientRects();
          const a = rects[0], b = rects[rects.length - 1];
          if (!a || !b) break;
          return { x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2 };
        }
      }
      return null;
    })()`)) as { x1: number; y1: number; x2: number; y2: number } | null;
    if (!rect) continue;
    await page.waitForTimeout(100);
    await page.mouse.move(rect.x1, rect.y1);
    await page.mouse.down();
    await page.mouse.move((rect.x1 + rect.x2) / 2, rect.y2, { steps: 4 });
    await page.mouse.move(rect.x2, rect.y2, { steps: 4 });
    await page.mouse.up();
    await page.waitForTimeout(150);
    await page.keyboard.press('Escape');
  }
  await page.waitForTimeout(300);
  const tEnd = await now();
  const selectFrames = (await benchCall(page, 'stopFrames')) as { frames: number; gaps: number[] };
  const lf = async (a: number, b: number) => loafSummary((await page.evaluate(`window.__bench.longFramesBetween(${a}, ${b})`)) as LongFrame[]);
  const wheelLong = await lf(tWheel, tJump);
  const jumpLong = await lf(tJump, tSelect);
  const selectLong = await lf(tSelect, tEnd);
  const gapsOver = (g: number[]) => g.filter((x) => x > 50).length;
  const scrollLong = wheelLong.count + jumpLong.count;
  metric({
    id: 'scroll.long-frames',
    name: `Long animation frames (> 50 ms) while scrolling the long article (${wheelSteps} wheel steps, ${jumps} jumps)`,
    value: scrollLong,
    unit: 'frames',
    target: '0 (smooth)',
    pass: scrollLong === 0,
    note: `worst ${Math.max(wheelLong.maxMs, jumpLong.maxMs)} ms; rAF gaps > 50 ms: ${gapsOver(wheelFrames.gaps) + gapsOver(jumpFrames.gaps)} of ${wheelFrames.frames + jumpFrames.frames} frames`,
  });
  metric({
    id: 'select.long-frames',
    name: `Long animation frames (> 50 ms) during ${selections} mouse selections in the long article`,
    value: selectLong.count,
    unit: 'frames',
    target: '0 (smooth)',
    pass: selectLong.count === 0,
    note: `worst ${selectLong.maxMs} ms`,
  });

  // Tagging in the long article: every change repaints all its highlights.
  const cdp = await cpuSession(page);
  const results: TagResult[] = [];
  for (let k = 0; k < options.bigTags; k++) results.push(await tagOnce(page, k, options.bigTags, true, cdp));
  await cdp.detach();
  const f = tagFigures(results);
  metric({
    id: 'tag-long.paint.p50',
    name: `Select + hotkey to highlight painted in the long article (${data.big.annotations} annotations), median of ${f.completed}`,
    value: f.paintMs.p50,
    unit: 'ms',
    target: null,
    pass: null,
    note: `max ${f.paintMs.max} ms; renderer CPU per tag ${f.cpuMs.p50} ms (autosave included); save round trip ${f.saveRequestMs.p50} ms`,
  });
  details.scroll = {
    geometry,
    wheel: { steps: wheelSteps, deltaPx: 1000, longFrames: wheelLong, frames: wheelFrames.frames, gapsOver50: gapsOver(wheelFrames.gaps), maxGapMs: round(Math.max(0, ...wheelFrames.gaps)) },
    jumps: { count: jumps, longFrames: jumpLong, frames: jumpFrames.frames, gapsOver50: gapsOver(jumpFrames.gaps), maxGapMs: round(Math.max(0, ...jumpFrames.gaps)) },
    selections: { count: selections, longFrames: selectLong, frames: selectFrames.frames, gapsOver50: gapsOver(selectFrames.gaps), maxGapMs: round(Math.max(0, ...selectFrames.gaps)) },
  };
  details.tagLong = { figures: f, results };
  if (options.profile) {
    const n = options.smoke ? 1 : 3;
    details.tagLongProfile = {
      note: `More tags (${n}) in the long article with the sampling profiler and a trace on; includes their saves.`,
      ...(await profiledTags(ctx, page, 'tag-long', options.bigTags, n, false, 800)),
    };
  }
}

// ---------------------------------------------------------------- Node benches

async function benchCorpus(options: Options, data: GeneratedData): Promise<void> {
  const resourcesDir = join(REPO_ROOT, 'resources');
  const runs = options.smoke ? 1 : 3;
  const times: number[] = [];
  const cpu: number[] = [];
  let listed: Awaited<ReturnType<CorpusService['listDocuments']>> = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const service = await CorpusService.open(data.corpusDir, { resourcesDir });
    listed = await service.listDocuments();
    times.push(performance.now() - t0);
    cpu.push(cpuSince(c0));
  }
  const annotations = listed.reduce((s, d) => s + d.annotationCount, 0);
  const withProblems = listed.filter((d) => d.sidecarProblem).length;
  if (listed.length !== data.corpus.docs || annotations !== data.corpus.annotations || withProblems > 0) {
    throw new Error(`scan listed ${listed.length} documents with ${annotations} annotations (${withProblems} sidecar problems); generated ${data.corpus.docs} with ${data.corpus.annotations}`);
  }
  const scan = round(median(times));
  const mb = (data.corpus.bytes / 1024 / 1024).toFixed(1);
  metric({
    id: 'corpus.scan',
    name: `Scan ${data.corpus.docs} articles (${mb} MB, ${data.corpus.annotations} annotations): CorpusService.listDocuments, median of ${runs}`,
    value: scan,
    unit: 'ms',
    target: '< 5000 ms (scan + index)',
    pass: null,
    note: `the document list alone (the index is the next row); CPU ${round(median(cpu))} ms; files in the page cache (just written)`,
  });
  details.corpus = { scanMs: times.map((t) => round(t)), scanCpuMs: cpu, documents: listed.length, annotations, generated: data.corpus };

  const queries = makeQueries(options, data, listed);
  const searchFile = join(REPO_ROOT, 'main/search/search-service.ts');
  if (existsSync(searchFile)) await benchSearchService(searchFile, data, scan, queries);
  else {
    metric({ id: 'corpus.index', name: 'Build the search index', value: null, unit: 'ms', target: '< 5000 ms (scan + index)', pass: null, note: 'not measured: the app has no search index yet' });
    await benchSearchPrototype(data, listed, scan, queries);
  }
}

/** Words and phrases taken from random documents of the corpus, deterministic for a seed. */
function makeQueries(options: Options, data: GeneratedData, listed: { path: string }[]): string[] {
  const rng = new Rng(options.seed + 1);
  const queries: string[] = [];
  const n = options.smoke ? 20 : 300;
  let guard = 0;
  while (queries.length < n && guard++ < n * 20) {
    const doc = rng.pick(listed);
    const text = readFileSync(join(data.corpusDir, doc.path), 'utf8');
    const words = (text.match(/\p{L}{4,}/gu) ?? []) as string[];
    if (words.length < 3) continue;
    const w = rng.int(words.length - 2);
    const kind = rng.int(3);
    queries.push(kind === 0 ? (words[w] as string) : kind === 1 ? `${words[w]} ${words[w + 1]}` : `"${words[w]} ${words[w + 1]}"`);
  }
  return queries;
}

/** The app's own search (main/search), loaded by path at run time: it is another engineer's work in progress. */
async function benchSearchService(file: string, data: GeneratedData, scan: number, queries: string[]): Promise<void> {
  const mod = (await import(pathToFileURL(file).href)) as {
    SearchService?: new (source: unknown) => {
      build(): Promise<{ documents: number; ms: number; complete: boolean; problems: string[] }>;
      search(query: string): Promise<{ total: number; results: unknown[] }>;
    };
    corpusSearchSource?: (service: CorpusService) => unknown;
  };
  if (!mod.SearchService || !mod.corpusSearchSource) throw new Error(`${file} has no SearchService or corpusSearchSource`);
  const corpus = await CorpusService.open(data.corpusDir, { resourcesDir: join(REPO_ROOT, 'resources') });
  const search = new mod.SearchService(mod.corpusSearchSource(corpus));
  const heapBefore = process.memoryUsage().heapUsed;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const built = await search.build();
  const buildMs = round(performance.now() - t0);
  const buildCpu = cpuSince(c0);
  const heapGrowth = round((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024);
  const qTimes: number[] = [];
  const perQuery: { q: string; ms: number; total: number }[] = [];
  let hits = 0;
  for (const q of queries) {
    const t = performance.now();
    const total = (await search.search(q)).total;
    const ms = performance.now() - t;
    hits += total;
    qTimes.push(ms);
    perQuery.push({ q, ms: round(ms), total });
  }
  const q = stats(qTimes);
  const total = round(scan + buildMs);
  const kindOf = (query: string) => (query.startsWith('"') ? 'phrase' : query.includes(' ') ? 'two words' : 'one word');
  const byKind: Record<string, ReturnType<typeof stats>> = {};
  for (const kind of ['one word', 'two words', 'phrase']) {
    const xs = perQuery.filter((x) => kindOf(x.q) === kind).map((x) => x.ms);
    if (xs.length) byKind[kind] = stats(xs);
  }
  metric({
    id: 'corpus.index',
    name: `Build the search index (main/search SearchService.build: lists, reads and indexes every document)`,
    value: buildMs,
    unit: 'ms',
    target: '< 5000 ms (scan + index)',
    pass: scan + buildMs < 5000,
    note: `scan + index = ${total} ms (run one after the other); CPU ${buildCpu} ms; ${built.documents} documents, complete: ${built.complete}, ${built.problems.length} problems; heap +${heapGrowth} MB`,
  });
  metric({
    id: 'search.query.p95',
    name: `Search query (SearchService.search, ${queries.length} words, word pairs and phrases), p95`,
    value: q.p95,
    unit: 'ms',
    target: '< 50 ms',
    pass: q.p95 < 50,
    note: `p50 ${q.p50} ms, max ${q.max} ms; p95 by kind: ${Object.entries(byKind).map(([k, v]) => `${k} ${v.p95} ms`).join(', ')}; ${round(hits / queries.length)} matching documents per query on average`,
  });
  details.search = { implementation: 'main/search/search-service.ts', build: { ...built, wallMs: buildMs, cpuMs: buildCpu, heapGrowthMb: heapGrowth }, queries: q, byKind, slowest: [...perQuery].sort((a, b) => b.ms - a.ms).slice(0, 10), fastest: [...perQuery].sort((a, b) => a.ms - b.ms).slice(0, 5) };

  // Issue #15: the cold build against reading the same bytes (every document and sidecar, one after the other, as the build does).
  const r0 = performance.now();
  let bytesRead = 0;
  for (const doc of await corpus.listDocuments()) {
    bytesRead += readFileSync(join(data.corpusDir, doc.path)).length;
    const sidecar = join(data.corpusDir, `${doc.path}.annotations.json`);
    if (existsSync(sidecar)) bytesRead += readFileSync(sidecar).length;
  }
  const readMs = round(performance.now() - r0);
  const coldRatio = round(total / readMs, 2);
  metric({
    id: 'search.cold-ratio',
    name: 'Cold scan + index against reading the same bytes',
    value: coldRatio,
    unit: 'x',
    target: '<= 3x',
    pass: coldRatio <= 3,
    note: `scan + index ${total} ms, read ${readMs} ms (${round(bytesRead / 1024 / 1024)} MB, files in the page cache)`,
  });

  // Issue #15: the index saved in the cache folder (main/search/index-cache.ts), then a new session: open the corpus, load it, bring it up to date.
  const cacheDir = await mkdtemp(join(os.tmpdir(), 'marginalia-bench-cache-'));
  try {
    const cacheFile = await indexCacheFile(cacheDir, data.corpusDir);
    const s0 = performance.now();
    await saveIndexCache(cacheFile, search as unknown as SearchService);
    const saveMs = round(performance.now() - s0);
    const cacheMb = round(statSync(cacheFile).size / 1024 / 1024);
    const t1 = performance.now();
    const reopened = await CorpusService.open(data.corpusDir, { resourcesDir: join(REPO_ROOT, 'resources') });
    const again = new mod.SearchService(mod.corpusSearchSource(reopened)) as unknown as SearchService;
    const loaded = await loadIndexCache(cacheFile, again);
    const loadMs = round(performance.now() - t1);
    const rebuilt = await again.build();
    const reopenMs = round(performance.now() - t1);
    const sample = queries.slice(0, 20);
    let same = 0;
    for (const query of sample) if ((await again.search(query)).total === (await search.search(query)).total) same++;
    metric({
      id: 'search.reopen',
      name: `Reopen the ${data.corpus.docs}-article corpus to searchable (saved index loaded, then brought up to date)`,
      value: reopenMs,
      unit: 'ms',
      target: '< 1000 ms',
      pass: loaded.loaded && reopenMs < 1000 && same === sample.length,
      note: `load ${loadMs} ms, update ${reopenMs - loadMs} ms (${rebuilt.documents} documents, nothing changed); saving took ${saveMs} ms, ${cacheMb} MB; ${same}/${sample.length} queries give the same totals${loaded.loaded ? '' : `; NOT LOADED: ${loaded.reason}`}`,
    });
    details.searchCache = { saveMs, cacheMb, loadMs, reopenMs, loaded, same, sampled: sample.length, readMs, bytesRead, coldRatio };
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}

/** Only when the app has no index: MiniSearch over the same files, in this process, clearly labelled as a prototype. */
async function benchSearchPrototype(data: GeneratedData, listed: { path: string }[], scan: number, queries: string[]): Promise<void> {
  let MiniSearch: typeof import('minisearch').default;
  try {
    MiniSearch = (await import('minisearch')).default;
  } catch {
    details.searchPrototype = { skipped: 'minisearch is not installed' };
    return;
  }
  const heapBefore = process.memoryUsage().heapUsed;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const index = new MiniSearch<{ id: number; path: string; text: string; entities: string }>({ fields: ['text', 'entities'], storeFields: ['path'] });
  const texts = await mapLimit(listed, 32, async (d) => {
    const text = (await readFile(join(data.corpusDir, d.path), 'utf8')).replace(/^\uFEFF/, '');
    const sidecar = JSON.parse(await readFile(join(data.corpusDir, `${d.path}.annotations.json`), 'utf8')) as { annotations: { text: string }[] };
    return { text, entities: sidecar.annotations.map((a) => a.text).join(' \n') };
  });
  const tRead = performance.now();
  texts.forEach((t, i) => index.add({ id: i, path: (listed[i] as { path: string }).path, text: t.text, entities: t.entities }));
  const tIndex = performance.now();
  const buildCpu = cpuSince(c0);
  const heapAfter = process.memoryUsage().heapUsed;
  const qTimes: number[] = [];
  let hits = 0;
  for (const query of queries) {
    const t = performance.now();
    hits += index.search(query.replace(/"/g, ''), { combineWith: 'AND' }).length;
    qTimes.push(performance.now() - t);
  }
  const q = stats(qTimes);
  const build = round(tIndex - t0);
  metric({
    id: 'search.prototype.build',
    name: 'PROTOTYPE (not the app): read all texts + sidecars and build a MiniSearch index, one thread',
    value: build,
    unit: 'ms',
    target: null,
    pass: null,
    note: `CPU ${buildCpu} ms; read ${round(tRead - t0)} ms + index ${round(tIndex - tRead)} ms; scan + this = ${round(scan + build)} ms vs the 5 s target; heap +${round((heapAfter - heapBefore) / 1024 / 1024)} MB`,
  });
  metric({ id: 'search.prototype.query.p95', name: `PROTOTYPE (not the app): MiniSearch query p95 over ${queries.length} queries`, value: q.p95, unit: 'ms', target: '< 50 ms', pass: null, note: `p50 ${q.p50} ms, max ${q.max} ms; prototype only, so not judged` });
  details.searchPrototype = { library: 'minisearch', buildCpuMs: buildCpu, readMs: round(tRead - t0), indexMs: round(tIndex - tRead), queries: q, meanHits: round(hits / queries.length), termCount: index.termCount };
}

async function findExporter(): Promise<string[]> {
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

async function benchExport(options: Options, data: GeneratedData, stamp: string): Promise<void> {
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

// ---------------------------------------------------------------- report

/** When out/renderer was built, and whether a renderer or app source is newer than it. */
function rendererBuildInfo(): { bundle: string | null; builtAt: string | null; newestSource: string | null; newestSourceAt: string | null; stale: boolean } {
  const index = join(RENDERER_DIR, 'index.html');
  if (!existsSync(index)) return { bundle: null, builtAt: null, newestSource: null, newestSourceAt: null, stale: true };
  const built = statSync(index).mtimeMs;
  let newest = { file: '', at: 0 };
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!/\.test\.tsx?$/.test(e.name)) {
        const at = statSync(p).mtimeMs;
        if (at > newest.at) newest = { file: relative(REPO_ROOT, p), at };
      }
    }
  };
  for (const dir of ['renderer', 'app']) if (existsSync(join(REPO_ROOT, dir))) walk(join(REPO_ROOT, dir));
  return {
    bundle: null,
    builtAt: new Date(built).toISOString(),
    newestSource: newest.file || null,
    newestSourceAt: newest.at ? new Date(newest.at).toISOString() : null,
    stale: newest.at > built,
  };
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function formatValue(m: Metric): string {
  if (m.value === null) return 'not measured';
  return m.unit === 'x' ? `${m.value}x` : `${m.value} ${m.unit}`;
}

function table(rows: Metric[]): string {
  const cells = rows.map((m) => [m.name, formatValue(m), m.target ?? '—', m.pass === null ? (m.value === null ? 'n/a' : '—') : m.pass ? 'pass' : 'FAIL']);
  const header = ['metric', 'value', 'target', 'pass/fail'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = new Date();
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  await mkdir(options.reportDir, { recursive: true });
  const sizes = options.smoke ? SMOKE_SIZES : FULL_SIZES;
  const needsBrowser = ['open', 'memory', 'scroll', 'tag'].some((s) => !options.only || options.only.has(s));
  if (needsBrowser) assertRendererBuilt();

  // Pure and quick (no data, no browser): `--only reanchor` runs it alone in seconds.
  await section('reanchor', options, async () => {
    const result = benchReanchor(options);
    details.reanchor = result;
    for (const m of reanchorMetrics(result)) metric(m);
  });
  const onlyReanchor = options.only !== null && [...options.only].every((s) => s === 'reanchor');

  console.error(onlyReanchor ? 'bench: no other section asked for: no data generated' : `bench: generating data (${options.smoke ? 'smoke' : 'full'} sizes, seed ${options.seed})…`);
  const data = onlyReanchor ? null : await generateBenchData({ sizes, seed: options.seed });
  if (data) console.error(`bench: data in ${data.root} (${round(data.generateMs / 1000)} s, digest ${data.digest.slice(0, 12)})`);

  let chromiumVersion: string | null = null;
  const build = rendererBuildInfo();
  if (data && needsBrowser && build.stale) {
    console.error(`bench: warning: out/renderer (built ${build.builtAt}) is older than ${build.newestSource} (${build.newestSourceAt}): run \`npm run build\` to measure the current code`);
  }
  if (data) try {
    if (needsBrowser) {
      // Serve a snapshot of the build: a rebuild of out/renderer during the run cannot change what is measured.
      const rendererDir = join(data.root, 'renderer');
      await cp(RENDERER_DIR, rendererDir, { recursive: true });
      const harness = await startHarnessProcess({ corpus: data.articlesDir, rendererDir });
      const browser = await launchChromium();
      chromiumVersion = browser.version();
      try {
        const indexHtml = await readFile(join(rendererDir, 'index.html'), 'utf8');
        const cssHref = /href="\.?(\/assets\/[^"]+\.css)"/.exec(indexHtml)?.[1];
        if (!cssHref) throw new Error('no stylesheet in out/renderer/index.html');
        const schema = LabelSchemaFileSchema.parse(JSON.parse(await readFile(join(REPO_ROOT, 'resources/default-schema.json'), 'utf8')));
        const ctx: RendererContext = { options, data, harness, browser, stamp, cssHref, schema, rendererDir };
        build.bundle = rendererBundle(ctx).urlPart;
        await section('open', options, () => benchOpen(ctx));
        let longPage: Page | null = null;
        await section('memory', options, async () => {
          longPage = await benchMemory(ctx);
        });
        await section('scroll', options, async () => {
          if (!longPage) {
            const { page } = await appPage(browser, harness);
            await benchCall(page, 'openApp', { path: data.big.path, expected: data.big.annotations, timeoutMs: 120_000, quietMs: quietMs(options) });
            longPage = page;
          }
          await benchScroll(ctx, longPage);
        });
        await (longPage as Page | null)?.context().close();
        await section('tag', options, () => benchTag(ctx));
      } finally {
        await browser.close();
        await harness.close();
      }
    }
    await section('corpus', options, () => benchCorpus(options, data));
    await section('export', options, () => benchExport(options, data, stamp));
    await section('suggest', options, async () => {
      details.suggest = benchRecommenders(metric, options.seed);
    });
    await section('workspace', options, async () => {
      details.workspace = await benchWorkspace(options, data, metric, stats);
    });
  } finally {
    if (!options.keep) await rm(data.root, { recursive: true, force: true });
  }

  const finished = new Date();
  const cpus = os.cpus();
  const report = {
    schema: 'marginalia-bench/1',
    kind: options.smoke ? 'smoke' : 'full',
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    options: { ...options, only: options.only ? [...options.only] : null },
    machine: {
      cpuModel: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      availableParallelism: os.availableParallelism(),
      memoryGb: round(os.totalmem() / 1024 ** 3, 1),
      platform: os.platform(),
      release: os.release(),
      arch: os.arch(),
      node: process.version,
      chromium: chromiumVersion,
      chromiumFlags: 'headless, --disable-gpu (tests/harness/browser.ts)',
    },
    git: { commit: git(['rev-parse', 'HEAD']), dirtyFiles: git(['status', '--porcelain'])?.split('\n').filter(Boolean).length ?? null },
    rendererBuild: build,
    load,
    data: data ? { ...data, root: undefined } : null,
    metrics,
    details,
    problems,
  };
  const file = join(options.reportDir, `bench-${stamp}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  const m = report.machine;
  const loads = Object.values(load).flatMap((l) => [l.start, l.end]);
  const maxLoad = loads.length ? Math.max(...loads) : 0;
  console.log(`\nMarginalia benchmarks (${report.kind}) — ${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB, ${m.platform} ${m.release}, Node ${m.node}, Chromium ${m.chromium ?? 'not run'}`);
  console.log(`load average (1 min) during the run: up to ${maxLoad.toFixed(1)} on ${m.cores} cores${maxLoad > m.cores ? ' — other work shared the machine: wall-clock figures are inflated; see the CPU-time rows' : ''}\n`);
  console.log(table(metrics));
  if (problems.length) console.log(`\n${problems.length} section(s) failed: ${problems.map((p) => p.section).join(', ')} (see the report)`);
  console.log(`\nreport: ${relative(process.cwd(), file) || file}`);
  process.exitCode = problems.length ? 1 : 0;
}

await main();
