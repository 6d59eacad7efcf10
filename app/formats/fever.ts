// FEVER JSONL (Thorne et al. 2018, the shared task's train.jsonl shape): one
// line per claim,
//
//   {"id": "dir/a.txt#c_1", "claim": "...", "label": "SUPPORTS",
//    "evidence": [[[null, null, "dir/a.txt", 3]], ...], "verifiable": "VERIFIABLE"}
//
// `label` comes from the claim's status (supported -> SUPPORTS, refuted ->
// REFUTES), and, for a claim with no decided status, from its evidence when
// all of it points one way; anything else is NOT ENOUGH INFO. `evidence` is a
// list of alternative evidence sets, one per linked evidence span: [annotation
// id, evidence id, page, sentence], where the page is the document's corpus
// path and the sentence the index (from 0) of the sentence holding the span's
// start, sentences as the CoNLL export splits them. FEVER's ids are numbers
// given by its annotation tool; here the claim's own stable id is used.
// Claims labelled SUPPORTS or REFUTES without linked evidence are counted in
// a warning (FEVER's scorer expects evidence for them).
import { TextIndex } from '../offsets';
import { jsonLine, sortedAnnotations } from './common';
import { claimFacts, REFUTES, SUPPORTS, type ClaimFacts } from './claims';
import { scanTokens, sentenceEnds } from './tokenize';
import { splitExporter, type ExportDocument, type FormatExporter } from './types';

export type FeverLabel = 'SUPPORTS' | 'REFUTES' | 'NOT ENOUGH INFO';

export interface FeverLine {
  id: string;
  claim: string;
  label: FeverLabel;
  evidence: [null, null, string, number][][];
  verifiable: 'VERIFIABLE' | 'NOT VERIFIABLE';
}

export function feverLabel(f: ClaimFacts): FeverLabel {
  if (f.claim.status === 'supported') return 'SUPPORTS';
  if (f.claim.status === 'refuted') return 'REFUTES';
  if (f.claim.status === undefined || f.claim.status === 'unverified') {
    const kinds = new Set(f.evidence.map((e) => e.kind));
    if (kinds.size === 1) return kinds.has(SUPPORTS) ? 'SUPPORTS' : kinds.has(REFUTES) ? 'REFUTES' : 'NOT ENOUGH INFO';
  }
  return 'NOT ENOUGH INFO';
}

/** The sentence index of each code point offset asked for, sentences as the CoNLL export splits them. */
export function sentenceOf(text: string, index: TextIndex): (cp: number) => number {
  const tokens = scanTokens(text);
  const ends = sentenceEnds(text, tokens);
  // The code point where each sentence after the first begins.
  const starts = Array.from(ends.slice(0, -1), (t) => tokens.start[t] as number);
  return (cp: number) => {
    const c = Math.min(cp, index.length);
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] as number) <= c) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export interface FeverDocument {
  lines: FeverLine[];
  /** Claims labelled SUPPORTS or REFUTES by their status with no evidence linked. */
  withoutEvidence: number;
}

export function feverDocument(doc: ExportDocument): FeverDocument {
  const facts = claimFacts(doc.sidecar, sortedAnnotations(doc.sidecar));
  if (facts.length === 0) return { lines: [], withoutEvidence: 0 };
  const sentence = sentenceOf(doc.text, doc.index ?? new TextIndex(doc.text));
  let withoutEvidence = 0;
  const lines = facts.map((f): FeverLine => {
    const label = feverLabel(f);
    const wanted = label === 'SUPPORTS' ? SUPPORTS : label === 'REFUTES' ? REFUTES : null;
    const spans = f.evidence.filter((e) => wanted === null || e.kind === wanted);
    if (wanted !== null && spans.length === 0) withoutEvidence++;
    const evidence = spans.map((e): [null, null, string, number][] => [[null, null, doc.path, sentence(e.span.start)]]);
    return { id: `${doc.path}#${f.claim.id}`, claim: f.claim.text, label, evidence, verifiable: label === 'NOT ENOUGH INFO' ? 'NOT VERIFIABLE' : 'VERIFIABLE' };
  });
  return { lines, withoutEvidence };
}

export function createFeverExporter(): FormatExporter {
  let withoutEvidence = 0;
  return splitExporter<number>({
    start: () => ({}),
    render(doc) {
      const r = feverDocument(doc);
      return { main: r.lines.map(jsonLine).join(''), meta: r.withoutEvidence };
    },
    fold(r) {
      withoutEvidence += r.meta;
      return r.main === undefined ? {} : { main: r.main };
    },
    finish: () => ({}),
    warnings: () =>
      withoutEvidence ? [`fever: ${withoutEvidence} claim(s) labelled SUPPORTS or REFUTES by their status have no supports/refutes evidence linked (their evidence is empty)`] : [],
  });
}
