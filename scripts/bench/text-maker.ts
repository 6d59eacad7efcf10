// The bench's random source (seeded, so every run generates the same data) and
// the text it writes: sentences of the sample articles recombined, with
// made-up names, scaled to any size.
import { readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const SAMPLE_ARTICLES = resolve(REPO_ROOT, '../shared/corpus/space-force-japan');

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    return (items[items.length - 1] as readonly [T, number])[0];
  }
}

/**
 * Snippets in other scripts, mixed into the text: astral ideographs (𠮷),
 * Japanese, Chinese, Korean, emoji (one a ZWJ sequence with a skin tone),
 * mathematical bold letters, and Vietnamese with a combining acute.
 */
export const SNIPPETS = [
  '𠮷田遥 (Yoshida Haruka) spoke for 宇宙作戦群 in Fuchū.',
  'Seoul’s 우주항공청 (KASA) said the 한국어 briefing would follow. 🛰️',
  'State media (澎湃新闻, 新华社) called it 太空合作 — a “space partnership”.',
  'The crew patch shows 👩🏽‍🚀 and 🚀 beside the motto 𝐒𝐩𝐚𝐜𝐞 𝐟𝐨𝐫 𝐀𝐥𝐥.',
  'Analyst Võ Thanh Tu\u0301 (Đà Nẵng) counted 𝟑 launches in 𝟐𝟎𝟐𝟒.',
  'Officials in 東京 and 北京 traded statements; 𩸽 and 𠀋 appear in the names list.',
];

const SYLLABLES = ['ka', 'ri', 'to', 'men', 'sa', 'lo', 'vi', 'dra', 'nor', 'quel', 'shi', 'ban', 'tor', 'el', 'mu', 'zan', 'pe', 'gro', 'lin', 'hal'];

export function madeUpName(rng: Rng): string {
  let s = '';
  const n = rng.range(2, 4);
  for (let i = 0; i < n; i++) s += rng.pick(SYLLABLES);
  return s[0]?.toUpperCase() + s.slice(1);
}

/** The sample articles' lines (BOM dropped, empty lines skipped), in file order. */
export async function readSampleLines(folder = SAMPLE_ARTICLES): Promise<string[]> {
  const names = (await readdir(folder)).filter((n) => n.endsWith('.txt')).sort();
  if (names.length === 0) throw new Error(`no .txt articles in ${folder}: the benchmark scales those up`);
  const lines: string[] = [];
  for (const name of names) {
    const text = (await readFile(join(folder, name), 'utf8')).replace(/^\uFEFF/, '');
    for (const line of text.split(/\r\n|\n|\r/)) if (line.trim()) lines.push(line);
  }
  return lines;
}

export const WORD = /[\p{L}\p{M}\p{N}]+(?:['’.-][\p{L}\p{M}\p{N}]+)*/gu;

export class TextMaker {
  private readonly names: string[];

  constructor(
    private readonly rng: Rng,
    private readonly lines: readonly string[],
  ) {
    // A pool of made-up names, so the vocabulary grows with the corpus as real news does.
    this.names = Array.from({ length: 4000 }, () => madeUpName(rng));
  }

  private line(): string {
    const rng = this.rng;
    const source = rng.pick(this.lines);
    let line = source;
    if (rng.chance(0.6)) {
      // Remix: replace some capitalised words with made-up names.
      line = source.replace(WORD, (w) => (/^\p{Lu}/u.test(w) && rng.chance(0.35) ? rng.pick(this.names) : w));
    }
    if (rng.chance(0.12)) {
      const snippet = rng.pick(SNIPPETS);
      line = rng.chance(0.5) ? `${snippet} ${line}` : `${line} ${snippet}`;
    }
    return line;
  }

  /** Whole lines joined by `eol`, as close to `bytes` bytes of UTF-8 as whole lines allow (at least one line). */
  text(bytes: number, eol: string): string {
    const parts: string[] = [];
    let size = 0;
    while (size < bytes) {
      const line = this.line();
      const next = size + Buffer.byteLength(line) + (parts.length > 0 ? eol.length : 0);
      // Stop short rather than overshoot by more than half a line.
      if (parts.length > 0 && next - bytes > bytes - size) break;
      parts.push(line);
      size = next;
    }
    return parts.join(eol);
  }
}
