// An entity annotation's link to the corpus's entity registry, shown inside
// its details. Linked: the canonical entity (name, label, aliases) with
// "All mentions" and "Unlink". Not linked: a combobox suggesting registry
// entities as you type (ArrowUp/Down, Enter, Escape) and "Create entity".
// Linking the annotation itself is the caller's (onLink), so it goes into the
// document's undo history; this component only changes the registry.
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { findEntitiesMatching, foldName, normalizeName, type Entity, type EntityMatch } from '../../../app/entity-registry';
import type { Annotation } from '../../../app/sidecar/sidecar-schema';
import type { LabelInfo } from '../editor/labels';
import type { EntityStore, EntityStoreSnapshot } from '../state/entity-store';
import { useEntityStore } from '../state/use-entity-store';

export interface EntityLinkProps {
  annotation: Annotation;
  store: EntityStore;
  /** The document is read-only: no linking or unlinking (the registry may still be browsed). */
  readOnly: boolean;
  /** Link the annotation to an entity, or unlink it (undefined). */
  onLink(entityId: string | undefined): void;
  onShowMentions(entityId: string): void;
  /** For label colours; chips are grey without it. */
  labelByName?: ReadonlyMap<string, LabelInfo>;
}

/** How many suggestions the combobox shows at most. */
const MAX_SUGGESTIONS = 8;

/** An entity label as a chip, in the label's colour when the schema knows it. */
export function EntityLabelChip({ label, labelByName }: { label: string; labelByName?: ReadonlyMap<string, LabelInfo> | undefined }) {
  const info = labelByName?.get(label);
  return <span className={`mg-chip ${info ? `mg-slot-${info.slot}` : 'is-unknown'} mg-entity-chip`}>{label}</span>;
}

/** The registry's save state in a few words, or null when there is nothing to say. */
export function entityStatusText(snap: EntityStoreSnapshot): { text: string; kind: 'problem' | 'error' | 'saving' | 'failed' } | null {
  if (snap.problem) return { text: snap.problem, kind: 'problem' };
  if (snap.error) return { text: snap.error, kind: 'error' };
  if (snap.save.kind === 'failed') return { text: `Entities not saved: ${snap.save.message}`, kind: 'failed' };
  if (snap.save.kind === 'saving' || snap.save.kind === 'unsaved') return { text: 'Saving entities…', kind: 'saving' };
  return null;
}

export function EntityStatus({ snap }: { snap: EntityStoreSnapshot }) {
  const status = entityStatusText(snap);
  if (!status) return null;
  return (
    <p className={`mg-entity-status is-${status.kind}`} role={status.kind === 'saving' ? 'status' : 'alert'} data-testid="entity-status">
      {status.text}
    </p>
  );
}

export function EntityLink(props: EntityLinkProps) {
  const snap = useEntityStore(props.store);
  const a = props.annotation;
  if (a.entity !== undefined) {
    return <LinkedEntity {...props} entityId={a.entity} entity={snap.byId.get(a.entity)} snap={snap} />;
  }
  // Keyed by annotation: the query starts again from each mention's text.
  return <EntityPicker key={a.id} {...props} snap={snap} />;
}

function LinkedEntity(props: EntityLinkProps & { entityId: string; entity: Entity | undefined; snap: EntityStoreSnapshot }) {
  const { annotation: a, entity, entityId, snap, store, readOnly, labelByName } = props;
  const mentionIsKnown =
    !entity || [entity.name, ...entity.aliases].some((n) => foldName(n) === foldName(a.text)) || normalizeName(a.text) === '';
  return (
    <section className="mg-entity-link is-linked" aria-label="Entity" data-testid="entity-link">
      <div className="mg-entity-head">
        <span className="mg-entity-kicker">Entity</span>
        {entity ? <EntityLabelChip label={entity.label} labelByName={labelByName} /> : null}
      </div>
      {entity ? (
        <>
          <p className="mg-entity-name" data-testid="entity-name">
            {entity.name}
          </p>
          {entity.aliases.length ? (
            <p className="mg-entity-aliases">
              <span className="mg-muted">also </span>
              {entity.aliases.join(' · ')}
            </p>
          ) : null}
          {entity.externalIds && Object.keys(entity.externalIds).length ? (
            <p className="mg-entity-xids">
              {Object.entries(entity.externalIds).map(([source, value]) => (
                <span key={source} className="mg-entity-xid">
                  <span className="mg-muted">{source}</span> {value}
                </span>
              ))}
            </p>
          ) : null}
        </>
      ) : (
        <p className="mg-entity-missing">
          {snap.status === 'idle' || snap.status === 'loading'
            ? 'Loading entities…'
            : `Linked to ${entityId}, which is not in the corpus’s entity registry.`}
        </p>
      )}
      <div className="mg-entity-actions">
        <button type="button" className="mg-inline-button" onClick={() => props.onShowMentions(entityId)}>
          All mentions
        </button>
        <button type="button" className="mg-inline-button" disabled={readOnly} onClick={() => props.onLink(undefined)}>
          Unlink
        </button>
        {entity && !mentionIsKnown ? (
          <button
            type="button"
            className="mg-inline-button"
            disabled={snap.readOnly}
            title="Add this mention’s text to the entity’s aliases, so it is suggested next time"
            onClick={() => store.addAlias(entity.id, a.text)}
          >
            Add “{normalizeName(a.text)}” as alias
          </button>
        ) : null}
      </div>
      <EntityStatus snap={snap} />
    </section>
  );
}

