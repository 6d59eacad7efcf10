// A save's bytes and hash (sidecar-bytes.ts): the bytes go to the hashing
// thread and come back; what is written and its hash are the reference's,
// for saves one after another and at once.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SidecarEncoder } from '../../app/sidecar/sidecar-bytes';
import { applySidecarChanges } from '../../app/sidecar/sidecar-changes';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import type { Annotation, Sidecar } from '../../app/sidecar/sidecar-schema';
import { primeParts, sidecarFileBytes } from './sidecar-bytes';

const TEXT = 'Kim Min-jun met Li Wei in Tokyo on Tuesday.';
const ann = (id: string, start: number): Annotation => ({ id, type: 'entity', label: 'PERSON', start, end: start + 3, text: TEXT.slice(start, start + 3), prefix: '', suffix: '' });
const sidecarOf = (name: string, annotations: Annotation[]): Sidecar => ({
  format: 'marginalia-annotations',
  version: 3,
  source: { name, sha256: 'a'.repeat(64), length: TEXT.length },
  status: 'todo',
  annotations,
  relations: [],
});
const reference = (s: Sidecar) => {
  const bytes = new TextEncoder().encode(serializeSidecar(s));
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
};

describe('sidecarFileBytes', () => {
  it('gives the reference bytes and hash, save after save, the encoder copying from the bytes handed back', async () => {
    const encoder = new SidecarEncoder();
    let sidecar = sidecarOf('a.txt', Array.from({ length: 40 }, (_, i) => ann(`a${i}`, i % 30)));
    for (let i = 0; i < 12; i++) {
      const got = await sidecarFileBytes(encoder, sidecar);
      const want = reference(sidecar);
      expect(got.sha256).toBe(want.sha256);
      expect(Buffer.compare(got.bytes, want.bytes)).toBe(0);
      sidecar = applySidecarChanges(sidecar, { annotations: { put: [ann(`n${i}`, (i * 7) % 30)], remove: i % 3 === 0 ? [`a${i}`] : [] } });
    }
  });

  it('gives each of several saves at once its own bytes and hash', async () => {
    const encoder = new SidecarEncoder();
    const sidecars = ['a.txt', 'b.txt', 'c.txt'].map((name, k) => sidecarOf(name, Array.from({ length: 20 + k }, (_, i) => ann(`${name}${i}`, (i * (k + 1)) % 30))));
    await sidecarFileBytes(encoder, sidecars[0] as Sidecar);
    const got = await Promise.all([...sidecars, ...sidecars].map((s) => sidecarFileBytes(encoder, s)));
    got.forEach((g, i) => {
      const want = reference(sidecars[i % 3] as Sidecar);
      expect(g.sha256).toBe(want.sha256);
      expect(Buffer.compare(g.bytes, want.bytes)).toBe(0);
    });
  });
});

describe('primeParts: a document just opened, primed while the analyst reads', () => {
  const many = () => sidecarOf('a.txt', Array.from({ length: 40 }, (_, i) => ({ ...ann(`p${i}`, 0) })));

  it('makes every part between turns of the event loop, and the first save writes the same bytes', async () => {
    const sidecar = many();
    const encoder = new SidecarEncoder();
    await primeParts(encoder, sidecar.annotations, () => true, 0);
    expect(sidecar.annotations.every((a) => Object.isFrozen(a))).toBe(true);
    expect(encoder.encode(sidecar)).toEqual(new TextEncoder().encode(serializeSidecar(sidecar)));
  });

  it('stops once the document is no longer the version opened (saved, or another replaced it)', async () => {
    const sidecar = many();
    const encoder = new SidecarEncoder();
    let asked = 0;
    // Slices of 0 ms: asked before every part, wanted the first time only: one part is made.
    await primeParts(encoder, sidecar.annotations, () => asked++ < 1, 0);
    expect(sidecar.annotations.filter((a) => Object.isFrozen(a)).map((a) => a.id)).toEqual(['p0']);
    expect(encoder.encode(sidecar)).toEqual(new TextEncoder().encode(serializeSidecar(sidecar)));
  });
});
