// The open corpus and document: startup, switching corpus and document, files
// changed by other programs, and flushing before the window closes.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { CorpusSummary, DocumentEntry, StartupInfo } from '../../../app/ipc/contract';
import { applyDocumentDeltas } from '../../../app/document-deltas';
import { call, onEvent } from '../bridge/client';
import { DocumentSession } from './document-session';
import type { LineMap } from '../editor/line-map';
import { scrollToOffset, selectOffsets } from '../editor/selection';
import type { Stores } from './stores';
import { bridgeWorkspaceDisk } from './workspace-undo';

export interface SelectTarget {
  id?: string;
  start?: number;
  end?: number;
}

/** `onDocumentClosed` is a ref: the article's modes (built after this hook) are reset through it. */
export function useWorkspace(stores: Stores, onDocumentClosed: { readonly current: () => void }) {
  const { entities, agreement, preferences, suggestions, workspace } = stores;
  const [startup, setStartup] = useState<StartupInfo | null>(null);
  const [corpus, setCorpus] = useState<CorpusSummary | null>(null);
  const [documents, setDocuments] = useState<DocumentEntry[]>([]);
  const [session, setSession] = useState<DocumentSession | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  /** The open article was rewritten on disk by another program: offer to reload it (annotations re-anchor). */
  const [sourceChangedOnDisk, setSourceChangedOnDisk] = useState<string | null>(null);
  const sessionRef = useRef<DocumentSession | null>(null);
  const lineMapRef = useRef<LineMap | null>(null);
  const corpusRootRef = useRef<string | null>(null);
  /** An annotation to select once the document being opened is ready (from search hits and entity mentions). */
  const pendingSelect = useRef<SelectTarget | null>(null);
  useLayoutEffect(() => {
    corpusRootRef.current = corpus?.root ?? null;
  }, [corpus]);
  useLayoutEffect(() => {
    sessionRef.current = session;
    stores.target.set(session);
    suggestions.clear();
  }, [session, stores, suggestions]);

  const refreshDocuments = useCallback(async () => {
    try {
      setDocuments(await call('listDocuments', {}));
    } catch (e) {
      setProblem((e as Error).message);
    }
  }, []);

  const closeDocument = useCallback(async (): Promise<boolean> => {
    const previous = sessionRef.current;
    if (!previous) return true;
    await previous.flush();
    if (previous.hasUnsavedChanges) {
      setProblem(`Changes to ${previous.doc.path} could not be saved; stay on it and try again (Ctrl+S).`);
      return false;
    }
    previous.dispose();
    onDocumentClosed.current();
    return true;
  }, [onDocumentClosed]);

  const switchCorpus = useCallback(
    async (next: CorpusSummary) => {
      if (!(await closeDocument())) return;
      setSession(null);
      workspace.reset();
      setCorpus(next);
      try {
        // The label schema belongs to the corpus: fetch the new one.
        setStartup(await call('getStartup', {}));
      } catch (e) {
        setProblem((e as Error).message);
      }
      await refreshDocuments();
      agreement.reset();
      await entities.load();
    },
    [refreshDocuments, closeDocument, entities, agreement, workspace],
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
          await entities.load();
        }
      } catch (e) {
        setProblem((e as Error).message);
      }
    })();
    return onEvent('corpusChanged', (summary) => void switchCorpus(summary));
  }, [switchCorpus, refreshDocuments, entities]);

  const openDocument = useCallback(
    async (path: string) => {
      if (sessionRef.current?.doc.path === path) return;
      if (!(await closeDocument())) return;
      try {
        const doc = await call('openDocument', { path });
        lineMapRef.current = null;
        setProblem(null);
        setSourceChangedOnDisk(null);
        const next = new DocumentSession(doc, {
          author: () => preferences.getSnapshot().author.trim() || undefined,
          save: (p, sidecar, expectedSha256) => call('saveSidecar', { path: p, sidecar, ...(expectedSha256 !== undefined ? { expectedSha256 } : {}) }),
          saveChanges: (p, baseSha256, changes) => call('saveSidecarChanges', { path: p, baseSha256, changes }),
          saved: (p, result, state) => {
            const orphanCount = state.orphans?.length ?? 0;
            setDocuments((docs) =>
              docs.map((d) =>
                d.path === p ? { ...d, annotationCount: result.annotationCount, status: state.status, ...(orphanCount ? { orphanCount } : { orphanCount: undefined }) } : d,
              ),
            );
          },
          reload: (p) => call('openDocument', { path: p }),
          remove: (p, expectedSha256) => bridgeWorkspaceDisk.remove(p, expectedSha256),
          workspace,
        });
        // Set before render so the editor's ready callback (a child layout effect) sees it.
        sessionRef.current = next;
        setSession(next);
      } catch (e) {
        setProblem((e as Error).message);
      }
    },
    [closeDocument, preferences, workspace],
  );

  // Undoing a step made in another document opens it; sidecars written by undo refresh the list.
  useEffect(
    () =>
      workspace.setHooks({
        open: async (path) => {
          await openDocument(path);
          return sessionRef.current?.doc.path === path;
        },
        written: () => void refreshDocuments(),
        notice: setProblem,
      }),
    [workspace, openDocument, refreshDocuments],
  );

  /** Open a document and go to an annotation or a span in it. */
  const openAt = useCallback(
    async (path: string, target: SelectTarget) => {
      const s = sessionRef.current;
      if (s?.doc.path === path) {
        const lineMap = lineMapRef.current;
        if (target.id) {
          s.select(target.id);
          const a = s.getSnapshot().annotations.find((x) => x.id === target.id);
          if (a && lineMap) scrollToOffset(lineMap, a.start);
        } else if (lineMap && target.start !== undefined && target.end !== undefined) selectOffsets(lineMap, target.start, target.end);
        return;
      }
      pendingSelect.current = target;
      await openDocument(path);
    },
    [openDocument],
  );

  const openFolder = useCallback(async () => {
    try {
      // Registry edits belong to the corpus open now: write them before main switches.
      await entities.flush();
      const next = await call('openCorpusDialog', {});
      if (next) await switchCorpus(next);
    } catch (e) {
      setProblem((e as Error).message);
    }
  }, [switchCorpus, entities]);

  const openRecent = useCallback(
    async (root: string) => {
      try {
        await entities.flush();
        await switchCorpus(await call('openRecentCorpus', { root }));
      } catch (e) {
        setProblem((e as Error).message);
      }
    },
    [switchCorpus, entities],
  );

  /** The place to go to in the document just opened, once (null: its remembered place). */
  const takePendingSelect = useCallback((): SelectTarget | null => {
    const pending = pendingSelect.current;
    pendingSelect.current = null;
    return pending;
  }, []);

  const reloadDocument = useCallback(async () => {
    const s = sessionRef.current;
    if (!s) return;
    const path = s.doc.path;
    if (!(await closeDocument())) return;
    setSession(null);
    sessionRef.current = null;
    await openDocument(path);
  }, [closeDocument, openDocument]);

  // A folder or sidecar opened from outside while the app runs (second launch, file manager): switch as from the recent list.
  useEffect(
    () =>
      onEvent('openCorpusRequest', (request) => {
        if (request.kind === 'folder') void openRecent(request.root);
        else setProblem(`Could not open ${request.path}: there is no such folder or sidecar.`);
      }),
    [openRecent],
  );

  // Files changed by other programs: apply main's deltas to the list, merge the open sidecar, offer to reload a rewritten article.
  useEffect(
    () =>
      onEvent('corpusFileChanged', (event) => {
        // documents-changed never reaches the renderer: main sends documents-updated in its place.
        if (event.root !== corpusRootRef.current || event.kind === 'documents-changed') return;
        // Main has updated its list and search index (main/workspace/corpus-updates.ts): apply the documents' new entries, list nothing again.
        if (event.kind === 'documents-updated') {
          setDocuments((list) => applyDocumentDeltas(list, event.changes));
          return;
        }
        const s = sessionRef.current;
        if (!s || s.doc.path !== event.path) return;
        if (event.kind === 'sidecar-changed') void s.onSidecarChangedOnDisk(event.sidecarSha256);
        else if (event.kind === 'source-changed') {
          void s.flush();
          setSourceChangedOnDisk(event.sha256 === null ? `${event.path} was deleted by another program.` : `${event.path} was changed by another program.`);
        }
      }),
    [],
  );

  // Flush on close; if a save is still pending, ask the window to stay.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      const s = sessionRef.current;
      if (s?.hasUnsavedChanges || entities.hasUnsavedChanges) {
        void s?.flush();
        void entities.flush();
        e.preventDefault();
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [entities]);

  return {
    startup,
    setStartup,
    corpus,
    documents,
    session,
    sessionRef,
    lineMapRef,
    corpusRootRef,
    takePendingSelect,
    problem,
    setProblem,
    sourceChangedOnDisk,
    refreshDocuments,
    openDocument,
    openAt,
    openFolder,
    openRecent,
    reloadDocument,
  };
}

export type Workspace = ReturnType<typeof useWorkspace>;
