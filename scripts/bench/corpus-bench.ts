// Section `corpus`: scanning 10,000 articles, building, saving and reopening the
// search index, and queries against it, in Node.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CorpusService } from '../../main/corpus/corpus-service';
import { indexCacheFile, loadIndexCache, saveIndexCache } from '../../main/search/index-cache';
import type { SearchService } from '../../main/search/search-service';
import { REPO_ROOT } from '../../tests/harness/server';
import { Rng, type GeneratedData } from './generate';
import { mapLimit } from '../../main/corpus/map-limit';
import { type Options, details, metric, median, round, cpuSince, stats } from './bench-core';

// ---------------------------------------------------------------- Node benches

export async function benchCorpus(options: Options, data: GeneratedData): Promise<void> {
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
export function makeQueries(options: Options, data: GeneratedData, listed: { path: string }[]): string[] {
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
export async function benchSearchService(file: string, data: GeneratedData, scan: number, queries: string[]): Promise<void> {
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
  const qCpu: number[] = [];
  const perQuery: { q: string; ms: number; cpuMs: number; total: number }[] = [];
  let hits = 0;
  for (const q of queries) {
    // The process's CPU time beside the wall clock: on a shared machine the wall clock mostly measures the others.
    const c = process.cpuUsage();
    const t = performance.now();
    const total = (await search.search(q)).total;
    const ms = performance.now() - t;
    const cpuMs = cpuSince(c);
    hits += total;
    qTimes.push(ms);
    qCpu.push(cpuMs);
    perQuery.push({ q, ms: round(ms), cpuMs, total });
  }
  const q = stats(qTimes);
  const qc = stats(qCpu);
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
    note: `p50 ${q.p50} ms, max ${q.max} ms; CPU time p50 ${qc.p50} ms, p95 ${qc.p95} ms, max ${qc.max} ms; p95 by kind: ${Object.entries(byKind).map(([k, v]) => `${k} ${v.p95} ms`).join(', ')}; ${round(hits / queries.length)} matching documents per query on average`,
  });
  details.search = { implementation: 'main/search/search-service.ts', build: { ...built, wallMs: buildMs, cpuMs: buildCpu, heapGrowthMb: heapGrowth }, queries: q, queriesCpu: qc, byKind, slowest: [...perQuery].sort((a, b) => b.ms - a.ms).slice(0, 10), fastest: [...perQuery].sort((a, b) => a.ms - b.ms).slice(0, 5) };

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
    // A new session in a process of its own (reopen-child.ts): open the corpus, load the saved index, start bringing it up to date (as the app does) and ask the first query.
    const runs: ReopenRun[] = [];
    for (let i = 0; i < 3; i++) runs.push(await reopenInChild(data.corpusDir, cacheFile, queries[i] as string));
    const byWall = [...runs].sort((a, b) => a.searchableMs - b.searchableMs);
    const run = byWall[1] as ReopenRun; // the median of 3
    const loaded = run.loaded;
    const searchableMs = run.searchableMs;
    // The same answers as the index built in this process, from a reloaded index (in this process: the totals are compared here).
    const again = new mod.SearchService(mod.corpusSearchSource(await CorpusService.open(data.corpusDir, { resourcesDir: join(REPO_ROOT, 'resources') }))) as unknown as SearchService;
    await loadIndexCache(cacheFile, again);
    await again.build();
    const sample = queries.slice(0, 20);
    let same = 0;
    for (const query of sample) if ((await again.search(query)).total === (await search.search(query)).total) same++;
    // Each child's first query, answered while its index was brought up to date, as the index built here answers it
    // (a quoted pair of words that are not side by side in the text rightly finds nothing: a count of 0 can be right).
    let firstRight = 0;
    for (const [i, r] of runs.entries()) if (r.total === (await search.search(queries[i] as string)).total) firstRight++;
    metric({
      id: 'search.reopen',
      name: `Reopen the ${data.corpus.docs}-article corpus to searchable (open, load the saved index, first query answered while changes are checked)`,
      value: searchableMs,
      unit: 'ms',
      target: '< 1000 ms',
      pass: loaded.loaded && searchableMs < 1000 && same === sample.length && firstRight === runs.length,
      note: `median of 3 new processes (${byWall.map((r) => r.searchableMs).join(', ')} ms); CPU ${run.searchableCpuMs} ms; CorpusService.open ${run.openMs} ms, index loaded at ${run.loadMs} ms; brought up to date (${run.documents} documents checked, nothing changed, nothing read) at ${run.upToDateMs} ms (CPU ${run.upToDateCpuMs} ms); saving took ${saveMs} ms, ${cacheMb} MB; ${same}/${sample.length} queries give the same totals; ${firstRight}/${runs.length} first queries answered as the built index answers them (totals ${runs.map((r) => r.total).join(', ')})${loaded.loaded ? '' : `; NOT LOADED: ${loaded.reason}`}`,
    });
    metric({ id: 'search.reopen.up-to-date', name: 'The same until the reopened index is up to date (every document\'s signature checked)', value: run.upToDateMs, unit: 'ms', target: null, pass: null, note: `CPU ${run.upToDateCpuMs} ms` });
    details.searchCache = { saveMs, cacheMb, reopenRuns: runs, same, sampled: sample.length, readMs, bytesRead, coldRatio };
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}

interface ReopenRun {
  loaded: { loaded: boolean; reason?: string };
  openMs: number;
  loadMs: number;
  searchableMs: number;
  searchableCpuMs: number;
  upToDateMs: number;
  upToDateCpuMs: number;
  total: number;
  documents: number;
}

/** Runs reopen-child.ts in a new Node process and returns what it printed. */
async function reopenInChild(corpusDir: string, cacheFile: string, query: string): Promise<ReopenRun> {
  const { execFile } = await import('node:child_process');
  const script = join(REPO_ROOT, 'scripts/bench/reopen-child.ts');
  const out = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['--import', 'tsx', script, corpusDir, cacheFile, query], { cwd: REPO_ROOT, maxBuffer: 1 << 20 }, (e, stdout, stderr) => (e ? reject(new Error(`${script}: ${e.message}\n${stderr}`)) : resolve(stdout))),
  );
  return JSON.parse(out.trim().split('\n').pop() as string) as ReopenRun;
}

/** Only when the app has no index: MiniSearch over the same files, in this process, clearly labelled as a prototype. */
export async function benchSearchPrototype(data: GeneratedData, listed: { path: string }[], scan: number, queries: string[]): Promise<void> {
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
