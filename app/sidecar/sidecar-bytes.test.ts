// SidecarEncoder must write exactly what serializeSidecar writes, whatever
// edits came before (its cache must never hand back a stale part).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SidecarEncoder } from './sidecar-bytes';
import { applySidecarChanges, type SidecarChanges } from './sidecar-changes';
import { serializeSidecar } from './sidecar-io';
import type { Annotation, Sidecar } from './sidecar-schema';

// A fixed number of cases; the timeout only catches a hang on a loaded two-core machine.
const PROPERTY_TIMEOUT = 60_000;

const reference = (s: Sidecar) => new TextEncoder().encode(serializeSidecar(s));

// Strings that stress the encoding: quotes, backslashes, control characters, line separators, astral and lone surrogates.
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('"', '\\', '\n', '\u2028', '\u0000', '한국', '😀', '\ud800', 'a\r\nb'),
);
const nonEmpty = fc.oneof(fc.string({ minLength: 1, maxLength: 4 }), fc.constantFrom('ü', '"q"', '__proto__x'));
const id = fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `a${i}`));
const attributes = fc.dictionary(fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('0', '12', 'constructor', 'b', 'a')), fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()), { maxKeys: 3 });

const annotation = (ids: fc.Arbitrary<string>): fc.Arbitrary<Annotation> =>
  fc
    .record(
      {
        id: ids,
        type: fc.constantFrom('entity', 'claim'),
        label: nonEmpty,
        start: fc.nat(40),
        length: fc.integer({ min: 1, max: 5 }),
        text,
        prefix: text,
        suffix: text,
        entity: nonEmpty,
        attributes,
        note: text,
        author: text,
        modified: fc.constantFrom('2026-12-07T14:00:00.000Z', '2026-12-08T09:30:00.000Z'),
        claimant: ids,
        stance: fc.constantFrom('asserted', 'reported', 'hedged', 'denied'),
        status: fc.constantFrom('unverified', 'supported', 'disputed', 'refuted'),
        fragments: fc.constant([{ start: 1, end: 2 }, { start: 3, end: 5 }]),
        normalizations: fc.array(fc.record({ ref: nonEmpty, name: text }), { minLength: 1, maxLength: 2 }),
      },
      { requiredKeys: ['id', 'type', 'label', 'start', 'length', 'text', 'prefix', 'suffix'] },
    )
    .map(({ length, ...a }) => ({ ...a, end: a.start + length }) as Annotation);

