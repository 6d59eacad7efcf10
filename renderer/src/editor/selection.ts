// The analyst's text selection in the article, as code-point offsets, and
// setting it from the keyboard.
import { snapToGraphemes } from '../../../app/offsets';
import { snapToWords } from '../../../app/text-units';
import type { LineMap } from './line-map';

const SPACE = /\s/u;

/** The current DOM selection inside the article, trimmed of surrounding white space and snapped to whole graphemes. */
export function selectionOffsets(lineMap: LineMap, root: HTMLElement | null): { start: number; end: number } | null {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0 || !root) return null;
  const range = selection.getRangeAt(0);
  if (!root.contains(range.commonAncestorContainer) && !range.intersectsNode(root)) return null;
  let start = root.contains(range.startContainer) ? lineMap.codePointOf(range.startContainer, range.startOffset) : 0;
  let end = root.contains(range.endContainer) ? lineMap.codePointOf(range.endContainer, range.endOffset) : lineMap.index.length;
  if (start === null || end === null) return null;
  if (end < start) [start, end] = [end, start];
  const text = lineMap.index;
  while (start < end && SPACE.test(text.slice(start, start + 1))) start++;
  while (end > start && SPACE.test(text.slice(end - 1, end))) end--;
  if (end <= start) return null;
  return snapToGraphemes(text, start, end);
}

/** Select [start, end) in the article (code points) and bring it into view. */
export function selectOffsets(lineMap: LineMap, start: number, end: number): void {
  lineMap.ensureLine(lineMap.index.codePointToPosition(end).line);
  const a = lineMap.domPoint(start);
  const b = lineMap.domPoint(end);
  const selection = window.getSelection();
  if (!a || !b || !selection) return;
  scrollToOffset(lineMap, start);
  selection.setBaseAndExtent(a.node, a.offset, b.node, b.offset);
}

export function scrollToOffset(lineMap: LineMap, cp: number, block: ScrollLogicalPosition = 'nearest'): void {
  const { line } = lineMap.index.codePointToPosition(cp);
  lineMap.ensureLine(line);
  lineMap.lineElement(line)?.scrollIntoView({ block });
}

/**
 * After a mouse selection: widen it to whole words and leave out edge
 * punctuation and the possessive (app/word-tokens.ts), keeping the direction
 * of the drag. Alt held turns this off, for a part of a word.
 */
export function snapSelectionToWords(lineMap: LineMap, root: HTMLElement | null): void {
  const selection = window.getSelection();
  const range = selectionOffsets(lineMap, root);
  if (!selection || !range) return;
  const snapped = snapToWords(lineMap.index, range.start, range.end);
  const backward = selection.anchorNode && selection.focusNode && isBackward(selection);
  const a = lineMap.domPoint(backward ? snapped.end : snapped.start);
  const b = lineMap.domPoint(backward ? snapped.start : snapped.end);
  if (a && b) selection.setBaseAndExtent(a.node, a.offset, b.node, b.offset);
}

function isBackward(selection: Selection): boolean {
  const { anchorNode, focusNode } = selection;
  if (!anchorNode || !focusNode) return false;
  if (anchorNode === focusNode) return selection.focusOffset < selection.anchorOffset;
  return (anchorNode.compareDocumentPosition(focusNode) & Node.DOCUMENT_POSITION_PRECEDING) !== 0;
}
