import fc from 'fast-check';
import MiniSearch, { type Options, type Query } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { indexTerms } from '../../app/search/tokenize';
import { BulkIndex } from './bulk-index';
import { scoreQuery } from './scorer';

// Property tests bound their own time: fast-check starts no new run after the
// budget (and passes if none failed), so a loaded two-core machine runs fewer
// cases instead of timing out; the test's timeout only catches a hang.
const PROPERTY_BUDGET = fc.interruptAfterTimeLimit(2_000);
const PROPERTY_TIMEOUT = 20_000;

type Doc = { id: string; text: string; notes: string };
// As search-service.ts configures it.
const OPTIONS: Options<Doc> = {
  fields: ['text', 'notes'],
  storeFields: [],
  tokenize: (text) => indexTerms(text),
  processTerm: (term) => term,
  searchOptions: { tokenize: (s) => [s], processTerm: (term) => term },
};

const vocabulary = ['alpha', 'alphabet', 'alp', 'beta', 'betamax', 'gamma', '長江', '流域'];
const words = fc.array(fc.constantFrom(...vocabulary), { maxLength: 8 }).map((w) => w.join(' '));
const docsOf = fc.array(fc.tuple(words, fc.oneof(fc.constant(''), words)), { minLength: 1, maxLength: 40 }).map((xs) =>
  xs.map(([text, notes], i): Doc => ({ id: `d${i}`, text, notes })),
);
const leaf = fc.oneof(fc.constantFrom(...vocabulary, '長', 'zzz', 'al'), fc.constantFrom('alp', 'beta', 'al', 'gam', '長').map((t) => ({ queries: [t], prefix: true })));
const clause = fc.array(leaf, { minLength: 1, maxLength: 3 }).map((queries): Query => ({ combineWith: 'AND', queries }));
const tree = fc.array(clause, { minLength: 1, maxLength: 3 }).map((queries): Query => ({ combineWith: 'AND', queries }));
const queryOf = fc.oneof(
  tree,
  fc.tuple(tree, fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 2 })).map(([t, not]): Query => ({ combineWith: 'AND_NOT', queries: [t, ...not] })),
);

/** MiniSearch's answer and scoreQuery's, both as (id, score) sorted as search() sorts (stable, by descending score). */
function both(mini: MiniSearch<Doc>, query: Query) {
  const fast = scoreQuery(mini as unknown as MiniSearch, query);
  if (!fast) return null;
  const mine = fast.paths.map((id, i) => ({ id, score: fast.scores[i] as number })).sort((a, b) => b.score - a.score);
  return { mine, theirs: mini.search(query).map((r) => ({ id: r.id as string, score: r.score })) };
}

describe('scoreQuery', () => {
  it("gives exactly MiniSearch's matches, scores and order (index added document by document, or in bulk)", async () => {
    await fc.assert(
      fc.asyncProperty(docsOf, fc.array(queryOf, { minLength: 1, maxLength: 5 }), fc.boolean(), async (docs, queries, bulk) => {
        let mini: MiniSearch<Doc>;
        if (bulk) {
          const b = new BulkIndex(['text', 'notes']);
          for (const d of docs) b.add(d.id, [indexTerms(d.text), indexTerms(d.notes)]);
          mini = (await b.toMiniSearch(OPTIONS, async () => {})) as MiniSearch<Doc>;
        } else {
          mini = new MiniSearch(OPTIONS);
          mini.addAll(docs);
        }
        for (const q of queries) {
          const r = both(mini, q);
          expect(r).not.toBeNull();
          expect(r?.mine).toEqual(r?.theirs);
        }
      }),
      { numRuns: 400, plugins: [PROPERTY_BUDGET] },
    );
  }, PROPERTY_TIMEOUT);
  it('leaves it to MiniSearch while a discarded document awaits vacuuming, and for queries it does not handle', () => {
    const mini = new MiniSearch(OPTIONS);
    mini.addAll([{ id: 'a', text: 'alpha', notes: '' }, { id: 'b', text: 'alpha beta', notes: '' }]);
    expect(scoreQuery(mini as unknown as MiniSearch, { combineWith: 'AND', queries: [{ combineWith: 'AND', queries: ['alpha'] }] })?.paths).toEqual(['a', 'b']);
    expect(scoreQuery(mini as unknown as MiniSearch, { combineWith: 'OR', queries: ['alpha', 'beta'] })).toBeNull();
    expect(scoreQuery(mini as unknown as MiniSearch, 'alpha')).toBeNull();
    mini.discard('a');
    expect(scoreQuery(mini as unknown as MiniSearch, { combineWith: 'AND', queries: [{ combineWith: 'AND', queries: ['alpha'] }] })).toBeNull();
  });
});
