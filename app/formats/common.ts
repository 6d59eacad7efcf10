// Small pieces every format shares: a stable annotation order, claimant links
// as relations, filtering and checking a document before export.
import { CONTEXT_LENGTH, removeAnnotation } from '../annotations';
import { pruneEvents, triggerIds } from '../events';
import { TextIndex } from '../offsets';
import { categoryKey, normalizeCategories } from '../categories';
import type { DocumentLabel } from '../label-schema';
import type { Annotation, Category, Relation, Sidecar } from '../sidecar/sidecar-schema';
import type { ExportDocument } from './types';

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The order formats number annotations in: start, end, then type and label,
 * then id. Unlike the sidecar's order it does not depend on the random ids
 * first, so a document imported and exported again numbers its spans the same.
 */
export function exportOrder(a: Annotation, b: Annotation): number {
  return a.start - b.start || a.end - b.end || cmp(a.type, b.type) || cmp(a.label, b.label) || cmp(a.id, b.id);
}

export function sortedAnnotations(sidecar: Sidecar | null): Annotation[] {
  return sidecar ? [...sidecar.annotations].sort(exportOrder) : [];
}

/**
 * A discontinuous span's pieces when they still fit it (the first starts at
 * its start, the last ends at its end); null for a continuous span, or for
 * pieces an edit left behind (the span is then its whole extent).
 */
export function spanFragments(a: Pick<Annotation, 'start' | 'end' | 'fragments'>): { start: number; end: number }[] | null {
  const f = a.fragments;
  if (!f || f.length < 2 || f[0]?.start !== a.start || f[f.length - 1]?.end !== a.end) return null;
  return f;
}

/** The relation type formats without a claimant field use for a claim's claimant. */
export const CLAIMANT_RELATION = 'claimant';

/**
 * Relations in a stable order (by the position of their ends, then type and
 * id), optionally preceded by one `claimant` relation per claim that names a
 * claimant, for formats that have no field for it.
 */
export function sortedRelations(sidecar: Sidecar | null, options: { withClaimants?: boolean; sorted?: readonly Annotation[] } = {}): Relation[] {
  if (!sidecar) return [];
  if (sidecar.relations.length === 0 && !options.withClaimants) return [];
  const sorted = options.sorted ?? sortedAnnotations(sidecar);
  const order = new Map<string, number>();
  sorted.forEach((a, i) => order.set(a.id, i));
  const pos = (id: string) => order.get(id) ?? -1;
  const rels = sidecar.relations.length < 2 ? [...sidecar.relations] : [...sidecar.relations].sort(
    (a, b) => pos(a.from) - pos(b.from) || pos(a.to) - pos(b.to) || cmp(a.type, b.type) || cmp(a.id, b.id),
  );
  if (!options.withClaimants) return rels;
  const claimants: Relation[] = [];
  for (const a of sorted) if (a.claimant !== undefined) claimants.push({ id: `${a.id}-claimant`, type: CLAIMANT_RELATION, from: a.id, to: a.claimant });
  return claimants.length ? [...claimants, ...rels] : rels;
}

/** Up to CONTEXT_LENGTH code points of the current text before and after a span. */
export function contextOf(index: TextIndex, start: number, end: number): { prefix: string; suffix: string } {
  return {
    prefix: index.slice(Math.max(0, start - CONTEXT_LENGTH), start),
    suffix: index.slice(end, Math.min(index.length, end + CONTEXT_LENGTH)),
  };
}

export interface PrepareOptions {
  /** Keep only annotations with these labels (relations and claimants that lose an end go too). */
  labels?: ReadonlySet<string>;
}

export interface PreparedDocument {
  doc: ExportDocument;
  /** Annotations left out because their offsets do not cover their text in the source: data problems. */
  problems: string[];
}

function quoteFor(s: string): string {
  const shown = s.length > 40 ? `${s.slice(0, 37)}…` : s;
  return JSON.stringify(shown);
}

/**
 * A document ready for the formats: annotations whose offsets no longer
 * cover their text are left out (and named as problems), the label filter is
 * applied, and relations or claimant links that lost an end are dropped.
 */
