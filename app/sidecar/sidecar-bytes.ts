// The bytes of a sidecar as written to disk, without serialising all of it at
// each save: the sidecar of a 1 MB article with 5,000 annotations is 2 MB,
// and serialising and encoding it whole took main ~15 ms per tag although a
// tag changes one annotation. Each annotation's part of the file is kept as
// UTF-8 for as long as its object lives (a WeakMap keyed by the object).
// That is sound because the app never edits an annotation in place (an edit
// makes a new object, see sidecar-changes.ts); the objects kept are frozen,
// so code that would edit one in place fails loudly instead of writing stale
// bytes. The rest of the file is serializeSidecar's own output, and the whole
// is byte for byte TextEncoder.encode(serializeSidecar(sidecar)) (checked on
// random edit sequences in sidecar-bytes.test.ts).
import { canonicalAnnotation, compareAnnotations, serializeSidecar } from './sidecar-io';
import type { Annotation, Sidecar } from './sidecar-schema';

const utf8 = new TextEncoder();
/** The list where serializeSidecar writes it empty: a top-level key is the only thing after a newline and two spaces (JSON strings hold no raw newline). */
const EMPTY_LIST = '\n  "annotations": []';
/** An annotation is an element of a list in the top-level object: two levels in. */
const INDENT = '    ';
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const SPACE = 0x20;

function freezeAnnotation(a: Annotation): void {
  if (a.attributes) Object.freeze(a.attributes);
  for (const f of a.fragments ?? []) Object.freeze(f);
  if (a.fragments) Object.freeze(a.fragments);
  for (const n of a.normalizations ?? []) Object.freeze(n);
  if (a.normalizations) Object.freeze(a.normalizations);
  for (const c of a.comments ?? []) Object.freeze(c);
  if (a.comments) Object.freeze(a.comments);
  Object.freeze(a);
}

/** The last file encoded: its annotations in file order and where each one's part lies in its bytes. */
interface Encoded {
  sorted: Annotation[];
  out: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
}

export class SidecarEncoder {
  private readonly parts = new WeakMap<Annotation, Uint8Array>();
  /**
   * The last file encoded: the next one (a save after a tag, nearly always
   * the same document) copies each run of annotations it shares with it as
   * one block, instead of looking up and copying 5,000 parts one by one.
   */
  private last: Encoded | null = null;

  /** The file's bytes: what TextEncoder.encode(serializeSidecar(sidecar)) gives. Freezes the annotations of `sidecar.annotations`. */
  encode(sidecar: Sidecar): Uint8Array {
    const rest = serializeSidecar({ ...sidecar, annotations: [] });
    const at = rest.indexOf(EMPTY_LIST);
    if (at < 0) throw new Error('serializeSidecar wrote no annotations list');
    // Up to and including '[', and from ']' on.
    const head = utf8.encode(rest.slice(0, at + EMPTY_LIST.length - 1));
    const tail = utf8.encode(rest.slice(at + EMPTY_LIST.length - 1));
    const sorted = [...sidecar.annotations].sort(compareAnnotations);
    const n = sorted.length;
    // Bytes moved to another thread (to be hashed) and not handed back yet read as empty: not copied from then.
    const last = this.last && this.last.out.length > 0 ? this.last : null;
    // from[i]: where sorted[i] was in the last file's list (-1: not there); both lists are in file order.
    const from = new Int32Array(n);
    const fresh: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(n);
    let length = head.length + tail.length;
    // '\n' part (',\n' part)* '\n  ' before the ']'.
    if (n) length += 1 + 2 * (n - 1) + 3;
    for (let i = 0, j = 0; i < n; i++) {
      const a = sorted[i] as Annotation;
      from[i] = -1;
      while (last && j < last.sorted.length) {
        const b = last.sorted[j] as Annotation;
        if (b === a) {
          from[i] = j++;
          break;
        }
        // b comes first in file order: it is gone from this file. Otherwise a is new (an equal key: a replaced b).
        const order = compareAnnotations(b, a);
        if (order <= 0) j++;
        if (order >= 0) break;
      }
      const was = from[i] as number;
      if (was >= 0 && last) length += (last.ends[was] as number) - (last.starts[was] as number);
      else {
        const p = this.part(a);
        fresh[i] = p;
        length += p.length;
      }
    }
    const out = new Uint8Array(length);
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    out.set(head, 0);
    let pos = head.length;
    for (let i = 0; i < n; ) {
      if (i > 0) out[pos++] = COMMA;
      out[pos++] = NEWLINE;
      const j = from[i] as number;
      if (j < 0 || !last) {
        const p = fresh[i] as Uint8Array;
        starts[i] = pos;
        out.set(p, pos);
        pos += p.length;
        ends[i] = pos;
        i++;
        continue;
      }
      // A run of parts next to each other in both files: one copy, separators included.
      let k = i + 1;
      while (k < n && from[k] === (from[k - 1] as number) + 1) k++;
      const first = last.starts[j] as number;
      const shift = pos - first;
      for (let m = i; m < k; m++) {
        starts[m] = (last.starts[from[m] as number] as number) + shift;
        ends[m] = (last.ends[from[m] as number] as number) + shift;
      }
      const block = last.out.subarray(first, last.ends[from[k - 1] as number] as number);
      out.set(block, pos);
      pos += block.length;
      i = k;
    }
    if (n) {
      out[pos++] = NEWLINE;
      out[pos++] = SPACE;
      out[pos++] = SPACE;
    }
    out.set(tail, pos);
    this.last = { sorted, out, starts, ends };
    return out;
  }

  /**
   * The bytes `from`, which encode() returned, now live in `to` (moved to a
   * thread to be hashed and handed back), or are lost (null): the next encode
   * copies from `to`, or encodes every annotation again.
   */
  moved(from: Uint8Array, to: Uint8Array | null): void {
    if (this.last?.out !== from) return;
    if (to) this.last.out = to;
    else this.last = null;
  }

  /** Makes `a`'s part ahead of a save (a document just opened is primed while the analyst reads: main/corpus/sidecar-bytes.ts). */
  prime(a: Annotation): void {
    this.part(a);
  }

  /** The annotation's element of the list, indented, without the separators. */
  private part(a: Annotation): Uint8Array {
    let bytes = this.parts.get(a);
    if (!bytes) {
      freezeAnnotation(a);
      bytes = utf8.encode(INDENT + JSON.stringify(canonicalAnnotation(a), null, 2).replaceAll('\n', `\n${INDENT}`));
      this.parts.set(a, bytes);
    }
    return bytes;
  }
}
