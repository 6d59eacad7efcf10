// The sidecar is a public file format: these tests pin what parseSidecar
// accepts and reports, and that serializeSidecar writes one canonical text
// (so analysts' edits diff and merge cleanly in git).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INVALID_SIDECAR_FIXTURES, VALID_SIDECAR_FIXTURES, readSidecarFixture } from '../../tests/fixtures/sidecars';
import { TextIndex } from '../offsets';
import { ANNOTATION_TYPES, CLAIM_STATUSES, DOCUMENT_STATUSES, SIDECAR_VERSION, STANCES, type Annotation, type Relation, type Sidecar } from './sidecar-schema';
import { checkReferences, compareAnnotations, emptySidecar, parseSidecar, serializeSidecar, sidecarNameFor } from './sidecar-io';

// Property tests bound their own time: fast-check starts no new run after the
// budget (and passes if none failed), so a loaded two-core machine runs fewer
// cases instead of timing out; the test's timeout only catches a hang.
const PROPERTY_BUDGET = fc.interruptAfterTimeLimit(2_000);
const PROPERTY_TIMEOUT = 20_000;

const SHA = 'a'.repeat(64);

function annotation(over: Partial<Annotation> = {}): Annotation {
  return { id: 'a1', type: 'entity', label: 'PERSON', start: 0, end: 3, text: 'Kim', prefix: '', suffix: ' said', ...over };
}

function sidecar(over: Partial<Sidecar> = {}): Sidecar {
  return { ...emptySidecar({ name: 'a.txt', sha256: SHA, length: 100 }), ...over };
}

function expectFailure(text: string): string {
  const result = parseSidecar(text);
  if (result.ok) throw new Error('expected parseSidecar to fail');
  return result.message;
}

// ---- arbitraries -----------------------------------------------------------

const anyText = fc.string({ unit: 'binary', maxLength: 12 });
const shortId = fc.string({ unit: fc.constantFrom(...'abcdefgh_0123'), minLength: 1, maxLength: 4 });
const attributeValue = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
/** Optional fields appear or not, independently, so every combination of keys is tried. */
const optionalFields = fc.record(
  {
    entity: shortId,
    attributes: fc.dictionary(fc.string({ maxLength: 6 }), attributeValue, { maxKeys: 4 }),
    note: anyText,
    author: anyText,
    created: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    modified: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    stance: fc.constantFrom(...STANCES),
    status: fc.constantFrom(...CLAIM_STATUSES),
  },
  { requiredKeys: [] },
);

/** Valid sidecars: unique ids, end > start, claimants and relations pointing at real annotations. */
const validSidecar: fc.Arbitrary<Sidecar> = fc
  .uniqueArray(shortId, { maxLength: 8 })
  .chain((ids) =>
    fc.record({
      source: fc.record({
        name: fc.string({ minLength: 1, maxLength: 10 }),
        sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
        length: fc.nat(),
      }),
      status: fc.constantFrom(...DOCUMENT_STATUSES),
      annotations: fc.tuple(
        ...ids.map((id) =>
          fc
            .record({
              type: fc.constantFrom(...ANNOTATION_TYPES),
              label: fc.string({ minLength: 1, maxLength: 8 }),
              start: fc.nat({ max: 50 }),
              length: fc.integer({ min: 1, max: 20 }),
              text: anyText,
              prefix: anyText,
              suffix: anyText,
              optional: optionalFields,
              claimant: ids.length ? fc.option(fc.constantFrom(...ids), { nil: undefined }) : fc.constant(undefined),
            })
            .map(({ length, optional, claimant, start, ...rest }): Annotation => ({
              id,
              ...rest,
              start,
              end: start + length,
              ...optional,
              ...(claimant === undefined ? {} : { claimant }),
            })),
        ),
      ),
      relations: ids.length
        ? fc.uniqueArray(
            fc.record(
              {
                id: shortId.map((s) => `r${s}`),
                type: fc.constantFrom('same-as', 'said-by', 'member-of'),
                from: fc.constantFrom(...ids),
                to: fc.constantFrom(...ids),
                note: anyText,
              },
              { requiredKeys: ['id', 'type', 'from', 'to'] },
            ),
            { selector: (r) => r.id, maxLength: 5 },
          )
        : fc.constant([] as Relation[]),
    }),
  )
  .map((parts) => ({ format: 'marginalia-annotations', version: SIDECAR_VERSION, ...parts }) as Sidecar)
  // Some annotations become orphans: ids, claimants and relations stay valid across the two lists.
  .chain((s) =>
    fc.array(fc.boolean(), { minLength: s.annotations.length, maxLength: s.annotations.length }).map((flags): Sidecar => {
      const orphans = s.annotations.filter((_, i) => flags[i]);
      const annotations = s.annotations.filter((_, i) => !flags[i]);
      return orphans.length ? { ...s, annotations, orphans } : s;
    }),
  );

