import { describe, expect, it } from 'vitest';
import defaultSchema from '../../../resources/default-schema.json';
import { parseLabelSchema } from '../../../app/label-schema';
import { HIGHLIGHT_SLOTS, highlightRules, labelInfos, underlineStyle } from './labels';

// Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
const OKABE_ITO = ['#e69f00', '#56b4e9', '#009e73', '#f0e442', '#0072b2', '#d55e00', '#cc79a7', '#000000'];

describe('labels readable without colour', () => {
  it('gives neighbouring slots different underline styles, wrapping around', () => {
    for (let slot = 0; slot < HIGHLIGHT_SLOTS; slot++) expect(underlineStyle(slot)).not.toBe(underlineStyle(slot + 1));
  });

  it('writes each entity slot its underline style, and the nested overline in the same style', () => {
    const labels = labelInfos({ version: 1, entityLabels: [{ name: 'A', colour: '#000000' }, { name: 'B', colour: '#000000' }], claimLabels: [], relationTypes: [], attributes: [] });
    const rules = highlightRules(labels);
    expect(rules.find((r) => r.startsWith('::highlight(mg-0)'))).toContain('underline solid 2px');
    expect(rules.find((r) => r.startsWith('::highlight(mg-1)'))).toContain('underline dashed 2px');
    expect(rules.find((r) => r.startsWith('::highlight(mg-1-n)'))).toContain('overline dashed 2px');
  });

  it('the default schema uses only the colour-blind-safe Okabe-Ito palette, each colour once', () => {
    const parsed = parseLabelSchema(defaultSchema);
    if (!parsed.ok) throw new Error(parsed.message);
    const colours = [...parsed.schema.entityLabels, ...parsed.schema.claimLabels].map((l) => l.colour.toLowerCase());
    for (const c of colours) expect(OKABE_ITO).toContain(c);
    expect(new Set(colours).size).toBe(colours.length);
  });
});
