import { describe, expect, it } from 'vitest';
import { TextIndex } from '../offsets';
import { coordinatesFor, findQuoteNear, mergeImported, placeSpan, SEARCH_WINDOW } from './merge';
import type { ImportedDocument, ImportedSpan } from './types';

const SCHEMA = {
  version: 1 as const,
  entityLabels: [{ name: 'PERSON', colour: '#000000' }],
  claimLabels: [{ name: 'CLAIM', colour: '#000000' }],
  relationTypes: [],
};
const span = (fragments: [number, number][], quote?: string, extra: Partial<ImportedSpan> = {}): ImportedSpan => ({
  ref: 'T1',
  origin: 'x.ann line 1',
  label: 'PERSON',
  fragments: fragments.map(([start, end]) => ({ start, end })),
  ...(quote === undefined ? {} : { quote }),
  ...extra,
});

describe('placeSpan', () => {
  const text = 'Kim met 김정은 😀 and Kim again.\r\nKim\r\nleft.';
  const index = new TextIndex(text);
  const source = coordinatesFor(index, 'source');

  it('takes the offsets when the text there is the quote', () => {
    expect(placeSpan(span([[8, 11]], '김정은'), source)).toEqual({ ok: true, start: 8, end: 11, moved: false });
  });

  it('finds the nearest occurrence of the quote when the offsets are off', () => {
    // "Kim" occurs at 0, 18 and 31; offsets pointing near 18 take that one.
    expect(placeSpan(span([[17, 20]], 'Kim'), source)).toEqual({ ok: true, start: 18, end: 21, moved: true });
  });

  it('matches a quote whose line breaks differ (LF in the file, CRLF in the source)', () => {
    const placed = placeSpan(span([[30, 39]], 'Kim\nleft'), source);
    expect(placed).toMatchObject({ ok: true, moved: true });
    if (placed.ok) expect(index.slice(placed.start, placed.end)).toBe('Kim\r\nleft');
  });

  it('maps brat LF coordinates back to the CRLF source', () => {
    const lf = coordinatesFor(index, 'lf');
    // In the LF text "left" starts one character earlier than in the source.
    const lfText = text.replace(/\r\n/g, '\n');
    const at = Array.from(lfText.slice(0, lfText.indexOf('left'))).length; // code points (😀 is one)
    expect(placeSpan(span([[at, at + 4]], 'left'), lf)).toEqual({ ok: true, start: at + 2, end: at + 6, moved: false });
    // Two fragments on two lines are one span across the line break.
    expect(placeSpan(span([[at - 4, at - 1], [at, at + 4]], 'Kim left'), lf)).toMatchObject({ ok: true, end: at + 6, moved: false });
  });

  it('places discontinuous spans with their pieces; refuses quotes found nowhere near, and offsets past the end', () => {
    expect(placeSpan(span([[0, 3], [8, 11]], 'Kim 김정은'), source)).toEqual({ ok: true, start: 0, end: 11, moved: false, fragments: [{ start: 0, end: 3 }, { start: 8, end: 11 }] });
    expect(placeSpan(span([[0, 3], [8, 11]], 'Kim Lee'), source)).toMatchObject({ ok: false, reason: expect.stringMatching(/not searched for/) });
    expect(placeSpan(span([[0, 3]], 'Lee'), source)).toMatchObject({ ok: false, reason: expect.stringMatching(/not found within/) });
    expect(placeSpan(span([[100, 103]]), source)).toMatchObject({ ok: false, reason: expect.stringMatching(/past the end/) });
  });

  it('refuses a span that splits a letter from its accent or an emoji sequence, saying so', () => {
    // "Tu" + COMBINING ACUTE, then a family emoji (a ZWJ sequence of five code points).
    const t = new TextIndex('Thanh Tu\u0301 👨\u200d👩\u200d👧 ok');
    const c = coordinatesFor(t, 'source');
    expect(placeSpan(span([[6, 8]]), c)).toMatchObject({ ok: false, reason: expect.stringMatching(/split a character from its accent or an emoji sequence/) });
    expect(placeSpan(span([[10, 12]]), c)).toMatchObject({ ok: false, reason: expect.stringMatching(/split a character/) });
    expect(placeSpan(span([[6, 9]]), c)).toMatchObject({ ok: true, start: 6, end: 9 });
    expect(placeSpan(span([[10, 15]]), c)).toMatchObject({ ok: true, start: 10, end: 15 });
  });

  it('searches only within the window', () => {
    const far = `${'x'.repeat(SEARCH_WINDOW + 50)}needle`;
    const farIndex = new TextIndex(far);
    expect(findQuoteNear(farIndex, 'needle', 0)).toBeNull();
    expect(findQuoteNear(farIndex, 'needle', 100)).toEqual({ start: SEARCH_WINDOW + 50, end: SEARCH_WINDOW + 56 });
  });
});

describe('mergeImported', () => {
  const text = 'Han said "it works" today.';
  const imported = (spans: ImportedSpan[], relations: ImportedDocument['relations'] = []): ImportedDocument => ({
    origin: 'f', coordinates: 'source', spans, relations, problems: [],
  });

  it('adds new spans with context, decides claims from the schema, links claimants and relations', () => {
    const r = mergeImported({
      path: 'dir/a.txt', text, sha256: 'a'.repeat(64), existing: null, schema: SCHEMA,
      imported: imported(
        [span([[0, 3]], 'Han', { ref: 'T1' }), span([[10, 18]], 'it works', { ref: 'T2', label: 'CLAIM', claimantRef: 'T1' }), span([[20, 25]], 'today', { ref: 'T3', label: 'DATE' })],
        [{ ref: 'R1', origin: 'f line 4', type: 'said-by', from: 'T2', to: 'T1' }, { ref: 'R2', origin: 'f line 5', type: 'said-by', from: 'T2', to: 'T9' }],
      ),
    });
    expect(r.added).toBe(3);
    expect(r.sidecar.source).toEqual({ name: 'a.txt', sha256: 'a'.repeat(64), length: 26 });
    const [han, claim] = r.sidecar.annotations;
    expect(claim).toMatchObject({ type: 'claim', label: 'CLAIM', text: 'it works', prefix: 'Han said "', suffix: '" today.', claimant: han?.id });
    expect(r.sidecar.relations).toMatchObject([{ type: 'said-by', from: claim?.id, to: han?.id }]);
    expect(r.sidecar.relations[0]?.id).toMatch(/^r_/);
    expect(r.notPlaced).toEqual(['f line 5: relation said-by not placed: T9 is not a span in the file']);
    expect([...r.unknownLabels]).toEqual(['DATE']);
  });

  it('does not add duplicates, and changes nothing already there', () => {
    const first = mergeImported({ path: 'a.txt', text, sha256: 'a'.repeat(64), existing: null, schema: SCHEMA, imported: imported([span([[0, 3]], 'Han')]) });
    const again = mergeImported({ path: 'a.txt', text, sha256: 'a'.repeat(64), existing: first.sidecar, schema: SCHEMA, imported: imported([span([[0, 3]], 'Han', { note: 'new note' })]) });
    expect(again).toMatchObject({ added: 0, duplicates: 1, changed: false });
    expect(again.sidecar).toBe(first.sidecar);
  });
});
