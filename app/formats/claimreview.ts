// schema.org ClaimReview as JSON-LD, the markup fact-checkers publish and
// Google's Fact Check tools read: one ClaimReview per reviewed claim (a claim
// with a verdict, a status other than unverified, or evidence), the file a
// JSON array of them, each standing alone with its own @context.
//
//   claimReviewed   the claim's text
//   itemReviewed    a Claim: its author is the claimant (the registry
//                   entity's name when the mention is linked to one, else the
//                   mention's text; sameAs its knowledge-base IRI), its
//                   appearance the source document
//   reviewRating    alternateName: the verdict in the reviewer's words (else
//                   the status); ratingValue on the scale below when the
//                   status maps to it
//   author          the annotator who reviewed it, when known
//   datePublished   when the review was last changed (the annotation's
//                   modified, else created), as a date
//   url             the claim's IRI (as in the W3C export)
//
// Rating scale (worstRating 1, bestRating 3): refuted 1, disputed 2,
// supported 3; unverified has no rating value. The claimant's own stance
// (asserted, reported, hedged, denied) is not a verdict and is not written.
import type { Annotation } from '../sidecar/sidecar-schema';
import { sortedAnnotations } from './common';
import { claimFacts, isReviewed, type ClaimFacts } from './claims';
import { jsonArrayItems, splitExporter, type ExportContext, type ExportDocument, type FormatExporter } from './types';
import { annotationIri, DEFAULT_BASE, kbIri, pathIri } from './w3c';

export const RATING_SCALE: Readonly<Record<string, number>> = { refuted: 1, disputed: 2, supported: 3 };
export const WORST_RATING = 1;
export const BEST_RATING = 3;

const ORGANISATION_LABELS = /^(ORG|ORGANI[SZ]ATION|NORP|GPE|COMPANY|AGENCY)$/i;

export interface ClaimReviewOptions {
  base?: string;
  kbIds?: Readonly<Record<string, string>>;
  entityNames?: Readonly<Record<string, string>>;
}

function claimantOf(mention: Annotation, options: ClaimReviewOptions): Record<string, unknown> {
  const name = (mention.entity !== undefined ? options.entityNames?.[mention.entity] : undefined) ?? mention.text;
  const author: Record<string, unknown> = { '@type': ORGANISATION_LABELS.test(mention.label) ? 'Organization' : 'Person', name };
  const kb = mention.entity === undefined ? undefined : options.kbIds?.[mention.entity];
  const iri = kb === undefined ? null : kbIri(kb);
  if (iri) author.sameAs = iri;
  return author;
}

export function claimReview(doc: ExportDocument, facts: ClaimFacts, options: ClaimReviewOptions = {}): Record<string, unknown> {
  const base = options.base ?? DEFAULT_BASE;
  const { claim } = facts;
  const item: Record<string, unknown> = { '@type': 'Claim' };
  if (facts.claimant) item.author = claimantOf(facts.claimant, options);
  item.appearance = { '@type': 'CreativeWork', url: base + pathIri(doc.path) };
  const rating: Record<string, unknown> = { '@type': 'Rating' };
  const verdict = claim.verdict ?? claim.status;
  if (verdict !== undefined) rating.alternateName = verdict;
  const value = claim.status === undefined ? undefined : RATING_SCALE[claim.status];
  if (value !== undefined) Object.assign(rating, { ratingValue: value, bestRating: BEST_RATING, worstRating: WORST_RATING });
  const review: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: annotationIri(doc.path, claim.id, base),
    claimReviewed: claim.text,
    itemReviewed: item,
    reviewRating: rating,
  };
  if (claim.author !== undefined) review.author = { '@type': 'Person', name: claim.author };
  const date = claim.modified ?? claim.created;
  if (date !== undefined && /^\d{4}-\d\d-\d\d/.test(date)) review.datePublished = date.slice(0, 10);
  return review;
}

export function claimReviews(doc: ExportDocument, options: ClaimReviewOptions = {}): Record<string, unknown>[] {
  return claimFacts(doc.sidecar, sortedAnnotations(doc.sidecar))
    .filter(isReviewed)
    .map((f) => claimReview(doc, f, options));
}

export function createClaimReviewExporter(ctx: Partial<ExportContext> = {}): FormatExporter {
  const options: ClaimReviewOptions = {
    base: ctx.base ?? DEFAULT_BASE,
    ...(ctx.kbIds ? { kbIds: ctx.kbIds } : {}),
    ...(ctx.entityNames ? { entityNames: ctx.entityNames } : {}),
  };
  const items = jsonArrayItems((doc) => claimReviews(doc, options));
  return splitExporter<number>({
    start: () => ({ main: '[' }),
    render: items.render,
    fold: items.fold,
    finish: () => ({ main: items.count() ? '\n]\n' : ']\n' }),
    warnings: () => (items.count() === 0 ? ['claimreview: no reviewed claims (a claim needs a verdict, a status other than unverified, or evidence)'] : []),
  });
}
