// Maps between the article's lines (one Lexical paragraph each) and the DOM,
// holding only node keys, never node references, so it stays valid across
// Lexical updates.
import { $getNearestNodeFromDOMNode, $isRootNode, type LexicalEditor } from 'lexical';
import type { TextIndex } from '../../../app/offsets';

export class LineMap {
  private lineKeys: string[] = [];
  private lineOfKey = new Map<string, number>();

  constructor(
    private readonly editor: LexicalEditor,
    readonly index: TextIndex,
  ) {}

  /** Highlight ranges by "start:end", valid while the article's DOM is (cleared when it is rebuilt). */
  readonly ranges = new Map<string, StaticRange | null>();

  setKeys(keys: string[]): void {
    this.ranges.clear();
    this.lineKeys = keys;
    this.lineOfKey = new Map(keys.map((k, i) => [k, i]));
  }

  get ready(): boolean {
    return this.lineKeys.length === this.index.lines.length;
  }

  lineElement(line: number): HTMLElement | null {
    const key = this.lineKeys[line];
    return key === undefined ? null : this.editor.getElementByKey(key);
  }

  /** The line whose paragraph contains DOM `node`, or -1 when it is outside the article. */
  lineOfDomNode(node: Node): number {
    return this.editor.read(() => {
      const found = $getNearestNodeFromDOMNode(node);
      if (!found) return -1;
      const top = $isRootNode(found) ? null : found.getTopLevelElement();
      return top ? (this.lineOfKey.get(top.getKey()) ?? -1) : -1;
    });
  }

  /** A DOM position for a code-point offset: a text node and a UTF-16 offset in it. */
  domPoint(cp: number): { node: Node; offset: number } | null {
    const { line, offset } = this.index.codePointToPosition(cp);
    const el = this.lineElement(line);
    if (!el) return null;
    return textPoint(el, offset);
  }

  /** Code-point offset of a DOM position inside the article, or null when it is outside. */
  codePointOf(node: Node, offset: number): number | null {
    const line = this.lineOfDomNode(node);
    if (line < 0) return null;
    const el = this.lineElement(line);
    if (!el) return null;
    const range = document.createRange();
    range.setStart(el, 0);
    try {
      range.setEnd(node, offset);
    } catch {
      return null;
    }
    return this.index.positionToCodePoint(line, range.toString().length);
  }
}

/** The text node and offset `offset` UTF-16 units into an element's text. */
function textPoint(el: HTMLElement, offset: number): { node: Node; offset: number } {
  // Fast path: a line is one Lexical text node, <p><span>text</span></p>.
  const only = el.firstChild?.firstChild;
  if (only && only.nodeType === Node.TEXT_NODE && !el.firstChild?.nextSibling && offset <= (only as Text).length) {
    return { node: only, offset };
  }
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let remaining = offset;
  let last: Text | null = null;
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    if (remaining <= n.length) return { node: n, offset: remaining };
    remaining -= n.length;
    last = n;
  }
  return last ? { node: last, offset: last.length } : { node: el, offset: 0 };
}
