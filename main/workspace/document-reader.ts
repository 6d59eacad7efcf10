// The one way main turns a document's bytes into what the app works with:
// pure functions (no file system) shared by the corpus service, the export
// workers, search and stats, so every reader has the same validation,
// migration and error messages. The files are read by the callers, through
// the corpus confinement (main/corpus/confined-fs.ts); a saved web page's
// article text is extracted by the caller too (html-article.ts, a worker) and
// handed in as text.
import { decodeHead, titleFromHtml, titleFromText } from '../../app/document-title';
import { parseSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { salvageSidecar } from '../../app/sidecar/sidecar-salvage';
import type { Sidecar } from '../../app/sidecar/sidecar-schema';
import { decodeDocument } from '../corpus/decode';
import { sha256Hex } from '../corpus/file-ledger';
import { isHtmlDocument } from '../corpus/html-article';
import { CorpusError } from '../corpus/paths';

export type SidecarDecode =
  | { state: 'ok'; sidecar: Sidecar; migratedFrom?: number; /** Items left out (salvage only), each named. */ dropped?: string[] }
  | { state: 'broken'; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A sidecar's bytes as a validated sidecar of the current version (older
 * versions migrated), or a message naming the file (`sidecarRel`) and what is
 * wrong. With `salvage` (exports only), a file invalid because of some of its
 * items gives the rest, each item left out named; the app itself stays strict.
 */
export function decodeSidecar(bytes: Uint8Array, sidecarRel: string, options: { salvage?: boolean } = {}): SidecarDecode {
  let text: string;
  try {
    text = utf8.decode(bytes); // a leading BOM is dropped here
  } catch {
    return { state: 'broken', message: `${sidecarRel} is not valid UTF-8` };
  }
  const parsed = parseSidecar(text);
  if (parsed.ok) return parsed.migratedFrom === undefined ? { state: 'ok', sidecar: parsed.sidecar } : { state: 'ok', sidecar: parsed.sidecar, migratedFrom: parsed.migratedFrom };
  if (options.salvage) {
    const salvaged = salvageSidecar(text);
    if (salvaged) return { state: 'ok', sidecar: salvaged.sidecar, dropped: salvaged.dropped };
  }
  return { state: 'broken', message: `${sidecarRel}: ${parsed.message}` };
}

/** A document's text as the app shows it, and the SHA-256 its sidecar records (of the file's bytes; of the article text for a web page). */
export interface DocumentText {
  text: string;
  sha256: string;
}

/** The text of a plain text document's bytes (UTF-8, BOM dropped); a CorpusError naming `path` when it is not text. */
export function plainDocumentText(bytes: Uint8Array, path: string): DocumentText {
  return { text: decodeDocument(bytes, path), sha256: sha256Hex(bytes) };
}

/** What one document's bytes give. */
export type DocumentRead =
  /** Text and sidecar agree (or there is no sidecar). */
  | { state: 'loaded'; path: string; text: string; sha256: string; sidecar: Sidecar | null; migratedFrom?: number; dropped?: string[] }
  /** The sidecar was written for other bytes: its annotations must be re-anchored on this text (app/reanchor.ts). */
  | { state: 'needs-reanchoring'; path: string; text: string; sha256: string; sidecar: Sidecar; migratedFrom?: number; dropped?: string[] }
  /** The text is fine, the sidecar cannot be used: `message` names it. */
  | { state: 'sidecar-problem'; path: string; text: string; sha256: string; message: string }
  /** The document itself cannot be read as text (binary, UTF-16, invalid UTF-8): `error` names it. */
  | { state: 'unreadable'; path: string; error: CorpusError };

export interface DocumentBytes {
  /** Corpus-relative path (names the document and its sidecar in messages). */
  path: string;
  /** The document's bytes, or a web page's extracted text (html-article.ts). */
  source: Uint8Array | DocumentText;
  /** The sidecar's bytes; null when there is none. */
  sidecar: Uint8Array | null;
  /** Exports keep what they can of an invalid sidecar (decodeSidecar). */
  salvage?: boolean;
}

/** One document from its bytes: see DocumentRead. */
export function readDocumentBytes(input: DocumentBytes): DocumentRead {
  const { path } = input;
  let source: DocumentText;
  if (input.source instanceof Uint8Array) {
    if (isHtmlDocument(path)) return { state: 'unreadable', path, error: new CorpusError('internal', `${path} is a web page: its article text must be extracted first`) };
    try {
      source = plainDocumentText(input.source, path);
    } catch (e) {
      return { state: 'unreadable', path, error: e instanceof CorpusError ? e : new CorpusError('io', `${path}: ${(e as Error).message}`, { cause: e }) };
    }
  } else source = input.source;
  const { text, sha256 } = source;
  if (input.sidecar === null) return { state: 'loaded', path, text, sha256, sidecar: null };
  const decoded = decodeSidecar(input.sidecar, sidecarNameFor(path), input.salvage ? { salvage: true } : {});
  if (decoded.state === 'broken') return { state: 'sidecar-problem', path, text, sha256, message: decoded.message };
  const extra = {
    ...(decoded.migratedFrom !== undefined ? { migratedFrom: decoded.migratedFrom } : {}),
    ...(decoded.dropped?.length ? { dropped: decoded.dropped } : {}),
  };
  if (decoded.sidecar.source.sha256 !== sha256) return { state: 'needs-reanchoring', path, text, sha256, sidecar: decoded.sidecar, ...extra };
  return { state: 'loaded', path, text, sha256, sidecar: decoded.sidecar, ...extra };
}

/** Bytes of a document's head read for its title: enough for a first line, or a page's <head> (pages put scripts and styles there). */
export function titleHeadBytes(path: string): number {
  return isHtmlDocument(path) ? 16 * 1024 : 4 * 1024;
}

/** The title the document list shows, from the first bytes of the file (`complete`: that is the whole file). */
export function documentTitle(path: string, head: Uint8Array, complete: boolean): string | undefined {
  const text = decodeHead(head, complete);
  return isHtmlDocument(path) ? titleFromHtml(text) : titleFromText(text, { markdown: /\.md$/iu.test(path) });
}
