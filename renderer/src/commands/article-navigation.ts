// Moving the selection through the article by word, sentence and annotation:
// the runs of the Select commands and of annotation.next/previous.
import { findWord, nextSentence, nextToken, previousSentence, previousToken, sentenceAt, tokenAt } from '../../../app/text-units';
import type { DocumentSession } from '../state/document-session';
import type { LineMap } from '../editor/line-map';
import { scrollToOffset, selectOffsets, selectionOffsets } from '../editor/selection';
import { startQuickFind } from '../editor/quick-find';

type Span = { start: number; end: number };

export interface ArticleView {
  session: DocumentSession;
  lineMap: LineMap;
  root: HTMLElement | null;
  /** Drops the popover when the selection moves. */
  onSelectText(): void;
  selectAnnotation(id: string): void;
}

/** Where the keyboard cursor is: the selection, else the selected annotation. */
export function cursorOf(view: ArticleView): Span | null {
  const range = selectionOffsets(view.lineMap, view.root);
  if (range) return range;
  const snapshot = view.session.getSnapshot();
  const a = snapshot.annotations.find((x) => x.id === snapshot.selectedId);
  return a ? { start: a.start, end: a.end } : null;
}

function selectSpan(view: ArticleView, span: Span | null): void {
  if (!span) return;
  view.session.select(null);
  view.onSelectText();
  selectOffsets(view.lineMap, span.start, span.end);
}

export type SelectMove = 'nextWord' | 'previousWord' | 'extendWord' | 'shrinkWord' | 'extendLeft' | 'nextSentence' | 'previousSentence' | 'sentence';

export function moveSelection(view: ArticleView, move: SelectMove): void {
  const index = view.session.index;
  const here = cursorOf(view);
  switch (move) {
    case 'nextWord':
      return selectSpan(view, here ? nextToken(index, here.end) : tokenAt(index, 0));
    case 'previousWord':
      return selectSpan(view, here ? previousToken(index, here.start) : tokenAt(index, 0));
    case 'extendWord': {
      if (!here) return selectSpan(view, tokenAt(index, 0));
      const t = nextToken(index, here.end);
      return selectSpan(view, t ? { start: here.start, end: t.end } : null);
    }
    case 'shrinkWord': {
      if (!here) return;
      const last = previousToken(index, here.end);
      const before = last ? previousToken(index, last.start) : null;
      return selectSpan(view, before && before.end > here.start ? { start: here.start, end: before.end } : null);
    }
    case 'extendLeft': {
      if (!here) return;
      const t = previousToken(index, here.start);
      return selectSpan(view, t ? { start: t.start, end: here.end } : null);
    }
    case 'nextSentence':
      return selectSpan(view, here ? nextSentence(index, here.end) : sentenceAt(index, 0));
    case 'previousSentence':
      return selectSpan(view, here ? previousSentence(index, here.start) : sentenceAt(index, 0));
    case 'sentence':
      return selectSpan(view, sentenceAt(index, here?.start ?? 0));
  }
}

/** Selects the next (or previous) annotation in reading order, wrapping around. */
export function stepAnnotation(view: ArticleView, forward: boolean): void {
  const snapshot = view.session.getSnapshot();
  const here = cursorOf(view);
  const sorted = [...snapshot.annotations].sort((a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : 1));
  if (sorted.length === 0) return;
  const at = sorted.findIndex((a) => a.id === snapshot.selectedId);
  let target;
  if (at >= 0) target = sorted[(at + (forward ? 1 : sorted.length - 1)) % sorted.length];
  else if (forward) target = sorted.find((a) => a.start >= (here?.start ?? 0)) ?? sorted[0];
  else target = [...sorted].reverse().find((a) => a.start < (here?.start ?? view.session.index.length)) ?? sorted[sorted.length - 1];
  window.getSelection()?.removeAllRanges();
  if (target) view.selectAnnotation(target.id);
}

export function scrollTo(lineMap: LineMap | null, cp: number): void {
  if (lineMap) scrollToOffset(lineMap, cp);
}

/** `/`: jump the selection to the next word starting with what is typed next (renderer/src/editor/quick-find.ts). */
export function quickFind(view: ArticleView): void {
  const here = cursorOf(view);
  // From just after the cursor's start, so the word under it is found again only after every other match.
  const from = here ? here.start + 1 : 0;
  startQuickFind(
    {
      find: (query, at) => findWord(view.session.index, query, at),
      select: (span) => selectSpan(view, span),
      // A caret where the match was: the next `/` goes on from there.
      unselect: () => {
        const sel = window.getSelection();
        if (sel?.rangeCount) sel.collapseToStart();
      },
      container: view.root?.parentElement ?? null,
    },
    from,
  );
}
