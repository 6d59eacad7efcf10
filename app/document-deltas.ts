// Applying main's document deltas (the documents-updated event) to the
// document list the renderer shows, instead of listing the corpus again.
import type { DocumentDelta, DocumentEntry } from './ipc/contract';

const byPath = (a: DocumentEntry, b: DocumentEntry) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The list with `changes` applied, sorted by path as listDocuments sorts it; the same array when nothing changed. */
export function applyDocumentDeltas(list: readonly DocumentEntry[], changes: readonly DocumentDelta[]): DocumentEntry[] {
  if (changes.length === 0) return list as DocumentEntry[];
  const next = new Map(list.map((e) => [e.path, e]));
  for (const change of changes) {
    if (change.entry === null) next.delete(change.path);
    else next.set(change.path, change.entry);
  }
  return [...next.values()].sort(byPath);
}
