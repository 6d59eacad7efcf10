// A document's title for the document list, from the first bytes of its file
// only (the scan reads a few KB per document): the first non-empty line of a
// text file, or the <title> (else the first <h1>) of a saved web page.

/** Longest title kept; the list cuts it further with an ellipsis. */
export const MAX_TITLE_LENGTH = 200;

const REPLACEMENT = '\uFFFD';

function tidy(s: string): string | undefined {
  const one = s.replace(/\s+/gu, ' ').trim();
  if (!one) return undefined;
  return one.length > MAX_TITLE_LENGTH ? `${one.slice(0, MAX_TITLE_LENGTH - 1).trimEnd()}…` : one;
}

/** Not streaming, so one decoder serves every file (the scan decodes 10,000 heads). */
const headDecoder = new TextDecoder('utf-8');

/** The head of a file as text: a leading BOM dropped, a character cut in half at the end dropped. */
export function decodeHead(bytes: Uint8Array, complete: boolean): string {
  let text = headDecoder.decode(bytes);
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (!complete) text = text.replace(/\uFFFD+$/u, '');
  return text;
}

/**
 * A web page's skip link left at the top of text copied from it ("Go to
 * contents", "Skip to main content"): never the article's title, so the line
 * after it is taken.
 */
const SKIP_LINK = /^(?:skip|go|jump|move) to (?:the )?(?:main |page |primary )?(?:content|contents|navigation|article|text)$/iu;

/** The first non-empty line that is not a skip link (cut where the head ends if it runs past it); of Markdown, without a heading's # marks. */
export function titleFromText(head: string, options: { markdown?: boolean } = {}): string | undefined {
  if (head.includes(REPLACEMENT)) return undefined; // not UTF-8: the list says so when it is opened
  // Line by line until a title is found: the head holds dozens of lines, the title is nearly always the first.
  for (const [whole, line = ''] of head.matchAll(/([^\r\n]*)(?:\r\n|\r|\n|$)/gu)) {
    if (whole === '') break; // the empty match at the very end
    // A Markdown heading's # marks are not part of its title.
    const title = tidy(options.markdown ? line.replace(/^\s{0,3}#{1,6}(?=\s)/u, '') : line);
    if (title && !SKIP_LINK.test(title)) return title;
  }
  return undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/giu, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The page's <title>, else its first <h1>, tags inside removed and entities decoded. */
export function titleFromHtml(head: string): string | undefined {
  for (const tag of ['title', 'h1']) {
    const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}\\s*>`, 'iu').exec(head);
    const title = m?.[1] ? tidy(decodeEntities(m[1].replace(/<[^>]*>/gu, ' '))) : undefined;
    if (title) return title;
  }
  return undefined;
}
