import type { Annotation } from '../../../app/sidecar/sidecar-schema';
import type { LabelInfo } from '../editor/labels';
import { AnnotationText } from './AnnotationDetails';

/**
 * Annotations that could not be placed after the article changed. They are
 * kept (and saved) until the analyst re-attaches each to a selection or
 * deletes it.
 */
export function OrphansPanel(props: {
  orphans: readonly Annotation[];
  labelByName: ReadonlyMap<string, LabelInfo>;
  readOnly: boolean;
  onReattach(id: string): void;
  onDelete(id: string): void;
}) {
  if (props.orphans.length === 0) return null;
  return (
    <section className="mg-panel mg-orphans" aria-label="Orphans">
      <h2>
        Not placed <span className="mg-count">{props.orphans.length}</span>
      </h2>
      <p className="mg-muted">The article changed and these could not be found in it. Select where each belongs and press “Attach here”, or delete it.</p>
      <ol className="mg-annlist">
        {props.orphans.map((o) => (
          <li key={o.id} className="mg-orphan">
            <div className="mg-orphan-text">
              <AnnotationText annotation={o} labelByName={props.labelByName} />
            </div>
            <div className="mg-orphan-context mg-muted">
              …{o.prefix}
              <mark>{o.text}</mark>
              {o.suffix}…
            </div>
            <div className="mg-orphan-actions">
              <button
                type="button"
                disabled={props.readOnly}
                // Keep the text selection the analyst just made.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => props.onReattach(o.id)}
              >
                Attach here
              </button>
              <button type="button" className="mg-danger" disabled={props.readOnly} onClick={() => props.onDelete(o.id)}>
                Delete
              </button>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
