// A new session reopening the benchmark corpus from its saved search index, in
// a process of its own as the app starts (corpus-bench.ts runs it): the heap
// holds nothing else, as an app just started. Prints one JSON line.
//   node --import tsx scripts/bench/reopen-child.ts <corpus> <cache file> <query>
import { join } from 'node:path';
import { CorpusService } from '../../main/corpus/corpus-service';
import { loadIndexCache } from '../../main/search/index-cache';
import { SearchService, corpusSearchSource } from '../../main/search/search-service';
import { REPO_ROOT } from '../../tests/harness/server';

const [corpusDir, cacheFile, query] = process.argv.slice(2) as [string, string, string];
const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return Math.round((d.user + d.system) / 1000);
};
const round = (x: number) => Math.round(x * 10) / 10;
const c0 = process.cpuUsage();
const t0 = performance.now();
const corpus = await CorpusService.open(corpusDir, { resourcesDir: join(REPO_ROOT, 'resources') });
const openMs = performance.now() - t0;
const search = new SearchService(corpusSearchSource(corpus));
const loaded = await loadIndexCache(cacheFile, search);
const loadMs = performance.now() - t0;
// As the app does: the refresh starts, and the first query is answered meanwhile.
const refresh = search.build();
const first = await search.search(query);
const searchableMs = performance.now() - t0;
const searchableCpuMs = cpuMs(c0);
const built = await refresh;
const upToDateMs = performance.now() - t0;
const line = { loaded, openMs: round(openMs), loadMs: round(loadMs), searchableMs: round(searchableMs), searchableCpuMs, upToDateMs: round(upToDateMs), upToDateCpuMs: cpuMs(c0), total: first.total, state: first.index.state, documents: built.documents, complete: built.complete };
// Exits once written, without waiting for the background parse of the loaded annotations.
process.stdout.write(`${JSON.stringify(line)}\n`, () => process.exit(0));
