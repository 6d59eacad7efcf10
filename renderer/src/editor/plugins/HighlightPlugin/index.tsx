// Paints annotations over Lexical's DOM with the CSS Custom Highlight API: the
// Lexical tree is never split into marks, overlapping spans need no special
// nodes, and repainting touches no DOM.
import { useLayoutEffect, useState } from 'react';
import type { Annotation } from '../../../../../app/sidecar/sidecar-schema';
import type { LineMap } from '../../line-map';
import type { LabelInfo } from '../../labels';
import { LabelNameLayer } from '../../label-names';
import { observeArticleSize } from '../../article-resize';
import { covers, nearWindow, needsNewWindow, spansIn, windowAround, type LineWindow } from '../../highlight-window';
import { afterNextPaint } from '../../../state/after-paint';
import { clearHighlights, paintHighlights, rangeFor, type SuggestedSpan } from './paint-highlights';

export { clearHighlights, nestedEntityIds, paintHighlights, rangeFor, type SuggestedSpan } from './paint-highlights';

/**
 * The highlights' own window is smaller than the label names': every frame that changes a highlight (a tag)
 * rebuilds the markers of every registered range and repaints the highlighted text, so its cost follows the
 * ranges registered (measured: 117 ranges to 30, select + hotkey to painted p50 14.5-18.5 to 10.9 ms). One
 * screen above and below, moved from the scroll event (before the frame paints) half a screen ahead; the
 * names keep two screens, as they cost a layout read each to place.
 */
const HIGHLIGHT_SCREENS = 1;
const HIGHLIGHT_MIN_PAD = 10;

/** What the painter follows of the open document between React's renders (a DocumentSession). */
export interface LiveAnnotations {
  subscribeImmediate(listener: (next: LiveState, previous: LiveState) => void): () => void;
}

interface LiveState {
  annotations: readonly Annotation[];
  selectedId: string | null;
}

interface PaintInputs {
  lineMap: LineMap;
  loadedVersion: number;
  annotations: readonly Annotation[];
  labels: ReadonlyMap<string, LabelInfo>;
  selectedId: string | null;
  pickableIds: ReadonlySet<string> | null;
  suggested: readonly SuggestedSpan[];
  currentSuggestionId: string | null;
  /** Label names above spans (brat-style); off, only the selected span's name is drawn. */
  showLabelNames: boolean;
}

/**
 * Keeps CSS.highlights in step with the annotations for the lines around the
 * viewport only (see highlight-window.ts for why). Scrolling moves the window
 * from the scroll event, before the frame paints, so highlights are there
 * when the lines come into view. After a jump (and on an article's first
 * screen) that frame paints the lines near the view only, highlights and
 * names; the whole window follows after the paint, as it does when the view
 * nears the window's edge.
 */
class HighlightPainter {
  private inputs: PaintInputs | null = null;
  /** The label names' window of lines. */
  private window: LineWindow | null = null;
  /** The highlights' window of lines, inside the names' one (HIGHLIGHT_SCREENS). */
  private paintWindow: LineWindow | null = null;
  private scroller: HTMLElement | null = null;
  private names: LabelNameLayer | null = null;
  /** Cancels the pending move to the whole window around the view, if any. */
  private growing: (() => void) | null = null;

  /** Follows `scroller` (the article's scroll box) and `content` (the article, whose height changes with the font). */
  attach(scroller: HTMLElement, content: HTMLElement | null): () => void {
    this.scroller = scroller;
    this.names = new LabelNameLayer(scroller);
    const onViewport = () => this.onViewport();
    scroller.addEventListener('scroll', onViewport, { passive: true });
    // A new width or text size moves the text under the names: place them again.
    const unobserve = observeArticleSize(scroller, content, () => this.inputs?.lineMap.loadedLines ?? 0, () => {
      this.names?.forget();
      this.onViewport();
      this.placeNames();
    });
    if (this.inputs) this.paintNear();
    return () => {
      scroller.removeEventListener('scroll', onViewport);
      unobserve();
      this.growing?.();
      this.growing = null;
      this.names?.dispose();
      if (this.scroller === scroller) {
        this.scroller = null;
        this.names = null;
      }
    };
  }

  /** More lines came in: a window cut short by the end of what was loaded grows to its full size. */
  linesAdded(before: number): void {
    if (this.window && this.window.to < before) return;
    const visible = this.inputs?.lineMap.ready ? this.visibleNow() : null;
    if (visible) this.moveWindows(visible);
  }

