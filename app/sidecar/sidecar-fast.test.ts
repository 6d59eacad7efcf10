// fastParseSidecar must agree with SidecarSchema: whenever it returns a
// value, zod succeeds with the same value (same keys, same order); on the
// JSON inputs sidecars are made of, it succeeds exactly when zod does.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ANNOTATION_KEYS, RELATION_KEYS, SIDECAR_KEYS, SOURCE_KEYS, fastParseSidecar } from './sidecar-fast';
import { parseSidecar } from './sidecar-io';
import { AnnotationSchema, RelationSchema, SidecarSchema, SourceInfoSchema } from './sidecar-schema';

// The property below runs a fixed number of cases (see there); the test's
// timeout only catches a hang on a loaded two-core machine.
const PROPERTY_TIMEOUT = 30_000;

/** Mostly `good`, now and then `bad`: each field is wrong rarely, so that whole sidecars are often valid. */
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) => fc.oneof({ weight: 15, arbitrary: good }, { weight: 1, arbitrary: bad });
const keyword = (good: string[], bad: string) => mostly(fc.constantFrom(...good), fc.constant(bad));
const nonEmpty = mostly(fc.string({ minLength: 1, maxLength: 3 }), fc.constant(''));
/** Values a field might hold in a damaged file: the right kind mostly, sometimes another. */
const anyJson = fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -3, max: 70 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));
const text = fc.string({ unit: 'grapheme', maxLength: 6 });
const offset = mostly(fc.nat(200), fc.constantFrom(-1, 1.5, 2 ** 53, -0, '3'));

const attributes = mostly(
  fc.dictionary(fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('0', '12', 'constructor')), mostly(fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.boolean()), fc.constant(null)), { maxKeys: 3 }),
  anyJson,
);

const annotation = fc
  .tuple(
    fc.record(
      {
        id: nonEmpty,
        type: keyword(['entity', 'claim'], 'relation'),
        label: nonEmpty,
        start: offset,
        end: offset,
        text,
        prefix: text,
        suffix: text,
        entity: nonEmpty,
        attributes,
        note: text,
        author: fc.string({ maxLength: 3 }),
        created: fc.string({ maxLength: 3 }),
        modified: mostly(fc.string({ maxLength: 3 }), anyJson),
        claimant: nonEmpty,
        stance: keyword(['asserted', 'reported', 'hedged', 'denied'], 'maybe'),
        status: keyword(['unverified', 'supported', 'disputed', 'refuted'], 'true'),
        verdict: mostly(text, anyJson),
        fragments: mostly(fc.array(fc.record({ start: offset, end: offset }), { maxLength: 3 }), anyJson),
        normalizations: mostly(fc.array(fc.record({ ref: nonEmpty, name: mostly(text, anyJson) }), { maxLength: 2 }), anyJson),
        comments: mostly(fc.array(fc.record({ type: mostly(nonEmpty, anyJson), text: mostly(text, anyJson) }), { maxLength: 2 }), anyJson),
      },
      { requiredKeys: [] },
    ),
    fc.option(anyJson, { freq: 20 }),
  )
  // Mostly well-formed: the required keys there (in any order), now and then a key the schema does not know.
  .map(([a, extra]) => {
    const out: Record<string, unknown> = { id: 'a1', type: 'entity', label: 'PERSON', text: 'x', prefix: '', suffix: '', ...a, ...(extra === null ? {} : { extra }) };
    // end > start most of the time (the schema's refinement), equal or reversed now and then.
    if (typeof a.start === 'number' && typeof a.end === 'number' && a.end <= a.start && a.end % 7 !== 0) out.end = a.start + 1 + (a.end % 5);
    out.start ??= 0;
    out.end ??= (out.start as number) + 1;
    return out;
  });

const relation = fc.record(
  { id: nonEmpty, type: keyword(['said-by'], ''), from: nonEmpty, to: nonEmpty, note: mostly(text, anyJson), extra: anyJson },
  { requiredKeys: ['id', 'type', 'from', 'to'] },
).map((r) => (r.extra !== undefined && typeof r.extra !== 'string' ? (({ extra: _, ...rest }) => rest)(r) : r));

