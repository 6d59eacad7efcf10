// Deterministic benchmark data: scales up the sample articles in
// ../shared/corpus/space-force-japan (read at run time, never copied into the
// repository) into a temporary folder:
//   articles/  a long article (1 MB, 5,000 annotations) and a medium one
//              (100 KB, 1,000 annotations): the corpus the renderer benches open;
//   corpus/    10,000 articles (~50 MB) with 200,000 annotations in total.
// Same seed and same sample articles give byte-identical files (see `digest`).
//
// Text: lines of the sample articles, some copied, some remixed with made-up
// names (so a search index sees a realistic vocabulary, not five articles'
// words), with astral, CJK, Korean, emoji and combining-mark snippets mixed in
// so that code-point offsets differ from UTF-16 ones. Some corpus documents use
// CRLF line endings or start with a BOM.
//
// Annotations: valid sidecars made with app/annotations createAnnotation and
// app/sidecar serializeSidecar; spans start and end on word boundaries, labels
// from resources/default-schema.json, about 10% nested inside another span and
// 5% overlapping one; claims carry stance/status and sometimes a claimant and
// a said-by relation.
//
//   npx tsx scripts/bench/generate.ts [--smoke] [--out DIR] [--seed N]
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createAnnotation } from '../../app/annotations';
import { LabelSchemaFileSchema } from '../../app/label-schema';
import { TextIndex } from '../../app/offsets';
import { parseSidecar, serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import {
  CLAIM_STATUSES,
  SIDECAR_FORMAT,
  SIDECAR_VERSION,
  STANCES,
  type Annotation,
  type DocumentStatus,
  type Relation,
  type Sidecar,
} from '../../app/sidecar/sidecar-schema';
import { Rng, SAMPLE_ARTICLES, TextMaker, WORD, readSampleLines } from './text-maker';

export { Rng, SAMPLE_ARTICLES, readSampleLines };

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const DEFAULT_SCHEMA = join(REPO_ROOT, 'resources/default-schema.json');
/** Every annotation gets the same timestamps, so the output does not depend on the clock. */
const FIXED_TIME = '2025-01-01T00:00:00.000Z';
export const DEFAULT_SEED = 20250101;

export interface BenchSizes {
  bigBytes: number;
  bigAnnotations: number;
  mediumBytes: number;
  mediumAnnotations: number;
  corpusDocs: number;
  corpusBytes: number;
  corpusAnnotations: number;
}

export const FULL_SIZES: BenchSizes = {
  bigBytes: 1024 * 1024,
  bigAnnotations: 5000,
  mediumBytes: 100 * 1024,
  mediumAnnotations: 1000,
  corpusDocs: 10_000,
  corpusBytes: 50 * 1024 * 1024,
  corpusAnnotations: 200_000,
};

/** Tiny sizes for the smoke run in `npm test`: it checks the script works, not how fast. */
export const SMOKE_SIZES: BenchSizes = {
  bigBytes: 24 * 1024,
  bigAnnotations: 120,
  mediumBytes: 8 * 1024,
  mediumAnnotations: 40,
  corpusDocs: 24,
  corpusBytes: 96 * 1024,
  corpusAnnotations: 480,
};

export interface GeneratedArticle {
  /** Relative to `articlesDir`. */
  path: string;
  bytes: number;
  codePoints: number;
  lines: number;
  annotations: number;
  /** Annotations nested inside, or overlapping, another one. */
  nested: number;
  overlapping: number;
  /** Code points outside the BMP (each is two UTF-16 units). */
  astral: number;
}

export interface GeneratedData {
  root: string;
  seed: number;
  sizes: BenchSizes;
  articlesDir: string;
  big: GeneratedArticle;
  medium: GeneratedArticle;
  corpusDir: string;
  corpus: { docs: number; bytes: number; sidecarBytes: number; annotations: number; relations: number; folders: number };
  /** SHA-256 over every generated file's path and bytes, in path order: equal digests mean identical data. */
  digest: string;
  /** Sidecars re-read with parseSidecar (schema, references) and checked against their text. */
  validated: number;
  generateMs: number;
}

/** sfc32: a small, fast, well-distributed seeded PRNG. */

const SCHEMA = LabelSchemaFileSchema.parse(JSON.parse(await readFile(DEFAULT_SCHEMA, 'utf8')));
const ENTITY_LABELS = SCHEMA.entityLabels.map((l) => l.name);
const CLAIM_LABEL = SCHEMA.claimLabels[0]?.name ?? 'CLAIM';
const ENTITY_WEIGHTS: [string, number][] = ENTITY_LABELS.map((name) => [
  name,
  name === 'PERSON' ? 5 : name === 'ORG' ? 4 : name === 'GPE' ? 4 : name === 'DATE' ? 2 : 1,
]);

interface Span {
  w0: number;
  w1: number; // inclusive word indices
  label: string;
  type: 'entity' | 'claim';
  kind: 'plain' | 'nested' | 'overlapping';
}

function randomId(rng: Rng, prefix: string, taken: Set<string>): string {
  for (;;) {
    let id = prefix;
    for (let i = 0; i < 10; i++) id += '0123456789abcdefghijklmnopqrstuvwxyz'[rng.int(36)];
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/** `count` annotations over `text` (and some relations), as a canonical sidecar. */
export function annotate(
  rng: Rng,
  text: string,
  sourceName: string,
  bytes: Uint8Array,
  count: number,
  status: DocumentStatus,
): { sidecar: Sidecar; nested: number; overlapping: number } {
  const index = new TextIndex(text);
  const words: { s: number; e: number; line: number }[] = [];
  for (const m of text.matchAll(WORD)) {
    const s = m.index;
    words.push({ s, e: s + m[0].length, line: index.lineAtUtf16(s) });
  }
  if (words.length === 0) throw new Error(`${sourceName} has no words to annotate`);
  const spans: Span[] = [];
  const seen = new Set<string>();
  const sameLine = (w0: number, w1: number) => w1 < words.length && words[w0]?.line === words[w1]?.line;
  const add = (span: Span): boolean => {
    if (span.w0 < 0 || span.w1 < span.w0 || !sameLine(span.w0, span.w1)) return false;
    const key = `${span.w0}:${span.w1}:${span.label}`;
    if (seen.has(key)) return false;
    seen.add(key);
    spans.push(span);
    return true;
  };
  let guard = 0;
  while (spans.length < count) {
    if (++guard > count * 50) throw new Error(`${sourceName}: cannot place ${count} annotations over ${words.length} words`);
    const claim = rng.chance(0.1);
    const label = claim ? CLAIM_LABEL : rng.weighted(ENTITY_WEIGHTS);
    const type = claim ? ('claim' as const) : ('entity' as const);
    const roll = rng.next();
    const host = spans.length > 0 ? rng.pick(spans) : undefined;
    if (host && roll < 0.1 && host.w1 > host.w0) {
      // Nested: a sub-range of another span's words.
      const w0 = rng.range(host.w0, host.w1);
      const w1 = rng.range(w0, host.w1);
      if (w0 === host.w0 && w1 === host.w1) continue;
      add({ w0, w1, label, type, kind: 'nested' });
    } else if (host && roll < 0.15 && host.w1 > host.w0) {
      // Overlapping: starts inside another span, after its first word, and ends after it.
      const w0 = rng.range(host.w0 + 1, host.w1);
      add({ w0, w1: host.w1 + rng.range(1, 3), label, type, kind: 'overlapping' });
    } else {
      const w0 = rng.int(words.length);
      const length = claim ? rng.range(6, 20) : rng.weighted([[1, 5], [2, 4], [3, 2], [4, 1]] as const);
      add({ w0, w1: w0 + length - 1, label, type, kind: 'plain' });
    }
  }

  const ids = new Set<string>();
  const annotations: Annotation[] = [];
  const persons: Annotation[] = [];
  const relations: Relation[] = [];
  const relationIds = new Set<string>();
  // In text order, so a claim's claimant can be a person mentioned before it.
  spans.sort((a, b) => a.w0 - b.w0 || a.w1 - b.w1);
  for (const span of spans) {
    const start = index.toCodePoint((words[span.w0] as { s: number }).s);
    const end = index.toCodePoint((words[span.w1] as { e: number }).e);
    const a = createAnnotation(index, { type: span.type, label: span.label, start, end, author: 'bench', now: FIXED_TIME, id: randomId(rng, 'a_', ids) });
    if (span.type === 'claim') {
      a.stance = rng.pick(STANCES);
      a.status = rng.pick(CLAIM_STATUSES);
      const claimant = persons.length > 0 && rng.chance(0.5) ? persons[persons.length - 1 - rng.int(Math.min(3, persons.length))] : undefined;
      if (claimant) {
        a.claimant = claimant.id;
        relations.push({ id: randomId(rng, 'r_', relationIds), type: 'said-by', from: a.id, to: claimant.id });
      }
    } else if (span.label === 'PERSON') persons.push(a);
    if (rng.chance(0.02)) a.note = 'checked against the wire copy';
    annotations.push(a);
  }
  const sidecar: Sidecar = {
    format: SIDECAR_FORMAT,
    version: SIDECAR_VERSION,
    source: { name: sourceName, sha256: createHash('sha256').update(bytes).digest('hex'), length: index.length },
    status,
    annotations,
    relations,
  };
  return {
    sidecar,
    nested: spans.filter((s) => s.kind === 'nested').length,
    overlapping: spans.filter((s) => s.kind === 'overlapping').length,
  };
}

function countAstral(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      n++;
      i++;
    }
  }
  return n;
}

/** Throws unless the sidecar parses, validates and matches its text. */
function validate(sidecarText: string, text: string, name: string): void {
  const parsed = parseSidecar(sidecarText);
  if (!parsed.ok) throw new Error(`generated sidecar for ${name} is invalid: ${parsed.message}`);
  const index = new TextIndex(text);
  for (const a of parsed.sidecar.annotations) {
    if (index.slice(a.start, a.end) !== a.text) throw new Error(`generated annotation ${a.id} in ${name} does not match its text`);
  }
}

interface Written {
  rel: string;
  bytes: Uint8Array;
}

async function writeAll(root: string, files: Written[]): Promise<void> {
  const dirs = new Set(files.map((f) => dirname(join(root, f.rel))));
  for (const d of dirs) await mkdir(d, { recursive: true });
  for (let i = 0; i < files.length; i += 64) {
    await Promise.all(files.slice(i, i + 64).map((f) => writeFile(join(root, f.rel), f.bytes)));
  }
}

function articleFiles(
  rng: Rng,
  maker: TextMaker,
  rel: string,
  size: number,
  count: number,
): { files: Written[]; info: GeneratedArticle; text: string; sidecarText: string } {
  const text = maker.text(size, '\n');
  const bytes = Buffer.from(text, 'utf8');
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  const { sidecar, nested, overlapping } = annotate(rng, text, name, bytes, count, 'in-progress');
  const sidecarText = serializeSidecar(sidecar);
  const index = new TextIndex(text);
  return {
    files: [
      { rel, bytes },
      { rel: sidecarNameFor(rel), bytes: Buffer.from(sidecarText, 'utf8') },
    ],
    info: { path: rel, bytes: bytes.length, codePoints: index.length, lines: index.lines.length, annotations: count, nested, overlapping, astral: countAstral(text) },
    text,
    sidecarText,
  };
}

/** Plans document sizes (summing to `total`) and annotation counts (summing to `annotations`). */
function plan(rng: Rng, docs: number, total: number, annotations: number): { bytes: number; annotations: number }[] {
  const weights = Array.from({ length: docs }, () => 0.3 + 1.4 * rng.next());
  const sum = weights.reduce((s, w) => s + w, 0);
  const sizes = weights.map((w) => Math.max(200, Math.round((w / sum) * total)));
  const exact = sizes.map((s) => (s / total) * annotations);
  const counts = exact.map(Math.floor);
  let left = annotations - counts.reduce((s, c) => s + c, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    counts[i] = (counts[i] as number) + 1;
  }
  return sizes.map((bytes, i) => ({ bytes, annotations: Math.max(1, counts[i] as number) }));
}

export async function generateBenchData(options: { out?: string; sizes?: BenchSizes; seed?: number; sampleDir?: string } = {}): Promise<GeneratedData> {
  const t0 = performance.now();
  const sizes = options.sizes ?? FULL_SIZES;
  const seed = options.seed ?? DEFAULT_SEED;
  const root = options.out ?? (await mkdtemp(join(tmpdir(), 'marginalia-bench-')));
  const lines = await readSampleLines(options.sampleDir);
  const rng = new Rng(seed);
  const maker = new TextMaker(rng, lines);
  const digest = createHash('sha256');
  const addToDigest = (prefix: string, files: Written[]) => {
    for (const f of files) digest.update(`${prefix}/${f.rel}\0`).update(f.bytes);
  };
  let validated = 0;

  const articlesDir = join(root, 'articles');
  const big = articleFiles(rng, maker, 'long-1mb-5000-annotations.txt', sizes.bigBytes, sizes.bigAnnotations);
  const medium = articleFiles(rng, maker, 'medium-100kb-1000-annotations.txt', sizes.mediumBytes, sizes.mediumAnnotations);
  for (const a of [big, medium]) {
    validate(a.sidecarText, a.text, a.info.path);
    validated++;
  }
  const articleFilesAll = [...big.files, ...medium.files];
  await writeAll(articlesDir, articleFilesAll);
  addToDigest('articles', articleFilesAll);

  const corpusDir = join(root, 'corpus');
  const perFolder = 100;
  const planned = plan(rng, sizes.corpusDocs, sizes.corpusBytes, sizes.corpusAnnotations);
  const corpus = { docs: 0, bytes: 0, sidecarBytes: 0, annotations: 0, relations: 0, folders: 0 };
  // Validate every sidecar in a small corpus, one in fifty in a large one (all are made the same way).
  const validateEvery = sizes.corpusDocs <= 200 ? 1 : 50;
  let batch: Written[] = [];
  for (let i = 0; i < planned.length; i++) {
    const p = planned[i] as { bytes: number; annotations: number };
    const crlf = i % 25 === 7;
    const bom = i % 50 === 13;
    const ext = i % 20 === 3 ? 'md' : 'txt';
    const rel = `batch-${String(Math.floor(i / perFolder)).padStart(3, '0')}/article-${String(i).padStart(5, '0')}.${ext}`;
    const text = maker.text(p.bytes, crlf ? '\r\n' : '\n');
    const bytes = Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
    const status = rng.weighted([['done', 3], ['in-progress', 2], ['todo', 1]] as const);
    const { sidecar } = annotate(rng, text, rel.slice(rel.lastIndexOf('/') + 1), bytes, p.annotations, status);
    const sidecarText = serializeSidecar(sidecar);
    if (i % validateEvery === 0) {
      validate(sidecarText, text, rel);
      validated++;
    }
    const sidecarBytes = Buffer.from(sidecarText, 'utf8');
    batch.push({ rel, bytes }, { rel: sidecarNameFor(rel), bytes: sidecarBytes });
    corpus.docs++;
    corpus.bytes += bytes.length;
    corpus.sidecarBytes += sidecarBytes.length;
    corpus.annotations += sidecar.annotations.length;
    corpus.relations += sidecar.relations.length;
    if (batch.length >= 400 || i === planned.length - 1) {
      await writeAll(corpusDir, batch);
      addToDigest('corpus', batch);
      batch = [];
    }
  }
  corpus.folders = Math.ceil(sizes.corpusDocs / perFolder);

  return {
    root,
    seed,
    sizes,
    articlesDir,
    big: big.info,
    medium: medium.info,
    corpusDir,
    corpus,
    digest: digest.digest('hex'),
    validated,
    generateMs: performance.now() - t0,
  };
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const args = process.argv.slice(2);
  const out = argValue(args, '--out');
  if (out) await mkdir(out, { recursive: true });
  const data = await generateBenchData({
    sizes: args.includes('--smoke') ? SMOKE_SIZES : FULL_SIZES,
    seed: Number(argValue(args, '--seed') ?? DEFAULT_SEED),
    ...(out ? { out: resolve(out) } : {}),
  });
  console.log(JSON.stringify(data, null, 2));
}
