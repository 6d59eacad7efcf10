// Benchmark of the full-text search (main/search/search-service.ts) on a corpus
// folder: build time (scan + read + index), heap, and query times (p50/p95/max)
// for a mix of words, prefixes, phrases, CJK, filters and exclusions.
//
//   npx tsx scripts/bench-search.ts <corpus folder> [--runs N]
//   npx tsx scripts/bench/generate.ts --out /tmp/mg-bench   (10,000 articles, 50 MB, 200,000 annotations)
//   npx tsx scripts/bench-search.ts /tmp/mg-bench/corpus
//
// Each query runs N times after one warm-up (the warm-up fills the text cache,
// as typing the query would); the numbers are the time search() takes, wall
// clock and (in brackets) this process's CPU time, which stays meaningful on a
// machine busy with other work.
import { CorpusService } from '../main/corpus/corpus-service';
import { SearchService, corpusSearchSource } from '../main/search/search-service';

const QUERIES = [
  'Saltzman',
  'space',
  'space force',
  '"Space Force"',
  '"air base"',
  'Yok',
  'sat',
  'Japan cooperation China',
  '한도윤',
  '北京',
  '长江流域',
  'label:PERSON',
  'label:PERSON Japan',
  'status:disputed',
  'label:CLAIM -status:refuted',
  'author:bench doc:done',
  'doc:in-progress space',
  '-space',
  'space -"space force"',
  'zzzznotaword',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const round = (n: number) => Math.round(n * 10) / 10;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const folder = args.find((a) => !a.startsWith('--'));
  if (!folder) {
    console.error('usage: npx tsx scripts/bench-search.ts <corpus folder> [--runs N]');
    process.exit(2);
  }
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 20;
  const service = await CorpusService.open(folder);
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const search = new SearchService(corpusSearchSource(service));
  let maxGap = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 5);
  const cpu0 = process.cpuUsage();
  const built = await search.build();
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  console.log(
    `build: ${built.documents} documents in ${built.ms} ms [CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms] (complete: ${built.complete}, problems: ${built.problems.length}); ` +
      `heap +${Math.round((heapAfter - heapBefore) / 1024 / 1024)} MB; longest event-loop stall ${round(maxGap)} ms`,
  );
  const all: number[] = [];
  const allCpu: number[] = [];
  for (const q of QUERIES) {
    const first = await search.search(q);
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await search.search(q);
      const c = process.cpuUsage(c0);
      times.push(performance.now() - t0);
      cpuTimes.push((c.user + c.system) / 1000);
    }
    times.sort((a, b) => a - b);
    cpuTimes.sort((a, b) => a - b);
    all.push(...times);
    allCpu.push(...cpuTimes);
    console.log(
      `${JSON.stringify(q).padEnd(32)} total ${String(first.total).padStart(6)}${first.exact ? ' ' : '+'} ` +
        `first ${round(first.ms).toString().padStart(6)} ms  p50 ${round(percentile(times, 50)).toString().padStart(6)}  p95 ${round(percentile(times, 95)).toString().padStart(6)} [${round(percentile(cpuTimes, 95))}]  max ${round(times[times.length - 1] ?? 0)}`,
    );
  }
  all.sort((a, b) => a - b);
  allCpu.sort((a, b) => a - b);
  console.log(
    `all queries: p50 ${round(percentile(all, 50))} ms, p95 ${round(percentile(all, 95))} ms, max ${round(all[all.length - 1] ?? 0)} ms ` +
      `[CPU p50 ${round(percentile(allCpu, 50))} ms, p95 ${round(percentile(allCpu, 95))} ms]; load average ${(await import('node:os')).loadavg()[0]?.toFixed(1)}`,
  );
}

await main();
