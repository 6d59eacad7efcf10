// One document of an export, read and rendered by its format, as data: the
// serial loop and the export workers (export-worker.ts) both call this, and
// exportCorpus folds the results in corpus order, so both give the same bytes.
import { TextIndex } from '../../app/offsets';
import { prepareForExport, spanFragments, withoutEvents } from '../../app/formats/common';
import type { ExportText, FormatExporter, RenderedDocument } from '../../app/formats/types';
import type { DocumentStatus } from '../../app/sidecar/sidecar-schema';
import type { ReadResult } from './documents';

export type DocumentOutcome<T extends ExportText = string> =
  | { kind: 'error'; message: string }
  /** Left out by the status filter. */
  | { kind: 'skipped' }
  | {
      kind: 'ok';
      rendered: RenderedDocument<unknown, T>;
      problems: string[];
      warnings: string[];
      annotations: number;
      relations: number;
      /** Discontinuous spans exported (formats without pieces write their whole extent). */
      discontinuous: number;
    };

export interface RenderFilters {
  labels?: ReadonlySet<string>;
  statuses?: ReadonlySet<DocumentStatus>;
}

export function renderDocument(read: ReadResult, exporter: FormatExporter, filters: RenderFilters): DocumentOutcome {
  if ('error' in read) return { kind: 'error', message: `${read.entry.path}: not exported: ${read.error}` };
  if (filters.statuses && !filters.statuses.has(read.doc.sidecar?.status ?? 'todo')) return { kind: 'skipped' };
  const warnings: string[] = [];
  const orphans = read.doc.sidecar?.orphans?.length ?? 0;
  if (orphans > 0) {
    warnings.push(
      `${read.entry.path}: ${orphans} orphaned annotation${orphans === 1 ? '' : 's'} (not placed in the current text) left out; open the document in Marginalia to re-attach them`,
    );
  }
  const index = new TextIndex(read.doc.text);
  let sidecar = read.doc.sidecar;
  if (sidecar && !exporter.keepsEvents) {
    // Never silently: the format has no place for events, and their triggers must not pass for entities.
    const plain = withoutEvents(sidecar);
    sidecar = plain.sidecar;
    const n = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
    if (plain.events) warnings.push(`${read.entry.path}: ${n(plain.events, 'event')} left out, with their trigger spans: the format has no place for events (brat, jsonl and w3c keep them)`);
    if (plain.groups) warnings.push(`${read.entry.path}: ${n(plain.groups, 'equivalence group')} left out: the format has no place for them (brat, jsonl and w3c keep them)`);
  }
  if (sidecar && !exporter.keepsComments) {
    const comments = [...sidecar.annotations, ...sidecar.relations, ...(sidecar.events ?? [])].reduce((k, x) => k + (x.comments?.length ?? 0), 0);
    if (comments) warnings.push(`${read.entry.path}: ${comments} comment${comments === 1 ? '' : 's'} (brat # lines of types other than AnnotatorNotes) left out: the format has no place for them (brat and jsonl keep them)`);
  }
  if (sidecar && !exporter.keepsRelationRoles) {
    const roles = sidecar.relations.filter((r) => r.roles).length;
    if (roles) warnings.push(`${read.entry.path}: the argument names (roles) of ${roles} relation${roles === 1 ? '' : 's'} left out: the format has no place for them (brat, jsonl, w3c and labelstudio keep them)`);
  }
  if (sidecar && !exporter.keepsRelationAttributes) {
    const attributed = sidecar.relations.filter((r) => r.attributes && Object.keys(r.attributes).length > 0).length;
    if (attributed) warnings.push(`${read.entry.path}: the attributes of ${attributed} relation${attributed === 1 ? '' : 's'} left out: the format has no place for them (brat, jsonl and w3c keep them)`);
  }
  const prepared = prepareForExport({ path: read.doc.path, text: read.doc.text, sidecar, index }, filters.labels ? { labels: filters.labels } : {}, index);
  return {
    kind: 'ok',
    rendered: exporter.render(prepared.doc),
    problems: read.doc.problems ? [...read.doc.problems, ...prepared.problems] : prepared.problems,
    warnings,
    annotations: prepared.doc.sidecar?.annotations.length ?? 0,
    relations: prepared.doc.sidecar?.relations.length ?? 0,
    discontinuous: prepared.doc.sidecar?.annotations.filter((a) => spanFragments(a) !== null).length ?? 0,
  };
}
