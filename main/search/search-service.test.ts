// The search index over real corpora copied to temporary folders: the bundled
// sample corpus (Korean, Chinese, Japanese, Arabic, combining marks, CRLF, BOM)
// and the shared space-force-japan articles, with sidecars written here.
import { cp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import MiniSearch, { type Query } from 'minisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeEntityRegistry, emptyRegistry } from '../../app/entity-registry';
import { codePointLength } from '../../app/offsets';
import { parseQuery } from '../../app/search/query';
import { indexTerms, tokenize } from '../../app/search/tokenize';
import type { IndexableSidecar } from '../../app/search/document-model';
import type { SearchResponse } from '../../app/search/types';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import type { Annotation, Sidecar } from '../../app/sidecar/sidecar-schema';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, makeTempDir, sha256 } from '../test-support';
import { BulkIndex } from './bulk-index';
import { SearchService, corpusSearchSource, type SearchSource } from './search-service';

// Property tests bound their own time: fast-check starts no new run after the
// budget (and passes if none failed), so a loaded two-core machine runs fewer
// cases instead of timing out; the test's timeout only catches a hang.
const PROPERTY_BUDGET = fc.interruptAfterTimeLimit(2_000);
const PROPERTY_TIMEOUT = 20_000;

const REPO = resolve(import.meta.dirname, '../..');
const SAMPLE = join(REPO, 'resources/sample-corpus');
const SHARED = resolve(REPO, '../shared/corpus/space-force-japan');

async function copyOf(folder: string): Promise<string> {
  const root = await makeTempDir();
  await cp(folder, root, { recursive: true });
  return root;
}

