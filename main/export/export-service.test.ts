// Every format exported from the real corpora (the bundled sample corpus, and
// the shared news articles when they are there), parsed back by the test and
// checked against the source text at each format's offsets.
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../app/formats/csv';
import { TOKEN_SPACE } from '../../app/formats/tokenize';
import { serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import type { Sidecar } from '../../app/sidecar/sidecar-schema';
import { CorpusService } from '../corpus/corpus-service';
import { decodeDocument } from '../corpus/decode';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { defaultBase, exportCorpus, ExportOptionsError, type ExportOptions } from './export-service';
import { annotateCorpus, copyCorpus, cpSlice, hasSharedCorpus, SHARED_CORPUS_TITLE, SAMPLE_CORPUS, SHARED_CORPUS } from './test-corpus';

afterEach(cleanupTempDirs);

async function source(dir: string, path: string): Promise<string> {
  return decodeDocument(await readFile(join(dir, ...path.split('/'))), path);
}

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(dir, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, path)));
    else out.push(path);
  }
  return out.sort();
}

async function run(dir: string, options: Partial<ExportOptions> & Pick<ExportOptions, 'format' | 'out'>) {
  return exportCorpus(await CorpusService.open(dir), options);
}

type Docs = Map<string, { text: string; sidecar: Sidecar }>;

