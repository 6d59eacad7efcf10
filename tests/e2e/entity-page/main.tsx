// A test page for the entity registry components on their own: the real
// EntityLink, EntityView and EntityList with the real EntityStore and
// DocumentSession, the bridge answered by the harness (real handlers, real
// files). It wires them the way the main window is meant to: onLink goes
// through the document session (undoable, autosaved), "All mentions" opens
// the EntityView, a mention opens its document. Built by entity-registry.test.ts.
import { StrictMode, useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import type { DocumentEntry, StartupInfo } from '../../../app/ipc/contract';
import { call } from '../../../renderer/src/bridge/client';
import { applyLabelColours, labelInfos } from '../../../renderer/src/editor/labels';
import { DocumentSession } from '../../../renderer/src/state/document-session';
import { EntityStore } from '../../../renderer/src/state/entity-store';
import { EntityLink } from '../../../renderer/src/components/EntityLink';
import { EntityView } from '../../../renderer/src/components/EntityView';
import { EntityList } from '../../../renderer/src/components/EntityList';
import '../../../renderer/src/styles/app.css';

interface TestLog {
  opened: { path: string; annotationId: string }[];
  store: EntityStore;
  session: DocumentSession | null;
}
declare global {
  interface Window {
    entityTest: TestLog;
  }
}

const store = new EntityStore({ autosaveDelayMs: 50 });
const log: TestLog = { opened: [], store, session: null };
window.entityTest = log;

const noSession = { subscribe: () => () => {}, getSnapshot: () => null };

function Page() {
  const [startup, setStartup] = useState<StartupInfo | null>(null);
  const [documents, setDocuments] = useState<DocumentEntry[]>([]);
  const [session, setSession] = useState<DocumentSession | null>(null);
  const [viewed, setViewed] = useState<string | null>(null);
  const snap = useSyncExternalStore(session?.subscribe ?? noSession.subscribe, session?.getSnapshot ?? noSession.getSnapshot);
  const entities = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const labels = useMemo(() => (startup ? labelInfos(startup.labelSchema) : []), [startup]);
  const labelByName = useMemo(() => new Map(labels.map((l) => [l.name, l])), [labels]);
  useEffect(() => applyLabelColours(labels), [labels]);

  useEffect(() => {
    void (async () => {
      setStartup(await call('getStartup', {}));
      setDocuments(await call('listDocuments', {}));
      await store.load();
    })();
  }, []);

  const open = useCallback(
    async (path: string, select?: string) => {
      let next = session;
      if (session?.doc.path !== path) {
        await session?.flush();
        session?.dispose();
        const doc = await call('openDocument', { path });
        next = new DocumentSession(doc, { save: (p, sidecar) => call('saveSidecar', { path: p, sidecar }), autosaveDelayMs: 50 });
        log.session = next;
        setSession(next);
      }
      if (select) next?.select(select);
    },
    [session],
  );

  const selected = snap?.selectedId ? snap.annotations.find((a) => a.id === snap.selectedId) ?? null : null;
  // Mentions are read from saved sidecars: search again after each save of the open document.
  const savedKey = snap?.save.kind === 'saved' ? snap.save.savedAt ?? 'loaded' : 'pending';

  return (
    <div className="mg-entity-test">
      <nav aria-label="Documents">
        {documents
          .filter((d) => d.kind === 'text')
          .map((d) => (
            <button key={d.path} type="button" onClick={() => void open(d.path)}>
              {d.path}
            </button>
          ))}
      </nav>
      <section aria-label="Annotations">
        <p data-testid="doc-save">{snap ? `${snap.doc.path}: ${snap.save.kind}` : 'no document'}</p>
        {snap?.annotations
          .filter((a) => a.type === 'entity')
          .map((a) => (
            <button
              key={a.id}
              type="button"
              data-annotation={a.id}
              aria-pressed={a.id === snap.selectedId}
              onClick={() => session?.select(a.id)}
            >
              {`${a.text} @${a.start}${a.entity ? ` → ${entities.byId.get(a.entity)?.name ?? a.entity}` : ''}`}
            </button>
          ))}
      </section>
      <aside className="mg-side">
        {selected && session && snap ? (
          <div className="mg-details" data-testid="annotation-details">
            <blockquote className="mg-details-text">{selected.text}</blockquote>
            <EntityLink
              annotation={selected}
              store={store}
              readOnly={snap.readOnly}
              labelByName={labelByName}
              onLink={(id) => session.update(selected.id, { entity: id }, id ? 'Link entity' : 'Unlink entity')}
              onShowMentions={(id) => setViewed(id)}
            />
          </div>
        ) : null}
        {viewed ? (
          <EntityView
            entityId={viewed}
            store={store}
            labels={labels.filter((l) => l.type === 'entity').map((l) => l.name)}
            labelByName={labelByName}
            refreshKey={savedKey}
            onClose={() => setViewed(null)}
            onOpenMention={(path, annotationId) => {
              log.opened.push({ path, annotationId });
              void open(path, annotationId);
            }}
          />
        ) : null}
        <EntityList store={store} labelByName={labelByName} selectedId={viewed} onSelect={setViewed} refreshKey={savedKey} />
      </aside>
    </div>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('no #root');
createRoot(root).render(
  <StrictMode>
    <Page />
  </StrictMode>,
);
