// `npm run bench`: the performance targets of ../shared/DESIGN.md, measured.
// The renderer in real Chromium (the built renderer served by the e2e harness,
// the bridge answered by the real main-process handlers over real files), the
// corpus work in Node. Data comes from scripts/bench/generate.ts (the sample
// articles scaled up, deterministic), written to a temporary folder and
// removed afterwards. Prints a table and writes bench-results/bench-<date>.json.
//
//   npm run bench                      full sizes (1 MB / 5,000 annotations, 10,000 articles)
//   npm run bench -- --smoke           tiny sizes: checks the script works, not how fast
//   options: --runs N  --tags N  --big-tags N  --seed N  --only open,memory,scroll,tag,corpus,export,suggest,workspace,inputs,cli
//            --report-dir DIR  --keep (keep the generated data)  --no-profile
//
// Timing rules: every renderer figure is measured inside the page with
// performance.now(); "painted" is a setTimeout(0) queued from the first
// animation frame in which the condition holds (so that frame's style, layout
// and paint are included); "settled" adds any long animation frame that starts
// within a quiet second after it. Nothing here is tuned to pass: targets are
// the design's, and a failure is reported as one.
import { benchWorkspace } from './workspace-bench';
import { benchCli } from './cli-bench';
import { benchRecommenders } from './recommenders';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { LabelSchemaFileSchema } from '../../app/label-schema';
import { launchChromium } from '../../tests/harness/browser';
import { RENDERER_DIR, REPO_ROOT, startHarnessProcess } from '../../tests/harness/server';
import { assertRendererBuilt } from '../../tests/harness/corpus';
import { FULL_SIZES, SMOKE_SIZES, generateBenchData } from './generate';
import { benchReanchor, reanchorMetrics } from './reanchor-bench';
import type { Metric } from './metric';
import { parseOptions, metrics, details, problems, metric, load, section, round, stats } from './bench-core';
import { benchCall, quietMs, appPage, rendererBundle, type RendererContext } from './browser-bench';
import { benchOpen, benchMemory } from './open-bench';
import { benchTag, benchScroll } from './tag-scroll-bench';
import { benchCorpus } from './corpus-bench';
import { benchExport } from './export-bench';
import { benchInputs } from './inputs-bench';

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
  // A fresh process per run, no generated data: `--only cli` runs it alone in seconds.
  await section('cli', options, async () => {
    details.cli = benchCli(options);
  });
  const needsNoData = options.only !== null && [...options.only].every((s) => s === 'reanchor' || s === 'cli');

  console.error(needsNoData ? 'bench: no other section asked for: no data generated' : `bench: generating data (${options.smoke ? 'smoke' : 'full'} sizes, seed ${options.seed})…`);
  const data = needsNoData ? null : await generateBenchData({ sizes, seed: options.seed });
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
    await section('inputs', options, () => benchInputs(options, data));
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
