// Saved web pages (.html, .htm) as readable article text. No Electron.
//
// The page's bytes are decoded here; the article is extracted in a worker
// thread (html-extractor.ts runs html-extract.ts there) with a time and a size
// budget, so no page blocks main.
//
// The extracted text is what annotation offsets refer to, so it is kept beside
// the page as `<page>.extracted.json` (see docs/html-articles.md) with the
// SHA-256 of the page bytes it came from. It is reused as long as the page is
// unchanged, even if a newer Readability would extract it differently; when
// the page changes it is extracted again, and the sidecar (whose source.sha256
// is the hash of the extracted text) no longer matches, so the annotations are
// re-anchored as for any changed source.
import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { decodeDocument, hasUtf8Bom } from './decode';
import { readAbsoluteInside, writeAbsoluteInside } from './confined-fs';
import { CorpusError } from './paths';
import { checkPageSize, extractInWorker } from './html-extractor';

export { extractArticle, normalizeWhitespace, type Article } from './html-extract';

export const HTML_EXTENSIONS: readonly string[] = ['.html', '.htm'];
export const EXTRACTED_SUFFIX = '.extracted.json';
export const EXTRACTED_FORMAT = 'marginalia-extracted-text';
export const EXTRACTED_VERSION = 1;
/** Names what produced a stored text; a test keeps the versions in step with package.json. */
export const EXTRACTOR = 'marginalia-html-article/1 (@mozilla/readability 0.6.0, linkedom 0.18.15, parse5 8.1.1)';

/** The stored extraction and the temporary files of writing it (ours, `.<hex>.tmp`; write-file-atomic's, `.<number>`, from older versions). */
const EXTRACTED_ARTIFACT = /\.html?\.extracted\.json(?:\.\d+|\.[0-9a-z]{6,16}\.tmp)?$/i;

export function isHtmlDocument(path: string): boolean {
  return HTML_EXTENSIONS.includes(extname(path).toLowerCase());
}

/** True for `<page>.html.extracted.json` (and its temporary files): kept by the app, not a document. */
export function isExtractedTextArtifact(name: string): boolean {
  return EXTRACTED_ARTIFACT.test(name);
}

export function extractedFileFor(htmlFile: string): string {
  return htmlFile + EXTRACTED_SUFFIX;
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

// ---- decoding -------------------------------------------------------------------

const META_CHARSET = /<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i;

/** Windows-1252's characters for bytes 0x80-0x9F (undefined ones stay as the C1 control of the same number). */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Windows-1252, which the HTML standard also uses for pages labelled
 * ISO-8859-1 or ASCII. Decoded here because some Node versions' TextDecoder
 * reads it as ISO-8859-1 (0x93 would become a control character, not “).
 */
function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1').replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] as string);
}

/**
 * The text of a page's bytes: a BOM decides (UTF-8 or UTF-16); else a
 * `<meta charset>` (or http-equiv Content-Type) in the first 1024 bytes names
 * a legacy encoding such as windows-1252 or Shift_JIS; else UTF-8, strictly
 * (invalid bytes are reported, as for text documents).
 */
export function decodeHtml(bytes: Uint8Array, name: string): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  if (!hasUtf8Bom(bytes)) {
    const label = META_CHARSET.exec(Buffer.from(bytes.subarray(0, 1024)).toString('latin1'))?.[1];
    let decoder: TextDecoder | undefined;
    try {
      decoder = label ? new TextDecoder(label) : undefined;
    } catch {
      decoder = undefined; // a label the platform does not know: read as UTF-8
    }
    // The HTML standard reads a page that claims UTF-16 without a BOM as UTF-8.
    if (decoder?.encoding === 'windows-1252') return decodeWindows1252(bytes);
    if (decoder && decoder.encoding !== 'utf-8' && !decoder.encoding.startsWith('utf-16')) return decoder.decode(bytes);
  }
  return decodeDocument(bytes, name);
}

// ---- the stored extraction ------------------------------------------------------

export interface ExtractedRecord {
  format: typeof EXTRACTED_FORMAT;
  version: typeof EXTRACTED_VERSION;
  source: { name: string; sha256: string };
  extractor: string;
  extracted: string;
  title: string;
  text: string;
}

