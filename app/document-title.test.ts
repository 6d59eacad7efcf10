import { describe, expect, it } from 'vitest';
import { decodeHead, MAX_TITLE_LENGTH, titleFromHtml, titleFromText } from './document-title';

describe('document titles', () => {
  it('takes the first non-empty line of a text, whitespace folded', () => {
    expect(titleFromText('\n  \r\n  US  Space Force\tplans a unit \nsecond line')).toBe('US Space Force plans a unit');
    expect(titleFromText('Go to contents\n\nHeadline')).toBe('Headline'); // a skip link is passed over (below)
    expect(titleFromText('\n \n')).toBeUndefined();
    expect(titleFromText('## Allies #1\n', { markdown: true })).toBe('Allies #1');
    expect(titleFromText('#hashtag\n', { markdown: true })).toBe('#hashtag');
  });

  it('reads lines one by one with any line ending, a line ending never taken for the space after a heading mark', () => {
    expect(titleFromText('#\nNext', { markdown: true })).toBe('#');
    expect(titleFromText('#\r\nNext', { markdown: true })).toBe('#');
    expect(titleFromText('\r\r  \rOld Mac file\rsecond')).toBe('Old Mac file');
    expect(titleFromText('Skip to content\r\n\r\nTitle\r\n')).toBe('Title');
  });

  it("passes over a web page's skip link left at the top of copied text", () => {
    expect(titleFromText('Go to contents\nU.S. and Japan meet\nPosted April 6')).toBe('U.S. and Japan meet');
    expect(titleFromText('  Skip to main content \n\n# Heading', { markdown: true })).toBe('Heading');
    expect(titleFromText('Go to contents')).toBeUndefined();
    // A line that only starts like one is a title.
    expect(titleFromText('Go to contents of the treaty, says minister')).toBe('Go to contents of the treaty, says minister');
  });

  it('cuts a very long first line', () => {
    const title = titleFromText('word '.repeat(100)) ?? '';
    expect(title.length).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
    expect(title.endsWith('…')).toBe(true);
  });

  it('gives no title for text that is not UTF-8', () => {
    expect(titleFromText(decodeHead(Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), true))).toBeUndefined();
  });

  it('drops a BOM and a character cut in half at the end of the head', () => {
    const bytes = new TextEncoder().encode('\uFEFF북한 미사일');
    expect(decodeHead(bytes.subarray(0, bytes.length - 1), false)).toBe('북한 미사');
    expect(titleFromText(decodeHead(bytes.subarray(0, bytes.length - 1), false))).toBe('북한 미사');
  });

  it('takes an HTML page title, else its first h1, with tags removed and entities decoded', () => {
    expect(titleFromHtml('<html><head><meta charset="utf-8"><TITLE>\n U.S. &amp; Japan &#8212; space &#x2019;24 </TITLE></head>')).toBe('U.S. & Japan — space ’24');
    expect(titleFromHtml('<html><head><title></title></head><body><h1 class="x">A <em>big</em> step</h1>')).toBe('A big step');
    expect(titleFromHtml('<html><head><script>var t = "<title>";</script>')).toBeUndefined();
  });
});