const sidecar = fc
  .record(
    {
      format: keyword(['marginalia-annotations'], 'other'),
      version: mostly(fc.constant(3), fc.constantFrom(1, 2, 4, '3')),
      source: fc.record(
        { name: nonEmpty, sha256: mostly(fc.constantFrom('a'.repeat(64), '0123456789abcdef'.repeat(4)), fc.constantFrom('A'.repeat(64), 'ab')), length: offset },
        { requiredKeys: ['name', 'sha256', 'length'] },
      ),
      status: keyword(['todo', 'in-progress', 'done'], 'finished'),
      annotations: fc.array(annotation, { maxLength: 4 }),
      orphans: fc.array(annotation, { maxLength: 2 }),
      relations: fc.array(relation, { maxLength: 2 }),
      extra: anyJson,
    },
    { requiredKeys: ['format', 'version', 'source', 'status', 'annotations', 'relations'] },
  )
  .chain((s) =>
    fc.oneof(
      { weight: 20, arbitrary: fc.constant<unknown>(typeof s.extra === 'string' ? s : (({ extra: _, ...rest }) => rest)(s)) },
      { weight: 1, arbitrary: anyJson.map((v) => ({ ...s, annotations: v })) },
      { weight: 1, arbitrary: fc.constant<unknown>([s]) },
    ),
  );

describe('fastParseSidecar', () => {
  it('knows every field of the schema, in its order (a field added to the schema must be added here too)', () => {
    expect([...ANNOTATION_KEYS]).toEqual(Object.keys(AnnotationSchema.shape));
    expect([...RELATION_KEYS]).toEqual(Object.keys(RelationSchema.shape));
    expect([...SOURCE_KEYS]).toEqual(Object.keys(SourceInfoSchema.shape));
    expect([...SIDECAR_KEYS]).toEqual(Object.keys(SidecarSchema.shape));
  });

  it('accepts exactly what SidecarSchema accepts, with the same value in the same key order', () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(sidecar, (raw) => {
        runs++;
        // Through JSON, as a file is: parseSidecar only ever sees JSON.parse's values.
        const value: unknown = JSON.parse(JSON.stringify(raw));
        const zod = SidecarSchema.safeParse(value);
        const fast = fastParseSidecar(value);
        expect(fast !== null).toBe(zod.success);
        if (fast) {
          accepted++;
          expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
          expect(fast).toStrictEqual(zod.data);
        }
      }),
      // A fixed number of runs, not a time budget: cut short on a loaded machine, 30 runs could accept none by chance.
      // 2,000 take about 2 s here; the generous limit only keeps a hang from waiting for the test timeout.
      { numRuns: 2000, interruptAfterTimeLimit: 18_000 },
    );
    // The generator must reach the accepting side often enough for the comparison to mean something:
    // about 1 in 30 is accepted (every optional field can be wrong), so 2,000 runs give ~65; 25 is five deviations below.
    expect(runs).toBe(2000);
    expect(accepted).toBeGreaterThan(25);
  }, PROPERTY_TIMEOUT);

  it('leaves what JSON cannot hold to zod (undefined values, other prototypes)', () => {
    const valid = {
      format: 'marginalia-annotations',
      version: 3,
      source: { name: 'a.txt', sha256: 'a'.repeat(64), length: 3 },
      status: 'todo',
      annotations: [{ id: 'a', type: 'entity', label: 'PERSON', start: 0, end: 1, text: 'x', prefix: '', suffix: '' }],
      relations: [],
    };
    expect(fastParseSidecar(valid)).toStrictEqual(SidecarSchema.parse(valid));
    expect(fastParseSidecar({ ...valid, orphans: undefined })).toBeNull();
    expect(fastParseSidecar({ ...valid, annotations: [{ ...valid.annotations[0], note: undefined }] })).toBeNull();
    expect(fastParseSidecar(Object.assign(Object.create(null) as object, valid))).toBeNull();
    expect(fastParseSidecar(JSON.parse('{"format":"marginalia-annotations","__proto__":1}'))).toBeNull();
    // parseSidecar refuses an attribute named __proto__ (zod would read the file without it: reserved-attributes.test.ts).
    const text = JSON.stringify(valid).replace('"prefix":""', '"prefix":"","attributes":{"__proto__":"x"}');
    expect(parseSidecar(text).ok).toBe(false);
  });
});
