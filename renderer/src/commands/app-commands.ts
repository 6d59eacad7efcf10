// What each command does: the runs registered under the ids of
// app/commands/command-ids.ts. Keys, the menu and the palette all reach these.
import type { LabelInfo } from '../editor/labels';
import { selectionOffsets } from '../editor/selection';
import type { Article } from '../state/use-article';
import { articleRoot } from '../state/use-article';
import type { useCorpusActions } from '../state/use-corpus-actions';
import type { Stores } from '../state/stores';
import type { Workspace } from '../state/use-workspace';
import { moveSelection, quickFind, scrollTo, stepAnnotation, type ArticleView, type SelectMove } from './article-navigation';
import { cycleRegion, focusWhenShown } from './focus-regions';
import { focusContext } from './focus-context';
import type { CommandRuns } from './registry';

export interface CommandDeps {
  stores: Stores;
  ws: Workspace;
  article: Article;
  actions: ReturnType<typeof useCorpusActions>;
  labels: readonly LabelInfo[];
  relationTypes: readonly string[];
}

const DOC = 'documentOpen';

export function appCommandRuns({ stores, ws, article, actions, labels, relationTypes }: CommandDeps): CommandRuns {
  const { overlays, preferences, suggestions } = stores;
  const view = (): ArticleView | null => {
    const session = ws.sessionRef.current;
    const lineMap = ws.lineMapRef.current;
    if (!session || !lineMap) return null;
    return { session, lineMap, root: articleRoot(), onSelectText: () => article.setPopover(null), selectAnnotation: (id) => article.selectAnnotation(id) };
  };
  const move = (m: SelectMove) => ({
    when: DOC,
    run: () => {
      const v = view();
      if (!v) return false;
      moveSelection(v, m);
    },
  });
  const step = (forward: boolean) => ({
    when: DOC,
    run: () => {
      if (article.modes.current.pick) return article.stepPick(forward);
      const v = view();
      if (!v) return false;
      stepAnnotation(v, forward);
    },
  });
  /** The annotation a key is for: the row focused in the side panel (selected first), else the selected one. */
  const selectedId = () => {
    const row = document.activeElement instanceof HTMLElement && focusContext(document.activeElement).annotationItemFocused ? document.activeElement.dataset.id : undefined;
    if (row) ws.sessionRef.current?.select(row);
    return ws.sessionRef.current?.getSnapshot().selectedId ?? null;
  };
  const focusDetails = (field: 'textarea.mg-note' | 'input[role="combobox"]') => ({
    when: DOC,
    run: () => {
      const id = selectedId();
      if (!id) return false;
      focusWhenShown(`.mg-side [data-annotation-id="${CSS.escape(id)}"] ${field}`);
    },
  });
  const suggestion = (act: () => void) => ({ when: DOC, run: act });
  const inTextField = () => focusContext(document.activeElement).textFieldFocused;
  const relationType = (n: number) => ({
    run: () => {
      const type = relationTypes[n - 1];
      if (!type || !article.modes.current.relationChoice) return false;
      article.chooseRelationType(type);
    },
  });

  /** The document after (or before) the open one in the list, skipping files that cannot be opened. */
  const openNeighbour = (step: 1 | -1) => {
    const texts = ws.documents.filter((d) => d.kind === 'text');
    if (texts.length === 0) return false;
    const at = texts.findIndex((d) => d.path === ws.sessionRef.current?.doc.path);
    const next = at < 0 ? texts[0] : texts[(at + step + texts.length) % texts.length];
    if (next) void ws.openDocument(next.path);
  };

  return {
    'select.nextWord': move('nextWord'),
    'select.previousWord': move('previousWord'),
    'select.extendWord': move('extendWord'),
    'select.shrinkWord': move('shrinkWord'),
    'select.extendLeft': move('extendLeft'),
    'select.nextSentence': move('nextSentence'),
    'select.previousSentence': move('previousSentence'),
    'select.sentence': move('sentence'),
    'select.find': {
      when: DOC,
      run: () => {
        const v = view();
        if (!v) return false;
        quickFind(v);
      },
    },
    'annotation.next': step(true),
    'annotation.previous': step(false),
    'annotation.delete': {
      when: `${DOC} && !readOnly`,
      run: () => {
        const id = selectedId();
        if (!id) return false;
        ws.sessionRef.current?.remove(id);
        article.setPopover(null);
      },
    },
    'annotation.pickClaimant': { when: `${DOC} && !readOnly`, run: () => void (selectedId() && article.startPick('claimant')) },
    'annotation.addRelation': { when: `${DOC} && !readOnly`, run: () => void (selectedId() && article.startPick('relation')) },
    'annotation.editNote': focusDetails('textarea.mg-note'),
    'annotation.linkEntity': focusDetails('input[role="combobox"]'),
    'annotation.tagAll': {
      when: `${DOC} && !readOnly`,
      run: () => {
        const s = ws.sessionRef.current;
        const lineMap = ws.lineMapRef.current;
        if (!s || !lineMap) return false;
        const snapshot = s.getSnapshot();
        const range = selectionOffsets(lineMap, articleRoot());
        const selectedAnn = snapshot.annotations.find((a) => a.id === snapshot.selectedId);
        const span = range ?? (selectedAnn ? { start: selectedAnn.start, end: selectedAnn.end } : null);
        if (!span) {
          ws.setProblem('Select some text (or an annotation) first: tag all finds every occurrence of it.');
          return;
        }
        const label = selectedAnn?.label ?? labels.find((l) => l.type === 'entity')?.name ?? '';
        void actions.startTagAll(s.index.slice(span.start, span.end), label, { wholeWord: true });
      },
    },
    'pick.confirm': {
      when: 'pickMode',
      run: () => {
        const p = article.modes.current.pick;
        const id = p?.candidates[p.index];
        if (!id) return false;
        article.finishPick(id);
        articleRoot()?.focus({ preventScroll: true });
      },
    },
    ...Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => [`relation.type${n}`, relationType(n)])),
    'suggest.next': suggestion(() => {
      suggestions.next();
      article.setSideTab('suggest');
      const current = suggestions.getSnapshot().current;
      if (current) scrollTo(ws.lineMapRef.current, current.start);
    }),
    'suggest.previous': suggestion(() => {
      suggestions.previous();
      article.setSideTab('suggest');
      const current = suggestions.getSnapshot().current;
      if (current) scrollTo(ws.lineMapRef.current, current.start);
    }),
    'suggest.accept': suggestion(() => suggestions.accept()),
    'suggest.acceptAll': suggestion(() => suggestions.acceptAll()),
    'suggest.reject': suggestion(() => suggestions.reject()),
    'suggest.rejectAll': suggestion(() => suggestions.rejectAll()),
    'suggest.skip': suggestion(() => {
      const next = suggestions.skip();
      article.setSideTab('suggest');
      if (next) scrollTo(ws.lineMapRef.current, next.start);
    }),
    'document.next': { run: () => openNeighbour(1) },
    'document.previous': { run: () => openNeighbour(-1) },
    'document.markDone': { when: `${DOC} && !readOnly`, run: () => ws.sessionRef.current?.setStatus('done') },
    'focus.nextRegion': { run: () => cycleRegion(true) },
    'focus.previousRegion': { run: () => cycleRegion(false) },
    // In a text field, undo is the field's own (its typing), not the last annotation.
    // Otherwise the workspace's: the last step may have been made in another document, which it opens.
    'edit.undo': { run: () => void (inTextField() ? document.execCommand('undo') : stores.workspace.undo()) },
    'edit.redo': { run: () => void (inTextField() ? document.execCommand('redo') : stores.workspace.redo()) },
    'file.openFolder': { run: () => void ws.openFolder() },
    'file.save': { run: () => void ws.sessionRef.current?.saveNow() },
    'file.export': {
      when: '!overlayOpen',
      run: () => {
        if (!ws.corpus) return false;
        void ws.sessionRef.current?.flush();
        overlays.open({ kind: 'export' });
      },
    },
    'corpus.compare': { when: '!overlayOpen', run: () => (ws.corpus ? overlays.open({ kind: 'compare' }) : false) },
    'corpus.labels': { when: '!overlayOpen', run: () => (ws.corpus && ws.startup ? overlays.open({ kind: 'labels' }) : false) },
    'view.search': {
      run: () => {
        article.setLeftTab('search');
        requestAnimationFrame(() => document.querySelector<HTMLInputElement>('.mg-sidebar input[type="search"], .mg-sidebar input')?.focus());
      },
    },
    'view.reading': { run: () => preferences.update({ reading: !preferences.getSnapshot().reading }) },
    'view.arcs': { run: () => preferences.update({ showArcs: !preferences.getSnapshot().showArcs }) },
    'view.fontLarger': { run: () => preferences.stepFontSize(1) },
    'view.fontSmaller': { run: () => preferences.stepFontSize(-1) },
    'view.labelNames': { run: () => preferences.update({ labelNames: !preferences.getSnapshot().labelNames }) },
    'app.preferences': { when: '!overlayOpen', run: () => overlays.open({ kind: 'preferences' }) },
    'app.palette': { when: '!overlayOpen', run: () => overlays.open({ kind: 'palette' }) },
    'help.shortcuts': { run: () => overlays.toggle({ kind: 'shortcuts' }) },
    'help.about': { run: () => overlays.open({ kind: 'about' }) },
    'app.escape': {
      run: () => {
        const m = article.modes.current;
        if (m.pick) article.setPick(null);
        else if (m.relationChoice) article.setRelationChoice(null);
        else {
          ws.sessionRef.current?.select(null);
          stores.relationSelection.select(null);
          article.setPopover(null);
          window.getSelection()?.removeAllRanges();
        }
      },
    },
  };
}
