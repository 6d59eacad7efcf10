// What the fact-checking formats (ClaimReview, FEVER) need of a claim: who
// makes it, the evidence linked to it, and its verdict. Evidence is a span
// linked to the claim by a `supports` or `refutes` relation, either way round
// (the default schema's direction is from the evidence to the claim).
import type { Annotation, Sidecar } from '../sidecar/sidecar-schema';

export const SUPPORTS = 'supports';
export const REFUTES = 'refutes';

export interface Evidence {
  span: Annotation;
  kind: typeof SUPPORTS | typeof REFUTES;
}

export interface ClaimFacts {
  claim: Annotation;
  /** The mention of who makes the claim: its claimant, else the target of a said-by relation from it. */
  claimant?: Annotation;
  evidence: Evidence[];
}

/** Each claim of a document (in the order given) with its claimant and evidence. */
export function claimFacts(sidecar: Sidecar | null, sorted: readonly Annotation[]): ClaimFacts[] {
  if (!sidecar) return [];
  const byId = new Map(sorted.map((a) => [a.id, a]));
  const saidBy = new Map<string, string>();
  const evidence = new Map<string, Evidence[]>();
  for (const r of sidecar.relations) {
    if (r.type === 'said-by' && !saidBy.has(r.from)) saidBy.set(r.from, r.to);
    if (r.type !== SUPPORTS && r.type !== REFUTES) continue;
    const from = byId.get(r.from);
    const to = byId.get(r.to);
    if (!from || !to) continue;
    // From the evidence to the claim; a link from a claim to a span that is not a claim is read the other way.
    const [claim, span] = to.type === 'claim' || from.type !== 'claim' ? [to, from] : [from, to];
    evidence.set(claim.id, [...(evidence.get(claim.id) ?? []), { span, kind: r.type }]);
  }
  return sorted
    .filter((a) => a.type === 'claim')
    .map((claim) => {
      const facts: ClaimFacts = { claim, evidence: evidence.get(claim.id) ?? [] };
      const claimant = byId.get(claim.claimant ?? saidBy.get(claim.id) ?? '');
      if (claimant) facts.claimant = claimant;
      return facts;
    });
}

/** A claim has been reviewed when it has a verdict, a status other than unverified, or evidence. */
export function isReviewed(f: ClaimFacts): boolean {
  return f.claim.verdict !== undefined || (f.claim.status !== undefined && f.claim.status !== 'unverified') || f.evidence.length > 0;
}
