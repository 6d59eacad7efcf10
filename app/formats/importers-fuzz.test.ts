// Importers meet files written by other tools, or broken ones: whatever the
// input, they report problems instead of throwing, and every span they return
// has sane offsets.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseBratAnn } from './brat-import';
import { parseJsonl } from './jsonl';
import { parseLabelStudio } from './labelstudio';
import type { ImportedDocument } from './types';

function saneSpans(doc: ImportedDocument): void {
  for (const s of doc.spans) {
    expect(s.fragments.length).toBeGreaterThan(0);
    for (const f of [...s.fragments, ...(s.alternatives ?? [])]) {
      expect(Number.isInteger(f.start) && Number.isInteger(f.end)).toBe(true);
      expect(f.start).toBeGreaterThanOrEqual(0);
      expect(f.end).toBeGreaterThan(f.start);
    }
  }
}

/** Lines that look like brat standoff, with damage: wrong fields, bad numbers, unknown ids. */
const bratLine = fc.oneof(
  fc.tuple(fc.nat(99), fc.constantFrom('PERSON', 'ORG', 'Claim', ''), fc.integer({ min: -5, max: 500 }), fc.integer({ min: -5, max: 500 }), fc.string()).map(
    ([n, t, a, b, text]) => `T${n}\t${t} ${a} ${b}\t${text}`,
  ),
  fc.tuple(fc.nat(99), fc.nat(99), fc.nat(99)).map(([r, a, b]) => `R${r}\tsaid-by Arg1:T${a} Arg2:T${b}`),
  fc.tuple(fc.nat(99), fc.nat(99)).map(([a, t]) => `A${a}\tStance T${t} hedged`),
  fc.tuple(fc.nat(99), fc.nat(99), fc.string()).map(([n, t, note]) => `#${n}\tAnnotatorNotes T${t}\t${note}`),
  fc.string(),
);

describe('importers never throw on damaged input', () => {
  it('brat .ann', () => {
    fc.assert(
      fc.property(fc.array(bratLine, { maxLength: 30 }), fc.option(fc.string({ unit: 'grapheme', maxLength: 200 })), (lines, txt) => {
        const doc = parseBratAnn(lines.join('\n'), 'fuzz.ann', txt === null ? {} : { txt });
        saneSpans(doc);
      }),
      { numRuns: 300 },
    );
  });

  it('jsonl (spaCy/Prodigy and doccano lines)', () => {
    const record = fc.oneof(
      fc.jsonValue(),
      fc.record({
        text: fc.string({ unit: 'grapheme' }),
        spans: fc.array(fc.record({ start: fc.integer({ min: -3, max: 60 }), end: fc.integer({ min: -3, max: 60 }), label: fc.string() }), { maxLength: 6 }),
      }),
      fc.record({
        text: fc.string({ unit: 'grapheme' }),
        entities: fc.array(fc.record({ id: fc.nat(), label: fc.string(), start_offset: fc.integer({ min: -3, max: 60 }), end_offset: fc.integer({ min: -3, max: 60 }) }), { maxLength: 6 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(record.map((r) => JSON.stringify(r)), fc.string()), { maxLength: 10 }), (lines) => {
        for (const doc of parseJsonl(lines.join('\n'), 'fuzz.jsonl')) saneSpans(doc);
      }),
      { numRuns: 300 },
    );
  });

  it('Label Studio tasks', () => {
    const result = fc.record({
      id: fc.string(),
      type: fc.constantFrom('labels', 'relation', 'choices', 'x'),
      value: fc.record({ start: fc.integer({ min: -3, max: 60 }), end: fc.integer({ min: -3, max: 60 }), text: fc.string(), labels: fc.array(fc.string(), { maxLength: 2 }) }),
    });
    const task = fc.record({ data: fc.record({ text: fc.string({ unit: 'grapheme' }) }), annotations: fc.array(fc.record({ result: fc.array(result, { maxLength: 5 }) }), { maxLength: 2 }) });
    fc.assert(
      fc.property(fc.oneof(fc.array(task, { maxLength: 4 }).map((t) => JSON.stringify(t)), fc.jsonValue().map((v) => JSON.stringify(v)), fc.string()), (text) => {
        let docs: ImportedDocument[] = [];
        try {
          docs = parseLabelStudio(text, 'fuzz.json');
        } catch (e) {
          // A file that is not Label Studio JSON at all is refused with a message naming it, not a crash.
          expect((e as Error).message).toMatch(/fuzz\.json/);
          return;
        }
        for (const doc of docs) saneSpans(doc);
      }),
      { numRuns: 300 },
    );
  });
});
