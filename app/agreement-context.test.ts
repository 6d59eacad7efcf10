import { describe, expect, it } from 'vitest';
import { createAnnotation } from './annotations';
import { disagreementContext } from './agreement-context';
import { TextIndex } from './offsets';

const TEXT = 'Earlier text here, and a long clause that goes on for quite a while indeed. Gen. 😀 Saltzman met Kim Jong-un in Tokyo. Then they left, and much later, after a long while, they came back.';
const index = new TextIndex(TEXT);
const at = (needle: string, label: string) => {
  const u = TEXT.indexOf(needle);
  const start = index.toCodePoint(u);
  return createAnnotation(index, { type: 'entity', label, start, end: start + [...needle].length, now: '2026-01-01T00:00:00.000Z' });
};

describe('disagreementContext', () => {
  it("shows the disagreement's sentence with both sides' spans in place, split where spans start and end", () => {
    const a = at('Saltzman', 'PERSON');
    const b = at('Kim Jong-un', 'PERSON');
    const b2 = at('Saltzman met', 'ORG');
    const ctx = disagreementContext({ start: a.start, end: b.end, a: [a], b: [b2, b] });
    expect(ctx?.pieces.map((p) => p.text).join('')).toMatch(/Saltzman met Kim Jong-un in Tokyo\.$/u);
    expect(ctx?.pieces.filter((p) => p.a.length || p.b.length)).toEqual([
      { text: 'Saltzman', a: ['PERSON'], b: ['ORG'] },
      { text: ' met', a: [], b: ['ORG'] },
      { text: 'Kim Jong-un', a: [], b: ['PERSON'] },
    ]);
    // Cut at sentence boundaries: nothing of the sentences before or after.
    expect(ctx?.pieces.map((p) => p.text).join('')).not.toMatch(/indeed|Then/u);
    expect(ctx).toMatchObject({ cutBefore: false, cutAfter: false });
  });

  it('with the text around it from the comparison, shows the whole sentence, not only the 32 characters each annotation carries', () => {
    const text = 'Pilots in Valparaíso said on 3 May that the Port Authority delayed dredging of the inner harbour. Nobody else spoke.';
    const ix = new TextIndex(text);
    const start = ix.toCodePoint(text.indexOf('Port Authority'));
    const a = createAnnotation(ix, { type: 'entity', label: 'ORG', start, end: start + 14, now: '2026-01-01T00:00:00.000Z' });
    const ctx = disagreementContext({ start: a.start, end: a.end, a: [a], b: [], around: { start: 0, text: ix.slice(0, ix.length) } });
    expect(ctx?.pieces.map((p) => p.text).join('')).toBe('Pilots in Valparaíso said on 3 May that the Port Authority delayed dredging of the inner harbour.');
    expect(ctx).toMatchObject({ cutBefore: false, cutAfter: false });
    // Text sent from an offset (code points, after an emoji) lines up with the annotations.
    const t2 = `😀😀 ${text}`;
    const ix2 = new TextIndex(t2);
    const s2 = ix2.toCodePoint(t2.indexOf('Port Authority'));
    const a2 = createAnnotation(ix2, { type: 'entity', label: 'ORG', start: s2, end: s2 + 14, now: '2026-01-01T00:00:00.000Z' });
    const ctx2 = disagreementContext({ start: s2, end: s2 + 14, a: [a2], b: [], around: { start: 2, text: ix2.slice(2, ix2.length) } });
    expect(ctx2?.pieces.find((p) => p.a.length)?.text).toBe('Port Authority');
    expect(ctx2?.pieces.map((p) => p.text).join('')).toMatch(/^Pilots in Valparaíso .* harbour\.$/u);
  });

  it('where only part of a sentence is known, starts and ends it at whole words, not in the middle of one', () => {
    const text = 'Pilots in Valparaíso said on 3 May that the Port Authority delayed dredging of the inner harbour.';
    const ix = new TextIndex(text);
    const u = text.indexOf('Port Authority');
    const start = ix.toCodePoint(u);
    const a = createAnnotation(ix, { type: 'entity', label: 'ORG', start, end: start + 14, now: '2026-01-01T00:00:00.000Z' });
    const ctx = disagreementContext({ start: a.start, end: a.end, a: [a], b: [] });
    const shown = ctx?.pieces.map((p) => p.text).join('') ?? '';
    expect(ctx).toMatchObject({ cutBefore: true, cutAfter: true });
    // 32 code points of context either side: the prefix begins inside "Valparaíso", the suffix ends inside "harbour"; both partial words are left out.
    expect(shown).toBe('said on 3 May that the Port Authority delayed dredging of the inner');
  });

  it('does not mark a sentence as cut when the known text ends with its full stop', () => {
    const text = 'Mayor Jorge Sharp told Radio Bío-Bío the work resumes in June.';
    const ix = new TextIndex(text);
    const start = ix.toCodePoint(text.indexOf('June'));
    const a = createAnnotation(ix, { type: 'entity', label: 'DATE', start, end: start + 4, now: '2026-01-01T00:00:00.000Z' });
    const ctx = disagreementContext({ start: a.start, end: a.end, a: [], b: [a] });
    expect(ctx?.cutAfter).toBe(false);
    expect(ctx?.pieces.map((p) => p.text).join('')).toMatch(/resumes in June\.$/u);
  });

  it('is null when the annotations leave a gap inside the disagreement', () => {
    const a = at('Earlier', 'MISC');
    const b = at('came back', 'MISC');
    expect(disagreementContext({ start: a.start, end: b.end, a: [a], b: [b] })).toBeNull();
  });
});
