// The corpus's documents: each with its title (first line or page title) above
// its file name, its status and annotation count; filtered by status and
// sorted by name, status or annotation count.
import { useMemo, useState } from 'react';
import type { DocumentEntry } from '../../../app/ipc/contract';
import { orderDocuments, type DocumentSort, type StatusFilter } from './document-order';

const STATUS_TEXT = { todo: 'To do', 'in-progress': 'In progress', done: 'Done' } as const;

/** ↑ / ↓ / Home / End move between the documents' buttons, as in a file list (Tab still leaves the list). */
function moveFocus(e: React.KeyboardEvent<HTMLUListElement>): void {
  if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || !['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
  const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('.mg-doc:not(:disabled)')];
  const at = buttons.indexOf(e.target as HTMLButtonElement);
  if (at < 0) return;
  const to = e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : Math.min(buttons.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)));
  // The list would scroll by the key as well: the focus change scrolls it just enough.
  e.preventDefault();
  buttons[to]?.focus();
}

export function DocumentList(props: { documents: readonly DocumentEntry[]; currentPath: string | null; onOpen(path: string): void }) {
  const { documents, currentPath, onOpen } = props;
  const [filter, setFilter] = useState<StatusFilter>('all');
  const [sort, setSort] = useState<DocumentSort>('name');
  const shown = useMemo(() => orderDocuments(documents, filter, sort), [documents, filter, sort]);
  if (documents.length === 0) return <p className="mg-empty">No documents in this folder.</p>;
  return (
    <section className="mg-doclist-wrap" aria-label="Document list">
      <div className="mg-doclist-controls">
        <label>
          <span className="mg-muted">Show</span>
          <select aria-label="Show documents" value={filter} onChange={(e) => setFilter(e.target.value as StatusFilter)}>
            <option value="all">all</option>
            <option value="todo">to do</option>
            <option value="in-progress">in progress</option>
            <option value="done">done</option>
          </select>
        </label>
        <label>
          <span className="mg-muted">Sort</span>
          <select aria-label="Sort documents" value={sort} onChange={(e) => setSort(e.target.value as DocumentSort)}>
            <option value="name">by name</option>
            <option value="status">by status</option>
            <option value="annotations">by annotations</option>
          </select>
        </label>
      </div>
      {shown.length === 0 ? (
        <p className="mg-empty" role="status">
          No documents {STATUS_TEXT[filter as keyof typeof STATUS_TEXT].toLowerCase()}.
        </p>
      ) : (
        <ul className="mg-doclist" aria-label="Documents" onKeyDown={moveFocus}>
          {shown.map((d) => {
            const unsupported = d.kind !== 'text';
            return (
              <li key={d.path}>
                <button
                  type="button"
                  className={`mg-doc${d.path === currentPath ? ' is-current' : ''}`}
                  disabled={unsupported}
                  aria-current={d.path === currentPath ? 'page' : undefined}
                  title={unsupported ? `${d.path}: not a text document Marginalia can open` : (d.sidecarProblem ?? (d.title ? `${d.title}\n${d.path}` : d.path))}
                  onClick={() => onOpen(d.path)}
                >
                  {/* The file name first for screen readers and keys (titles repeat); CSS shows the title above it. */}
                  <span className="mg-doc-name">{d.path}</span>
                  {d.title ? <span className="mg-doc-heading">{d.title}</span> : null}
                  <span className="mg-doc-meta">
                    {unsupported ? (
                      'unsupported'
                    ) : d.sidecarProblem ? (
                      <span className="mg-doc-problem">annotations unreadable</span>
                    ) : (
                      <>
                        <span className={`mg-doc-status is-${d.status}`}>{STATUS_TEXT[d.status]}</span>
                        {d.orphanCount ? <span className="mg-doc-orphans">{d.orphanCount} not placed</span> : null}
                        <span className="mg-doc-count" data-testid="annotation-count">
                          {d.annotationCount}
                        </span>
                      </>
                    )}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
