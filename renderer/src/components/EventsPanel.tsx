import type { Annotation, AnnotationEvent } from '../../../app/sidecar/sidecar-schema';
import { AttributeSummary, CommentList } from './BratExtras';

/**
 * The document's events (brat's E lines): per event its type and trigger,
 * then each role with its argument. Clicking the event or an argument selects
 * that annotation (the article scrolls to it). Nothing when there are none.
 */
export function EventsPanel(props: {
  events: readonly AnnotationEvent[];
  annotations: readonly Annotation[];
  readOnly: boolean;
  onSelect(id: string): void;
  /** Deletes the event (its trigger stays a span). */
  onDelete(id: string): void;
}) {
  if (props.events.length === 0) return null;
  const annotations = new Map(props.annotations.map((a) => [a.id, a]));
  const events = new Map(props.events.map((e) => [e.id, e]));
  /** What an argument names: an annotation's text, or another event by its type and trigger. */
  const shown = (ref: string): { text: string; select: string | null } => {
    const a = annotations.get(ref);
    if (a) return { text: a.text, select: a.id };
    const e = events.get(ref);
    if (e) return { text: `${e.type} (${annotations.get(e.trigger)?.text ?? '?'})`, select: e.trigger };
    // An orphan (not placed in the current text) or a name the file kept: shown, not selectable.
    return { text: ref, select: null };
  };
  return (
    <section className="mg-panel mg-events" aria-label="Events">
      <h2>
        Events <span className="mg-count">{props.events.length}</span>
      </h2>
      <ol className="mg-rellist">
        {props.events.map((e) => (
          <li key={e.id} className="mg-event" data-event-id={e.id}>
            <button type="button" className="mg-link mg-event-head" title="Show the trigger in the article" onClick={() => props.onSelect(e.trigger)}>
              <strong>{e.type}</strong> “{annotations.get(e.trigger)?.text ?? e.trigger}”
            </button>
            <button type="button" aria-label={`Delete event ${e.type}`} disabled={props.readOnly} onClick={() => props.onDelete(e.id)}>
              ×
            </button>
            {e.arguments.length ? (
              <ul className="mg-event-args">
                {e.arguments.map((arg, i) => {
                  const target = shown(arg.ref);
                  return (
                    <li key={`${arg.role}-${i}`}>
                      <span className="mg-muted">{arg.role} →</span>{' '}
                      {target.select ? (
                        <button type="button" className="mg-link" onClick={() => props.onSelect(target.select as string)}>
                          {target.text}
                        </button>
                      ) : (
                        <span>{target.text}</span>
                      )}
                    </li>
                  );
                })}
              </ul>
            ) : null}
            {e.note !== undefined ? <p className="mg-muted">{e.note}</p> : null}
            <AttributeSummary attributes={e.attributes} label={`Attributes of event ${e.type}`} />
            <CommentList comments={e.comments} label={`Comments on event ${e.type}`} />
          </li>
        ))}
      </ol>
    </section>
  );
}
