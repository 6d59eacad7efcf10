// The words of every indexed document, in order, as numbers: what lets a
// phrase be checked without reading the document again.
//
// MiniSearch knows which documents hold a word, not where. A phrase of two
// common words that are never next to each other ("with United") used to be
// checked by reading and tokenizing the text of every document holding both:
// thousands of files for one query. Here each document keeps the sequence of
// its words as term ids (two bytes a word while the corpus has fewer than
// 65,535 distinct terms, else four), so findClause() runs over numbers in
// memory. For 10,000 articles of 8 million words that is 16 MB, against the
// ~250 MB of the index and records.
//
// A sequence holds the words of the text (tokenize(), without CJK bigrams),
// then, for each annotation, a separator, the words of its (cut) text, a
// separator and the words of its note: the places where search also looks
// for a phrase (annotationHasClause). A phrase never spans a separator.
import type { TextClause } from '../../app/search/query';
import { scanIndexTerms, wordHash, type TermSink } from '../../app/search/tokenize';
import type { IndexedAnnotation } from '../../app/search/document-model';

/**
 * Every term indexed, numbered once. An open-addressing hash table over the
 * characters, so that a word can be looked up where it sits in the text,
 * without making a string of it (8 million lookups for 50 MB of text, nearly
 * all of known words: a Map would need a new string, and its hash, for each).
 */
export class TermDictionary {
  readonly terms: string[] = [];
  private hashes = new Int32Array(1024);
  /** Slot -> term id + 1 (0: empty); at most half full. */
  private table = new Int32Array(4096);

  get size(): number {
    return this.terms.length;
  }

  /** The id of `term`, numbering it if it is new. */
  idOf(term: string): number {
    return this.idOfRange(term, 0, term.length);
  }

  /** The id of s[start, end), numbering it if it is new; `h` is its hash when the caller has it already (wordHash). */
  idOfRange(s: string, start: number, end: number, h = wordHash(s, start, end)): number {
    const found = this.lookup(s, start, end, h);
    if (found >= 0) return found;
    const id = this.terms.length;
    this.terms.push(s.slice(start, end));
    if (id === this.hashes.length) {
      const grown = new Int32Array(id * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[id] = h;
    if (2 * (id + 1) > this.table.length) this.rehash(this.table.length * 2);
    else this.place(id, h);
    return id;
  }

  find(term: string): number | undefined {
    const id = this.lookup(term, 0, term.length, wordHash(term, 0, term.length));
    return id >= 0 ? id : undefined;
  }

  /** The id of s[start, end) (hash h), or -1. */
  private lookup(s: string, start: number, end: number, h: number): number {
    const table = this.table;
    const mask = table.length - 1;
    const length = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const entry = table[slot] as number;
      if (entry === 0) return -1;
      const id = entry - 1;
      if (this.hashes[id] !== h) continue;
      const term = this.terms[id] as string;
      if (term.length !== length) continue;
      let k = 0;
      while (k < length && term.charCodeAt(k) === s.charCodeAt(start + k)) k++;
      if (k === length) return id;
    }
  }

  private place(id: number, h: number): void {
    const table = this.table;
    const mask = table.length - 1;
    let slot = h & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = id + 1;
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size);
    for (let id = 0; id < this.terms.length; id++) this.place(id, this.hashes[id] as number);
  }
}

/** One document's words as term ids (see the top of the file). */
export interface DocumentWords {
  seq: Uint16Array | Uint32Array;
  /** How many of the first ids are the text's words. */
  textLength: number;
}

/** Counts a term of a field (0: text, 1: notes) for the index being built. */
export type CountTerm = (field: number, termId: number) => void;

const SEPARATOR = -1;
const NO_IDS = new Int32Array(0);
/** Annotation texts and notes whose ids a collector remembers (a few documents' worth). */
const REMEMBERED_STRINGS = 50_000;

/**
 * Turns documents into term ids: their words into a DocumentWords, and every
 * index term (words and CJK bigrams) of the text and the notes into `count`.
 * One instance is reused from document to document (its buffer grows once).
 */
export class WordCollector {
  private buffer = new Int32Array(1 << 16);
  private length = 0;
  private maxId = 0;
  private count: CountTerm | null = null;
  /** The field being counted (0: text, 1: notes), or -1 for words kept in the sequence only. */
  private field = 0;
  private readonly dict: TermDictionary;
  private readonly sink: TermSink;

  constructor(dict: TermDictionary) {
    this.dict = dict;
    this.sink = {
      asciiWord: (lower, start, end, hash) => {
        const id = this.dict.idOfRange(lower, start, end, hash);
        this.push(id);
        if (this.count && this.field >= 0) this.count(this.field, id);
      },
      term: (term) => {
        if (this.count && this.field >= 0) this.count(this.field, this.dict.idOf(term));
      },
      word: (word) => this.push(this.dict.idOf(word)),
    };
  }

