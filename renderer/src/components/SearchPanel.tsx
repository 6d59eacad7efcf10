// Corpus search: a box with the query syntax at hand, results grouped by
// document (snippets with the match marked, annotations with their label),
// walked with ↑/↓ and opened with Enter, while the index builds (with progress
// and a way to stop it).
import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import type { SearchResult } from '../../../app/search/types';
import type { LabelInfo } from '../editor/labels';
import { SearchStore, type SearchItem } from '../state/search-store';

const STATUS_TEXT = { todo: 'To do', 'in-progress': 'In progress', done: 'Done' } as const;

/** The query language at a glance; clicking one puts it (or its key) in the box. */
const SYNTAX: { example: string; what: string; insert: string }[] = [
  { example: 'flood warning', what: 'both words', insert: '' },
  { example: '"air base"', what: 'a phrase', insert: '"' },
  { example: '-dam', what: 'without', insert: '-' },
  { example: 'label:PERSON', what: 'with a label', insert: 'label:' },
  { example: 'entity:Saltzman', what: 'linked to an entity (name or id)', insert: 'entity:' },
  { example: 'status:disputed', what: 'claims with a status', insert: 'status:' },
  { example: 'author:alice', what: 'annotated by', insert: 'author:' },
  { example: 'doc:done', what: 'todo, in-progress, done', insert: 'doc:' },
];

