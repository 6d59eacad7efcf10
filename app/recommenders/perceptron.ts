// A tagger trained on the corpus's own annotations: an averaged perceptron
// over token features, predicting BIO tags greedily left to right (the model
// of spaCy v1's and NLTK's taggers; small, fast to train in a worker, and
// with no downloaded weights). Pure: tokens in, spans out.
import { tokenize, type Token } from '../formats/tokenize';
import type { Recommendation, TrainingDocument } from './types';
import { mulberry32 } from '../seeded-random';

const OUTSIDE = 'O';

/** The word's shape: Xxxx, dd, X.X. — capitals, digits and punctuation are what tell names apart. */
export function wordShape(word: string): string {
  let shape = '';
  for (const ch of word) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    // Case tells letters (of cased scripts) apart without a Unicode-property regex per character.
    const c = lower !== upper ? (ch === upper ? 'X' : 'x') : ch >= '0' && ch <= '9' ? 'd' : /\p{L}/u.test(ch) ? 'L' : ch;
    if (!shape.endsWith(c + c)) shape += c; // runs longer than two collapse: Xxxxx → Xxx
  }
  return shape;
}

/** A line's words with what the features need of each, computed once. */
export interface LineWords {
  words: readonly string[];
  lower: readonly string[];
  shape: readonly string[];
}

const shapes = new Map<string, string>();

export function lineWords(words: readonly string[]): LineWords {
  return {
    words,
    lower: words.map((w) => w.toLowerCase()),
    shape: words.map((w) => {
      let s = shapes.get(w);
      if (s === undefined) {
        s = wordShape(w);
        if (shapes.size > 100_000) shapes.clear();
        shapes.set(w, s);
      }
      return s;
    }),
  };
}

/** The features of token `i` given the tag chosen for the one before it. */
export function tokenFeatures(line: LineWords, i: number, previousTag: string): string[] {
  const lower = line.lower[i] as string;
  const shape = line.shape[i] as string;
  const prev = i > 0 ? (line.lower[i - 1] as string) : '<s>';
  const next = i + 1 < line.words.length ? (line.lower[i + 1] as string) : '</s>';
  const prevShape = i > 0 ? (line.shape[i - 1] as string) : '<s>';
  const nextShape = i + 1 < line.words.length ? (line.shape[i + 1] as string) : '</s>';
  return [
    'bias',
    `w=${lower}`,
    `shape=${shape}`,
    `suf3=${lower.slice(-3)}`,
    `pre3=${lower.slice(0, 3)}`,
    `pw=${prev}`,
    `nw=${next}`,
    `pshape=${prevShape}`,
    `nshape=${nextShape}`,
    `pt=${previousTag}`,
    `pt+w=${previousTag}|${lower}`,
    `pt+shape=${previousTag}|${shape}`,
    `first=${i === 0 || prev === '.' || prev === '"' || prev === '“' || prev === ':' || prev === '!' || prev === '?'}`,
  ];
}

/** Token-level BIO tags of a document's spans (a token belongs to the first span covering its start). */
export function bioTags(tokens: readonly Token[], spans: TrainingDocument['spans']): string[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const tags = new Array<string>(tokens.length).fill(OUTSIDE);
  let s = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    while (s < sorted.length && (sorted[s]?.end as number) <= t.start) s++;
    const span = sorted[s];
    if (!span || span.start > t.start || t.end > span.end) continue;
    const prevTok = tokens[i - 1];
    const inside = prevTok !== undefined && prevTok.start >= span.start && tags[i - 1] !== OUTSIDE;
    tags[i] = `${inside ? 'I' : 'B'}-${span.label}`;
  }
  return tags;
}

export interface TaggerModel {
  readonly tags: readonly string[];
  /** Averaged weights: feature → one weight per tag (in `tags` order). */
  readonly weights: ReadonlyMap<string, Float64Array>;
}

function scoresOf(weights: ReadonlyMap<string, Float64Array>, features: readonly string[], size: number): Float64Array {
  const scores = new Float64Array(size);
  for (const f of features) {
    const row = weights.get(f);
    if (!row) continue;
    for (let t = 0; t < size; t++) scores[t] = (scores[t] as number) + (row[t] as number);
  }
  return scores;
}

/** For each tag index, the label of a B-/I- tag ('' for O), and whether it is an I- tag. */
interface TagInfo {
  label: string[];
  inside: boolean[];
}

function tagInfo(tags: readonly string[]): TagInfo {
  return { label: tags.map((t) => (t === OUTSIDE ? '' : t.slice(2))), inside: tags.map((t) => t.startsWith('I-')) };
}

/** The best tag allowed after `previous` (I-X only after B-X or I-X), and the margin over the runner-up. */
function best(scores: Float64Array, info: TagInfo, previous: number): { tag: number; margin: number } {
  let top = -1;
  let value = -Infinity;
  let second = -Infinity;
  const previousLabel = previous < 0 ? '' : (info.label[previous] as string);
  for (let t = 0; t < scores.length; t++) {
    if (info.inside[t] && info.label[t] !== previousLabel) continue;
    const v = scores[t] as number;
    if (v > value) {
      second = value;
      top = t;
      value = v;
    } else if (v > second) second = v;
  }
  return { tag: top, margin: second === -Infinity ? 0 : value - second };
}


