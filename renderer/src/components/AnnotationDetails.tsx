// One annotation, opened: label, claim fields, note, attributes, relations.
// Every edit goes through the document session, so it is undoable and saved.
import { useState, type ReactNode } from 'react';
import { BufferedInput, BufferedTextArea } from './BufferedField';
import type { Annotation, Relation } from '../../../app/sidecar/sidecar-schema';
import { CLAIM_STATUSES, STANCES } from '../../../app/sidecar/sidecar-schema';
import type { DocumentSession } from '../state/document-session';
import type { LabelInfo } from '../editor/labels';
import { LabelChip } from './LabelBar';
import { CommentList, RelationExtras, RelationRole } from './BratExtras';

export function AnnotationText({ annotation, labelByName }: { annotation: Annotation; labelByName: ReadonlyMap<string, LabelInfo> }) {
  const info = labelByName.get(annotation.label);
  return (
    <>
      {info ? <LabelChip label={info} /> : <span className="mg-chip is-unknown">{annotation.label}</span>}
      <span className="mg-ann-text">{annotation.text}</span>
    </>
  );
}

function shortText(a: Annotation | undefined): string {
  if (!a) return '(missing)';
  return a.text.length > 48 ? `${a.text.slice(0, 47)}…` : a.text;
}

export function AnnotationDetails(props: {
  annotation: Annotation;
  annotations: readonly Annotation[];
  relations: readonly Relation[];
  labels: readonly LabelInfo[];
  labelByName: ReadonlyMap<string, LabelInfo>;
  session: DocumentSession;
  readOnly: boolean;
  /** Start picking the claimant (keyboard C) or a relation target (R) in the article. */
  onStartPick(kind: 'claimant' | 'relation'): void;
  onSelect(id: string): void;
  /** The entity registry link, supplied by the entity feature. */
  entitySlot?: ReactNode;
  compact?: boolean;
}) {
  const { annotation: a, annotations, relations, labels, labelByName, session, readOnly } = props;
  const [attrName, setAttrName] = useState('');
  const [attrValue, setAttrValue] = useState('');
  const byId = new Map(annotations.map((x) => [x.id, x]));
  const current = labelByName.get(a.label);
  const claimant = a.claimant ? byId.get(a.claimant) : undefined;
  const outgoing = relations.filter((r) => r.from === a.id);
  const incoming = relations.filter((r) => r.to === a.id);
  const attributes = Object.entries(a.attributes ?? {});
  const claimantOptions = annotations.filter((x) => x.type === 'entity' && x.id !== a.id);

  const setAttribute = (name: string, value: string | undefined) => {
    const next = { ...(a.attributes ?? {}) };
    if (value === undefined) delete next[name];
    else next[name] = value;
    session.update(a.id, { attributes: Object.keys(next).length ? next : undefined }, value === undefined ? `Remove ${name}` : `Set ${name}`);
  };

  return (
    <div className="mg-details" role="group" data-testid="annotation-details" data-annotation-id={a.id} aria-label={`${a.type === 'claim' ? 'Claim' : 'Annotation'} details`}>
      <div className="mg-details-head">
        {current ? <LabelChip label={current} /> : <span className="mg-chip is-unknown">{a.label}</span>}
        <span className="mg-offsets" title="Code-point offsets">
          {a.start}–{a.end}
        </span>
      </div>
      <blockquote className="mg-details-text">{a.text}</blockquote>
      <label className="mg-field">
        Label
        <select value={a.label} disabled={readOnly} onChange={(e) => session.relabel(a.id, e.target.value)} aria-label="Label">
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

      {a.type === 'claim' ? (
        <fieldset className="mg-claim-fields" disabled={readOnly}>
          <legend>Claim</legend>
          <div className="mg-field">
            Claimant
            <div className="mg-claimant">
              {claimant ? (
                <button type="button" className="mg-link" onClick={() => props.onSelect(claimant.id)} data-testid="claimant">
                  {claimant.text}
                </button>
              ) : (
                <span className="mg-muted">nobody yet</span>
              )}
              <button type="button" onClick={() => props.onStartPick('claimant')} title="Click a highlighted mention, or Tab through them and press Enter (C)">
                Pick <kbd>C</kbd>
              </button>
            </div>
            <select
              aria-label="Claimant"
              value={a.claimant ?? ''}
              onChange={(e) => session.setClaimant(a.id, e.target.value || undefined)}
            >
              <option value="">— none —</option>
              {claimantOptions.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.label}: {shortText(x)}
                </option>
              ))}
            </select>
          </div>
          <label className="mg-field">
            Stance
            <select aria-label="Stance" value={a.stance ?? 'asserted'} onChange={(e) => session.update(a.id, { stance: e.target.value as Annotation['stance'] }, `Stance ${e.target.value}`)}>
              {STANCES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label className="mg-field">
            Status
            <select aria-label="Status" value={a.status ?? 'unverified'} onChange={(e) => session.update(a.id, { status: e.target.value as Annotation['status'] }, `Status ${e.target.value}`)}>
              {CLAIM_STATUSES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
        </fieldset>
      ) : null}

      {a.type === 'entity' ? props.entitySlot ?? null : null}

      <label className="mg-field">
        Note <span className="mg-muted">(N)</span>
        <BufferedTextArea
          key={a.id}
          className="mg-note"
          aria-label="Note"
          rows={props.compact ? 2 : 3}
          readOnly={readOnly}
          value={a.note ?? ''}
          onCommit={(note) => session.update(a.id, { note: note || undefined }, 'Edit note', `note:${a.id}`)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') (e.target as HTMLTextAreaElement).blur();
          }}
        />
      </label>

      {!props.compact ? (
        <div className="mg-field">
          Attributes
          {attributes.length ? (
            <ul className="mg-attrs">
              {attributes.map(([k, v]) => (
                <li key={k}>
                  <span className="mg-attr-name">{k}</span>
                  <BufferedInput
                    key={`${a.id}:${k}`}
                    aria-label={`Attribute ${k}`}
                    value={String(v)}
                    readOnly={readOnly}
                    onCommit={(value) => session.update(a.id, { attributes: { ...(a.attributes ?? {}), [k]: value } }, `Set ${k}`, `attr:${a.id}:${k}`)}
                  />
                  <button type="button" aria-label={`Remove attribute ${k}`} disabled={readOnly} onClick={() => setAttribute(k, undefined)}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <form
            className="mg-attr-add"
            onSubmit={(e) => {
              e.preventDefault();
              const name = attrName.trim();
              if (!name) return;
              setAttribute(name, attrValue.trim());
              setAttrName('');
              setAttrValue('');
            }}
          >
            <input aria-label="New attribute name" placeholder="name" value={attrName} disabled={readOnly} onChange={(e) => setAttrName(e.target.value)} />
            <input aria-label="New attribute value" placeholder="value" value={attrValue} disabled={readOnly} onChange={(e) => setAttrValue(e.target.value)} />
            <button type="submit" disabled={readOnly || !attrName.trim()}>
              Add
            </button>
          </form>
        </div>
      ) : null}

      {a.comments?.length ? (
        <div className="mg-field">
          Comments
          <CommentList comments={a.comments} label="Comments" />
        </div>
      ) : null}

      <div className="mg-field">
        Relations
        {outgoing.length + incoming.length ? (
          <ul className="mg-rels" aria-label="Relations of this annotation">
            {outgoing.map((r) => (
              <li key={r.id}>
                <RelationRole relation={r} end="from" />
                <span className="mg-rel-type">{r.type} →</span>
                <RelationRole relation={r} end="to" />
                <button type="button" className="mg-link" onClick={() => props.onSelect(r.to)}>
                  {shortText(byId.get(r.to))}
                </button>
                <button type="button" aria-label={`Delete relation ${r.type}`} disabled={readOnly} onClick={() => session.removeRelation(r.id)}>
                  ×
                </button>
                <RelationExtras relation={r} />
              </li>
            ))}
            {incoming.map((r) => (
              <li key={r.id}>
                <RelationRole relation={r} end="to" />
                <span className="mg-rel-type">← {r.type}</span>
                <RelationRole relation={r} end="from" />
                <button type="button" className="mg-link" onClick={() => props.onSelect(r.from)}>
                  {shortText(byId.get(r.from))}
                </button>
                <button type="button" aria-label={`Delete relation ${r.type}`} disabled={readOnly} onClick={() => session.removeRelation(r.id)}>
                  ×
                </button>
                <RelationExtras relation={r} />
              </li>
            ))}
          </ul>
        ) : null}
        <button type="button" disabled={readOnly} onClick={() => props.onStartPick('relation')} className="mg-inline-button">
          Add relation <kbd>R</kbd>
        </button>
      </div>

      <button type="button" className="mg-danger" disabled={readOnly} onClick={() => session.remove(a.id)}>
        Delete <kbd>Del</kbd>
      </button>
    </div>
  );
}
