// A document's annotation state (what undo and redo move between) and the
// sidecar that stores it: the one conversion both ways, used by the open
// document's session and by undo and tag-all over documents that are not open.
import type { HistoryState } from './history';
import { SIDECAR_FORMAT, SIDECAR_VERSION, type Sidecar, type SourceInfo } from './sidecar/sidecar-schema';

/**
 * The state of a document that has no sidecar file: one shared value, so that
 * undo back to it (by identity) removes the file instead of writing an empty one.
 */
export const NO_SIDECAR: HistoryState = Object.freeze({
  annotations: Object.freeze([]) as readonly never[],
  relations: Object.freeze([]) as readonly never[],
  status: 'todo' as const,
  orphans: Object.freeze([]) as readonly never[],
});

/** The state a sidecar holds; a document without one is NO_SIDECAR. */
export function stateOfSidecar(sidecar: Sidecar | null | undefined): HistoryState {
  if (!sidecar) return NO_SIDECAR;
  return {
    annotations: sidecar.annotations,
    relations: sidecar.relations,
    status: sidecar.status,
    orphans: sidecar.orphans ?? [],
    conflicts: sidecar.conflicts ?? [],
    ...(sidecar.categories ? { categories: sidecar.categories } : {}),
    ...(sidecar.curation ? { curation: sidecar.curation } : {}),
    ...(sidecar.events ? { events: sidecar.events } : {}),
    ...(sidecar.equivalences ? { equivalences: sidecar.equivalences } : {}),
  };
}

/** The sidecar for `state`; orphans and merge conflicts are always sent (an empty list clears them on disk). */
export function sidecarOfState(source: SourceInfo, state: HistoryState): Sidecar {
  return {
    format: SIDECAR_FORMAT,
    version: SIDECAR_VERSION,
    source,
    status: state.status,
    annotations: [...state.annotations],
    relations: [...state.relations],
    orphans: [...(state.orphans ?? [])],
    conflicts: [...(state.conflicts ?? [])],
    ...(state.categories?.length ? { categories: [...state.categories] } : {}),
    ...(state.curation?.length ? { curation: [...state.curation] } : {}),
    ...(state.events?.length ? { events: [...state.events] } : {}),
    ...(state.equivalences?.length ? { equivalences: [...state.equivalences] } : {}),
  };
}

/** The source part of a sidecar for a document at corpus-relative `path`. */
export function sourceInfoOf(doc: { path: string; sha256: string; length: number }): SourceInfo {
  return { name: doc.path.slice(doc.path.lastIndexOf('/') + 1), sha256: doc.sha256, length: doc.length };
}
