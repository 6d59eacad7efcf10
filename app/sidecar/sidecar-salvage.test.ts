import { describe, expect, it } from 'vitest';
import { parseSidecar } from './sidecar-io';
import { salvageSidecar } from './sidecar-salvage';

const base = {
  format: 'marginalia-annotations',
  version: 2,
  source: { name: 'zerolen.txt', sha256: '0'.repeat(64), length: 20 },
  status: 'done',
};
const ann = (id: string, start: number, end: number, extra: Record<string, unknown> = {}) => ({
  id, type: 'entity', label: 'PERSON', start, end, text: 'x'.repeat(Math.max(0, end - start)), prefix: '', suffix: '', ...extra,
});

describe('salvageSidecar', () => {
  it('leaves out a zero-length annotation, and the relations and claimant links to it, naming each', () => {
    const text = JSON.stringify({
      ...base,
      annotations: [ann('a1', 0, 3), ann('bad', 5, 5), { ...ann('c1', 6, 9), type: 'claim', label: 'CLAIM', claimant: 'bad' }],
      relations: [{ id: 'r1', type: 'said-by', from: 'a1', to: 'bad' }, { id: 'r2', type: 'said-by', from: 'c1', to: 'a1' }],
    });
    expect(parseSidecar(text).ok).toBe(false);
    const s = salvageSidecar(text);
    expect(s?.sidecar.annotations.map((a) => a.id)).toEqual(['a1', 'c1']);
    expect(s?.sidecar.annotations[1]?.claimant).toBeUndefined();
    expect(s?.sidecar.relations.map((r) => r.id)).toEqual(['r2']);
    expect(s?.dropped).toEqual([
      'annotation bad (PERSON): end: end must be greater than start',
      'the claimant link of annotation c1 (CLAIM): it names bad, which was left out',
      'relation r1 (said-by): one of its ends was left out',
    ]);
  });

  it('salvages nothing when the file as a whole is wrong', () => {
    expect(salvageSidecar('{')).toBeNull();
    expect(salvageSidecar(JSON.stringify({ ...base, format: 'other', annotations: [], relations: [] }))).toBeNull();
    expect(salvageSidecar(JSON.stringify({ ...base, source: { name: 'x' }, annotations: [ann('bad', 1, 1)], relations: [] }))).toBeNull();
    // Valid files are parseSidecar's business.
    expect(salvageSidecar(JSON.stringify({ ...base, annotations: [ann('a1', 0, 3)], relations: [] }))).toBeNull();
  });
});
