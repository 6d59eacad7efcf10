// What the search index keeps of each document besides its words: its status
// and a lean copy of its annotations (what filters and annotation hits need),
// and the pure matching of filters and words against them.
import { CLAIM_STATUSES, DOCUMENT_STATUSES, type Annotation, type Category, type DocumentStatus } from '../sidecar/sidecar-schema';
import { fold } from './fold';
import { findClause, type FilterClause, type ParsedQuery, type TextClause } from './query';
import { tokenize } from './tokenize';
import type { SearchAnnotationHit } from './types';

/** Longest annotation text kept for display (longer ones are cut, with "…"). */
const MAX_SHOWN = 160;

export interface IndexedAnnotation {
  id: string;
  type: Annotation['type'];
  label: string;
  start: number;
  end: number;
  /** Cut to MAX_SHOWN. */
  text: string;
  entity?: string;
  status?: string;
  author?: string;
  /** Folded label and author, for filters. */
  labelKey: string;
  authorKey?: string;
  note?: string;
}

export interface SearchRecord {
  path: string;
  status: DocumentStatus;
  annotations: IndexedAnnotation[];
  /**
   * What its annotations have, as filter keys (`label:person`, `status:disputed`,
   * `author:alice`, `entity:<id>`), so a filter can pass over a document without
   * looking at each annotation.
   */
  keys: ReadonlySet<string>;
  /** Its document labels, folded, each as `name` and as `name:value` (what `category:` filters compare with). */
  categories?: ReadonlySet<string>;
}

/** Calls `add` with each filter key one annotation gives (see SearchRecord.keys). */
export function forEachAnnotationKey(a: IndexedAnnotation, add: (key: string) => void): void {
  add(`label:${a.labelKey}`);
  if (a.type === 'claim' && a.status) add(`status:${a.status}`);
  if (a.authorKey !== undefined) add(`author:${a.authorKey}`);
  if (a.entity !== undefined) add(`entity:${a.entity}`);
}

function keysOf(annotations: readonly IndexedAnnotation[]): Set<string> {
  const keys = new Set<string>();
  const add = (key: string) => keys.add(key);
  for (const a of annotations) forEachAnnotationKey(a, add);
  return keys;
}

/** What the index reads of a sidecar: its status and, per annotation, the fields search uses. */
export interface IndexableSidecar {
  status: DocumentStatus;
  annotations: readonly Pick<Annotation, 'id' | 'type' | 'label' | 'start' | 'end' | 'text' | 'entity' | 'status' | 'author' | 'note'>[];
  categories?: readonly Category[];
}

const STATUSES = new Set<string>(DOCUMENT_STATUSES);

/**
 * The fields search needs from a parsed sidecar file (any version), checking
 * each one's type; null when it is not a sidecar at all. Lenient on purpose:
 * building the index reads every sidecar, and a full schema check of each
 * would double the time; openDocument still checks everything.
 */
export function indexableSidecarOf(json: unknown): IndexableSidecar | null {
  if (!json || typeof json !== 'object' || !Array.isArray((json as { annotations?: unknown }).annotations)) return null;
  const raw = json as { status?: unknown; annotations: unknown[]; categories?: unknown };
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const annotations: IndexableSidecar['annotations'][number][] = [];
  for (const a of raw.annotations) {
    if (!a || typeof a !== 'object') continue;
    const r = a as Record<string, unknown>;
    const id = str(r.id);
    const label = str(r.label);
    const text = str(r.text);
    if (id === undefined || label === undefined || text === undefined) continue;
    if (typeof r.start !== 'number' || typeof r.end !== 'number') continue;
    const out: IndexableSidecar['annotations'][number] = { id, type: r.type === 'claim' ? 'claim' : 'entity', label, start: r.start, end: r.end, text };
    const entity = str(r.entity);
    const status = str(r.status);
    const author = str(r.author);
    const note = str(r.note);
    if (entity !== undefined) out.entity = entity;
    if (status !== undefined && (CLAIM_STATUSES as readonly string[]).includes(status)) out.status = status as NonNullable<Annotation['status']>;
    if (author !== undefined) out.author = author;
    if (note !== undefined) out.note = note;
    annotations.push(out);
  }
  const status = typeof raw.status === 'string' && STATUSES.has(raw.status) ? (raw.status as DocumentStatus) : 'todo';
  const categories: Category[] = [];
  for (const c of Array.isArray(raw.categories) ? (raw.categories as unknown[]) : []) {
    const name = str((c as { name?: unknown } | null)?.name);
    const value = str((c as { value?: unknown } | null)?.value);
    if (name) categories.push(value ? { name, value } : { name });
  }
  return categories.length ? { status, annotations, categories } : { status, annotations };
}

