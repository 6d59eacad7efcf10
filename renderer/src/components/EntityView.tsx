// One entity of the corpus's registry: its name (renaming changes it
// everywhere at once, since annotations store the id), label, aliases,
// external ids and note, and every mention across the corpus, grouped by
// document with its context; clicking a mention opens it.
import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { normalizeName, type Entity } from '../../../app/entity-registry';
import type { EntityMention, EntityMentionsResult } from '../../../app/ipc/contract';
import type { LabelInfo } from '../editor/labels';
import type { EntityStore } from '../state/entity-store';
import { useEntityStore } from '../state/use-entity-store';
import { EntityLabelChip, EntityStatus } from './EntityLink';

export interface EntityViewProps {
  entityId: string;
  store: EntityStore;
  onOpenMention(path: string, annotationId: string): void;
  /** Entity label names offered for the label (the label schema's entity labels). */
  labels?: readonly string[];
  labelByName?: ReadonlyMap<string, LabelInfo>;
  /** Change it to search the mentions again (e.g. after the open document was saved). */
  refreshKey?: unknown;
  onClose?(): void;
}

/** Sources offered for external ids; any other name can be typed. */
const EXTERNAL_SOURCES = ['wikidata', 'viaf', 'gnd', 'geonames', 'orcid', 'isni', 'lei'];

type MentionsState =
  | { key: string; state: 'done'; result: EntityMentionsResult }
  | { key: string; state: 'failed'; message: string };

function context(text: string): string {
  return text.replace(/\s+/gu, ' ');
}

