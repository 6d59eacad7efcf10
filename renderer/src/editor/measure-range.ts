// One Range for every measurement of the article's text (arc ends, label
// names, the reader's place, offsets of DOM positions). Chromium updates each
// live Range a document holds on every node inserted or removed
// (Document::NodeWillBeRemoved walks them all), and a Range made for one
// measurement stays registered until a full garbage collection: after a few
// arc redraws (a Range per arc end) each removal of a label name or an arc
// cost tens of µs, 0.2 s per scroll session in the profile. One Range that is
// reused costs the same as none.
let shared: Range | null = null;

function rangeOver(startNode: Node, startOffset: number, endNode: Node, endOffset: number): Range {
  shared ??= document.createRange();
  shared.setStart(startNode, startOffset);
  shared.setEnd(endNode, endOffset);
  return shared;
}

/** The client rects of the text between two DOM positions (a static list: safe to keep). */
export function rangeRects(startNode: Node, startOffset: number, endNode: Node, endOffset: number): DOMRectList {
  return rangeOver(startNode, startOffset, endNode, endOffset).getClientRects();
}

/** The text between two DOM positions, as `Range.toString()` gives it. */
export function rangeText(startNode: Node, startOffset: number, endNode: Node, endOffset: number): string {
  return rangeOver(startNode, startOffset, endNode, endOffset).toString();
}

