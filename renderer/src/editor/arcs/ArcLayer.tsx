// Draws relation and claimant arcs over the article as one SVG, for the lines
// around the view only (like the highlights, see highlight-window.ts): the
// layer sits inside the scroll box, so scrolling moves it for free. After a
// jump past what it covers, the frame draws the arcs near the view and the
// whole window follows after the paint, as it does when the view nears the
// window's edge; it is redrawn at once when the article is resized and when
// the arcs change. The SVG is aria-hidden: the Relations list is the
// accessible form of the same links.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LineMap } from '../line-map';
import { observeArticleSize } from '../article-resize';
import { rangeRects } from '../measure-range';
import { covers, nearWindow, needsNewWindow, windowAround, type LineWindow } from '../highlight-window';
import { afterNextPaint } from '../../state/after-paint';
import { arcRoute, arcsInWindow, placeArcLabels, roundedPath, type Anchor, type ArcModel, type Obstacle, type RouteOptions } from './arc-geometry';

export interface ArcLayerProps {
  lineMap: LineMap;
  loadedVersion: number;
  scroller: HTMLElement | null;
  content: HTMLElement | null;
  arcs: readonly ArcModel[];
  selectedRelationId: string | null;
  selectedAnnotationId: string | null;
  onSelectRelation(id: string): void;
  onSelectClaim(id: string): void;
}

interface DrawnArc {
  arc: ArcModel;
  d: string;
  label: { x: number; y: number } | null;
  arrow: boolean;
}

interface Drawn {
  height: number;
  items: DrawnArc[];
}

/** The arc labels' text box height in px (11px type, see .mg-arc-label). */
const LABEL_HEIGHT = 13;
let measureContext: CanvasRenderingContext2D | null | undefined;
const widths = new Map<string, number>();

/** Width of an arc's label as drawn (11px system-ui), plus its halo. */
function labelWidth(text: string): number {
  let w = widths.get(text);
  if (w === undefined) {
    if (measureContext === undefined) {
      measureContext = document.createElement('canvas').getContext('2d');
      if (measureContext) measureContext.font = '11px system-ui, sans-serif';
    }
    w = (measureContext ? measureContext.measureText(text).width : text.length * 6.5) + 4;
    widths.set(text, w);
  }
  return w;
}

/** The label names drawn above the text (label-names.ts), as boxes in the layer's coordinates. */
function nameBoxes(scroller: HTMLElement, ox: number, oy: number): Obstacle[] {
  const boxes: Obstacle[] = [];
  for (const el of scroller.querySelectorAll<HTMLElement>('.mg-label-names > .mg-label-name')) {
    const r = el.getBoundingClientRect();
    // Its style's top is the top of the text it stands on, in the scroll box's content (label-names.ts).
    const base = parseFloat(el.style.top);
    if (r.width === 0 || Number.isNaN(base)) continue;
    boxes.push({ left: r.left + ox, right: r.right + ox, top: r.top + oy, bottom: r.bottom + oy, base });
  }
  return boxes;
}

/**
 * Measures the window's arcs and routes them, in the scroll box's content coordinates (the layer starts at the
 * content's top): an arc drawn again for a moved window gets the same path, which React then leaves alone.
 */
/** Where each span's arcs touch down, by "start:end", in the scroll box's content: valid while the text stays where it is. */
type Anchors = Map<string, Anchor>;

