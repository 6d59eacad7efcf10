// String matching from the corpus (INCEpTION's string-matching recommender):
// every text the analyst has tagged, and every alias in the entity registry,
// is suggested wherever it occurs again as whole tokens, with the label (and
// entity link) it was given most often. Its confidence is how often that text
// was tagged where it occurred in the annotated documents (Laplace-smoothed),
// so "May" tagged once among twenty untagged occurrences ranks low.
import { tokenize, type Token } from '../formats/tokenize';
import type { Recommendation, TrainingDocument } from './types';

interface Entry {
  /** Label → how many times this text was tagged with it. */
  labels: Map<string, number>;
  entities: Map<string, number>;
  tagged: number;
  /** Whole-token occurrences in the training documents (tagged or not). */
  seen: number;
  /** From the registry only: no counts, a fixed confidence. */
  alias: boolean;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  entry?: Entry;
}

export interface Gazetteer {
  readonly root: TrieNode;
  readonly size: number;
}

export interface RegistryAlias {
  text: string;
  label: string;
  entity: string;
}

/** A registry alias never tagged in the corpus yet: fairly sure (the analyst wrote it down) but below a tagged text. */
const ALIAS_SCORE = 0.7;

function words(text: string): { tokens: Token[]; keys: string[] } {
  const tokens = tokenize(text);
  return { tokens, keys: tokens.map((t) => text.slice(t.from, t.to)) };
}

function insert(root: TrieNode, keys: readonly string[]): TrieNode {
  let node = root;
  for (const k of keys) node = node.next.get(k) ?? node.next.set(k, { next: new Map() }).get(k)!;
  return node;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Longest entries first, never overlapping: the matches of `root` in a token sequence. */
function* matches(root: TrieNode, keys: readonly string[]): Generator<{ first: number; last: number; entry: Entry }> {
  for (let i = 0; i < keys.length; ) {
    let node: TrieNode | undefined = root;
    let found: { last: number; entry: Entry } | null = null;
    for (let j = i; j < keys.length && node; j++) {
      node = node.next.get(keys[j] as string);
      if (node?.entry) found = { last: j, entry: node.entry };
    }
    if (found) {
      yield { first: i, ...found };
      i = found.last + 1;
    } else i++;
  }
}

/** A text tagged somewhere in the corpus (from a sidecar: its `text`, label and entity), its document not at hand. */
export interface TaggedText {
  text: string;
  label: string;
  entity?: string;
}

/**
 * The gazetteer of the documents' tagged texts, other tagged texts of the
 * corpus (`tagged`: how often each occurs untagged is only known in `docs`),
 * and the registry's aliases.
 */
export function buildGazetteer(docs: readonly TrainingDocument[], aliases: readonly RegistryAlias[] = [], tagged: readonly TaggedText[] = []): Gazetteer {
  const root: TrieNode = { next: new Map() };
  let size = 0;
  const entryAt = (keys: readonly string[], alias: boolean): Entry | null => {
    if (keys.length === 0) return null;
    const node = insert(root, keys);
    if (!node.entry) {
      node.entry = { labels: new Map(), entities: new Map(), tagged: 0, seen: 0, alias };
      size++;
    }
    if (!alias) node.entry.alias = false;
    return node.entry;
  };
  for (const doc of docs) {
    const chars = [...doc.text];
    for (const span of doc.spans) {
      const entry = entryAt(words(chars.slice(span.start, span.end).join('')).keys, false);
      if (!entry) continue;
      entry.tagged++;
      bump(entry.labels, span.label);
      if (span.entity) bump(entry.entities, span.entity);
    }
  }
  for (const t of tagged) {
    const entry = entryAt(words(t.text).keys, false);
    if (!entry) continue;
    entry.tagged++;
    bump(entry.labels, t.label);
    if (t.entity) bump(entry.entities, t.entity);
  }
  for (const a of aliases) {
    const entry = entryAt(words(a.text).keys, true);
    if (!entry) continue;
    if (entry.alias) {
      bump(entry.labels, a.label);
      bump(entry.entities, a.entity);
    }
  }
  // How often each known text occurs at all, for its confidence.
  for (const doc of docs) for (const m of matches(root, words(doc.text).keys)) m.entry.seen++;
  return { root, size };
}

function top(map: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  let count = 0;
  for (const [k, n] of map) if (n > count || (n === count && best !== undefined && k < best)) [best, count] = [k, n];
  return best;
}

/** The gazetteer's texts found in `text`, each with its most frequent label and entity. */
export function matchGazetteer(gazetteer: Gazetteer, text: string): Recommendation[] {
  if (gazetteer.size === 0) return [];
  const { tokens, keys } = words(text);
  const out: Recommendation[] = [];
  for (const { first, last, entry } of matches(gazetteer.root, keys)) {
    const label = top(entry.labels);
    if (!label) continue;
    const a = tokens[first] as Token;
    const b = tokens[last] as Token;
    const agreeing = entry.labels.get(label) ?? 0;
    const score = entry.alias && entry.tagged === 0 ? ALIAS_SCORE : (agreeing + 1) / (Math.max(entry.seen, entry.tagged) + 2);
    const entity = top(entry.entities);
    out.push({ start: a.start, end: b.end, label, text: text.slice(a.from, b.to), score, source: 'string-match', ...(entity ? { entity } : {}) });
  }
  return out;
}
