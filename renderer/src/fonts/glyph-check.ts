// Whether any installed font draws a character, measured on a canvas: where
// none does, Chromium draws the first font's "missing glyph" box, the same
// box it draws for an unassigned code point. (document.fonts.check() cannot
// tell: it answers true for system fonts that are not installed at all.)

const UNASSIGNED = '\u0378'; // no character, in no font
const SIZE = 32;

let canvas: HTMLCanvasElement | undefined;

function pixels(ctx: CanvasRenderingContext2D, ch: string): Uint8ClampedArray {
  ctx.clearRect(0, 0, SIZE * 2, SIZE * 2);
  ctx.fillText(ch, 4, SIZE * 1.5);
  return ctx.getImageData(0, 0, SIZE * 2, SIZE * 2).data;
}

function same(a: Uint8ClampedArray, b: Uint8ClampedArray): boolean {
  if (a.length !== b.length) return false;
  for (let i = 3; i < a.length; i += 4) if (a[i] !== b[i]) return false; // alpha is enough: black text
  return true;
}

/** For each character, true when a font of `fontFamily` (or the system's fallback) draws it. */
export function drawsGlyphs(chars: readonly string[], fontFamily: string): boolean[] {
  canvas ??= document.createElement('canvas');
  canvas.width = canvas.height = SIZE * 2;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return chars.map(() => true); // cannot tell: say nothing rather than something wrong
  ctx.font = `${SIZE}px ${fontFamily}`;
  ctx.fillStyle = '#000';
  const box = pixels(ctx, UNASSIGNED);
  return chars.map((ch) => !same(pixels(ctx, ch), box));
}
