// What main does with the watcher's report of documents changed by another
// program: the search index takes them first, then the renderer is sent each
// document's new list entry (documents-updated), so it neither lists the
// corpus again nor asks for a rebuild. No Electron.
import type { CorpusFileEvent, DocumentDelta, DocumentEntry } from '../../app/ipc/contract';

export interface CorpusUpdateTargets {
  corpus: { readonly root: string; describeDocument(rel: string): Promise<DocumentEntry | null> };
  search: { refreshDocument(path: string): Promise<void>; documentRemoved(path: string): void };
}

/** Turns one watcher event into the event the renderer gets; documents-changed naming its documents becomes documents-updated. */
export type CorpusUpdates = (event: CorpusFileEvent) => Promise<CorpusFileEvent>;

export function createCorpusUpdates(targets: CorpusUpdateTargets): CorpusUpdates {
  const { corpus, search } = targets;
  return async (event) => {
    if (event.kind !== 'documents-changed' || event.paths === undefined || event.root !== corpus.root) return event;
    const changes: DocumentDelta[] = [];
    for (const path of event.paths) {
      const entry = await corpus.describeDocument(path);
      if (entry === null) search.documentRemoved(path);
      else if (entry.kind === 'text') await search.refreshDocument(path);
      changes.push(entry === null ? { path, kind: 'removed', entry: null } : { path, kind: 'changed', entry });
    }
    return { kind: 'documents-updated', root: event.root, changes };
  };
}
