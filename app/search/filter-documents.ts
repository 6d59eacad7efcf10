// Filtering the document list by status and label, from what listDocuments
// returns (no search index needed): pure, for the sidebar.
import type { DocumentEntry } from '../ipc/contract';
import type { DocumentStatus } from '../sidecar/sidecar-schema';

export interface DocumentFilter {
  /** Only documents with this status (or one of these). */
  status?: DocumentStatus | readonly DocumentStatus[];
  /** Only documents with at least one annotation with this label (or one of these). */
  label?: string | readonly string[];
}

function asList<T>(v: T | readonly T[] | undefined): readonly T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v as T];
}

/** The entries passing the filter, in their order. Unsupported files never pass a status or label filter. */
export function filterDocuments(entries: readonly DocumentEntry[], filter: DocumentFilter): DocumentEntry[] {
  const statuses = asList(filter.status);
  const labels = asList(filter.label);
  if (!statuses.length && !labels.length) return [...entries];
  return entries.filter((e) => {
    if (e.kind !== 'text') return false;
    if (statuses.length && !statuses.includes(e.status)) return false;
    if (labels.length && !labels.some((l) => e.labelCounts !== undefined && Object.hasOwn(e.labelCounts, l) && (e.labelCounts[l] ?? 0) > 0)) return false;
    return true;
  });
}

/** Per label: how many annotations it has across the entries, and in how many documents. */
export function labelTotals(entries: readonly DocumentEntry[]): Map<string, { annotations: number; documents: number }> {
  const totals = new Map<string, { annotations: number; documents: number }>();
  for (const e of entries) {
    for (const [label, n] of Object.entries(e.labelCounts ?? {})) {
      if (n <= 0) continue;
      const t = totals.get(label) ?? { annotations: 0, documents: 0 };
      t.annotations += n;
      t.documents += 1;
      totals.set(label, t);
    }
  }
  return totals;
}

/** Annotations per label in a list of annotations (what listDocuments puts in labelCounts). */
export function countLabels(annotations: readonly { label: string }[]): Record<string, number> {
  // A Map, then own properties: labels are user text ("__proto__", "constructor" must count like any other).
  const counts = new Map<string, number>();
  for (const a of annotations) counts.set(a.label, (counts.get(a.label) ?? 0) + 1);
  return Object.fromEntries(counts);
}
