// A query of hundreds of words must not hold main for seconds (issue 17,
// item 8: 600 terms took 5.6 s): only the first MAX_QUERY_CLAUSES are searched, and the answer says so.
import { afterAll, describe, expect, it } from 'vitest';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { MAX_QUERY_CLAUSES, SearchService, corpusSearchSource } from './search-service';

afterAll(cleanupTempDirs);

describe('queries with very many words', () => {
  it(`search the first ${MAX_QUERY_CLAUSES} words and phrases and say that the rest were left out`, async () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const terms = Array.from({ length: 600 }, (_, i) => `${letters[i % 26]}${letters[Math.floor(i / 26) % 26]}x`);
    const root = await makeTempDir({ 'a.txt': `${terms.slice(0, MAX_QUERY_CLAUSES).join(' ')}\n`, 'b.txt': 'nothing here\n' });
    const search = new SearchService(corpusSearchSource(await CorpusService.open(root)));
    await search.build();
    const all = await search.search(terms.join(' '));
    expect(all.problems).toEqual([`the query has 600 words and phrases; only the first ${MAX_QUERY_CLAUSES} are searched`]);
    // The same answer as the first MAX_QUERY_CLAUSES words alone (a.txt has them; no file has the rest).
    expect(all.results.map((r) => r.path)).toEqual(['a.txt']);
    const excluded = await search.search(terms.map((t) => `-${t}`).join(' '));
    expect(excluded.results.map((r) => r.path)).toEqual(['b.txt']);
    expect(excluded.problems).toHaveLength(1);
  });
});
