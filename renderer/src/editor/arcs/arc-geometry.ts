// The geometry of relation and claimant arcs, as pure functions: which arcs
// exist, their stacking levels, which of them touch a window of the text, and
// the path each one takes. The DOM is measured by ArcLayer and handed in as
// numbers, so all of this is tested with plain values.
import type { Annotation, Relation } from '../../../../app/sidecar/sidecar-schema';

export interface SpanRef {
  id: string;
  start: number;
  end: number;
}

export interface ArcModel {
  /** The relation's id, or the claim's id for a claimant link. */
  id: string;
  kind: 'relation' | 'claimant';
  /** Written on the arc: the relation's type, or "claimant". */
  label: string;
  from: SpanRef;
  to: SpanRef;
  /** Stacking level: 0 is nearest the text; an arc is drawn above those it overlaps and encloses. */
  level: number;
}

const spanOf = (a: Annotation): SpanRef => ({ id: a.id, start: a.start, end: a.end });

/**
 * The arcs of a document: every relation whose two ends are placed in the
 * text, and every claim's link to its claimant unless a relation already joins
 * the two (the same link drawn twice would only be clutter). Ends that are
 * orphans or missing are not drawn (the side panel lists them).
 */
export function arcsOf(annotations: readonly Annotation[], relations: readonly Relation[]): ArcModel[] {
  const byId = new Map(annotations.map((a) => [a.id, a]));
  const arcs: ArcModel[] = [];
  const joined = new Set<string>();
  for (const r of relations) {
    const from = byId.get(r.from);
    const to = byId.get(r.to);
    if (!from || !to) continue;
    joined.add(`${r.from}\n${r.to}`);
    joined.add(`${r.to}\n${r.from}`);
    arcs.push({ id: r.id, kind: 'relation', label: r.type, from: spanOf(from), to: spanOf(to), level: 0 });
  }
  for (const a of annotations) {
    if (a.type !== 'claim' || !a.claimant || joined.has(`${a.id}\n${a.claimant}`)) continue;
    const who = byId.get(a.claimant);
    if (who) arcs.push({ id: a.id, kind: 'claimant', label: 'claimant', from: spanOf(a), to: spanOf(who), level: 0 });
  }
  return stackLevels(arcs);
}

/** Where an arc touches down on a span, in doubled code points (the span's middle, kept whole). */
const mid2 = (s: SpanRef) => s.start + s.end;

/**
 * Gives each arc the lowest level free over its extent (between its ends'
 * middles), shortest arcs first, so an arc is drawn above every arc it
 * encloses or overlaps and arcs that only meet at a span share a level
 * (brat's and INCEpTION's layout). Computed over the whole document, so an
 * arc keeps its height while the view scrolls. Returns `arcs`, levels set.
 */
export function stackLevels(arcs: ArcModel[]): ArcModel[] {
  const extent = (a: ArcModel) => {
    const x = mid2(a.from);
    const y = mid2(a.to);
    return x < y ? { lo: x, hi: y } : { lo: y, hi: x };
  };
  const order = arcs
    .map((arc) => ({ arc, ...extent(arc) }))
    .sort((a, b) => a.hi - a.lo - (b.hi - b.lo) || a.lo - b.lo || (a.arc.id < b.arc.id ? -1 : a.arc.id > b.arc.id ? 1 : 0));
  // Each level: disjoint intervals sorted by `lo`.
  const levels: { lo: number; hi: number }[][] = [];
  const free = (row: { lo: number; hi: number }[], lo: number, hi: number): number | null => {
    // First interval whose hi is beyond lo; it must start at or after hi (touching is allowed).
    let a = 0;
    let b = row.length;
    while (a < b) {
      const m = (a + b) >>> 1;
      if ((row[m] as { hi: number }).hi <= lo) a = m + 1;
      else b = m;
    }
    const next = row[a];
    if (next && next.lo < hi) return null;
    // A zero-width arc (two ends with the same middle) sits inside another only when strictly within it.
    if (next && lo === hi && next.lo < lo) return null;
    return a;
  };
  for (const item of order) {
    let level = 0;
    for (;;) {
      const row = levels[level] ?? (levels[level] = []);
      const at = free(row, item.lo, item.hi);
      if (at !== null) {
        row.splice(at, 0, { lo: item.lo, hi: item.hi });
        break;
      }
      level++;
    }
    item.arc.level = level;
  }
  return arcs;
}

/** An arc's end seen from a window of the text: inside it, or off it above or below. */
export type EndPlace = 'inside' | 'above' | 'below';

