import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { changesKeepReferences } from './changed-references';
import { applySidecarChangesWithDelta, type SidecarChanges } from './sidecar-changes';
import { checkReferences } from './sidecar-io';
import { SIDECAR_FORMAT, SIDECAR_VERSION, type Annotation, type Relation, type Sidecar } from './sidecar-schema';

const IDS = ['a', 'b', 'c', 'd', 'e', 'f'];
const ann = (id: string, claimant?: string): Annotation => ({
  id,
  type: claimant === undefined ? 'entity' : 'claim',
  label: 'PERSON',
  start: 0,
  end: 3,
  text: 'abc',
  prefix: '',
  suffix: '',
  ...(claimant === undefined ? {} : { claimant }),
});

const idArb = fc.constantFrom(...IDS);
const annArb = fc.tuple(idArb, fc.option(idArb, { nil: undefined })).map(([id, claimant]) => ann(id, claimant));
const relArb = fc.tuple(fc.constantFrom('r1', 'r2', 'r3'), idArb, idArb).map(([id, from, to]): Relation => ({ id, type: 'says', from, to }));
const listChange = <T>(item: fc.Arbitrary<T>, ids: fc.Arbitrary<string>) => fc.record({ put: fc.array(item, { maxLength: 3 }), remove: fc.array(ids, { maxLength: 3 }) });

const sidecarArb = fc
  .record({
    annotations: fc.uniqueArray(annArb, { selector: (a) => a.id, maxLength: 5 }),
    orphans: fc.uniqueArray(annArb, { selector: (a) => a.id, maxLength: 2 }),
    relations: fc.uniqueArray(relArb, { selector: (r) => r.id, maxLength: 3 }),
    event: fc.option(fc.tuple(idArb, idArb), { nil: undefined }),
    equivalence: fc.option(fc.tuple(idArb, idArb), { nil: undefined }),
  })
  .map(
    ({ annotations, orphans, relations, event, equivalence }): Sidecar => ({
      format: SIDECAR_FORMAT,
      version: SIDECAR_VERSION,
      source: { name: 'a.txt', sha256: 'a'.repeat(64), length: 100 },
      status: 'todo',
      annotations,
      relations,
      orphans,
      ...(event ? { events: [{ id: 'ev', type: 'meeting', trigger: event[0], arguments: [{ role: 'who', ref: event[1] }] }] } : {}),
      ...(equivalence ? { equivalences: [{ type: 'same', members: [...equivalence] }] } : {}),
    }),
  );

const changesArb: fc.Arbitrary<SidecarChanges> = fc.record(
  { annotations: listChange(annArb, idArb), orphans: listChange(annArb, idArb), relations: listChange(relArb, fc.constantFrom('r1', 'r2', 'r3')) },
  { requiredKeys: [] },
);

describe('changesKeepReferences', () => {
  it('agrees with the full checkReferences after any small change list to a sidecar that passed it', () => {
    let fast = 0;
    fc.assert(
      fc.property(sidecarArb, changesArb, (base, changes) => {
        fc.pre(checkReferences(base) === null);
        const { sidecar, delta } = applySidecarChangesWithDelta(base, changes);
        const ok = changesKeepReferences(sidecar, delta, changes);
        expect(ok).toBe(checkReferences(sidecar) === null);
        if (ok) fast++;
      }),
      { numRuns: 2000 },
    );
    // The check answers most small changes itself (else the full check would run anyway).
    expect(fast).toBeGreaterThan(100);
  });

  it('leaves lists sent whole and long change lists to the full check', () => {
    const base: Sidecar = { format: SIDECAR_FORMAT, version: SIDECAR_VERSION, source: { name: 'a.txt', sha256: 'a'.repeat(64), length: 100 }, status: 'todo', annotations: [ann('a')], relations: [] };
    const whole: SidecarChanges = { events: [] };
    expect(changesKeepReferences(applySidecarChangesWithDelta(base, whole).sidecar, applySidecarChangesWithDelta(base, whole).delta, whole)).toBe(false);
    const many: SidecarChanges = { annotations: { put: Array.from({ length: 17 }, (_, i) => ann(`n${i}`)), remove: [] } };
    const applied = applySidecarChangesWithDelta(base, many);
    expect(changesKeepReferences(applied.sidecar, applied.delta, many)).toBe(false);
    expect(checkReferences(applied.sidecar)).toBeNull();
  });
});