function cut(s: string): string {
  const chars = [...s];
  return chars.length <= MAX_SHOWN ? s : `${chars.slice(0, MAX_SHOWN - 1).join('')}…`;
}

/** Labels and authors repeat in every document: one string each, folded once. */
const interned = new Map<string, { s: string; folded: string }>();
function intern(s: string): { s: string; folded: string } {
  const known = interned.get(s);
  if (known !== undefined) return known;
  if (interned.size > 10_000) interned.clear();
  const made = { s, folded: fold(s).trim() };
  interned.set(s, made);
  return made;
}

/** The words of annotations' texts and notes, made when a query first needs them (only for the documents it shows). */
const wordCache = new WeakMap<IndexedAnnotation, { text: string[]; note: string[] }>();
function wordsOf(a: IndexedAnnotation): { text: string[]; note: string[] } {
  let w = wordCache.get(a);
  if (!w) {
    w = { text: tokenize(a.text).map((t) => t.term), note: a.note ? tokenize(a.note).map((t) => t.term) : [] };
    wordCache.set(a, w);
  }
  return w;
}

/** What the record keeps of one annotation. */
export function indexedAnnotationOf(a: IndexableSidecar['annotations'][number]): IndexedAnnotation {
  const label = intern(a.label);
  const r: IndexedAnnotation = {
    id: a.id,
    type: a.type,
    label: label.s,
    start: a.start,
    end: a.end,
    text: a.text.length > MAX_SHOWN ? cut(a.text) : a.text,
    labelKey: label.folded,
  };
  if (a.entity !== undefined) r.entity = a.entity;
  if (a.status !== undefined) r.status = a.status;
  else if (a.type === 'claim') r.status = 'unverified';
  if (a.author !== undefined) {
    const author = intern(a.author);
    r.author = author.s;
    r.authorKey = author.folded;
  }
  if (a.note) r.note = a.note;
  return r;
}

/** The record kept for one document, from its sidecar (null: no annotations, status todo). */
export function searchRecordOf(path: string, sidecar: IndexableSidecar | null): SearchRecord {
  const annotations = (sidecar?.annotations ?? []).map(indexedAnnotationOf);
  return recordWith(path, sidecar, annotations, keysOf(annotations));
}

/** The record of `sidecar` whose annotations, as kept, and their keys are at hand (a save's delta made them). */
export function recordWith(path: string, sidecar: Pick<IndexableSidecar, 'status' | 'categories'> | null, annotations: IndexedAnnotation[], keys: ReadonlySet<string>): SearchRecord {
  const record: SearchRecord = { path, status: sidecar?.status ?? 'todo', annotations, keys };
  if (sidecar?.categories?.length) {
    const categories = new Set<string>();
    for (const c of sidecar.categories) {
      const name = fold(c.name).trim();
      categories.add(name);
      if (c.value !== undefined) categories.add(`${name}:${fold(c.value).trim()}`);
    }
    record.categories = categories;
  }
  return record;
}

/** The annotation notes of a sidecar, as one text for the index's `notes` field. */
export function notesText(sidecar: IndexableSidecar | null): string {
  return (sidecar?.annotations ?? [])
    .map((a) => a.note ?? '')
    .filter(Boolean)
    .join('\n');
}

/** Turns an `entity:` value (folded) into the entity ids it names: the id itself, or a name or alias in the registry. */
export type EntityResolver = (value: string, folded: string) => ReadonlySet<string>;

export const idOnlyResolver: EntityResolver = (value) => new Set([value]);

/** One filter compiled to a test of one annotation, and the record keys one of which a matching annotation gives. */
function compile(f: FilterClause, resolve: EntityResolver): { test: (a: IndexedAnnotation) => boolean; keys: string[] } {
  switch (f.key) {
    case 'label':
      return { test: (a) => a.labelKey === f.folded, keys: [`label:${f.folded}`] };
    case 'status':
      return { test: (a) => a.type === 'claim' && a.status === f.folded, keys: [`status:${f.folded}`] };
    case 'author':
      return { test: (a) => a.authorKey === f.folded, keys: [`author:${f.folded}`] };
    case 'entity': {
      const ids = resolve(f.value, f.folded);
      return { test: (a) => a.entity !== undefined && ids.has(a.entity), keys: [...ids].map((id) => `entity:${id}`) };
    }
    case 'doc':
    case 'category':
      return { test: () => true, keys: [] };
  }
}

export interface AnnotationFilter {
  /** The query has annotation filters. */
  active: boolean;
  /** `a` satisfies all of them (each key: one of its values; a negated filter: not that value). */
  matches(a: IndexedAnnotation): boolean;
  /** Whether some annotation of the record matches (its keys rule most records out at once). */
  anyIn(record: SearchRecord): boolean;
}

/**
 * The annotation filters of a query, compiled. Called for every annotation
 * of the corpus by a filter-only query: plain loops, no allocation.
 */
