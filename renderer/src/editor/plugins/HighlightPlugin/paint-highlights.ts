// The CSS Custom Highlight API side of painting: one highlight per label
// slot (plus selection, pick targets and suggestions), built from static
// ranges kept on the line map. Pure DOM, no React.
import type { Annotation } from '../../../../../app/sidecar/sidecar-schema';
import { spanFragments } from '../../../../../app/formats/common';
import type { LineMap } from '../../line-map';
import { HIGHLIGHT_SLOTS, type LabelInfo } from '../../labels';

const SELECTED = 'mg-selected';
const UNKNOWN = 'mg-unknown';
const PICKABLE = 'mg-pickable';
const SUGGESTED = 'mg-suggested';
const SUGGESTED_CURRENT = 'mg-suggested-current';

/** A span proposed by the offline suggester: painted faintly, not an annotation until accepted. */
export interface SuggestedSpan {
  id: string;
  start: number;
  end: number;
  /** Painted in this label's colour (faint, dashed) when the schema has it. */
  label?: string;
}

/**
 * Ranges are kept on the line map (the article's DOM does not change while it
 * is open), so a repaint after one new annotation builds one range, not all.
 */
export function rangeFor(lineMap: LineMap, start: number, end: number): StaticRange | null {
  const cache = lineMap.ranges;
  const key = `${start}:${end}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const a = lineMap.domPoint(start);
  const b = lineMap.domPoint(end);
  const range = a && b ? new StaticRange({ startContainer: a.node, startOffset: a.offset, endContainer: b.node, endOffset: b.offset }) : null;
  // Not a miss: its lines may be still to come (DocumentLoaderPlugin puts them in a chunk at a time).
  if (range) cache.set(key, range);
  return range;
}

/**
 * Entity spans that start inside an earlier entity span (nested or
 * overlapping) are drawn differently, so "Japan" inside "U.S. Forces Japan"
 * reads apart from the organisation around it.
 */
export function nestedEntityIds(annotations: readonly Annotation[]): Set<string> {
  const entities = annotations
    .filter((a) => a.type === 'entity')
    .sort((a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : 1));
  const nested = new Set<string>();
  let reach = -1; // furthest end of the spans seen so far
  for (const a of entities) {
    if (a.start < reach) nested.add(a.id);
    reach = Math.max(reach, a.end);
  }
  return nested;
}

/**
 * Bring the registered highlight `name` to exactly `ranges`, adding and
 * removing only what differs: after one new annotation the browser repaints
 * one range, not every highlight in the document.
 */
function setHighlight(name: string, ranges: readonly AbstractRange[], priority = 0): void {
  const existing = CSS.highlights.get(name);
  if (ranges.length === 0) {
    if (existing) CSS.highlights.delete(name);
    return;
  }
  if (!existing) {
    const h = new Highlight(...ranges);
    h.priority = priority;
    CSS.highlights.set(name, h);
    return;
  }
  const wanted = new Set(ranges);
  for (const r of existing) if (!wanted.has(r)) existing.delete(r);
  for (const r of ranges) if (!existing.has(r)) existing.add(r);
}

export function paintHighlights(
  lineMap: LineMap,
  annotations: readonly Annotation[],
  labels: ReadonlyMap<string, LabelInfo>,
  selectedId: string | null,
  pickableIds: ReadonlySet<string> | null,
  suggested: readonly SuggestedSpan[] = [],
  currentSuggestionId: string | null = null,
): void {
  const groups = new Map<string, AbstractRange[]>();
  const add = (name: string, range: AbstractRange) => {
    const list = groups.get(name);
    if (list) list.push(range);
    else groups.set(name, [range]);
  };
  const nested = nestedEntityIds(annotations);
  for (const a of annotations) {
    const info = labels.get(a.label);
    // A discontinuous span (brat's "0 5;10 15") is one annotation painted as its pieces, the gap left plain.
    for (const piece of spanFragments(a) ?? [a]) {
      const range = rangeFor(lineMap, piece.start, piece.end);
      if (!range) continue;
      if (!info) add(UNKNOWN, range);
      else if (a.type === 'claim') add(`mg-c${info.slot}`, range);
      else add(nested.has(a.id) ? `mg-${info.slot}-n` : `mg-${info.slot}`, range);
      if (a.id === selectedId) add(SELECTED, range);
      if (pickableIds?.has(a.id)) add(PICKABLE, range);
    }
  }
  for (const sp of suggested) {
    const range = rangeFor(lineMap, sp.start, sp.end);
    if (!range) continue;
    const info = sp.label === undefined ? undefined : labels.get(sp.label);
    add(sp.id === currentSuggestionId ? SUGGESTED_CURRENT : info && info.type !== 'claim' ? `mg-s${info.slot}` : SUGGESTED, range);
  }
  setHighlight(SUGGESTED, groups.get(SUGGESTED) ?? []);
  setHighlight(SUGGESTED_CURRENT, groups.get(SUGGESTED_CURRENT) ?? [], 1);
  for (let slot = 0; slot < HIGHLIGHT_SLOTS; slot++) {
    for (const name of [`mg-${slot}`, `mg-${slot}-n`, `mg-c${slot}`, `mg-s${slot}`]) setHighlight(name, groups.get(name) ?? []);
  }
  setHighlight(UNKNOWN, groups.get(UNKNOWN) ?? []);
  setHighlight(PICKABLE, groups.get(PICKABLE) ?? [], 1);
  setHighlight(SELECTED, groups.get(SELECTED) ?? [], 2);
}

export function clearHighlights(): void {
  CSS.highlights.clear();
}
