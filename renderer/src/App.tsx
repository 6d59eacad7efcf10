import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { CorpusSummary, DocumentEntry, StartupInfo } from '../../app/ipc/contract';
import { annotationsAt } from '../../app/annotations';
import { call, onEvent } from './bridge/client';
import { DocumentSession, type SaveState, type SessionSnapshot } from './state/document-session';
import { ArticleEditor } from './editor/ArticleEditor';
import { applyLabelColours, labelInfos, type LabelInfo } from './editor/labels';
import { selectionOffsets } from './editor/selection';
import type { LineMap } from './editor/line-map';
import { DocumentList } from './components/DocumentList';
import { LabelBar } from './components/LabelBar';
import { AnnotationDetails, AnnotationPanel } from './components/AnnotationPanel';

const noSession = { subscribe: () => () => {}, getSnapshot: () => null };

function saveText(s: SaveState): string {
  switch (s.kind) {
    case 'saved':
      return s.savedAt ? `Saved ${new Date(s.savedAt).toLocaleTimeString()}` : 'Saved';
    case 'unsaved':
      return 'Unsaved changes';
    case 'saving':
      return 'Saving…';
    case 'failed':
      return `Not saved: ${s.message}`;
    case 'read-only':
      return 'Read-only';
  }
}

export function App() {
  const [startup, setStartup] = useState<StartupInfo | null>(null);
  const [corpus, setCorpus] = useState<CorpusSummary | null>(null);
  const [documents, setDocuments] = useState<DocumentEntry[]>([]);
  const [session, setSession] = useState<DocumentSession | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [popover, setPopover] = useState<{ x: number; y: number } | null>(null);
  const lineMapRef = useRef<LineMap | null>(null);
  const articleRef = useRef<HTMLDivElement>(null);
  const sessionRef = useRef<DocumentSession | null>(null);
  useLayoutEffect(() => {
    sessionRef.current = session;
  }, [session]);

  const snap: SessionSnapshot | null = useSyncExternalStore(
    session?.subscribe ?? noSession.subscribe,
    session?.getSnapshot ?? noSession.getSnapshot,
  );

  const labels = useMemo(() => (startup ? labelInfos(startup.labelSchema) : []), [startup]);
  const labelByName = useMemo(() => new Map(labels.map((l) => [l.name, l])), [labels]);
  useEffect(() => applyLabelColours(labels), [labels]);

  const refreshDocuments = useCallback(async () => {
    try {
      setDocuments(await call('listDocuments', {}));
    } catch (e) {
      setProblem((e as Error).message);
    }
  }, []);

  const switchCorpus = useCallback(
    async (next: CorpusSummary) => {
      await sessionRef.current?.flush();
      sessionRef.current?.dispose();
      setSession(null);
      setCorpus(next);
      try {
        // The label schema belongs to the corpus: fetch the new one.
        setStartup(await call('getStartup', {}));
      } catch (e) {
        setProblem((e as Error).message);
      }
      await refreshDocuments();
    },
    [refreshDocuments],
  );

  useEffect(() => {
    void (async () => {
      try {
        const info = await call('getStartup', {});
        setStartup(info);
        if (info.problem) setProblem(info.problem);
        if (info.corpus) {
          setCorpus(info.corpus);
          await refreshDocuments();
        }
      } catch (e) {
        setProblem((e as Error).message);
      }
    })();
    return onEvent('corpusChanged', (summary) => void switchCorpus(summary));
  }, [switchCorpus, refreshDocuments]);

  const openDocument = useCallback(
    async (path: string) => {
      const previous = sessionRef.current;
      if (previous?.doc.path === path) return;
      if (previous) {
        await previous.flush();
        if (previous.hasUnsavedChanges) {
          setProblem(`Changes to ${previous.doc.path} could not be saved; stay on it and try again (Ctrl+S).`);
          return;
        }
        previous.dispose();
      }
      try {
        const doc = await call('openDocument', { path });
        lineMapRef.current = null;
        setPopover(null);
        setProblem(null);
        const next = new DocumentSession(doc, {
          save: async (p, sidecar) => {
            const result = await call('saveSidecar', { path: p, sidecar });
            setDocuments((docs) =>
              docs.map((d) => (d.path === p ? { ...d, annotationCount: result.annotationCount, status: sidecar.status } : d)),
            );
            return result;
          },
        });
        setSession(next);
      } catch (e) {
        setProblem((e as Error).message);
      }
    },
    [],
  );

  const openFolder = useCallback(async () => {
    try {
      const next = await call('openCorpusDialog', {});
      if (next) await switchCorpus(next);
    } catch (e) {
      setProblem((e as Error).message);
    }
  }, [switchCorpus]);

  const applyLabel = useCallback(
    (label: LabelInfo) => {
      const s = sessionRef.current;
      const lineMap = lineMapRef.current;
      if (!s || !lineMap) return;
      const range = selectionOffsets(lineMap, articleRef.current?.querySelector('.mg-article') ?? null);
      if (range) {
        s.addAnnotation(label.name, label.type, range.start, range.end);
        window.getSelection()?.removeAllRanges();
        return;
      }
      const selected = s.getSnapshot().selectedId;
      if (selected) s.relabel(selected, label.name);
    },
    [],
  );

  // Keyboard: label hotkeys, delete, undo/redo, save, escape.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return;
      const s = sessionRef.current;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        if (e.shiftKey) s?.redo();
        else s?.undo();
      } else if (mod && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        s?.redo();
      } else if (mod && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void s?.saveNow();
      } else if (mod && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        void openFolder();
      } else if (!mod && !e.altKey && s) {
        const label = labels.find((l) => l.hotkey === e.key.toLowerCase());
        if (label) {
          e.preventDefault();
          applyLabel(label);
        } else if (e.key === 'Delete' || e.key === 'Backspace') {
          const id = s.getSnapshot().selectedId;
          if (id) {
            e.preventDefault();
            s.remove(id);
            setPopover(null);
          }
        } else if (e.key === 'Escape') {
          s.select(null);
          setPopover(null);
          window.getSelection()?.removeAllRanges();
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [labels, applyLabel, openFolder]);

  useEffect(
    () =>
      onEvent('menuCommand', (command) => {
        const s = sessionRef.current;
        if (command === 'undo') s?.undo();
        else if (command === 'redo') s?.redo();
        else if (command === 'save') void s?.saveNow();
        else if (command === 'open-folder') void openFolder();
      }),
    [openFolder],
  );

  // Flush on close; if a save is still pending, ask the window to stay.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      const s = sessionRef.current;
      if (s?.hasUnsavedChanges) {
        void s.flush();
        e.preventDefault();
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  const onReady = useCallback((lineMap: LineMap) => {
    lineMapRef.current = lineMap;
  }, []);

  const onClickAt = useCallback((cp: number, x: number, y: number) => {
    const s = sessionRef.current;
    if (!s) return;
    const snapshot = s.getSnapshot();
    const hits = annotationsAt(snapshot.annotations, cp);
    if (hits.length === 0) {
      s.select(null);
      setPopover(null);
      return;
    }
    // Clicking again on overlapping spans cycles from the innermost outwards.
    const at = hits.findIndex((a) => a.id === snapshot.selectedId);
    const next = hits[(at + 1) % hits.length] ?? hits[0];
    if (next) s.select(next.id);
    setPopover({ x, y });
  }, []);

  const selected = snap?.selectedId ? snap.annotations.find((a) => a.id === snap.selectedId) ?? null : null;

  return (
    <div className="mg-app">
      <aside className="mg-sidebar">
        <header className="mg-corpus">
          <div className="mg-brand">Marginalia</div>
          <div className="mg-corpus-name" title={corpus?.root}>
            {corpus ? corpus.name : 'No corpus open'}
            {corpus?.isSample ? <span className="mg-badge">sample</span> : null}
          </div>
          <button type="button" onClick={() => void openFolder()} title="Open a folder of articles (Ctrl+O)">
            Open folder…
          </button>
        </header>
        <DocumentList documents={documents} currentPath={snap?.doc.path ?? null} onOpen={(p) => void openDocument(p)} />
      </aside>
      <main className="mg-main">
        {problem ? (
          <div className="mg-problem" role="alert">
            {problem}
            <button type="button" aria-label="Dismiss" onClick={() => setProblem(null)}>
              ×
            </button>
          </div>
        ) : null}
        {session && snap ? (
          <>
            <div className="mg-toolbar">
              <h1 className="mg-doc-title">{snap.doc.path}</h1>
              <LabelBar labels={labels} disabled={snap.readOnly} onPick={applyLabel} />
            </div>
            {snap.save.kind === 'read-only' ? (
              <div className="mg-problem is-warning" role="status">
                {snap.save.message}
              </div>
            ) : null}
            <div className="mg-article-wrap" ref={articleRef}>
              <ArticleEditor
                key={`${snap.doc.path}:${snap.doc.sha256}`}
                index={session.index}
                annotations={snap.annotations}
                labels={labelByName}
                selectedId={snap.selectedId}
                onReady={onReady}
                onClickAt={onClickAt}
              />
              {popover && selected ? (
                <div className="mg-popover" style={{ left: popover.x, top: popover.y + 12 }} role="dialog" aria-label="Annotation">
                  <AnnotationDetails
                    annotation={selected}
                    labels={labels}
                    labelByName={labelByName}
                    readOnly={snap.readOnly}
                    onRelabel={(l) => session.relabel(selected.id, l)}
                    onDelete={() => {
                      session.remove(selected.id);
                      setPopover(null);
                    }}
                  />
                </div>
              ) : null}
            </div>
          </>
        ) : (
          <div className="mg-welcome">
            <h1>{corpus ? corpus.name : 'Marginalia'}</h1>
            <p>Choose an article on the left. Select text and press a label’s key to tag it; everything is saved beside the file as you go.</p>
          </div>
        )}
      </main>
      <aside className="mg-side">
        {session && snap ? (
          <>
            {selected && !popover ? (
              <AnnotationDetails
                annotation={selected}
                labels={labels}
                labelByName={labelByName}
                readOnly={snap.readOnly}
                onRelabel={(l) => session.relabel(selected.id, l)}
                onDelete={() => session.remove(selected.id)}
              />
            ) : null}
            <AnnotationPanel
              annotations={snap.annotations}
              labelByName={labelByName}
              selectedId={snap.selectedId}
              onSelect={(id) => {
                setPopover(null);
                session.select(id);
              }}
            />
          </>
        ) : null}
      </aside>
      <footer className="mg-statusbar">
        <span className={`mg-save is-${snap?.save.kind ?? 'none'}`} data-testid="save-state" role="status">
          {snap ? saveText(snap.save) : ''}
        </span>
        {snap ? (
          <>
            <button type="button" disabled={!snap.canUndo} onClick={() => session?.undo()} title={snap.undoDescription ? `Undo ${snap.undoDescription} (Ctrl+Z)` : 'Undo (Ctrl+Z)'}>
              Undo
            </button>
            <button type="button" disabled={!snap.canRedo} onClick={() => session?.redo()} title={snap.redoDescription ? `Redo ${snap.redoDescription} (Ctrl+Shift+Z)` : 'Redo (Ctrl+Shift+Z)'}>
              Redo
            </button>
            <span className="mg-stat">{snap.annotations.length} annotations</span>
            <span className="mg-stat">{session?.index.length.toLocaleString()} characters</span>
          </>
        ) : null}
      </footer>
    </div>
  );
}
