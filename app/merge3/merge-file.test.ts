import { describe, expect, it } from 'vitest';
import { emptyRegistry, serializeEntityRegistry } from '../entity-registry';
import { parseSidecar, serializeSidecar } from '../sidecar/sidecar-io';
import { SIDECAR_FORMAT, SIDECAR_VERSION, type Annotation, type Sidecar } from '../sidecar/sidecar-schema';
import { mergeFileTexts, mergeKindOf } from './merge-file';

const ann = (id: string, start: number, more: Partial<Annotation> = {}): Annotation => ({
  id, type: 'entity', label: 'PERSON', start, end: start + 3, text: 'abc', prefix: '', suffix: '', ...more,
});
const text = (annotations: Annotation[]): string =>
  serializeSidecar({ format: SIDECAR_FORMAT, version: SIDECAR_VERSION, source: { name: 'a.txt', sha256: 'a'.repeat(64), length: 50 }, status: 'todo', annotations, relations: [] } as Sidecar);

describe('mergeFileTexts', () => {
  it('tells the kind of file from its path, else from its content', () => {
    expect(mergeKindOf('sub/a.txt.annotations.json', '')).toBe('sidecar');
    expect(mergeKindOf('corpus/.marginalia/entities.json', '')).toBe('entities');
    expect(mergeKindOf('.marginalia/schema.json', '')).toBe('schema');
    expect(mergeKindOf('renamed.json', '{"format": "marginalia-entities"}')).toBe('entities');
    expect(mergeKindOf('package.json', '{}')).toBeNull();
  });

  it('writes the canonical text of the merge, and lists only the conflicts', () => {
    const r = mergeFileTexts('a.txt.annotations.json', text([ann('a', 0)]), text([ann('a', 0, { label: 'ORG' }), ann('o', 10)]), text([ann('a', 0, { label: 'GPE' })]));
    if (!r.ok) throw new Error(r.message);
    const back = parseSidecar(r.text);
    expect(back.ok && back.sidecar.annotations.map((a) => a.id)).toEqual(['a', 'o']);
    expect(serializeSidecar((back as { sidecar: Sidecar }).sidecar)).toBe(r.text);
    expect(r.conflicts).toEqual(['annotation a: changed differently on both sides: ours ORG "abc" [0, 3), theirs GPE "abc" [0, 3)']);
  });

  it('merges without an ancestor (git gives an empty file when both sides added it)', () => {
    const r = mergeFileTexts('a.txt.annotations.json', '', text([ann('o', 0)]), text([ann('t', 10)]));
    expect(r).toMatchObject({ ok: true, conflicts: [] });
  });

  it('refuses, naming the file and the version, when one cannot be read (never writes a guess)', () => {
    const broken = mergeFileTexts('docs/a.txt.annotations.json', text([]), text([]), '{"format": "marginalia-annotations", <<<<<<<');
    expect(broken).toEqual({ ok: false, message: expect.stringMatching(/^docs\/a\.txt\.annotations\.json \(theirs\): not valid JSON/) });
    const registry = mergeFileTexts('.marginalia/entities.json', serializeEntityRegistry(emptyRegistry()), '[]', serializeEntityRegistry(emptyRegistry()));
    expect(registry).toEqual({ ok: false, message: expect.stringMatching(/^\.marginalia\/entities\.json \(ours\): not an entity registry/) });
    expect(mergeFileTexts('notes.json', '{}', '{}', '{}')).toMatchObject({ ok: false, message: expect.stringContaining('not a Marginalia sidecar') });
  });
});