  private push(id: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Int32Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = id;
    if (id > this.maxId) this.maxId = id;
  }

  /**
   * The words of a document: its text and its annotations (as the search
   * record keeps them: texts cut, notes whole). `count`, when given, receives
   * the index terms of the text (field 0) and of the notes (field 1), each
   * note on its own, which is what tokenizing them joined by line breaks gives.
   */
  collect(text: string, annotations: readonly Pick<IndexedAnnotation, 'text' | 'note'>[], count: CountTerm | null = null): DocumentWords {
    this.length = 0;
    this.maxId = 0;
    this.count = count;
    this.field = 0;
    scanIndexTerms(text, this.sink);
    return this.finish(annotations);
  }

  /**
   * The words of a document whose annotations changed and text did not: the
   * text's ids are copied from `words`, not scanned again, and each
   * annotation's text and note are scanned once and remembered (a save of a
   * 1 MB article with 5,000 annotations changes one of them). The same
   * sequence as collect() gives, except that it may stay four bytes a word.
   */
  withAnnotations(words: DocumentWords, annotations: readonly Pick<IndexedAnnotation, 'text' | 'note'>[]): DocumentWords {
    const textLength = words.textLength;
    const parts: Int32Array[] = [];
    let length = textLength;
    for (const a of annotations) {
      const text = this.idsOf(a.text);
      const note = a.note ? this.idsOf(a.note) : NO_IDS;
      parts.push(text, note);
      length += 2 + text.length + note.length;
    }
    // Two bytes a word while every id of the dictionary stays below the separator.
    const wide = words.seq instanceof Uint32Array || this.dict.size > 0xffff;
    const seq = wide ? new Uint32Array(length) : new Uint16Array(length);
    const separator = wide ? 0xffffffff : 0xffff;
    // The text's ids hold no separator (only annotations are separated), so a plain copy keeps them.
    seq.set(words.seq.subarray(0, textLength));
    let at = textLength;
    for (const ids of parts) {
      seq[at++] = separator;
      seq.set(ids, at);
      at += ids.length;
    }
    return { seq, textLength };
  }

  /**
   * withAnnotations() for a save that changed a few of them: `from[i]` is
   * where annotation i was in the list `words` was made with (-1: new), and
   * runs of unchanged ones are copied from `words` as one block each instead
   * of being looked up one by one. Null when `words` does not hold
   * `previousCount` annotations, or would have to widen: use withAnnotations().
   */
  withChangedAnnotations(words: DocumentWords, previousCount: number, annotations: readonly Pick<IndexedAnnotation, 'text' | 'note'>[], from: Int32Array): DocumentWords | null {
    const seq = words.seq;
    const wide = seq instanceof Uint32Array;
    if (!wide && this.dict.size > 0xffff) return null;
    const separator = wide ? 0xffffffff : 0xffff;
    // Where each annotation's part starts: [separator, text words..., separator, note words...].
    const starts = new Int32Array(previousCount + 1);
    // One pass (not two indexOf calls an annotation): every second separator starts an annotation's part.
    if (words.textLength < seq.length && seq[words.textLength] !== separator) return null;
    let separators = 0;
    for (let at = words.textLength; at < seq.length; at++) {
      if (seq[at] !== separator) continue;
      if (separators % 2 === 0) {
        if (separators / 2 >= previousCount) return null;
        starts[separators / 2] = at;
      }
      separators++;
    }
    if (separators !== 2 * previousCount) return null;
    starts[previousCount] = seq.length;
    let length = words.textLength;
    const fresh: Int32Array[] = [];
    for (let i = 0; i < annotations.length; i++) {
      const j = from[i] as number;
      if (j >= 0) {
        length += (starts[j + 1] as number) - (starts[j] as number);
        continue;
      }
      const a = annotations[i] as Pick<IndexedAnnotation, 'text' | 'note'>;
      const text = this.idsOf(a.text);
      const note = a.note ? this.idsOf(a.note) : NO_IDS;
      fresh.push(text, note);
      length += 2 + text.length + note.length;
    }
    if (!wide && this.dict.size > 0xffff) return null;
    const out = wide ? new Uint32Array(length) : new Uint16Array(length);
    out.set(seq.subarray(0, words.textLength));
    let pos = words.textLength;
    let f = 0;
    for (let i = 0; i < annotations.length; ) {
      const j = from[i] as number;
      if (j < 0) {
        for (const ids of [fresh[f++] as Int32Array, fresh[f++] as Int32Array]) {
          out[pos++] = separator;
          out.set(ids, pos);
          pos += ids.length;
        }
        i++;
        continue;
      }
      let k = i + 1;
      while (k < annotations.length && from[k] === (from[k - 1] as number) + 1) k++;
      const block = seq.subarray(starts[j] as number, starts[(from[k - 1] as number) + 1] as number);
      out.set(block, pos);
      pos += block.length;
      i = k;
    }
    return { seq: out, textLength: words.textLength };
  }

