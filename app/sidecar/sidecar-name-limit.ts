// A document whose sidecar's name cannot exist (issue 17: "a 240-character
// file name opens read-only forever"): file names are at most 255 bytes
// (NAME_MAX on Linux and macOS, 255 UTF-16 units on NTFS, never fewer bytes
// of UTF-8), so the article can be read but its annotations never saved.
// Pure, browser-safe: the renderer says so by name when the document opens.
import { SIDECAR_SUFFIX } from './sidecar-schema';
import { sidecarNameFor } from './sidecar-io';

/** The most bytes a file name may have. */
export const NAME_MAX = 255;

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

/** The document's sidecar name, its length and the longest document name that would fit, when it is over NAME_MAX; else null. */
export function sidecarNameTooLong(path: string): { documentName: string; sidecarName: string; bytes: number; maxDocumentBytes: number } | null {
  const documentName = path.slice(path.lastIndexOf('/') + 1);
  const sidecarName = sidecarNameFor(documentName);
  const bytes = utf8Length(sidecarName);
  if (bytes <= NAME_MAX) return null;
  return { documentName, sidecarName, bytes, maxDocumentBytes: NAME_MAX - utf8Length(SIDECAR_SUFFIX) };
}

/** What the analyst is told on opening such a document (null when its sidecar name fits). */
export function describeSidecarNameTooLong(path: string): string | null {
  const long = sidecarNameTooLong(path);
  if (!long) return null;
  return `“${long.documentName}” can be read but not annotated: its annotations file “${long.sidecarName}” would be ${long.bytes} bytes long, over the ${NAME_MAX} bytes a file name may have. Rename the article to at most ${long.maxDocumentBytes} bytes to annotate it.`;
}
