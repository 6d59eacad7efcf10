// Placing imported spans in the source text and merging them into a sidecar.
//
// A span is placed where its offsets say when the text there is the text the
// file gives for it (or when the file gives none). Otherwise the other
// readings of its offsets are tried (Label Studio's UTF-16), then the quote
// is searched within SEARCH_WINDOW code points of where the offsets point,
// exactly and then with any run of whitespace matching any other (a file
// whose text had its line endings changed). The nearest match wins. A span
// that cannot be placed is reported, never guessed.
import { createAnnotation, newAnnotationId, newRelationId } from '../annotations';
import { normalizeCategories } from '../categories';
import type { LabelSchemaFile } from '../label-schema';
import { snapToGraphemes, TextIndex } from '../offsets';
import { compareAnnotations, emptySidecar } from '../sidecar/sidecar-io';
import type { Annotation, AnnotationType, Relation, Sidecar } from '../sidecar/sidecar-schema';
import { mergeImportedEvents } from './merge-events';
import { NewlineMap, toLf } from './brat-common';
import type { ImportedDocument, ImportedSpan, Range } from './types';

/** How far (code points, either side) a quote is searched for when the offsets do not match it. */
export const SEARCH_WINDOW = 1000;

/** The text an imported file's offsets count over, and the way back to the source's code points. */
export interface Coordinates {
  index: TextIndex;
  toSource(cp: number): number;
}

export function coordinatesFor(source: TextIndex, kind: ImportedDocument['coordinates']): Coordinates {
  if (kind === 'source' || !/\r/.test(source.text)) return { index: source, toSource: (cp) => cp };
  const map = new NewlineMap(source);
  return { index: new TextIndex(toLf(source.text)), toSource: (cp) => map.fromLf(cp) };
}

export type Placement =
  | { ok: true; start: number; end: number; moved: boolean; fragments?: Range[] }
  | { ok: false; reason: string };

