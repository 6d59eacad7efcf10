// Maps between the article's lines (one Lexical paragraph each) and the DOM,
// holding only node keys, never node references, so it stays valid across
// Lexical updates. The lines arrive a chunk at a time (article-chunks.ts):
// `loadedLines` are in the DOM, and `ensureLine` brings the rest in at once
// when something must reach a line further down.
import { $getNearestNodeFromDOMNode, $isRootNode, type LexicalEditor } from 'lexical';
import type { TextIndex } from '../../../app/offsets';
import { rangeText } from './measure-range';
import { visibleLines, type LineWindow } from './highlight-window';

export class LineMap {
  private lineKeys: string[] = [];
  private lineOfKey = new Map<string, number>();
  private started = false;
  private loadRest: ((line: number) => void) | null = null;
  private readonly added = new Set<(before: number) => void>();

  constructor(
    private readonly editor: LexicalEditor,
    readonly index: TextIndex,
  ) {}

  /** Highlight ranges by "start:end", valid while the article's DOM is (cleared when it is rebuilt). */
  readonly ranges = new Map<string, StaticRange | null>();

  /** The first lines of a newly built article (the DOM was rebuilt: cached ranges are dropped). */
  setKeys(keys: string[]): void {
    this.ranges.clear();
    this.started = true;
    this.lineKeys = [...keys];
    this.lineOfKey = new Map(keys.map((k, i) => [k, i]));
  }

  /** The next lines, put in after the others; listeners hear how many lines there were before. */
  appendKeys(keys: readonly string[]): void {
    const before = this.lineKeys.length;
    for (const k of keys) {
      this.lineOfKey.set(k, this.lineKeys.length);
      this.lineKeys.push(k);
    }
    for (const listener of [...this.added]) listener(before);
  }

  /** Called with the line count before, each time lines are appended. */
  onLinesAdded(listener: (before: number) => void): () => void {
    this.added.add(listener);
    return () => this.added.delete(listener);
  }

  /** The loader's way to put in every line up to `line` at once; null when it has finished. */
  setLoader(loadRest: ((line: number) => void) | null): void {
    this.loadRest = loadRest;
  }

  /** Make sure line `line` is in the DOM (scrolling or selecting there), loading what is missing now. */
  ensureLine(line: number): void {
    if (line >= this.lineKeys.length) this.loadRest?.(line);
  }

  /** The first lines are in the DOM: the article can be painted and used. */
  get ready(): boolean {
    return this.started && (this.lineKeys.length > 0 || this.index.lines.length === 0);
  }

  /** Lines in the DOM so far, from the first: a prefix of the article. */
  get loadedLines(): number {
    return this.lineKeys.length;
  }

  /** Every line is in the DOM. */
  get complete(): boolean {
    return this.lineKeys.length === this.index.lines.length;
  }

  lineElement(line: number): HTMLElement | null {
    const key = this.lineKeys[line];
    return key === undefined ? null : this.editor.getElementByKey(key);
  }

  /**
   * The loaded lines in `scroller`'s view (a binary search over their boxes; each probe reads a line's top and
   * bottom with one layout read), or null when a line has no element yet (then nothing can be measured).
   */
  linesInView(scroller: HTMLElement): LineWindow | null {
    let missing = false;
    const rects = new Map<number, DOMRect | null>();
    const rect = (i: number) => {
      let r = rects.get(i);
      if (r === undefined) {
        r = this.lineElement(i)?.getBoundingClientRect() ?? null;
        if (!r) missing = true;
        rects.set(i, r);
      }
      return r;
    };
    const box = scroller.getBoundingClientRect();
    const visible = visibleLines(this.loadedLines, (i) => rect(i)?.top ?? 0, (i) => rect(i)?.bottom ?? 0, box.top, box.bottom);
    return missing ? null : visible;
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
    let before: string;
    try {
      before = rangeText(el, 0, node, offset);
    } catch {
      return null;
    }
    return this.index.positionToCodePoint(line, before.length);
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
