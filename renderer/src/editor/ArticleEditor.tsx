// The article, read-only in Lexical. Selection and clicks are turned into
// code-point offsets through LineMap and app/offsets; the Lexical tree is
// never the source of truth for offsets.
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import type { TextIndex } from '../../../app/offsets';
import type { Annotation } from '../../../app/sidecar/sidecar-schema';
import { LineMap } from './line-map';
import { DocumentLoaderPlugin } from './plugins/DocumentLoaderPlugin';
import { HighlightPlugin, type SuggestedSpan } from './plugins/HighlightPlugin';
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
  /** A click without a selection, at a code-point offset. */
  onClickAt(cp: number, clientX: number, clientY: number): void;
  /** Drawn inside the scroll box over the text (the relation arcs), so it scrolls with it. */
  renderOverlay?(view: ArticleOverlayView): ReactNode;
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
  const { index, annotations, labels, selectedId, pickableIds, suggested, currentSuggestionId, onReady, onClickAt } = props;
  const [editor] = useLexicalComposerContext();
  const lineMap = useMemo(() => new LineMap(editor, index), [editor, index]);
  const [loadedVersion, setLoadedVersion] = useState(0);
  // Elements in state, not refs: a child's layout effect runs before its parent's ref is attached.
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const [content, setContent] = useState<HTMLDivElement | null>(null);
  const onLoaded = useCallback(
    (keys: string[]) => {
      lineMap.setKeys(keys);
      setLoadedVersion((v) => v + 1);
      onReady(lineMap);
    },
    [lineMap, onReady],
  );
  const onMouseUp = (event: React.MouseEvent) => {
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return;
    const caret = caretAt(event.clientX, event.clientY);
    if (!caret) return;
    const cp = lineMap.codePointOf(caret.node, caret.offset);
    if (cp !== null) onClickAt(cp, event.clientX, event.clientY);
  };
  return (
    <div className="mg-article-scroll" ref={setScroller} onMouseUp={onMouseUp}>
      <ContentEditable ref={setContent} className="mg-article" aria-label="Article text" spellCheck={false} tabIndex={0} />
      <DocumentLoaderPlugin index={index} onLoaded={onLoaded} />
      <HighlightPlugin
        lineMap={lineMap}
        loadedVersion={loadedVersion}
        annotations={annotations}
        labels={labels}
        selectedId={selectedId}
        pickableIds={pickableIds}
        suggested={suggested}
        currentSuggestionId={currentSuggestionId}
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