export interface ArcInWindow {
  arc: ArcModel;
  from: EndPlace;
  to: EndPlace;
}

const placeOf = (s: SpanRef, start: number, end: number): EndPlace => (s.start < start ? 'above' : s.start >= end ? 'below' : 'inside');

/**
 * The arcs to draw for the text window [start, end) (code points): those
 * with an end inside it, and those passing over it (one end above, the other
 * below). Arcs wholly above or below are left out, so the layer's size
 * follows the window, not the document.
 */
export function arcsInWindow(arcs: readonly ArcModel[], start: number, end: number): ArcInWindow[] {
  const out: ArcInWindow[] = [];
  for (const arc of arcs) {
    const from = placeOf(arc.from, start, end);
    const to = placeOf(arc.to, start, end);
    if (from === 'inside' || to === 'inside' || from !== to) out.push({ arc, from, to });
  }
  return out;
}

export interface Point {
  x: number;
  y: number;
}

/** Where an end touches the text: the middle of its span's first box, at that box's top. */
export interface Anchor {
  x: number;
  top: number;
}

/**
 * A box drawn above a row of text that arcs keep off (a label name, see
 * label-names.ts), in the layer's coordinates; `base` is the top of the text
 * it stands on, which says which row it belongs to. As in brat, arcs run on
 * rows of their own above the span labels, and land on top of them.
 */
export interface Obstacle {
  left: number;
  right: number;
  top: number;
  bottom: number;
  base: number;
}

/** The highest top among the row's obstacles over [x1, x2] (either order), or the row's own top when none is there. */
export function clearTop(obstacles: readonly Obstacle[], rowTop: number, x1: number, x2: number, rowTolerance: number): number {
  const lo = Math.min(x1, x2);
  const hi = Math.max(x1, x2);
  let top = rowTop;
  for (const o of obstacles) {
    if (Math.abs(o.base - rowTop) < rowTolerance && o.left <= hi && o.right >= lo && o.top < top) top = o.top;
  }
  return top;
}

export interface RouteOptions {
  /** Height of level 0 above the text. */
  base: number;
  /** Added per level. */
  step: number;
  /** Levels above this are drawn at it (they still route apart in the gutter). */
  maxLevel: number;
  /** x of the innermost gutter, right of the text, where arcs between rows run down. */
  gutterX: number;
  gutterStep: number;
  /** The layer's top and bottom: where an arc whose end is off the window leaves it. */
  top: number;
  bottom: number;
  /** Two anchors whose tops differ by less than this are on the same row. */
  rowTolerance: number;
  /** Ends closer than this are spread apart, so a short arc still reads as one. */
  minWidth: number;
  /** Boxes above the text (label names) that runs pass above and legs land on. */
  obstacles?: readonly Obstacle[];
  /** How far above its row's top a run may rise before it meets the row above's text: higher levels are held there. */
  maxRise?: number;
}

export interface Route {
  points: Point[];
  /** Where the type is written, or null when no horizontal run is in the window. */
  label: Point | null;
  /** The horizontal run the label sits on (its ends' x, either order), for placeArcLabels. */
  run: { x1: number; x2: number; y: number } | null;
  /** Whether the arc ends at its target here (an arrowhead is drawn). */
  arrow: boolean;
}

/**
 * The polyline of an arc. On one row: up from the source to the arc's
 * level, across, down onto the target. Between rows: up from each end to its
 * level above its own row and across to a gutter right of the text (one lane
 * per level), joined down the gutter, so no run crosses the text; an end off
 * the window continues along the gutter to the layer's edge.
 */