type PickerOption = { kind: 'entity'; match: EntityMatch } | { kind: 'create'; name: string };

function EntityPicker(props: EntityLinkProps & { snap: EntityStoreSnapshot }) {
  const { annotation: a, snap, store, labelByName } = props;
  const baseId = useId();
  const [query, setQuery] = useState(() => normalizeName(a.text));
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const disabled = props.readOnly || snap.readOnly;

  const matches = useMemo(
    () => findEntitiesMatching(snap.registry, query, { label: a.label, limit: MAX_SUGGESTIONS }),
    [snap.registry, query, a.label],
  );
  const createName = normalizeName(query) || normalizeName(a.text);
  const options: PickerOption[] = useMemo(
    () => [...matches.map((match): PickerOption => ({ kind: 'entity', match })), ...(createName ? [{ kind: 'create' as const, name: createName }] : [])],
    [matches, createName],
  );
  const activeIndex = Math.min(active, options.length - 1);
  const listId = `${baseId}-list`;
  const optionId = (i: number) => `${baseId}-opt-${i}`;
  const showList = open && !disabled && options.length > 0;

  const pick = (option: PickerOption | undefined) => {
    if (!option || disabled) return;
    if (option.kind === 'entity') {
      props.onLink(option.match.entity.id);
    } else {
      const id = store.createFromMention(option.name, a.label);
      if (id) props.onLink(id);
    }
    setOpen(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!options.length) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive(open ? (activeIndex + step + options.length) % options.length : step === 1 ? 0 : options.length - 1);
      setOpen(true);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      pick(options[activeIndex]);
    } else if (e.key === 'Escape') {
      // Close the list first; a second Escape puts the mention's text back.
      e.preventDefault();
      e.stopPropagation();
      if (open) setOpen(false);
      else {
        setQuery(normalizeName(a.text));
        setActive(0);
      }
    }
  };

  return (
    <section className="mg-entity-link" aria-label="Entity" data-testid="entity-link">
      <label className="mg-field" htmlFor={`${baseId}-input`}>
        Entity
      </label>
      <div className="mg-entity-combo">
        <input
          id={`${baseId}-input`}
          type="text"
          role="combobox"
          className="mg-entity-input"
          value={query}
          disabled={disabled}
          placeholder="Find or create an entity…"
          autoComplete="off"
          spellCheck={false}
          aria-label="Link to entity"
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={listId}
          aria-activedescendant={showList ? optionId(activeIndex) : undefined}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
        {showList ? (
          <ul className="mg-entity-options" role="listbox" id={listId} aria-label="Entities">
            {options.map((o, i) => (
              <li
                key={o.kind === 'entity' ? o.match.entity.id : 'create'}
                id={optionId(i)}
                role="option"
                aria-selected={i === activeIndex}
                className={`mg-entity-option${i === activeIndex ? ' is-active' : ''}${o.kind === 'create' ? ' is-create' : ''}`}
                // Keep the focus in the input: a mousedown elsewhere would blur it and close the list first.
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setActive(i)}
                onClick={() => pick(o)}
              >
                {o.kind === 'entity' ? (
                  <>
                    <span className="mg-entity-option-name">{o.match.entity.name}</span>
                    <EntityLabelChip label={o.match.entity.label} labelByName={labelByName} />
                    {o.match.via === 'alias' ? <span className="mg-entity-option-via">{o.match.matched}</span> : null}
                  </>
                ) : (
                  <span className="mg-entity-option-name">Create entity “{o.name}”</span>
                )}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {!open && !disabled && matches.length > 0 ? (
        <p className="mg-entity-hint">
          {matches.length === 1 ? '1 entity matches' : `${matches.length} entities match`}; focus the box to choose.
        </p>
      ) : null}
      <EntityStatus snap={snap} />
    </section>
  );
}
