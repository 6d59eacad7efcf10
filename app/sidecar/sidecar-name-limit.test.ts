import { describe, expect, it } from 'vitest';
import { describeSidecarNameTooLong, sidecarNameTooLong } from './sidecar-name-limit';

describe('sidecar names over the file-name limit', () => {
  it('a 238-byte document name still fits (its sidecar name is 255 bytes)', () => {
    expect(sidecarNameTooLong(`${'a'.repeat(234)}.txt`)).toBeNull();
    expect(sidecarNameTooLong(`sub/${'한'.repeat(78)}.txt`)).toBeNull();
    expect(describeSidecarNameTooLong('short.txt')).toBeNull();
  });

  it('one byte more does not, counted in UTF-8 bytes of the file name alone (not its folder)', () => {
    expect(sidecarNameTooLong(`folder/${'a'.repeat(235)}.txt`)).toEqual({ documentName: `${'a'.repeat(235)}.txt`, sidecarName: `${'a'.repeat(235)}.txt.annotations.json`, bytes: 256, maxDocumentBytes: 238 });
    expect(sidecarNameTooLong(`${'한'.repeat(79)}.txt`)?.bytes).toBe(258);
  });

  it('says by name that the article can be read, the limit, and what to do', () => {
    const name = `${'b'.repeat(236)}.txt`;
    const message = describeSidecarNameTooLong(name) as string;
    expect(message).toContain(`“${name}” can be read but not annotated`);
    expect(message).toContain(`“${name}.annotations.json” would be 257 bytes long, over the 255 bytes a file name may have`);
    expect(message).toContain('at most 238 bytes');
  });
});