const change: fc.Arbitrary<SidecarChanges> = fc.record(
  {
    status: fc.constantFrom('todo', 'in-progress', 'done'),
    annotations: fc.record({ put: fc.array(annotation(id), { maxLength: 3 }), remove: fc.array(id, { maxLength: 2 }) }),
    orphans: fc.record({ put: fc.array(annotation(fc.constantFrom('o1', 'o2')), { maxLength: 1 }), remove: fc.array(fc.constantFrom('o1', 'o2'), { maxLength: 1 }) }),
    relations: fc.record({ put: fc.array(fc.record({ id: fc.constantFrom('r1', 'r2'), type: nonEmpty, from: id, to: id }), { maxLength: 1 }), remove: fc.constant([]) }),
    categories: fc.array(fc.record({ name: nonEmpty, value: nonEmpty }, { requiredKeys: ['name'] }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

const start: Sidecar = {
  format: 'marginalia-annotations',
  version: 3,
  source: { name: 'article "one".txt', sha256: 'a'.repeat(64), length: 100 },
  status: 'todo',
  annotations: [],
  relations: [],
};

describe('SidecarEncoder', () => {
  it(
    'writes the bytes serializeSidecar gives, after any sequence of edits',
    () => {
      fc.assert(
        fc.property(fc.array(annotation(id), { maxLength: 12 }), fc.array(change, { minLength: 1, maxLength: 8 }), (initial, edits) => {
          const encoder = new SidecarEncoder();
          // Ids unique, as the writer insists (checkReferences) before it encodes.
          let sidecar: Sidecar = { ...start, annotations: [...new Map(initial.map((a) => [a.id, a])).values()] };
          expect(encoder.encode(sidecar)).toEqual(reference(sidecar));
          for (const [i, edit] of edits.entries()) {
            sidecar = applySidecarChanges(sidecar, edit);
            expect(encoder.encode(sidecar)).toEqual(reference(sidecar));
            // Another document saved in between (the encoder copies runs of the last file it wrote): the same bytes.
            const other: Sidecar = { ...start, status: 'done', annotations: sidecar.annotations.filter((_, k) => k % 2 === i % 2) };
            if (i % 3 === 1) expect(encoder.encode(other)).toEqual(reference(other));
          }
        }),
        { numRuns: 300 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it('writes an empty list, and equal annotations that are different objects, as serializeSidecar does', () => {
    const encoder = new SidecarEncoder();
    expect(encoder.encode(start)).toEqual(reference(start));
    const a: Annotation = { id: 'a1', type: 'entity', label: 'PER', start: 0, end: 2, text: 'Jo', prefix: '', suffix: ' said', attributes: { z: 1, a: 'x' } };
    const withA = { ...start, annotations: [a, { ...a, id: 'a0' }], orphans: [{ ...a, id: 'o1' }] };
    expect(new TextDecoder().decode(encoder.encode(withA))).toBe(serializeSidecar(withA));
  });

  it('freezes the annotations it keeps, so an edit in place cannot leave a stale part behind', () => {
    const encoder = new SidecarEncoder();
    const a: Annotation = { id: 'a1', type: 'entity', label: 'PER', start: 0, end: 2, text: 'Jo', prefix: '', suffix: '', attributes: { k: 1 }, comments: [{ type: 'Lemma', text: 'jo' }] };
    encoder.encode({ ...start, annotations: [a] });
    expect(() => {
      a.label = 'ORG';
    }).toThrow(TypeError);
    expect(() => {
      (a.attributes as Record<string, unknown>).k = 2;
    }).toThrow(TypeError);
    expect(() => {
      (a.comments as { type: string; text: string }[])[0]!.text = 'other';
    }).toThrow(TypeError);
  });

  it('encodes right while its last bytes are away on another thread, and after they come back or are lost', () => {
    const a: Annotation = { id: 'a1', type: 'entity', label: 'PER', start: 0, end: 2, text: 'Jo', prefix: '', suffix: '' };
    const b: Annotation = { ...a, id: 'b1', start: 3, end: 5 };
    const one = { ...start, annotations: [a, b] };
    const two = { ...start, annotations: [a, b, { ...a, id: 'c1', start: 6, end: 8 }] };
    const encoder = new SidecarEncoder();
    const away = encoder.encode(one);
    const back = new Uint8Array(away);
    // Moved to a thread (its buffer detached here), not back yet.
    structuredClone(away, { transfer: [away.buffer] });
    expect(away.length).toBe(0);
    expect(encoder.encode(two)).toEqual(reference(two));
    const again = encoder.encode(one);
    encoder.moved(again, new Uint8Array(again));
    expect(encoder.encode(two)).toEqual(reference(two));
    encoder.moved(encoder.encode(one), null);
    expect(encoder.encode(two)).toEqual(reference(two));
    expect(back).toEqual(reference(one));
  });
});

describe('priming the parts of a document just opened', () => {
  it('makes each part once, ahead of the save, which writes the same bytes', () => {
    const sidecar: Sidecar = {
      format: 'marginalia-annotations',
      version: 3,
      source: { name: 'a.txt', sha256: 'a'.repeat(64), length: 30 },
      status: 'in-progress',
      annotations: Array.from({ length: 3 }, (_, i): Annotation => ({ id: `w${i}`, type: 'entity', label: 'PERSON', start: 10 * i, end: 10 * i + 3, text: 'abc', prefix: '', suffix: '' })),
      relations: [],
    };
    const encoder = new SidecarEncoder();
    for (const a of sidecar.annotations) encoder.prime(a);
    // A part made freezes its annotation: an edit in place would otherwise leave stale bytes.
    expect(sidecar.annotations.every((a) => Object.isFrozen(a))).toBe(true);
    expect(encoder.encode(sidecar)).toEqual(reference(sidecar));
  });
});
