// Section `cli`: `marginalia stats` on the sample corpus, each run a fresh
// process (what a person or a script starting it pays), against `node -e 0`
// in the same run, interleaved so that both see the same machine load. The
// figure is the ratio of the medians (issue 15: at most 4x).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../tests/harness/server';
import { type Options, metric, median, round } from './bench-core';

/** The shared sample corpus when it is there, else the bundled one (a fresh clone outside this workspace). */
function sampleCorpus(): { dir: string; name: string } {
  const shared = join(REPO_ROOT, '..', 'shared', 'corpus', 'space-force-japan');
  if (existsSync(shared)) return { dir: shared, name: '../shared/corpus/space-force-japan' };
  return { dir: join(REPO_ROOT, 'resources', 'sample-corpus'), name: 'resources/sample-corpus' };
}

function timeRun(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

export function benchCli(options: Options): { corpus: string; node: number[]; stats: number[] } {
  const corpus = sampleCorpus();
  if (!existsSync(corpus.dir)) throw new Error(`no sample corpus at ${corpus.dir}`);
  const cli = join(REPO_ROOT, 'bin', 'marginalia.js');
  // The first run may build out/cli (a stale or missing build): not what is measured.
  timeRun([cli, 'stats', corpus.dir]);
  const runs = options.smoke ? 3 : 15;
  const node: number[] = [];
  const stats: number[] = [];
  for (let i = 0; i < runs; i++) {
    node.push(timeRun(['-e', '0']));
    stats.push(timeRun([cli, 'stats', corpus.dir]));
  }
  const ratio = median(stats) / median(node);
  metric({
    id: 'cli.stats',
    name: `\`marginalia stats\` on ${corpus.name}, a fresh process each time, median of ${runs}`,
    value: round(median(stats)),
    unit: 'ms',
    target: null,
    pass: null,
    note: `node -e 0 in the same run, interleaved: median ${round(median(node))} ms`,
  });
  metric({
    id: 'cli.stats-ratio',
    name: '`marginalia stats` / `node -e 0` (medians, same run)',
    value: round(ratio, 2),
    unit: 'x',
    target: '<= 4x',
    pass: ratio <= 4,
  });
  return { corpus: corpus.name, node: node.map((x) => round(x)), stats: stats.map((x) => round(x)) };
}
