// The document list's filter and order: by status, then sorted by name,
// status or annotation count (ties by path, so the order is stable).
import type { DocumentEntry } from '../../../app/ipc/contract';
import type { DocumentStatus } from '../../../app/sidecar/sidecar-schema';

export type StatusFilter = 'all' | DocumentStatus;
export type DocumentSort = 'name' | 'status' | 'annotations';

const STATUS_ORDER: Record<DocumentStatus, number> = { todo: 0, 'in-progress': 1, done: 2 };
const byPath = (a: DocumentEntry, b: DocumentEntry) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Documents shown for a status filter, in the chosen order. Unsupported files only show unfiltered, last. */
export function orderDocuments(documents: readonly DocumentEntry[], filter: StatusFilter, sort: DocumentSort): DocumentEntry[] {
  const shown = documents.filter((d) => filter === 'all' || (d.kind === 'text' && d.status === filter));
  const rank = (d: DocumentEntry) => (d.kind === 'text' ? 0 : 1);
  const compare = (a: DocumentEntry, b: DocumentEntry): number => {
    if (rank(a) !== rank(b)) return rank(a) - rank(b);
    if (sort === 'status') return STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || byPath(a, b);
    // Most annotated first: what needs reviewing, or what is furthest along.
    if (sort === 'annotations') return b.annotationCount - a.annotationCount || byPath(a, b);
    return byPath(a, b);
  };
  return [...shown].sort(compare);
}
