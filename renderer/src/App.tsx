import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { CorpusSummary, DocumentEntry, StartupInfo } from '../../app/ipc/contract';
import type { DocumentStatus } from '../../app/sidecar/sidecar-schema';
import { DOCUMENT_STATUSES } from '../../app/sidecar/sidecar-schema';
import { annotationsAt } from '../../app/annotations';
import { nextSentence, nextToken, previousSentence, previousToken, sentenceAt, tokenAt } from '../../app/text-units';
import { call, onEvent } from './bridge/client';
import { DocumentSession, type SaveState, type SessionSnapshot } from './state/document-session';
import { ArticleEditor } from './editor/ArticleEditor';
import { applyLabelColours, labelInfos, type LabelInfo } from './editor/labels';
import { scrollToOffset, selectOffsets, selectionOffsets } from './editor/selection';
import type { LineMap } from './editor/line-map';
import { findShortcut, type ShortcutAction } from './keyboard/shortcuts';
import { DocumentList } from './components/DocumentList';
import { LabelBar } from './components/LabelBar';
import { AnnotationText } from './components/AnnotationDetails';
import { SelectedDetails, SidePanel, type SideTab } from './components/SidePanel';
import { ShortcutsSheet } from './components/ShortcutsSheet';
import { PreferencesDialog, ReadingControls } from './components/ReadingControls';
import { preferences } from './state/preferences';
import { SchemaEditor } from './components/SchemaEditor';
import { EntityStore } from './state/entity-store';
import { AboutDialog } from './components/AboutDialog';
import { AgreementView } from './components/AgreementView';
import { TagAllPreview } from './components/TagAllPreview';
import { ExportDialog } from './components/ExportDialog';
import { SearchPanel } from './components/SearchPanel';
import { SearchStore } from './state/search-store';
import { agreement, curationTarget, suggestions } from './state/curation';
import { sameAnnotations, type MergeRequest } from './state/agreement-store';
import { applyTagAll, findAll, type SelectedOccurrence } from './state/tag-all';
import { bridgeWorkspaceDisk, WorkspaceUndo } from './state/workspace-undo';
import type { FindOccurrencesResult } from '../../app/ipc/curation-contract';
import type { OccurrenceOptions } from '../../app/tag-all';

const NO_ANNOTATIONS: readonly never[] = [];
const NO_SUGGESTIONS: readonly never[] = [];