export function annotationFilter(filters: readonly FilterClause[], resolve: EntityResolver = idOnlyResolver): AnnotationFilter {
  const own = filters.filter((f) => !DOCUMENT_FILTER_KEYS.includes(f.key));
  const byKey = new Map<string, ReturnType<typeof compile>[]>();
  for (const f of own.filter((x) => !x.negated)) byKey.set(f.key, [...(byKey.get(f.key) ?? []), compile(f, resolve)]);
  const groups = [...byKey.values()].map((g) => g.map((c) => c.test));
  const groupKeys = [...byKey.values()].map((g) => g.flatMap((c) => c.keys));
  const negated = own.filter((f) => f.negated).map((f) => compile(f, resolve).test);
  const matches = (a: IndexedAnnotation): boolean => {
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g] as ((a: IndexedAnnotation) => boolean)[];
      let any = false;
      for (let i = 0; i < group.length && !any; i++) any = (group[i] as (a: IndexedAnnotation) => boolean)(a);
      if (!any) return false;
    }
    for (let i = 0; i < negated.length; i++) if ((negated[i] as (a: IndexedAnnotation) => boolean)(a)) return false;
    return true;
  };
  return {
    active: own.length > 0,
    matches,
    anyIn(record) {
      if (!own.length) return true;
      for (const keys of groupKeys) if (!keys.some((k) => record.keys.has(k))) return false;
      const list = record.annotations;
      for (let i = 0; i < list.length; i++) if (matches(list[i] as IndexedAnnotation)) return true;
      return false;
    },
  };
}

/** Filters on the document itself rather than on its annotations. */
export const DOCUMENT_FILTER_KEYS: readonly FilterClause['key'][] = ['doc', 'category'];

/** Whether a document passes the query's doc: (status) and category: (document label) filters. */
export function documentPasses(record: Pick<SearchRecord, 'status' | 'categories'>, filters: readonly FilterClause[]): boolean {
  if (!documentStatusPasses(record.status, filters)) return false;
  const wanted = filters.filter((f) => f.key === 'category' && !f.negated);
  const has = (f: FilterClause) => record.categories?.has(f.folded) === true;
  if (wanted.length && !wanted.some(has)) return false;
  return !filters.some((f) => f.key === 'category' && f.negated && has(f));
}

/** Whether a document's status passes the query's doc: filters. */
export function documentStatusPasses(status: DocumentStatus, filters: readonly FilterClause[]): boolean {
  const docFilters = filters.filter((f) => f.key === 'doc');
  const wanted = docFilters.filter((f) => !f.negated);
  if (wanted.length && !wanted.some((f) => f.folded === status)) return false;
  return !docFilters.some((f) => f.negated && f.folded === status);
}

/** Whether an annotation's text or note contains the clause. */
export function annotationHasClause(a: IndexedAnnotation, clause: TextClause): boolean {
  const words = wordsOf(a);
  return findClause(words.text, clause, 1).length > 0 || findClause(words.note, clause, 1).length > 0;
}

export function annotationHitOf(a: IndexedAnnotation): SearchAnnotationHit {
  const hit: SearchAnnotationHit = { annotationId: a.id, type: a.type, label: a.label, text: a.text, start: a.start, end: a.end };
  if (a.entity !== undefined) hit.entity = a.entity;
  if (a.status !== undefined) hit.status = a.status;
  if (a.author !== undefined) hit.author = a.author;
  return hit;
}

/**
 * The annotations of a record that the query points at: with filters, those
 * satisfying them (the ones also containing a word of the query first);
 * without, those whose text or note contains a word of the query.
 */
export function matchingAnnotations(
  record: SearchRecord,
  query: ParsedQuery,
  filter: Pick<AnnotationFilter, 'active' | 'matches'>,
  /** Whether annotation `a` (the record's `index`-th) has a word of the query, when the caller knows it already. */
  hasWordAt?: (a: IndexedAnnotation, index: number) => boolean,
): IndexedAnnotation[] {
  const positive = query.text.filter((c) => !c.negated);
  const hasWord = hasWordAt ?? ((a: IndexedAnnotation) => positive.some((c) => annotationHasClause(a, c)));
  if (filter.active) {
    const passing: IndexedAnnotation[] = [];
    const passingAt: number[] = [];
    record.annotations.forEach((a, k) => {
      if (!filter.matches(a)) return;
      passing.push(a);
      passingAt.push(k);
    });
    if (!positive.length) return passing;
    const withWord = new Set(passing.filter((a, j) => hasWord(a, passingAt[j] as number)));
    return [...withWord, ...passing.filter((a) => !withWord.has(a))];
  }
  return positive.length ? record.annotations.filter((a, k) => hasWord(a, k)) : [];
}
