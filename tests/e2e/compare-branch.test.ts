// Compare… with a git branch, end to end: the AgreementView on the curation
// test page (tests/e2e/curation-page), its bridge answered by the real
// handlers over a corpus kept in git. Another analyst's branch, read from git
// without checking it out, gives the same figures as their folder (the
// hand-worked ones of tests/fixtures/agreement).
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp } from '../harness/browser';
import { copyCorpus } from '../harness/corpus';
import { REPO_ROOT, startHarness } from '../harness/server';
import { buildTestPage, removeTestPage } from '../harness/test-page';

const FIXTURES = join(REPO_ROOT, 'tests/fixtures/agreement');
const DOC = 'valparaiso-dredging.txt';

function git(cwd: string, ...args: string[]): Promise<void> {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.org', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  return new Promise((resolve, reject) => execFile('git', ['-C', cwd, ...args], { env }, (e, _o, err) => (e ? reject(new Error(err)) : resolve())));
}

describe('Compare with branch… in the agreement view', () => {
  let browser: Browser;
  let pageDir: string;
  beforeAll(async () => {
    pageDir = await buildTestPage('curation-page');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await removeTestPage(pageDir);
  });

  it('lists the branches, compares with the one chosen and gives the same figures as the folder', async () => {
    const corpus = await copyCorpus(join(FIXTURES, 'annotator-a'));
    await git(corpus.root, 'init', '-q', '-b', 'main');
    await git(corpus.root, 'add', '-A');
    await git(corpus.root, 'commit', '-q', '-m', 'alice');
    await git(corpus.root, 'checkout', '-q', '-b', 'ben');
    await writeFile(join(corpus.root, `${DOC}.annotations.json`), await readFile(join(FIXTURES, 'annotator-b', `${DOC}.annotations.json`)));
    await git(corpus.root, 'commit', '-q', '-am', 'ben');
    await git(corpus.root, 'checkout', '-q', 'main');
    const harness = await startHarness({ corpus: corpus.root, rendererDir: pageDir });
    const { page, errors } = await openApp(browser, harness);
    try {
      await page.getByTestId('open-doc').waitFor();
      const view = page.getByTestId('agreement-view');
      await view.getByRole('button', { name: 'Compare with branch…' }).click();
      const picker = view.getByTestId('revision-picker');
      // The branches are listed by main (git) after the picker shows: wait for them.
      await expect.poll(() => picker.getByRole('combobox').locator('option').allTextContents()).toEqual(['ben', 'main (checked out)']);
      await expect.poll(() => picker.getByRole('combobox').inputValue()).toBe('ben');
      await picker.getByRole('button', { name: 'Compare' }).click();
      // F1 exact 10/15, kappa 499/644, as against annotator B's folder (agreement.test.ts).
      await expect.poll(() => view.getByTestId('overall-f1').first().textContent(), { timeout: 15_000 }).toBe('0.667');
      expect(await view.getByTestId('overall-kappa').first().textContent()).toBe('0.775');
      expect(await view.getByTestId('agreement-source').textContent()).toMatch(/^A: this corpus · B: ben \([0-9a-f]{7}\)$/);
      expect(await view.getByTestId('disagreement').count()).toBe(3);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
      await harness.close();
      await corpus.remove();
    }
  });
});
