// The saved search index as bytes (index-cache.ts writes and reads the file).
//
// The first format was MiniSearch's toJSON() and the records in one JSON
// file: 94 MB for the benchmark's 10,000 articles, 3 s to write and 6 s to
// load under load, nearly all of it making and parsing an object per posting
// and per annotation. This one is columnar, so that loading costs little more
// than reading the file:
//
//   "MGSEARCH"  u32 version  u32 header length  header (JSON)  padding to 8
//   body: index terms (UTF-8, \0-separated) | dictionary terms (same) |
//         postings (Int32Array, per term as lazy-term-data.ts encodes it) |
//         word sequences (each at a 4-byte boundary) | annotations (per
//         document, its JSON)
//
// The header holds MiniSearch's small fields (document ids, field lengths,
// counts) and one record per document (status, filter keys, signature, where
// its words and annotations are). Postings become Maps per term when first
// used (LazyTermData), annotations are parsed per document when first used
// (and by warmRecords() in the background), word sequences are views on the
// file's bytes. Typed arrays are in the machine's byte order, which the header
// records: a cache copied to another kind of machine is ignored.
import MiniSearch, { type Options } from 'minisearch';
import type { IndexedAnnotation, SearchRecord } from '../../app/search/document-model';
import { hasKnownState, type MiniSearchState } from './bulk-index';
import { Int32Writer, LazyTermData, encodeTerm, encodedTermEnd, type TermData } from './lazy-term-data';
import type { IndexEntry } from './search-query';

const MAGIC = 'MGSEARCH';
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Bump when the layout, SearchRecord, the tokenizer or MiniSearch's options change: older files are then ignored. */
export const CACHE_VERSION = 2;

/** Why a file cannot be used; the message says what is wrong with it. */
export class CacheFormatError extends Error {}

type Range = [offset: number, length: number];

interface RecordHeader {
  path: string;
  status: SearchRecord['status'];
  keys: string[];
  categories?: string[];
  signature: string;
  textLength: number;
  wide: boolean;
  /** Byte range of the word sequence in the words section. */
  seq: Range;
  /** Byte range of the annotations' JSON in the annotations section. */
  annotations: Range;
}

interface Header {
  root: string;
  littleEndian: boolean;
  mini: {
    documentCount: number;
    nextId: number;
    documentIds: [number, string][];
    fieldIds: Record<string, number>;
    fieldLength: [number, number[]][];
    averageFieldLength: number[];
    dirtCount: number;
  };
  /** Byte ranges in the body. */
  sections: { terms: Range; dictionary: Range; postings: Range; words: Range; annotations: Range };
  records: RecordHeader[];
}

/** What a saved index holds, as search-service.ts gives and takes it. */
export interface IndexContents {
  mini: MiniSearch;
  /** The term dictionary of the word sequences (word-index.ts), in id order. */
  terms: readonly string[];
  records: readonly IndexEntry[];
}

/** Called between slices of work: may wait (a yield to the event loop); returns false to give up. */
export type Slice = () => Promise<boolean> | boolean;

/** The saved annotations of a loaded record, until they are parsed. */
const unparsed = new WeakMap<IndexEntry, Uint8Array>();

const utf8 = new TextDecoder('utf-8', { fatal: true });

function joinTerms(terms: Iterable<string>): Buffer {
  const list = [...terms];
  if (list.some((t) => t.includes('\0'))) throw new CacheFormatError('a term holds a NUL character');
  return Buffer.from(list.join('\0'), 'utf8');
}

function splitTerms(bytes: Uint8Array): string[] {
  return bytes.length === 0 ? [] : utf8.decode(bytes).split('\0');
}

const pad = (n: number, to: number) => (to - (n % to)) % to;

interface MiniInternals extends MiniSearchState {
  _index: MiniSearchState['_index'] & Iterable<[string, TermData]>;
  _documentIds: Map<number, string>;
}

/**
 * The bytes of a saved index. Works in slices (`slice` is called between
 * them); resolves null when `slice` gives up (the index changed meanwhile) or
 * MiniSearch's internals are not the ones this knows.
 */
