// Label Studio: what has no control of its own travels in the result's meta.
import { describe, expect, it } from 'vitest';
import { createAnnotation } from '../annotations';
import { TextIndex } from '../offsets';
import { emptySidecar } from '../sidecar/sidecar-io';
import { labelStudioTask, readLabelStudioTask } from './labelstudio';
import { mergeImported } from './merge';
import type { ExportDocument } from './types';

const NOW = '2026-01-01T00:00:00.000Z';
const SCHEMA = {
  version: 1 as const,
  entityLabels: [{ name: 'PERSON', colour: '#000000' }, { name: 'ORG', colour: '#000000' }],
  claimLabels: [],
  relationTypes: [{ name: 'member-of' }],
};
const text = 'Han of KASA spoke.';
const index = new TextIndex(text);
const han = { ...createAnnotation(index, { id: 'p', type: 'entity', label: 'PERSON', start: 0, end: 3, now: NOW }), attributes: { negated: false, confidence: 'high' }, entity: 'ent_han' };
const kasa = createAnnotation(index, { id: 'o', type: 'entity', label: 'ORG', start: 7, end: 11, now: NOW });
const doc: ExportDocument = {
  path: 'a.txt',
  text,
  sidecar: { ...emptySidecar({ name: 'a.txt', sha256: '0'.repeat(64), length: index.length }), annotations: [han, kasa], relations: [{ id: 'r', type: 'member-of', from: 'p', to: 'o', note: 'since 2024' }] },
};

describe('Label Studio meta', () => {
  it('carries attributes and the kb id on the region, and a relation note on the relation', () => {
    const task = labelStudioTask(doc, { ent_han: 'Q42' });
    const region = task.annotations?.[0]?.result.find((r) => r.type === 'labels' && r.id === 'p');
    expect(region).toMatchObject({ meta: { attributes: { negated: false, confidence: 'high' }, kb_id: 'Q42' } });
    expect(task.annotations?.[0]?.result.find((r) => r.type === 'relation')).toMatchObject({ meta: { text: ['since 2024'] } });
  });

  it('imports them back', () => {
    const imported = readLabelStudioTask(JSON.parse(JSON.stringify(labelStudioTask(doc))), 'x task 1');
    const merged = mergeImported({ path: 'a.txt', text, sha256: '0'.repeat(64), existing: null, imported, schema: SCHEMA, now: NOW });
    expect(merged.sidecar.annotations.find((a) => a.label === 'PERSON')?.attributes).toEqual({ negated: false, confidence: 'high' });
    expect(merged.sidecar.relations[0]?.note).toBe('since 2024');
  });
});

describe('Label Studio relation roles', () => {
  it('imports meta.roles back as the relation\'s roles, swapped with its ends for a "left" relation', () => {
    const task = {
      data: { text, path: 'a.txt' },
      annotations: [
        {
          result: [
            { id: 'p', from_name: 'label', to_name: 'text', type: 'labels', value: { start: 0, end: 3, text: 'Han', labels: ['PERSON'] } },
            { id: 'o', from_name: 'label', to_name: 'text', type: 'labels', value: { start: 7, end: 11, text: 'KASA', labels: ['ORG'] } },
            { type: 'relation', from_id: 'p', to_id: 'o', direction: 'right', labels: ['member-of'], meta: { roles: ['Member', 'Body'] } },
            { type: 'relation', from_id: 'p', to_id: 'o', direction: 'left', labels: ['has'], meta: { roles: ['Member', 'Body'] } },
          ],
        },
      ],
    };
    const imported = readLabelStudioTask(task, 'x task 1');
    const merged = mergeImported({ path: 'a.txt', text, sha256: '0'.repeat(64), existing: null, imported, schema: SCHEMA, now: NOW });
    const id = (label: string) => merged.sidecar.annotations.find((a) => a.label === label)?.id;
    const rels = merged.sidecar.relations.map(({ type, from, to, roles }) => ({ type, from, to, roles }));
    expect(rels).toEqual(
      expect.arrayContaining([
        { type: 'member-of', from: id('PERSON'), to: id('ORG'), roles: ['Member', 'Body'] },
        { type: 'has', from: id('ORG'), to: id('PERSON'), roles: ['Body', 'Member'] },
      ]),
    );
  });
});
