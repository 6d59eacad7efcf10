// The article's font stack keeps Latin fonts ahead of CJK ones: with CJK fonts
// installed, 'Noto Serif CJK SC' ahead of the Latin serif draws curly quotes
// and dashes full-width.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(join(import.meta.dirname, '../../renderer/src/styles/base.css'), 'utf8');

function stack(variable: string): string[] {
  const m = new RegExp(`${variable}:\\s*([^;]+);`).exec(css);
  if (!m?.[1]) throw new Error(`${variable} is not set in base.css`);
  return m[1].split(',').map((f) => f.trim().replace(/^'|'$/g, ''));
}

describe('the article font stack', () => {
  it('lists every Latin serif before any CJK font, and ends with the generic serif', () => {
    const fonts = stack('--font-text');
    const firstCjk = fonts.findIndex((f) => /CJK|Mincho|Song|Ming|Gothic|Batang|Myungjo/i.test(f));
    const lastLatin = Math.max(...['Noto Serif', 'Georgia', 'DejaVu Serif', 'Liberation Serif'].map((f) => fonts.indexOf(f)));
    expect(firstCjk).toBeGreaterThan(-1);
    expect(lastLatin).toBeLessThan(firstCjk);
    expect(fonts.at(-1)).toBe('serif');
  });
});
