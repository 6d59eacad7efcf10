// Puts the article into the read-only editor: one paragraph per source line,
// the text exactly as in the file (line terminators are the paragraph breaks).
import { useLayoutEffect } from 'react';
import { $createParagraphNode, $createTextNode, $getRoot, type LexicalEditor } from 'lexical';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import type { TextIndex } from '../../../../../app/offsets';

export function $buildArticle(index: TextIndex): string[] {
  const root = $getRoot();
  root.clear();
  const keys: string[] = [];
  for (let line = 0; line < index.lines.length; line++) {
    const paragraph = $createParagraphNode();
    const text = index.lineText(line);
    if (text.length > 0) paragraph.append($createTextNode(text));
    root.append(paragraph);
    keys.push(paragraph.getKey());
  }
  return keys;
}

export function loadArticle(editor: LexicalEditor, index: TextIndex): string[] {
  let keys: string[] = [];
  editor.update(
    () => {
      keys = $buildArticle(index);
    },
    { discrete: true },
  );
  return keys;
}

export function DocumentLoaderPlugin({ index, onLoaded }: { index: TextIndex; onLoaded: (keys: string[]) => void }) {
  const [editor] = useLexicalComposerContext();
  useLayoutEffect(() => {
    onLoaded(loadArticle(editor, index));
  }, [editor, index, onLoaded]);
  return null;
}
