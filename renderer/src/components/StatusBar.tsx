// The bottom line: the save state, undo and redo, and the document's counts.
import type { DocumentSession, SaveState, SessionSnapshot } from '../state/document-session';
import { FontCoverageNotice } from './FontCoverageNotice';

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

export function StatusBar({ snap, session, run }: { snap: SessionSnapshot | null; session: DocumentSession | null; run(command: string): void }) {
  return (
    <footer className="mg-statusbar">
      <span className={`mg-save is-${snap?.save.kind ?? 'none'}`} data-testid="save-state" role="status">
        {snap ? saveText(snap.save) : ''}
      </span>
      {snap ? (
        <>
          <button type="button" disabled={!snap.canUndo} onClick={() => run('edit.undo')} title={snap.undoDescription ? `Undo ${snap.undoDescription} (Ctrl+Z)` : 'Undo (Ctrl+Z)'}>
            Undo
          </button>
          <button type="button" disabled={!snap.canRedo} onClick={() => run('edit.redo')} title={snap.redoDescription ? `Redo ${snap.redoDescription} (Ctrl+Shift+Z)` : 'Redo (Ctrl+Shift+Z)'}>
            Redo
          </button>
          <span className="mg-stat">{snap.annotations.length} annotations</span>
          <span className="mg-stat">{snap.relations.length} relations</span>
          <span className="mg-stat">{session?.index.length.toLocaleString()} characters</span>
          <FontCoverageNotice text={snap.doc.text} />
        </>
      ) : null}
    </footer>
  );
}