function shown(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}…` : s);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The range a list of fragments stands for: one range when only line breaks
 * separate them (how a span crossing a line break is written in brat), else
 * a discontinuous span with its pieces. A string says why it is no span.
 */
function joinFragments(index: TextIndex, fragments: readonly Range[]): { range: Range; pieces: Range[] | null } | string {
  const first = fragments[0] as Range;
  const last = fragments[fragments.length - 1] as Range;
  let continuous = true;
  for (let i = 1; i < fragments.length; i++) {
    const prev = fragments[i - 1] as Range;
    const here = fragments[i] as Range;
    if (here.start < prev.end) return 'its fragments overlap or are out of order';
    if (!/^[\r\n]+$/.test(index.slice(prev.end, here.start))) continuous = false;
  }
  const range = { start: first.start, end: last.end };
  return { range, pieces: continuous ? null : fragments.map((f) => ({ start: f.start, end: f.end })) };
}

function matchesQuote(index: TextIndex, range: Range, fragments: readonly Range[] | null, quote: string | undefined): boolean {
  if (range.end > index.length || range.end <= range.start) return false;
  if (quote === undefined) return true;
  if (index.slice(range.start, range.end) === quote) return true;
  return fragments !== null && fragments.length > 1 && fragments.map((f) => index.slice(f.start, f.end)).join(' ') === quote;
}

/** The occurrence of `quote` nearest to code point `near`, within SEARCH_WINDOW. */
export function findQuoteNear(index: TextIndex, quote: string, near: number): Range | null {
  if (quote === '') return null;
  const text = index.text;
  const from = index.toUtf16(Math.max(0, near - SEARCH_WINDOW));
  const to = Math.min(text.length, index.toUtf16(Math.min(index.length, near + SEARCH_WINDOW)) + quote.length);
  const target = index.toUtf16(Math.min(near, index.length));
  let best: { at: number; len: number } | null = null;
  const consider = (at: number, len: number) => {
    if (!best || Math.abs(at - target) < Math.abs(best.at - target)) best = { at, len };
  };
  for (let at = text.indexOf(quote, from); at !== -1 && at + quote.length <= to; at = text.indexOf(quote, at + 1)) consider(at, quote.length);
  if (!best && /\s/u.test(quote)) {
    const pattern = quote.trim().split(/\s+/u).map(escapeRegExp).join('\\s+');
    if (pattern !== '') {
      const re = new RegExp(pattern, 'gu');
      const window = text.slice(from, to);
      for (let m = re.exec(window); m; m = re.exec(window)) {
        consider(from + m.index, m[0].length);
        if (m[0].length === 0) re.lastIndex++;
      }
    }
  }
  if (!best) return null;
  const found = best as { at: number; len: number };
  return { start: index.toCodePoint(found.at), end: index.toCodePoint(found.at + found.len) };
}

/** Where an imported span goes in the source text, or why it cannot go anywhere. */
export function placeSpan(span: ImportedSpan, coords: Coordinates): Placement {
  const { index } = coords;
  const done = (r: Range, moved: boolean): Placement => {
    // A span ending inside a grapheme cluster would leave a lone accent or half an emoji (CoNLL would write it as a token).
    const snapped = snapToGraphemes(index, r.start, r.end);
    if (snapped.start !== r.start || snapped.end !== r.end) {
      return { ok: false, reason: `its offsets [${r.start}, ${r.end}) split a character from its accent or an emoji sequence (whole characters: [${snapped.start}, ${snapped.end}))` };
    }
    const start = coords.toSource(r.start);
    const end = coords.toSource(r.end);
    return end > start ? { ok: true, start, end, moved } : { ok: false, reason: 'it covers nothing in the source' };
  };
  if (span.fragments.length === 0) return { ok: false, reason: 'it has no offsets' };
  const join = joinFragments(index, span.fragments);
  if (typeof join === 'string') return { ok: false, reason: join };
  const joined = join.range;
  if (join.pieces) return placePieces(join.pieces, span.quote, coords);
  if (matchesQuote(index, joined, span.fragments, span.quote)) return done(joined, false);
  for (const alt of span.alternatives ?? []) if (matchesQuote(index, alt, null, span.quote)) return done(alt, false);
  const quote = span.quote;
  if (quote !== undefined) {
    // A brat quote joins its fragments with a space: the whitespace-tolerant search finds it over the line break.
    const found = findQuoteNear(index, quote, joined.start);
    if (found) return done(found, true);
  }
  if (joined.end > index.length) {
    return { ok: false, reason: `its offsets [${joined.start}, ${joined.end}) are past the end of the text (${index.length} code points)${quote === undefined ? '' : ` and ${shown(quote)} was not found near them`}` };
  }
  return {
    ok: false,
    reason: `its offsets [${joined.start}, ${joined.end}) cover ${shown(index.slice(joined.start, joined.end))}, not ${shown(quote ?? '')}, and the quote was not found within ${SEARCH_WINDOW} characters`,
  };
}

/** A discontinuous span: each piece where its offsets say, the quote (pieces joined by a space, or the whole extent) checked. */
function placePieces(pieces: readonly Range[], quote: string | undefined, coords: Coordinates): Placement {
  const { index } = coords;
  const last = pieces[pieces.length - 1] as Range;
  if (last.end > index.length) return { ok: false, reason: `its offsets end at ${last.end}, past the end of the text (${index.length} code points)` };
  const texts = pieces.map((p) => index.slice(p.start, p.end));
  if (quote !== undefined && texts.join(' ') !== quote && index.slice((pieces[0] as Range).start, last.end) !== quote) {
    return { ok: false, reason: `its fragments cover ${shown(texts.join(' '))}, not ${shown(quote)} (a discontinuous span is not searched for)` };
  }
  for (const p of pieces) {
    const snapped = snapToGraphemes(index, p.start, p.end);
    if (snapped.start !== p.start || snapped.end !== p.end) {
      return { ok: false, reason: `its fragment [${p.start}, ${p.end}) splits a character from its accent or an emoji sequence` };
    }
  }
  const fragments = pieces.map((p) => ({ start: coords.toSource(p.start), end: coords.toSource(p.end) }));
  return { ok: true, start: (fragments[0] as Range).start, end: (fragments[fragments.length - 1] as Range).end, moved: false, fragments };
}

export interface MergeInput {
  /** Corpus path of the document (its file name becomes source.name of a new sidecar). */
  path: string;
  text: string;
  sha256: string;
  /** The sidecar there now, or null. */
  existing: Sidecar | null;
  imported: ImportedDocument;
  schema: LabelSchemaFile;
  now?: string;
}

export interface MergeResult {
  sidecar: Sidecar;
  /** True when the sidecar gained anything. */
  changed: boolean;
  added: number;
  duplicates: number;
  /** Spans placed by their quote away from where their offsets pointed. */
  moved: string[];
  relationsAdded: number;
  relationDuplicates: number;
  /** Events and equivalence groups added (those already there are not added twice). */
  eventsAdded: number;
  equivalencesAdded: number;
  /** Document labels the sidecar gained. */
  categoriesAdded: number;
  /** What could not be placed, each naming where it came from and why. */
  notPlaced: string[];
  /** Labels that the label schema does not define. */
  unknownLabels: Set<string>;
}

const keyOf = (type: string, label: string, start: number, end: number) => `${type}\u0000${label}\u0000${start}\u0000${end}`;
const fragmentsKey = (f: readonly Range[]) => `\u0000${f.map((r) => `${r.start}-${r.end}`).join(';')}`;
const relKeyOf = (type: string, from: string, to: string) => `${type}\u0000${from}\u0000${to}`;

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Merges one imported document into the document's sidecar. A span with the
 * same type, label, start and end as one already there is a duplicate (its
 * relations attach to the one there); relations likewise by type and ends.
 * Nothing already in the sidecar is changed.
 */
export function mergeImported(input: MergeInput): MergeResult {
  const source = new TextIndex(input.text);
  const coords = coordinatesFor(source, input.imported.coordinates);
  const now = input.now ?? new Date().toISOString();
  const claimLabels = new Set(input.schema.claimLabels.map((l) => l.name));
  const knownLabels = new Set([...input.schema.entityLabels, ...input.schema.claimLabels].map((l) => l.name));
  const base = input.existing ?? {
    ...emptySidecar({ name: baseName(input.path), sha256: input.sha256, length: source.length }),
    ...(input.imported.status ? { status: input.imported.status } : {}),
  };
  const taken = new Set<string>([...base.annotations, ...(base.orphans ?? [])].map((a) => a.id));
  const takenRelations = new Set<string>(base.relations.map((r) => r.id));
  const byKey = new Map(base.annotations.map((a) => [keyOf(a.type, a.label, a.start, a.end) + (a.fragments ? fragmentsKey(a.fragments) : ''), a.id]));
  const refs = new Map<string, string>();
  const spanRefs = new Set(input.imported.spans.map((s) => s.ref));
  const added: Annotation[] = [];
  const result: MergeResult = {
    sidecar: base,
    changed: false,
    added: 0,
    duplicates: 0,
    moved: [],
    relationsAdded: 0,
    relationDuplicates: 0,
    eventsAdded: 0,
    equivalencesAdded: 0,
    categoriesAdded: 0,
    notPlaced: [],
    unknownLabels: new Set(),
  };
  const claimantOf = new Map<Annotation, string>();
  for (const span of input.imported.spans) {
    const placed = placeSpan(span, coords);
    if (!placed.ok) {
      result.notPlaced.push(`${span.origin}: ${span.label} ${span.quote === undefined ? '' : `${shown(span.quote)} `}not placed: ${placed.reason}`);
      continue;
    }
    if (placed.moved) result.moved.push(`${span.origin}: ${span.label} ${shown(span.quote ?? '')} placed at [${placed.start}, ${placed.end}) by its text`);
    const isClaim = span.type === 'claim' || (span.type === undefined && (claimLabels.has(span.label) || span.stance !== undefined || span.status !== undefined || span.claimantRef !== undefined));
    const type: AnnotationType = isClaim ? 'claim' : 'entity';
    if (!knownLabels.has(span.label)) result.unknownLabels.add(span.label);
    const key = keyOf(type, span.label, placed.start, placed.end) + (placed.fragments ? fragmentsKey(placed.fragments) : '');
    const existingId = byKey.get(key);
    if (existingId !== undefined) {
      result.duplicates++;
      refs.set(span.ref, existingId);
      continue;
    }
    const id = newAnnotationId(taken);
    taken.add(id);
    const a = createAnnotation(source, { type, label: span.label, start: placed.start, end: placed.end, id, now });
    if (placed.fragments) a.fragments = placed.fragments;
    if (span.entity !== undefined) a.entity = span.entity;
    if (span.normalizations?.length) a.normalizations = span.normalizations;
    if (span.note !== undefined) a.note = span.note;
    if (span.comments?.length) a.comments = span.comments;
    if (span.attributes !== undefined) a.attributes = span.attributes;
    if (type === 'claim') {
      if (span.stance !== undefined) a.stance = span.stance;
      if (span.status !== undefined) a.status = span.status;
      if (span.claimantRef !== undefined) claimantOf.set(a, span.claimantRef);
    }
    byKey.set(key, id);
    refs.set(span.ref, id);
    added.push(a);
  }
  const missing = (ref: string) => (spanRefs.has(ref) ? `${ref} was not placed` : `${ref} is not a span in the file`);
  for (const [a, ref] of claimantOf) {
    const target = refs.get(ref);
    if (target !== undefined && target !== a.id) a.claimant = target;
    else result.notPlaced.push(`${input.imported.origin}: the claimant of claim ${shown(a.text)} not placed: ${missing(ref)}`);
  }
  const relKeys = new Set(base.relations.map((r) => relKeyOf(r.type, r.from, r.to)));
  const addedRelations: Relation[] = [];
  for (const r of input.imported.relations) {
    const from = refs.get(r.from);
    const to = refs.get(r.to);
    if (from === undefined || to === undefined) {
      result.notPlaced.push(`${r.origin}: relation ${r.type} not placed: ${from === undefined ? missing(r.from) : missing(r.to)}`);
      continue;
    }
    const key = relKeyOf(r.type, from, to);
    if (relKeys.has(key)) {
      result.relationDuplicates++;
      continue;
    }
    relKeys.add(key);
    const id = newRelationId(takenRelations);
    takenRelations.add(id);
    const rel: Relation = { id, type: r.type, from, to };
    if (r.attributes !== undefined) rel.attributes = r.attributes;
    if (r.note !== undefined) rel.note = r.note;
    if (r.comments?.length) rel.comments = r.comments;
    if (r.roles) rel.roles = [...r.roles];
    addedRelations.push(rel);
  }
  const ev = mergeImportedEvents(input.imported, base, refs, missing, taken);
  result.notPlaced.push(...ev.notPlaced);
  result.eventsAdded = ev.eventsAdded;
  result.equivalencesAdded = ev.equivalencesAdded;
  const categories = normalizeCategories([...(base.categories ?? []), ...(input.imported.categories ?? [])]);
  result.categoriesAdded = categories.length - normalizeCategories(base.categories ?? []).length;
  result.added = added.length;
  result.relationsAdded = addedRelations.length;
  result.changed = added.length > 0 || addedRelations.length > 0 || ev.eventsAdded > 0 || ev.equivalencesAdded > 0 || result.categoriesAdded > 0;
  if (result.changed) {
    result.sidecar = {
      ...base,
      ...(categories.length ? { categories } : {}),
      annotations: [...base.annotations, ...added].sort(compareAnnotations),
      relations: [...base.relations, ...addedRelations],
      ...(ev.events.length ? { events: ev.events } : {}),
      ...(ev.equivalences.length ? { equivalences: ev.equivalences } : {}),
    };
  }
  return result;
}
