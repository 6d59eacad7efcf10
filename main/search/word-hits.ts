// Hits placed from a document's stored word sequence (word-index.ts) instead
// of tokenising its text again for every query. Tokenising the fifty texts a
// page shows (a string and an object per word) was a third of a query's CPU
// time and most of its garbage. Here the clauses are matched on the term ids
// the index already keeps, and the text is only walked for where its words
// lie (forEachWordSpan: numbers into reused typed arrays, no string per
// ASCII word, the splits of other runs remembered). A text whose word count differs from the sequence's (changed on disk
// since it was indexed) gives null: the caller tokenises it as before.
import { mergeRanges, type LocatedText } from '../../app/search/locate';
import { forEachWordSpan } from '../../app/search/tokenize';
import type { DocumentWords, PhraseMatcher } from './word-index';

/** Where each word of a text lies (UTF-16, half-open), grown as needed and reused from text to text. */
let starts = new Int32Array(4096);
let ends = new Int32Array(4096);
let count = 0;

function push(start: number, end: number): void {
  if (count === starts.length) {
    const s = new Int32Array(count * 2);
    s.set(starts);
    starts = s;
    const e = new Int32Array(count * 2);
    e.set(ends);
    ends = e;
  }
  starts[count] = start;
  ends[count] = end;
  count++;
}

/** A clause of the query with its matcher over term ids. */
export interface CompiledClause {
  negated: boolean;
  /** How many words it has. */
  length: number;
  matcher: PhraseMatcher;
}

/**
 * locateClauses() (app/search/locate.ts) for `text` whose words are `words`:
 * the same ranges and the same found flags, or null when the text's words do
 * not line up with the sequence.
 */
export function locateFromWords(text: string, words: DocumentWords, clauses: readonly CompiledClause[]): LocatedText | null {
  count = 0;
  forEachWordSpan(text, push);
  if (count !== words.textLength) return null;
  const seq = words.seq;
  const end = words.textLength;
  const ranges: { start: number; end: number }[] = [];
  const found = clauses.map((c) => {
    let at = c.matcher.next(seq, 0, end);
    if (at < 0) return false;
    if (c.negated) return true;
    while (at >= 0) {
      ranges.push({ start: starts[at] as number, end: ends[at + c.length - 1] as number });
      at = c.matcher.next(seq, at + 1, end);
    }
    return true;
  });
  return { ranges: mergeRanges(text, ranges), found };
}

/** For the clauses (in order), whether some annotation's text or note has each, and which annotations have any positive one. */
export interface AnnotationClauses {
  /** Per clause: found in some annotation's text or note. */
  some: boolean[];
  /** Per annotation (in the record's order): has a positive clause. */
  withWord: Uint8Array;
}

/**
 * annotationHasClause() (app/search/document-model.ts) for every annotation
 * of a document at once, on the annotations' parts of its word sequence (each
 * annotation's text, then its note, after a separator). Null when the
 * sequence does not hold `annotationCount` annotations.
 */
export function annotationClauses(words: DocumentWords, annotationCount: number, clauses: readonly CompiledClause[]): AnnotationClauses | null {
  const seq = words.seq;
  const separator = seq instanceof Uint16Array ? 0xffff : 0xffffffff;
  const some = clauses.map(() => false);
  const withWord = new Uint8Array(annotationCount);
  // Parts: [separator, text words..., separator, note words...] per annotation.
  let at = words.textLength;
  for (let a = 0; a < annotationCount; a++) {
    for (let part = 0; part < 2; part++) {
      if (at >= seq.length || seq[at] !== separator) return null;
      const from = at + 1;
      let to = seq.indexOf(separator, from);
      if (to < 0) to = seq.length;
      for (let k = 0; k < clauses.length; k++) {
        const c = clauses[k] as CompiledClause;
        if (c.matcher.next(seq, from, to) < 0) continue;
        some[k] = true;
        if (!c.negated) withWord[a] = 1;
      }
      at = to;
    }
  }
  return at === seq.length ? { some, withWord } : null;
}
