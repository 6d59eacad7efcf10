// The window's layout: the sidebar, the article with its toolbar and
// banners, the side panel, the status bar and the open popup. State lives in
// the stores (state/stores.tsx) and the hooks below; keys and menu go through
// the command system (commands/).
import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { IS_MAC, useCommandSystem } from './commands/use-command-system';
import { ArticleEditor } from './editor/ArticleEditor';
import { useKeepPlace } from './editor/keep-place';
import { applyLabelColours, labelInfos } from './editor/labels';
import { useArcOverlay } from './editor/arcs/use-arc-overlay';
import { scrollToOffset } from './editor/selection';
import { useAfterPaint } from './state/use-after-paint';
import { AnnotationPopover } from './components/AnnotationPopover';
import { DocumentBanners, ProblemBanner } from './components/Banners';
import { Overlays } from './components/Overlays';
import { PickBar } from './components/PickBar';
import { SideIntro } from './components/SideIntro';
import { SidePanel } from './components/SidePanel';
import { Sidebar } from './components/Sidebar';
import { StatusBar } from './components/StatusBar';
import { Toolbar } from './components/Toolbar';
import type { SessionSnapshot } from './state/document-session';
import { useStore } from './state/store';
import { useStores } from './state/stores';
import { useAppearance } from './state/use-appearance';
import { useArticle } from './state/use-article';
import { useAskNameOnce } from './state/use-ask-name';
import { useCorpusActions } from './state/use-corpus-actions';
import { useOverlayActions } from './state/use-overlay-actions';
import { useWorkspace } from './state/use-workspace';

const NO_ANNOTATIONS: readonly never[] = [];
const NO_SUGGESTIONS: readonly never[] = [];
const noSession = { subscribe: () => () => {}, getSnapshot: () => null };

