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
}

export interface Route {
  points: Point[];
  /** Where the type is written, or null when no horizontal run is in the window. */
  label: Point | null;
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
  if (typeof from === 'object' && typeof to === 'object' && Math.abs(from.top - to.top) < o.rowTolerance) {
    const y = Math.min(from.top, to.top) - lift;
    let fx = from.x;
    let tx = to.x;
    if (Math.abs(tx - fx) < o.minWidth) {
      const grow = (o.minWidth - Math.abs(tx - fx)) / 2;
      if (tx >= fx) [fx, tx] = [fx - grow, tx + grow];
      else [fx, tx] = [fx + grow, tx - grow];
    }
    return {
      points: [{ x: fx, y: from.top }, { x: fx, y }, { x: tx, y }, { x: tx, y: to.top }],
      label: { x: (fx + tx) / 2, y },
      arrow: true,
    };
  }
  const gx = o.gutterX + level * o.gutterStep;
  const leg = (end: Anchor | 'above' | 'below'): Point[] => {
    if (end === 'above') return [{ x: gx, y: o.top }];
    if (end === 'below') return [{ x: gx, y: o.bottom }];
    const y = end.top - lift;
    return [{ x: end.x, y: end.top }, { x: end.x, y }, { x: gx, y }];
  };
  const points = [...leg(from), ...leg(to).reverse()];
  const anchored = [from, to].filter((e): e is Anchor => typeof e === 'object');
  const upper = anchored.sort((a, b) => a.top - b.top)[0];
  const label = upper ? { x: (upper.x + gx) / 2, y: upper.top - lift } : null;
  return { points, label, arrow: typeof to === 'object' };
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