  /** Both windows around `visible`, painted again when either moved. */
  private moveWindows(visible: LineWindow): void {
    const { window, paintWindow } = this;
    this.setWindows(visible);
    if (sameWindow(window, this.window) && sameWindow(paintWindow, this.paintWindow)) return;
    this.paint();
  }

  update(inputs: PaintInputs): void {
    const previous = this.inputs;
    // React's render of a change the painter has already followed (see follow): nothing to do.
    if (previous && sameInputs(previous, inputs)) return;
    this.inputs = inputs;
    // Not attached yet (the scroll box comes a render later): attach() paints what is in view then.
    if (!this.scroller) return;
    // A new article (or a rebuilt one) needs a window of its own; otherwise the one the scroll events keep is current.
    if (!previous || previous.lineMap !== inputs.lineMap || previous.loadedVersion !== inputs.loadedVersion) {
      this.names?.forget();
      this.paintNear();
      return;
    }
    this.paint();
  }

  /** The lines near the view now (names and highlights), the whole windows after the paint (an article's first screen). */
  private paintNear(): void {
    const inputs = this.inputs;
    if (!inputs?.lineMap.ready) return;
    const visible = this.visibleNow();
    this.window = visible ? nearWindow(visible, inputs.lineMap.loadedLines) : null;
    this.paintWindow = this.window;
    this.paint();
    if (visible) this.growSoon();
  }

  /** After the next paint: the whole windows around the view, wherever it is then. */
  private growSoon(): void {
    if (this.growing) return;
    this.growing = afterNextPaint(() => {
      this.growing = null;
      const visible = this.inputs?.lineMap.ready ? this.visibleNow() : null;
      if (visible) this.moveWindows(visible);
    });
  }

  /**
   * The document changed and React has not rendered it yet (a tag: it renders after the frame has painted).
   * Where these inputs show the document as it was, they take the change and the highlights are painted now,
   * in the same task; inputs React sets otherwise (reading without annotations, a pick's target) are kept.
   */
  follow(next: LiveState, previous: LiveState): void {
    const inputs = this.inputs;
    if (!inputs) return;
    const annotations = inputs.annotations === previous.annotations ? next.annotations : inputs.annotations;
    const selectedId = inputs.selectedId === previous.selectedId ? next.selectedId : inputs.selectedId;
    if (annotations === inputs.annotations && selectedId === inputs.selectedId) return;
    this.inputs = { ...inputs, annotations, selectedId };
    this.paint();
  }

  private onViewport(): void {
    const inputs = this.inputs;
    if (!inputs?.lineMap.ready) return;
    const visible = this.visibleNow();
    if (!visible) return;
    const count = inputs.lineMap.loadedLines;
    const screen = Math.ceil(visible.to - visible.from);
    if (!covers(this.window, visible)) {
      // Jumped past what is drawn: the lines in view now, before this frame paints them; the rest after it.
      this.window = nearWindow(visible, count);
      this.paintWindow = this.window;
      this.paint();
      this.growSoon();
    } else if (needsNewWindow(this.window, visible, count, screen)) {
      // What is in view is drawn: the windows move after this frame.
      this.growSoon();
    } else if (needsNewWindow(this.paintWindow, visible, count, Math.ceil(screen / 2))) {
      this.paintWindow = windowAround(visible, count, HIGHLIGHT_SCREENS, HIGHLIGHT_MIN_PAD);
      this.paintRanges();
    }
  }

  /** Lines in the scroll box's view, or null when they cannot be measured (then everything is painted). */
  private visibleNow(): LineWindow | null {
    return this.inputs && this.scroller ? this.inputs.lineMap.linesInView(this.scroller) : null;
  }


  /** Both windows around what is visible (`visible`, or measured now); none (everything painted) when it cannot be measured. */
  private setWindows(visible: LineWindow | null = this.inputs?.lineMap.ready ? this.visibleNow() : null): void {
    const count = this.inputs?.lineMap.loadedLines ?? 0;
    this.window = visible ? windowAround(visible, count) : null;
    this.paintWindow = visible ? windowAround(visible, count, HIGHLIGHT_SCREENS, HIGHLIGHT_MIN_PAD) : null;
  }

