// Offline entity suggestions: turning compromise's named-entity matches into
// code-point spans with the schema's labels. Pure: compromise itself is passed
// in (the renderer's worker imports it; tests import it directly), so this
// module depends on nothing but its output shape.
//
// From compromise's matches to spans:
// - offsets: compromise gives each term a UTF-16 offset (the sum of the
//   lengths of the text before it); every term is checked against the text at
//   that offset (a match with a term that is not there is dropped), and spans
//   go through TextIndex to code points — the only UTF-16/code-point crossing;
// - a match is cut where the text between two of its terms holds a line
//   break or hard punctuation (— – ( ) [ ] " “ ” ; : / |), so "WASHINGTON—The
//   U.S. military" gives two candidates; places are also cut at a comma
//   ("Seoul, South Korea") unless an abbreviation follows ("Washington, D.C.");
// - places tagged country, city or region (or a lone acronym: US, UK) are
//   GPE, other places LOC;
// - leading titles (Gen., Mr., President) and articles (the, a, an) are dropped,
//   a final abbreviation keeps its full stop ("Acme Inc."), a trailing
//   possessive goes ("Japan’s" → "Japan"; for organisations only when
//   compromise tagged it as possessive, so "McDonald's" stays), and stray
//   punctuation at either end is trimmed;
// - names must have a capital or a letter of a caseless script; dates must
//   have a digit, a month, a weekday or a holiday ("month" alone is not one).
// Categories map to labels (DEFAULT_LABEL_MAP: PERSON, ORG, GPE, LOC, DATE);
// a suggestion whose label the schema lacks is dropped, and so is one whose
// span and label are already annotated.
import type { TextIndex } from './offsets';
import type { RecommenderName } from './recommenders/types';

export const NER_CATEGORIES = ['person', 'organization', 'gpe', 'location', 'date'] as const;
export type NerCategory = (typeof NER_CATEGORIES)[number];

/** compromise → the default schema: places that are countries, cities or regions are GPE, other places LOC. */
export const DEFAULT_LABEL_MAP: Readonly<Record<NerCategory, string>> = {
  person: 'PERSON',
  organization: 'ORG',
  gpe: 'GPE',
  location: 'LOC',
  date: 'DATE',
};

/** A term as compromise's `json({ offset: true, terms: true })` gives it (UTF-16 offsets). */
export interface NlpTerm {
  text: string;
  pre?: string;
  post?: string;
  normal?: string;
  tags?: string[];
  offset?: { start: number; length: number };
}

/** The part of compromise's API used here: nlp(text) and these views. */
export interface NlpView {
  json(options: { offset: true; terms: true; text?: boolean }): unknown;
}
export interface NlpDocument {
  people(): NlpView;
  organizations(): NlpView;
  places(): NlpView;
  match(pattern: string): NlpView;
}
export type Nlp = (text: string) => NlpDocument;

export interface Suggestion {
  /** `${label}:${start}:${end}`: stable for one document and one label map. */
  id: string;
  label: string;
  type: 'entity';
  /** Code points, half-open. */
  start: number;
  end: number;
  text: string;
  /** compromise's category; absent for the recommenders that learn from the corpus. */
  category?: NerCategory;
  /** How sure its recommender is (0..1); compromise's have none. Suggestions are reviewed surest first. */
  score?: number;
  /** Which recommender made it (app/recommenders/): absent for compromise. */
  source?: RecommenderName;
  /** The registry entity a string match links (the one this text was linked to most often). */
  entity?: string;
}

export interface SuggestOptions {
  /** Overrides DEFAULT_LABEL_MAP per category; null turns a category off. */
  labelMap?: Partial<Record<NerCategory, string | null>>;
  /** The schema's entity labels: suggestions with any other label are dropped. */
  allowedLabels?: readonly string[];
  /** Annotations already made: no suggestion repeats one (same start, end and label). */
  existing?: readonly { label: string; start: number; end: number }[];
}

/** One stretch of whole lines, processed in one compromise call. */
export interface TextChunk {
  /** UTF-16 index of the chunk in the whole text. */
  start: number;
  text: string;
}

/** UTF-16 units per chunk (whole lines; one longer line is one chunk). */
export const CHUNK_SIZE = 20_000;

