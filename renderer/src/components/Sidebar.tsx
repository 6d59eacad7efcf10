// The left column: the corpus, its progress, the corpus actions, and the
// documents or the search across them.
import { useMemo } from 'react';
import type { CorpusSummary, DocumentEntry, StartupInfo } from '../../../app/ipc/contract';
import type { LabelInfo } from '../editor/labels';
import type { SearchStore } from '../state/search-store';
import { DocumentList } from './DocumentList';
import { SearchPanel } from './SearchPanel';

export interface SidebarProps {
  startup: StartupInfo | null;
  corpus: CorpusSummary | null;
  documents: readonly DocumentEntry[];
  currentPath: string | null;
  leftTab: 'documents' | 'search';
  onLeftTab(tab: 'documents' | 'search'): void;
  search: SearchStore;
  labelByName: ReadonlyMap<string, LabelInfo>;
  run(command: string): void;
  onOpen(path: string): void;
  onOpenRecent(root: string): void;
  onOpenHit(path: string, start: number, end: number): void;
  /** Opens the progress view (counts per label and per annotator). */
  onShowProgress?(): void;
}

export function Sidebar(props: SidebarProps) {
  const { startup, corpus, documents, leftTab, run } = props;
  const progress = useMemo(() => {
    const texts = documents.filter((d) => d.kind === 'text');
    return {
      total: texts.length,
      done: texts.filter((d) => d.status === 'done').length,
      inProgress: texts.filter((d) => d.status === 'in-progress').length,
    };
  }, [documents]);
  const recent = startup?.recent.filter((r) => r !== corpus?.root) ?? [];
  return (
    <aside className="mg-sidebar" aria-label="Corpus">
      <header className="mg-corpus">
        <div className="mg-brand">Marginalia</div>
        <div className="mg-corpus-name" title={corpus?.root}>
          {corpus ? corpus.name : 'No corpus open'}
          {corpus?.isSample ? <span className="mg-badge">sample</span> : null}
        </div>
        {progress.total ? (
          <div className="mg-progress">
            <div
              className="mg-progress-bar"
              role="progressbar"
              aria-label="Documents done"
              aria-valuemin={0}
              aria-valuemax={progress.total}
              aria-valuenow={progress.done}
              aria-valuetext={`${progress.done} of ${progress.total} done`}
            >
              <span className="mg-progress-done" style={{ width: `${(100 * progress.done) / progress.total}%` }} />
              <span className="mg-progress-doing" style={{ width: `${(100 * progress.inProgress) / progress.total}%` }} />
            </div>
            <span className="mg-muted" data-testid="corpus-progress">
              {progress.done} of {progress.total} done{progress.inProgress ? `, ${progress.inProgress} in progress` : ''}
            </span>
            {props.onShowProgress ? (
              <button type="button" className="mg-link-button" onClick={props.onShowProgress} title="Counts per label and per annotator across the corpus">
                Progress…
              </button>
            ) : null}
          </div>
        ) : null}
        <div className="mg-corpus-actions">
          <button type="button" onClick={() => run('file.openFolder')} title="Open a folder of articles (Ctrl+O)">
            Open folder…
          </button>
          <button type="button" onClick={() => run('corpus.labels')} disabled={!startup || !corpus} title="Edit this corpus's labels, relation types and attributes">
            Labels…
          </button>
          <button type="button" onClick={() => run('corpus.compare')} disabled={!corpus} title="Compare two annotators and merge into a curated version">
            Compare…
          </button>
          <button type="button" onClick={() => run('file.export')} disabled={!corpus} title="Export the annotated corpus as a dataset (Ctrl+E)">
            Export…
          </button>
          {recent.length ? (
            <select
              aria-label="Recent corpora"
              value=""
              onChange={(e) => {
                if (e.target.value) props.onOpenRecent(e.target.value);
              }}
            >
              <option value="">Recent…</option>
              {recent.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          ) : null}
        </div>
      </header>
      <div className="mg-tabs mg-left-tabs" role="tablist" aria-label="Library">
        <button type="button" role="tab" aria-selected={leftTab === 'documents'} className={leftTab === 'documents' ? 'is-active' : ''} onClick={() => props.onLeftTab('documents')}>
          Documents
        </button>
        <button type="button" role="tab" aria-selected={leftTab === 'search'} className={leftTab === 'search' ? 'is-active' : ''} onClick={() => props.onLeftTab('search')} title="Search the corpus (Ctrl+F)">
          Search
        </button>
      </div>
      {leftTab === 'documents' ? (
        <DocumentList documents={documents} currentPath={props.currentPath} onOpen={props.onOpen} />
      ) : (
        <SearchPanel store={props.search} labelByName={props.labelByName} autoFocus onOpenHit={props.onOpenHit} />
      )}
    </aside>
  );
}
