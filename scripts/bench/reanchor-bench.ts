// Re-anchoring benchmark: seeded text edits of real articles, each
// annotation's true new place known, and every outcome of reanchor() sorted
// into correct / not placed (orphaned needlessly) / misplaced. Misplaced is
// the one that matters most: the analyst is told the tag is still right when
// it is on another mention. Run alone with `npm run bench -- --only reanchor`.
//
// Edits, one to three per case: the sentence holding a tag deleted (its tags
// have nowhere to go: correct is "not placed"), a sentence or a long passage of
// another article inserted (duplicated names, far moves), a word replaced just outside a
// tag, a letter or word changed inside a tag, the tagged name inserted in a
// new sentence elsewhere.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createAnnotation } from '../../app/annotations';
import { TextIndex } from '../../app/offsets';
import { reanchor } from '../../app/reanchor';
import type { Annotation } from '../../app/sidecar/sidecar-schema';
import type { Metric } from './metric';

/** mulberry32: small and seeded (generate.ts's Rng pulls in the whole data generator). */
class Rng {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

export interface ReanchorBenchResult {
  cases: number;
  /** Annotations scored (those an edit cut in part are left out: neither answer is clearly right). */
  scored: number;
  correct: number;
  notPlaced: number;
  misplaced: number;
  /** Of the misplaced, how many landed on a verbatim copy of the quote and its whole recorded context (a duplicated passage). */
  misplacedOnCopy: number;
  /** Of the correct ones, how many were rightly left unplaced (their text was deleted). */
  rightlyNotPlaced: number;
  examples: { onCopy: boolean; kind: string; text: string; placedOn?: string; expected?: string }[];
}

interface Edit {
  kind: string;
  at: number;
  remove: number;
  insert: string;
}

/** Code-point spans of capitalised names and of plain words: what analysts tag. */
function candidateSpans(text: string): { start: number; end: number }[] {
  const cps = [...text];
  const joined = cps.join('');
  const spans: { start: number; end: number }[] = [];
  const re = /\p{Lu}[\p{L}\p{M}.'’-]*(?:[ ]\p{Lu}[\p{L}\p{M}.'’-]*)*|\p{L}{5,}/gu;
  // Code-point offsets of UTF-16 positions (the corpus has BMP text only, but stay exact).
  const index = new TextIndex(joined);
  for (let m = re.exec(joined); m; m = re.exec(joined)) {
    const word = m[0].replace(/[.’'-]+$/u, '');
    if (word.length < 2) continue;
    spans.push({ start: index.toCodePoint(m.index), end: index.toCodePoint(m.index + word.length) });
  }
  return spans;
}

/** Sentence or line around a code-point offset: [start, end) in UTF-16 of `text`. */
function sentenceAround(text: string, u: number): [number, number] {
  let s = u;
  while (s > 0 && !/[.!?\n]/.test(text[s - 1] as string)) s--;
  while (s < u && /\s/.test(text[s] as string)) s++;
  let e = u;
  while (e < text.length && !/[.!?\n]/.test(text[e] as string)) e++;
  if (e < text.length && text[e] !== '\n') e++;
  while (e < text.length && text[e] === ' ') e++;
  return [s, e];
}

const REPLACEMENTS = ['officials', 'the agency', 'on Monday', 'reportedly', 'Tokyo', 'a spokesperson', 'analysts', 'again'];

function makeEdit(rng: Rng, text: string, other: string, target: { s: number; e: number; text: string }): Edit {
  const kind = ['delete-sentence', 'insert-sentence', 'insert-paragraph', 'edit-near', 'edit-inside', 'duplicate-name'][rng.int(6)] as string;
  if (kind === 'insert-paragraph') {
    // A long passage of another article (several hundred characters): everything after it moves far.
    const from = rng.int(Math.max(1, other.length - 600));
    const [s] = sentenceAround(other, from);
    const [, e] = sentenceAround(other, Math.min(other.length - 1, s + 400));
    const passage = other.slice(s, e).trim();
    const [at] = sentenceAround(text, rng.int(text.length));
    return { kind, at, remove: 0, insert: text.includes(passage) ? '' : `${passage}\n` };
  }
  if (kind === 'delete-sentence') {
    const [s, e] = sentenceAround(text, target.s);
    return { kind, at: s, remove: e - s, insert: '' };
  }
  if (kind === 'insert-sentence' || kind === 'duplicate-name') {
    // A sentence of another article: names they share come with other words around them. Never one
    // this text already holds (the corpus has a duplicated article): an exact copy of a tag's
    // sentence leaves nothing to tell the two places apart.
    let copied = '';
    for (let tries = 0; tries < 8 && (!copied || text.includes(copied)); tries++) {
      const [s, e] = sentenceAround(other, rng.int(other.length));
      copied = other.slice(s, e).trim();
    }
    if (text.includes(copied)) copied = `Officials commented on ${target.text} again.`;
    const sentence = kind === 'insert-sentence' ? copied : `A statement about ${target.text} was issued by ${REPLACEMENTS[rng.int(REPLACEMENTS.length)]}. `;
    const [at] = sentenceAround(text, rng.int(text.length));
    return { kind, at, remove: 0, insert: sentence.endsWith(' ') || sentence.endsWith('\n') ? sentence : `${sentence} ` };
  }
  if (kind === 'edit-near') {
    // Replace a word within 24 units before or after the tag, never touching it.
    const before = rng.next() < 0.5;
    const lo = before ? Math.max(0, target.s - 24) : target.e + 1;
    const hi = before ? target.s - 1 : Math.min(text.length, target.e + 24);
    const words = [...text.slice(lo, Math.max(lo, hi)).matchAll(/\p{L}+/gu)];
    const w = words.length ? words[rng.int(words.length)] : undefined;
    if (!w || w.index === undefined) return { kind, at: target.e, remove: 0, insert: '' };
    return { kind, at: lo + w.index, remove: w[0].length, insert: REPLACEMENTS[rng.int(REPLACEMENTS.length)] as string };
  }
  // edit-inside: one letter changed, or a word of a multi-word tag replaced.
  const inner = target.e - target.s;
  if (inner < 2) return { kind, at: target.e, remove: 0, insert: '' };
  const i = target.s + rng.int(inner);
  const c = text[i] as string;
  return { kind, at: i, remove: 1, insert: /\p{Lu}/u.test(c) ? c.toLowerCase() : c === 'e' ? 'a' : 'e' };
}

/** Where [s, e) (UTF-16) goes through an edit: moved, changed inside, or cut (null). */
function mapSpan(span: [number, number] | null, edit: Edit): [number, number] | null {
  if (!span) return null;
  const [s, e] = span;
  const end = edit.at + edit.remove;
  const shift = edit.insert.length - edit.remove;
  if (end <= s) return [s + shift, e + shift];
  if (edit.at >= e) return span;
  if (edit.kind === 'edit-inside' && edit.at >= s && end <= e) return [s, e + shift];
  return null;
}

export type PlacementScore = 'correct' | 'rightly-not-placed' | 'not-placed' | 'misplaced';

/**
 * One annotation's outcome against the truth (UTF-16 spans of the edited
 * text; null: its text was deleted). Placed anywhere but its true span is
 * misplaced, a deleted one placed included: the analyst would be told the tag
 * still holds.
 */
export function scorePlacement(truth: readonly [number, number] | null, placed: readonly [number, number] | undefined): PlacementScore {
  if (!placed) return truth ? 'not-placed' : 'rightly-not-placed';
  return truth && placed[0] === truth[0] && placed[1] === truth[1] ? 'correct' : 'misplaced';
}

/** The share of scored annotations misplaced (0..1): the figure held to <= 0.1 %. */
export function misplacedShare(r: Pick<ReanchorBenchResult, 'misplaced' | 'scored'>): number {
  return r.scored === 0 ? 0 : r.misplaced / r.scored;
}

export function runReanchorBench(options: { seed: number; cases: number; texts: readonly string[]; maxExamples?: number; trace?: (c: number, info: unknown) => void }): ReanchorBenchResult {
  const rng = new Rng(options.seed);
  const result: ReanchorBenchResult = { cases: options.cases, scored: 0, correct: 0, notPlaced: 0, misplaced: 0, misplacedOnCopy: 0, rightlyNotPlaced: 0, examples: [] };
  for (let c = 0; c < options.cases; c++) {
    const pick = rng.int(options.texts.length);
    const text = options.texts[pick] as string;
    const other = options.texts[(pick + 1 + rng.int(Math.max(1, options.texts.length - 1))) % options.texts.length] as string;
    const index = new TextIndex(text);
    const spans = candidateSpans(text);
    const annotations: Annotation[] = [];
    const taken = new Set<string>();
    for (let k = 0; k < 24 && spans.length; k++) {
      const sp = spans[rng.int(spans.length)] as { start: number; end: number };
      const key = `${sp.start}:${sp.end}`;
      if (taken.has(key)) continue;
      taken.add(key);
      annotations.push(createAnnotation(index, { type: 'entity', label: 'X', start: sp.start, end: sp.end, id: `a${k}`, now: '2026-01-01T00:00:00.000Z' }));
    }
    let edited = text;
    let truth = new Map(annotations.map((a) => [a.id, [index.toUtf16(a.start), index.toUtf16(a.end)] as [number, number] | null]));
    const cut = new Set<string>();
    const edits = 1 + rng.int(3);
    const kinds: string[] = [];
    for (let k = 0; k < edits; k++) {
      const alive = annotations.filter((a) => truth.get(a.id));
      const target = alive[rng.int(alive.length)];
      if (!target) break;
      const [s, e] = truth.get(target.id) as [number, number];
      const edit = makeEdit(rng, edited, other, { s, e, text: edited.slice(s, e) });
      kinds.push(edit.kind);
      edited = edited.slice(0, edit.at) + edit.insert + edited.slice(edit.at + edit.remove);
      const next = new Map<string, [number, number] | null>();
      for (const [id, span] of truth) {
        const mapped = mapSpan(span, edit);
        // Cut in part (not wholly inside the deleted text): left out of the score.
        if (span && !mapped && !(edit.at <= span[0] && edit.at + edit.remove >= span[1])) cut.add(id);
        next.set(id, mapped);
      }
      truth = next;
    }
    const newIndex = new TextIndex(edited);
    const { annotations: placed, report } = reanchor(newIndex, { annotations });
    options.trace?.(c, { annotations, report, truth, kinds, edited });
    const where = new Map(placed.map((a) => [a.id, [newIndex.toUtf16(a.start), newIndex.toUtf16(a.end)] as [number, number]]));
    for (const a of annotations) {
      if (cut.has(a.id)) continue;
      result.scored++;
      const t = truth.get(a.id) ?? null;
      const p = where.get(a.id);
      const outcome = scorePlacement(t, p);
      if (outcome === 'not-placed') result.notPlaced++;
      else if (outcome === 'rightly-not-placed') {
        result.correct++;
        result.rightlyNotPlaced++;
      } else if (outcome === 'correct') result.correct++;
      else if (p) {
        result.misplaced++;
        const b = newIndex.toCodePoint(p[0]);
        const f = newIndex.toCodePoint(p[1]);
        const onCopy = newIndex.slice(Math.max(0, b - a.prefix.length), b) === a.prefix && newIndex.slice(f, f + a.suffix.length) === a.suffix;
        if (onCopy) result.misplacedOnCopy++;
        if (result.examples.length < (options.maxExamples ?? 40)) {
          const around = (s: number, e: number) => `${edited.slice(Math.max(0, s - 20), s)}[${edited.slice(s, e)}]${edited.slice(e, e + 20)}`;
          result.examples.push({ onCopy, kind: `case ${c}: ${kinds.join(", ")}`, text: a.text, placedOn: around(p[0], p[1]), ...(t ? { expected: around(t[0], t[1]) } : {}) });
        }
      }
    }
  }
  return result;
}

/** The articles the benchmark edits: the shared sample corpus (read in place, never copied into the project). */
export function benchTexts(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.txt'))
    .sort()
    .map((n) => readFileSync(join(dir, n), 'utf8'));
}

/** The benchmark as `npm run bench` runs it: the shared sample corpus, 400 cases (40 with --smoke). */
export function benchReanchor(options: { seed: number; smoke: boolean }): ReanchorBenchResult & { ms: number } {
  const dir = resolve(import.meta.dirname, '../../../shared/corpus/space-force-japan');
  const t0 = performance.now();
  const result = runReanchorBench({ seed: options.seed, cases: options.smoke ? 40 : 400, texts: benchTexts(dir), maxExamples: 20 });
  return { ...result, ms: Math.round(performance.now() - t0) };
}

const percent = (n: number, of: number): number => Math.round((n / Math.max(1, of)) * 10000) / 100;

/** Rows of the bench report. */
export function reanchorMetrics(r: ReanchorBenchResult & { ms: number }): Metric[] {
  const of = `of ${r.scored} annotations in ${r.cases} edited articles`;
  return [
    { id: 'reanchor.misplaced', name: `Re-anchoring: misplaced (${of})`, value: percent(r.misplaced, r.scored), unit: '%', target: '<= 0.1 %', pass: misplacedShare(r) <= 0.001, note: `${r.misplaced} misplaced, ${r.misplacedOnCopy} of them onto a verbatim copy of their quote and whole context (a duplicated passage)` },
    { id: 'reanchor.misplaced-not-copy', name: 'Re-anchoring: misplaced, not onto a verbatim copy', value: percent(r.misplaced - r.misplacedOnCopy, r.scored), unit: '%', target: null, pass: null },
    { id: 'reanchor.not-placed', name: 'Re-anchoring: not placed though their text is still there', value: percent(r.notPlaced, r.scored), unit: '%', target: null, pass: null },
    { id: 'reanchor.correct', name: 'Re-anchoring: correct (placed right, or not placed as their text was deleted)', value: percent(r.correct, r.scored), unit: '%', target: null, pass: null, note: `${r.rightlyNotPlaced} rightly not placed` },
    { id: 'reanchor.ms', name: 'Re-anchoring benchmark time', value: r.ms, unit: 'ms', target: null, pass: null },
  ];
}
