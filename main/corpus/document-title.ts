// The title the document list shows above a file's name, read during the scan
// from the file's first few KB only (app/document-title.ts says what it is).
import { decodeHead, titleFromHtml, titleFromText } from '../../app/document-title';
import { readRegularFileHead } from './confined-fs';
import { isHtmlDocument } from './html-article';

/** Enough for a first line or a page's <head> (web pages put scripts and styles there). */
const TEXT_HEAD_BYTES = 4 * 1024;
const HTML_HEAD_BYTES = 16 * 1024;

/** The title of the text document at `real` (confined already), or undefined when it has none or cannot be read. */
export async function readDocumentTitle(real: string, rel: string): Promise<string | undefined> {
  const html = isHtmlDocument(rel);
  try {
    const { bytes, complete } = await readRegularFileHead(real, rel, html ? HTML_HEAD_BYTES : TEXT_HEAD_BYTES);
    const head = decodeHead(bytes, complete);
    return html ? titleFromHtml(head) : titleFromText(head, { markdown: /\.md$/iu.test(rel) });
  } catch {
    // The list still shows the file name; opening it says what is wrong.
    return undefined;
  }
}