/** Parses each format's output back and checks every span against the source, in the format's own unit. */
const checks: Record<string, (out: string, dir: string, docs: Docs) => Promise<void>> = {
  async jsonl(out, dir, docs) {
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.meta.path)).toEqual([...docs.keys()]);
    for (const line of lines) {
      const text = await source(dir, line.meta.path);
      expect(line.text).toBe(text);
      expect(line.spans.length).toBe(docs.get(line.meta.path)?.sidecar.annotations.length);
      for (const s of line.spans) expect(cpSlice(text, s.start, s.end)).toBe(s.text);
    }
  },
  async doccano(out, dir, docs) {
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l));
    for (const line of lines) {
      const text = await source(dir, line.path);
      const expected = (docs.get(line.path)?.sidecar.annotations ?? []).map((a) => `${a.label}:${a.text}`).sort();
      // doccano counts UTF-16 code units, as JavaScript's String.slice does.
      expect(line.entities.map((e: { label: string; start_offset: number; end_offset: number }) => `${e.label}:${text.slice(e.start_offset, e.end_offset)}`).sort()).toEqual(expected);
    }
  },
  async conll(out, dir, docs) {
    const chunks = (await readFile(out, 'utf8')).split('-DOCSTART- -X- O O\n').slice(1);
    expect(chunks.length).toBe(docs.size);
    let i = 0;
    for (const path of docs.keys()) {
      const rows = (chunks[i++] as string).split('\n').filter((l) => l !== '').map((l) => l.split(' '));
      for (const r of rows) expect(r.length).toBe(4);
      const text = await source(dir, path);
      expect(rows.map((r) => r[0]).join('')).toBe(Array.from(text).filter((c) => !TOKEN_SPACE.test(c)).join(''));
      const tagged = rows.filter((r) => r[3] !== 'O').length;
      expect(tagged).toBeGreaterThan(0);
    }
  },
  async brat(out, dir, docs) {
    const files = await listFiles(out);
    expect(files).toContain('annotation.conf');
    expect(files).toContain('visual.conf');
    for (const [path, { sidecar }] of docs) {
      const base = path.endsWith('.txt') ? path.slice(0, -4) : path;
      const txt = await readFile(join(out, `${base}.txt`), 'utf8');
      const text = await source(dir, path);
      expect(txt).toBe(text.replace(/\r\n?/g, '\n'));
      const ann = await readFile(join(out, `${base}.ann`), 'utf8');
      const tLines = ann.split('\n').filter((l) => l.startsWith('T'));
      expect(tLines.length).toBe(sidecar.annotations.length);
      for (const line of tLines) {
        const [, typeAndOffsets] = line.split('\t') as [string, string];
        const quote = line.slice(line.indexOf('\t', line.indexOf('\t') + 1) + 1);
        const fragments = typeAndOffsets.slice(typeAndOffsets.indexOf(' ') + 1).split(';').map((f) => f.split(' ').map(Number) as [number, number]);
        expect(fragments.map(([s, e]) => cpSlice(txt, s, e)).join(' ')).toBe(quote);
      }
    }
    const conf = await readFile(join(out, 'annotation.conf'), 'utf8');
    for (const section of ['[entities]', '[relations]', '[events]', '[attributes]']) expect(conf).toContain(section);
  },
  async labelstudio(out, dir, docs) {
    const tasks = JSON.parse(await readFile(out, 'utf8'));
    expect(tasks.length).toBe(docs.size);
    for (const task of tasks) {
      const text = await source(dir, task.data.path);
      expect(task.data.text).toBe(text);
      const regions = task.annotations[0].result.filter((r: { type: string }) => r.type === 'labels');
      expect(regions.length).toBe(docs.get(task.data.path)?.sidecar.annotations.length);
      for (const r of regions) expect(cpSlice(text, r.value.start, r.value.end)).toBe(r.value.text);
    }
    expect(existsSync(out.replace(/\.json$/, '.label-config.xml'))).toBe(true);
  },
  async w3c(out, dir, docs) {
    const collection = JSON.parse(await readFile(out, 'utf8'));
    expect(collection['@context']).toBe('http://www.w3.org/ns/anno.jsonld');
    expect(collection.type).toBe('AnnotationCollection');
    const items = collection.first.items;
    expect(collection.total).toBe(items.length);
    const spans = items.filter((i: { motivation: string }) => i.motivation !== 'linking');
    expect(spans.length).toBe([...docs.values()].reduce((n, d) => n + d.sidecar.annotations.length, 0));
    // Absolute IRIs: the default base names the corpus.
    const base = defaultBase(basename(dir));
    expect(collection.id.startsWith(base)).toBe(true);
    for (const item of spans) {
      expect(item.target.source.startsWith(base)).toBe(true);
      const text = await source(dir, decodeURIComponent(item.target.source.slice(base.length)));
      const [quote, position] = item.target.selector;
      expect(quote.type).toBe('TextQuoteSelector');
      expect(position.type).toBe('TextPositionSelector');
      expect(cpSlice(text, position.start, position.end)).toBe(quote.exact);
      expect(cpSlice(text, position.start - Array.from(quote.prefix).length, position.start)).toBe(quote.prefix);
    }
  },
  async csv(out, dir, docs) {
    const [header, ...rows] = parseCsv(await readFile(out, 'utf8'));
    expect(header?.[0]).toBe('document');
    const col = (n: string) => (header as string[]).indexOf(n);
    expect(rows.length).toBe([...docs.values()].reduce((n, d) => n + d.sidecar.annotations.filter((a) => a.type === 'claim').length, 0));
    for (const row of rows) {
      const text = await source(dir, row[col('document')] as string);
      expect(cpSlice(text, Number(row[col('start')]), Number(row[col('end')]))).toBe(row[col('claim_text')]);
    }
  },
  async claimreview(out, _dir, docs) {
    const reviews = JSON.parse(await readFile(out, 'utf8')) as { '@type': string; claimReviewed: string; reviewRating: { ratingValue?: number } }[];
    const claims = [...docs.values()].flatMap((d) => d.sidecar.annotations.filter((a) => a.type === 'claim' && a.status !== undefined && a.status !== 'unverified'));
    expect(reviews.length).toBe(claims.length);
    expect(reviews.map((r) => r.claimReviewed).sort()).toEqual(claims.map((c) => c.text).sort());
    for (const r of reviews) expect(r['@type']).toBe('ClaimReview');
  },
  async fever(out, _dir, docs) {
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { claim: string; label: string });
    const claims = [...docs.values()].flatMap((d) => d.sidecar.annotations.filter((a) => a.type === 'claim'));
    expect(lines.map((l) => l.claim).sort()).toEqual(claims.map((c) => c.text).sort());
    for (const l of lines) expect(['SUPPORTS', 'REFUTES', 'NOT ENOUGH INFO']).toContain(l.label);
  },
};

const FILE_NAMES: Record<string, string> = {
  jsonl: 'out.jsonl', doccano: 'out.jsonl', conll: 'out.conll', brat: 'brat', labelstudio: 'out.json', w3c: 'out.jsonld', csv: 'out.csv',
  claimreview: 'out.jsonld', fever: 'out.jsonl',
};

