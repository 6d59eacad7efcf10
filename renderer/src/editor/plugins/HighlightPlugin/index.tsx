// Paints annotations over Lexical's DOM with the CSS Custom Highlight API: the
// Lexical tree is never split into marks, overlapping spans need no special
// nodes, and repainting touches no DOM.
import { useLayoutEffect } from 'react';
import type { Annotation } from '../../../../../app/sidecar/sidecar-schema';
import type { LineMap } from '../../line-map';
import { HIGHLIGHT_SLOTS, type LabelInfo } from '../../labels';

const SELECTED = 'mg-selected';
const UNKNOWN = 'mg-unknown';

export function rangeFor(lineMap: LineMap, start: number, end: number): StaticRange | null {
  const a = lineMap.domPoint(start);
  const b = lineMap.domPoint(end);
  if (!a || !b) return null;
  return new StaticRange({ startContainer: a.node, startOffset: a.offset, endContainer: b.node, endOffset: b.offset });
}

export function paintHighlights(
  lineMap: LineMap,
  annotations: readonly Annotation[],
  labels: ReadonlyMap<string, LabelInfo>,
  selectedId: string | null,
): void {
  const slots: AbstractRange[][] = Array.from({ length: HIGHLIGHT_SLOTS }, () => []);
  const unknown: AbstractRange[] = [];
  const selected: AbstractRange[] = [];
  for (const a of annotations) {
    const range = rangeFor(lineMap, a.start, a.end);
    if (!range) continue;
    const info = labels.get(a.label);
    if (info) slots[info.slot]?.push(range);
    else unknown.push(range);
    if (a.id === selectedId) selected.push(range);
  }
  slots.forEach((ranges, slot) => {
    const name = `mg-${slot}`;
    if (ranges.length === 0) CSS.highlights.delete(name);
    else CSS.highlights.set(name, new Highlight(...ranges));
  });
  if (unknown.length) CSS.highlights.set(UNKNOWN, new Highlight(...unknown));
  else CSS.highlights.delete(UNKNOWN);
  if (selected.length) {
    const h = new Highlight(...selected);
    h.priority = 1;
    CSS.highlights.set(SELECTED, h);
  } else CSS.highlights.delete(SELECTED);
}

export function clearHighlights(): void {
  CSS.highlights.clear();
}

export function HighlightPlugin(props: {
  lineMap: LineMap | null;
  loadedVersion: number;
  annotations: readonly Annotation[];
  labels: ReadonlyMap<string, LabelInfo>;
  selectedId: string | null;
}) {
  const { lineMap, loadedVersion, annotations, labels, selectedId } = props;
  useLayoutEffect(() => {
    if (!lineMap?.ready) return;
    paintHighlights(lineMap, annotations, labels, selectedId);
  }, [lineMap, loadedVersion, annotations, labels, selectedId]);
  useLayoutEffect(() => clearHighlights, []);
  return null;
}
