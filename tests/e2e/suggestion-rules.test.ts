// Suggestion rules edited in the Labels dialog (issue 20, item 2): the rules a
// schema already has are shown and kept on save, a new rule's bad pattern is
// named beside its field and blocks Save, a renamed label takes its rules
// along, and the saved rules suggest at once (a missing word list is named).
import { describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openApp } from '../harness/browser';
import { appSuite } from '../harness/suite';
import { REPO_ROOT, SAMPLE_CORPUS } from '../harness/server';
import { openDoc } from './helpers';

describe('suggestion rules in the Labels dialog', () => {
  const suite = appSuite(SAMPLE_CORPUS, async (root) => {
    const defaults = JSON.parse(await readFile(join(REPO_ROOT, 'resources/default-schema.json'), 'utf8'));
    await mkdir(join(root, '.marginalia'), { recursive: true });
    const schema = { ...defaults, suggestionRules: [{ label: 'MISC', words: ['lantern shop'], wordList: 'bases.txt' }] };
    await writeFile(join(root, '.marginalia/schema.json'), `${JSON.stringify(schema, null, 2)}\n`);
  });

  it('keeps the existing rule, refuses a bad pattern by name, follows a rename, saves a new one, and both suggest', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, '06-first-alert-thu-bon-river.txt');
    await page.getByRole('button', { name: 'Labels…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Label schema' });
    expect(await dialog.getByLabel('Rule 1 phrases').inputValue()).toBe('lantern shop');
    expect(await dialog.getByLabel('Rule 1 word list file').inputValue()).toBe('bases.txt');

    await dialog.getByRole('button', { name: 'Add suggestion rule' }).click();
    await dialog.getByLabel('Rule 2 label').selectOption('DATE');
    const patterns = dialog.getByLabel('Rule 2 patterns');
    await patterns.fill('\\d\\d:\\d\\d(');
    const rule = dialog.getByRole('group', { name: 'Suggestion rule 2' });
    await expect.poll(() => rule.getByRole('listitem').first().textContent()).toMatch(/^suggestion rule 2 \(DATE\): the pattern .* is not a valid regular expression/);
    expect(await patterns.getAttribute('aria-invalid')).toBe('true');
    const save = dialog.getByRole('button', { name: 'Save' });
    expect(await save.isDisabled()).toBe(true);

    await patterns.fill('\\b\\d\\d:\\d\\d\\b');
    // Renaming the label (cleared, then typed anew) takes its rule along.
    await dialog.getByLabel('Entity label 6 name').fill('');
    await dialog.getByLabel('Entity label 6 name').fill('WEAPON');
    expect(await dialog.getByLabel('Rule 1 label').inputValue()).toBe('WEAPON');
    await expect.poll(() => save.isEnabled()).toBe(true);
    await save.click();
    await expect.poll(() => dialog.count()).toBe(0);
    const saved = JSON.parse(await readFile(join(suite.corpus.root, '.marginalia/schema.json'), 'utf8'));
    expect(saved.suggestionRules).toEqual([
      { label: 'WEAPON', words: ['lantern shop'], wordList: 'bases.txt' },
      { label: 'DATE', patterns: ['\\b\\d\\d:\\d\\d\\b'] },
    ]);

    await page.getByRole('tab', { name: 'Suggest' }).click();
    const panel = page.getByTestId('suggestions-panel');
    await panel.getByRole('button', { name: 'Suggest entities' }).click();
    const byRule = panel.getByTestId('suggestion').filter({ hasText: 'schema rule' });
    await expect.poll(() => byRule.allTextContents(), { timeout: 30_000 }).toEqual(
      expect.arrayContaining([expect.stringMatching(/WEAPON.*lantern shop/), expect.stringMatching(/DATE.*03:10/), expect.stringMatching(/DATE.*20:10/)]),
    );
    // The word list file was never written: the panel names it, and the rule's phrases still suggest.
    expect(await panel.getByTestId('suggestion-notices').textContent()).toMatch(/\.marginalia\/bases\.txt \(the word list of a suggestion rule for WEAPON\): .*does not exist/);
    expect(errors).toEqual([]);
  });
});
