// What the analyst does in the open article: tagging the selection, picking a
// claimant or a relation's target, the popover, the side panel's tab, and
// going back to the place a document was left.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { annotationsAt } from '../../../app/annotations';
import { firstVisibleLine } from '../editor/keep-place';
import type { LabelInfo } from '../editor/labels';
import type { LineMap } from '../editor/line-map';
import { scrollToOffset, selectOffsets, selectionOffsets } from '../editor/selection';
import type { SideTab } from '../components/SidePanel';
import type { Stores } from './stores';
import type { Workspace } from './use-workspace';

/** Picking the other end of a claimant link or a relation, by click or . / , + Enter. */
export interface PickState {
  kind: 'claimant' | 'relation';
  sourceId: string;
  candidates: string[];
  index: number;
}

export interface PopoverState {
  x: number;
  y: number;
  cp: number;
}

export const articleRoot = (): HTMLElement | null => document.querySelector<HTMLElement>('.mg-article-wrap .mg-article');

export function useArticle(stores: Stores, ws: Workspace) {
  const { suggestions, preferences } = stores;
  const { sessionRef, lineMapRef, takePendingSelect, corpusRootRef, setProblem } = ws;
  const [popover, setPopover] = useState<PopoverState | null>(null);
  const [pick, setPick] = useState<PickState | null>(null);
  const [relationChoice, setRelationChoice] = useState<{ from: string; to: string } | null>(null);
  const [sideTab, setSideTab] = useState<SideTab>('annotations');
  // Remembered with its corpus: after switching, the entity shown was of the one before.
  const [viewed, setViewed] = useState<{ root: string | null; id: string } | null>(null);
  const corpusRoot = ws.corpus?.root ?? null;
  const viewedEntity = viewed && viewed.root === corpusRoot ? viewed.id : null;
  const setViewedEntity = useCallback((id: string | null) => setViewed(id === null ? null : { root: corpusRoot, id }), [corpusRoot]);
  /** The left column: the corpus's documents, or search across them. */
  const [leftTab, setLeftTab] = useState<'documents' | 'search'>('documents');
  /** A one-line hint for the status bar (a label key pressed with nothing selected); gone at the next selection. */
  const [hint, setHint] = useState<string | null>(null);
  useEffect(() => {
    if (!hint) return;
    // Only a new selection: the event of the one made just before the key may still be on its way.
    const where = () => {
      const sel = document.getSelection();
      return sel ? [sel.anchorNode, sel.anchorOffset, sel.focusNode, sel.focusOffset] : [];
    };
    const shown = where();
    const clear = () => {
      if (where().some((x, i) => x !== shown[i])) setHint(null);
    };
    document.addEventListener('selectionchange', clear);
    return () => document.removeEventListener('selectionchange', clear);
  }, [hint]);
  // Mirrors for the key dispatcher's context, which runs outside React's render.
  const modes = useRef({ popover: false, pick: null as PickState | null, relationChoice: false });
  useLayoutEffect(() => {
    modes.current = { popover: popover !== null, pick, relationChoice: relationChoice !== null };
  }, [popover, pick, relationChoice]);

  // A document opened (from the list, say): the keys that follow are for its article.
  const path = ws.session?.doc.path;
  useEffect(() => {
    if (path && !document.querySelector('dialog[open]')) articleRoot()?.focus({ preventScroll: true });
  }, [path]);

  /** A document closed: its modes go with it. */
  const reset = useCallback(() => {
    setPick(null);
    setRelationChoice(null);
    setPopover(null);
  }, []);

  const selectAnnotation = useCallback(
    (id: string | null, scroll = true) => {
      const s = sessionRef.current;
      if (!s) return;
      s.select(id);
      const a = id ? s.getSnapshot().annotations.find((x) => x.id === id) : undefined;
      if (a && scroll && lineMapRef.current) scrollToOffset(lineMapRef.current, a.start);
    },
    [sessionRef, lineMapRef],
  );

  const selectFromList = useCallback(
    (id: string) => {
      setPopover(null);
      selectAnnotation(id);
    },
    [selectAnnotation],
  );

  const applyLabel = useCallback(
    (label: LabelInfo) => {
      const s = sessionRef.current;
      const lineMap = lineMapRef.current;
      if (!s || !lineMap) return;
      if (s.getSnapshot().readOnly) {
        // The key would do nothing at all: say why (the notice above the article says what to fix).
        setHint(`This document is read-only: nothing can be tagged with ${label.name} until its annotations file is fixed.`);
        return;
      }
      // The highlight is painted in this task and its frame renders nothing else; React, the save and the
      // rest hear of the tag once that frame has painted (DocumentSession.paintFirst).
      const range = selectionOffsets(lineMap, articleRoot());
      if (range) {
        // Before painting: cleared after it, the selection would lay out again what the painting changed.
        window.getSelection()?.removeAllRanges();
        s.paintFirst(() => s.addAnnotation(label.name, label.type, range.start, range.end));
        return;
      }
      const selected = s.getSnapshot().selectedId;
      if (selected) s.paintFirst(() => s.relabel(selected, label.name));
      // Otherwise the key would do nothing at all: say what it needs.
      else setHint(`Select text first, then press ${label.name}’s key to tag it.`);
    },
    [sessionRef, lineMapRef],
  );

  const startPick = useCallback(
    (kind: PickState['kind']) => {
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
      // The pick is made in the article: . and , step through the targets there.
      articleRoot()?.focus({ preventScroll: true });
    },
    [sessionRef, lineMapRef, setProblem],
  );

  /** While picking: the next or previous target. */
  const stepPick = useCallback(
    (forward: boolean) => {
      const current = modes.current.pick;
      const s = sessionRef.current;
      if (!current || !s) return;
      const n = current.candidates.length;
      const next = { ...current, index: (current.index + (forward ? 1 : n - 1)) % n };
      setPick(next);
      const a = s.getSnapshot().annotations.find((x) => x.id === next.candidates[next.index]);
      if (a && lineMapRef.current) scrollToOffset(lineMapRef.current, a.start);
    },
    [sessionRef, lineMapRef],
  );

  const finishPick = useCallback(
    (targetId: string) => {
      const s = sessionRef.current;
      const current = modes.current.pick;
      setPick(null);
      if (!current || !s) return;
      if (current.kind === 'claimant') {
        s.setClaimant(current.sourceId, targetId);
        s.select(current.sourceId);
      } else setRelationChoice({ from: current.sourceId, to: targetId });
    },
    [sessionRef],
  );

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
    [sessionRef],
  );

  const onReady = useCallback(
    (lineMap: LineMap) => {
      lineMapRef.current = lineMap;
      const s = sessionRef.current;
      const pending = takePendingSelect();
      if (s && pending) {
        // Opened from a search hit or an entity mention: go there, not to the remembered place.
        if (pending.id) s.select(pending.id);
        const target = pending.id ? s.getSnapshot().annotations.find((a) => a.id === pending.id) : undefined;
        scrollToOffset(lineMap, target?.start ?? pending.start ?? 0, 'center');
        if (!pending.id && pending.start !== undefined && pending.end !== undefined) selectOffsets(lineMap, pending.start, pending.end);
        return;
      }
      // Back to where the analyst left this document.
      const root = corpusRootRef.current;
      const place = s && root ? preferences.placeOf(root, s.doc.path) : undefined;
      if (place !== undefined && place > 0) scrollToOffset(lineMap, place, 'start');
    },
    [sessionRef, lineMapRef, takePendingSelect, corpusRootRef, preferences],
  );

  const placeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onArticleScroll = useCallback(
    (e: React.UIEvent<HTMLElement>) => {
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
    },
    [sessionRef, lineMapRef, corpusRootRef, preferences],
  );

  const onClickAt = useCallback(
    (cp: number, x: number, y: number) => {
      const s = sessionRef.current;
      if (!s) return;
      const snapshot = s.getSnapshot();
      const hits = annotationsAt(snapshot.annotations, cp);
      const picking = modes.current.pick;
      if (picking) {
        const target = hits.find((a) => picking.candidates.includes(a.id));
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
      const at = modes.current.popover ? hits.findIndex((a) => a.id === snapshot.selectedId) : -1;
      const next = hits[(at + 1) % hits.length] ?? hits[0];
      if (next) s.select(next.id);
      setPopover({ x, y, cp });
    },
    [sessionRef, finishPick, suggestions],
  );

  const showMentions = useCallback(
    (id: string) => {
      setPopover(null);
      setViewedEntity(id);
      setSideTab('entities');
    },
    [setViewedEntity],
  );

  const reattachOrphan = useCallback(
    (id: string) => {
      const lineMap = lineMapRef.current;
      const range = lineMap ? selectionOffsets(lineMap, articleRoot()) : null;
      if (!range) {
        setProblem('Select the text this annotation belongs to, then press “Attach here”.');
        return;
      }
      sessionRef.current?.reattachOrphan(id, range.start, range.end);
      window.getSelection()?.removeAllRanges();
    },
    [sessionRef, lineMapRef, setProblem],
  );

  return {
    hint,
    popover,
    setPopover,
    pick,
    setPick,
    relationChoice,
    setRelationChoice,
    sideTab,
    setSideTab,
    viewedEntity,
    setViewedEntity,
    leftTab,
    setLeftTab,
    modes,
    reset,
    selectAnnotation,
    selectFromList,
    applyLabel,
    startPick,
    stepPick,
    finishPick,
    chooseRelationType,
    onReady,
    onArticleScroll,
    onClickAt,
    showMentions,
    reattachOrphan,
  };
}

export type Article = ReturnType<typeof useArticle>;
