// Puts the article into the read-only editor: one paragraph per source line,
// the text exactly as in the file (line terminators are the paragraph breaks).
// The first chunk of lines goes in at once, the others one per animation
// frame, sized to the frame budget (article-chunks.ts says why), so no frame
// lays out the whole article.
import { useLayoutEffect } from 'react';
import { $createParagraphNode, $createTextNode, $getRoot, type LexicalEditor } from 'lexical';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import type { TextIndex } from '../../../../../app/offsets';
import { FIRST_CHUNK, NEXT_CHUNKS, chunkEnd, nextChunkChars } from '../../article-chunks';
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
    const count = lines.length;
    const length = (i: number) => {
      const l = lines[i] as { start: number; end: number };
      return l.end - l.start;
    };
    const root = editor.getRootElement();
    let loaded = chunkEnd(count, length, 0, FIRST_CHUNK.chars, FIRST_CHUNK.lines);
    lineMap.setKeys(appendLines(editor, index, 0, loaded));
    let chars = NEXT_CHUNKS.chars;
    let frame = 0;
    let last = 0;
    const finish = () => {
      lineMap.setLoader(null);
      root?.removeAttribute('aria-busy');
    };
    const append = (to: number) => {
      const from = loaded;
      loaded = to;
      lineMap.appendKeys(appendLines(editor, index, from, to));
    };
    // The next chunk, sized by how long the frame before took (article-chunks.ts).
    let waited = false;
    const step = (now: number) => {
      frame = 0;
      // The first animation frame is the one that paints the first screen (the commit that built it is in it too):
      // the next chunk waits for the frame after.
      if (!waited) {
        waited = true;
        frame = requestAnimationFrame(step);
        return;
      }
      if (last > 0) chars = nextChunkChars(chars, now - last);
      last = now;
      append(chunkEnd(count, length, loaded, chars));
      if (loaded < count) frame = requestAnimationFrame(step);
      else finish();
    };
    // Something must reach `line` now (a remembered place, a search hit): it and the first screen below it, at once.
    const loadThrough = (line: number) => {
      if (line < loaded) return;
      append(chunkEnd(count, length, Math.min(line + 1, count), FIRST_CHUNK.chars, FIRST_CHUNK.lines));
      if (loaded >= count) {
        cancelAnimationFrame(frame);
        frame = 0;
        finish();
      }
    };
    if (loaded < count) {
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