  /** Ids of annotation texts and notes scanned by withAnnotations(), by string (ids never change for a dictionary). */
  private readonly remembered = new Map<string, Int32Array>();

  private idsOf(s: string): Int32Array {
    let ids = this.remembered.get(s);
    if (ids !== undefined) return ids;
    this.length = 0;
    this.maxId = 0;
    this.count = null;
    scanIndexTerms(s, this.sink);
    ids = this.buffer.slice(0, this.length);
    if (this.remembered.size >= REMEMBERED_STRINGS) this.remembered.clear();
    this.remembered.set(s, ids);
    return ids;
  }

  /** Adds the annotations' words after the text's and packs the sequence. */
  private finish(annotations: readonly Pick<IndexedAnnotation, 'text' | 'note'>[]): DocumentWords {
    const textLength = this.length;
    for (const a of annotations) {
      this.push(SEPARATOR);
      this.field = -1; // an annotation's text is part of the document's text: searched here, not counted again
      scanIndexTerms(a.text, this.sink);
      this.push(SEPARATOR);
      this.field = 1;
      if (a.note) scanIndexTerms(a.note, this.sink);
    }
    this.count = null;
    const wide = this.maxId >= 0xffff;
    const seq = wide ? new Uint32Array(this.length) : new Uint16Array(this.length);
    const separator = wide ? 0xffffffff : 0xffff;
    const buffer = this.buffer;
    for (let i = 0; i < this.length; i++) {
      const id = buffer[i] as number;
      seq[i] = id === SEPARATOR ? separator : id;
    }
    return { seq, textLength };
  }
}

/** A clause compiled against the dictionary: per position, the one id wanted, or (a prefix) the ids allowed. */
export interface PhraseMatcher {
  /** Where the clause occurs in the document's text. */
  inText(words: DocumentWords): boolean;
  /** Whether it occurs in the text or in an annotation's text or note. */
  anywhere(words: DocumentWords): boolean;
  /** Where it next starts in seq[from, end) (ending before `end`), or -1. */
  next(seq: Uint16Array | Uint32Array, from: number, end: number): number;
}

const NEVER: PhraseMatcher = { inText: () => false, anywhere: () => false, next: () => -1 };

/**
 * findClause() (app/search/query.ts) over term ids: the clause's terms one
 * after the other, the last one also as the start of a longer word when the
 * clause is a prefix.
 */
export function phraseMatcher(dict: TermDictionary, clause: Pick<TextClause, 'terms' | 'prefix'>): PhraseMatcher {
  const n = clause.terms.length;
  if (n === 0) return NEVER;
  const exact: number[] = [];
  for (let k = 0; k < (clause.prefix ? n - 1 : n); k++) {
    const id = dict.find(clause.terms[k] as string);
    if (id === undefined) return NEVER; // a word no document has
    exact.push(id);
  }
  let last: Uint8Array | null = null;
  if (clause.prefix) {
    const start = clause.terms[n - 1] as string;
    last = new Uint8Array(dict.size);
    let any = false;
    dict.terms.forEach((t, id) => {
      if (t.startsWith(start)) (last as Uint8Array)[id] = 1;
      any ||= t.startsWith(start);
    });
    if (!any) return NEVER;
  }
  const first = exact.length ? (exact[0] as number) : -1;
  /** Where the clause starts at or after `from` (and ends before `end`), or -1. */
  const next = (seq: Uint16Array | Uint32Array, from: number, end: number): number => {
    const stop = end - n;
    for (let i = from; i <= stop; i++) {
      if (first >= 0 && seq[i] !== first) {
        // Jump to the next occurrence of the first word (a native scan, several times faster than this loop).
        i = seq.indexOf(first, i + 1);
        if (i < 0 || i > stop) return -1;
      }
      let k = 0;
      while (k < exact.length && seq[i + k] === exact[k]) k++;
      if (k < exact.length) continue;
      if (last === null || last[seq[i + k] as number] === 1) return i;
    }
    return -1;
  };
  return {
    inText: (w) => next(w.seq, 0, w.textLength) >= 0,
    anywhere: (w) => next(w.seq, 0, w.seq.length) >= 0,
    next,
  };
}