/** An annotation over the n-th occurrence of `needle` in `text`, in code points. */
function over(text: string, needle: string, id: string, label: string, extra: Partial<Annotation> = {}, n = 0): Annotation {
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} not in text`);
  const start = codePointLength(text.slice(0, at));
  return {
    id,
    type: label === 'CLAIM' ? 'claim' : 'entity',
    label,
    start,
    end: start + codePointLength(needle),
    text: needle,
    prefix: '',
    suffix: '',
    ...extra,
  };
}

async function writeSidecarFor(root: string, rel: string, annotations: (text: string) => Annotation[], status: Sidecar['status'] = 'todo') {
  const bytes = await readFile(join(root, rel));
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const sidecar: Sidecar = {
    format: 'marginalia-annotations',
    version: 3,
    source: { name: rel.split('/').pop() as string, sha256: sha256(bytes), length: codePointLength(text) },
    status,
    annotations: annotations(text).sort((a, b) => a.start - b.start || a.end - b.end),
    relations: [],
  };
  await writeFile(join(root, `${rel}.annotations.json`), serializeSidecar(sidecar));
}

async function serviceFor(root: string, onProgress?: ConstructorParameters<typeof SearchService>[1]) {
  return new SearchService(corpusSearchSource(await CorpusService.open(root)), onProgress);
}

/** The text a hit covers, cut from the file by code points (as Python would). */
async function covered(root: string, path: string, start: number, end: number): Promise<string> {
  const text = (await readFile(join(root, path), 'utf8')).replace(/^\uFEFF/, '');
  return Array.from(text).slice(start, end).join('');
}

const paths = (r: SearchResponse) => r.results.map((x) => x.path);

afterAll(cleanupTempDirs);

describe('search over the space-force-japan articles', () => {
  let root: string;
  let search: SearchService;
  const DOC = '001_dff90504ed3e313a.txt';

  beforeAll(async () => {
    root = await copyOf(SHARED);
    await writeSidecarFor(
      root,
      DOC,
      (t) => [
        over(t, 'Chance Saltzman', 'p1', 'PERSON', { entity: 'e_saltzman', author: 'alice' }),
        over(t, 'Japan', 'g1', 'GPE', { author: 'bob', note: 'the host nation of the new unit' }),
        over(t, 'The U.S. Space Force is exploring the possibility of setting up a unit in Japan', 'c1', 'CLAIM', {
          status: 'disputed',
          stance: 'reported',
          author: 'alice',
        }),
      ],
      'in-progress',
    );
    await writeSidecarFor(root, '003_cf8b7a8682a570d0.txt', (t) => [over(t, 'Yokota Air Base', 'l1', 'LOC', { author: 'Bob' })], 'done');
    const registry = emptyRegistry();
    registry.entities.push({ id: 'e_saltzman', name: 'Chance Saltzman', label: 'PERSON', aliases: ['Gen. Saltzman'] });
    await writeFile(join(root, '.marginalia/entities.json'), serializeEntityRegistry(registry)).catch(async () => {
      const { mkdir } = await import('node:fs/promises');
      await mkdir(join(root, '.marginalia'), { recursive: true });
      await writeFile(join(root, '.marginalia/entities.json'), serializeEntityRegistry(registry));
    });
    search = await serviceFor(root);
    const built = await search.build();
    expect(built).toMatchObject({ documents: 5, complete: true, problems: [] });
  });

  it('finds a word, with hits at code-point offsets, the line and a snippet', async () => {
    const r = await search.search('Saltzman');
    expect(paths(r)).toEqual([DOC]);
    const [result] = r.results;
    expect(result?.hitCount).toBeGreaterThan(1);
    for (const h of result?.hits ?? []) expect(await covered(root, DOC, h.start, h.end)).toBe('Saltzman');
    expect(result?.hits[0]?.snippet).toMatchObject({ match: 'Saltzman', before: expect.stringContaining('Gen. Chance ') });
    expect(result?.hits[0]?.line).toBe(0);
    // The annotation whose text has the word is an annotation hit.
    expect(result?.annotationHits).toEqual([expect.objectContaining({ annotationId: 'p1', label: 'PERSON', text: 'Chance Saltzman', entity: 'e_saltzman' })]);
    expect(r).toMatchObject({ total: 1, exact: true, index: { state: 'ready', indexed: 5, total: 5 } });
  });

  it('finds a phrase only where its words are next to each other', async () => {
    const words = await search.search('force space ');
    const phrase = await search.search('"force space"');
    expect(words.total).toBe(5);
    expect(phrase.results.length).toBeLessThan(words.results.length);
    for (const result of phrase.results) {
      for (const h of result.hits) expect((await covered(root, result.path, h.start, h.end)).toLowerCase()).toMatch(/^force\W+space$/);
    }
    expect((await search.search('"air base yokota"')).results).toEqual([]);
  });

  it('matches the word being typed as a prefix, and whole words otherwise', async () => {
    expect(paths(await search.search('Saltz'))).toEqual([DOC]);
    expect(paths(await search.search('Saltz '))).toEqual([]);
  });

  it('filters by label, claim status, author, entity (id or name) and document status', async () => {
    expect(paths(await search.search('label:PERSON'))).toEqual([DOC]);
    expect(paths(await search.search('label:loc'))).toEqual(['003_cf8b7a8682a570d0.txt']);
    expect(paths(await search.search('status:disputed'))).toEqual([DOC]);
    expect(paths(await search.search('status:refuted'))).toEqual([]);
    expect(paths(await search.search('author:bob'))).toEqual([DOC, '003_cf8b7a8682a570d0.txt']);
    expect(paths(await search.search('author:alice label:GPE'))).toEqual([]);
    expect(paths(await search.search('entity:e_saltzman'))).toEqual([DOC]);
    expect(paths(await search.search('entity:"Chance Saltzman"'))).toEqual([DOC]);
    expect(paths(await search.search('entity:"gen. saltzman"'))).toEqual([DOC]);
    expect(paths(await search.search('entity:saltzman'))).toEqual([DOC]); // part of a name
    expect(paths(await search.search('entity:sa'))).toEqual([]); // too short to be part of a name
    expect(paths(await search.search('doc:done'))).toEqual(['003_cf8b7a8682a570d0.txt']);
    expect((await search.search('doc:todo')).total).toBe(3);
    const withWords = await search.search('Japan doc:in-progress');
    expect(paths(withWords)).toEqual([DOC]);
  });

  it('gives the annotations a filter matches as hits, opening at their spans', async () => {
    const r = await search.search('status:disputed');
    const [result] = r.results;
    expect(result?.annotationHits.map((a) => a.annotationId)).toEqual(['c1']);
    const hit = result?.hits[0];
    expect(hit && (await covered(root, DOC, hit.start, hit.end))).toMatch(/^The U\.S\. Space Force is exploring/);
  });

  it('finds words in annotation notes', async () => {
    const r = await search.search('"host nation"');
    expect(paths(r)).toEqual([DOC]);
    expect(r.results[0]?.annotationHits.map((a) => a.annotationId)).toEqual(['g1']);
    expect(r.results[0]?.hits).toEqual([]);
  });

  it('excludes words and phrases', async () => {
    const all = (await search.search('space ')).total;
    const without = await search.search('space -Saltzman');
    expect(without.total).toBe(all - 1);
    expect(paths(without)).not.toContain(DOC);
    const withoutPhrase = await search.search('space -"Yokota Air Base"');
    expect(paths(withoutPhrase)).not.toContain('003_cf8b7a8682a570d0.txt');
  });

  it('answers an empty query with nothing, and says what is wrong with a filter', async () => {
    expect(await search.search('   ')).toMatchObject({ results: [], total: 0 });
    expect((await search.search('status:maybe')).problems).toEqual(['status:maybe is not a claim status (unverified, supported, disputed, refuted)']);
  });

  it('limits the results', async () => {
    const r = await search.search('space ', { limit: 2 });
    expect(r.results).toHaveLength(2);
    expect(r.total).toBe(5);
    expect(r.results[0]!.score).toBeGreaterThanOrEqual(r.results[1]!.score);
  });
});

describe('search over the sample corpus (scripts, marks, BOM, CRLF)', () => {
  let root: string;
  let search: SearchService;

  beforeAll(async () => {
    root = await copyOf(SAMPLE);
    search = await serviceFor(root);
  });

  const expectCovered = async (query: string, expected: string | RegExp) => {
    const r = await search.search(query);
    expect(r.results.length, `results for ${query}`).toBeGreaterThan(0);
    for (const result of r.results) {
      for (const h of result.hits) {
        const got = await covered(root, result.path, h.start, h.end);
        if (typeof expected === 'string') expect(got).toBe(expected);
        else expect(got).toMatch(expected);
      }
    }
    return r;
  };

  it('builds on the first query', async () => {
    const r = await search.search('flood');
    expect(r.index).toEqual({ state: 'ready', indexed: 6, total: 6 });
  });
  it('finds Chinese inside a longer name, Korean inside a compound, astral Japanese', async () => {
    await expectCovered('流域', '流域');
    await expectCovered('长江流域遥感中心', '长江流域遥感中心');
    await expectCovered('우주', '우주');
    await expectCovered('한도윤', '한도윤');
    await expectCovered('𠮷田遥', '𠮷田遥');
    expect((await search.search('𠮷田遥')).results).toHaveLength(2);
    expect((await search.search('長江')).results).toEqual([]); // traditional 長 is another character
  });
  it('ignores diacritics and case, pointing at the text as written', async () => {
    // Words of the query that follow each other make one hit: the whole name.
    const r = await expectCovered('vo thanh tu ', /^(V(õ|o\u0303) Thanh T(ú|u\u0301)|Võ|Thanh|Tú|Tu\u0301)$/u);
    expect(r.results[0]?.hits[0]?.snippet.match).toMatch(/^V(õ|o\u0303) Thanh T(ú|u\u0301)$/u);
    const exact = await search.search('"Võ Thanh Tú"');
    expect(paths(exact).sort()).toEqual(paths(r).sort());
    await expectCovered('"vo thanh tu"', /^V(õ|o\u0303) Thanh T(ú|u\u0301)$/u);
  });
  it('finds Arabic with or without hamza and harakat', async () => {
    await expectCovered('الانذار', 'الإنذار');
    await expectCovered('"الإنذار المبكر"', 'الإنذار المبكر');
  });
});

describe('keeping the index current', () => {
  it('finds documents by their document labels (category:), with or without a value, on the bulk and the incremental path', async () => {
    const root = await copyOf(SHARED);
    const corpus = await CorpusService.open(root);
    const doc = '002_3d4bb1fe3727f44e.txt';
    const other = '003_cf8b7a8682a570d0.txt';
    for (const [path, categories] of [
      [doc, [{ name: 'topic', value: 'space' }, { name: 'opinion' }]],
      [other, [{ name: 'topic', value: 'defence' }]],
    ] as const) {
      const opened = await corpus.readDocument(path);
      await corpus.writeSidecar(path, {
        format: 'marginalia-annotations',
        version: 3,
        source: { name: path, sha256: opened.sha256, length: opened.length },
        status: 'todo',
        categories: [...categories],
        annotations: [],
        relations: [],
      });
    }
    const search = new SearchService(corpusSearchSource(corpus));
    await search.build();
    expect(paths(await search.search('category:topic')).sort()).toEqual([doc, other]);
    expect(paths(await search.search('category:Topic:SPACE'))).toEqual([doc]);
    expect(paths(await search.search('category:opinion'))).toEqual([doc]);
    expect(paths(await search.search('category:topic -category:opinion'))).toEqual([other]);
    expect(paths(await search.search('category:topic:space category:topic:defence')).sort()).toEqual([doc, other]);
    expect(paths(await search.search('Japan category:topic:defence'))).toEqual([other]);
    expect((await search.search('category:')).problems).toEqual(['category: needs a value, e.g. category:topic:space']);

    const opened = await corpus.readDocument(other);
    await corpus.writeSidecar(other, { format: 'marginalia-annotations', version: 3, source: { name: other, sha256: opened.sha256, length: opened.length }, status: 'todo', categories: [{ name: 'opinion' }], annotations: [], relations: [] });
    await search.updateDocument(other);
    expect(paths(await search.search('category:opinion')).sort()).toEqual([doc, other]);
    expect(paths(await search.search('category:topic'))).toEqual([doc]);
  });

  it('updates a document after its sidecar is saved, and removes a deleted one', async () => {
    const root = await copyOf(SHARED);
    const corpus = await CorpusService.open(root);
    const search = new SearchService(corpusSearchSource(corpus));
    await search.build();
    const doc = '002_3d4bb1fe3727f44e.txt';
    expect((await search.search('label:ORG')).results).toEqual([]);

    const opened = await corpus.readDocument(doc);
    const annotation = over(opened.text, 'Space Force', 'o1', 'ORG', { author: 'carol', note: 'the whole service' });
    await corpus.writeSidecar(doc, {
      format: 'marginalia-annotations',
      version: 3,
      source: { name: doc, sha256: opened.sha256, length: opened.length },
      status: 'done',
      annotations: [annotation],
      relations: [],
    });
    await search.updateDocument(doc);
    expect(paths(await search.search('label:ORG'))).toEqual([doc]);
    expect(paths(await search.search('author:carol doc:done'))).toEqual([doc]);
    expect(paths(await search.search('"whole service"'))).toEqual([doc]);

    await unlink(join(root, doc));
    await search.updateDocument(doc);
    expect(paths(await search.search('label:ORG'))).toEqual([]);
    expect(search.status().indexed).toBe(4);
  });

  it('takes a saved sidecar without reading or tokenising the text again, and answers as a fresh build does (scores too)', async () => {
    const corpus = await CorpusService.open(SHARED);
    const docs: Record<string, { text: string; sidecar: IndexableSidecar | null }> = {};
    for (const p of await corpus.listTextDocumentPaths()) docs[p] = { text: (await corpus.readDocument(p)).text, sidecar: null };
    const doc = '002_3d4bb1fe3727f44e.txt';
    const text = (docs[doc] as { text: string }).text;
    docs[doc] = { text, sidecar: { status: 'todo', annotations: [over(text, 'Japan', 'g1', 'GPE', { note: 'an old note about zebras' })] } };
    let reads = 0;
    const source = (): SearchSource => ({
      root: '/in-memory',
      listPaths: async () => Object.keys(docs).sort(),
      signature: async () => 'same',
      read: async (path) => (reads++, { text: docs[path]!.text, sidecar: docs[path]!.sidecar, signature: 'same' }),
      readText: async (path) => (reads++, docs[path]!.text),
    });
    const search = new SearchService(source());
    await search.build();
    const queries = ['zebras', 'whole service', '"whole service"', 'label:ORG', 'author:carol doc:done', 'space force', 'note', 'label:GPE japan'];
    const answers = async (s: SearchService) => Promise.all(queries.map(async (q) => (await s.search(q)).results.map((r) => [r.path, r.score, r.hits.length])));
    await answers(search); // texts read for snippets are cached now, as after any search
    const saved: IndexableSidecar = {
      status: 'done',
      annotations: [over(text, 'Space Force', 'o1', 'ORG', { author: 'carol', note: 'the whole service, with a note' }), over(text, 'Japan', 'g2', 'GPE')],
    };
    docs[doc] = { text, sidecar: saved };
    reads = 0;
    await search.updateAnnotations(doc, saved);
    expect(reads).toBe(0);
    const fresh = new SearchService(source());
    await fresh.build();
    expect(await answers(search)).toEqual(await answers(fresh));
    expect(paths(await search.search('zebras'))).toEqual([]);
    expect(paths(await search.search('author:carol doc:done'))).toEqual([doc]);

    await search.updateAnnotations(doc, null);
    docs[doc] = { text, sidecar: null };
    const none = new SearchService(source());
    await none.build();
    expect(await answers(search)).toEqual(await answers(none));
  });

  it('a second build reads only what changed, new and removed files included', async () => {
    const root = await copyOf(SHARED);
    const reads: string[] = [];
    const base = corpusSearchSource(await CorpusService.open(root));
    const source: SearchSource = { ...base, read: (p) => (reads.push(p), base.read(p)) };
    const search = new SearchService(source);
    await search.build();
    expect(reads).toHaveLength(5);
    reads.length = 0;
    expect(await search.build()).toMatchObject({ documents: 5, complete: true });
    expect(reads).toEqual([]);

    await writeFile(join(root, '000_ff47c45c52b6f32f.txt'), 'A quokka visited Yokota.\n');
    await writeFile(join(root, 'new.md'), '# Quokka news\n');
    await rm(join(root, '004_7207ac4d332cde6e.txt'));
    await search.build();
    expect(reads.sort()).toEqual(['000_ff47c45c52b6f32f.txt', 'new.md']);
    expect(paths(await search.search('quokka')).sort()).toEqual(['000_ff47c45c52b6f32f.txt', 'new.md']);
    expect(search.status()).toEqual({ state: 'ready', indexed: 5, total: 5 });
  });
});

describe('building: progress and cancelling', () => {
  async function bigCorpus(n: number): Promise<string> {
    const files: Record<string, string> = {};
    for (let i = 0; i < n; i++) files[`d/${String(i).padStart(4, '0')}.txt`] = `Document ${i} about floods and satellites.\nWord${i} and the river.\n`;
    return makeTempDir(files);
  }

  it('reports progress up to the total', async () => {
    const root = await bigCorpus(300);
    const seen: { done: number; total: number; state: string }[] = [];
    const search = await serviceFor(root, { onProgress: (p) => seen.push(p) });
    await search.build();
    expect(seen[0]).toMatchObject({ done: 0, total: 300, state: 'building' });
    expect(seen[seen.length - 1]).toMatchObject({ done: 300, total: 300, state: 'ready' });
    expect(seen.every((p, i) => i === 0 || p.done >= (seen[i - 1] as { done: number }).done)).toBe(true);
  });

  it('stops when cancelled, keeps what it read, searches that, and resumes', async () => {
    const root = await bigCorpus(400);
    let search: SearchService;
    const controller = new AbortController();
    search = await serviceFor(root, {
      onProgress: (p) => {
        if (p.state === 'building' && p.done > 0) controller.abort();
      },
    });
    // Progress is reported every 100 ms; abort from a read too, in case the build is faster than that.
    const source = (search as unknown as { source: SearchSource }).source;
    let reads = 0;
    const read = source.read.bind(source);
    (source as { read: SearchSource['read'] }).read = (p) => {
      if (++reads === 100) controller.abort();
      return read(p);
    };
    const built = await search.build({ signal: controller.signal });
    expect(built.complete).toBe(false);
    const status = search.status();
    expect(status.state).toBe('cancelled');
    expect(status.indexed).toBeGreaterThan(0);
    expect(status.indexed).toBeLessThan(400);
    const partial = await search.search('floods');
    expect(partial.index.state).toBe('cancelled');
    expect(partial.total).toBe(status.indexed);

    const resumed = await search.build();
    expect(resumed).toMatchObject({ complete: true, documents: 400 });
    expect((await search.search('floods', { limit: 500 })).total).toBe(400);
    search = await serviceFor(root);
    expect(search.cancel()).toEqual({ state: 'empty', indexed: 0, total: 0 });
    // 400 files read twice took 3.5 s with both cores busy: past the default 5 s on a busier machine.
  }, PROPERTY_TIMEOUT);

  it('a search during a build waits for it; cancel() ends the wait', async () => {
    const root = await bigCorpus(200);
    const search = await serviceFor(root);
    const building = search.build();
    const answer = search.search('Word150 ');
    expect(paths(await answer)).toEqual(['d/0150.txt']);
    expect((await building).complete).toBe(true);
  });

  it('reports unreadable documents and indexes the rest', async () => {
    const root = await makeTempDir({ 'good.txt': 'fine words', 'bad.txt': new Uint8Array([0x66, 0xff, 0xfe, 0x41]) });
    const search = await serviceFor(root);
    const built = await search.build();
    expect(built.documents).toBe(1);
    expect(built.problems).toEqual([expect.stringContaining('bad.txt is not valid UTF-8')]);
  });
});

describe('BulkIndex', () => {
  it('answers exactly like MiniSearch.add()', async () => {
    const texts: Record<string, string> = {};
    for (const folder of [SAMPLE, SHARED]) {
      const corpus = await CorpusService.open(folder);
      for (const p of await corpus.listTextDocumentPaths()) texts[`${folder}/${p}`] = (await corpus.readDocument(p)).text;
    }
    const options = { fields: ['text', 'notes'], storeFields: [], tokenize: (s: string) => indexTerms(s), processTerm: (t: string) => t, searchOptions: { tokenize: (s: string) => [s], processTerm: (t: string) => t } };
    const added = new MiniSearch<{ id: string; text: string; notes: string }>(options);
    const bulk = new BulkIndex(['text', 'notes']);
    for (const [id, text] of Object.entries(texts)) {
      const notes = id.endsWith('02-da-nang-flood-data-pact.txt') ? 'a note about the pact' : '';
      added.add({ id, text, notes });
      bulk.add(id, [indexTerms(text), indexTerms(notes)]);
    }
    const built = await bulk.toMiniSearch<{ id: string; text: string; notes: string }>(options);
    expect(built.documentCount).toBe(added.documentCount);
    expect(built.termCount).toBe(added.termCount);
    for (const q of ['space', 'flood', 'pact', '流域', 'saltzman', 'river']) {
      for (const prefix of [false, true]) {
        const a = added.search(q, { prefix });
        const b = built.search(q, { prefix });
        expect(b.map((r) => [r.id, r.score])).toEqual(a.map((r) => [r.id, r.score]));
      }
    }
    expect(built.search({ combineWith: 'AND', queries: ['space', 'force'] }).length).toBe(added.search({ combineWith: 'AND', queries: ['space', 'force'] }).length);
    // Documents can still be replaced and removed one by one.
    const first = Object.keys(texts)[0] as string;
    built.discard(first);
    built.add({ id: first, text: 'zebra crossing', notes: '' });
    expect(built.search('zebra').map((r) => r.id)).toEqual([first]);
  });
});

describe('phrases are checked on word sequences kept in memory', () => {
  // Phrases are no longer checked by reading every candidate's text: each
  // document keeps its words as term ids (word-index.ts). These properties
  // compare the answers with a naive reading of the definition, so that a
  // pre-filter dropping a true hit (or keeping a false one) fails here.
  const pieces = [
    'air', 'Air', 'BASE', 'base', ' ', ' ', ' ', ', ', '. ', '-', '\r\n', '\n', 'é', 'e\u0301', 'Tú', 'tu\u0301', 'tu',
    '长', '江', '长江', '流域', '𠮷', '田', '𠮷田', '😀', 'Force™', ' said', '5℃', 'か\u3099', 'が', '한도윤', 'ﬁ', 'fi',
  ];
  const words = ['air', 'base', 'é', 'tú', 'tu', '长江', '江', '流域', '𠮷田', '田', 'force', 'said', '5', 'c', 'が', '한도윤', 'fi', 'zebra'];
  const textOf = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((p) => p.join(''));
  const docOf = textOf.chain((text) => {
    const chars = Array.from(text);
    const annotation = fc.record({
      start: fc.nat({ max: chars.length }),
      length: fc.nat({ max: 12 }),
      note: fc.option(textOf.map((t) => t.slice(0, 40)), { nil: undefined }),
    });
    return fc.record({ text: fc.constant(text), annotations: fc.array(annotation, { maxLength: 3 }) }).map(({ text, annotations }) => ({
      text,
      annotations: annotations.map(({ start, length, note }, i) => {
        const end = Math.min(chars.length, start + length);
        const a: IndexableSidecar['annotations'][number] = { id: `a${i}`, type: 'entity', label: 'X', start, end, text: chars.slice(start, end).join('') };
        if (note !== undefined) a.note = note;
        return a;
      }),
    }));
  });
  const phraseOf = fc.array(fc.constantFrom(...words), { minLength: 2, maxLength: 3 }).map((w) => w.join(' '));

  type Doc = { text: string; annotations: IndexableSidecar['annotations'] };
  function memorySource(docs: Record<string, Doc>): SearchSource {
    return {
      root: '/in-memory',
      listPaths: async () => Object.keys(docs).sort(),
      signature: async () => 'same',
      read: async (path) => {
        const d = docs[path] as Doc;
        return { text: d.text, sidecar: { status: 'todo', annotations: d.annotations }, signature: 'same' };
      },
      readText: async (path) => (docs[path] as Doc).text,
    };
  }

  /** The definition, read naively: words joined by spaces, the phrase as a substring; a document must also hold every term the index is asked for. */
  const spaced = (s: string) => ` ${tokenize(s).map((t) => t.term).join(' ')} `;
  function expected(docs: Record<string, Doc>, query: string): string[] {
    const q = parseQuery(query);
    return Object.keys(docs)
      .filter((path) => {
        const d = docs[path] as Doc;
        const notes = d.annotations.map((a) => a.note ?? '').join('\n');
        const indexed = new Set([...indexTerms(d.text), ...indexTerms(notes)]);
        return q.text.every((c) => {
          const phrase = ` ${c.terms.join(' ')} `;
          const inText = spaced(d.text).includes(phrase);
          if (c.negated) return !inText;
          const inAnnotations = d.annotations.some((a) => spaced(a.text).includes(phrase) || spaced(a.note ?? '').includes(phrase));
          return c.required.every((t) => indexed.has(t)) && (inText || inAnnotations);
        });
      })
      .sort();
  }

  for (const bulk of [false, true]) {
    it(`answers quoted and excluded phrases as the naive definition does (${bulk ? 'built in bulk' : 'added one by one'})`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(docOf, { minLength: 1, maxLength: 6 }), phraseOf, async (generated, phrase) => {
          const docs: Record<string, Doc> = {};
          generated.forEach((d, i) => (docs[`doc${i}.txt`] = d));
          // Past 200 documents to read, the index is built in bulk (another code path).
          if (bulk) for (let i = 0; i < 201; i++) docs[`filler/${i}.txt`] = { text: `filler words ${i}`, annotations: [] };
          const search = new SearchService(memorySource(docs));
          for (const query of [`"${phrase}"`, `${phrase.split(' ')[0]} -"${phrase}"`]) {
            const r = await search.search(query, { limit: 500 });
            const want = expected(docs, query);
            expect(paths(r).sort(), query).toEqual(want);
            // A word is counted as the index has it: "c" of "5℃" is in the index, not among the words hits are found in.
            if (query.startsWith('"')) expect(r).toMatchObject({ total: want.length, exact: true });
            else expect(r.total).toBeGreaterThanOrEqual(want.length);
          }
          // Every hit of the phrase in the text covers its words, one after the other (adjacent occurrences make one hit).
          const phraseTerms = ` ${parseQuery(phrase).text.map((c) => c.terms.join(' ')).join(' ')} `;
          for (const result of (await search.search(`"${phrase}"`, { limit: 500 })).results) {
            const text = (docs[result.path] as Doc).text;
            for (const h of result.hits) expect(spaced(Array.from(text).slice(h.start, h.end).join(''))).toContain(phraseTerms);
          }
        }),
        { numRuns: bulk ? 60 : 150, plugins: [PROPERTY_BUDGET] },
      );
    }, PROPERTY_TIMEOUT);
  }

  it('finds a phrase whose words sit around a symbol that folds into a letter (tokenize() skips it)', async () => {
    // The index holds 5 and c for "5℃"; the words where hits are found are 5 and said.
    const docs = { 'a.txt': { text: 'At 5℃ said the report.', annotations: [] } };
    const search = new SearchService(memorySource(docs));
    expect(paths(await search.search('"5 said"'))).toEqual(['a.txt']);
  });
});

describe('ranking only the documents shown', () => {
  // Few words and short texts: many documents score the same (identical texts), and most queries match most documents.
  const vocabulary = ['alpha', 'alphabet', 'beta', 'gamma', 'delta', 'alp'];
  const corpusOf = fc.array(fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 260 });
  /** Documents made of words; every third one has an annotation with a note of other words (the index's second field). */
  const source = (texts: string[]): SearchSource => ({
    root: '/in-memory',
    listPaths: async () => texts.map((_, i) => `d${String(i).padStart(3, '0')}.txt`),
    signature: async () => 'same',
    read: async (path) => {
      const i = Number(path.slice(1, 4));
      const text = texts[i] as string;
      const note = texts[(i * 7) % texts.length] as string;
      const annotations = i % 3 === 0 ? [{ id: 'a', type: 'entity' as const, label: 'X', start: 0, end: 1, text: text.slice(0, 1), note }] : [];
      return { text, sidecar: { status: 'todo', annotations }, signature: 'same' };
    },
    readText: async (path) => texts[Number(path.slice(1, 4))] as string,
  });
  /** The straightforward answer: MiniSearch's own search() of the same index, every match scored and sorted. */
  function reference(search: SearchService, query: string): { path: string; score: number }[] {
    const mini = (search as unknown as { mini: MiniSearch }).mini;
    const words = query.split(' ').filter((w) => !w.startsWith('-'));
    const excluded = query.split(' ').filter((w) => w.startsWith('-')).map((w) => w.slice(1));
    const tree: Query = { combineWith: 'AND', queries: words.map((w, i) => ({ combineWith: 'AND', queries: [i === words.length - 1 && !query.endsWith(' ') && !excluded.length ? { queries: [w], prefix: true } : w] })) };
    const results = mini.search(excluded.length ? { combineWith: 'AND_NOT', queries: [tree, ...excluded] } : tree);
    return results.map((r) => ({ path: r.id as string, score: Math.round(r.score * 1000) / 1000 }));
  }
  const queryOf = fc.oneof(
    fc.constantFrom(...vocabulary),
    fc.tuple(fc.constantFrom(...vocabulary), fc.constantFrom(...vocabulary)).map(([a, b]) => `${a} ${b}`),
    fc.tuple(fc.constantFrom(...vocabulary), fc.constantFrom(...vocabulary)).map(([a, b]) => `${a} -${b}`),
  );

  it('gives the first documents, their scores and the total of a full sort, for any limit', async () => {
    await fc.assert(
      fc.asyncProperty(corpusOf, fc.array(queryOf, { minLength: 1, maxLength: 4 }), fc.constantFrom(1, 3, 10, 50), async (texts, queries, limit) => {
        const search = new SearchService(source(texts.map((w) => w.join(' '))));
        await search.build();
        for (const query of queries) {
          const want = reference(search, query);
          const r = await search.search(query, { limit });
          expect(r.total, query).toBe(want.length);
          expect(r.results.map((x) => ({ path: x.path, score: x.score })), query).toEqual(want.slice(0, limit));
        }
        // After a document is replaced, MiniSearch keeps the old entry until it vacuums: the same answers then too.
        await search.updateDocument('d000.txt');
        for (const query of queries) {
          const want = reference(search, query);
          const r = await search.search(query, { limit });
          expect(r.total, query).toBe(want.length);
          expect(r.results.map((x) => ({ path: x.path, score: x.score })), query).toEqual(want.slice(0, limit));
        }
      }),
      { numRuns: 60, plugins: [PROPERTY_BUDGET] },
    );
  }, PROPERTY_TIMEOUT);
  it('ranks phrase matches in the order of the full list', async () => {
    await fc.assert(
      fc.asyncProperty(corpusOf, fc.constantFrom(...vocabulary), fc.constantFrom(...vocabulary), async (texts, a, b) => {
        const search = new SearchService(source(texts.map((w) => w.join(' '))));
        const all = await search.search(`"${a} ${b}"`, { limit: 500 });
        for (const limit of [1, 4, 25]) {
          const r = await search.search(`"${a} ${b}"`, { limit });
          expect(r.total).toBe(all.total);
          expect(paths(r)).toEqual(paths(all).slice(0, limit));
        }
      }),
      { numRuns: 40 },
    );
  });
});