export async function encodeIndex(root: string, contents: IndexContents, slice: Slice): Promise<Buffer[] | null> {
  if (!hasKnownState(contents.mini)) return null;
  const m = contents.mini as unknown as MiniInternals;
  const indexTerms: string[] = [];
  const postings = new Int32Writer();
  let k = 0;
  for (const [term, data] of m._index) {
    indexTerms.push(term);
    encodeTerm(data, postings);
    if (++k % 256 === 0 && !(await slice())) return null;
  }
  const postingBytes = Buffer.from(postings.view().slice().buffer);
  const words: Buffer[] = [];
  let wordBytes = 0;
  const notes: Buffer[] = [];
  let noteBytes = 0;
  const records: RecordHeader[] = [];
  for (const entry of contents.records) {
    const seq = entry.words.seq;
    const seqBytes = Buffer.from(seq.buffer, seq.byteOffset, seq.byteLength);
    const padding = pad(seqBytes.length, 4);
    words.push(seqBytes, Buffer.alloc(padding));
    const json = unparsed.get(entry) ?? Buffer.from(JSON.stringify(entry.annotations), 'utf8');
    notes.push(Buffer.from(json.buffer, json.byteOffset, json.byteLength));
    records.push({
      path: entry.path,
      status: entry.status,
      keys: [...entry.keys],
      ...(entry.categories ? { categories: [...entry.categories] } : {}),
      signature: entry.signature,
      textLength: entry.words.textLength,
      wide: seq instanceof Uint32Array,
      seq: [wordBytes, seqBytes.length],
      annotations: [noteBytes, json.byteLength],
    });
    wordBytes += seqBytes.length + padding;
    noteBytes += json.byteLength;
    if (records.length % 256 === 0 && !(await slice())) return null;
  }
  const termBytes = joinTerms(indexTerms);
  const dictionaryBytes = joinTerms(contents.terms);
  // The body's sections, each starting at an 8-byte boundary.
  const body: Buffer[] = [];
  const sections: Partial<Header['sections']> = {};
  let at = 0;
  const put = (name: keyof Header['sections'], parts: Buffer[]) => {
    const length = parts.reduce((s, p) => s + p.length, 0);
    sections[name] = [at, length];
    // One buffer per section: 20,000 small ones would be 20,000 writes.
    body.push(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, length), Buffer.alloc(pad(length, 8)));
    at += length + pad(length, 8);
  };
  put('terms', [termBytes]);
  put('dictionary', [dictionaryBytes]);
  put('postings', [postingBytes]);
  put('words', words);
  put('annotations', notes);
  const header: Header = {
    root,
    littleEndian: LITTLE_ENDIAN,
    mini: {
      documentCount: m._documentCount,
      nextId: m._nextId,
      documentIds: [...m._documentIds],
      fieldIds: m._fieldIds,
      fieldLength: [...m._fieldLength],
      averageFieldLength: m._avgFieldLength,
      dirtCount: m._dirtCount,
    },
    sections: sections as Header['sections'],
    records,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const lead = Buffer.alloc(16);
  lead.write(MAGIC, 0, 'latin1');
  lead.writeUInt32LE(CACHE_VERSION, 8);
  lead.writeUInt32LE(headerBytes.length, 12);
  return [lead, headerBytes, Buffer.alloc(pad(16 + headerBytes.length, 8)), ...body];
}

/** The version a file says it is in, or null when it is no saved index at all. */
export function versionOf(bytes: Uint8Array): number | null {
  if (bytes.length < 16 || Buffer.from(bytes.buffer, bytes.byteOffset, 8).toString('latin1') !== MAGIC) return null;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32LE(8);
}

function sectionOf(body: Uint8Array, range: unknown, name: string): Uint8Array {
  const [offset, length] = Array.isArray(range) ? (range as number[]) : [];
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || (offset as number) < 0 || (length as number) < 0 || (offset as number) + (length as number) > body.length) {
    throw new CacheFormatError(`its ${name} lie outside the file (truncated?)`);
  }
  return body.subarray(offset as number, (offset as number) + (length as number));
}

/** A record whose annotations are parsed when first read. */
function lazyEntry(head: RecordHeader, words: Uint8Array, notes: Uint8Array): IndexEntry {
  const seqBytes = sectionOf(words, head.seq, `word sequence of ${head.path}`);
  const width = head.wide ? 4 : 2;
  if (seqBytes.byteOffset % 4 !== 0 || seqBytes.length % width !== 0) throw new CacheFormatError(`the word sequence of ${head.path} is misaligned`);
  const seq = head.wide ? new Uint32Array(seqBytes.buffer, seqBytes.byteOffset, seqBytes.length / 4) : new Uint16Array(seqBytes.buffer, seqBytes.byteOffset, seqBytes.length / 2);
  if (!Number.isSafeInteger(head.textLength) || head.textLength < 0 || head.textLength > seq.length) throw new CacheFormatError(`the text length of ${head.path} is wrong`);
  const json = sectionOf(notes, head.annotations, `annotations of ${head.path}`);
  const entry = {
    path: head.path,
    status: head.status,
    keys: new Set(head.keys),
    ...(head.categories ? { categories: new Set(head.categories) } : {}),
    signature: head.signature,
    words: { seq, textLength: head.textLength },
  } as Omit<IndexEntry, 'annotations'> as IndexEntry;
  Object.defineProperty(entry, 'annotations', {
    configurable: true,
    enumerable: true,
    get(this: IndexEntry) {
      let annotations: IndexedAnnotation[];
      try {
        annotations = JSON.parse(utf8.decode(json)) as IndexedAnnotation[];
        if (!Array.isArray(annotations)) throw new Error('not a list');
      } catch {
        // A damaged record: searched without annotations, and read again by the next build.
        annotations = [];
        this.signature = '';
      }
      unparsed.delete(this);
      Object.defineProperty(this, 'annotations', { value: annotations, writable: true, configurable: true, enumerable: true });
      return annotations;
    },
  });
  unparsed.set(entry, json);
  return entry;
}

