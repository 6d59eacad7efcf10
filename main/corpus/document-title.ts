// What the scan reads of a document itself: its size and modification time
// (its list entry and signature) and, for a text document, the title the
// document list shows above its name, from the file's first few KB only
// (app/document-title.ts says what it is; main/workspace/document-reader.ts
// turns the bytes into it). One open per document, without waiting: the
// scan runs it in slices (map-in-slices.ts).
import { statSync } from 'node:fs';
import { documentTitle, titleHeadBytes } from '../workspace/document-reader';
import { readRegularFileHeadSync } from './confined-fs';
import { CorpusError } from './paths';

export interface DocumentHead {
  size: number;
  mtimeMs: number;
  /** Undefined when the document has none, or its head cannot be read as text. */
  title?: string;
}

/**
 * The head of the document at `real` (confined already; `rel` names it), or
 * null when it is gone. `text`: a text document, whose title is read; other
 * files are only stat'ed. A text file that cannot be opened (permissions)
 * is still listed, without a title: opening it says what is wrong.
 */
export function readDocumentHead(real: string, rel: string, text: boolean): DocumentHead | null {
  if (text) {
    try {
      const { bytes, complete, size, mtimeMs } = readRegularFileHeadSync(real, rel, titleHeadBytes(rel));
      const title = titleOf(rel, bytes, complete);
      return title === undefined ? { size, mtimeMs } : { size, mtimeMs, title };
    } catch (e) {
      if (e instanceof CorpusError && e.code === 'not-found') return null; // removed while scanning
    }
  }
  const info = statSync(real, { throwIfNoEntry: false });
  return info ? { size: info.size, mtimeMs: info.mtimeMs } : null;
}

function titleOf(rel: string, head: Uint8Array, complete: boolean): string | undefined {
  try {
    return documentTitle(rel, head, complete);
  } catch {
    return undefined; // the list still shows the file name
  }
}
