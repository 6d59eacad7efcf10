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

export class SidecarEncoder {
  private readonly parts = new WeakMap<Annotation, Uint8Array>();

  /** The file's bytes: what TextEncoder.encode(serializeSidecar(sidecar)) gives. Freezes the annotations of `sidecar.annotations`. */
  encode(sidecar: Sidecar): Uint8Array {
    const rest = serializeSidecar({ ...sidecar, annotations: [] });
    const at = rest.indexOf(EMPTY_LIST);
    if (at < 0) throw new Error('serializeSidecar wrote no annotations list');
    // Up to and including '[', and from ']' on.
    const head = utf8.encode(rest.slice(0, at + EMPTY_LIST.length - 1));
    const tail = utf8.encode(rest.slice(at + EMPTY_LIST.length - 1));
    const parts = [...sidecar.annotations].sort(compareAnnotations).map((a) => this.part(a));
    let length = head.length + tail.length;
    // '\n' part (',\n' part)* '\n  ' before the ']'.
    if (parts.length) length += 1 + 2 * (parts.length - 1) + 3;
    for (const p of parts) length += p.length;
    const out = new Uint8Array(length);
    out.set(head, 0);
    let pos = head.length;
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) out[pos++] = COMMA;
      out[pos++] = NEWLINE;
      const p = parts[i] as Uint8Array;
      out.set(p, pos);
      pos += p.length;
    }
    if (parts.length) {
      out[pos++] = NEWLINE;
      out[pos++] = SPACE;
      out[pos++] = SPACE;
    }
    out.set(tail, pos);
    return out;
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