/**
 * The index saved in `bytes` for the corpus at `root`, as a MiniSearch with
 * `options` (the same options it was built with). Throws CacheFormatError
 * saying what is wrong when the file cannot be used.
 */
export function decodeIndex<T>(bytes: Uint8Array, root: string, options: Options<T>): IndexContents {
  const version = versionOf(bytes);
  if (version === null) throw new CacheFormatError('not a saved search index');
  if (version !== CACHE_VERSION) throw new CacheFormatError(`another version of the cache (${version})`);
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.readUInt32LE(12);
  if (16 + headerLength > bytes.length) throw new CacheFormatError('its header runs past the end of the file (truncated?)');
  let header: Header;
  try {
    header = JSON.parse(utf8.decode(bytes.subarray(16, 16 + headerLength))) as Header;
  } catch (e) {
    throw new CacheFormatError(`its header is damaged (${(e as Error).message})`);
  }
  if (header.root !== root) throw new CacheFormatError(`saved for ${header.root}, not this corpus`);
  if (header.littleEndian !== LITTLE_ENDIAN) throw new CacheFormatError('saved on a machine of another byte order');
  let body = bytes.subarray(16 + headerLength + pad(16 + headerLength, 8));
  // Typed arrays need aligned offsets: a buffer that does not start at one is copied once.
  if (body.byteOffset % 8 !== 0) body = new Uint8Array(body);
  const s = header.sections;
  const postingBytes = sectionOf(body, s.postings, 'postings');
  if (postingBytes.length % 4 !== 0) throw new CacheFormatError('its postings are misaligned');
  const postings = new Int32Array(postingBytes.buffer, postingBytes.byteOffset, postingBytes.length / 4);
  const terms = splitTerms(sectionOf(body, s.terms, 'terms'));
  const dictionary = splitTerms(sectionOf(body, s.dictionary, 'dictionary'));
  const words = sectionOf(body, s.words, 'word sequences');
  const notes = sectionOf(body, s.annotations, 'annotations');

  const h = header.mini;
  const loader = MiniSearch as unknown as { loadJS<D>(js: unknown, options: Options<D>): MiniSearch<D> };
  const mini = loader.loadJS<T>(
    {
      index: [],
      documentCount: h.documentCount,
      nextId: h.nextId,
      documentIds: Object.fromEntries(h.documentIds),
      fieldIds: h.fieldIds,
      fieldLength: Object.fromEntries(h.fieldLength),
      averageFieldLength: h.averageFieldLength,
      storedFields: {},
      dirtCount: h.dirtCount,
      serializationVersion: 2,
    },
    options,
  );
  if (!hasKnownState(mini)) throw new CacheFormatError('this MiniSearch keeps its index otherwise; rebuilding');
  const index = (mini as unknown as MiniSearchState)._index;
  let at = 0;
  for (const term of terms) {
    if (at >= postings.length) throw new CacheFormatError('it has fewer postings than terms');
    const end = encodedTermEnd(postings, at);
    index.set(term, new LazyTermData(postings, at, end));
    at = end;
  }
  if (at !== postings.length) throw new CacheFormatError('it has more postings than terms');
  const records = header.records.map((r) => lazyEntry(r, words, notes));
  return { mini: mini as unknown as MiniSearch, terms: dictionary, records };
}

/** Parses the annotations of loaded records in slices, so the first filter query need not. */
export async function warmRecords(records: Iterable<IndexEntry>, slice: Slice): Promise<void> {
  let k = 0;
  for (const entry of records) {
    if (!unparsed.has(entry)) continue;
    if (k++ % 64 === 0 && !(await slice())) return;
    void entry.annotations;
  }
}