interface Example {
  words: string[];
  tags: string[];
}

export function examplesOf(docs: readonly TrainingDocument[]): Example[] {
  const out: Example[] = [];
  for (const doc of docs) {
    // One example per line: news paragraphs are short, and lines bound the greedy decoding's context.
    const tokens = tokenize(doc.text);
    const tags = bioTags(tokens, doc.spans);
    let line: Example = { words: [], tags: [] };
    let lastTo = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      if (line.words.length && /[\n\r]/.test(doc.text.slice(lastTo, t.from))) {
        out.push(line);
        line = { words: [], tags: [] };
      }
      line.words.push(doc.text.slice(t.from, t.to));
      line.tags.push(tags[i] as string);
      lastTo = t.to;
    }
    if (line.words.length) out.push(line);
  }
  return out;
}

/** Trains an averaged perceptron on the documents' spans (`epochs` passes, shuffled with `seed`). */
export function trainTagger(docs: readonly TrainingDocument[], options: { epochs?: number; seed?: number } = {}): TaggerModel {
  const examples = examplesOf(docs);
  const tagSet = new Set<string>([OUTSIDE]);
  for (const e of examples) for (const t of e.tags) tagSet.add(t);
  const tags = [...tagSet].sort();
  const size = tags.length;
  const indexOf = new Map(tags.map((t, i) => [t, i]));
  const info = tagInfo(tags);
  // Current weights, their running totals and when each was last changed (the averaging trick).
  const weights = new Map<string, Float64Array>();
  const totals = new Map<string, Float64Array>();
  const stamps = new Map<string, Float64Array>();
  let step = 0;
  const update = (feature: string, tag: number, delta: number) => {
    let row = weights.get(feature);
    if (!row) {
      row = new Float64Array(size);
      weights.set(feature, row);
      totals.set(feature, new Float64Array(size));
      stamps.set(feature, new Float64Array(size));
    }
    const total = totals.get(feature) as Float64Array;
    const stamp = stamps.get(feature) as Float64Array;
    total[tag] = (total[tag] as number) + (step - (stamp[tag] as number)) * (row[tag] as number);
    stamp[tag] = step;
    row[tag] = (row[tag] as number) + delta;
  };
  const random = mulberry32(options.seed ?? 1);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < (options.epochs ?? 5); epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const index of order) {
      const { words, tags: gold } = examples[index] as Example;
      const line = lineWords(words);
      let previous = indexOf.get(OUTSIDE) as number;
      for (let i = 0; i < words.length; i++) {
        step++;
        const features = tokenFeatures(line, i, tags[previous] as string);
        const guess = best(scoresOf(weights, features, size), info, previous).tag;
        const truth = indexOf.get(gold[i] as string) as number;
        if (guess !== truth) {
          for (const f of features) {
            update(f, truth, 1);
            update(f, guess, -1);
          }
        }
        // Gold history keeps training stable on the little data an analyst has at first.
        previous = truth;
      }
    }
  }
  const averaged = new Map<string, Float64Array>();
  for (const [feature, row] of weights) {
    const total = totals.get(feature) as Float64Array;
    const stamp = stamps.get(feature) as Float64Array;
    const out = new Float64Array(size);
    let any = false;
    for (let t = 0; t < size; t++) {
      out[t] = ((total[t] as number) + (step - (stamp[t] as number)) * (row[t] as number)) / Math.max(1, step);
      if (out[t] !== 0) any = true;
    }
    if (any) averaged.set(feature, out);
  }
  return { tags, weights: averaged };
}

/** The spans the model finds in `text`, with a confidence from the smallest margin of each span's tags. */
export function tagText(model: TaggerModel, text: string): Recommendation[] {
  if (model.tags.length <= 1) return [];
  const info = tagInfo(model.tags);
  const size = model.tags.length;
  const tokens = tokenize(text);
  const out: Recommendation[] = [];
  const decodeLine = (lineTokens: readonly Token[]) => {
    const words = lineTokens.map((t) => text.slice(t.from, t.to));
    const line = lineWords(words);
    let previous = -1;
    let open: { first: number; label: string; margin: number } | null = null;
    const close = (last: number) => {
      if (!open) return;
      const a = lineTokens[open.first] as Token;
      const b = lineTokens[last] as Token;
      out.push({ start: a.start, end: b.end, label: open.label, text: text.slice(a.from, b.to), score: 1 / (1 + Math.exp(-open.margin)), source: 'tagger' });
      open = null;
    };
    for (let i = 0; i < words.length; i++) {
      const { tag, margin } = best(scoresOf(model.weights, tokenFeatures(line, i, previous < 0 ? OUTSIDE : (model.tags[previous] as string)), size), info, previous);
      const label = info.label[tag] as string;
      if (!info.inside[tag]) close(i - 1);
      if (label && !info.inside[tag]) open = { first: i, label, margin };
      else if (open) open.margin = Math.min(open.margin, margin);
      previous = tag;
    }
    close(words.length - 1);
  };
  let lineStart = 0;
  for (let i = 1; i <= tokens.length; i++) {
    const prev = tokens[i - 1] as Token;
    const next = tokens[i];
    if (!next || /[\n\r]/.test(text.slice(prev.to, next.from))) {
      decodeLine(tokens.slice(lineStart, i));
      lineStart = i;
    }
  }
  return out;
}
