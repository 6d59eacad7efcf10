// An HTML extraction worker thread: turns the page HTML main sends it into
// article text (html-extract.ts), one page at a time. Main (html-extractor.ts)
// terminates it when a page takes longer than its budget.
import { parentPort } from 'node:worker_threads';
import { extractArticle } from './html-extract';
import type { ExtractReply, ExtractRequest } from './html-extractor';

const port = parentPort;
if (!port) throw new Error('html-extract-worker runs as a worker thread');

port.on('message', ({ id, html }: ExtractRequest) => {
  let reply: ExtractReply;
  try {
    reply = { id, article: extractArticle(html) };
  } catch (e) {
    reply = { id, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true } satisfies ExtractReply);
