// Building a MiniSearch index for a whole corpus at once, fast.
//
// MiniSearch.add() looks every word occurrence up in its radix tree: for 50 MB
// of text (8 million words) that alone takes longer than the whole build may.
// Here each distinct term gets a number once (one Map lookup per occurrence,
// in a dictionary shared with the word sequences of word-index.ts),
// frequencies are counted in a typed array, and postings are flat typed
// arrays (which the garbage collector need not walk as they grow); the
// radix tree gets each distinct term once, at the end, with its postings
// still encoded in one typed array: they become Maps when the index first
// touches the term (lazy-term-data.ts). The result is handed to
// MiniSearch in its own in-memory shape, the one MiniSearch.loadJS() fills
// from a serialised index: MiniSearch is pinned to an exact version, and a
// test checks that an index built here answers exactly like one built with
// add(). Should a MiniSearch update rename those fields, the (slower) loadJS
// route is taken instead. Documents added or changed later go through
// add()/discard() as usual.
import MiniSearch, { type Options } from 'minisearch';
import { Int32Writer, LazyTermData } from './lazy-term-data';
import { TermDictionary } from './word-index';

/** The fields of a MiniSearch instance that loadJS() sets (MiniSearch 7). */
export interface MiniSearchState {
  _index: { set(term: string, data: Map<number, Map<number, number>>): unknown };
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _storedFields: Map<number, unknown>;
  _dirtCount: number;
}

const STATE_FIELDS = ['_index', '_documentCount', '_nextId', '_documentIds', '_idToShortId', '_fieldIds', '_fieldLength', '_avgFieldLength', '_storedFields', '_dirtCount'];

export function hasKnownState(mini: object): boolean {
  const m = mini as Record<string, unknown>;
  return STATE_FIELDS.every((f) => f in m) && m._documentIds instanceof Map && typeof (m._index as { set?: unknown }).set === 'function';
}

/** A growing list of (short document id, frequency) pairs. */
class Postings {
  data = new Int32Array(8);
  length = 0;

  push(doc: number, frequency: number): void {
    if (this.length + 2 > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = doc;
    this.data[this.length++] = frequency;
  }
}

/** Called now and then during long work: may return a promise to wait for (a yield to the event loop). */
export type Pause = () => Promise<void> | void;

export class BulkIndex {
  private readonly fields: readonly string[];
  private readonly ids: string[] = [];
  private readonly lengths: number[][] = [];
  private readonly totals: number[];
  /** Numbers the terms; shared with whoever else needs term ids (word-index.ts). */
  readonly dictionary: TermDictionary;
  /** Per field, per term id: [short document id, frequency, short document id, frequency, …]. */
  private readonly postings: (Postings | undefined)[][];
  /** Per field, the frequencies of the document being added, and which term ids it has. */
  private counts: Int32Array[];
  private readonly touched: number[][];

  constructor(fields: readonly string[], dictionary = new TermDictionary()) {
    this.fields = fields;
    this.dictionary = dictionary;
    this.totals = fields.map(() => 0);
    this.postings = fields.map(() => []);
    this.counts = fields.map(() => new Int32Array(1024));
    this.touched = fields.map(() => []);
  }

  get size(): number {
    return this.ids.length;
  }

  /** The ids added, in order. */
  documentIds(): readonly string[] {
    return this.ids;
  }

  /** Adds a document: its id and, per field (in the order given to the constructor), its terms. */
  add(id: string, termsPerField: readonly (readonly string[])[]): void {
    this.addCounted(id, (count) =>
      termsPerField.forEach((terms, field) => {
        for (const t of terms) count(field, this.dictionary.idOf(t));
      }),
    );
  }

  /**
   * Adds a document whose terms are produced by `produce`, which passes each
   * occurrence to `count` as (field index, term id from this.dictionary), in
   * any order: no array of terms is made.
   */
  addCounted(id: string, produce: (count: (field: number, termId: number) => void) => void): void {
    const shortId = this.ids.length;
    this.ids.push(id);
    produce(this.count);
    const lengths: number[] = [];
    for (let field = 0; field < this.fields.length; field++) {
      const counts = this.counts[field] as Int32Array;
      const touched = this.touched[field] as number[];
      const postings = this.postings[field] as (Postings | undefined)[];
      for (const t of touched) {
        const list = (postings[t] ??= new Postings());
        list.push(shortId, counts[t] as number);
        counts[t] = 0;
      }
      // MiniSearch's field length is the number of distinct terms.
      lengths.push(touched.length);
      this.totals[field] = (this.totals[field] ?? 0) + touched.length;
      touched.length = 0;
    }
    this.lengths.push(lengths);
  }

  private readonly count = (field: number, t: number): void => {
    let counts = this.counts[field] as Int32Array;
    if (t >= counts.length) {
      const grown = new Int32Array(Math.max(counts.length * 2, t + 1));
      grown.set(counts);
      this.counts[field] = counts = grown;
    }
    if (counts[t] === 0) (this.touched[field] as number[]).push(t);
    counts[t] = (counts[t] as number) + 1;
  };