function Chip({ label, labelByName }: { label: string; labelByName: ReadonlyMap<string, LabelInfo> | undefined }) {
  const info = labelByName?.get(label);
  return <span className={info ? `mg-chip mg-slot-${info.slot}` : 'mg-chip is-unknown'}>{label}</span>;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

export interface SearchPanelProps {
  /** Open the document and select [start, end) (code points). */
  onOpenHit(path: string, start: number, end: number): void;
  /** Label colours for the annotation chips (the app's labelByName). */
  labelByName?: ReadonlyMap<string, LabelInfo>;
  /** A store kept by the caller (so results survive the panel being hidden); one is made otherwise. */
  store?: SearchStore;
  autoFocus?: boolean;
}

export function SearchPanel(props: SearchPanelProps) {
  const { onOpenHit, labelByName, autoFocus } = props;
  const [ownStore] = useState(() => (props.store ? null : new SearchStore()));
  const store = props.store ?? (ownStore as SearchStore);
  useEffect(() => (ownStore ? () => ownStore.dispose() : undefined), [ownStore]);
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const listId = useId();
  const hintId = useId();

  // Build (or refresh) the index as soon as search is shown.
  useEffect(() => {
    void store.startIndexing();
  }, [store]);

  const active = snap.items[snap.active] ?? null;
  useEffect(() => {
    if (!active) return;
    listRef.current?.querySelector(`[data-key="${CSS.escape(active.key)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const open = (item: SearchItem | null) => {
    if (item) onOpenHit(item.path, item.start, item.end);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      store.move(e.key === 'ArrowDown' ? 1 : -1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // Enter before the pause after typing is over searches first.
      if (snap.response?.query !== snap.query) void store.searchNow();
      else open(store.activeItem());
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (snap.query) store.setQuery('');
      else inputRef.current?.blur();
    }
  };

  const insert = (text: string) => {
    const q = snap.query.trim();
    store.setQuery(q ? `${q} ${text}` : text);
    inputRef.current?.focus();
  };

  const itemIndex = new Map(snap.items.map((item, i) => [item.key, i]));
  const response = snap.response;
  const indexing = snap.index.state === 'building';

  const optionProps = (key: string) => {
    const i = itemIndex.get(key) ?? -1;
    return {
      id: `${listId}-${i}`,
      role: 'option' as const,
      'aria-selected': i === snap.active,
      'data-key': key,
      className: `mg-search-item${i === snap.active ? ' is-active' : ''}`,
      // Keep the focus in the box: the keyboard goes on from there.
      onMouseDown: (e: React.MouseEvent) => e.preventDefault(),
      onMouseMove: () => store.setActive(i),
      onClick: () => open(snap.items[i] ?? null),
    };
  };

  const renderResult = (r: SearchResult) => (
    <li key={r.path} className="mg-search-result" role="group" aria-label={r.path}>
      <div className="mg-search-doc" role="none">
        <span className="mg-search-path" title={r.path}>
          {r.path}
        </span>
        <span className={`mg-doc-status is-${r.status}`}>{STATUS_TEXT[r.status]}</span>
        {r.hitCount ? <span className="mg-count" title={plural(r.hitCount, 'hit')}>{r.hitCount}</span> : null}
      </div>
      {r.hits.length || r.annotationHits.length ? (
        <ul className="mg-search-hits" role="none">
          {r.hits.map((h, i) => (
            <li key={`h${i}`} {...optionProps(`${r.path}#h${i}`)}>
              <span className="mg-search-line">{h.line + 1}</span>
              <span className="mg-search-snippet">
                {h.snippet.before}
                <mark>{h.snippet.match}</mark>
                {h.snippet.after}
              </span>
            </li>
          ))}
          {r.hitCount > r.hits.length ? (
            <li className="mg-search-more" role="none">
              {plural(r.hitCount - r.hits.length, 'more hit')}
            </li>
          ) : null}
          {r.annotationHits.map((a) => (
            <li key={`a${a.annotationId}`} {...optionProps(`${r.path}#a${a.annotationId}`)}>
              <Chip label={a.label} labelByName={labelByName} />
              <span className="mg-search-ann-text">{a.text}</span>
              {a.status ? <span className={`mg-status is-${a.status}`}>{a.status}</span> : null}
            </li>
          ))}
          {r.annotationHitCount > r.annotationHits.length ? (
            <li className="mg-search-more" role="none">
              {plural(r.annotationHitCount - r.annotationHits.length, 'more annotation')}
            </li>
          ) : null}
        </ul>
      ) : (
        <ul className="mg-search-hits" role="none">
          <li {...optionProps(`${r.path}#d`)}>
            <span className="mg-search-snippet mg-muted">Open the document</span>
          </li>
        </ul>
      )}
    </li>
  );

  return (
    <section className="mg-search" aria-label="Search">
      <div className="mg-search-box">
        <input
          ref={inputRef}
          type="search"
          className="mg-search-input"
          role="combobox"
          aria-label="Search the corpus"
          aria-expanded={snap.items.length > 0}
          aria-controls={listId}
          aria-activedescendant={snap.active >= 0 ? `${listId}-${snap.active}` : undefined}
          aria-describedby={hintId}
          placeholder="Search the corpus…"
          autoFocus={autoFocus}
          spellCheck={false}
          value={snap.query}
          onChange={(e) => store.setQuery(e.target.value)}
          onKeyDown={onKeyDown}
        />
      </div>
      <div className="mg-search-status" role="status" aria-live="polite">
        {indexing ? (
          <span className="mg-search-indexing">
            <span>
              Indexing{snap.index.total ? ` ${snap.index.done.toLocaleString()} of ${plural(snap.index.total, 'document')}` : '…'}
            </span>
            {snap.index.total ? (
              <progress max={snap.index.total} value={snap.index.done} aria-label="Indexing progress" />
            ) : null}
            <button type="button" onClick={() => void store.cancelIndexing()}>
              Cancel
            </button>
          </span>
        ) : snap.index.state === 'cancelled' ? (
          <span className="mg-search-indexing">
            <span>
              Index incomplete: {snap.index.done.toLocaleString()} of {plural(snap.index.total, 'document')}; results may be missing.
            </span>
            <button type="button" onClick={() => void store.startIndexing()}>
              Resume
            </button>
          </span>
        ) : null}
        {snap.searching && !indexing ? <span className="mg-muted">Searching…</span> : null}
        {response && !snap.searching && snap.query.trim() ? (
          <span className="mg-muted" data-testid="search-summary">
            {response.total === 0
              ? 'No documents match.'
              : `${response.exact ? '' : 'At least '}${plural(response.total, 'document')}${response.results.length < response.total ? `, the first ${response.results.length} shown` : ''}`}{' '}
            ({response.ms} ms)
          </span>
        ) : null}
      </div>
      {snap.error ? (
        <p className="mg-search-problem" role="alert">
          {snap.error}
        </p>
      ) : null}
      {response?.problems.length ? (
        <ul className="mg-search-problem" aria-label="Query problems">
          {response.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      {!snap.query.trim() ? (
        <div className="mg-search-syntax" id={hintId}>
          {SYNTAX.map((s) => (
            <button key={s.example} type="button" title={s.what} onClick={() => insert(s.insert)}>
              <code>{s.example}</code>
              <span>{s.what}</span>
            </button>
          ))}
        </div>
      ) : (
        <span id={hintId} hidden>
          Use the up and down arrows to choose a hit, Enter to open it.
        </span>
      )}
      {response?.results.length ? (
        <div className="mg-search-results" ref={listRef}>
          <ul id={listId} role="listbox" aria-label="Search results" className="mg-search-list">
            {response.results.map(renderResult)}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
