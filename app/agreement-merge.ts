// Curating two annotators' work into one list. Spans both made (same start,
// end and label) are accepted automatically; everything else is grouped into
// disagreements, each decided as take A, take B, both or neither. Pure.
//
// A disagreement is a cluster of unmatched annotations (A's and B's) that
// overlap one another, directly or through a chain: "A tagged [0,12) PERSON,
// B tagged [5,12) PERSON" is one disagreement, decided as a whole. Clusters
// cover disjoint stretches of text, so the stretch names the disagreement: its
// id is "start-end" (code points), stable while the two lists stay as they are.
import { exactMatches, splitByAuthor } from './agreement';
import { newAnnotationId } from './annotations';
import { compareAnnotations } from './sidecar/sidecar-io';
import type { Annotation } from './sidecar/sidecar-schema';

export const MERGE_DECISIONS = ['a', 'b', 'both', 'neither'] as const;
export type MergeDecision = (typeof MERGE_DECISIONS)[number];

export type DisagreementKind =
  /** One span each, same offsets, different labels. */
  | 'label'
  /** One span each, same label, different offsets. */
  | 'boundary'
  /** Only A tagged something here. */
  | 'only-a'
  /** Only B tagged something here. */
  | 'only-b'
  /** Anything else: several spans on one side or both. */
  | 'mixed';

export interface Disagreement {
  /** "start-end" of the stretch the cluster covers; unique within one comparison. */
  id: string;
  start: number;
  end: number;
  kind: DisagreementKind;
  /** A's unmatched annotations here, in file order. */
  a: Annotation[];
  b: Annotation[];
  /**
   * The document's text around the stretch (up to 300 code points either
   * side), where the comparison had the text: the curation view then shows
   * whole sentences instead of only the annotations' own 32 characters of context.
   */
  around?: { start: number; text: string };
}

export interface Comparison {
  /** Pairs both made: same start, end and label. */
  agreed: { a: Annotation; b: Annotation }[];
  /** Sorted by position. */
  disagreements: Disagreement[];
}

function kindOf(a: readonly Annotation[], b: readonly Annotation[]): DisagreementKind {
  if (b.length === 0) return 'only-a';
  if (a.length === 0) return 'only-b';
  if (a.length === 1 && b.length === 1) {
    const [x, y] = [a[0] as Annotation, b[0] as Annotation];
    if (x.start === y.start && x.end === y.end) return 'label';
    if (x.label === y.label) return 'boundary';
  }
  return 'mixed';
}

/** What both agree on and where they differ. Annotations are compared by start, end and label only. */
export function compareForMerge(a: readonly Annotation[], b: readonly Annotation[]): Comparison {
  const agreed = exactMatches(a, b);
  const matchedA = new Set(agreed.map((p) => p.a));
  const matchedB = new Set(agreed.map((p) => p.b));
  const rest = [
    ...a.filter((x) => !matchedA.has(x)).map((x) => ({ side: 'a' as const, x })),
    ...b.filter((x) => !matchedB.has(x)).map((x) => ({ side: 'b' as const, x })),
  ].sort((p, q) => p.x.start - q.x.start || p.x.end - q.x.end);
  const disagreements: Disagreement[] = [];
  let cur: { start: number; end: number; a: Annotation[]; b: Annotation[] } | null = null;
  const close = () => {
    if (!cur) return;
    cur.a.sort(compareAnnotations);
    cur.b.sort(compareAnnotations);
    disagreements.push({ id: `${cur.start}-${cur.end}`, start: cur.start, end: cur.end, kind: kindOf(cur.a, cur.b), a: cur.a, b: cur.b });
    cur = null;
  };
  for (const { side, x } of rest) {
    if (cur && x.start < cur.end) {
      cur.end = Math.max(cur.end, x.end);
    } else {
      close();
      cur = { start: x.start, end: x.end, a: [], b: [] };
    }
    cur[side].push(x);
  }
  close();
  return { agreed, disagreements };
}

export type MergeDecisions = Readonly<Record<string, MergeDecision>> | ReadonlyMap<string, MergeDecision>;

export interface MergeOptions {
  /** How a disagreement without a decision is settled; 'a' (keep the current annotations) by default. */
  undecided?: MergeDecision;
  /** Annotations to keep as they are (in the one-sidecar case: everyone else's). Their ids are reserved. */
  keep?: readonly Annotation[];
  /**
   * A and B come from one sidecar (ids are unique across both, and a claim by
   * B may name A's annotation as claimant). Default false: two sidecars, whose
   * ids may coincide, and whose claimants point within their own side.
   */
  sharedIds?: boolean;
}

export interface MergeResult {
  /** The curated list, in file order, with unique ids and no dangling claimant. */
  annotations: Annotation[];
  /**
   * Where the current sidecar's ids went, for carrying its relations over
   * (replaceAnnotations in app/batch-annotations.ts): a kept annotation maps
   * to itself, a dropped one is absent. With sharedIds, B's ids are included
   * too: an agreed B annotation maps to its A twin. Without, the current
   * sidecar is A's (B's relations, in the other folder, are not carried over).
   */
  idMap: Map<string, string>;
  /** Disagreements settled by options.undecided because no decision was given. */
  undecided: string[];
  /** How many annotations came from A's side, B's side, and were agreed. */
  summary: { agreed: number; fromA: number; fromB: number; dropped: number };
}

