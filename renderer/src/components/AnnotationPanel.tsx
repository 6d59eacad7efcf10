import { useEffect, useRef } from 'react';
import type { Annotation } from '../../../app/sidecar/sidecar-schema';
import type { LabelInfo } from '../editor/labels';
import { LabelChip } from './LabelBar';

export function AnnotationDetails(props: {
  annotation: Annotation;
  labels: readonly LabelInfo[];
  labelByName: ReadonlyMap<string, LabelInfo>;
  readOnly: boolean;
  onRelabel(label: string): void;
  onDelete(): void;
}) {
  const { annotation: a, labels, readOnly } = props;
  const current = props.labelByName.get(a.label);
  return (
    <div className="mg-details" data-testid="annotation-details">
      <div className="mg-details-head">
        {current ? <LabelChip label={current} /> : <span className="mg-chip">{a.label}</span>}
        <span className="mg-offsets">
          {a.start}–{a.end}
        </span>
      </div>
      <blockquote className="mg-details-text">{a.text}</blockquote>
      <label className="mg-field">
        Label
        <select value={a.label} disabled={readOnly} onChange={(e) => props.onRelabel(e.target.value)} aria-label="Label">
          {current ? null : <option value={a.label}>{a.label}</option>}
          {labels
            .filter((l) => l.type === a.type)
            .map((l) => (
              <option key={l.name} value={l.name}>
                {l.name}
              </option>
            ))}
        </select>
      </label>
      <button type="button" className="mg-danger" disabled={readOnly} onClick={props.onDelete}>
        Delete <kbd>Del</kbd>
      </button>
    </div>
  );
}

export function AnnotationPanel(props: {
  annotations: readonly Annotation[];
  labelByName: ReadonlyMap<string, LabelInfo>;
  selectedId: string | null;
  onSelect(id: string): void;
}) {
  const { annotations, labelByName, selectedId, onSelect } = props;
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (!selectedId) return;
    listRef.current?.querySelector(`[data-id="${CSS.escape(selectedId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);
  const sorted = [...annotations].sort((a, b) => a.start - b.start || a.end - b.end);
  return (
    <section className="mg-panel" aria-label="Annotations">
      <h2>
        Annotations <span className="mg-count">{annotations.length}</span>
      </h2>
      {sorted.length === 0 ? (
        <p className="mg-empty">Select text in the article and press a label’s key (1–9) to tag it.</p>
      ) : (
        <ol className="mg-annlist" ref={listRef}>
          {sorted.map((a) => {
            const info = labelByName.get(a.label);
            return (
              <li key={a.id}>
                <button
                  type="button"
                  data-id={a.id}
                  className={`mg-ann${a.id === selectedId ? ' is-selected' : ''}`}
                  aria-pressed={a.id === selectedId}
                  onClick={() => onSelect(a.id)}
                >
                  {info ? <LabelChip label={info} /> : <span className="mg-chip">{a.label}</span>}
                  <span className="mg-ann-text">{a.text}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
