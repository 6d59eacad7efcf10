// brat standoff, what export and import share: per document a .txt and an .ann, plus annotation.conf (and
// visual.conf for the colours) generated from the label schema, so the
// folder opens in brat as it is.
//
// brat reads .txt files in universal-newline mode, where "\r\n" (and a lone
// "\r") is one character. So the .txt is the source text with LF line
// endings, and every offset is mapped onto it: brat offsets count code points
// over that LF text. A span crossing a line break becomes a discontinuous
// span, one fragment per line ("start end;start end"), because brat cannot
// draw one fragment over a line break.
//
// .ann lines: T (text-bound), R (relations; a claim's claimant is
// "Claimant Arg1:<claim> Arg2:<mention>"), A (attributes: Stance and Status on
// claims, and any custom attributes), N (the entity registry id, as
// "Reference T1 marginalia:<id>"), and "#" AnnotatorNotes lines for notes
// (one per line of a note: an .ann line cannot hold a line break).
import { TextIndex, codePointLength, lowerBound } from '../offsets';
import type { LabelSchemaFile } from '../label-schema';
import type { Range } from './types';

export const BRAT_CLAIMANT = 'Claimant';
export const BRAT_STANCE = 'Stance';
export const BRAT_STATUS = 'Status';
/** The normalization DB name for Marginalia's entity registry ids. */
export const BRAT_ENTITY_DB = 'marginalia';

/** The LF text brat sees: every "\r\n" and lone "\r" becomes "\n" (same code points otherwise). */
export function toLf(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Maps code-point offsets between a source text and its LF version. Each
 * "\r\n" is one character in the LF text; an offset between its "\r" and
 * "\n" maps to the line break. A lone "\r" keeps its place (it becomes "\n").
 */
export class NewlineMap {
  /** Code-point offset of the "\r" of every "\r\n" in the source, ascending. */
  private readonly crlf: Uint32Array;
  /** Their offsets in the LF text. */
  private readonly lf: Uint32Array;

  constructor(index: TextIndex) {
    const crlf: number[] = [];
    const text = index.text;
    for (let u = text.indexOf('\r\n'); u !== -1; u = text.indexOf('\r\n', u + 2)) crlf.push(index.toCodePoint(u));
    this.crlf = Uint32Array.from(crlf);
    this.lf = Uint32Array.from(crlf, (r, k) => r - k);
  }

  get hasCrlf(): boolean {
    return this.crlf.length > 0;
  }

  toLf(cp: number): number {
    return cp - lowerBound(this.crlf, cp);
  }

  fromLf(cp: number): number {
    return cp + lowerBound(this.lf, cp);
  }
}

/**
 * brat type and attribute names cannot hold whitespace or the characters its
 * configuration syntax uses; anything else becomes "_".
 */
export function bratName(name: string): string {
  const cleaned = name.replace(/[^\p{L}\p{N}_.-]/gu, '_');
  return cleaned === '' ? '_' : cleaned;
}

export function bratValue(v: string): string {
  return v.replace(/\s+/gu, '_') || '_';
}

/** Text on one line (normalization names). */
export function oneLine(s: string): string {
  return s.replace(/\r\n|[\r\n\t]/g, ' ');
}

/** A note's lines: an .ann line cannot hold a line break, so a note takes one AnnotatorNotes line per line (read back joined with "\n"). */
export function noteLines(note: string): string[] {
  return note.split(/\r\n|\r|\n/);
}

/**
 * The base name (without extension) brat files of a corpus document get: a
 * `.txt` document keeps its name (`a/b.txt` -> `a/b.txt` + `a/b.ann`), any
 * other keeps its extension in the stem (`c.md` -> `c.md.txt` + `c.md.ann`),
 * since brat only lists `.txt` files.
 */
export function bratBaseName(path: string): string {
  return path.toLowerCase().endsWith('.txt') ? path.slice(0, -4) : path;
}

/** The corpus documents a brat base name may stand for, most likely first. */
export function documentsForBratBase(base: string): string[] {
  return [`${base}.txt`, base];
}

export function entityReference(entity: string): string {
  const e = entity.replace(/\s+/gu, '_');
  return /^[^\s:]+:\S+$/u.test(e) ? e : `${BRAT_ENTITY_DB}:${e}`;
}

/** Splits an LF-text range at line breaks into non-empty fragments. */
export function fragmentsOf(lfIndex: TextIndex, start: number, end: number): { fragments: Range[]; texts: string[] } {
  const fragments: Range[] = [];
  const texts: string[] = [];
  let pos = start;
  for (const piece of lfIndex.slice(start, end).split('\n')) {
    const len = codePointLength(piece);
    if (len > 0) {
      fragments.push({ start: pos, end: pos + len });
      texts.push(piece);
    }
    pos += len + 1;
  }
  return { fragments, texts };
}

/** A knowledge-base id as a brat normalization reference: Wikidata:Q42, an IRI or a DB:ID as it is. */
export function kbReference(kb: string): string {
  if (/^[QPL][1-9]\d*$/.test(kb)) return `Wikidata:${kb}`;
  return entityReference(kb);
}

/**
 * The schema label a brat type name stands for: itself when the schema has
 * it, else the schema label that bratName() turns into it.
 */
export function labelFromBrat(name: string, schema?: LabelSchemaFile): string {
  if (!schema) return name;
  const labels = [...schema.entityLabels, ...schema.claimLabels].map((l) => l.name);
  if (labels.includes(name)) return name;
  return labels.find((l) => bratName(l) === name) ?? name;
}

/**
 * The brat type of the one span that carries the document labels (brat has no
 * document-level annotation): it covers the document's first non-blank line,
 * and each label is an attribute on it. The importer reads it back as
 * document labels, never as a span.
 */
export const BRAT_DOCUMENT = 'Document';

/** The schema's document label (and value) a brat attribute on the Document span stands for. */
export function categoryFromBrat(name: string, value: string | undefined, schema?: LabelSchemaFile): { name: string; value?: string } {
  const label = (schema?.documentLabels ?? []).find((d) => d.name === name) ?? (schema?.documentLabels ?? []).find((d) => bratName(d.name) === name);
  const labelName = label?.name ?? name;
  if (value === undefined) return { name: labelName };
  const v = label?.values?.find((x) => x === value) ?? label?.values?.find((x) => bratValue(x) === value) ?? value;
  return { name: labelName, value: v };
}