describe.each([
  ['the sample corpus', SAMPLE_CORPUS, true],
  [SHARED_CORPUS_TITLE, SHARED_CORPUS, hasSharedCorpus],
])('every format on %s', (_name, corpus, available) => {
  it.skipIf(!available).each(Object.keys(checks))('%s parses back with offsets matching the source', async (format) => {
    const dir = await copyCorpus(corpus);
    const docs = await annotateCorpus(dir);
    const outDir = await makeTempDir();
    const out = join(outDir, FILE_NAMES[format] as string);
    const report = await run(dir, { format: format as ExportOptions['format'], out });
    expect(report.problems).toEqual([]);
    expect(report.documents).toBe(docs.size);
    await (checks[format] as (out: string, dir: string, docs: Docs) => Promise<void>)(out, dir, docs);
    // Nothing half-written is left behind.
    expect((await listFiles(outDir)).some((f) => f.includes('.partial-'))).toBe(false);
  });
});

describe('exportCorpus options', () => {
  it('splits by document, reproducibly with the same seed, differently with another', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    await annotateCorpus(dir);
    const out = async (seed: number) => {
      const o = await makeTempDir();
      const report = await run(dir, { format: 'jsonl', out: o, split: [50, 25, 25], seed });
      const parts: Record<string, string[]> = {};
      for (const name of ['train', 'dev', 'test']) {
        const text = await readFile(join(o, `${name}.jsonl`), 'utf8');
        parts[name] = text.trimEnd().split('\n').filter((l) => l).map((l) => JSON.parse(l).meta.path);
      }
      return { parts, report };
    };
    const a = await out(1);
    const b = await out(1);
    const c = await out(2);
    expect(a.parts).toEqual(b.parts);
    expect(a.parts).not.toEqual(c.parts);
    expect([...a.parts.train!, ...a.parts.dev!, ...a.parts.test!].sort()).toHaveLength(6);
    expect(a.parts.train).toHaveLength(3);
    expect(a.report.parts.map((p) => p.name)).toEqual(['train', 'dev', 'test']);
  });

  it('brat with a split writes one folder per part, each with its annotation.conf', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    await annotateCorpus(dir);
    const o = await makeTempDir();
    await run(dir, { format: 'brat', out: o, split: [80, 10, 10], seed: 3 });
    const files = await listFiles(o);
    for (const part of ['train', 'dev', 'test']) expect(files).toContain(`${part}/annotation.conf`);
    expect(files.filter((f) => f.endsWith('.ann'))).toHaveLength(6);
  });

  it('filters by document status and by label, dropping relations that lose an end', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    const docs = await annotateCorpus(dir);
    const o = join(await makeTempDir(), 'done.jsonl');
    const report = await run(dir, { format: 'jsonl', out: o, status: ['done'], labels: ['PERSON', 'ORG'] });
    const done = [...docs].filter(([, d]) => d.sidecar.status === 'done').map(([p]) => p);
    const lines = (await readFile(o, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.meta.path)).toEqual(done);
    for (const line of lines) {
      for (const s of line.spans) expect(['PERSON', 'ORG']).toContain(s.label);
      const ids = new Set(line.spans.map((s: { id: string }) => s.id));
      for (const r of line.relations) expect(ids.has(r.from) && ids.has(r.to)).toBe(true);
    }
    expect(report.documents).toBe(done.length);
  });

  it('conll tags claims only when the label filter names them', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    await annotateCorpus(dir);
    const o = join(await makeTempDir(), 'claims.conll');
    const report = await run(dir, { format: 'conll', out: o, labels: ['CLAIM'] });
    const text = await readFile(o, 'utf8');
    expect(text).toContain(' B-CLAIM\n');
    expect(report.warnings.join('\n')).not.toMatch(/claims? not exported/);
  });

  it('leaves out annotations whose text no longer matches the source, and says so', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    const docs = await annotateCorpus(dir);
    const [path, { sidecar }] = [...docs][0] as [string, { text: string; sidecar: Sidecar }];
    const broken = { ...sidecar, annotations: sidecar.annotations.map((a, i) => (i === 0 ? { ...a, text: `${a.text}x` } : a)) };
    await writeFile(join(dir, sidecarNameFor(path)), serializeSidecar(broken));
    await writeFile(join(dir, 'culture', sidecarNameFor('05-rising-water-photo-exhibition.txt')), '{ not json');
    const o = join(await makeTempDir(), 'x.jsonl');
    const report = await run(dir, { format: 'jsonl', out: o });
    expect(report.problems).toHaveLength(2);
    expect(report.problems[0]).toContain(path);
    expect(report.problems[0]).toContain(sidecar.annotations[0]?.id);
    expect(report.problems[1]).toMatch(/culture\/05-rising-water-photo-exhibition\.txt: not exported: .*not valid JSON/);
    expect(report.documents).toBe(5);
  });

  it('one invalid annotation (a zero-length span) leaves out that annotation only, naming the file and the annotation', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    const docs = await annotateCorpus(dir);
    const [path, { sidecar }] = [...docs][0] as [string, { text: string; sidecar: Sidecar }];
    const first = sidecar.annotations[0] as Sidecar['annotations'][number];
    const broken = { ...sidecar, annotations: sidecar.annotations.map((a, i) => (i === 0 ? { ...a, end: a.start, text: '' } : a)) };
    await writeFile(join(dir, sidecarNameFor(path)), JSON.stringify(broken));
    for (const workers of [0, 2]) {
      const o = join(await makeTempDir(), 'x.jsonl');
      const report = await run(dir, { format: 'jsonl', out: o, workers });
      expect(report.documents).toBe(docs.size);
      expect(report.problems[0]).toBe(`${path}: annotation ${first.id} (${first.label}): end: end must be greater than start; not exported`);
      // Relations to it go with it, each named.
      for (const p of report.problems.slice(1)) expect(p).toMatch(new RegExp(`^${path}: relation \\S+ \\(.+\\): one of its ends was left out; not exported$`));
      expect(report.problems.length).toBe(1 + sidecar.relations.filter((r) => r.from === first.id || r.to === first.id).length);
      const line = (await readFile(o, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l)).find((l) => l.meta.path === path);
      expect(line.spans.length).toBe(sidecar.annotations.length - 1);
    }
  });

  it('w3c: --base makes the ids; a base that is not an absolute IRI is refused', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    await annotateCorpus(dir);
    const o = join(await makeTempDir(), 'x.jsonld');
    await run(dir, { format: 'w3c', out: o, base: 'https://example.org/corpus/' });
    const collection = JSON.parse(await readFile(o, 'utf8'));
    expect(collection.id).toMatch(/^https:\/\/example\.org\/corpus\/annotations/);
    for (const item of collection.first.items) expect(item.id).toMatch(/^https:\/\/example\.org\/corpus\/.+\.annotations\.json#/);
    await expect(run(dir, { format: 'w3c', out: o, base: 'corpus/' })).rejects.toThrow(ExportOptionsError);
  });

  it('refuses an output inside the corpus, an unknown format or status', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    await expect(run(dir, { format: 'brat', out: join(dir, 'brat') })).rejects.toThrow(ExportOptionsError);
    await expect(run(dir, { format: 'xml' as ExportOptions['format'], out: '/tmp/x' })).rejects.toThrow(/unknown format/);
    await expect(run(dir, { format: 'jsonl', out: join(await makeTempDir(), 'x'), status: ['finished' as 'done'] })).rejects.toThrow(/unknown status/);
    // A dot-folder inside the corpus is not scanned, so it is allowed.
    const report = await run(dir, { format: 'jsonl', out: join(dir, '.exports', 'x.jsonl') });
    expect(report.documents).toBe(6);
  });

  it('writes into a folder named by --out for a file format, and reports progress', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    const o = await makeTempDir();
    const seen: [number, number][] = [];
    const report = await exportCorpus(await CorpusService.open(dir), { format: 'csv', out: o }, (d, t) => seen.push([d, t]));
    expect(report.files).toEqual([join(o, `${(await CorpusService.open(dir)).name}.csv`)]);
    expect(seen.at(-1)).toEqual([6, 6]);
  });

  it('stops when aborted and leaves no partial file under the name asked for', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    await annotateCorpus(dir);
    const outDir = await makeTempDir();
    const controller = new AbortController();
    const promise = exportCorpus(await CorpusService.open(dir), { format: 'jsonl', out: join(outDir, 'x.jsonl') }, (done) => {
      if (done === 2) controller.abort();
    }, controller.signal);
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(await listFiles(outDir)).toEqual([]);
  });
});
