// Tag all occurrences, the renderer's side: search the corpus (main reads the
// saved files) with the open document searched here instead, from its
// current, possibly unsaved annotations; then apply the chosen occurrences as
// ONE step of the workspace's undo history — the open document's through the
// app's session, every other document's sidecar read, changed and written
// back with its hash (workspace-undo.ts: no file changed meanwhile is
// overwritten), so undo puts every file back as it was.
import { addSpans, type NewSpan } from '../../../app/batch-annotations';
import type { FindOccurrencesResult, TagOccurrencesResult } from '../../../app/ipc/curation-contract';
import type { TextIndex } from '../../../app/offsets';
import type { AnnotationType } from '../../../app/sidecar/sidecar-schema';
import { contextOf, findOccurrences, type OccurrenceOptions } from '../../../app/tag-all';
import { call } from '../bridge/client';
import type { WorkspaceUndo } from './workspace-undo';

export interface TagAllApi {
  find(args: { text: string; label?: string; options?: OccurrenceOptions; paths?: string[] }): Promise<FindOccurrencesResult>;
}

export const bridgeTagAllApi: TagAllApi = {
  find: (args) => call('findOccurrences', args),
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
  /** Adds spans to the open document; false when it cannot (read-only). Called inside the workspace step. */
  addToOpen(spans: NewSpan[], description: string): boolean | void;
  /** The workspace whose one undo step this is. */
  workspace: Pick<WorkspaceUndo, 'group' | 'editOthers'>;
  author?: string;
}

export interface ApplyTagAllResult {
  /** Spans handed to the open document. */
  openSpans: number;
  openRefused: boolean;
  /** What main wrote (null when nothing was for other documents). */
  corpus: TagOccurrencesResult | null;
}

export async function applyTagAll(request: ApplyTagAllRequest): Promise<ApplyTagAllResult> {
  const mine = request.selected.filter((s) => s.path === request.openPath);
  const others = new Map<string, SelectedOccurrence[]>();
  for (const s of request.selected) if (s.path !== request.openPath) others.set(s.path, [...(others.get(s.path) ?? []), s]);
  const n = request.selected.length;
  const description = `Tag ${n} occurrence${n === 1 ? '' : 's'} as ${request.label}`;
  const toSpans = (items: readonly SelectedOccurrence[]): NewSpan[] =>
    items.map((s) => ({ label: request.label, type: request.type, start: s.start, end: s.end }));
  return request.workspace.group(description, async () => {
    let openRefused = false;
    if (mine.length > 0) openRefused = request.addToOpen(toSpans(mine), description) === false;
    if (others.size === 0) return { openSpans: openRefused ? 0 : mine.length, openRefused, corpus: null };
    const tried: TagOccurrencesResult['documents'] = [];
    const { changed, problems } = await request.workspace.editOthers(
      [...others].map(([path, items]) => ({
        path,
        change: (state, index) => {
          const r = addSpans(state, index, toSpans(items), request.author !== undefined ? { author: request.author } : {});
          tried.push({ path, added: r.added.length, skipped: r.skipped });
          return r.added.length ? { ...state, ...r.doc } : state;
        },
      })),
    );
    // In the order of the request (documents are written a few at a time).
    const documents = changed.flatMap((path) => tried.filter((d) => d.path === path));
    const corpus: TagOccurrencesResult = {
      documents,
      added: documents.reduce((sum, d) => sum + d.added, 0),
      skippedOpen: [],
      problems,
    };
    return { openSpans: openRefused ? 0 : mine.length, openRefused, corpus };
  });
}

/** A key for one occurrence (selection state in the preview). */
export function occurrenceKey(o: SelectedOccurrence): string {
  return `${o.path}\u0000${o.start}:${o.end}`;
}