export function serializeExtracted(record: ExtractedRecord): string {
  const ordered: ExtractedRecord = {
    format: record.format,
    version: record.version,
    source: { name: record.source.name, sha256: record.source.sha256 },
    extractor: record.extractor,
    extracted: record.extracted,
    title: record.title,
    text: record.text,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** A stored extraction, or null when the file is not one (then it is extracted again). */
export function parseExtracted(json: string): ExtractedRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const r = value as Partial<ExtractedRecord> | null;
  if (!r || typeof r !== 'object' || r.format !== EXTRACTED_FORMAT || r.version !== EXTRACTED_VERSION) return null;
  if (typeof r.text !== 'string' || typeof r.source?.sha256 !== 'string') return null;
  return {
    format: EXTRACTED_FORMAT,
    version: EXTRACTED_VERSION,
    source: { name: String(r.source.name ?? ''), sha256: r.source.sha256 },
    extractor: String(r.extractor ?? ''),
    extracted: String(r.extracted ?? ''),
    title: String(r.title ?? ''),
    text: r.text,
  };
}

export interface HtmlText {
  text: string;
  /** SHA-256 of the text's UTF-8 bytes: what the sidecar's source.sha256 records. */
  sha256: string;
  /** The stored extraction was used (false: extracted now). */
  reused: boolean;
  /** Why the extraction could not be stored (a read-only folder); the text is still right for now. */
  notStored?: string;
}

/** Extractions under way, so two readers of one page extract and write it once. */
const pending = new Map<string, Promise<HtmlText>>();

/**
 * The article text of the page at `file` (an absolute path inside the corpus
 * `root`; `rel` names it in messages), from `bytes` (the page's bytes, already
 * read): the stored extraction when it was made from these bytes, else a new
 * one, stored beside the page. The stored file is read and written only
 * through the corpus confinement (confined-fs.ts): a symlink there leading
 * out of the corpus is never followed.
 */
export function htmlArticleText(root: string, file: string, rel: string, bytes: Uint8Array): Promise<HtmlText> {
  const pageSha = sha256Hex(bytes);
  const key = `${file}\0${pageSha}`;
  let job = pending.get(key);
  if (!job) {
    job = extractOrReuse(root, file, rel, bytes, pageSha).finally(() => pending.delete(key));
    pending.set(key, job);
  }
  return job;
}

async function extractOrReuse(root: string, file: string, rel: string, bytes: Uint8Array, pageSha: string): Promise<HtmlText> {
  const stored = extractedFileFor(file);
  const existing = await readAbsoluteInside(root, stored).then(
    ({ bytes: b }) => parseExtracted(b.toString('utf8')),
    () => null, // missing, unreadable or refused: extracted again (and the write below says why it cannot be stored)
  );
  if (existing && existing.source.sha256 === pageSha) {
    return { text: existing.text, sha256: sha256Hex(existing.text), reused: true };
  }
  checkPageSize(rel, bytes.length);
  const article = await extractInWorker(decodeHtml(bytes, rel), rel);
  const record: ExtractedRecord = {
    format: EXTRACTED_FORMAT,
    version: EXTRACTED_VERSION,
    source: { name: basename(file), sha256: pageSha },
    extractor: EXTRACTOR,
    extracted: new Date().toISOString(),
    title: article.title,
    text: article.text,
  };
  const result: HtmlText = { text: article.text, sha256: sha256Hex(article.text), reused: false };
  try {
    await writeAbsoluteInside(root, stored, serializeExtracted(record));
  } catch (e) {
    result.notStored = `${rel}${EXTRACTED_SUFFIX} could not be written: ${(e as Error).message}`;
  }
  return result;
}

/** A page's article text and its hash, with extraction failures as a CorpusError naming the page. */
export async function htmlDocumentText(root: string, file: string, rel: string, bytes: Uint8Array): Promise<{ text: string; sha256: string }> {
  try {
    const { text, sha256 } = await htmlArticleText(root, file, rel, bytes);
    return { text, sha256 };
  } catch (e) {
    if (e instanceof CorpusError) throw e;
    throw new CorpusError('io', `${rel}: the article could not be extracted from the page: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * The text of a document and the SHA-256 its sidecar records: for a page, its
 * article text (above); for a text file, its decoded bytes and their hash.
 * The same as CorpusService.readDocument reads.
 */
export async function documentSourceText(root: string, file: string, rel: string, bytes: Uint8Array): Promise<{ text: string; sha256: string }> {
  if (isHtmlDocument(rel)) return htmlDocumentText(root, file, rel, bytes);
  return { text: decodeDocument(bytes, rel), sha256: sha256Hex(bytes) };
}