/** The text cut into chunks of whole lines, so progress can be reported and a run cancelled between them. */
export function textChunks(index: TextIndex, size = CHUNK_SIZE): TextChunk[] {
  const chunks: TextChunk[] = [];
  let from = 0;
  for (let i = 0; i < index.lines.length; i++) {
    const line = index.lines[i];
    if (!line) continue;
    const end = line.end + line.terminator;
    if (end - from >= size || i === index.lines.length - 1) {
      if (end > from) chunks.push({ start: from, text: index.text.slice(from, end) });
      from = end;
    }
  }
  return chunks;
}

interface RawMatch {
  category: NerCategory;
  terms: NlpTerm[];
}

function matchesOf(view: NlpView): NlpTerm[][] {
  const json = view.json({ offset: true, terms: true, text: false });
  if (!Array.isArray(json)) return [];
  return json
    .map((m: unknown) => (m && typeof m === 'object' && Array.isArray((m as { terms?: unknown }).terms) ? ((m as { terms: NlpTerm[] }).terms) : []))
    .filter((t) => t.length > 0);
}

const hasTag = (t: NlpTerm, ...tags: string[]) => tags.some((g) => t.tags?.includes(g) ?? false);

/** compromise's entity matches in one chunk of text. */
export function compromiseMatches(nlp: Nlp, text: string): RawMatch[] {
  const doc = nlp(text);
  const out: RawMatch[] = [];
  for (const terms of matchesOf(doc.people())) out.push({ category: 'person', terms });
  for (const terms of matchesOf(doc.organizations())) out.push({ category: 'organization', terms });
  for (const terms of matchesOf(doc.places())) {
    // Place acronyms (US, UK, UAE) are nearly always countries or states.
    const gpe = terms.some((t) => hasTag(t, 'Country', 'City', 'Region')) || (terms.length === 1 && hasTag(terms[0] as NlpTerm, 'Acronym'));
    out.push({ category: gpe ? 'gpe' : 'location', terms });
  }
  for (const terms of matchesOf(doc.match('#Date+'))) out.push({ category: 'date', terms });
  return out;
}

