// The bench's options, its results (metrics, details, problems, the load per
// section) and the statistics every section uses.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../../tests/harness/server';
import { DEFAULT_SEED } from './generate';
import type { Metric } from './metric';

// ---------------------------------------------------------------- options

export interface Options {
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

export const SECTIONS = ['reanchor', 'open', 'memory', 'scroll', 'tag', 'corpus', 'export', 'suggest', 'workspace', 'inputs', 'cli'] as const;

export function parseOptions(argv: string[]): Options {
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


export const metrics: Metric[] = [];
export const details: Record<string, unknown> = {};
export const problems: { section: string; message: string }[] = [];

export function metric(m: Metric): void {
  metrics.push(m);
}

/** The machine's 1-minute load average at the start and end of each section: timings are wall-clock, and inflate when other work shares the cores. */
export const load: Record<string, { start: number; end: number }> = {};

export async function section(name: string, options: Options, fn: () => Promise<void>): Promise<void> {
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

export function sorted(xs: number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}
/** Nearest-rank percentile. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
}
export function median(xs: number[]): number {
  return percentile(xs, 50);
}
export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
/** CPU time (user + system) of this process since `since`, in ms. */
/** Flushes dirty pages (the generated corpus, earlier outputs) so their write-back does not land in a measurement. */
export function syncDisk(): void {
  try {
    execFileSync('sync');
  } catch {
    // No sync command (Windows): measure as it is.
  }
}

export function cpuSince(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return round((d.user + d.system) / 1000);
}

export function stats(xs: number[]): { n: number; min: number; p50: number; p95: number; max: number; mean: number } {
  return {
    n: xs.length,
    min: round(Math.min(...xs)),
    p50: round(percentile(xs, 50)),
    p95: round(percentile(xs, 95)),
    max: round(Math.max(...xs)),
    mean: round(xs.reduce((s, x) => s + x, 0) / (xs.length || 1)),
  };
}
