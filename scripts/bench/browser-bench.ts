// Helpers for the renderer sections: pages of the built app and of the bare-DOM
// baseline, CPU profiles, traces, process memory, long-frame summaries.
import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { LabelSchemaFileSchema } from '../../app/label-schema';
import { openApp } from '../../tests/harness/browser';
import { REPO_ROOT, type Harness } from '../../tests/harness/server';
import { type GeneratedData } from './generate';
import { BENCH_PAGE_JS } from './page-scripts';
import { bundleModules, summarizeProfile, summarizeTrace, type CpuProfile, type ProfileSummary, type TraceSummary } from './profile';
import { type Options, round } from './bench-core';

/** The harness runs in a process of its own (as main does in Electron): see tests/harness/serve.ts. */
export type BenchHarness = Pick<Harness, 'url' | 'close'>;

// ---------------------------------------------------------------- browser helpers

export interface LongFrame {
  startTime: number;
  duration: number;
  blockingDuration?: number;
  renderStart?: number;
  styleAndLayoutStart?: number;
  scripts: { invoker: string; sourceFunctionName: string; duration: number; forcedStyleAndLayoutDuration: number }[];
}

export interface OpenTiming {
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

export function benchCall<T>(page: Page, method: string, arg: unknown = {}): Promise<T> {
  return page.evaluate(`window.__bench.${method}(${JSON.stringify(arg)})`) as Promise<T>;
}

export async function installBench(page: Page): Promise<void> {
  await page.evaluate(BENCH_PAGE_JS);
}

export const VIEWPORT = { width: 1400, height: 900 };
/** How long the page must stay free of long frames after painting to count as settled. */
export const quietMs = (options: Options) => (options.smoke ? 200 : 1000);

export async function appPage(browser: Browser, harness: BenchHarness): Promise<{ page: Page; errors: string[] }> {
  const opened = await openApp(browser, harness, VIEWPORT);
  await opened.page.locator('button.mg-doc').first().waitFor();
  await installBench(opened.page);
  await opened.page.waitForTimeout(300);
  return opened;
}

export async function barePage(browser: Browser, harness: BenchHarness, html: string): Promise<{ page: Page; context: BrowserContext }> {
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

export const PERF_METRICS = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'JSHeapUsedSize', 'JSHeapTotalSize', 'Nodes', 'LayoutCount', 'RecalcStyleCount'] as const;
export type PerfMetrics = Record<(typeof PERF_METRICS)[number], number>;

export async function cpuSession(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return cdp;
}

export async function perfMetrics(cdp: CDPSession): Promise<PerfMetrics> {
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
export function perfDelta(a: PerfMetrics, b: PerfMetrics) {
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

export async function withProfile<T>(page: Page, enabled: boolean, fn: () => Promise<T>): Promise<{ result: T; profile: CpuProfile | null }> {
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
export function rendererBundle(ctx: { rendererDir: string }): { urlPart: string; markers: ReturnType<typeof bundleModules> } {
  if (!bundle) {
    const assets = join(ctx.rendererDir, 'assets');
    const js = readdirSync(assets).find((f) => /^index-.*\.js$/.test(f));
    if (!js) throw new Error(`no index-*.js in ${assets}`);
    bundle = { urlPart: `/assets/${js}`, markers: bundleModules(join(assets, js)) };
  }
  return bundle;
}

/** Writes the profile beside the report (open it in Chrome DevTools' Performance panel) and summarizes it. */
export async function saveProfile(ctx: RendererContext, name: string, profile: CpuProfile | null): Promise<(ProfileSummary & { file: string }) | null> {
  if (!profile) return null;
  const file = join(ctx.options.reportDir, `bench-${ctx.stamp}-${name}.cpuprofile`);
  await writeFile(file, JSON.stringify(profile));
  const b = rendererBundle(ctx);
  return { file: relative(REPO_ROOT, file), ...summarizeProfile(profile, b.urlPart, b.markers) };
}

/** Resident memory of Chromium's renderer processes (Linux /proc), in MB. */
export async function rendererProcesses(browser: Browser): Promise<{ pid: number; rssMb: number; pssMb: number | null }[]> {
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

export function loafSummary(frames: LongFrame[]) {
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

export interface RendererContext {
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

export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.stack'];

export async function withTrace<T>(ctx: RendererContext, page: Page, enabled: boolean, fn: () => Promise<T>): Promise<{ result: T; trace: TraceSummary | null }> {
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
