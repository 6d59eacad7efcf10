// Building a MiniSearch index for a whole corpus at once, fast.
//
// MiniSearch.add() looks every word occurrence up in its radix tree: for 50 MB
// of text (8 million words) that alone takes longer than the whole build may.
// Here each distinct term gets a number once (one Map lookup per occurrence),
// frequencies are counted in a typed array, and postings are flat arrays; the
// radix tree gets each distinct term once, at the end. The result is handed to
// MiniSearch in its own in-memory shape, the one MiniSearch.loadJS() fills
// from a serialised index: MiniSearch is pinned to an exact version, and a
// test checks that an index built here answers exactly like one built with
// add(). Should a MiniSearch update rename those fields, the (slower) loadJS
// route is taken instead. Documents added or changed later go through
// add()/discard() as usual.
import MiniSearch, { type Options } from 'minisearch';

/** The fields of a MiniSearch instance that loadJS() sets (MiniSearch 7). */
interface MiniSearchState {
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

function hasKnownState(mini: object): boolean {
  const m = mini as Record<string, unknown>;
  return STATE_FIELDS.every((f) => f in m) && m._documentIds instanceof Map && typeof (m._index as { set?: unknown }).set === 'function';
}

/** Called now and then during long work: may return a promise to wait for (a yield to the event loop). */
export type Pause = () => Promise<void> | void;

export class BulkIndex {
  private readonly fields: readonly string[];
  private readonly ids: string[] = [];
  private readonly lengths: number[][] = [];
  private readonly totals: number[];
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  /** Per field, per term id: [short document id, frequency, short document id, frequency, …]. */
  private readonly postings: (number[] | undefined)[][];
  private counts = new Int32Array(1024);
  private readonly touched: number[] = [];

  constructor(fields: readonly string[]) {
    this.fields = fields;
    this.totals = fields.map(() => 0);
    this.postings = fields.map(() => []);
  }

  get size(): number {
    return this.ids.length;
  }

  /** The ids added, in order. */
  documentIds(): readonly string[] {
    return this.ids;
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(term, id);
      this.terms.push(term);
      if (id >= this.counts.length) {
        const grown = new Int32Array(this.counts.length * 2);
        grown.set(this.counts);
        this.counts = grown;
      }
    }
    return id;
  }

  /** Adds a document: its id and, per field (in the order given to the constructor), its terms. */
  add(id: string, termsPerField: readonly (readonly string[])[]): void {
    this.addWith(
      id,
      termsPerField.map((terms) => (emit: (term: string) => void) => {
        for (const t of terms) emit(t);
      }),
    );
  }

  /** Adds a document whose terms are produced, per field, by a function that passes each one to `emit` (no array is made). */
  addWith(id: string, fieldTerms: readonly ((emit: (term: string) => void) => void)[]): void {
    const shortId = this.ids.length;
    this.ids.push(id);
    const lengths: number[] = [];
    const touched = this.touched;
    const count = (term: string) => {
      const t = this.termId(term);
      const counts = this.counts;
      if ((counts[t] as number) === 0) touched.push(t);
      counts[t] = (counts[t] as number) + 1;
    };
    for (let field = 0; field < this.fields.length; field++) {
      fieldTerms[field]?.(count);
      const postings = this.postings[field] as (number[] | undefined)[];
      for (const t of touched) {
        const list = postings[t];
        if (list) list.push(shortId, this.counts[t] as number);
        else postings[t] = [shortId, this.counts[t] as number];
        this.counts[t] = 0;
      }
      // MiniSearch's field length is the number of distinct terms.
      lengths.push(touched.length);
      this.totals[field] = (this.totals[field] ?? 0) + touched.length;
      touched.length = 0;
    }
    this.lengths.push(lengths);
  }

  /** Per term: field id -> (short document id -> frequency). Empties the builder on the way. */
  private *termData(): Generator<[string, Map<number, Map<number, number>>]> {
    for (let t = 0; t < this.terms.length; t++) {
      const data = new Map<number, Map<number, number>>();
      for (let field = 0; field < this.fields.length; field++) {
        const postings = this.postings[field] as (number[] | undefined)[];
        const list = postings[t];
        if (!list) continue;
        const docs = new Map<number, number>();
        for (let k = 0; k < list.length; k += 2) docs.set(list[k] as number, list[k + 1] as number);
        data.set(field, docs);
        postings[t] = undefined;
      }
      yield [this.terms[t] as string, data];
    }
    this.terms.length = 0;
    this.termIds.clear();
  }

  /**
   * The MiniSearch index of everything added; `options` must list the same
   * fields, in the same order. `pause` is called every 8 terms.
   */
  async toMiniSearch<T>(options: Options<T>, pause: Pause = () => {}): Promise<MiniSearch<T>> {
    const n = this.ids.length;
    const average = this.totals.map((t) => (n ? t / n : 0));
    const mini = new MiniSearch<T>(options);
    let k = 0;
    if (hasKnownState(mini)) {
      const m = mini as unknown as MiniSearchState;
      for (const [term, data] of this.termData()) {
        m._index.set(term, data);
        if (++k % 8 === 0) await pause();
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
