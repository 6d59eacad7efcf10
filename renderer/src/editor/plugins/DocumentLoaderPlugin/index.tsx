// Puts the article into the read-only editor: one paragraph per source line,
// the text exactly as in the file (line terminators are the paragraph breaks).
// The first chunk of lines goes in at once, the others one per animation
// frame (article-chunks.ts says why), so no frame lays out the whole article.
import { useLayoutEffect } from 'react';
import { $createParagraphNode, $createTextNode, $getRoot, type LexicalEditor } from 'lexical';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import type { TextIndex } from '../../../../../app/offsets';
import { planChunks } from '../../article-chunks';
import type { LineMap } from '../../line-map';

/** Append lines [from, to) as paragraphs (clearing the root first when `from` is 0); their keys in order. */
function $appendLines(index: TextIndex, from: number, to: number): string[] {
  const root = $getRoot();
  if (from === 0) root.clear();
  const keys: string[] = [];
  const paragraphs = [];
  for (let line = from; line < to; line++) {
    const paragraph = $createParagraphNode();
    const text = index.lineText(line);
    if (text.length > 0) paragraph.append($createTextNode(text));
    paragraphs.push(paragraph);
    keys.push(paragraph.getKey());
  }
  root.append(...paragraphs);
  return keys;
}

function appendLines(editor: LexicalEditor, index: TextIndex, from: number, to: number): string[] {
  let keys: string[] = [];
  editor.update(
    () => {
      keys = $appendLines(index, from, to);
    },
    { discrete: true },
  );
  return keys;
}

export function DocumentLoaderPlugin({ index, lineMap, onLoaded }: { index: TextIndex; lineMap: LineMap; onLoaded: () => void }) {
  const [editor] = useLexicalComposerContext();
  useLayoutEffect(() => {
    const lines = index.lines;
    const chunks = planChunks(lines.length, (i) => (lines[i] as { start: number; end: number }).end - (lines[i] as { start: number }).start);
    const first = chunks[0] ?? { from: 0, to: lines.length };
    const root = editor.getRootElement();
    lineMap.setKeys(appendLines(editor, index, first.from, first.to));
    let next = 1;
    let frame = 0;
    const finish = () => {
      lineMap.setLoader(null);
      root?.removeAttribute('aria-busy');
    };
    // Up to and including the chunk that holds `line` (or everything), in one update.
    const loadThrough = (line: number) => {
      cancelAnimationFrame(frame);
      frame = 0;
      let last = next;
      while (last < chunks.length && (chunks[last] as { from: number }).from <= line) last++;
      if (last > next) {
        const from = (chunks[next] as { from: number }).from;
        const to = (chunks[last - 1] as { to: number }).to;
        next = last;
        lineMap.appendKeys(appendLines(editor, index, from, to));
      }
      if (next < chunks.length) frame = requestAnimationFrame(step);
      else finish();
    };
    const step = () => {
      frame = 0;
      const chunk = chunks[next];
      if (chunk) loadThrough(chunk.from);
    };
    if (next < chunks.length) {
      // Screen readers and tests can tell the article is still coming in.
      root?.setAttribute('aria-busy', 'true');
      lineMap.setLoader(loadThrough);
      frame = requestAnimationFrame(step);
    }
    onLoaded();
    return () => {
      cancelAnimationFrame(frame);
      finish();
    };
  }, [editor, index, lineMap, onLoaded]);
  return null;
}
