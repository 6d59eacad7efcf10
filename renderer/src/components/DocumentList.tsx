import type { DocumentEntry } from '../../../app/ipc/contract';

const STATUS_TEXT = { todo: 'To do', 'in-progress': 'In progress', done: 'Done' } as const;

export function DocumentList(props: {
  documents: readonly DocumentEntry[];
  currentPath: string | null;
  onOpen(path: string): void;
}) {
  const { documents, currentPath, onOpen } = props;
  if (documents.length === 0) return <p className="mg-empty">No documents in this folder.</p>;
  return (
    <ul className="mg-doclist" aria-label="Documents">
      {documents.map((d) => {
        const unsupported = d.kind !== 'text';
        return (
          <li key={d.path}>
            <button
              type="button"
              className={`mg-doc${d.path === currentPath ? ' is-current' : ''}`}
              disabled={unsupported}
              aria-current={d.path === currentPath ? 'page' : undefined}
              title={unsupported ? `${d.path}: not a text document Marginalia can open` : d.sidecarProblem ?? d.path}
              onClick={() => onOpen(d.path)}
            >
              <span className="mg-doc-name">{d.path}</span>
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
  );
}
