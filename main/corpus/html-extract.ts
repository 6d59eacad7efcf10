// Turning a saved web page's HTML into readable article text: plain CPU work
// with no file access, run in a worker thread (html-extract-worker.ts, started
// by html-extractor.ts) so a page that makes Readability crawl never blocks
// main.
//
// The page is parsed by parse5 (the HTML standard's tree construction, so
// pages with implied or missing tags come out right), re-serialised, and read
// into linkedom, a DOM with no script engine, no network and no resource
// loading: <script>, event handlers, <img>, <iframe>, <link>, <meta refresh>
// are only ever data here. @mozilla/readability picks the article; its blocks
// become lines: the title, a blank line, then one paragraph per line, white
// space collapsed.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { parse, serialize } from 'parse5';

/** Elements that end a line before and after them. */
const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'CAPTION', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL', 'DT', 'FIELDSET',
  'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP', 'HR', 'LEGEND', 'LI',
  'MAIN', 'NAV', 'OL', 'P', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TFOOT', 'THEAD', 'TR', 'UL',
]);
/** Elements whose content is never article text. */
const SKIPPED = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'FRAME', 'FRAMESET', 'OBJECT', 'EMBED', 'SVG', 'MATH', 'CANVAS',
  'VIDEO', 'AUDIO', 'SELECT', 'BUTTON', 'INPUT', 'TEXTAREA', 'HEAD', 'TITLE', 'META', 'LINK', 'BASE',
]);
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;

/** White space collapsed to single spaces, control characters removed, trimmed. */
export function normalizeWhitespace(s: string): string {
  return s.replace(CONTROL, '').replace(/\s+/gu, ' ').trim();
}

export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

/** The lines of an element: one per block, <br> and <pre> lines kept, white space collapsed. */
export function blockLines(root: DomNode): string[] {
  const lines: string[] = [];
  let buffer = '';
  const flush = () => {
    const line = normalizeWhitespace(buffer);
    if (line) lines.push(line);
    buffer = '';
  };
  const walk = (node: DomNode) => {
    if (node.nodeType === 3) {
      buffer += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 11 && node.nodeType !== 9) return;
    const tag = node.nodeName.toUpperCase();
    if (SKIPPED.has(tag)) return;
    if (tag === 'BR') return flush();
    if (tag === 'PRE') {
      flush();
      for (const l of (node.textContent ?? '').split(/\r\n|\r|\n/)) {
        buffer = l;
        flush();
      }
      return;
    }
    if (tag === 'TD' || tag === 'TH') buffer += ' ';
    const block = BLOCKS.has(tag);
    if (block) flush();
    // Read once: linkedom builds a new list on every access, which made a page of thousands of paragraphs quadratic.
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) walk(children[i] as DomNode);
    if (block) flush();
    else if (tag === 'TD' || tag === 'TH') buffer += ' ';
  };
  walk(root);
  flush();
  return lines;
}

export interface Article {
  /** The page's title ('' when it has none). */
  title: string;
  /** Who wrote it, as the page says ('' when it does not); the first paragraph when Readability took it out of the text. */
  byline: string;
  paragraphs: string[];
  /** Title, blank line, one paragraph per line, final newline ('' for a page with no text). */
  text: string;
  /** False when Readability found no article and the whole body was used. */
  readable: boolean;
}

function loadDocument(html: string) {
  // parse5 builds the tree the HTML standard prescribes (implied <html>, <body>,
  // closed <p>s); linkedom needs that explicit structure.
  return parseHTML(serialize(parse(html))).document;
}

/** The readable article of a page's HTML. Runs no script and loads nothing. */
export function extractArticle(html: string): Article {
  let title = '';
  let byline = '';
  let paragraphs: string[] = [];
  let readable = false;
  try {
    const document = loadDocument(html);
    const parsed = new Readability<DomNode>(document as unknown as Document, { serializer: (n) => n as unknown as DomNode }).parse();
    title = normalizeWhitespace(parsed?.title ?? '');
    byline = normalizeWhitespace(parsed?.byline ?? '');
    if (parsed?.content) {
      paragraphs = blockLines(parsed.content);
      readable = paragraphs.length > 0;
    }
  } catch {
    // Readability gave up on this page: the body is used below.
  }
  if (!readable) {
    const document = loadDocument(html);
    title ||= normalizeWhitespace(document.title ?? '');
    paragraphs = document.body ? blockLines(document.body as unknown as DomNode) : [];
  }
  // Readability usually drops a heading that repeats the title; when it does not, the title line says it once.
  if (title && paragraphs[0] !== undefined && paragraphs[0].toLowerCase() === title.toLowerCase()) paragraphs.shift();
  // Who wrote it matters for claims; Readability keeps it apart from the text.
  if (readable && byline && !paragraphs.some((p) => p.includes(byline))) paragraphs.unshift(byline);
  const lines = title ? [title, '', ...paragraphs] : paragraphs;
  return { title, byline, paragraphs, text: lines.length ? `${lines.join('\n')}\n` : '', readable };
}