  /** Per term: field id -> (short document id -> frequency). Empties the builder on the way. */
  private *termData(): Generator<[string, Map<number, Map<number, number>>]> {
    const terms = this.dictionary.terms;
    for (let t = 0; t < terms.length; t++) {
      const data = new Map<number, Map<number, number>>();
      for (let field = 0; field < this.fields.length; field++) {
        const postings = this.postings[field] as (Postings | undefined)[];
        const list = postings[t];
        if (!list) continue;
        const docs = new Map<number, number>();
        const pairs = list.data;
        for (let k = 0; k < list.length; k += 2) docs.set(pairs[k] as number, pairs[k + 1] as number);
        data.set(field, docs);
        postings[t] = undefined;
      }
      // A term only counted elsewhere (a word of an annotation's text, see word-index.ts) is not in the index.
      if (data.size) yield [terms[t] as string, data];
    }
  }

  /** Every term with postings, encoded into one array (see lazy-term-data.ts). Empties the builder on the way. */
  private async encodedTerms(pause: Pause): Promise<{ encoded: Int32Array; terms: [string, number, number][] }> {
    const all = this.dictionary.terms;
    // The exact size first: the encoded postings of a corpus are tens of MB, written once.
    let size = 0;
    for (let t = 0; t < all.length; t++) {
      let fields = 0;
      for (const postings of this.postings) {
        const list = postings[t];
        if (list) size += 2 + list.length;
        if (list) fields++;
      }
      if (fields) size++;
    }
    const out = new Int32Writer(size);
    const terms: [string, number, number][] = [];
    for (let t = 0; t < all.length; t++) {
      const lists: [number, Postings][] = [];
      for (let field = 0; field < this.fields.length; field++) {
        const postings = this.postings[field] as (Postings | undefined)[];
        const list = postings[t];
        if (list) lists.push([field, list]);
        postings[t] = undefined;
      }
      // A term only counted elsewhere (a word of an annotation's text, see word-index.ts) is not in the index.
      if (lists.length === 0) continue;
      const start = out.length;
      out.push(lists.length);
      for (const [field, list] of lists) {
        out.push(field);
        out.push(list.length / 2);
        out.pushAll(list.data.subarray(0, list.length));
      }
      terms.push([all[t] as string, start, out.length]);
      if (t % 1024 === 0) await pause();
    }
    return { encoded: out.length === size ? out.view() : out.view().slice(), terms };
  }

  /**
   * The MiniSearch index of everything added; `options` must list the same
   * fields, in the same order. `pause` is called now and then.
   */
  async toMiniSearch<T>(options: Options<T>, pause: Pause = () => {}): Promise<MiniSearch<T>> {
    const n = this.ids.length;
    const average = this.totals.map((t) => (n ? t / n : 0));
    const mini = new MiniSearch<T>(options);
    let k = 0;
    if (hasKnownState(mini)) {
      const m = mini as unknown as MiniSearchState;
      // Each term's postings as lazy-term-data.ts encodes them, made into Maps only when the index touches the term:
      // 3.8 million Map entries for the benchmark corpus were a fifth of the build's time.
      const { encoded, terms } = await this.encodedTerms(pause);
      for (const [term, start, end] of terms) {
        m._index.set(term, new LazyTermData(encoded, start, end));
        if (++k % 1024 === 0) await pause();
      }
      m._documentCount = n;
      m._nextId = n;
      m._documentIds = new Map(this.ids.map((id, i) => [i, id]));
      m._idToShortId = new Map(this.ids.map((id, i) => [id, i]));
      m._fieldIds = Object.fromEntries(this.fields.map((f, i) => [f, i]));
      m._fieldLength = new Map(this.lengths.map((l, i) => [i, l]));
      m._avgFieldLength = average;
      m._storedFields = new Map();
      m._dirtCount = 0;
      return mini;
    }
    // The documented serialised form (what toJSON() writes).
    const index: [string, Record<number, Record<number, number>>][] = [];
    for (const [term, data] of this.termData()) {
      const plain: Record<number, Record<number, number>> = {};
      for (const [field, docs] of data) plain[field] = Object.fromEntries(docs);
      index.push([term, plain]);
      if (++k % 8 === 0) await pause();
    }
    const loader = MiniSearch as unknown as { loadJS<D>(js: unknown, options: Options<D>): MiniSearch<D> };
    return loader.loadJS(
      {
        documentCount: n,
        nextId: n,
        documentIds: Object.fromEntries(this.ids.map((id, i) => [i, id])),
        fieldIds: Object.fromEntries(this.fields.map((f, i) => [f, i])),
        fieldLength: Object.fromEntries(this.lengths.map((l, i) => [i, l])),
        averageFieldLength: average,
        storedFields: {},
        dirtCount: 0,
        index,
        serializationVersion: 2,
      },
      options,
    );
  }
}
