// Above the article: its name, its status, reading view, preferences, the
// keyboard sheet, and the label bar (or the reading controls).
import type { DocumentStatus } from '../../../app/sidecar/sidecar-schema';
import { DOCUMENT_STATUSES } from '../../../app/sidecar/sidecar-schema';
import type { LabelInfo } from '../editor/labels';
import type { DocumentSession, SessionSnapshot } from '../state/document-session';
import type { Preferences, PreferencesStore } from '../state/preferences';
import { LabelBar } from './LabelBar';
import { ReadingControls } from './ReadingControls';

export const STATUS_TEXT: Record<DocumentStatus, string> = { todo: 'To do', 'in-progress': 'In progress', done: 'Done' };

export interface ToolbarProps {
  snap: SessionSnapshot;
  session: DocumentSession;
  prefs: Preferences;
  preferences: PreferencesStore;
  labels: readonly LabelInfo[];
  onPickLabel(label: LabelInfo): void;
  run(command: string): void;
}

export function Toolbar({ snap, session, prefs, preferences, labels, onPickLabel, run }: ToolbarProps) {
  return (
    <div className="mg-toolbar">
      <div className="mg-toolbar-row">
        <h1 className="mg-doc-title" title={snap.doc.path}>
          {snap.doc.path}
        </h1>
        <label className="mg-doc-status-select">
          <span className="mg-muted">Status</span>
          <select aria-label="Document status" value={snap.status} disabled={snap.readOnly} onChange={(e) => session.setStatus(e.target.value as DocumentStatus)}>
            {DOCUMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_TEXT[s]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className={`mg-read-button${prefs.reading ? ' is-active' : ''}`}
          aria-pressed={prefs.reading}
          onClick={() => run('view.reading')}
          title="Reading view (Ctrl+Shift+L)"
        >
          {prefs.reading ? 'Annotate' : 'Read'}
        </button>
        {prefs.reading ? null : (
          <button type="button" className={`mg-arcs-button${prefs.showArcs ? ' is-active' : ''}`} aria-pressed={prefs.showArcs} onClick={() => run('view.arcs')} title="Relations drawn as arcs over the text">
            Arcs
          </button>
        )}
        <button
          type="button"
          className={`mg-read-button${prefs.labelNames ? ' is-active' : ''}`}
          aria-pressed={prefs.labelNames}
          onClick={() => run('view.labelNames')}
          title="Label names above spans (Alt+L)"
        >
          Names
        </button>
        <button type="button" className="mg-help-button" onClick={() => run('app.preferences')} title="Preferences" aria-label="Preferences">
          ⚙
        </button>
        <button type="button" className="mg-help-button" onClick={() => run('help.shortcuts')} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">
          ?
        </button>
      </div>
      {prefs.reading ? <ReadingControls prefs={prefs} store={preferences} /> : <LabelBar labels={labels} disabled={snap.readOnly} onPick={onPickLabel} />}
    </div>
  );
}
