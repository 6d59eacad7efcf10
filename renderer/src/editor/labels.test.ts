import { describe, expect, it } from 'vitest';
import defaultSchema from '../../../resources/default-schema.json';
import { parseLabelSchema } from '../../../app/label-schema';
import { colourRules, contrast, DARK_BACKGROUND, HIGHLIGHT_SLOTS, highlightRules, labelInfos, readableOn, underlineStyle } from './labels';

// Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
const OKABE_ITO = ['#e69f00', '#56b4e9', '#009e73', '#f0e442', '#0072b2', '#d55e00', '#cc79a7', '#000000'];

describe('labels readable without colour', () => {
  it('gives neighbouring slots different underline styles, wrapping around', () => {
    for (let slot = 0; slot < HIGHLIGHT_SLOTS; slot++) expect(underlineStyle(slot)).not.toBe(underlineStyle(slot + 1));
  });

  it('writes each entity slot its underline style, and the nested overline in the same style', () => {
    const labels = labelInfos({ version: 1, entityLabels: [{ name: 'A', colour: '#000000' }, { name: 'B', colour: '#000000' }], claimLabels: [], relationTypes: [], attributes: [] });
    const rules = highlightRules(labels);
    expect(rules.find((r) => r.startsWith('::highlight(mg-0)'))).toContain('text-decoration-style: solid');
    expect(rules.find((r) => r.startsWith('::highlight(mg-1)'))).toContain('text-decoration-style: dashed');
    expect(rules.find((r) => r.startsWith('::highlight(mg-1-n)'))).toMatch(/text-decoration-line: overline; text-decoration-style: dashed/);
  });

  it('the default schema uses only the colour-blind-safe Okabe-Ito palette, each colour once', () => {
    const parsed = parseLabelSchema(defaultSchema);
    if (!parsed.ok) throw new Error(parsed.message);
    const colours = [...parsed.schema.entityLabels, ...parsed.schema.claimLabels].map((l) => l.colour.toLowerCase());
    for (const c of colours) expect(OKABE_ITO).toContain(c);
    expect(new Set(colours).size).toBe(colours.length);
  });
});

// Machado, Oliveira & Fernandes (2009), severity 1.0, applied in linear RGB: how the colours look with the deficiency.
const DEFICIENCY = {
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
} as const;
const toLinear = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const toSrgb = (c: number) => 255 * ((c = Math.min(1, Math.max(0, c))) <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
function seenAs(hex: string, m: readonly (readonly number[])[]): number[] {
  const n = Number.parseInt(hex.slice(1), 16);
  const v = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(toLinear);
  return m.map((row) => toSrgb(row[0]! * v[0]! + row[1]! * v[1]! + row[2]! * v[2]!));
}
/** The closest two colours of a palette as seen with the deficiency (distance in sRGB 0-255). */
function closestPair(palette: readonly string[], m: readonly (readonly number[])[]): number {
  let min = Infinity;
  for (let i = 0; i < palette.length; i++)
    for (let j = i + 1; j < palette.length; j++) min = Math.min(min, Math.hypot(...seenAs(palette[i]!, m).map((x, k) => x - seenAs(palette[j]!, m)[k]!)));
  return min;
}

describe('the default palette with a red-green colour-vision deficiency', () => {
  const parsed = parseLabelSchema(defaultSchema);
  const palette = parsed.ok ? [...parsed.schema.entityLabels, ...parsed.schema.claimLabels].map((l) => l.colour) : [];

  for (const [name, m] of Object.entries(DEFICIENCY)) {
    it(`keeps every two labels apart under ${name}`, () => {
      expect(closestPair(palette, m)).toBeGreaterThan(40);
      // The palette before issue 14: ORG and LOC blue and purple became one colour (13 apart under deuteranopia).
      expect(closestPair(['#e6550d', '#3182bd', '#31a354', '#756bb1', '#c7a600', '#de2d8c', '#636363'], m)).toBeLessThan(40);
    });
  }
});

describe('label colours on the dark theme', () => {
  it('keeps a colour that stands out by 3:1 and lightens one that does not (black), just enough', () => {
    expect(readableOn('#e69f00', DARK_BACKGROUND)).toBe('#e69f00');
    const black = readableOn('#000000', DARK_BACKGROUND);
    expect(contrast(black, DARK_BACKGROUND)).toBeGreaterThanOrEqual(3);
    expect(contrast(black, DARK_BACKGROUND)).toBeLessThan(3.6);
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });

  it('writes every label\'s variables for the light themes, and dark-theme ones only for the colours that need them', () => {
    const [light, dark] = colourRules([
      { name: 'GPE', colour: '#e69f00', type: 'entity', slot: 2 },
      { name: 'CLAIM', colour: '#000000', type: 'claim', slot: 6 },
    ]);
    expect(light).toContain('--mg-label-2: #e69f00;');
    expect(light).toContain('--mg-label-6: #000000; --mg-label-6-bg: rgba(0, 0, 0, 0.28);');
    expect(dark?.startsWith(":root[data-theme='dark'] {")).toBe(true);
    expect(dark).toContain(`--mg-label-6: ${readableOn('#000000', DARK_BACKGROUND)};`);
    expect(dark).not.toContain('--mg-label-2:');
  });
});