export function EntityView(props: EntityViewProps) {
  const { entityId, store } = props;
  const snap = useEntityStore(store);
  const entity = snap.byId.get(entityId);
  const [reloads, setReloads] = useState(0);
  const [mentions, setMentions] = useState<MentionsState | null>(null);
  const fetchKey = `${entityId}\0${String(props.refreshKey ?? '')}\0${reloads}`;

  useEffect(() => {
    let cancelled = false;
    store.findMentions(entityId).then(
      (result) => {
        if (!cancelled) setMentions({ key: fetchKey, state: 'done', result });
      },
      (e: unknown) => {
        if (!cancelled) setMentions({ key: fetchKey, state: 'failed', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [store, entityId, fetchKey]);

  const current = mentions?.key === fetchKey ? mentions : null;

  if (!entity) {
    return (
      <section className="mg-panel mg-entity-view" aria-label="Entity">
        <h2>Entity</h2>
        <p className="mg-empty">
          {snap.status === 'idle' || snap.status === 'loading' ? 'Loading entities…' : `${entityId} is not in the corpus’s entity registry.`}
        </p>
        <MentionList state={current} onOpenMention={props.onOpenMention} onRefresh={() => setReloads((n) => n + 1)} />
        {props.onClose ? (
          <button type="button" className="mg-inline-button" onClick={props.onClose}>
            Close
          </button>
        ) : null}
      </section>
    );
  }

  const editable = !snap.readOnly;
  const mentionCount = current?.state === 'done' ? current.result.mentions.length : null;
  const canDelete = editable && current?.state === 'done' && mentionCount === 0 && current.result.problems.length === 0;

  return (
    <section className="mg-panel mg-entity-view" aria-label={`Entity ${entity.name}`} data-testid="entity-view">
      <div className="mg-entity-view-head">
        <h2>Entity</h2>
        {props.onClose ? (
          <button type="button" className="mg-inline-button" onClick={props.onClose} aria-label="Close entity">
            ×
          </button>
        ) : null}
      </div>
      <div className="mg-details">
        {/* Keyed by the name: a rename (here or by a reload) starts the field afresh. */}
        <NameField key={`${entity.id}\0${entity.name}`} entity={entity} store={store} disabled={!editable} />
        <p className="mg-entity-hint">Renaming changes the name everywhere: mentions store the entity’s id. The old name is kept as an alias.</p>
        <label className="mg-field">
          Label
          {props.labels?.length ? (
            <select value={entity.label} disabled={!editable} onChange={(e) => store.setLabel(entity.id, e.target.value)} aria-label="Entity label">
              {props.labels.includes(entity.label) ? null : <option value={entity.label}>{entity.label}</option>}
              {props.labels.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          ) : (
            <span>
              <EntityLabelChip label={entity.label} labelByName={props.labelByName} />
            </span>
          )}
        </label>
        <Aliases entity={entity} store={store} disabled={!editable} />
        <ExternalIds entity={entity} store={store} disabled={!editable} />
        <NoteField key={`${entity.id}\0${entity.note ?? ''}`} entity={entity} store={store} disabled={!editable} />
        <EntityStatus snap={snap} />
      </div>
      <MentionList state={current} onOpenMention={props.onOpenMention} onRefresh={() => setReloads((n) => n + 1)} />
      {editable ? (
        <button
          type="button"
          className="mg-danger mg-inline-button"
          disabled={!canDelete}
          title={canDelete ? 'Remove this entity from the registry' : 'Only an entity without mentions can be deleted: unlink its mentions first'}
          onClick={() => {
            store.remove(entity.id);
            props.onClose?.();
          }}
        >
          Delete entity
        </button>
      ) : null}
    </section>
  );
}

function NameField({ entity, store, disabled }: { entity: Entity; store: EntityStore; disabled: boolean }) {
  const [draft, setDraft] = useState(entity.name);
  const commit = () => {
    if (normalizeName(draft) === entity.name) {
      if (draft !== entity.name) setDraft(entity.name);
      return;
    }
    store.rename(entity.id, draft);
  };
  return (
    <label className="mg-field">
      Name
      <input
        type="text"
        className="mg-entity-input mg-entity-name-input"
        value={draft}
        disabled={disabled}
        aria-label="Entity name"
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            setDraft(entity.name);
            store.clearError();
          }
        }}
      />
    </label>
  );
}

function NoteField({ entity, store, disabled }: { entity: Entity; store: EntityStore; disabled: boolean }) {
  const [draft, setDraft] = useState(entity.note ?? '');
  return (
    <label className="mg-field">
      Note
      <textarea
        className="mg-note"
        rows={2}
        value={draft}
        disabled={disabled}
        aria-label="Entity note"
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => {
          if (draft !== (entity.note ?? '')) store.setNote(entity.id, draft);
        }}
      />
    </label>
  );
}

function Aliases({ entity, store, disabled }: { entity: Entity; store: EntityStore; disabled: boolean }) {
  const [draft, setDraft] = useState('');
  const add = () => {
    if (!normalizeName(draft)) return;
    if (store.addAlias(entity.id, draft)) setDraft('');
  };
  return (
    <fieldset className="mg-claim-fields mg-entity-aliases-editor">
      <legend>Aliases</legend>
      {entity.aliases.length ? (
        <ul className="mg-entity-alias-list" aria-label="Aliases">
          {entity.aliases.map((alias) => (
            <li key={alias} className="mg-entity-alias">
              <span>{alias}</span>
              <button type="button" disabled={disabled} aria-label={`Remove alias ${alias}`} onClick={() => store.removeAlias(entity.id, alias)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mg-muted mg-entity-none">No aliases.</p>
      )}
      <div className="mg-attr-add">
        <input
          type="text"
          value={draft}
          disabled={disabled}
          placeholder="Another name…"
          aria-label="New alias"
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" disabled={disabled || !normalizeName(draft)} onClick={add}>
          Add alias
        </button>
      </div>
    </fieldset>
  );
}

function ExternalIds({ entity, store, disabled }: { entity: Entity; store: EntityStore; disabled: boolean }) {
  const listId = useId();
  const [source, setSource] = useState('wikidata');
  const [value, setValue] = useState('');
  const entries = Object.entries(entity.externalIds ?? {});
  const add = () => {
    if (!source.trim() || !value.trim()) return;
    if (store.setExternalId(entity.id, source, value)) setValue('');
  };
  const onEnter = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      add();
    }
  };
  return (
    <fieldset className="mg-claim-fields mg-entity-xids-editor">
      <legend>External ids</legend>
      {entries.length ? (
        <ul className="mg-attrs" aria-label="External ids">
          {entries.map(([k, v]) => (
            <li key={k}>
              <span className="mg-attr-name">{k}</span>
              <span className="mg-entity-xid-value">{v}</span>
              <button type="button" disabled={disabled} aria-label={`Remove ${k} id`} onClick={() => store.setExternalId(entity.id, k, undefined)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="mg-attr-add">
        <input
          type="text"
          list={listId}
          value={source}
          disabled={disabled}
          aria-label="External id source"
          className="mg-entity-xid-source"
          onChange={(e) => setSource(e.target.value)}
          onKeyDown={onEnter}
        />
        <datalist id={listId}>
          {EXTERNAL_SOURCES.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <input
          type="text"
          value={value}
          disabled={disabled}
          placeholder="e.g. Q42"
          aria-label="External id"
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={onEnter}
        />
        <button type="button" disabled={disabled || !source.trim() || !value.trim()} onClick={add}>
          Set
        </button>
      </div>
    </fieldset>
  );
}

function MentionList(props: {
  state: MentionsState | null;
  onOpenMention(path: string, annotationId: string): void;
  onRefresh(): void;
}) {
  const { state } = props;
  const groups = useMemo(() => {
    if (state?.state !== 'done') return [];
    const byPath = new Map<string, EntityMention[]>();
    for (const m of state.result.mentions) {
      const list = byPath.get(m.path);
      if (list) list.push(m);
      else byPath.set(m.path, [m]);
    }
    return [...byPath];
  }, [state]);
  const total = state?.state === 'done' ? state.result.mentions.length : null;
  return (
    <section className="mg-entity-mentions" aria-label="Mentions">
      <h3 className="mg-entity-mentions-head">
        <span>
          Mentions{' '}
          {total !== null ? (
            <span className="mg-count" data-testid="mention-count">
              {total}
            </span>
          ) : null}
          {total ? (
            <span className="mg-muted">
              {' '}
              in {groups.length} document{groups.length === 1 ? '' : 's'}
            </span>
          ) : null}
        </span>
        <button type="button" className="mg-inline-button" onClick={props.onRefresh} title="Search the corpus again">
          Refresh
        </button>
      </h3>
      {state === null ? (
        <p className="mg-empty">Searching the corpus…</p>
      ) : state.state === 'failed' ? (
        <p className="mg-entity-status is-failed" role="alert">
          Could not search the corpus: {state.message}
        </p>
      ) : (
        <>
          {total === 0 ? <p className="mg-empty">No saved annotation is linked to this entity.</p> : null}
          {groups.map(([path, list]) => (
            <div key={path} className="mg-entity-mention-doc">
              <h4 className="mg-entity-mention-path" title={path}>
                {path} <span className="mg-count">{list.length}</span>
              </h4>
              <ol className="mg-entity-mention-list">
                {list.map((m) => (
                  <li key={m.annotationId}>
                    <button
                      type="button"
                      className="mg-entity-mention"
                      title={`${path}, ${m.label}, ${m.start}–${m.end}`}
                      onClick={() => props.onOpenMention(m.path, m.annotationId)}
                    >
                      <span className="mg-entity-context">
                        {m.prefix ? '…' : ''}
                        {context(m.prefix)}
                      </span>
                      <mark className="mg-entity-mention-text">{m.text}</mark>
                      <span className="mg-entity-context">
                        {context(m.suffix)}
                        {m.suffix ? '…' : ''}
                      </span>
                    </button>
                  </li>
                ))}
              </ol>
            </div>
          ))}
          {state.result.problems.length ? (
            <details className="mg-entity-problems">
              <summary>
                {state.result.problems.length} annotation file{state.result.problems.length === 1 ? '' : 's'} could not be read; their
                mentions are not listed
              </summary>
              <ul>
                {state.result.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      )}
    </section>
  );
}
