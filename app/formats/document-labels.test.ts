// Document labels (the sidecar's categories) in every export with a place for them.
import { describe, expect, it } from 'vitest';
import type { LabelSchemaFile } from '../label-schema';
import type { Sidecar } from '../sidecar/sidecar-schema';
import { CSV_COLUMNS, csvRows } from './csv';
import { doccanoRecord } from './doccano';
import { jsonlRecord } from './jsonl';
import { labelStudioConfig, labelStudioTask } from './labelstudio';
import { LabelTally } from './common';
import type { ExportDocument } from './types';

const TEXT = 'Kim said the launch slipped.';
const sidecar = (categories?: Sidecar['categories']): Sidecar => ({
  format: 'marginalia-annotations',
  version: 3,
  source: { name: 'a.txt', sha256: 'a'.repeat(64), length: TEXT.length },
  status: 'done',
  ...(categories ? { categories } : {}),
  annotations: [
    { id: 'k', type: 'entity', label: 'PERSON', start: 0, end: 3, text: 'Kim', prefix: '', suffix: ' said' },
    { id: 'c', type: 'claim', label: 'CLAIM', start: 9, end: 27, text: 'the launch slipped', prefix: '', suffix: '.', claimant: 'k', stance: 'reported' },
  ],
  relations: [],
});
const doc = (categories?: Sidecar['categories']): ExportDocument => ({ path: 'a.txt', text: TEXT, sidecar: sidecar(categories) });
const LABELLED = doc([{ name: 'topic', value: 'space' }, { name: 'topic', value: 'defence' }, { name: 'opinion' }]);
const SCHEMA: LabelSchemaFile = {
  version: 1,
  entityLabels: [{ name: 'PERSON', colour: '#e6550d', hotkey: '1' }],
  claimLabels: [{ name: 'CLAIM', colour: '#636363', hotkey: '7' }],
  relationTypes: [],
  documentLabels: [{ name: 'topic', values: ['space', 'defence', 'economy'], multiple: true }, { name: 'opinion' }, { name: 'reliability', values: ['high', 'low'] }],
};

describe('document labels in exports', () => {
  it('spaCy / Prodigy JSONL: cats scores every category of the schema, accept lists those set', () => {
    const line = jsonlRecord(LABELLED, {}, SCHEMA.documentLabels);
    expect(line.cats).toEqual({ 'topic:space': 1, 'topic:defence': 1, 'topic:economy': 0, opinion: 1, 'reliability:high': 0, 'reliability:low': 0 });
    expect(line.accept).toEqual(['opinion', 'topic:defence', 'topic:space']);
    // Without document labels anywhere, the line is as it always was.
    expect(Object.keys(jsonlRecord(doc(), {}, undefined))).toEqual(['text', 'spans', 'relations', 'meta']);
  });

  it('doccano: cats, only when some are set', () => {
    expect(doccanoRecord(LABELLED).cats).toEqual(['opinion', 'topic:defence', 'topic:space']);
    expect('cats' in doccanoRecord(doc())).toBe(false);
  });

  it('Label Studio: one document-level choices result per label, and a Choices control per label in the config', () => {
    const results = labelStudioTask(LABELLED).annotations?.[0]?.result ?? [];
    expect(results.filter((r) => 'from_name' in r && r.from_name.startsWith('category_'))).toEqual([
      { id: 'category_opinion', from_name: 'category_opinion', to_name: 'text', type: 'choices', value: { choices: ['opinion'] } },
      { id: 'category_topic', from_name: 'category_topic', to_name: 'text', type: 'choices', value: { choices: ['defence', 'space'] } },
    ]);
    const config = labelStudioConfig(new LabelTally(SCHEMA), SCHEMA);
    expect(config).toContain('<Choices name="category_topic" toName="text" choice="multiple" showInline="true">');
    expect(config).toContain('<Choices name="category_reliability" toName="text" choice="single" showInline="true">');
    expect(config).toContain('<Choice value="opinion"/>');
  });

  it('CSV: a last column with the document labels on each claim row', () => {
    expect(CSV_COLUMNS[CSV_COLUMNS.length - 1]).toBe('categories');
    expect(csvRows(LABELLED).map((r) => r.categories)).toEqual(['opinion; topic:defence; topic:space']);
    expect(csvRows(doc()).map((r) => r.categories)).toEqual(['']);
  });
});
