// An attribute named `__proto__` (or `constructor`, `prototype`) is refused
// with a clear message, never accepted and then dropped on save (issue 17, item 8).
import { describe, expect, it } from 'vitest';
import { findLabelSchemaProblems } from '../label-schema';
import { parseSidecar, serializeSidecar } from './sidecar-io';

const sidecarWith = (attributes: string) =>
  `{"format":"marginalia-annotations","version":2,"source":{"name":"a.txt","sha256":"${'a'.repeat(64)}","length":3},"status":"todo",` +
  `"annotations":[{"id":"a1","type":"entity","label":"PERSON","start":0,"end":3,"text":"Kim","prefix":"","suffix":"","attributes":${attributes}}],"relations":[]}`;

describe('reserved attribute names', () => {
  it('the label schema refuses them as attribute names, saying why', () => {
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      const problems = findLabelSchemaProblems({ entityLabels: [], claimLabels: [], relationTypes: [], attributes: [{ name, appliesTo: ['entity'] }] });
      expect(problems.filter((p) => p.path[0] === 'attributes')).toEqual([{ path: ['attributes', 0, 'name'], message: expect.stringContaining(`is named "${name}", which cannot be an attribute's name`) }]);
    }
  });

  it('a sidecar holding a "__proto__" attribute is refused with a message, not read without it', () => {
    const parsed = parseSidecar(sidecarWith('{"__proto__":"x","ok":1}'));
    expect(parsed).toEqual({ ok: false, message: 'annotation "a1" has an attribute named "__proto__", which the app cannot keep: rename it in the file' });
  });

  it('"constructor" and "prototype" attributes already in a sidecar are kept on save', () => {
    const parsed = parseSidecar(sidecarWith('{"constructor":"y","prototype":"z"}'));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(JSON.parse(serializeSidecar(parsed.sidecar)).annotations[0].attributes).toEqual({ constructor: 'y', prototype: 'z' });
  });
});
