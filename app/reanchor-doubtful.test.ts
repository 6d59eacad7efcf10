// Re-anchoring prefers "not placed" to a doubtful place (issue 17, item 4):
// regressions found by the attack on re-anchoring, and a seeded run of the
// benchmark's text edits (scripts/bench/reanchor-bench.ts) held to its bound.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchTexts, misplacedShare, runReanchorBench } from '../scripts/bench/reanchor-bench';
import { createAnnotation } from './annotations';
import { TextIndex } from './offsets';
import { reanchor } from './reanchor';
import type { Annotation } from './sidecar/sidecar-schema';

function over(text: string, quote: string, id: string, after = 0): Annotation {
  const index = new TextIndex(text);
  const u = text.indexOf(quote, after);
  if (u === -1) throw new Error(`"${quote}" is not in the text`);
  const start = index.toCodePoint(u);
  return createAnnotation(index, { id, type: 'entity', label: 'GPE', start, end: start + [...quote].length, now: '2025-01-01T00:00:00.000Z' });
}

describe('re-anchoring never guesses', () => {
  it('deleting the sentence of a tagged "North Korea" leaves it not placed, not on another mention with similar words around', () => {
    const tagged = 'On Monday officials in Seoul said North Korea fired two missiles into the sea. ';
    const other = 'Officials in Tokyo also said North Korea fired a missile over the sea. ';
    const old = `Tensions rose again this week. ${tagged}${other}Talks are planned for next month.\n`;
    const a = over(old, 'North Korea', 'nk');
    const now = old.replace(tagged, '');
    const result = reanchor(new TextIndex(now), { annotations: [a] });
    expect(result.annotations).toEqual([]);
    expect(result.report.orphaned.map((o) => o.id)).toEqual(['nk']);
  });

  it('a fuzzy match never starts or ends mid-word: "Posted April" edited does not become "pdated April"', () => {
    const old = 'Go to contents\n\nSpace Command ties\n\nPosted April. 06, 2021 07:48,\n\nA significant leap.\n';
    const a = over(old, 'Posted April', 'p');
    const now = old.replace('Posted April', 'Updated April');
    const result = reanchor(new TextIndex(now), { annotations: [a] });
    const placed = result.annotations.find((x) => x.id === 'p');
    if (placed) expect(placed.text).toBe('Updated April');
    expect(result.report.fuzzy.map((f) => f.newText)).not.toContain('pdated April');
  });

  it('an exact quote inside a longer word is not the tagged word ("stability" in "instability")', () => {
    const old = 'The pact brings stability to the region, the minister said.\nThe plan brings instability to the region, critics said.\n';
    const a = over(old, 'stability', 's');
    const now = old.replace('The pact brings stability to the region, the minister said.\n', '');
    const result = reanchor(new TextIndex(now), { annotations: [a] });
    expect(result.annotations.map((x) => x.text)).not.toContain('stability');
  });

  it('a tag in the first copy of a duplicated passage stays in that copy when text next to it is edited', () => {
    const passage = 'The Space Force set up its first subordinate command in Hawaii last year, officials said.\n';
    const old = `Intro line.\n${passage}Middle paragraph about other things entirely, and at some length to keep the copies apart.\n${'Filler sentence for distance. '.repeat(12)}\n${passage}`;
    const a = over(old, 'subordinate command', 'c');
    const now = old.replace('first subordinate command in Hawaii', 'first subordinate command, based in Hawaii,');
    const result = reanchor(new TextIndex(now), { annotations: [a] });
    const placed = result.annotations[0];
    // Either placed in the first copy (where it was) or not placed; never moved to the intact twin.
    if (placed) expect(placed.start).toBe(new TextIndex(now).toCodePoint(now.indexOf('subordinate command')));
  });
});

describe('re-anchoring checks placements against each other', () => {
  // An article duplicated in its own file (the sample corpus has one): the tagged sentence deleted from
  // the first copy still has an exact twin, whole context included, in the second.
  const first = 'The move comes as China increasingly militarizes outer space. ';
  const body = `${first}While details are still being worked out, Saltzman stated that the planning is underway.\nThis development aligns with efforts to enhance collaboration with Tokyo.\n`;
  const old = `Headline of the piece\n${body}A repeated headline\n${body}`;

  it('a tag whose sentence was deleted does not jump to the twin of that sentence in a duplicated passage', () => {
    const words = ['Headline', 'China', 'details', 'Saltzman', 'planning', 'development', 'efforts', 'Tokyo'];
    const tags = words.map((w, k) => over(old, w, `a${k}`));
    // The same words tagged in the second copy too, as an analyst going through the article would.
    const secondCopy = old.indexOf('A repeated headline');
    const twins = words.slice(1).map((w, k) => over(old, w, `b${k}`, secondCopy));
    const now = old.replace(first, '');
    const result = reanchor(new TextIndex(now), { annotations: [...tags, ...twins] });
    expect(result.report.orphaned.map((o) => o.id)).toEqual(['a1']);
    const index = new TextIndex(now);
    const firstCopyEnd = now.indexOf('A repeated headline');
    for (const a of result.annotations) {
      // Each tag stays in its own copy.
      expect(index.toUtf16(a.start) < firstCopyEnd).toBe(a.id.startsWith('a'));
    }
  });

  it('a short word whose sentence was deleted does not move to the same word starting the next sentence', () => {
    const text = 'Japan will host the unit. The rogue nation has kept testing missiles. The U.S. Space Force was set up in 2019.\n';
    const a = over(text, 'The', 'the', text.indexOf('The rogue'));
    const now = text.replace('The rogue nation has kept testing missiles. ', '');
    const result = reanchor(new TextIndex(now), { annotations: [a] });
    expect(result.annotations).toEqual([]);
  });
});

describe('the re-anchoring benchmark, seeded', () => {
  it('misplaces at most 0.1 % of the annotations of real articles, and orphans no more needlessly than before', () => {
    const texts = benchTexts(resolve(import.meta.dirname, '../../shared/corpus/space-force-japan'));
    const r = runReanchorBench({ seed: 7, cases: 120, texts });
    expect(r.scored).toBeGreaterThan(2500);
    expect(r.correct + r.notPlaced + r.misplaced).toBe(r.scored);
    // Before the order check and the two-sided context rule this sample gave 33 misplaced (1.2 %) and 32 not placed.
    expect(misplacedShare(r)).toBeLessThanOrEqual(0.001);
    expect(r.notPlaced).toBeLessThanOrEqual(32);
  });
});
