// What the open document's views are shown (DocumentSession.getSnapshot()).
import type { DocumentReanchor, OpenedDocument } from '../../../app/ipc/contract';
import type { Annotation, AnnotationEvent, Category, Conflict, DocumentStatus, Relation } from '../../../app/sidecar/sidecar-schema';
import type { SaveState } from './autosaver';

export interface SessionSnapshot {
  doc: OpenedDocument;
  annotations: readonly Annotation[];
  relations: readonly Relation[];
  status: DocumentStatus;
  selectedId: string | null;
  save: SaveState;
  canUndo: boolean;
  canRedo: boolean;
  undoDescription: string | null;
  redoDescription: string | null;
  readOnly: boolean;
  /** Annotations the app could not place after the article changed: shown, re-attachable, never dropped. */
  orphans: readonly Annotation[];
  /** What a git merge left undecided (both versions kept): shown for a decision. */
  conflicts: readonly Conflict[];
  /** Document-level labels set on this document (sidecar `categories`). */
  categories: readonly Category[];
  /** Events (sidecar `events`: brat's E lines), in their order. */
  events: readonly AnnotationEvent[];
  /** How annotations were re-anchored when the article had changed since they were saved. */
  reanchor: DocumentReanchor | null;
  /** A one-off message: a merge with another program's edits, or what undo did elsewhere. */
  notice: string | null;
}
