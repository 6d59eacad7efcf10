// The bottom line: the save state, undo and redo, and the document's counts.
import type { DocumentSession, SaveState, SessionSnapshot } from '../state/document-session';
import { memo } from 'react';
import { useStore } from '../state/store';
import { FontCoverageNotice } from './FontCoverageNotice';
import { plural } from './plural';

function saveText(s: SaveState): string {
  switch (s.kind) {
    case 'saved':
      return s.savedAt ? `Saved ${new Date(s.savedAt).toLocaleTimeString()}` : 'Saved';
    case 'unsaved':
      return 'Unsaved changes';
    case 'saving':
      return 'Saving…';
    case 'failed':
      return `Not saved: ${s.message}`;
    case 'read-only':
      return 'Read-only';
  }
}

export interface StatusBarProps {
  snap: SessionSnapshot | null;
  session: DocumentSession | null;
  run(command: string): void;
  /** A passing hint, such as what a key needs before it can act. */
  hint?: string | null;
  /** Who is annotating (preferences); empty when not given. */
  author?: string;
  onChangeName?(): void;
}

const noSaveState = { subscribe: () => () => {}, getSnapshot: () => null };

/**
 * The save state, from the session itself, not `snap`: a tag's views follow after its frame has painted,
 * the save state at once (it must never say Saved of a change not saved). Its own component, so that in a
 * tag's keydown React renders this one span.
 */
const SaveStateText = memo(function SaveStateText({ session }: { session: DocumentSession | null }) {
  const save = useStore<SaveState | null>(session ? session.saveState : noSaveState);
  return (
    <span className={`mg-save is-${save?.kind ?? 'none'}`} data-testid="save-state" role="status">
      {save ? saveText(save) : ''}
    </span>
  );
});

export function StatusBar({ snap, session, run, hint, author = '', onChangeName }: StatusBarProps) {
  return (
    <footer className="mg-statusbar">
      <SaveStateText session={snap ? session : null} />
      {snap ? (
        <>
          <button type="button" disabled={!snap.canUndo} onClick={() => run('edit.undo')} title={snap.undoDescription ? `Undo ${snap.undoDescription} (Ctrl+Z)` : 'Undo (Ctrl+Z)'}>
            Undo
          </button>
          <button type="button" disabled={!snap.canRedo} onClick={() => run('edit.redo')} title={snap.redoDescription ? `Redo ${snap.redoDescription} (Ctrl+Shift+Z)` : 'Redo (Ctrl+Shift+Z)'}>
            Redo
          </button>
          <span className="mg-stat">{plural(snap.annotations.length, 'annotation')}</span>
          <span className="mg-stat">{plural(snap.relations.length, 'relation')}</span>
          {session ? <span className="mg-stat">{plural(session.index.length, 'character')}</span> : null}
          <FontCoverageNotice text={snap.doc.text} />
        </>
      ) : null}
      <span className="mg-hint" data-testid="status-hint" aria-live="polite">
        {hint ?? ''}
      </span>
      {onChangeName ? (
        <button type="button" className="mg-author" data-testid="annotator" onClick={onChangeName} title="Recorded as the author of each annotation you make; click to change">
          {author.trim() ? `Annotator: ${author.trim()}` : 'Annotator: not set'}
        </button>
      ) : null}
    </footer>
  );
}