/** The first line whose box reaches below `top` (binary search over the paragraphs). */
function firstVisibleLine(lineMap: LineMap, top: number): number {
  let lo = 0;
  let hi = lineMap.index.lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const bottom = lineMap.lineElement(mid)?.getBoundingClientRect().bottom ?? 0;
    if (bottom <= top) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
/**
 * Focus the element once it is there: the side panel renders from a deferred
 * snapshot, so the details of an annotation selected a moment ago may come a
 * frame or two later. The selector names the annotation, so the details still
 * showing the previous one are never focused instead.
 */
function focusWhenShown(selector: string, frames = 30): void {
  const el = document.querySelector<HTMLElement>(selector);
  if (el) el.focus();
  else if (frames > 0) requestAnimationFrame(() => focusWhenShown(selector, frames - 1));
}

const noSession = { subscribe: () => () => {}, getSnapshot: () => null };
const STATUS_TEXT: Record<DocumentStatus, string> = { todo: 'To do', 'in-progress': 'In progress', done: 'Done' };

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

/** Picking the other end of a claimant link or a relation, by click or Tab + Enter. */
interface PickState {
  kind: 'claimant' | 'relation';
  sourceId: string;
  candidates: string[];
  index: number;
}


export function App() {
  const [startup, setStartup] = useState<StartupInfo | null>(null);
  const [corpus, setCorpus] = useState<CorpusSummary | null>(null);
  const [documents, setDocuments] = useState<DocumentEntry[]>([]);
  const [session, setSession] = useState<DocumentSession | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [popover, setPopover] = useState<{ x: number; y: number; cp: number } | null>(null);
  const [pick, setPick] = useState<PickState | null>(null);
  const [relationChoice, setRelationChoice] = useState<{ from: string; to: string } | null>(null);
  const [sideTab, setSideTab] = useState<SideTab>('annotations');
  const [showHelp, setShowHelp] = useState(false);
  const [showPrefs, setShowPrefs] = useState(false);
  const [showSchema, setShowSchema] = useState(false);
  // The corpus's entity registry (.marginalia/entities.json), shared by all documents.
  const [entityStore] = useState(() => new EntityStore());
  // One undo history for every document of the corpus (state/workspace-undo.ts).
  const [workspace] = useState(() => new WorkspaceUndo(bridgeWorkspaceDisk));
  const [viewedEntity, setViewedEntity] = useState<string | null>(null);
  /** The open article was rewritten on disk by another program: offer to reload it (annotations re-anchor). */
  const [sourceChangedOnDisk, setSourceChangedOnDisk] = useState<string | null>(null);
  const [showAbout, setShowAbout] = useState(false);
  const [showAgreement, setShowAgreement] = useState(false);
  const [showExport, setShowExport] = useState(false);
  /** The left column: the corpus's documents, or search across them. */
  const [leftTab, setLeftTab] = useState<'documents' | 'search'>('documents');
  const [searchStore] = useState(() => new SearchStore());
  const [tagAll, setTagAll] = useState<{ text: string; label: string; options: OccurrenceOptions; results: FindOccurrencesResult | null; busy: boolean } | null>(null);
  const suggestionSnap = useSyncExternalStore(suggestions.subscribe, suggestions.getSnapshot);
  /** An annotation to select once the document being opened is ready (from search hits and entity mentions). */
  const pendingSelect = useRef<{ id?: string; start?: number; end?: number } | null>(null);
  const prefs = useSyncExternalStore(preferences.subscribe, preferences.getSnapshot);
  useLayoutEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = prefs.theme;
    root.style.setProperty('--mg-font-size', `${prefs.fontSize}px`);
    root.style.setProperty('--mg-measure', { narrow: '34em', medium: '44em', wide: '60em' }[prefs.measure]);
  }, [prefs.theme, prefs.fontSize, prefs.measure]);
  const corpusRootRef = useRef<string | null>(null);
  useLayoutEffect(() => {
    corpusRootRef.current = corpus?.root ?? null;
  }, [corpus]);

  const lineMapRef = useRef<LineMap | null>(null);
  const popoverOpen = useRef(false);
  useLayoutEffect(() => {
    popoverOpen.current = popover !== null;
  }, [popover]);
  const articleRef = useRef<HTMLDivElement>(null);
  const sessionRef = useRef<DocumentSession | null>(null);
  useLayoutEffect(() => {
    sessionRef.current = session;
    curationTarget.session = session;
    suggestions.clear();
  }, [session]);

  const snap: SessionSnapshot | null = useSyncExternalStore(
    session?.subscribe ?? noSession.subscribe,
    session?.getSnapshot ?? noSession.getSnapshot,
  );

  useEffect(() => {
    if (snap) suggestions.syncExisting(snap.annotations);
  }, [snap]);

  const labels = useMemo(() => (startup ? labelInfos(startup.labelSchema) : []), [startup]);
  const labelByName = useMemo(() => new Map(labels.map((l) => [l.name, l])), [labels]);
  const relationTypes = useMemo(() => startup?.labelSchema.relationTypes.map((r) => r.name) ?? [], [startup]);
  useEffect(() => {
    applyLabelColours(labels);
    agreement.setLabelOrder(labels.map((l) => l.name));
  }, [labels]);

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
    setPick(null);
    setRelationChoice(null);
    setPopover(null);
    return true;
  }, []);

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
      setViewedEntity(null);
      agreement.reset();
      await entityStore.load();
    },
    [refreshDocuments, closeDocument, entityStore, workspace],
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
          await entityStore.load();
        }
      } catch (e) {
        setProblem((e as Error).message);
      }
    })();
    return onEvent('corpusChanged', (summary) => void switchCorpus(summary));
  }, [switchCorpus, refreshDocuments, entityStore]);

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
    [closeDocument, workspace],
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
    async (path: string, target: { id?: string; start?: number; end?: number }) => {
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
      await entityStore.flush();
      const next = await call('openCorpusDialog', {});
      if (next) await switchCorpus(next);
    } catch (e) {
      setProblem((e as Error).message);
    }
  }, [switchCorpus, entityStore]);

  const openRecent = useCallback(
    async (root: string) => {
      try {
        await entityStore.flush();
        await switchCorpus(await call('openRecentCorpus', { root }));
      } catch (e) {
        setProblem((e as Error).message);
      }
    },
    [switchCorpus, entityStore],
  );

  const articleRoot = () => articleRef.current?.querySelector<HTMLElement>('.mg-article') ?? null;

  const selectAnnotation = useCallback((id: string | null, scroll = true) => {
    const s = sessionRef.current;
    if (!s) return;
    s.select(id);
    const a = id ? s.getSnapshot().annotations.find((x) => x.id === id) : undefined;
    if (a && scroll && lineMapRef.current) scrollToOffset(lineMapRef.current, a.start);
  }, []);

  const selectFromList = useCallback(
    (id: string) => {
      setPopover(null);
      selectAnnotation(id);
    },
    [selectAnnotation],
  );

  const applyLabel = useCallback((label: LabelInfo) => {
    const s = sessionRef.current;
    const lineMap = lineMapRef.current;
    if (!s || !lineMap) return;
    const range = selectionOffsets(lineMap, articleRoot());
    if (range) {
      s.addAnnotation(label.name, label.type, range.start, range.end);
      window.getSelection()?.removeAllRanges();
      return;
    }
    const selected = s.getSnapshot().selectedId;
    if (selected) s.relabel(selected, label.name);
  }, []);

  const startPick = useCallback((kind: PickState['kind']) => {
    const s = sessionRef.current;
    const snapshot = s?.getSnapshot();
    const source = snapshot?.annotations.find((a) => a.id === snapshot.selectedId);
    if (!s || !snapshot || !source || snapshot.readOnly) return;
    if (kind === 'claimant' && source.type !== 'claim') {
      setProblem('Select a claim first: the claimant belongs to a claim.');
      return;
    }
    const candidates = [...snapshot.annotations]
      .filter((a) => a.id !== source.id && (kind === 'relation' || a.type === 'entity'))
      .sort((a, b) => Math.abs(a.start - source.start) - Math.abs(b.start - source.start))
      .map((a) => a.id);
    if (candidates.length === 0) {
      setProblem(kind === 'claimant' ? 'Tag who makes the claim (e.g. PERSON or ORG) first, then pick it.' : 'Tag another span first, then link to it.');
      return;
    }
    setPopover(null);
    setPick({ kind, sourceId: source.id, candidates, index: 0 });
    const first = snapshot.annotations.find((a) => a.id === candidates[0]);
    if (first && lineMapRef.current) scrollToOffset(lineMapRef.current, first.start);
  }, []);

  const finishPick = useCallback((targetId: string) => {
    const s = sessionRef.current;
    setPick((current) => {
      if (!current || !s) return null;
      if (current.kind === 'claimant') {
        s.setClaimant(current.sourceId, targetId);
        s.select(current.sourceId);
      } else {
        setRelationChoice({ from: current.sourceId, to: targetId });
      }
      return null;
    });
  }, []);

  const chooseRelationType = useCallback(
    (type: string) => {
      const s = sessionRef.current;
      setRelationChoice((choice) => {
        if (choice && s) {
          s.addRelation(type, choice.from, choice.to);
          s.select(choice.from);
          setSideTab('relations');
        }
        return null;
      });
    },
    [],
  );

  /** Find every occurrence of `text` in the open document and the corpus, for a preview before tagging. */
  const startTagAll = useCallback(async (text: string, label: string, options: OccurrenceOptions) => {
    const s = sessionRef.current;
    setTagAll({ text, label, options, results: null, busy: true });
    try {
      const open = s ? { path: s.doc.path, index: s.index, annotations: s.getSnapshot().annotations } : null;
      const results = await findAll({ text, label, options }, open);
      setTagAll((t) => (t && t.text === text ? { ...t, results, busy: false } : t));
    } catch (e) {
      setTagAll(null);
      setProblem((e as Error).message);
    }
  }, []);

  const applyTagAllSelection = useCallback(
    async (selected: SelectedOccurrence[]) => {
      const current = tagAll;
      const s = sessionRef.current;
      if (!current) return;
      const type = labels.find((l) => l.name === current.label)?.type ?? 'entity';
      setTagAll({ ...current, busy: true });
      try {
        const result = await applyTagAll({
          label: current.label,
          type,
          selected,
          openPath: s?.doc.path ?? null,
          addToOpen: (spans, description) => (s && !s.getSnapshot().readOnly ? s.addMany(spans, description).length >= 0 : false),
          workspace,
          ...(preferences.getSnapshot().author.trim() ? { author: preferences.getSnapshot().author.trim() } : {}),
        });
        setTagAll(null);
        if (result.corpus?.problems.length) setProblem(result.corpus.problems.join('\n'));
        await refreshDocuments();
      } catch (e) {
        setTagAll(null);
        setProblem((e as Error).message);
      }
    },
    [tagAll, labels, refreshDocuments, workspace],
  );

  const applyMerge = useCallback(
    async (request: MergeRequest) => {
      let s = sessionRef.current;
      if (s?.doc.path !== request.path) {
        await openDocument(request.path);
        s = sessionRef.current;
      }
      if (!s || s.doc.path !== request.path || s.getSnapshot().readOnly) return false;
      if (!sameAnnotations(s.getSnapshot().annotations, request.base)) {
        setProblem(`${request.path} changed since it was compared: compare again before merging.`);
        return false;
      }
      const ok = s.replaceAll(request.annotations, request.description, request.idMap);
      await s.flush();
      return ok;
    },
    [openDocument],
  );

  /** Where the keyboard cursor is: the selection, else the selected annotation, else the top. */
  const cursor = useCallback((): { start: number; end: number } | null => {
    const s = sessionRef.current;
    const lineMap = lineMapRef.current;
    if (!s || !lineMap) return null;
    const range = selectionOffsets(lineMap, articleRoot());
    if (range) return range;
    const snapshot = s.getSnapshot();
    const a = snapshot.annotations.find((x) => x.id === snapshot.selectedId);
    return a ? { start: a.start, end: a.end } : null;
  }, []);

  const runAction = useCallback(
    (action: ShortcutAction): boolean => {
      const s = sessionRef.current;
      const lineMap = lineMapRef.current;
      const select = (span: { start: number; end: number } | null) => {
        if (!span || !lineMap || !s) return;
        s.select(null);
        setPopover(null);
        selectOffsets(lineMap, span.start, span.end);
      };
      switch (action) {
        case 'undo':
          s?.undo();
          return true;
        case 'redo':
          s?.redo();
          return true;
        case 'save':
          void s?.saveNow();
          return true;
        case 'open-folder':
          void openFolder();
          return true;
        case 'help':
          setShowHelp((v) => !v);
          return true;
        case 'search':
          setLeftTab('search');
          requestAnimationFrame(() => document.querySelector<HTMLInputElement>('.mg-sidebar input[type="search"], .mg-sidebar input')?.focus());
          return true;
        case 'reading':
          preferences.update({ reading: !preferences.getSnapshot().reading });
          return true;
        case 'font-larger':
          preferences.stepFontSize(1);
          return true;
        case 'font-smaller':
          preferences.stepFontSize(-1);
          return true;
        case 'escape':
          if (showHelp) setShowHelp(false);
          else if (showPrefs) setShowPrefs(false);
          else if (pick) setPick(null);
          else if (relationChoice) setRelationChoice(null);
          else {
            s?.select(null);
            setPopover(null);
            window.getSelection()?.removeAllRanges();
          }
          return true;
      }
      if (!s || !lineMap) return false;
      const index = s.index;
      const here = cursor();
      const snapshot = s.getSnapshot();
      switch (action) {
        case 'token-next':
          select(here ? nextToken(index, here.end) : tokenAt(index, 0));
          return true;
        case 'token-previous':
          select(here ? previousToken(index, here.start) : tokenAt(index, 0));
          return true;
        case 'extend-next': {
          if (!here) return select(tokenAt(index, 0)), true;
          const t = nextToken(index, here.end);
          if (t) select({ start: here.start, end: t.end });
          return true;
        }
        case 'shrink-end': {
          if (!here) return true;
          const last = previousToken(index, here.end);
          const before = last ? previousToken(index, last.start) : null;
          if (before && before.end > here.start) select({ start: here.start, end: before.end });
          return true;
        }
        case 'extend-previous': {
          if (!here) return true;
          const t = previousToken(index, here.start);
          if (t) select({ start: t.start, end: here.end });
          return true;
        }
        case 'sentence-next':
          select(here ? nextSentence(index, here.end) : sentenceAt(index, 0));
          return true;
        case 'sentence-previous':
          select(here ? previousSentence(index, here.start) : sentenceAt(index, 0));
          return true;
        case 'sentence-select':
          select(sentenceAt(index, here?.start ?? 0));
          return true;
        case 'annotation-next':
        case 'annotation-previous': {
          const forward = action === 'annotation-next';
          if (pick) {
            const n = pick.candidates.length;
            const next = { ...pick, index: (pick.index + (forward ? 1 : n - 1)) % n };
            setPick(next);
            const a = snapshot.annotations.find((x) => x.id === next.candidates[next.index]);
            if (a) scrollToOffset(lineMap, a.start);
            return true;
          }
          const sorted = [...snapshot.annotations].sort((a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : 1));
          if (sorted.length === 0) return true;
          const at = sorted.findIndex((a) => a.id === snapshot.selectedId);
          let target;
          if (at >= 0) target = sorted[(at + (forward ? 1 : sorted.length - 1)) % sorted.length];
          else if (forward) target = sorted.find((a) => a.start >= (here?.start ?? 0)) ?? sorted[0];
          else target = [...sorted].reverse().find((a) => a.start < (here?.start ?? index.length)) ?? sorted[sorted.length - 1];
          window.getSelection()?.removeAllRanges();
          if (target) selectAnnotation(target.id);
          return true;
        }
        case 'delete':
          if (snapshot.selectedId) {
            s.remove(snapshot.selectedId);
            setPopover(null);
            return true;
          }
          return false;
        case 'suggest-accept':
          suggestions.accept();
          return true;
        case 'suggest-accept-all':
          suggestions.acceptAll();
          return true;
        case 'suggest-reject':
          suggestions.reject();
          return true;
        case 'suggest-reject-all':
          suggestions.rejectAll();
          return true;
        case 'suggest-next':
        case 'suggest-previous': {
          if (action === 'suggest-next') suggestions.next();
          else suggestions.previous();
          setSideTab('suggest');
          const current = suggestions.getSnapshot().current;
          if (current) scrollToOffset(lineMap, current.start);
          return true;
        }
        case 'tag-all': {
          const range = selectionOffsets(lineMap, articleRoot());
          const selectedAnn = snapshot.annotations.find((a) => a.id === snapshot.selectedId);
          const span = range ?? (selectedAnn ? { start: selectedAnn.start, end: selectedAnn.end } : null);
          if (!span) {
            setProblem('Select some text (or an annotation) first: tag all finds every occurrence of it.');
            return true;
          }
          const text = index.slice(span.start, span.end);
          const label = selectedAnn?.label ?? labels.find((l) => l.type === 'entity')?.name ?? '';
          void startTagAll(text, label, { wholeWord: true });
          return true;
        }
        case 'claimant':
          startPick('claimant');
          return true;
        case 'relation':
          startPick('relation');
          return true;
        case 'note':
        case 'entity': {
          if (!snapshot.selectedId) return false;
          const selector = action === 'note' ? 'textarea.mg-note' : 'input[role="combobox"]';
          focusWhenShown(`.mg-side [data-annotation-id="${CSS.escape(snapshot.selectedId)}"] ${selector}`);
          return true;
        }
      }
      return false;
    },
    [cursor, openFolder, pick, relationChoice, showHelp, showPrefs, selectAnnotation, startPick, labels, startTagAll],
  );

  // Keyboard: shortcuts from the table, label hotkeys, relation-type digits, pick confirmation.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const inField = !!target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA');
      if (inField) return;
      if (relationChoice && /^[1-9]$/.test(e.key)) {
        const type = relationTypes[Number(e.key) - 1];
        if (type) {
          e.preventDefault();
          chooseRelationType(type);
        }
        return;
      }
      if (pick && e.key === 'Enter') {
        const id = pick.candidates[pick.index];
        if (id) {
          e.preventDefault();
          finishPick(id);
        }
        return;
      }
      const shortcut = findShortcut(e);
      if (shortcut) {
        if (runAction(shortcut.action)) e.preventDefault();
        return;
      }
      if (!e.ctrlKey && !e.metaKey && !e.altKey && sessionRef.current) {
        const label = labels.find((l) => l.hotkey === e.key.toLowerCase());
        if (label) {
          e.preventDefault();
          applyLabel(label);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [labels, applyLabel, runAction, pick, relationChoice, relationTypes, chooseRelationType, finishPick]);

  // Files changed by other programs: list again, merge the open sidecar, offer to reload a rewritten article.
  useEffect(
    () =>
      onEvent('corpusFileChanged', (event) => {
        if (event.root !== corpusRootRef.current) return;
        if (event.kind === 'documents-changed') {
          void refreshDocuments();
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
    [refreshDocuments],
  );

  const reloadDocument = useCallback(async () => {
    const s = sessionRef.current;
    if (!s) return;
    const path = s.doc.path;
    if (!(await closeDocument())) return;
    setSession(null);
    sessionRef.current = null;
    await openDocument(path);
  }, [closeDocument, openDocument]);

  useEffect(
    () =>
      onEvent('menuCommand', (command) => {
        const s = sessionRef.current;
        if (command === 'undo') s?.undo();
        else if (command === 'redo') s?.redo();
        else if (command === 'save') void s?.saveNow();
        else if (command === 'open-folder') void openFolder();
        else if (command === 'about') setShowAbout(true);
      }),
    [openFolder],
  );

  // A folder or sidecar opened from outside while the app runs (second launch, file manager): switch as from the recent list.
  useEffect(
    () =>
      onEvent('openCorpusRequest', (request) => {
        if (request.kind === 'folder') void openRecent(request.root);
        else setProblem(`Could not open ${request.path}: there is no such folder or sidecar.`);
      }),
    [openRecent],
  );

  // Flush on close; if a save is still pending, ask the window to stay.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      const s = sessionRef.current;
      if (s?.hasUnsavedChanges || entityStore.hasUnsavedChanges) {
        void s?.flush();
        void entityStore.flush();
        e.preventDefault();
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [entityStore]);

  const onReady = useCallback((lineMap: LineMap) => {
    lineMapRef.current = lineMap;
    const s = sessionRef.current;
    const pending = pendingSelect.current;
    pendingSelect.current = null;
    if (s && pending) {
      // Opened from a search hit or an entity mention: go there, not to the remembered place.
      if (pending.id) s.select(pending.id);
      const target = pending.id ? s.getSnapshot().annotations.find((a) => a.id === pending.id) : undefined;
      const start = target?.start ?? pending.start ?? 0;
      scrollToOffset(lineMap, start, 'center');
      if (!pending.id && pending.start !== undefined && pending.end !== undefined) selectOffsets(lineMap, pending.start, pending.end);
      return;
    }
    // Back to where the analyst left this document.
    const root = corpusRootRef.current;
    const place = s && root ? preferences.placeOf(root, s.doc.path) : undefined;
    if (place !== undefined && place > 0) {
      scrollToOffset(lineMap, place, 'start');
    }
  }, []);

  const placeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onArticleScroll = useCallback((e: React.UIEvent<HTMLElement>) => {
    const scroller = e.target as HTMLElement;
    if (!scroller.classList.contains('mg-article-scroll')) return;
    if (placeTimer.current) clearTimeout(placeTimer.current);
    placeTimer.current = setTimeout(() => {
      const s = sessionRef.current;
      const lineMap = lineMapRef.current;
      const root = corpusRootRef.current;
      if (!s || !lineMap || !root) return;
      const line = scroller.scrollTop < 4 ? 0 : firstVisibleLine(lineMap, scroller.getBoundingClientRect().top);
      preferences.rememberPlace(root, s.doc.path, lineMap.index.positionToCodePoint(line, 0));
    }, 250);
  }, []);

  const onClickAt = useCallback(
    (cp: number, x: number, y: number) => {
      const s = sessionRef.current;
      if (!s) return;
      const snapshot = s.getSnapshot();
      const hits = annotationsAt(snapshot.annotations, cp);
      if (pick) {
        const target = hits.find((a) => pick.candidates.includes(a.id));
        if (target) finishPick(target.id);
        return;
      }
      if (hits.length === 0) {
        s.select(null);
        setPopover(null);
        const suggested = suggestions.at(cp);
        if (suggested) {
          suggestions.select(suggested.id);
          setSideTab('suggest');
        }
        return;
      }
      // A first click opens the innermost span; clicking again while it is open
      // cycles outwards through the overlapping ones.
      const at = popoverOpen.current ? hits.findIndex((a) => a.id === snapshot.selectedId) : -1;
      const next = hits[(at + 1) % hits.length] ?? hits[0];
      if (next) s.select(next.id);
      setPopover({ x, y, cp });
    },
    [pick, finishPick],
  );

  const selected = snap?.selectedId ? (snap.annotations.find((a) => a.id === snap.selectedId) ?? null) : null;
  const pickableIds = useMemo(() => (pick ? new Set(pick.candidates) : null), [pick]);
  const highlightedId = pick ? (pick.candidates[pick.index] ?? null) : (snap?.selectedId ?? null);
  const byId = useMemo(() => new Map((snap?.annotations ?? []).map((a) => [a.id, a])), [snap?.annotations]);
  const progress = useMemo(() => {
    const texts = documents.filter((d) => d.kind === 'text');
    return {
      total: texts.length,
      done: texts.filter((d) => d.status === 'done').length,
      inProgress: texts.filter((d) => d.status === 'in-progress').length,
    };
  }, [documents]);

  const sideSnap = useDeferredValue(snap);
  const showMentions = useCallback((id: string) => {
    setPopover(null);
    setViewedEntity(id);
    setSideTab('entities');
  }, []);
  const scrollTo = useCallback((cp: number) => {
    if (lineMapRef.current) scrollToOffset(lineMapRef.current, cp);
  }, []);
  const reattachOrphan = useCallback(
    (id: string) => {
      const lineMap = lineMapRef.current;
      const range = lineMap ? selectionOffsets(lineMap, articleRoot()) : null;
      if (!range) {
        setProblem('Select the text this annotation belongs to, then press “Attach here”.');
        return;
      }
      session?.reattachOrphan(id, range.start, range.end);
      window.getSelection()?.removeAllRanges();
    },
    [session],
  );
  const openMention = useCallback((path: string, target: { id: string }) => void openAt(path, target), [openAt]);

  return (
    <div className={`mg-app${prefs.reading ? ' is-reading' : ''}`}>
      <aside className="mg-sidebar">
        <header className="mg-corpus">
          <div className="mg-brand">Marginalia</div>
          <div className="mg-corpus-name" title={corpus?.root}>
            {corpus ? corpus.name : 'No corpus open'}
            {corpus?.isSample ? <span className="mg-badge">sample</span> : null}
          </div>
          {progress.total ? (
            <div className="mg-progress" aria-label="Corpus progress">
              <div className="mg-progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={progress.done}>
                <span className="mg-progress-done" style={{ width: `${(100 * progress.done) / progress.total}%` }} />
                <span className="mg-progress-doing" style={{ width: `${(100 * progress.inProgress) / progress.total}%` }} />
              </div>
              <span className="mg-muted" data-testid="corpus-progress">
                {progress.done} of {progress.total} done{progress.inProgress ? `, ${progress.inProgress} in progress` : ''}
              </span>
            </div>
          ) : null}
          <div className="mg-corpus-actions">
            <button type="button" onClick={() => void openFolder()} title="Open a folder of articles (Ctrl+O)">
              Open folder…
            </button>
            <button type="button" onClick={() => setShowSchema(true)} disabled={!startup || !corpus} title="Edit this corpus's labels, relation types and attributes">
              Labels…
            </button>
            <button type="button" onClick={() => setShowAgreement(true)} disabled={!corpus} title="Compare two annotators and merge into a curated version">
              Compare…
            </button>
            <button
              type="button"
              onClick={() => {
                void sessionRef.current?.flush();
                setShowExport(true);
              }}
              disabled={!corpus}
              title="Export the annotated corpus as a dataset"
            >
              Export…
            </button>
            {startup && startup.recent.filter((r) => r !== corpus?.root).length ? (
              <select
                aria-label="Recent corpora"
                value=""
                onChange={(e) => {
                  if (e.target.value) void openRecent(e.target.value);
                }}
              >
                <option value="">Recent…</option>
                {startup.recent
                  .filter((r) => r !== corpus?.root)
                  .map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
              </select>
            ) : null}
          </div>
        </header>
        <div className="mg-tabs mg-left-tabs" role="tablist" aria-label="Library">
          <button type="button" role="tab" aria-selected={leftTab === 'documents'} className={leftTab === 'documents' ? 'is-active' : ''} onClick={() => setLeftTab('documents')}>
            Documents
          </button>
          <button type="button" role="tab" aria-selected={leftTab === 'search'} className={leftTab === 'search' ? 'is-active' : ''} onClick={() => setLeftTab('search')} title="Search the corpus (Ctrl+F)">
            Search
          </button>
        </div>
        {leftTab === 'documents' ? (
          <DocumentList documents={documents} currentPath={snap?.doc.path ?? null} onOpen={(p) => void openDocument(p)} />
        ) : (
          <SearchPanel store={searchStore} labelByName={labelByName} autoFocus onOpenHit={(path, start, end) => void openAt(path, { start, end })} />
        )}
      </aside>
      <main className="mg-main">
        {problem ? (
          <div className="mg-problem" role="alert">
            <span>{problem}</span>
            <button type="button" aria-label="Dismiss" onClick={() => setProblem(null)}>
              ×
            </button>
          </div>
        ) : null}
        {session && snap ? (
          <>
            <div className="mg-toolbar">
              <div className="mg-toolbar-row">
                <h1 className="mg-doc-title">{snap.doc.path}</h1>
                <label className="mg-doc-status-select">
                  <span className="mg-muted">Status</span>
                  <select aria-label="Document status" value={snap.status} disabled={snap.readOnly} onChange={(e) => session.setStatus(e.target.value as DocumentStatus)}>
                    {DOCUMENT_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {STATUS_TEXT[s]}
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  className={`mg-read-button${prefs.reading ? ' is-active' : ''}`}
                  aria-pressed={prefs.reading}
                  onClick={() => preferences.update({ reading: !prefs.reading })}
                  title="Reading view (Ctrl+Shift+L)"
                >
                  {prefs.reading ? 'Annotate' : 'Read'}
                </button>
                <button type="button" className="mg-help-button" onClick={() => setShowPrefs(true)} title="Preferences" aria-label="Preferences">
                  ⚙
                </button>
                <button type="button" className="mg-help-button" onClick={() => setShowHelp(true)} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">
                  ?
                </button>
              </div>
              {prefs.reading ? <ReadingControls prefs={prefs} store={preferences} /> : <LabelBar labels={labels} disabled={snap.readOnly} onPick={applyLabel} />}
            </div>
            {snap.save.kind === 'read-only' ? (
              <div className="mg-problem is-warning" role="status">
                {snap.save.message}
              </div>
            ) : null}
            {sourceChangedOnDisk ? (
              <div className="mg-problem is-warning" role="alert">
                <span>
                  {sourceChangedOnDisk} Your annotations are saved; reload to see the new text with the annotations moved onto it.
                </span>
                <button type="button" className="mg-inline-button" onClick={() => void reloadDocument()}>
                  Reload
                </button>
              </div>
            ) : null}
            {snap.notice ? (
              <div className="mg-problem is-info" role="status" data-testid="notice">
                <span>{snap.notice}</span>
                <button type="button" aria-label="Dismiss" onClick={() => session.dismissNotice()}>
                  ×
                </button>
              </div>
            ) : null}
            {snap.reanchor && !snap.readOnly ? (
              <div className="mg-problem is-info" role="status" data-testid="reanchor-report">
                <details>
                  <summary>
                    The article changed since it was annotated: {snap.reanchor.unchanged.length} in place, {snap.reanchor.moved.length} moved,{' '}
                    {snap.reanchor.fuzzy.length} adjusted to changed text, {snap.reanchor.orphaned.length} not found.
                  </summary>
                  <ul>
                    {snap.reanchor.fuzzy.map((f) => (
                      <li key={f.id}>
                        “{f.oldText}” → “{f.newText}”
                      </li>
                    ))}
                    {snap.reanchor.orphaned.map((o) => (
                      <li key={o.id}>not found: {o.id}</li>
                    ))}
                  </ul>
                </details>
              </div>
            ) : null}
            {pick ? (
              <div className="mg-pickbar" role="status" data-testid="pick-bar">
                {pick.kind === 'claimant' ? 'Who makes this claim?' : 'Link to which annotation?'} Click a dotted highlight, or Tab to
                “{byId.get(pick.candidates[pick.index] ?? '')?.text ?? ''}” and press Enter. Esc cancels.
              </div>
            ) : null}
            {relationChoice ? (
              <div className="mg-pickbar" role="dialog" aria-label="Relation type">
                <span>
                  “{byId.get(relationChoice.from)?.text}” → “{byId.get(relationChoice.to)?.text}” as:
                </span>
                {relationTypes.map((t, i) => (
                  <button key={t} type="button" onClick={() => chooseRelationType(t)}>
                    <kbd>{i + 1}</kbd>
                    {t}
                  </button>
                ))}
                <button type="button" onClick={() => setRelationChoice(null)}>
                  Cancel <kbd>Esc</kbd>
                </button>
              </div>
            ) : null}
            <div className="mg-article-wrap" ref={articleRef} onScrollCapture={onArticleScroll}>
              <ArticleEditor
                key={`${snap.doc.path}:${snap.doc.sha256}`}
                index={session.index}
                annotations={prefs.reading && !prefs.showAnnotations ? NO_ANNOTATIONS : snap.annotations}
                labels={labelByName}
                selectedId={highlightedId}
                pickableIds={pickableIds}
                suggested={suggestionSnap.path === snap.doc.path ? suggestionSnap.pending : NO_SUGGESTIONS}
                currentSuggestionId={suggestionSnap.currentId}
                onReady={onReady}
                onClickAt={onClickAt}
              />
              {popover && selected && !pick ? (
                <div className="mg-popover" style={{ left: popover.x, top: popover.y + 12 }} role="dialog" aria-label="Annotation">
                  <SelectedDetails
                    snap={snap}
                    compact
                    session={session}
                    labels={labels}
                    labelByName={labelByName}
                    entityStore={entityStore}
                    onStartPick={startPick}
                    onSelect={selectAnnotation}
                    onShowMentions={showMentions}
                  />
                  {annotationsAt(snap.annotations, popover.cp).length > 1 ? (
                    <div className="mg-also" aria-label="Also here">
                      <span className="mg-muted">Also here:</span>
                      {annotationsAt(snap.annotations, popover.cp)
                        .filter((a) => a.id !== selected.id)
                        .map((a) => (
                          <button key={a.id} type="button" className="mg-also-item" onClick={() => session.select(a.id)}>
                            <AnnotationText annotation={a} labelByName={labelByName} />
                          </button>
                        ))}
                    </div>
                  ) : null}
                </div>
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
      <aside className="mg-side">
        {session && sideSnap && sideSnap.doc === snap?.doc ? (
          <SidePanel
            snap={sideSnap}
            session={session}
            showDetails={!popover}
            tab={sideTab}
            onTab={setSideTab}
            labels={labels}
            labelByName={labelByName}
            entityStore={entityStore}
            suggestions={suggestions}
            viewedEntity={viewedEntity}
            onViewEntity={setViewedEntity}
            onStartPick={startPick}
            onSelect={selectAnnotation}
            onSelectFromList={selectFromList}
            onShowMentions={showMentions}
            onReattachOrphan={reattachOrphan}
            onScrollTo={scrollTo}
            onOpenAt={openMention}
          />
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
            <span className="mg-stat">{snap.relations.length} relations</span>
            <span className="mg-stat">{session?.index.length.toLocaleString()} characters</span>
          </>
        ) : null}
      </footer>
      {showHelp ? <ShortcutsSheet labels={labels} onClose={() => setShowHelp(false)} /> : null}
      {showSchema && startup ? (
        <SchemaEditor
          schema={startup.labelSchema}
          onSaved={(schema) => {
            setStartup((info) => (info ? { ...info, labelSchema: schema } : info));
            setProblem((p) => (p && /schema/i.test(p) ? null : p));
            setShowSchema(false);
          }}
          onClose={() => setShowSchema(false)}
        />
      ) : null}
      {showAbout ? <AboutDialog onClose={() => setShowAbout(false)} /> : null}
      {showExport ? <ExportDialog labels={labels} onClose={() => setShowExport(false)} /> : null}
      {showAgreement ? (
        <div className="mg-modal-backdrop">
          <div className="mg-modal mg-agreement-modal" role="dialog" aria-label="Agreement">
            <AgreementView
              store={agreement}
              labelByName={labelByName}
              onApplyMerge={applyMerge}
              onBeforeCompare={() => sessionRef.current?.flush()}
              onShowSpan={(path, start, end) => {
                setShowAgreement(false);
                void openAt(path, { start, end });
              }}
              {...(session && snap
                ? {
                    onCompareAuthors: () => {
                      try {
                        agreement.compareAuthors({ path: snap.doc.path, text: snap.doc.text, annotations: snap.annotations });
                      } catch (e) {
                        setProblem((e as Error).message);
                      }
                    },
                  }
                : {})}
              onClose={() => setShowAgreement(false)}
            />
          </div>
        </div>
      ) : null}
      {tagAll ? (
        <div className="mg-modal-backdrop">
          <div className="mg-modal mg-tagall-modal">
            <label className="mg-field">
              Label
              <select aria-label="Tag all as" value={tagAll.label} onChange={(e) => void startTagAll(tagAll.text, e.target.value, tagAll.options)}>
                {labels.map((l) => (
                  <option key={l.name} value={l.name}>
                    {l.name}
                  </option>
                ))}
              </select>
            </label>
            {tagAll.results ? (
              <TagAllPreview
                text={tagAll.text}
                label={tagAll.label}
                results={tagAll.results}
                openPath={snap?.doc.path ?? undefined}
                busy={tagAll.busy}
                options={tagAll.options}
                onOptionsChange={(options) => void startTagAll(tagAll.text, tagAll.label, options)}
                onApply={(selected) => void applyTagAllSelection(selected)}
                onCancel={() => setTagAll(null)}
              />
            ) : (
              <p className="mg-muted" role="status">
                Finding “{tagAll.text}” across the corpus…
              </p>
            )}
          </div>
        </div>
      ) : null}
      {showPrefs ? (
        <PreferencesDialog
          prefs={prefs}
          store={preferences}
          onClose={() => setShowPrefs(false)}
          onAbout={() => {
            setShowPrefs(false);
            setShowAbout(true);
          }}
        />
      ) : null}
    </div>
  );
}
