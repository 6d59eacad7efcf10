// ClaimReview and FEVER: claims with their claimant, verdict and evidence.
import { describe, expect, it } from 'vitest';
import { createAnnotation } from '../annotations';
import { TextIndex } from '../offsets';
import { emptySidecar } from '../sidecar/sidecar-io';
import type { Annotation, Relation } from '../sidecar/sidecar-schema';
import { claimReviews, createClaimReviewExporter } from './claimreview';
import { createFeverExporter, feverDocument } from './fever';
import { FORMATS } from './registry';
import type { ExportDocument } from './types';

const NOW = '2026-03-04T10:00:00.000Z';
const TEXT = 'Minister Han said the launch was cancelled. JAXA said it was postponed. The launch happened in May.';
const index = new TextIndex(TEXT);
const at = (s: string) => index.toCodePoint(TEXT.indexOf(s));
const ann = (id: string, type: Annotation['type'], label: string, s: string, extra: Partial<Annotation> = {}): Annotation => ({
  ...createAnnotation(index, { id, type, label, start: at(s), end: at(s) + s.length, now: NOW }),
  ...extra,
});

const han = ann('p1', 'entity', 'PERSON', 'Han', { entity: 'ent_han' });
const jaxa = ann('o1', 'entity', 'ORG', 'JAXA');
const cancelled = ann('c1', 'claim', 'CLAIM', 'the launch was cancelled', {
  claimant: 'p1', stance: 'asserted', status: 'refuted', verdict: 'False: the launch happened in May', author: 'analyst-1',
});
const postponed = ann('c2', 'claim', 'CLAIM', 'it was postponed', { stance: 'reported' });
const fact = ann('e1', 'entity', 'MISC', 'The launch happened in May');
const unreviewed = ann('c3', 'claim', 'CLAIM', 'launch happened', { status: 'unverified' });
const relations: Relation[] = [
  { id: 'r1', type: 'refutes', from: 'e1', to: 'c1' },
  { id: 'r2', type: 'said-by', from: 'c2', to: 'o1' },
  { id: 'r3', type: 'refutes', from: 'e1', to: 'c2' },
];
const doc: ExportDocument = {
  path: 'news/a.txt',
  text: TEXT,
  sidecar: { ...emptySidecar({ name: 'a.txt', sha256: '0'.repeat(64), length: index.length }), annotations: [han, jaxa, cancelled, postponed, fact, unreviewed], relations },
};
const options = { base: 'https://example.org/c/', kbIds: { ent_han: 'Q123' }, entityNames: { ent_han: 'Han Do-yun' } };

describe('claimreview', () => {
  it('writes one ClaimReview per reviewed claim, the verdict in the reviewer\'s words and the status on a documented scale', () => {
    const reviews = claimReviews(doc, options);
    expect(reviews.map((r) => r.claimReviewed)).toEqual(['the launch was cancelled', 'it was postponed']);
    expect(reviews[0]).toEqual({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: 'https://example.org/c/news/a.txt.annotations.json#c1',
      claimReviewed: 'the launch was cancelled',
      itemReviewed: {
        '@type': 'Claim',
        author: { '@type': 'Person', name: 'Han Do-yun', sameAs: 'http://www.wikidata.org/entity/Q123' },
        appearance: { '@type': 'CreativeWork', url: 'https://example.org/c/news/a.txt' },
      },
      reviewRating: { '@type': 'Rating', alternateName: 'False: the launch happened in May', ratingValue: 1, bestRating: 3, worstRating: 1 },
      author: { '@type': 'Person', name: 'analyst-1' },
      datePublished: '2026-03-04',
    });
  });

  it('keeps the claimant\'s stance apart from the verdict, and names an organisation as one', () => {
    const second = claimReviews(doc, options)[1] as Record<string, Record<string, unknown>>;
    expect(second.itemReviewed?.author).toEqual({ '@type': 'Organization', name: 'JAXA' });
    // Reviewed by its evidence only: no status, so no rating value, and its stance ("reported") is no verdict.
    expect(second.reviewRating).toEqual({ '@type': 'Rating' });
    expect(JSON.stringify(second)).not.toContain('reported');
  });

  it('is a JSON array over the whole export, in the registry for the CLI and the app', () => {
    const e = createClaimReviewExporter(options);
    const text = [e.start().main, e.add(doc).main, e.add({ ...doc, path: 'b.txt' }).main, e.finish().main].flat().join('');
    expect(JSON.parse(text)).toHaveLength(4);
    expect(FORMATS.claimreview.name).toBe('claimreview');
  });
});

describe('fever', () => {
  it('writes one line per claim with its label from the status and evidence, and evidence sentences by document', () => {
    const { lines, withoutEvidence } = feverDocument(doc);
    expect(lines).toEqual([
      { id: 'news/a.txt#c1', claim: 'the launch was cancelled', label: 'REFUTES', evidence: [[[null, null, 'news/a.txt', 2]]], verifiable: 'VERIFIABLE' },
      { id: 'news/a.txt#c2', claim: 'it was postponed', label: 'REFUTES', evidence: [[[null, null, 'news/a.txt', 2]]], verifiable: 'VERIFIABLE' },
      { id: 'news/a.txt#c3', claim: 'launch happened', label: 'NOT ENOUGH INFO', evidence: [], verifiable: 'NOT VERIFIABLE' },
    ]);
    expect(withoutEvidence).toBe(0);
  });

  it('warns about SUPPORTS or REFUTES claims without evidence', () => {
    const bare = { ...doc, sidecar: { ...(doc.sidecar as NonNullable<ExportDocument['sidecar']>), relations: [] } };
    const e = createFeverExporter();
    const out = String(e.add(bare).main).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out[0]).toMatchObject({ label: 'REFUTES', evidence: [] });
    expect(out[1]).toMatchObject({ label: 'NOT ENOUGH INFO' });
    expect(e.warnings()[0]).toMatch(/^fever: 1 claim\(s\) labelled SUPPORTS or REFUTES/);
  });
});
