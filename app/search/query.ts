// The search box's query language, parsed into a structure (pure; never throws).
//
//   flood warning          documents with both words (any order), in the text or in annotation notes
//   "flood warning"        the words next to each other, in this order (also “smart quotes”)
//   长江流域 / 나로우주센터   CJK typed without spaces is a phrase of its characters: any substring is found
//   -dam  -"dam release"   documents without the word or phrase
//   label:PERSON           filters on annotations: label, entity (id or name), status (claim status),
//   entity:"Chance Saltzman"  author; several filters hold for the same annotation, values of one key are
//   status:disputed        alternatives (label:PERSON label:ORG), a leading - negates one
//   author:alice           (label:CLAIM -status:refuted: a claim that is not refuted)
//   doc:done               the document's status: todo, in-progress, done
//   category:topic         a document label set on the document (any value), or
//   category:topic:space   with that value (values of one key are alternatives, - negates)
//
// Matching ignores case and diacritics (fold.ts). The last word, while it is
// being typed (no space after it yet), also matches longer words it starts.
import { CLAIM_STATUSES, DOCUMENT_STATUSES, type DocumentStatus } from '../sidecar/sidecar-schema';
import { fold } from './fold';
import { requiredTerms, tokenize } from './tokenize';

export const FILTER_KEYS = ['label', 'entity', 'status', 'author', 'doc', 'category'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
/** Keys that filter annotations (all of them must hold for one annotation); `doc` and `category` filter the document. */
export const ANNOTATION_FILTER_KEYS: readonly FilterKey[] = ['label', 'entity', 'status', 'author'];

export interface TextClause {
  /** What was typed, without quotes or the leading minus. */
  raw: string;
  /** Its folded terms, in order. */
  terms: string[];
  /** The terms the index must hold for a document to contain the clause (CJK as bigrams). */
  required: string[];
  /** Written in quotes. */
  quoted: boolean;
  /** A leading minus: documents that contain it are left out. */
  negated: boolean;
  /** The last term also matches longer words it starts (the word being typed). */
  prefix: boolean;
}

export interface FilterClause {
  key: FilterKey;
  /** As typed. */
  value: string;
  /** Folded; for `doc` and `status`, the canonical status name when it is one. */
  folded: string;
  negated: boolean;
}

export interface ParsedQuery {
  text: TextClause[];
  filters: FilterClause[];
  /** Things to tell the person typing (an unknown status, a filter without a value). */
  problems: string[];
}

const QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e', '\u00ab', '\u00bb']);
const SPACE = /\s/u;
const FILTER_KEY = /^([A-Za-z]+):/;
/** A prefix shorter than this would expand to too many words to be useful (or fast). */
const MIN_PREFIX = 2;

/** `doc:` values as people type them: in progress, in_progress, inprogress. */
function canonicalDocStatus(folded: string): string {
  const s = folded.replace(/[\s_]+/gu, '-');
  return s === 'inprogress' ? 'in-progress' : s;
}

export function isDocumentStatus(s: string): s is DocumentStatus {
  return (DOCUMENT_STATUSES as readonly string[]).includes(s);
}

function readQuoted(s: string, from: number): { value: string; next: number } {
  let i = from;
  while (i < s.length && !QUOTES.has(s[i] as string)) i++;
  return { value: s.slice(from, i), next: i < s.length ? i + 1 : i };
}

function readBare(s: string, from: number): { value: string; next: number } {
  let i = from;
  while (i < s.length && !SPACE.test(s[i] as string)) i++;
  return { value: s.slice(from, i), next: i };
}

function textClause(raw: string, quoted: boolean, negated: boolean): TextClause | null {
  const tokens = tokenize(raw);
  if (tokens.length === 0) return null;
  return { raw, terms: tokens.map((t) => t.term), required: requiredTerms(tokens), quoted, negated, prefix: false };
}

export function parseQuery(query: string): ParsedQuery {
  const parsed: ParsedQuery = { text: [], filters: [], problems: [] };
  const s = query.normalize('NFC');
  let i = 0;
  /** The clause that ends the query with no space after it, if it is bare text. */
  let typing: TextClause | null = null;
  while (i < s.length) {
    if (SPACE.test(s[i] as string)) {
      i++;
      continue;
    }
    let negated = false;
    if (s[i] === '-' && i + 1 < s.length && !SPACE.test(s[i + 1] as string)) {
      negated = true;
      i++;
    }
    typing = null;
    if (QUOTES.has(s[i] as string)) {
      const { value, next } = readQuoted(s, i + 1);
      i = next;
      const clause = textClause(value, true, negated);
      if (clause) parsed.text.push(clause);
      continue;
    }
    const key = FILTER_KEY.exec(s.slice(i, i + 12))?.[1]?.toLowerCase();
    if (key && (FILTER_KEYS as readonly string[]).includes(key)) {
      i += key.length + 1;
      const { value, next } = QUOTES.has(s[i] ?? '') ? readQuoted(s, i + 1) : readBare(s, i);
      i = next;
      const trimmed = value.trim();
      if (!trimmed) {
        parsed.problems.push(`${key}: needs a value, e.g. ${example(key as FilterKey)}`);
        continue;
      }
      parsed.filters.push(filterClause(key as FilterKey, trimmed, negated, parsed.problems));
      continue;
    }
    const { value, next } = readBare(s, i);
    i = next;
    const clause = textClause(value, false, negated);
    if (clause) {
      parsed.text.push(clause);
      // An excluded word is matched whole: "-da" must not drop every document with "data".
      if (!negated) typing = clause;
    }
  }
  const last = typing?.terms[typing.terms.length - 1];
  if (typing && last !== undefined && !SPACE.test(s[s.length - 1] ?? ' ') && [...last].length >= MIN_PREFIX) {
    typing.prefix = !tokenize(last)[0]?.cjk;
  }
  return parsed;
}

function example(key: FilterKey): string {
  switch (key) {
    case 'label':
      return 'label:PERSON';
    case 'entity':
      return 'entity:"Chance Saltzman"';
    case 'status':
      return 'status:disputed';
    case 'author':
      return 'author:alice';
    case 'doc':
      return 'doc:done';
    case 'category':
      return 'category:topic:space';
  }
}

function filterClause(key: FilterKey, value: string, negated: boolean, problems: string[]): FilterClause {
  let folded = fold(value).trim();
  if (key === 'status' && !(CLAIM_STATUSES as readonly string[]).includes(folded)) {
    problems.push(`status:${value} is not a claim status (${CLAIM_STATUSES.join(', ')})`);
  }
  if (key === 'doc') {
    folded = canonicalDocStatus(folded);
    if (!isDocumentStatus(folded)) problems.push(`doc:${value} is not a document status (${DOCUMENT_STATUSES.join(', ')})`);
  }
  return { key, value, folded, negated };
}

/** True when the query asks for nothing (no text, no filters). */
export function isEmptyQuery(q: ParsedQuery): boolean {
  return q.text.length === 0 && q.filters.length === 0;
}

/**
 * Where `clause` occurs in a sequence of terms: the index of each first term.
 * Its terms must follow each other; the last may be a prefix (clause.prefix).
 */
export function findClause(terms: readonly string[], clause: Pick<TextClause, 'terms' | 'prefix'>, max = Infinity): number[] {
  const want = clause.terms;
  const n = want.length;
  const out: number[] = [];
  if (n === 0) return out;
  const lastPrefix = clause.prefix;
  for (let i = 0; i + n <= terms.length && out.length < max; i++) {
    let k = 0;
    for (; k < n; k++) {
      const have = terms[i + k] as string;
      const w = want[k] as string;
      if (have === w) continue;
      if (k === n - 1 && lastPrefix && have.startsWith(w)) continue;
      break;
    }
    if (k === n) out.push(i);
  }
  return out;
}
