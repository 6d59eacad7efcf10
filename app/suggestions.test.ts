import nlp from 'compromise';
import { describe, expect, it } from 'vitest';
import { TextIndex } from './offsets';
import {
  finishSuggestions,
  suggestEntities,
  suggestInChunk,
  textChunks,
  type Nlp,
  type NlpDocument,
  type Suggestion,
} from './suggestions';

const compromise = nlp as unknown as Nlp;
const suggest = (text: string, options = {}) => suggestEntities(compromise, new TextIndex(text), options);
const brief = (list: Suggestion[]) => list.map((s) => `${s.label} ${s.start}-${s.end} ${s.text}`);
/** The code points [start, end) of `text`, independently of app/offsets. */
const cpSlice = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('');

describe('suggestEntities with compromise', () => {
  it('maps compromise offsets (UTF-16) to code points after astral characters', () => {
    // 😀 and 𠮷 are two UTF-16 units each, one code point each.
    const text = '😀𠮷 Gen. Chance Saltzman visited Tokyo on Monday.';
    const found = suggest(text);
    const person = found.find((s) => s.label === 'PERSON')!;
    expect(person).toMatchObject({ text: 'Chance Saltzman', start: 8, end: 23 });
    expect(cpSlice(text, person.start, person.end)).toBe('Chance Saltzman');
    for (const s of found) expect(cpSlice(text, s.start, s.end)).toBe(s.text);
    expect(brief(found)).toContain('GPE 32-37 Tokyo');
  });

  it('keeps offsets right across CRLF lines, emoji sequences and chunk boundaries', () => {
    const line = '👨‍👩‍👧 Barack Obama met Angela Merkel in Paris.\r\n';
    const text = line.repeat(30);
    const index = new TextIndex(text);
    // Small chunks so the text is processed in several calls.
    const chunks = textChunks(index, 200);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.map((c) => c.text).join('')).toBe(text);
    const found = finishSuggestions(chunks.flatMap((c) => suggestInChunk(compromise, index, c)));
    expect(found.filter((s) => s.text === 'Barack Obama')).toHaveLength(30);
    for (const s of found) expect(cpSlice(text, s.start, s.end)).toBe(s.text);
    // A line is 48 code points: 👨‍👩‍👧 is 5 (three emoji joined by two ZWJ), and \r\n is 2.
    // Paris starts at 5 + 1 + "Barack Obama met Angela Merkel in ".length (34) = 40 in each line.
    const lineCps = Array.from(line).length;
    expect(lineCps).toBe(48);
    expect(found.filter((s) => s.text === 'Paris').map((s) => s.start)).toEqual(Array.from({ length: 30 }, (_, i) => i * 48 + 40));
  });

  it('trims titles, articles, possessives and punctuation; keeps an abbreviation’s full stop', () => {
    const text = 'Mr. John Smith Jr. of Acme Inc. said Japan’s envoy met the U.S. team in Washington, D.C. on Dec. 14, 2022.';
    const texts = suggest(text).map((s) => `${s.label}:${s.text}`);
    expect(texts).toContain('PERSON:John Smith Jr.');
    expect(texts).toContain('ORG:Acme Inc.');
    expect(texts).toContain('GPE:Japan');
    expect(texts).toContain('GPE:Washington, D.C.');
    expect(texts).toContain('DATE:Dec. 14, 2022');
    expect(texts.some((t) => t.endsWith('’s'))).toBe(false);
  });

  it('cuts matches at dashes, line breaks and (for places) commas', () => {
    const texts = suggest('WASHINGTON—The U.S. military flew from Seoul, South Korea to China, Russia.').map((s) => s.text);
    expect(texts).not.toContain('WASHINGTON—The U.S. military');
    expect(texts).toContain('U.S. military');
    expect(texts).toEqual(expect.arrayContaining(['Seoul', 'South Korea', 'China', 'Russia']));
    for (const t of suggest('Online Post\n- In 2040\n- more').map((s) => s.text)) expect(t).not.toMatch(/\n/);
  });

  it('drops dates without a digit, month, weekday or holiday', () => {
    const texts = suggest('Every month and each year they met in July and on Monday.').map((s) => `${s.label}:${s.text}`);
    expect(texts).toContain('DATE:July');
    expect(texts).toContain('DATE:Monday');
    expect(texts).not.toContain('DATE:month');
    expect(texts).not.toContain('DATE:year');
  });
});

describe('mapping and filtering', () => {
  const text = 'Barack Obama visited Paris.';

  it('leaves out spans already annotated with the same label, but not with another', () => {
    const all = suggest(text);
    const obama = all.find((s) => s.text === 'Barack Obama')!;
    expect(suggest(text, { existing: [{ label: 'PERSON', start: obama.start, end: obama.end }] }).some((s) => s.text === 'Barack Obama')).toBe(false);
    expect(suggest(text, { existing: [{ label: 'ORG', start: obama.start, end: obama.end }] }).some((s) => s.text === 'Barack Obama')).toBe(true);
  });

  it('maps categories to other labels, turns some off, and drops labels the schema lacks', () => {
    expect(suggest(text, { labelMap: { person: 'OFFICIAL', gpe: null } }).map((s) => `${s.label}:${s.text}`)).toEqual(['OFFICIAL:Barack Obama']);
    expect(suggest(text, { allowedLabels: ['GPE'] }).map((s) => s.label)).toEqual(['GPE']);
  });

  it('drops a match whose terms are not where compromise says (and survives odd output)', () => {
    const fake: Nlp = () => {
      const view = (json: unknown) => ({ json: () => json });
      const doc: NlpDocument = {
        people: () => view([{ terms: [{ text: 'Nobody', tags: ['Person'], offset: { start: 0, length: 6 } }] }]),
        organizations: () => view('not an array'),
        places: () => view([{ terms: [{ text: 'Paris', tags: ['City'], offset: { start: 21, length: 5 } }] }, { nothing: true }]),
        match: () => view([]),
      };
      return doc;
    };
    expect(brief(suggestEntities(fake, new TextIndex(text)))).toEqual(['GPE 21-26 Paris']);
  });

  it('gives stable ids and sorts by position', () => {
    const found = suggest('Paris and Barack Obama and Paris.');
    expect(found.map((s) => s.id)).toEqual(found.map((s) => `${s.label}:${s.start}:${s.end}`));
    expect([...found].sort((a, b) => a.start - b.start)).toEqual(found);
  });
});
