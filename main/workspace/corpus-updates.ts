// What main does with the watcher's report of documents changed by another
// program: the workspace's corpus index and the search index take them first,
// then the renderer is sent each document's new list entry (documents-updated),
// so it neither lists the corpus again nor asks for a rebuild. A change the
// watcher could not name document by document (a folder added or removed, a
// large checkout) lists the corpus again here, once, and is sent the same way.
// No Electron.
import type { CorpusFileEvent, DocumentDelta, DocumentEntry } from '../../app/ipc/contract';
import type { IndexedDocument } from './corpus-index';

export interface CorpusUpdateTargets {
  workspace: {
    readonly root: string;
    /** Reads one document again; its new entry, null when it left the corpus (search is fed by the workspace). */
    documentChanged(path: string): Promise<DocumentEntry | null>;
    /** Lists the corpus again: the documents whose entry changed, and those gone (search is fed by the workspace). */
    relist(): Promise<{ changed: IndexedDocument[]; removed: string[] }>;
    /** Some document is reached through a symlink inside the corpus: a change named under one path may change others. */
    followsLinks?(): boolean;
  };
}

/** Turns one watcher event into the event the renderer gets: documents-changed always becomes documents-updated. */
export type CorpusUpdates = (event: CorpusFileEvent) => Promise<CorpusFileEvent>;

export function createCorpusUpdates(targets: CorpusUpdateTargets): CorpusUpdates {
  const { workspace } = targets;
  return async (event) => {
    if (event.kind !== 'documents-changed' || event.root !== workspace.root) return event;
    // Behind a symlinked folder the watcher names one path of a file listed under two; a listing finds both.
    if (event.paths === undefined || workspace.followsLinks?.()) {
      // Never listed before: this builds the index, and every document is news to the renderer.
      const { changed, removed } = await workspace.relist();
      const changes: DocumentDelta[] = [
        ...changed.map((d): DocumentDelta => ({ path: d.entry.path, kind: 'changed', entry: d.entry })),
        ...removed.map((path): DocumentDelta => ({ path, kind: 'removed', entry: null })),
      ];
      changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      return { kind: 'documents-updated', root: event.root, changes };
    }
    const changes: DocumentDelta[] = [];
    for (const path of event.paths) {
      const entry = await workspace.documentChanged(path);
      changes.push(entry === null ? { path, kind: 'removed', entry: null } : { path, kind: 'changed', entry });
    }
    return { kind: 'documents-updated', root: event.root, changes };
  };
}
