// What a corpus search answers, as it crosses the bridge (see app/ipc/contract.ts).
import type { AnnotationType, DocumentStatus } from '../sidecar/sidecar-schema';

/** The line around a hit, cut to a readable length ("…" where it was cut). */
export interface SearchSnippet {
  before: string;
  match: string;
  after: string;
}

export interface SearchHit {
  /** Code points in the document's text, half-open (what selections and sidecars use). */
  start: number;
  end: number;
  /** The line it starts on, counted from 0 (the editor's paragraph). */
  line: number;
  snippet: SearchSnippet;
}

export interface SearchAnnotationHit {
  annotationId: string;
  type: AnnotationType;
  label: string;
  /** The annotated text (long spans are cut, with "…"). */
  text: string;
  /** Code points, half-open. */
  start: number;
  end: number;
  entity?: string;
  /** A claim's status. */
  status?: string;
  author?: string;
}

export interface SearchResult {
  path: string;
  /** Higher is better; only comparable within one response. */
  score: number;
  /** The document's status. */
  status: DocumentStatus;
  /** The first hits in the text, in document order. */
  hits: SearchHit[];
  /** All hits in the text (hits holds only the first few). */
  hitCount: number;
  /** Annotations that match: those satisfying the filters, or whose text or note has a word of the query. */
  annotationHits: SearchAnnotationHit[];
  annotationHitCount: number;
}

export type SearchIndexStateName = 'empty' | 'building' | 'ready' | 'cancelled';

export interface SearchIndexState {
  state: SearchIndexStateName;
  /** Documents in the index. */
  indexed: number;
  /** Documents in the corpus (text documents), as of the last build. */
  total: number;
}

export interface SearchResponse {
  query: string;
  results: SearchResult[];
  /** Documents that match; a lower bound when `exact` is false (a phrase or exclusion was checked only as far as needed). */
  total: number;
  exact: boolean;
  /** Time spent in main answering, in milliseconds. */
  ms: number;
  /** Problems with the query, to show beside the box (an unknown status value…). */
  problems: string[];
  /** The index searched; results are partial unless its state is 'ready'. */
  index: SearchIndexState;
}

/** Sent while the index is built (event searchIndexProgress). */
export interface SearchIndexProgress {
  /** The corpus being indexed. */
  root: string;
  done: number;
  total: number;
  state: SearchIndexStateName;
}

export interface SearchIndexBuildResult {
  /** Documents in the index. */
  documents: number;
  /** Time the build took (0 when the index was already up to date). */
  ms: number;
  /** False when the build was cancelled: the index holds what was read until then. */
  complete: boolean;
  /** Documents that could not be read (invalid UTF-8, too large…), each naming its file. */
  problems: string[];
}