export function App() {
  const stores = useStores();
  const { preferences, suggestions, agreement, entities, overlays, search } = stores;
  const onDocumentClosed = useRef<() => void>(() => {});
  const ws = useWorkspace(stores, onDocumentClosed);
  const article = useArticle(stores, ws);
  useLayoutEffect(() => {
    onDocumentClosed.current = article.reset;
  }, [article.reset]);
  const { startup, corpus, session, setProblem } = ws;

  const prefs = useStore(preferences);
  useAppearance(prefs);
  useAskNameOnce(stores, startup !== null);

  const snap: SessionSnapshot | null = useStore(session ?? noSession);
  const suggestionSnap = useStore(suggestions);
  const overlay = useStore(overlays);
  // The toolbar, arcs and suggestions follow a change after its frame has painted (a tag paints its highlight at
  // once); another document is shown there at once. The status bar stays current: its "Saved" must be true.
  const lateSnap = useAfterPaint(snap);
  const barSnap = lateSnap && lateSnap.doc === snap?.doc ? lateSnap : snap;
  useEffect(() => {
    if (barSnap) suggestions.syncExisting(barSnap.annotations);
  }, [barSnap, suggestions]);

  const labels = useMemo(() => (startup ? labelInfos(startup.labelSchema) : []), [startup]);
  const labelByName = useMemo(() => new Map(labels.map((l) => [l.name, l])), [labels]);
  const relationTypes = useMemo(() => startup?.labelSchema.relationTypes.map((r) => r.name) ?? [], [startup]);
  useEffect(() => {
    applyLabelColours(labels);
    agreement.setLabelOrder(labels.map((l) => l.name));
  }, [labels, agreement]);

  const actions = useCorpusActions(stores, ws, labels);
  const { registry, context } = useCommandSystem({ stores, ws, article, actions, labels, relationTypes });
  const run = useCallback((id: string) => void registry.run(id, context()), [registry, context]);

  const { pick, popover } = article;
  const selected = snap?.selectedId ? (snap.annotations.find((a) => a.id === snap.selectedId) ?? null) : null;
  const pickableIds = useMemo(() => (pick ? new Set(pick.candidates) : null), [pick]);
  const highlightedId = pick ? (pick.candidates[pick.index] ?? null) : (snap?.selectedId ?? null);
  const byId = useMemo(() => new Map((snap?.annotations ?? []).map((a) => [a.id, a])), [snap?.annotations]);
  // The side panel waits for that paint even for another document: the article's first screen comes first.
  const sideSnap = useDeferredValue(lateSnap);
  const openMention = useCallback((p: string, target: { id: string }) => void ws.openAt(p, target), [ws]);
  const { lineMapRef } = ws;
  const overlayActions = useOverlayActions(stores, ws, session ? snap : null);
  const arcs = useArcOverlay(stores, article, barSnap, prefs);
  const keepPlace = useKeepPlace(lineMapRef, [prefs.reading, prefs.fontSize, prefs.measure, prefs.labelNames, arcs.wrapClass, prefs.readingLibrary]);
  const scrollTo = useCallback((cp: number) => {
    if (lineMapRef.current) scrollToOffset(lineMapRef.current, cp);
  }, [lineMapRef]);

  return (
    <div className={`mg-app${prefs.reading ? ' is-reading' : ''}${prefs.reading && (prefs.readingLibrary || !session) ? ' with-library' : ''}`}>
      {keepPlace}
      <Sidebar
        startup={startup}
        corpus={corpus}
        documents={ws.documents}
        currentPath={snap?.doc.path ?? null}
        leftTab={article.leftTab}
        onLeftTab={article.setLeftTab}
        search={search}
        labelByName={labelByName}
        run={run}
        onOpen={(p) => void ws.openDocument(p)}
        onOpenRecent={(root) => void ws.openRecent(root)}
        onOpenHit={(p, start, end) => void ws.openAt(p, { start, end })}
        onShowProgress={() => overlays.open({ kind: 'progress' })}
      />
      <main className="mg-main">
        <ProblemBanner problem={ws.problem} onDismiss={() => setProblem(null)} />
        {session && snap ? (
          <>
            <Toolbar snap={barSnap ?? snap} session={session} prefs={prefs} preferences={preferences} labels={labels} onPickLabel={article.applyLabel} run={run} />
            <DocumentBanners snap={snap} session={session} sourceChangedOnDisk={ws.sourceChangedOnDisk} onReload={() => void ws.reloadDocument()} />
            <PickBar pick={pick} relationChoice={article.relationChoice} byId={byId} relationTypes={relationTypes} onChoose={article.chooseRelationType} onCancelChoice={() => article.setRelationChoice(null)} />
            <div className={`mg-article-wrap${arcs.wrapClass}`} onScrollCapture={article.onArticleScroll}>
              <ArticleEditor
                key={`${snap.doc.path}:${snap.doc.sha256}`}
                index={session.index}
                annotations={prefs.reading && !prefs.showAnnotations ? NO_ANNOTATIONS : snap.annotations}
                labels={labelByName}
                selectedId={highlightedId}
                pickableIds={pickableIds}
                suggested={suggestionSnap.path === snap.doc.path ? suggestionSnap.pending : NO_SUGGESTIONS}
                currentSuggestionId={suggestionSnap.currentId}
                showLabelNames={prefs.labelNames}
                onReady={article.onReady}
                onClickAt={article.onClickAt}
                renderOverlay={arcs.renderOverlay}
                live={session}
              />
              {popover && selected && !pick ? (
                <AnnotationPopover
                  popover={popover}
                  selected={selected}
                  snap={snap}
                  session={session}
                  labels={labels}
                  labelByName={labelByName}
                  entityStore={entities}
                  onStartPick={article.startPick}
                  onSelect={article.selectAnnotation}
                  onShowMentions={article.showMentions}
                />
              ) : null}
            </div>
          </>
        ) : (
          <div className="mg-welcome">
            <h1>{corpus ? corpus.name : 'Marginalia'}</h1>
            <p>Choose an article on the left. Select text and press a label’s key to tag it; everything is saved beside the file as you go. Press ? for the keyboard.</p>
          </div>
        )}
      </main>
      <aside className="mg-side" aria-label="Annotations of this document">
        {session && sideSnap && sideSnap.doc === snap?.doc ? (
          <SidePanel
            documentLabels={startup?.labelSchema.documentLabels}
            snap={sideSnap}
            session={session}
            showDetails={!popover}
            tab={article.sideTab}
            onTab={article.setSideTab}
            labels={labels}
            labelByName={labelByName}
            entityStore={entities}
            suggestions={suggestions}
            viewedEntity={article.viewedEntity}
            onViewEntity={article.setViewedEntity}
            onStartPick={article.startPick}
            onSelect={article.selectAnnotation}
            onSelectFromList={article.selectFromList}
            onShowMentions={article.showMentions}
            onReattachOrphan={article.reattachOrphan}
            onScrollTo={scrollTo}
            onOpenAt={openMention}
          />
        ) : session ? null : (
          <SideIntro corpus={corpus} labels={labels} />
        )}
      </aside>
      <StatusBar snap={snap} session={session} run={run} hint={article.hint} author={prefs.author} onChangeName={() => overlays.open({ kind: 'askName' })} />
      <Overlays
        overlay={overlay}
        stores={stores}
        labels={labels}
        labelByName={labelByName}
        schema={startup?.labelSchema ?? null}
        snap={snap}
        registry={registry}
        context={context}
        isMac={IS_MAC}
        actions={actions}
        {...overlayActions}
      />
    </div>
  );
}
