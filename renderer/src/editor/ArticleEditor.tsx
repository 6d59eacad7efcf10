// The article, read-only in Lexical. Selection and clicks are turned into
// code-point offsets through LineMap and app/offsets; the Lexical tree is
// never the source of truth for offsets.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { annotationsAt } from '../../../app/annotations';
import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import type { TextIndex } from '../../../app/offsets';
import type { Annotation } from '../../../app/sidecar/sidecar-schema';
import { LineMap } from './line-map';
import { snapSelectionToWords } from './selection';
import { DocumentLoaderPlugin } from './plugins/DocumentLoaderPlugin';
import { HighlightPlugin, type LiveAnnotations, type SuggestedSpan } from './plugins/HighlightPlugin';
import type { LabelInfo } from './labels';

export interface ArticleEditorProps {
  index: TextIndex;
  annotations: readonly Annotation[];
  labels: ReadonlyMap<string, LabelInfo>;
  selectedId: string | null;
  /** Annotations offered as targets while picking a claimant or a relation's end. */
  pickableIds: ReadonlySet<string> | null;
  /** Offline suggestions, painted faintly until accepted. */
  suggested?: readonly SuggestedSpan[];
  currentSuggestionId?: string | null;
  /** The article is ready: the map turns DOM positions into code points and back. */
  onReady(lineMap: LineMap): void;
  /** Label names drawn above spans (on by default). */
  showLabelNames?: boolean;
  /** A click without a selection, at a code-point offset. */
  onClickAt(cp: number, clientX: number, clientY: number): void;
  /** Drawn inside the scroll box over the text (the relation arcs), so it scrolls with it. */
  renderOverlay?(view: ArticleOverlayView): ReactNode;
  /** The open document, whose changes the highlights follow before React renders them (a tag paints in its keydown's frame). */
  live?: LiveAnnotations | null;
}

export interface ArticleOverlayView {
  lineMap: LineMap;
  loadedVersion: number;
  scroller: HTMLElement | null;
  content: HTMLElement | null;
}

const initialConfig = {
  namespace: 'marginalia-article',
  editable: false,
  theme: { paragraph: 'mg-line' },
  onError(error: Error) {
    console.error(error);
  },
};

function caretAt(x: number, y: number): { node: Node; offset: number } | null {
  const pos = document.caretPositionFromPoint?.(x, y);
  if (pos) return { node: pos.offsetNode, offset: pos.offset };
  return null;
}

function ArticleBody(props: ArticleEditorProps) {
  const { index, annotations, labels, selectedId, pickableIds, suggested, currentSuggestionId, onReady, onClickAt, live, showLabelNames = true } = props;
  const [editor] = useLexicalComposerContext();
  const lineMap = useMemo(() => new LineMap(editor, index), [editor, index]);
  const [loadedVersion, setLoadedVersion] = useState(0);
  // Elements in state, not refs: a child's layout effect runs before its parent's ref is attached.
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const [content, setContent] = useState<HTMLDivElement | null>(null);
  // The first lines are in: the rest follow a chunk a frame, announced by the line map itself.
  const onLoaded = useCallback(() => {
    setLoadedVersion((v) => v + 1);
    onReady(lineMap);
  }, [lineMap, onReady]);
  const onMouseUp = (event: React.MouseEvent) => {
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return; // a drag: snapped by the document's listener below
    const caret = caretAt(event.clientX, event.clientY);
    if (!caret) return;
    const cp = lineMap.codePointOf(caret.node, caret.offset);
    if (cp !== null) onClickAt(cp, event.clientX, event.clientY);
  };
  // A drag snaps to whole words (brat, INCEpTION); Alt keeps it exactly as dragged. On the document, so a
  // drag released outside the article (over the toolbar, the side panel) snaps too.
  useEffect(() => {
    if (!content) return;
    const onUp = (event: MouseEvent) => {
      const selection = window.getSelection();
      if (event.altKey || !selection || selection.isCollapsed || !selection.anchorNode || !content.contains(selection.anchorNode)) return;
      snapSelectionToWords(lineMap, content);
    };
    document.addEventListener('mouseup', onUp);
    return () => document.removeEventListener('mouseup', onUp);
  }, [content, lineMap]);
  // Hovering a span names its labels (innermost first) in a tooltip: the label reads without colour or names drawn.
  const hoverFrame = useRef(0);
  const onMouseMove = (event: React.MouseEvent) => {
    if (hoverFrame.current || !scroller) return;
    const { clientX, clientY } = event;
    hoverFrame.current = requestAnimationFrame(() => {
      hoverFrame.current = 0;
      const caret = lineMap.ready ? caretAt(clientX, clientY) : null;
      const cp = caret ? lineMap.codePointOf(caret.node, caret.offset) : null;
      const title = cp === null ? '' : annotationsAt(annotations, cp).map((a) => a.label).join(' in ');
      if (scroller.title !== title) scroller.title = title;
    });
  };
  return (
    // The names' room (a taller line) is in the class from the first layout: set later, it laid the whole article out twice.
    <div className={showLabelNames ? 'mg-article-scroll has-label-names' : 'mg-article-scroll'} ref={setScroller} onMouseUp={onMouseUp} onMouseMove={onMouseMove}>
      <ContentEditable ref={setContent} className="mg-article" aria-label="Article text" spellCheck={false} tabIndex={0} />
      <DocumentLoaderPlugin index={index} lineMap={lineMap} onLoaded={onLoaded} />
      <HighlightPlugin
        lineMap={lineMap}
        loadedVersion={loadedVersion}
        annotations={annotations}
        labels={labels}
        selectedId={selectedId}
        pickableIds={pickableIds}
        suggested={suggested}
        currentSuggestionId={currentSuggestionId}
        showLabelNames={showLabelNames}
        live={live}
        scroller={scroller}
        content={content}
      />
      {props.renderOverlay?.({ lineMap, loadedVersion, scroller, content })}
    </div>
  );
}

export function ArticleEditor(props: ArticleEditorProps) {
  return (
    <LexicalComposer initialConfig={initialConfig}>
      <ArticleBody {...props} />
    </LexicalComposer>
  );
}
