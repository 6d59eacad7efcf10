// Turning a document's bytes into its text: UTF-8 only, a leading BOM is not
// part of the text, invalid UTF-8 is reported (with where), never guessed.
import { CorpusError } from './paths';

export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;
/** How far to look for NUL bytes before deciding a file is binary. */
export const BINARY_SNIFF_BYTES = 8 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * Byte offset of the first byte that does not start a well-formed UTF-8
 * sequence (the WHATWG decoder's rules: no overlongs, no surrogates, nothing
 * above U+10FFFF), or -1 when all of `bytes` is valid.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * The text of a document's bytes. `name` is used in error messages. Throws
 * CorpusError 'unsupported' for binary or UTF-16 files and 'invalid-utf8'
 * (naming the byte offset and line) for malformed UTF-8.
 */
export function decodeDocument(bytes: Uint8Array, name: string): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new CorpusError('unsupported', `${name} is encoded as UTF-16; only UTF-8 text files can be opened (save it as UTF-8)`);
  }
  const nul = bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0);
  if (nul !== -1) {
    throw new CorpusError('unsupported', `${name} looks like a binary file (it has a NUL byte at byte ${nul}), not a text document`);
  }
  const body = hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes;
  try {
    return decoder.decode(body);
  } catch (e) {
    const at = firstInvalidUtf8(body);
    const offset = at === -1 ? undefined : at + (bytes.length - body.length);
    const where = offset === undefined ? '' : ` at byte ${offset} (line ${lineOf(bytes, offset)})`;
    throw new CorpusError(
      'invalid-utf8',
      `${name} is not valid UTF-8${where}; it may be in another encoding such as Windows-1252: save it as UTF-8 to open it`,
      { cause: e },
    );
  }
}