export function prepareForExport(doc: ExportDocument, options: PrepareOptions = {}, index = doc.index ?? new TextIndex(doc.text)): PreparedDocument {
  const problems: string[] = [];
  const sidecar = doc.sidecar;
  if (!sidecar) return { doc, problems };
  const kept: Annotation[] = [];
  for (const a of sidecar.annotations) {
    if (a.end > index.length) {
      problems.push(`${doc.path}: annotation ${a.id} (${a.label}) at [${a.start}, ${a.end}) ends past the end of the text (${index.length} code points); not exported`);
      continue;
    }
    const actual = index.slice(a.start, a.end);
    if (actual !== a.text) {
      problems.push(
        `${doc.path}: annotation ${a.id} (${a.label}) at [${a.start}, ${a.end}) should cover ${quoteFor(a.text)} but the source has ${quoteFor(actual)}; not exported (open the document in Marginalia to re-anchor it)`,
      );
      continue;
    }
    if (options.labels && !options.labels.has(a.label)) continue;
    kept.push(a);
  }
  const ids = new Set(kept.map((a) => a.id));
  const annotations = kept.map((a) => {
    if (a.claimant === undefined || ids.has(a.claimant)) return a;
    const { claimant: _dropped, ...rest } = a;
    return rest;
  });
  const relations = sidecar.relations.filter((r) => ids.has(r.from) && ids.has(r.to));
  if (annotations.length === sidecar.annotations.length && relations.length === sidecar.relations.length && annotations.every((a, i) => a === sidecar.annotations[i])) {
    return { doc, problems };
  }
  // Events and groups lose what the filter left out (an event whose trigger went goes).
  return { doc: { ...doc, sidecar: pruneEvents({ ...sidecar, annotations, relations }, ids) }, problems };
}

/**
 * The sidecar as a format without events sees it: no events, no equivalence
 * groups, and no trigger spans (a trigger is part of its event, not an entity:
 * CoNLL would tag it B-), with whatever pointed at a trigger. Counts what went.
 */
export function withoutEvents(sidecar: Sidecar): { sidecar: Sidecar; events: number; groups: number } {
  const events = sidecar.events?.length ?? 0;
  const groups = sidecar.equivalences?.length ?? 0;
  if (events === 0 && groups === 0) return { sidecar, events, groups };
  let rest: Sidecar = { ...sidecar, events: [], equivalences: [] };
  // removeAnnotation also drops relations and claimant links that named a trigger; the stamp is never written.
  for (const id of triggerIds(sidecar.events)) rest = removeAnnotation(rest, id, '');
  const { events: _e, equivalences: _q, ...plain } = rest;
  return { sidecar: plain, events, groups };
}

/** One JSON value on one line, with a final newline. */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

/** Escapes text for XML attribute values and content. */
export function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** The labels a format should declare: the schema's, then any others the documents used, in first-seen order. */
/** The labels and relation types a document uses, in order of first use: what a LabelTally needs of it. */
export interface LabelsSeen {
  annotations: { type: Annotation['type']; label: string }[];
  relations: { type: string }[];
}

/** A document's LabelsSeen, small enough to send from a worker (a repeated pair changes no tally). */
export function labelsSeen(sidecar: Sidecar | null): LabelsSeen | null {
  if (!sidecar) return null;
  const pairs = new Map<string, { type: Annotation['type']; label: string }>();
  for (const a of sidecar.annotations) {
    const key = `${a.type}\u0000${a.label}`;
    if (!pairs.has(key)) pairs.set(key, { type: a.type, label: a.label });
  }
  const relations = [...new Set(sidecar.relations.map((r) => r.type))].map((type) => ({ type }));
  return { annotations: [...pairs.values()], relations };
}

export class LabelTally {
  readonly entity = new Set<string>();
  readonly claim = new Set<string>();
  readonly relation = new Set<string>();

  constructor(schema?: { entityLabels: { name: string }[]; claimLabels: { name: string }[]; relationTypes: { name: string }[] }) {
    if (!schema) return;
    for (const l of schema.entityLabels) this.entity.add(l.name);
    for (const l of schema.claimLabels) this.claim.add(l.name);
    for (const r of schema.relationTypes) this.relation.add(r.name);
  }

  see(sidecar: LabelsSeen | null): void {
    if (!sidecar) return;
    for (const a of sidecar.annotations) {
      if (a.type === 'claim') {
        if (!this.entity.has(a.label)) this.claim.add(a.label);
      } else if (!this.claim.has(a.label)) this.entity.add(a.label);
    }
    for (const r of sidecar.relations) this.relation.add(r.type);
  }
}

/**
 * A document's document labels as strings (`topic:space`, or `opinion` for a
 * label without values), sorted: what formats with a flat list of categories
 * write (doccano, Prodigy's accept, Label Studio's choices, CSV).
 */
export function documentCategories(sidecar: { categories?: readonly Category[] } | null): string[] {
  return normalizeCategories(sidecar?.categories ?? []).map(categoryKey);
}

/**
 * spaCy's `cats`: every category the schema defines scored 1.0 when set on the
 * document and 0.0 when not (textcat trains on both), plus any set that the
 * schema no longer defines. Empty when there are none either way.
 */
export function categoryScores(documentLabels: readonly DocumentLabel[] | undefined, sidecar: { categories?: readonly Category[] } | null): Record<string, number> {
  const set = new Set(documentCategories(sidecar));
  const cats: Record<string, number> = {};
  for (const d of documentLabels ?? []) {
    for (const key of d.values ? d.values.map((v) => categoryKey({ name: d.name, value: v })) : [d.name]) cats[key] = set.has(key) ? 1 : 0;
  }
  for (const key of set) cats[key] = 1;
  return cats;
}