export function arcRoute(from: Anchor | 'above' | 'below', to: Anchor | 'above' | 'below', level: number, o: RouteOptions): Route {
  const lift = o.base + Math.min(level, o.maxLevel) * o.step;
  const obstacles = o.obstacles ?? [];
  // Above what is drawn on the row by `lift`, held below the row above's text, and never lower than level 0 (into the names).
  const runAt = (rowTop: number, x1: number, x2: number) => {
    const clear = clearTop(obstacles, rowTop, x1, x2, o.rowTolerance);
    return Math.min(clear - o.base, Math.max(clear - lift, rowTop - (o.maxRise ?? Infinity)));
  };
  // A leg stands on whatever is drawn above its span at its x (its own name, or a nested span's above it).
  const land = (end: Anchor) => clearTop(obstacles, end.top, end.x, end.x, o.rowTolerance);
  if (typeof from === 'object' && typeof to === 'object' && Math.abs(from.top - to.top) < o.rowTolerance) {
    let fx = from.x;
    let tx = to.x;
    if (Math.abs(tx - fx) < o.minWidth) {
      const grow = (o.minWidth - Math.abs(tx - fx)) / 2;
      if (tx >= fx) [fx, tx] = [fx - grow, tx + grow];
      else [fx, tx] = [fx + grow, tx - grow];
    }
    const y = runAt(Math.min(from.top, to.top), fx, tx);
    return {
      points: [{ x: fx, y: land(from) }, { x: fx, y }, { x: tx, y }, { x: tx, y: land(to) }],
      label: { x: (fx + tx) / 2, y },
      run: { x1: fx, x2: tx, y },
      arrow: true,
    };
  }
  const gx = o.gutterX + level * o.gutterStep;
  const runY = (end: Anchor) => runAt(end.top, end.x, gx);
  const leg = (end: Anchor | 'above' | 'below'): Point[] => {
    if (end === 'above') return [{ x: gx, y: o.top }];
    if (end === 'below') return [{ x: gx, y: o.bottom }];
    const y = runY(end);
    return [{ x: end.x, y: land(end) }, { x: end.x, y }, { x: gx, y }];
  };
  const points = [...leg(from), ...leg(to).reverse()];
  const anchored = [from, to].filter((e): e is Anchor => typeof e === 'object');
  const upper = anchored.sort((a, b) => a.top - b.top)[0];
  const run = upper ? { x1: upper.x, x2: gx, y: runY(upper) } : null;
  const label = run ? { x: (run.x1 + run.x2) / 2, y: run.y } : null;
  return { points, label, run, arrow: typeof to === 'object' };
}

/** A label to write on an arc's run: its width and height in px. */
export interface LabelToPlace {
  run: { x1: number; x2: number; y: number } | null;
  width: number;
  height: number;
}

/**
 * Where each arc's type is written: the middle of its run, or the nearest
 * place along the run where it covers no obstacle (a label name) and no label
 * placed before it; null where the run has no such place (the arc keeps its
 * tooltip, and the Relations list names it).
 */
export function placeArcLabels(labels: readonly LabelToPlace[], obstacles: readonly Obstacle[], stride = 4): (Point | null)[] {
  const taken: { left: number; right: number; top: number; bottom: number }[] = [...obstacles];
  return labels.map(({ run, width, height }) => {
    if (!run) return null;
    const lo = Math.min(run.x1, run.x2) + width / 2;
    const hi = Math.max(run.x1, run.x2) - width / 2;
    const mid = (run.x1 + run.x2) / 2;
    const top = run.y - height / 2;
    const bottom = run.y + height / 2;
    const free = (x: number) => !taken.some((b) => b.left < x + width / 2 && x - width / 2 < b.right && b.top < bottom && top < b.bottom);
    // A run shorter than its label still gets it in the middle when nothing is there.
    const candidates = [mid];
    for (let d = stride; mid - d >= lo || mid + d <= hi; d += stride) {
      if (mid - d >= lo) candidates.push(mid - d);
      if (mid + d <= hi) candidates.push(mid + d);
    }
    const x = candidates.find(free);
    if (x === undefined) return null;
    taken.push({ left: x - width / 2, right: x + width / 2, top, bottom });
    return { x, y: run.y };
  });
}

const num = (n: number) => String(Math.round(n * 10) / 10);

/** An SVG path through `points` with corners rounded by up to `radius` (never more than half a segment). */
export function roundedPath(points: readonly Point[], radius: number): string {
  const first = points[0];
  if (!first) return '';
  const parts = [`M${num(first.x)} ${num(first.y)}`];
  for (let i = 1; i < points.length; i++) {
    const p = points[i] as Point;
    const prev = points[i - 1] as Point;
    const next = points[i + 1];
    if (!next) {
      parts.push(`L${num(p.x)} ${num(p.y)}`);
      break;
    }
    const inLen = Math.hypot(p.x - prev.x, p.y - prev.y);
    const outLen = Math.hypot(next.x - p.x, next.y - p.y);
    const r = Math.min(radius, inLen / 2, outLen / 2);
    if (r <= 0) {
      parts.push(`L${num(p.x)} ${num(p.y)}`);
      continue;
    }
    const a = { x: p.x - ((p.x - prev.x) / inLen) * r, y: p.y - ((p.y - prev.y) / inLen) * r };
    const b = { x: p.x + ((next.x - p.x) / outLen) * r, y: p.y + ((next.y - p.y) / outLen) * r };
    parts.push(`L${num(a.x)} ${num(a.y)}`, `Q${num(p.x)} ${num(p.y)} ${num(b.x)} ${num(b.y)}`);
  }
  return parts.join(' ');
}
