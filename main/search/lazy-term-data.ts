// One term's postings in a MiniSearch index (field id -> document -> term
// frequency), made into Maps only when first used.
//
// Loading a saved index used to rebuild every posting as a Map entry: 3.8
// million of them for the benchmark's 10,000 articles, seconds of main's time
// before the corpus was searchable. Here a term's postings stay in the typed
// array read from the cache file until the index touches the term (a query,
// an update, a save), which is what "loading lazily" means for MiniSearch,
// whose code only ever sees a Map.
//
// The encoded form of one term, in an Int32Array: the number of fields, then
// per field its id, the number of documents n, and n pairs (short document
// id, frequency).

/** MiniSearch's data for one term: field id -> (short document id -> frequency). */
export type TermData = Map<number, Map<number, number>>;

/** Where one term's encoded postings start and end in `data`. */
export function encodedTermEnd(data: Int32Array, start: number): number {
  const fields = data[start] as number;
  let at = start + 1;
  for (let f = 0; f < fields; f++) {
    const n = data[at + 1] as number;
    at += 2 + 2 * n;
    if (n < 0 || at > data.length) throw new Error('the postings of a term run past the end of the saved index');
  }
  return at;
}

function decodeTerm(data: Int32Array, start: number, into: TermData): void {
  const fields = data[start] as number;
  let at = start + 1;
  for (let f = 0; f < fields; f++) {
    const fieldId = data[at] as number;
    const n = data[at + 1] as number;
    at += 2;
    const docs = new Map<number, number>();
    for (let k = 0; k < n; k++, at += 2) docs.set(data[at] as number, data[at + 1] as number);
    into.set(fieldId, docs);
  }
}

/** Appends the encoded form of `data` to `out`. */
export function encodeTerm(data: TermData, out: Int32Writer): void {
  const raw = data instanceof LazyTermData ? data.encoded() : null;
  if (raw) {
    out.pushAll(raw);
    return;
  }
  out.push(data.size);
  for (const [fieldId, docs] of data) {
    out.push(fieldId);
    out.push(docs.size);
    for (const [doc, frequency] of docs) {
      out.push(doc);
      out.push(frequency);
    }
  }
}

/** A growing Int32Array. */
export class Int32Writer {
  private data: Int32Array;
  length = 0;

  /** `capacity`: what will be written, when known (growing a large array by doubling allocates and copies it several times). */
  constructor(capacity = 1 << 16) {
    this.data = new Int32Array(Math.max(1, capacity)); // never empty: room() doubles it
  }

  private room(n: number): void {
    if (this.length + n <= this.data.length) return;
    let size = this.data.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Int32Array(size);
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }

  push(value: number): void {
    this.room(1);
    this.data[this.length++] = value;
  }

  pushAll(values: Int32Array): void {
    this.room(values.length);
    this.data.set(values, this.length);
    this.length += values.length;
  }

  /** What was written (a view, valid until the next write). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * A term's postings as a Map that decodes itself from the saved index on
 * first use. Every Map method MiniSearch and scorer.ts call goes through
 * ready(); after that it is an ordinary Map.
 */
export class LazyTermData extends Map<number, Map<number, number>> {
  private source: Int32Array | null;
  private readonly start: number;
  private readonly end: number;

  constructor(source: Int32Array, start: number, end: number) {
    super();
    this.source = source;
    this.start = start;
    this.end = end;
  }

  /** The encoded postings while still untouched (a save copies them as they are), else null. */
  encoded(): Int32Array | null {
    return this.source ? this.source.subarray(this.start, this.end) : null;
  }

  private ready(): void {
    const source = this.source;
    if (source === null) return;
    this.source = null;
    decodeTerm(source, this.start, this);
  }

  override get size(): number {
    this.ready();
    return super.size;
  }

  override get(key: number): Map<number, number> | undefined {
    this.ready();
    return super.get(key);
  }

  override has(key: number): boolean {
    this.ready();
    return super.has(key);
  }

  override set(key: number, value: Map<number, number>): this {
    this.ready();
    return super.set(key, value);
  }

  override delete(key: number): boolean {
    this.ready();
    return super.delete(key);
  }

  override clear(): void {
    this.source = null;
    super.clear();
  }

  override forEach(fn: (value: Map<number, number>, key: number, map: Map<number, Map<number, number>>) => void, thisArg?: unknown): void {
    this.ready();
    super.forEach(fn, thisArg);
  }

  override entries(): MapIterator<[number, Map<number, number>]> {
    this.ready();
    return super.entries();
  }

  override keys(): MapIterator<number> {
    this.ready();
    return super.keys();
  }

  override values(): MapIterator<Map<number, number>> {
    this.ready();
    return super.values();
  }

  override [Symbol.iterator](): MapIterator<[number, Map<number, number>]> {
    this.ready();
    return super[Symbol.iterator]();
  }
}