function draw(lineMap: LineMap, scroller: HTMLElement, content: HTMLElement, arcs: readonly ArcModel[], win: LineWindow, anchors: Anchors): Drawn | null {
  const { index } = lineMap;
  const start = index.toCodePoint((index.lines[win.from] ?? { start: 0 }).start);
  const end = win.to >= index.lines.length ? index.length : index.toCodePoint((index.lines[win.to] as { start: number }).start);
  const items = arcsInWindow(arcs, start, end);
  const firstLine = lineMap.lineElement(win.from)?.getBoundingClientRect();
  const lastLine = lineMap.lineElement(win.to - 1)?.getBoundingClientRect();
  if (items.length === 0 || !firstLine || !lastLine) return null;
  const box = scroller.getBoundingClientRect();
  const ox = scroller.scrollLeft - box.left;
  const oy = scroller.scrollTop - box.top;
  const fontSize = parseFloat(getComputedStyle(content).fontSize) || 18;
  // Room above the first line for the arcs standing on it.
  const top = Math.max(0, firstLine.top + oy - 4 * fontSize);
  const bottom = lastLine.bottom + oy;
  // A line's text box (its content area, as a range measures it) is about this tall in the article's serif fonts.
  const textHeight = 1.2 * fontSize;
  const anchor = (s: { start: number; end: number }): Anchor | null => {
    const key = `${s.start}:${s.end}`;
    const known = anchors.get(key);
    if (known) return known;
    let found: Anchor | null = null;
    const a = lineMap.domPoint(s.start);
    const b = lineMap.domPoint(s.end);
    if (a && b) {
      const r = [...rangeRects(a.node, a.offset, b.node, b.offset)].find((x) => x.width > 0);
      if (r) found = { x: r.left + r.width / 2 + ox, top: r.top + oy };
    }
    // Not kept when missing: its line may be still to come.
    if (found) anchors.set(key, found);
    return found;
  };
  const obstacles = nameBoxes(scroller, ox, oy);
  const o: RouteOptions = {
    base: 0.45 * fontSize,
    step: 0.4 * fontSize,
    maxLevel: 2,
    gutterX: firstLine.right + ox + 6,
    gutterStep: 5,
    top,
    bottom,
    rowTolerance: fontSize / 2,
    minWidth: fontSize,
    obstacles,
    // The room between a row's text and the text of the row above, less half a label.
    maxRise: (parseFloat(getComputedStyle(content).lineHeight) || 2 * fontSize) - textHeight - LABEL_HEIGHT / 2,
  };
  const drawn: DrawnArc[] = [];
  const runs: Parameters<typeof placeArcLabels>[0][number][] = [];
  for (const item of items) {
    const from = item.from === 'inside' ? anchor(item.arc.from) : item.from;
    const to = item.to === 'inside' ? anchor(item.arc.to) : item.to;
    if (!from || !to) continue;
    const route = arcRoute(from, to, item.arc.level, o);
    drawn.push({ arc: item.arc, d: roundedPath(route.points, 4), label: route.label, arrow: route.arrow });
    runs.push({ run: route.run, width: labelWidth(item.arc.label), height: LABEL_HEIGHT });
  }
  // Lower arcs first: their labels get the middle of their runs, higher ones move along theirs.
  const order = drawn.map((_, i) => i).sort((a, b) => (drawn[a] as DrawnArc).arc.level - (drawn[b] as DrawnArc).arc.level);
  const places = placeArcLabels(order.map((i) => runs[i] as (typeof runs)[number]), obstacles);
  order.forEach((i, k) => ((drawn[i] as DrawnArc).label = places[k] ?? null));
  return drawn.length ? { height: bottom, items: drawn } : null;
}