const HARD_BREAK = /[\r\n\u2028\u2029—–()[\]{}"“”«»;:/|]/u;
const ARTICLES = new Set(['the', 'a', 'an']);
const LEADING_JUNK = /^[\s"“”‘'’«»([{,.;:!?\-–—]+/u;
const TRAILING_JUNK = /[\s"“”‘'’«»)\]},;:!?\-–—]+$/u;
const NAME_LETTER = /[\p{Lu}\p{Lt}\p{Lo}]/u;
const RELATIVE_DAYS = new Set(['today', 'yesterday', 'tomorrow', 'tonight']);

/** A term is where compromise says it is (or the whole match is dropped). */
function placed(text: string, t: NlpTerm): boolean {
  return t.offset !== undefined && t.text.length > 0 && text.startsWith(t.text, t.offset.start);
}

/**
 * A match cut into runs at hard punctuation and line breaks between its
 * terms; places also at a comma ("Seoul, South Korea", "China, Russia"),
 * unless an abbreviation follows ("Washington, D.C.").
 */
function runs(category: NerCategory, terms: NlpTerm[]): NlpTerm[][] {
  const out: NlpTerm[][] = [];
  let cur: NlpTerm[] = [];
  const place = category === 'gpe' || category === 'location';
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i] as NlpTerm;
    if (cur.length > 0) {
      const between = `${terms[i - 1]?.post ?? ''}${t.pre ?? ''}`;
      const comma = place && between.includes(',') && !hasTag(t, 'Acronym', 'Abbreviation');
      if (HARD_BREAK.test(between) || comma) {
        out.push(cur);
        cur = [];
      }
    }
    cur.push(t);
  }
  if (cur.length) out.push(cur);
  return out;
}

/** One run of terms as a UTF-16 span of the chunk, trimmed; null when nothing worth suggesting is left. */
function runSpan(text: string, category: NerCategory, run: NlpTerm[]): { start: number; end: number } | null {
  let terms = run;
  while (terms.length > 0) {
    const first = terms[0] as NlpTerm;
    const normal = (first.normal ?? first.text).toLowerCase();
    // Titles go: "Gen. Chance Saltzman", "Leader Kim Jong Un" (OntoNotes leaves them out of PERSON).
    const title = category === 'person' && terms.length > 1 && hasTag(first, 'Honorific', 'Actor');
    if (ARTICLES.has(normal) || title) terms = terms.slice(1);
    else break;
  }
  const first = terms[0];
  const last = terms.at(-1);
  if (!first?.offset || !last?.offset) return null;
  let start = first.offset.start;
  let end = last.offset.start + last.text.length;
  // compromise keeps an abbreviation's full stop in `post` ("Inc" + ". "): give it back.
  if (hasTag(last, 'Abbreviation') && (last.post ?? '').startsWith('.')) end += 1;
  let s = text.slice(start, end);
  const possessive = /(?:['’]s|(?<=s)['’])$/u;
  if ((category !== 'organization' || hasTag(last, 'Possessive')) && possessive.test(s)) {
    const cut = s.replace(possessive, '');
    end -= s.length - cut.length;
    s = cut;
  }
  const lead = LEADING_JUNK.exec(s)?.[0].length ?? 0;
  start += lead;
  s = s.slice(lead);
  // Keep a final full stop that ends an abbreviation ("U.S.", "Inc."), drop any other.
  const trail = TRAILING_JUNK.exec(s)?.[0].length ?? 0;
  end -= trail;
  s = s.slice(0, s.length - trail);
  if (s.endsWith('.') && !/(?:^|[^\p{L}])(?:\p{L}\.)+$/u.test(s) && !hasTag(last, 'Abbreviation')) {
    end -= 1;
    s = s.slice(0, -1);
  }
  if (end <= start || HARD_BREAK.test(s)) return null;
  if (category === 'date') {
    const dated = /\p{Nd}/u.test(s) || terms.some((t) => hasTag(t, 'Month', 'WeekDay', 'Holiday') || RELATIVE_DAYS.has((t.normal ?? t.text).toLowerCase()));
    if (!dated) return null;
  } else if (!NAME_LETTER.test(s)) {
    return null;
  }
  return { start, end };
}

/** Suggestions found in one chunk, in code points over the whole text (not yet filtered or deduplicated). */
export function suggestInChunk(nlp: Nlp, index: TextIndex, chunk: TextChunk, options: Pick<SuggestOptions, 'labelMap'> = {}): Suggestion[] {
  const out: Suggestion[] = [];
  for (const m of compromiseMatches(nlp, chunk.text)) {
    if (!m.terms.every((t) => placed(chunk.text, t))) continue;
    const label = options.labelMap && m.category in options.labelMap ? options.labelMap[m.category] : DEFAULT_LABEL_MAP[m.category];
    if (!label) continue;
    for (const run of runs(m.category, m.terms)) {
      const span = runSpan(chunk.text, m.category, run);
      if (!span) continue;
      const start = index.toCodePoint(chunk.start + span.start);
      const end = index.toCodePoint(chunk.start + span.end);
      out.push({ id: `${label}:${start}:${end}`, label, type: 'entity', start, end, text: index.slice(start, end), category: m.category });
    }
  }
  return out;
}

/** Drops labels the schema lacks, spans already annotated with the same label, and duplicates; sorts by position. */
export function finishSuggestions(found: readonly Suggestion[], options: Omit<SuggestOptions, 'labelMap'> = {}): Suggestion[] {
  const allowed = options.allowedLabels ? new Set(options.allowedLabels) : null;
  const taken = new Set((options.existing ?? []).map((a) => `${a.label}:${a.start}:${a.end}`));
  const seen = new Set<string>();
  const out: Suggestion[] = [];
  for (const s of found) {
    if ((allowed && !allowed.has(s.label)) || taken.has(s.id) || seen.has(s.id)) continue;
    seen.add(s.id);
    out.push(s);
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** All suggestions for a text in one go (the worker does the same chunk by chunk, reporting progress). */
export function suggestEntities(nlp: Nlp, index: TextIndex, options: SuggestOptions = {}): Suggestion[] {
  const found = textChunks(index).flatMap((chunk) => suggestInChunk(nlp, index, chunk, options));
  return finishSuggestions(found, options);
}
