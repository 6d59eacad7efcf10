import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeDocument, firstInvalidUtf8 } from './decode';
import { CorpusError } from './paths';

// Property tests bound their own time: fast-check starts no new run after the
// budget (and passes if none failed), so a loaded two-core machine runs fewer
// cases instead of timing out; the test's timeout only catches a hang.
const PROPERTY_BUDGET = fc.interruptAfterTimeLimit(2_000);
const PROPERTY_TIMEOUT = 20_000;

const enc = new TextEncoder();
const bytes = (...b: number[]) => Uint8Array.from(b);

function errorOf(fn: () => unknown): CorpusError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CorpusError);
    return e as CorpusError;
  }
  throw new Error('expected a CorpusError');
}

describe('decodeDocument', () => {
  it('decodes UTF-8 and strips one leading BOM only', () => {
    expect(decodeDocument(enc.encode('héllo 😀\r\n'), 'a.txt')).toBe('héllo 😀\r\n');
    expect(decodeDocument(bytes(0xef, 0xbb, 0xbf, 0x61), 'a.txt')).toBe('a');
    expect(decodeDocument(bytes(0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x61), 'a.txt')).toBe('\ufeffa');
  });

  it('reports invalid UTF-8 with the file, the byte offset and the line', () => {
    const e = errorOf(() => decodeDocument(bytes(0x61, 0x0a, 0x62, 0xe9, 0x63), 'dir/latin1.txt'));
    expect(e.code).toBe('invalid-utf8');
    expect(e.message).toContain('dir/latin1.txt');
    expect(e.message).toContain('byte 3');
    expect(e.message).toContain('line 2');
  });

  it('counts the byte offset in the file, BOM included', () => {
    const e = errorOf(() => decodeDocument(bytes(0xef, 0xbb, 0xbf, 0x61, 0xff), 'a.txt'));
    expect(e.message).toContain('byte 4');
  });

  it('treats NUL bytes in the first 8 KB as binary, and UTF-16 as unsupported', () => {
    expect(errorOf(() => decodeDocument(bytes(0x89, 0x50, 0x4e, 0x47, 0, 0), 'img.txt'))).toMatchObject({
      code: 'unsupported',
      message: expect.stringContaining('binary'),
    });
    expect(errorOf(() => decodeDocument(bytes(0xff, 0xfe, 0x61, 0), 'u16.txt'))).toMatchObject({
      code: 'unsupported',
      message: expect.stringContaining('UTF-16'),
    });
    // A NUL after the first 8 KB is text (decoded as U+0000).
    const late = new Uint8Array(9000).fill(0x61);
    late[8999] = 0;
    expect(decodeDocument(late, 'late.txt').length).toBe(9000);
  });
});

describe('firstInvalidUtf8', () => {
  it('agrees with a fatal TextDecoder on arbitrary bytes', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        let valid = true;
        try {
          fatal.decode(b);
        } catch {
          valid = false;
        }
        const at = firstInvalidUtf8(b);
        expect(at === -1).toBe(valid);
        if (!valid) expect(() => fatal.decode(b.subarray(0, at))).not.toThrow();
      }),
      { numRuns: 3000, plugins: [PROPERTY_BUDGET] },
    );
  }, PROPERTY_TIMEOUT);

  it('finds overlongs, surrogates, truncation and code points above U+10FFFF', () => {
    expect(firstInvalidUtf8(bytes(0x61, 0xc0, 0x80))).toBe(1);
    expect(firstInvalidUtf8(bytes(0xed, 0xa0, 0x80))).toBe(0);
    expect(firstInvalidUtf8(bytes(0x61, 0x62, 0xe2, 0x82))).toBe(2);
    expect(firstInvalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0);
    expect(firstInvalidUtf8(enc.encode('ok 한국 中文 😀'))).toBe(-1);
  });
});