  /** The code points of a window's lines, or null (no window: all of them). */
  private span(w: LineWindow | null): { start: number; end: number } | null {
    const inputs = this.inputs;
    if (!w || !inputs) return null;
    const index = inputs.lineMap.index;
    const start = index.toCodePoint((index.lines[w.from] ?? { start: 0 }).start);
    const end = w.to >= index.lines.length ? index.length : index.toCodePoint((index.lines[w.to] as { start: number }).start);
    return { start, end };
  }

  private inWindow: readonly Annotation[] = [];

  private placeNames(): void {
    const inputs = this.inputs;
    if (!inputs?.lineMap.ready || !this.names) return;
    const { lineMap } = inputs;
    this.names.render(this.inWindow, inputs.labels, (a) => rangeFor(lineMap, a.start, a.end), inputs.selectedId, inputs.showLabelNames);
  }

  private paint(): void {
    const inputs = this.inputs;
    if (!inputs?.lineMap.ready) return;
    const names = this.span(this.window);
    // Names first: they measure new spans, which is free while the layout is clean, before the highlights change.
    this.inWindow = names ? spansIn(inputs.annotations, names.start, names.end) : inputs.annotations;
    this.placeNames();
    this.paintRanges();
  }

  /** The highlights of the lines in the highlights' window. */
  private paintRanges(): void {
    const inputs = this.inputs;
    if (!inputs?.lineMap.ready) return;
    const { lineMap, annotations, suggested } = inputs;
    const w = this.span(this.paintWindow ?? this.window);
    const inWindow = w ? spansIn(annotations, w.start, w.end) : annotations;
    const suggestedInWindow = w ? spansIn(suggested, w.start, w.end) : suggested;
    paintHighlights(lineMap, inWindow, inputs.labels, inputs.selectedId, inputs.pickableIds, suggestedInWindow, inputs.currentSuggestionId);
    // For tests and the benchmark: how many annotations the painted state is for (those in view are in CSS.highlights).
    const painted = String(annotations.length);
    if (this.scroller && this.scroller.dataset.paintedAnnotations !== painted) this.scroller.dataset.paintedAnnotations = painted;
  }
}

function sameWindow(a: LineWindow | null, b: LineWindow | null): boolean {
  return a !== null && b !== null && a.from === b.from && a.to === b.to;
}

function sameInputs(a: PaintInputs, b: PaintInputs): boolean {
  return (Object.keys(a) as (keyof PaintInputs)[]).every((k) => Object.is(a[k], b[k])) && Object.keys(b).length === Object.keys(a).length;
}

export function HighlightPlugin(props: {
  lineMap: LineMap | null;
  loadedVersion: number;
  annotations: readonly Annotation[];
  labels: ReadonlyMap<string, LabelInfo>;
  selectedId: string | null;
  pickableIds: ReadonlySet<string> | null;
  suggested?: readonly SuggestedSpan[];
  currentSuggestionId?: string | null;
  showLabelNames?: boolean;
  /** The open document, followed between renders so a tag's highlight is painted in its keydown's task. */
  live?: LiveAnnotations | null;
  /** The article's scroll box: only the lines around its view are painted. */
  scroller: HTMLElement | null;
  content?: HTMLElement | null;
}) {
  const { lineMap, loadedVersion, annotations, labels, selectedId, pickableIds, suggested, currentSuggestionId, scroller, content, live, showLabelNames = true } = props;
  const [painter] = useState(() => new HighlightPainter());
  useLayoutEffect(() => {
    if (!scroller) return;
    return painter.attach(scroller, content ?? null);
  }, [painter, scroller, content]);
  useLayoutEffect(() => {
    if (!lineMap?.ready) return;
    painter.update({
      lineMap,
      loadedVersion,
      annotations,
      labels,
      selectedId,
      pickableIds,
      suggested: suggested ?? NO_SUGGESTIONS,
      currentSuggestionId: currentSuggestionId ?? null,
      showLabelNames,
    });
  }, [painter, lineMap, loadedVersion, annotations, labels, selectedId, pickableIds, suggested, currentSuggestionId, showLabelNames]);
  useLayoutEffect(() => lineMap?.onLinesAdded((before) => painter.linesAdded(before)), [painter, lineMap]);
  useLayoutEffect(() => live?.subscribeImmediate((next, previous) => painter.follow(next, previous)), [painter, live]);
  useLayoutEffect(() => clearHighlights, []);
  return null;
}

const NO_SUGGESTIONS: readonly SuggestedSpan[] = [];
