import { describe, expect, it } from 'vitest';
import { LabelSchemaFileSchema, normalizeLabelSchema, type LabelSchemaFile } from '../../../app/label-schema';
import { draftFromSchema, schemaFromDraft } from './schema-draft';
import { addRule, linesOf, removeRule, ruleDraftProblems, rulesDraftFrom, rulesFromDraft, updateRule } from './suggestion-rules-draft';

const schema: LabelSchemaFile = LabelSchemaFileSchema.parse({
  version: 1,
  entityLabels: [
    { name: 'ORG', colour: '#112233' },
    { name: 'DATE', colour: '#445566' },
  ],
  claimLabels: [],
  relationTypes: [],
  suggestionRules: [
    { label: 'ORG', words: ['Stars and Stripes', 'Air Self-Defense Force'], wordList: 'orgs.txt' },
    { label: 'DATE', patterns: ['\\b(19|20)\\d\\d\\b'] },
  ],
});
const labels = ['ORG', 'DATE'];

describe('the suggestion rules draft of the Labels editor', () => {
  it('gives back the rules it was made from, so saving the editor keeps them', () => {
    const saved = { ...schemaFromDraft(draftFromSchema(schema)), ...rulesFromDraft(rulesDraftFrom(schema)) };
    expect(normalizeLabelSchema(saved)).toEqual(normalizeLabelSchema(schema));
    expect(ruleDraftProblems(rulesDraftFrom(schema), labels)).toEqual([]);
  });

  it('leaves suggestionRules out when there are none, so older schemas save as before', () => {
    expect(rulesFromDraft(rulesDraftFrom({}))).toEqual({});
  });

  it('reads a phrase or a pattern per line, trimmed, blank lines dropped', () => {
    expect(linesOf(' Osan Air Base \r\n\n Yokota Air Base\n')).toEqual(['Osan Air Base', 'Yokota Air Base']);
    let rows = addRule([], labels).rows;
    const key = rows[0]!.key;
    rows = updateRule(rows, key, { words: 'Osan Air Base\n\nYokota Air Base', patterns: ' \\d+ ', wordList: ' ' });
    expect(rulesFromDraft(rows).suggestionRules).toEqual([{ label: 'ORG', words: ['Osan Air Base', 'Yokota Air Base'], patterns: ['\\d+'] }]);
    expect(removeRule(rows, key)).toEqual([]);
  });

  it('names the rule and the field at fault: empty rule, bad pattern, bad file name, a label the editor renamed', () => {
    let rows = addRule(rulesDraftFrom(schema), labels).rows;
    const [org, date, fresh] = rows.map((r) => r.key);
    expect(ruleDraftProblems(rows, labels)).toEqual([{ path: ['suggestionRules', 2, 'label'], message: 'suggestion rule 3 (ORG) has no words, word list or patterns' }]);
    rows = updateRule(rows, fresh!, { patterns: '(unclosed' });
    rows = updateRule(rows, date!, { patterns: 'a*' });
    rows = updateRule(rows, org!, { wordList: '../secrets.txt' });
    const problems = ruleDraftProblems(rows, ['ORGANISATION', 'DATE']);
    expect(problems.map((p) => p.path)).toEqual([
      ['suggestionRules', 0, 'label'],
      ['suggestionRules', 0, 'wordList'],
      ['suggestionRules', 1, 'patterns'],
      ['suggestionRules', 2, 'label'],
      ['suggestionRules', 2, 'patterns'],
    ]);
    expect(problems[0]!.message).toBe('suggestion rule 1 (ORG): there is no entity label ORG');
    expect(problems[2]!.message).toMatch(/matches empty text/);
    expect(problems[4]!.message).toMatch(/is not a valid regular expression/);
  });
});

describe('rules and renamed labels', () => {
  it('a label renamed in the editor takes its rules along; a removed one leaves them to be fixed', async () => {
    const { followRenames } = await import('./suggestion-rules-draft');
    const rows = rulesDraftFrom(schema);
    const before = [
      { key: 'k1', name: 'ORG' },
      { key: 'k2', name: 'DATE' },
    ];
    const renamed = followRenames(rows, before, [
      { key: 'k1', name: ' ORGANISATION ' },
      { key: 'k2', name: 'DATE' },
    ]);
    expect(renamed.map((r) => r.label)).toEqual(['ORGANISATION', 'DATE']);
    expect(ruleDraftProblems(renamed, ['ORGANISATION', 'DATE'])).toEqual([]);
    // Half-typed (blank) names move nothing; a removed label leaves its rules naming it.
    expect(followRenames(rows, before, [{ key: 'k1', name: '' }, { key: 'k2', name: 'DATE' }]).map((r) => r.label)).toEqual(['ORG', 'DATE']);
    expect(followRenames(rows, before, [{ key: 'k2', name: 'DATE' }]).map((r) => r.label)).toEqual(['ORG', 'DATE']);
  });
});
