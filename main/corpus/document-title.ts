// The title the document list shows above a file's name, read during the scan
// from the file's first few KB only (app/document-title.ts says what it is;
// main/workspace/document-reader.ts turns the bytes into it).
import { documentTitle, titleHeadBytes } from '../workspace/document-reader';
import { readRegularFileHead } from './confined-fs';

/** The title of the text document at `real` (confined already), or undefined when it has none or cannot be read. */
export async function readDocumentTitle(real: string, rel: string): Promise<string | undefined> {
  try {
    const { bytes, complete } = await readRegularFileHead(real, rel, titleHeadBytes(rel));
    return documentTitle(rel, bytes, complete);
  } catch {
    // The list still shows the file name; opening it says what is wrong.
    return undefined;
  }
}
