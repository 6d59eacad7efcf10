// Every entity of the corpus's registry, with a filter box (names and
// aliases, as the link suggestions match them) and how often each is
// mentioned across the corpus.
import { useEffect, useMemo, useState } from 'react';
import { findEntitiesMatching, type Entity } from '../../../app/entity-registry';
import type { EntityCountsResult } from '../../../app/ipc/contract';
import type { LabelInfo } from '../editor/labels';
import type { EntityStore } from '../state/entity-store';
import { useEntityStore } from '../state/use-entity-store';
import { EntityLabelChip, EntityStatus } from './EntityLink';

export interface EntityListProps {
  store: EntityStore;
  onSelect(entityId: string): void;
  selectedId?: string | null;
  labelByName?: ReadonlyMap<string, LabelInfo>;
  /** Change it to count the mentions again (e.g. after a document was saved). */
  refreshKey?: unknown;
}

type CountsState = { key: string; result: EntityCountsResult } | { key: string; failed: string };

export function EntityList(props: EntityListProps) {
  const { store, selectedId } = props;
  const snap = useEntityStore(store);
  const [filter, setFilter] = useState('');
  const [counts, setCounts] = useState<CountsState | null>(null);
  const key = String(props.refreshKey ?? '');

  useEffect(() => {
    let cancelled = false;
    store.countMentions().then(
      (result) => {
        if (!cancelled) setCounts({ key, result });
      },
      (e: unknown) => {
        if (!cancelled) setCounts({ key, failed: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [store, key]);

  const shown: Entity[] = useMemo(() => {
    if (filter.trim()) return findEntitiesMatching(snap.registry, filter).map((m) => m.entity);
    return [...snap.registry.entities].sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
  }, [snap.registry, filter]);

  const countOf = (id: string) => (counts && 'result' in counts ? Object.hasOwn(counts.result.counts, id) ? counts.result.counts[id] : { mentions: 0, documents: 0 } : undefined);

  return (
    <section className="mg-panel mg-entity-list" aria-label="Entities">
      <h2>
        Entities <span className="mg-count">{snap.registry.entities.length}</span>
      </h2>
      <input
        type="search"
        className="mg-entity-input mg-entity-filter"
        value={filter}
        placeholder="Filter by name or alias…"
        aria-label="Filter entities"
        onChange={(e) => setFilter(e.target.value)}
      />
      <EntityStatus snap={snap} />
      {counts && 'failed' in counts ? <p className="mg-entity-status is-failed">Mentions could not be counted: {counts.failed}</p> : null}
      {shown.length === 0 ? (
        snap.problem ? null : (
          <p className="mg-empty">
            {snap.status === 'idle' || snap.status === 'loading'
              ? 'Loading entities…'
              : snap.registry.entities.length === 0
                ? 'No entities yet. Open an entity annotation and link it to create one.'
                : 'No entity matches.'}
          </p>
        )
      ) : (
        <ul className="mg-annlist mg-entity-items">
          {shown.map((e) => {
            const c = countOf(e.id);
            return (
              <li key={e.id}>
                <button
                  type="button"
                  className={`mg-ann mg-entity-item${e.id === selectedId ? ' is-selected' : ''}`}
                  aria-pressed={e.id === selectedId}
                  title={e.aliases.length ? `also ${e.aliases.join(', ')}` : e.name}
                  onClick={() => props.onSelect(e.id)}
                >
                  <EntityLabelChip label={e.label} labelByName={props.labelByName} />
                  <span className="mg-ann-text">{e.name}</span>
                  {c ? (
                    <span className="mg-count mg-entity-item-count" title={`${c.mentions} mention${c.mentions === 1 ? '' : 's'} in ${c.documents} document${c.documents === 1 ? '' : 's'}`}>
                      {c.mentions}
                    </span>
                  ) : null}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
