// The one export-request schema: its rules and wording, and that the IPC
// contract uses it rather than a copy.
import { describe, expect, it } from 'vitest';
import { ipcContract } from '../ipc/contract';
import { AppExportRequestSchema, ExportRequestSchema, isAbsoluteIri, parseExportRequest } from './export-request';

function problem(raw: unknown): string {
  const r = parseExportRequest(raw);
  if (r.ok) throw new Error(`accepted ${JSON.stringify(raw)}`);
  return r.message;
}

describe('export request schema', () => {
  it('accepts a full request and keeps its values', () => {
    const request = { format: 'doccano', split: [80, 10, 10], seed: 7, status: ['done'], labels: ['PERSON'], offsets: 'codepoints', overlaps: 'drop', base: 'urn:x:', workers: 0 };
    expect(parseExportRequest(request)).toEqual({ ok: true, value: request });
    expect(parseExportRequest({ format: 'jsonl', split: [90, 10] }).ok).toBe(true);
  });

  it('says what is wrong, once, in one wording', () => {
    expect(problem({ format: 'xml' })).toBe('unknown format "xml": choose one of jsonl, doccano, conll, brat, labelstudio, w3c, csv, claimreview, fever');
    expect(problem({ format: 'jsonl', status: ['done', 'finished'] })).toMatch(/^unknown status "finished": choose from todo, /);
    expect(problem({ format: 'jsonl', split: [80, 10] })).toMatch(/two or three percentages adding up to 100/);
    expect(problem({ format: 'jsonl', split: [50, 30, 10, 10] })).toMatch(/two or three percentages/);
    expect(problem({ format: 'jsonl', split: [120, -20] })).toMatch(/two or three percentages/);
    expect(problem({ format: 'jsonl', split: [50, 50], seed: 1.5 })).toBe('the seed must be a whole number');
    expect(problem({ format: 'jsonl', split: [50, 50], seed: '3' })).toBe('the seed must be a whole number');
    expect(problem({ format: 'jsonl', seed: 3 })).toBe('--seed only applies with --split');
    expect(problem({ format: 'doccano', offsets: 'bytes' })).toBe('--offsets "bytes": choose utf16 or codepoints');
    expect(problem({ format: 'w3c', base: 'corpus/' })).toMatch(/^--base "corpus\/" is not an absolute IRI/);
    expect(problem({ format: 'jsonl', colour: 'red' })).toBe('unknown export option: colour');
  });

  it('the app may send only the dialog options, under the same rules', () => {
    expect(AppExportRequestSchema.safeParse({ format: 'csv', split: [80, 10, 10], seed: 2, status: ['done'] }).success).toBe(true);
    expect(AppExportRequestSchema.safeParse({ format: 'csv', offsets: 'utf16' }).success).toBe(false);
    expect(AppExportRequestSchema.safeParse({ format: 'csv', seed: 2 }).success).toBe(false);
    expect(ExportRequestSchema.safeParse({ format: 'csv', offsets: 'utf16' }).success).toBe(true);
  });

  it('is the schema the IPC contract checks startExport with', () => {
    expect(ipcContract.startExport.args).toBe(AppExportRequestSchema);
  });

  it('absolute IRIs', () => {
    expect(isAbsoluteIri('https://example.org/c/')).toBe(true);
    expect(isAbsoluteIri('urn:example:corpus:')).toBe(true);
    expect(isAbsoluteIri('relative/path')).toBe(false);
    expect(isAbsoluteIri('https://example.org/a b')).toBe(false);
  });
});