function decisionFor(decisions: MergeDecisions, id: string): MergeDecision | undefined {
  if (decisions instanceof Map) return decisions.get(id);
  const rec = decisions as Readonly<Record<string, MergeDecision>>;
  return Object.hasOwn(rec, id) ? rec[id] : undefined;
}

/**
 * The curated list: every agreed span (A's annotation, with its id, claim
 * fields and attributes), plus for each disagreement the side decided: 'a'
 * its A annotations, 'b' its B annotations, 'both' all of them, 'neither'
 * none. B annotations whose id is already in use get a fresh id; claimants
 * follow their annotation's id and are dropped when it was not kept.
 */
export function mergeAnnotations(
  a: readonly Annotation[],
  b: readonly Annotation[],
  decisions: MergeDecisions,
  options: MergeOptions = {},
): MergeResult {
  const { agreed, disagreements } = compareForMerge(a, b);
  const undecidedAs = options.undecided ?? 'a';
  const taken: { x: Annotation; side: 'a' | 'b' }[] = agreed.map((p) => ({ x: p.a, side: 'a' as const }));
  const undecided: string[] = [];
  let dropped = 0;
  for (const d of disagreements) {
    let decision = decisionFor(decisions, d.id);
    if (decision === undefined) {
      undecided.push(d.id);
      decision = undecidedAs;
    }
    const fromA = decision === 'a' || decision === 'both';
    const fromB = decision === 'b' || decision === 'both';
    if (fromA) for (const x of d.a) taken.push({ x, side: 'a' });
    else dropped += d.a.length;
    if (fromB) for (const x of d.b) taken.push({ x, side: 'b' });
    else dropped += d.b.length;
  }

  // Ids: everything kept as is, then A's, reserve theirs; B's that clash are renamed.
  const used = new Set<string>([...(options.keep ?? []).map((k) => k.id), ...taken.filter((t) => t.side === 'a').map((t) => t.x.id)]);
  const mapA = new Map<string, string>();
  const mapB = new Map<string, string>();
  for (const k of options.keep ?? []) mapA.set(k.id, k.id);
  for (const p of agreed) {
    mapA.set(p.a.id, p.a.id);
    mapB.set(p.b.id, p.a.id);
  }
  const out: { x: Annotation; side: 'a' | 'b' }[] = [];
  for (const t of taken) {
    if (t.side === 'a') {
      mapA.set(t.x.id, t.x.id);
      out.push(t);
      continue;
    }
    let id = t.x.id;
    if (used.has(id)) id = newAnnotationId(used);
    used.add(id);
    mapB.set(t.x.id, id);
    out.push({ x: id === t.x.id ? t.x : { ...t.x, id }, side: 'b' });
  }
  const shared = options.sharedIds ?? false;
  const lookup = (map: Map<string, string>, id: string): string | undefined =>
    map.get(id) ?? (shared ? (map === mapA ? mapB : mapA).get(id) : undefined);
  const fixClaimant = (x: Annotation, map: Map<string, string>): Annotation => {
    if (x.claimant === undefined) return x;
    const target = lookup(map, x.claimant);
    if (target === x.claimant) return x;
    if (target !== undefined) return { ...x, claimant: target };
    const { claimant: _gone, ...rest } = x;
    return rest;
  };
  const annotations = [
    ...(options.keep ?? []).map((k) => fixClaimant(k, mapA)),
    ...out.map((t) => fixClaimant(t.x, t.side === 'a' ? mapA : mapB)),
  ].sort(compareAnnotations);

  const idMap = new Map<string, string>(shared ? [...mapB, ...mapA] : mapA);
  return {
    annotations,
    idMap,
    undecided,
    summary: {
      agreed: agreed.length,
      fromA: out.filter((t) => t.side === 'a').length - agreed.length,
      fromB: out.filter((t) => t.side === 'b').length,
      dropped,
    },
  };
}

/**
 * The one-sidecar case (two authors' annotations side by side after a git
 * merge): merges author A's and author B's annotations and keeps everyone
 * else's untouched. Ids are unique within a sidecar, so nothing is renamed.
 */
export function mergeAuthors(
  annotations: readonly Annotation[],
  authorA: string,
  authorB: string,
  decisions: MergeDecisions,
  options: Omit<MergeOptions, 'keep'> = {},
): MergeResult {
  const { a, b, others } = splitByAuthor(annotations, authorA, authorB);
  return mergeAnnotations(a, b, decisions, { ...options, keep: others, sharedIds: true });
}

/**
 * What applying a merge changes in the document: the annotations it removes
 * or changes (the annotator's own work, which is never overwritten without
 * asking) and those it adds. Compared by id, label and span.
 */
export function mergeChanges(base: readonly Annotation[], merged: readonly Annotation[]): { removed: Annotation[]; added: Annotation[] } {
  const key = (a: Annotation) => `${a.id}\u0000${a.type}\u0000${a.label}\u0000${a.start}\u0000${a.end}`;
  const before = new Set(base.map(key));
  const after = new Set(merged.map(key));
  return { removed: base.filter((a) => !after.has(key(a))), added: merged.filter((a) => !before.has(key(a))) };
}
