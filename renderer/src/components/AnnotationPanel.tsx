// The side panel lists: every annotation, the claims as "who claims what"
// (filterable by status), and the relations.
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { Annotation, Relation } from '../../../app/sidecar/sidecar-schema';
import { CLAIM_STATUSES } from '../../../app/sidecar/sidecar-schema';
import type { LabelInfo } from '../editor/labels';
import { AnnotationText } from './AnnotationDetails';
import { VirtualList } from './VirtualList';
import { RelationExtras, RelationRole } from './BratExtras';
import { useStore } from '../state/store';
import { useStores } from '../state/stores';

/** Above this many, the list renders only the rows in view. */
const VIRTUAL_FROM = 80;
const ROW_HEIGHT = 30;

function useScrollSelectedIntoView(selectedId: string | null) {
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (!selectedId) return;
    listRef.current?.querySelector(`[data-id="${CSS.escape(selectedId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);
  return listRef;
}

export const AnnotationPanel = memo(function AnnotationPanel(props: {
  annotations: readonly Annotation[];
  labelByName: ReadonlyMap<string, LabelInfo>;
  selectedId: string | null;
  onSelect(id: string): void;
  /** The annotations cannot be changed (see the banner): no invitation to tag. */
  readOnly?: boolean;
}) {
  const { annotations, labelByName, selectedId, onSelect } = props;
  const listRef = useScrollSelectedIntoView(selectedId);
  const sorted = useMemo(() => [...annotations].sort((a, b) => a.start - b.start || b.end - a.end), [annotations]);
  const row = (a: Annotation) => (
    <button
      type="button"
      data-id={a.id}
      className={`mg-ann${a.id === selectedId ? ' is-selected' : ''}${a.type === 'claim' ? ' is-claim' : ''}`}
      aria-pressed={a.id === selectedId}
      onClick={() => onSelect(a.id)}
    >
      <AnnotationText annotation={a} labelByName={labelByName} />
    </button>
  );
  return (
    <section className="mg-panel" aria-label="Annotations">
      <h2>
        Annotations <span className="mg-count">{annotations.length}</span>
      </h2>
      {sorted.length === 0 ? (
        <p className="mg-empty">
          {props.readOnly
            ? 'No annotations. This document is open for reading only (see the message above the article), so it cannot be tagged.'
            : 'Select text in the article (mouse, or → and Shift+→) and press a label’s key to tag it. Press ? for all keys.'}
        </p>
      ) : sorted.length >= VIRTUAL_FROM ? (
        <VirtualList
          items={sorted}
          rowHeight={ROW_HEIGHT}
          height={Math.round(window.innerHeight * 0.55)}
          getKey={(a) => a.id}
          renderRow={row}
          scrollToIndex={selectedId ? sorted.findIndex((a) => a.id === selectedId) : undefined}
          className="mg-annlist"
          label="All annotations"
        />
      ) : (
        <ol className="mg-annlist" ref={listRef}>
          {sorted.map((a) => (
            <li key={a.id}>{row(a)}</li>
          ))}
        </ol>
      )}
    </section>
  );
});

type StatusFilter = 'all' | (typeof CLAIM_STATUSES)[number];

export function ClaimsPanel(props: {
  annotations: readonly Annotation[];
  selectedId: string | null;
  onSelect(id: string): void;
}) {
  const { annotations, selectedId, onSelect } = props;
  const [filter, setFilter] = useState<StatusFilter>('all');
  const listRef = useScrollSelectedIntoView(selectedId);
  const byId = new Map(annotations.map((a) => [a.id, a]));
  const claims = annotations.filter((a) => a.type === 'claim').sort((a, b) => a.start - b.start);
  const shown = filter === 'all' ? claims : claims.filter((c) => (c.status ?? 'unverified') === filter);
  return (
    <section className="mg-panel" aria-label="Claims">
      <h2>
        Claims <span className="mg-count">{claims.length}</span>
      </h2>
      <label className="mg-field mg-filter">
        Status
        <select aria-label="Filter claims by status" value={filter} onChange={(e) => setFilter(e.target.value as StatusFilter)}>
          <option value="all">all</option>
          {CLAIM_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s} ({claims.filter((c) => (c.status ?? 'unverified') === s).length})
            </option>
          ))}
        </select>
      </label>
      {shown.length === 0 ? (
        <p className="mg-empty">{claims.length ? 'No claims with this status.' : 'Select a statement and press 7 (CLAIM) to tag it, then C to pick who makes it.'}</p>
      ) : (
        <ol className="mg-claimlist" ref={listRef}>
          {shown.map((c) => {
            const who = c.claimant ? byId.get(c.claimant) : undefined;
            return (
              <li key={c.id}>
                <button type="button" data-id={c.id} className={`mg-claim${c.id === selectedId ? ' is-selected' : ''}`} onClick={() => onSelect(c.id)}>
                  <span className="mg-claim-who">
                    <strong>{who ? who.text : 'Unattributed'}</strong> <span className="mg-muted">{c.stance ?? 'asserted'}</span>
                    <span className={`mg-status is-${c.status ?? 'unverified'}`}>{c.status ?? 'unverified'}</span>
                  </span>
                  <span className="mg-claim-what">“{c.text}”</span>
                  {c.note ? <span className="mg-claim-note">{c.note}</span> : null}
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

export function RelationsPanel(props: {
  annotations: readonly Annotation[];
  relations: readonly Relation[];
  readOnly: boolean;
  onSelect(id: string): void;
  onDelete(id: string): void;
  /** Bring a code point into view in the article (where the selected relation's arc is). */
  onScrollTo?(cp: number): void;
}) {
  const byId = new Map(props.annotations.map((a) => [a.id, a]));
  const { relationSelection } = useStores();
  const selectedRelationId = useStore(relationSelection);
  const listRef = useRef<HTMLOListElement>(null);
  // Selected on its arc: the row comes into view.
  useEffect(() => {
    if (selectedRelationId) listRef.current?.querySelector(`[data-relation-id="${CSS.escape(selectedRelationId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedRelationId]);
  return (
    <section className="mg-panel" aria-label="Relations">
      <h2>
        Relations <span className="mg-count">{props.relations.length}</span>
      </h2>
      {props.relations.length === 0 ? (
        <p className="mg-empty">Select an annotation and press R, then pick the other end.</p>
      ) : (
        <ol className="mg-rellist" ref={listRef}>
          {props.relations.map((r) => (
            <li key={r.id} className={`mg-relrow${r.id === selectedRelationId ? ' is-selected' : ''}`} data-relation-id={r.id}>
              <RelationRole relation={r} end="from" />
              <button type="button" className="mg-link" onClick={() => props.onSelect(r.from)}>
                {byId.get(r.from)?.text ?? r.from}
              </button>
              <button
                type="button"
                className="mg-link mg-rel-type"
                aria-pressed={r.id === selectedRelationId}
                title="Show this relation's arc"
                onClick={() => {
                  relationSelection.select(r.id === selectedRelationId ? null : r.id);
                  const from = byId.get(r.from);
                  if (from && r.id !== selectedRelationId) props.onScrollTo?.(from.start);
                }}
              >
                —{r.type}→
              </button>
              <RelationRole relation={r} end="to" />
              <button type="button" className="mg-link" onClick={() => props.onSelect(r.to)}>
                {byId.get(r.to)?.text ?? r.to}
              </button>
              <button type="button" aria-label={`Delete relation ${r.type}`} disabled={props.readOnly} onClick={() => props.onDelete(r.id)}>
                ×
              </button>
              <RelationExtras relation={r} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