export function ArcLayer(props: ArcLayerProps) {
  const { lineMap, loadedVersion, scroller, content, arcs } = props;
  const [drawn, setDrawn] = useState<Drawn | null>(null);
  const latest = useRef({ lineMap, loadedVersion, arcs, content });
  const painted = useRef<LineWindow | null>(null);
  const frame = useRef(0);
  const schedule = useRef<(force: boolean) => void>(() => {});

  useLayoutEffect(() => {
    latest.current = { lineMap, loadedVersion, arcs, content };
  }, [lineMap, loadedVersion, arcs, content]);

  useEffect(() => {
    if (!scroller) return;
    let forced = false;
    let growing: (() => void) | null = null;
    // Measured ends, kept across redraws (a window's second draw, a jump back) until the text moves.
    const anchors: Anchors = new Map();
    let anchorsOf: { map: LineMap; version: number } | null = null;
    const drawWindow = (win: LineWindow) => {
      const { lineMap: map, loadedVersion: version, arcs: all, content: article } = latest.current;
      if (!article) return;
      if (anchorsOf?.map !== map || anchorsOf.version !== version) {
        anchors.clear();
        anchorsOf = { map, version };
      }
      painted.current = win;
      setDrawn(draw(map, scroller, article, all, win, anchors));
    };
    // The whole window, two frames on: after the highlights' and names' own (they are the arcs' obstacles).
    const growSoon = () => {
      growing ??= afterNextPaint(() => {
        growing = null;
        const map = latest.current.lineMap;
        const visible = map.ready ? map.linesInView(scroller) : null;
        if (visible) drawWindow(windowAround(visible, map.loadedLines));
      }, 1);
    };
    const redraw = () => {
      frame.current = 0;
      const { lineMap: map, content: article } = latest.current;
      if (!map.ready || !article) return;
      const visible = map.linesInView(scroller);
      if (!visible) return;
      const count = map.loadedLines;
      if (!covers(painted.current, visible)) {
        // A jump (or the first draw): the arcs near the view in this frame, the rest after it.
        forced = false;
        drawWindow(nearWindow(visible, count));
        growSoon();
      } else if (forced) {
        forced = false;
        drawWindow(windowAround(visible, count));
      } else if (needsNewWindow(painted.current, visible, count, Math.ceil(visible.to - visible.from))) {
        // As the highlights: two screens each side, moved once the view is within a screen of an edge, after this frame.
        growSoon();
      }
    };
    schedule.current = (force: boolean) => {
      forced ||= force;
      if (!frame.current) frame.current = requestAnimationFrame(redraw);
    };
    const onScroll = () => schedule.current(false);
    scroller.addEventListener('scroll', onScroll, { passive: true });
    const unobserve = observeArticleSize(scroller, content, () => latest.current.lineMap.loadedLines, () => {
      anchors.clear();
      schedule.current(true);
    });
    schedule.current(true);
    return () => {
      scroller.removeEventListener('scroll', onScroll);
      unobserve();
      cancelAnimationFrame(frame.current);
      frame.current = 0;
      growing?.();
    };
  }, [scroller, content]);

  // The selected span's name is drawn even with names off: the arcs keep off it too.
  const { selectedAnnotationId: selectedNow } = props;
  useEffect(() => {
    schedule.current(true);
  }, [lineMap, loadedVersion, arcs, selectedNow]);

  // Lines still coming in (a chunk a frame): a window cut short by the end of what was loaded is drawn again.
  useEffect(
    () =>
      lineMap.onLinesAdded((before) => {
        if (!painted.current || painted.current.to >= before) schedule.current(true);
      }),
    [lineMap],
  );

  if (!drawn) return null;
  const { selectedRelationId, selectedAnnotationId } = props;
  return (
    <svg className="mg-arcs" aria-hidden="true" focusable="false" width="100%" height={drawn.height} style={{ top: 0 }} data-testid="arcs">
      <defs>
        <marker id="mg-arc-head" className="mg-arc-head" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="6" markerHeight="6" orient="auto">
          <path d="M0 0 L6 3 L0 6 z" />
        </marker>
        <marker id="mg-arc-head-selected" className="mg-arc-head is-selected" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="5" markerHeight="5" orient="auto">
          <path d="M0 0 L6 3 L0 6 z" />
        </marker>
      </defs>
      {drawn.items.map(({ arc, d, label, arrow }) => {
        const selected = arc.kind === 'relation' ? arc.id === selectedRelationId : arc.id === selectedAnnotationId;
        const touches = selectedAnnotationId !== null && (arc.from.id === selectedAnnotationId || arc.to.id === selectedAnnotationId);
        const pick = () => (arc.kind === 'relation' ? props.onSelectRelation(arc.id) : props.onSelectClaim(arc.id));
        return (
          <g
            key={`${arc.kind}:${arc.id}`}
            className={`mg-arc is-${arc.kind}${selected ? ' is-selected' : touches ? ' is-related' : ''}`}
            // The text below must not see the click: no caret, no selection, no popover.
            onMouseDown={(e) => e.preventDefault()}
            onMouseUp={(e) => e.stopPropagation()}
            onClick={(e) => {
              e.stopPropagation();
              pick();
            }}
          >
            <title>{arc.label}</title>
            <path className="mg-arc-hit" d={d} />
            <path
              className="mg-arc-line"
              d={d}
              {...(arc.kind === 'relation' ? { 'data-relation-id': arc.id } : { 'data-claim-id': arc.id })}
              markerEnd={arrow ? `url(#${selected ? 'mg-arc-head-selected' : 'mg-arc-head'})` : undefined}
            />
            {label ? (
              <text className="mg-arc-label" x={label.x} y={label.y}>
                {arc.label}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