// ---- parseSidecar ----------------------------------------------------------

describe('parseSidecar', () => {
  it('reads a canonical file back to the same value', () => {
    const s = sidecar({ annotations: [annotation()] });
    expect(parseSidecar(serializeSidecar(s))).toEqual({ ok: true, sidecar: s });
  });

  it('writes document labels sorted by name then value, each once, and leaves the key out when there are none', () => {
    const s = sidecar({ annotations: [annotation()] });
    const text = serializeSidecar({ ...s, categories: [{ name: 'topic', value: 'space' }, { name: 'opinion' }, { name: 'topic', value: 'defence' }, { name: 'opinion' }] });
    const back = parseSidecar(text);
    expect(back.ok && back.sidecar.categories).toEqual([{ name: 'opinion' }, { name: 'topic', value: 'defence' }, { name: 'topic', value: 'space' }]);
    expect(text.indexOf('"categories"')).toBeLessThan(text.indexOf('"annotations"'));
    expect(serializeSidecar({ ...s, categories: [] })).not.toContain('categories');
    expect(serializeSidecar({ ...s, categories: [] })).toBe(serializeSidecar(s));
  });

  it('keeps the curation record in the order written, and leaves the key out when empty', () => {
    const s = sidecar({ annotations: [annotation()] });
    const curation = [
      { id: '40-58', decision: 'both' as const, a: 'this corpus', b: 'other', by: 'alice', at: '2026-12-07T10:00:00.000Z' },
      { id: '10-12', decision: 'undecided' as const, a: 'this corpus', b: 'other', at: '2026-12-07T10:00:00.000Z' },
    ];
    const text = serializeSidecar({ ...s, curation });
    const back = parseSidecar(text);
    expect(back.ok && back.sidecar.curation).toEqual(curation);
    expect(text.trimEnd().endsWith(']\n}')).toBe(true);
    expect(text.lastIndexOf('"curation"')).toBeGreaterThan(text.indexOf('"relations"'));
    expect(serializeSidecar({ ...s, curation: [] })).toBe(serializeSidecar(s));
  });

  it('refuses broken JSON, naming the problem', () => {
    expect(expectFailure('{"format": "marginalia-annotations",')).toMatch(/^not valid JSON: /);
    expect(expectFailure('')).toMatch(/^not valid JSON/);
  });

  it('refuses JSON that is not an object', () => {
    for (const text of ['[]', 'null', '42', '"x"', 'true']) {
      expect(expectFailure(text)).toBe('the file does not hold a JSON object');
    }
  });

  it('refuses another format', () => {
    expect(expectFailure(JSON.stringify({ ...sidecar(), format: 'doccano' }))).toBe(
      '"format" is "doccano", expected "marginalia-annotations"',
    );
    expect(expectFailure('{}')).toMatch(/"format" is undefined/);
  });

  it('refuses a bad version', () => {
    for (const version of [0, 1.5, '1', null]) {
      expect(expectFailure(JSON.stringify({ ...sidecar(), version }))).toMatch(/"version" is .*, expected a whole number from 1/);
    }
  });

  it('refuses a newer version with a message that says to update', () => {
    const message = expectFailure(JSON.stringify({ ...sidecar(), version: 7, somethingNew: true }));
    expect(message).toBe(`version 7 is newer than this app understands (${SIDECAR_VERSION}); update Marginalia to edit it`);
  });

  it('names the path of schema errors', () => {
    const bad = { ...sidecar(), annotations: [annotation(), annotation({ id: 'a2', type: 'place' as never })] };
    expect(expectFailure(JSON.stringify(bad))).toMatch(/^does not match the sidecar schema: annotations\.1\.type: /);
    const noStatus: Record<string, unknown> = { ...sidecar() };
    delete noStatus.status;
    expect(expectFailure(JSON.stringify(noStatus))).toMatch(/status: /);
    const extra = { ...sidecar(), colour: 'red' };
    expect(expectFailure(JSON.stringify(extra))).toMatch(/\(root\): .*colour/);
  });

  it('refuses an empty or reversed span at annotations.N.end', () => {
    for (const end of [0, 2]) {
      const bad = { ...sidecar(), annotations: [annotation({ start: 2, end })] };
      expect(expectFailure(JSON.stringify(bad))).toContain('annotations.0.end: end must be greater than start');
    }
  });

  it('refuses duplicate ids', () => {
    const dupAnnotations = sidecar({ annotations: [annotation(), annotation({ start: 5, end: 6 })] });
    expect(expectFailure(serializeSidecar(dupAnnotations))).toBe('annotation id "a1" is used twice');
    const rel: Relation = { id: 'r', type: 'same-as', from: 'a1', to: 'a1' };
    expect(expectFailure(serializeSidecar(sidecar({ annotations: [annotation()], relations: [rel, rel] })))).toBe(
      'relation id "r" is used twice',
    );
  });

  it('refuses dangling claimant and relation references', () => {
    const claim = annotation({ id: 'c1', type: 'claim', label: 'CLAIM', claimant: 'nobody' });
    expect(expectFailure(serializeSidecar(sidecar({ annotations: [claim] })))).toBe(
      'claim "c1" names claimant "nobody", which does not exist',
    );
    const from: Relation = { id: 'r1', type: 'said-by', from: 'x', to: 'a1' };
    expect(expectFailure(serializeSidecar(sidecar({ annotations: [annotation()], relations: [from] })))).toBe(
      'relation "r1" starts at "x", which does not exist',
    );
    const to: Relation = { id: 'r2', type: 'said-by', from: 'a1', to: 'y' };
    expect(expectFailure(serializeSidecar(sidecar({ annotations: [annotation()], relations: [to] })))).toBe(
      'relation "r2" ends at "y", which does not exist',
    );
  });

  it('tolerates a UTF-8 byte order mark', () => {
    const s = sidecar({ annotations: [annotation()] });
    expect(parseSidecar(`\ufeff${serializeSidecar(s)}`)).toEqual({ ok: true, sidecar: s });
  });

  it('never throws, whatever the string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json()), (text) => {
        const result = parseSidecar(text);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary JSON values shaped almost like a sidecar', () => {
    const almost = fc.record(
      {
        format: fc.oneof(fc.constant('marginalia-annotations'), fc.jsonValue()),
        version: fc.oneof(fc.constant(1), fc.constant(2), fc.jsonValue()),
        source: fc.oneof(fc.record({ name: fc.jsonValue(), sha256: fc.jsonValue(), length: fc.jsonValue() }), fc.jsonValue()),
        status: fc.oneof(fc.constantFrom(...DOCUMENT_STATUSES), fc.jsonValue()),
        annotations: fc.oneof(fc.array(fc.dictionary(fc.constantFrom('id', 'type', 'start', 'end', 'claimant', 'attributes'), fc.jsonValue())), fc.jsonValue()),
        orphans: fc.oneof(fc.array(fc.dictionary(fc.constantFrom('id', 'type', 'start', 'end', 'claimant', 'text'), fc.jsonValue())), fc.jsonValue()),
        relations: fc.oneof(fc.array(fc.dictionary(fc.constantFrom('id', 'from', 'to', 'type'), fc.jsonValue())), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(almost, fc.jsonValue()), (value) => {
        const result = parseSidecar(JSON.stringify(value) ?? '');
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500, plugins: [PROPERTY_BUDGET] },
    );
  }, PROPERTY_TIMEOUT);
});

// ---- orphans (version 2) ----------------------------------------------------

describe('orphans', () => {
  const orphan = (over: Partial<Annotation> = {}) => annotation({ id: 'o1', text: 'Park', start: 40, end: 44, ...over });

  it('are written after annotations, sorted like them, and left out when there are none', () => {
    const s = sidecar({ annotations: [annotation()], orphans: [orphan({ id: 'o2', start: 9, end: 12 }), orphan()] });
    const text = serializeSidecar(s);
    const out = JSON.parse(text) as Record<string, unknown> & { orphans: Annotation[] };
    expect(Object.keys(out)).toEqual(['format', 'version', 'source', 'status', 'annotations', 'orphans', 'relations']);
    expect(out.orphans.map((o) => o.id)).toEqual(['o2', 'o1']);
    expect(serializeSidecar(sidecar({ orphans: [] }))).not.toContain('orphans');
    expect(serializeSidecar(sidecar({ orphans: [] }))).toBe(serializeSidecar(sidecar()));
  });

  it('read back to the same value; an explicit empty list reads as none', () => {
    const s = sidecar({ annotations: [annotation()], orphans: [orphan()] });
    expect(parseSidecar(serializeSidecar(s))).toEqual({ ok: true, sidecar: s });
    const empty = parseSidecar(JSON.stringify({ ...sidecar(), orphans: [] }));
    expect(empty.ok && 'orphans' in empty.sidecar).toBe(false);
  });

  it('share one id space with annotations, and may be named by relations and claimants', () => {
    expect(expectFailure(serializeSidecar(sidecar({ annotations: [annotation()], orphans: [orphan({ id: 'a1' })] })))).toBe(
      'annotation id "a1" is used twice',
    );
    const claim = annotation({ id: 'c1', type: 'claim', label: 'CLAIM', claimant: 'o1' });
    const orphanClaim = orphan({ id: 'o2', type: 'claim', label: 'CLAIM', claimant: 'c1' });
    const ok = sidecar({
      annotations: [claim],
      orphans: [orphan(), orphanClaim],
      relations: [{ id: 'r1', type: 'said-by', from: 'c1', to: 'o1' }],
    });
    expect(parseSidecar(serializeSidecar(ok)).ok).toBe(true);
    expect(checkReferences(ok)).toBeNull();
    // Without the orphans, the same references dangle.
    expect(checkReferences({ ...ok, orphans: [] })).toBe('claim "c1" names claimant "o1", which does not exist');
  });

  it('are checked against the schema like annotations, with their path', () => {
    const bad = { ...sidecar(), orphans: [{ ...orphan(), start: -1 }] };
    expect(expectFailure(JSON.stringify(bad))).toMatch(/orphans\.0\.start/);
  });
});

// ---- serializeSidecar ------------------------------------------------------

describe('serializeSidecar', () => {
  it('writes keys in a fixed order, whatever order they came in', () => {
    const scrambled = {
      relations: [{ to: 'b', note: 'n', from: 'a', type: 'same-as', id: 'r1' }],
      annotations: [
        { suffix: '', prefix: '', text: 'x', modified: 'm', created: 'c', attributes: { z: 1, a: true, m: 'x' }, end: 2, start: 1, label: 'L', type: 'entity', id: 'a' },
        { status: 'refuted', stance: 'hedged', claimant: 'a', note: 'n', suffix: 's', prefix: 'p', text: 't', end: 9, start: 3, label: 'CLAIM', type: 'claim', id: 'b' },
      ],
      status: 'done',
      source: { length: 10, sha256: SHA, name: 'a.txt' },
      version: 1,
      format: 'marginalia-annotations',
    } as unknown as Sidecar;
    const keysOf = (o: unknown) => Object.keys(o as object);
    const out = JSON.parse(serializeSidecar(scrambled)) as Record<string, unknown> & { annotations: object[]; relations: object[]; source: object };
    expect(keysOf(out)).toEqual(['format', 'version', 'source', 'status', 'annotations', 'relations']);
    expect(keysOf(out.source)).toEqual(['name', 'sha256', 'length']);
    expect(keysOf(out.annotations[0])).toEqual(['id', 'type', 'label', 'start', 'end', 'text', 'prefix', 'suffix', 'attributes', 'created', 'modified']);
    expect(keysOf((out.annotations[0] as { attributes: object }).attributes)).toEqual(['a', 'm', 'z']);
    expect(keysOf(out.annotations[1])).toEqual(['id', 'type', 'label', 'start', 'end', 'text', 'prefix', 'suffix', 'claimant', 'stance', 'status', 'note']);
    expect(keysOf(out.relations[0])).toEqual(['id', 'type', 'from', 'to', 'note']);
  });

  it('sorts annotations by start, then end, then id, and relations by id', () => {
    const a = (id: string, start: number, end: number) => annotation({ id, start, end });
    const s = sidecar({
      annotations: [a('z', 5, 9), a('b', 0, 4), a('c', 5, 7), a('a', 5, 7), a('y', 0, 2)],
      relations: [
        { id: 'r2', type: 't', from: 'a', to: 'b' },
        { id: 'r10', type: 't', from: 'a', to: 'b' },
        { id: 'r1', type: 't', from: 'a', to: 'b' },
      ],
    });
    const out = JSON.parse(serializeSidecar(s)) as Sidecar;
    expect(out.annotations.map((x) => x.id)).toEqual(['y', 'b', 'a', 'c', 'z']);
    expect(out.relations.map((x) => x.id)).toEqual(['r1', 'r10', 'r2']);
    // The input is left alone.
    expect(s.annotations.map((x) => x.id)).toEqual(['z', 'b', 'c', 'a', 'y']);
  });

  it('writes two-space indent and one final newline', () => {
    const text = serializeSidecar(sidecar({ annotations: [annotation()] }));
    expect(text.startsWith('{\n  "format": "marginalia-annotations",\n  "version": 3,\n  "source": {\n    "name"')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    expect(text).not.toContain('\t');
    expect(text).not.toContain('\r');
  });

  it('drops keys whose value is undefined', () => {
    const text = serializeSidecar(sidecar({ annotations: [annotation({ note: undefined, claimant: undefined })] }));
    expect(text).not.toContain('note');
    expect(text).not.toContain('claimant');
  });

  it('always writes the current format and version', () => {
    const out = JSON.parse(serializeSidecar({ ...sidecar(), version: 0 as never })) as Sidecar;
    expect(out.version).toBe(SIDECAR_VERSION);
    expect(SIDECAR_VERSION).toBe(3);
  });

  it('is a fixed point: serialize(parse(serialize(x))) == serialize(x) for any valid sidecar', () => {
    fc.assert(
      fc.property(validSidecar, (s) => {
        const text = serializeSidecar(s);
        const parsed = parseSidecar(text);
        if (!parsed.ok) throw new Error(parsed.message);
        expect(serializeSidecar(parsed.sidecar)).toBe(text);
        // And the order of the input never matters.
        const shuffled = { ...s, annotations: [...s.annotations].reverse(), relations: [...s.relations].reverse() };
        expect(serializeSidecar(shuffled)).toBe(text);
      }),
      { numRuns: 300, plugins: [PROPERTY_BUDGET] },
    );
  }, PROPERTY_TIMEOUT);

  it('writes annotations in compareAnnotations order for any valid sidecar', () => {
    fc.assert(
      fc.property(validSidecar, (s) => {
        const out = JSON.parse(serializeSidecar(s)) as Sidecar;
        for (let i = 1; i < out.annotations.length; i++) {
          expect(compareAnnotations(out.annotations[i - 1] as Annotation, out.annotations[i] as Annotation)).toBeLessThan(0);
        }
        expect(checkReferences(out)).toBeNull();
      }),
      { numRuns: 200, plugins: [PROPERTY_BUDGET] },
    );
  }, PROPERTY_TIMEOUT);
});

describe('helpers', () => {
  it('names the sidecar beside its source', () => {
    expect(sidecarNameFor('article-1.txt')).toBe('article-1.txt.annotations.json');
  });

  it('makes an empty sidecar that round-trips', () => {
    const s = emptySidecar({ name: 'x.md', sha256: SHA, length: 0 });
    expect(s).toMatchObject({ status: 'todo', annotations: [], relations: [] });
    expect(parseSidecar(serializeSidecar(s))).toEqual({ ok: true, sidecar: s });
  });
});

// ---- fixtures: published files must always load ----------------------------

describe('fixtures', () => {
  it.each(VALID_SIDECAR_FIXTURES)('loads $file', ({ file, version, canonical, canonicalInItsVersion, annotations, relations, orphans }) => {
    const text = readSidecarFixture(file);
    const result = parseSidecar(text);
    if (!result.ok) throw new Error(`${file}: ${result.message}`);
    expect(result.migratedFrom).toBe(version === SIDECAR_VERSION ? undefined : version);
    expect(result.sidecar.version).toBe(SIDECAR_VERSION);
    expect(result.sidecar.annotations).toHaveLength(annotations);
    expect(result.sidecar.relations).toHaveLength(relations);
    expect(result.sidecar.orphans?.length ?? 0).toBe(orphans ?? 0);
    const again = serializeSidecar(result.sidecar);
    if (canonical) expect(again).toBe(text);
    else expect(again).not.toBe(text);
    // A canonical file of an older version migrates to the same text with only the version changed.
    if (canonicalInItsVersion) expect(again).toBe(text.replace(`"version": ${version},`, `"version": ${SIDECAR_VERSION},`));
    // Loading the canonical form changes nothing further.
    const reparsed = parseSidecar(again);
    expect(reparsed.ok && serializeSidecar(reparsed.sidecar)).toBe(again);
  });

  it('v1-full matches its source text: hash, length, and every span', () => {
    const bytes = readFileSync(new URL('../../tests/fixtures/sidecars/v1-full.txt', import.meta.url));
    const result = parseSidecar(readSidecarFixture('v1-full.annotations.json'));
    if (!result.ok) throw new Error(result.message);
    const { source, annotations, relations } = result.sidecar;
    const index = new TextIndex(bytes.toString('utf8'));
    expect(source.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(source.length).toBe(index.length);
    for (const a of annotations) {
      expect(index.slice(a.start, a.end)).toBe(a.text);
      expect(index.slice(Math.max(0, a.start - 32), a.start)).toBe(a.prefix);
      expect(index.slice(a.end, a.end + 32)).toBe(a.suffix);
    }
    // It exercises every kind of field a v1 file may hold.
    const claim = annotations.find((a) => a.id === 'c1');
    expect(claim).toMatchObject({ type: 'claim', claimant: 'e2', stance: 'asserted', status: 'unverified' });
    expect(claim?.attributes).toEqual({ confidence: 0.8, quoted: true, venue: 'press briefing' });
    expect(claim?.text).toBe('will share orbital data 🛰️ within the year');
    expect(annotations.find((a) => a.id === 'e3')).toMatchObject({ text: '김민준', entity: 'kim-min-jun', note: expect.any(String) });
    expect(relations.find((r) => r.id === 'r3')).toEqual({ id: 'r3', type: 'said-by', from: 'c1', to: 'e2', note: 'direct quote' });
  });

  it.each(INVALID_SIDECAR_FIXTURES)('refuses $file with a message saying why', ({ file, message }) => {
    const text = readSidecarFixture(file);
    const result = parseSidecar(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      if (typeof message === 'string') expect(result.message).toContain(message);
      else expect(result.message).toMatch(message);
    }
  });
});
