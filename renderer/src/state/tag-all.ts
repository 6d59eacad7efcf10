// Tag all occurrences, the renderer's side: search the corpus (main reads the
// saved files) with the open document searched here instead, from its
// current, possibly unsaved annotations; then apply the chosen occurrences —
// the open document's through the app's session (one undo step), every other
// document's through main (tagOccurrences: atomic writes, no duplicates).
import type { NewSpan } from '../../../app/batch-annotations';
import type { FindOccurrencesResult, TagOccurrencesResult } from '../../../app/ipc/curation-contract';
import type { TextIndex } from '../../../app/offsets';
import type { AnnotationType } from '../../../app/sidecar/sidecar-schema';
import { contextOf, findOccurrences, type OccurrenceOptions } from '../../../app/tag-all';
import { call } from '../bridge/client';

export interface TagAllApi {
  find(args: { text: string; label?: string; options?: OccurrenceOptions; paths?: string[] }): Promise<FindOccurrencesResult>;
  tag(args: { label: string; type: AnnotationType; items: SelectedOccurrence[]; skipPaths?: string[]; author?: string }): Promise<TagOccurrencesResult>;
}

export const bridgeTagAllApi: TagAllApi = {
  find: (args) => call('findOccurrences', args),
  tag: (args) => call('tagOccurrences', args),
};

export interface SelectedOccurrence {
  path: string;
  /** Code points, half-open. */
  start: number;
  end: number;
}

/** The open document as the app has it now. */
export interface OpenDocumentView {
  path: string;
  index: TextIndex;
  annotations: readonly { label: string; start: number; end: number }[];
}

export interface FindAllRequest {
  text: string;
  label: string;
  options?: OccurrenceOptions;
  /** Only the open document (no call to main). */
  onlyOpen?: boolean;
}

/** The open document's occurrences, from its current annotations. */
export function findInOpenDocument(doc: OpenDocumentView, request: FindAllRequest): FindOccurrencesResult['documents'][number] | null {
  const r = findOccurrences(doc.index, request.text, request.options ?? {}, { label: request.label, annotations: doc.annotations });
  if (r.occurrences.length === 0 && r.alreadyTagged === 0) return null;
  return {
    path: doc.path,
    alreadyTagged: r.alreadyTagged,
    occurrences: r.occurrences.map((o) => ({ ...o, ...contextOf(doc.index, o) })),
  };
}

/** Occurrences across the corpus; the open document's entry is computed here, first in the list. */
export async function findAll(request: FindAllRequest, open: OpenDocumentView | null, api: TagAllApi = bridgeTagAllApi): Promise<FindOccurrencesResult> {
  const local = open ? findInOpenDocument(open, request) : null;
  const base: FindOccurrencesResult = request.onlyOpen
    ? { documents: [], total: 0, alreadyTagged: 0, truncated: false, problems: [] }
    : await api.find({ text: request.text, label: request.label, ...(request.options ? { options: request.options } : {}) });
  const others = base.documents.filter((d) => d.path !== open?.path);
  const documents = local ? [local, ...others] : others;
  return {
    ...base,
    documents,
    total: documents.reduce((s, d) => s + d.occurrences.length, 0),
    alreadyTagged: documents.reduce((s, d) => s + d.alreadyTagged, 0),
    problems: base.problems.filter((p) => !open || !p.startsWith(`${open.path} `)),
  };
}

export interface ApplyTagAllRequest {
  label: string;
  type: AnnotationType;
  selected: readonly SelectedOccurrence[];
  /** The open document's path (its items go to addToOpen, not to main). */
  openPath: string | null;
  /** Adds spans to the open document in one undo step; false when it cannot (read-only). */
  addToOpen(spans: NewSpan[], description: string): boolean | void;
  author?: string;
}

export interface ApplyTagAllResult {
  /** Spans handed to the open document. */
  openSpans: number;
  openRefused: boolean;
  /** What main wrote (null when nothing was for other documents). */
  corpus: TagOccurrencesResult | null;
}

export async function applyTagAll(request: ApplyTagAllRequest, api: TagAllApi = bridgeTagAllApi): Promise<ApplyTagAllResult> {
  const mine = request.selected.filter((s) => s.path === request.openPath);
  const others = request.selected.filter((s) => s.path !== request.openPath);
  let openRefused = false;
  if (mine.length > 0) {
    const spans = mine.map((s) => ({ label: request.label, type: request.type, start: s.start, end: s.end }));
    openRefused = request.addToOpen(spans, `Tag ${mine.length} occurrence${mine.length === 1 ? '' : 's'} as ${request.label}`) === false;
  }
  const corpus =
    others.length > 0
      ? await api.tag({
          label: request.label,
          type: request.type,
          items: others,
          ...(request.openPath ? { skipPaths: [request.openPath] } : {}),
          ...(request.author !== undefined ? { author: request.author } : {}),
        })
      : null;
  return { openSpans: openRefused ? 0 : mine.length, openRefused, corpus };
}

/** A key for one occurrence (selection state in the preview). */
export function occurrenceKey(o: SelectedOccurrence): string {
  return `${o.path}\u0000${o.start}:${o.end}`;
}
