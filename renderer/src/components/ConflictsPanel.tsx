import type { Annotation, AnnotationEvent, Conflict, ConflictKind, Relation } from '../../../app/sidecar/sidecar-schema';
import type { LabelInfo } from '../editor/labels';
import { AnnotationText } from './AnnotationDetails';

/**
 * What a git merge left undecided in this document (marginalia merge-driver):
 * both versions of each item, ours shown in the text meanwhile. Keeping ours
 * or taking theirs is one undoable change, saved like any other.
 */
export function ConflictsPanel(props: {
  conflicts: readonly Conflict[];
  labelByName: ReadonlyMap<string, LabelInfo>;
  readOnly: boolean;
  onDecide(kind: ConflictKind, id: string, choice: 'ours' | 'theirs'): void;
}) {
  if (props.conflicts.length === 0) return null;
  const version = (c: Conflict, side: 'ours' | 'theirs') => {
    const v = c[side];
    if (v === null) return <span className="mg-muted">deleted</span>;
    if (c.kind === 'annotation') {
      const a = v as Annotation;
      return (
        <>
          <AnnotationText annotation={a} labelByName={props.labelByName} />
          {a.note ? <span className="mg-muted"> — {a.note}</span> : null}
        </>
      );
    }
    if (c.kind === 'relation') {
      const r = v as Relation;
      return <span>{`${r.type}: ${r.from} → ${r.to}`}</span>;
    }
    if (c.kind === 'event') {
      const e = v as AnnotationEvent;
      const args = e.arguments.map((a) => `${a.role}: ${a.ref}`).join(', ');
      return <span>{`${e.type}, trigger ${e.trigger}${args ? `; ${args}` : ''}`}</span>;
    }
    if (c.kind === 'status') return <span>{String(v)}</span>;
    return <span className="mg-muted">another version of the text</span>;
  };
  return (
    <section className="mg-panel mg-conflicts" aria-label="Merge conflicts">
      <h2>
        Merge conflicts <span className="mg-count">{props.conflicts.length}</span>
      </h2>
      <p className="mg-muted">A git merge found these changed differently on both sides. Ours is in the text until you decide.</p>
      <ol className="mg-annlist">
        {props.conflicts.map((c) => (
          <li key={`${c.kind}:${c.id}`} className="mg-conflict" data-testid="merge-conflict" data-id={c.id}>
            <div>
              <strong>{c.kind === 'status' ? 'Document status' : c.kind === 'source' ? 'Article text' : `${c.kind} ${c.id}`}</strong>
            </div>
            <div>Ours: {version(c, 'ours')}</div>
            <div>Theirs: {version(c, 'theirs')}</div>
            <div className="mg-orphan-actions">
              <button type="button" disabled={props.readOnly} onClick={() => props.onDecide(c.kind, c.id, 'ours')}>
                Keep ours
              </button>
              {c.kind === 'source' ? null : (
                <button type="button" disabled={props.readOnly} onClick={() => props.onDecide(c.kind, c.id, 'theirs')}>
                  Take theirs
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
