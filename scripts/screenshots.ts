// Screenshots of the real UI (built renderer + real handlers) on the sample
// corpus in ../shared, for docs/ and the README. Run: npm run screenshots
import { join } from 'node:path';
import { launchChromium, openApp } from '../tests/harness/browser';
import { REPO_ROOT, SHARED_CORPUS, startHarness } from '../tests/harness/server';
import { assertRendererBuilt, copyCorpus } from '../tests/harness/corpus';
import { dragSelect, openDoc } from '../tests/e2e/helpers';

async function main(): Promise<void> {
  assertRendererBuilt();
  const corpus = await copyCorpus(SHARED_CORPUS);
  const harness = await startHarness({ corpus: corpus.root });
  const browser = await launchChromium();
  try {
    const { page } = await openApp(browser, harness, { width: 1440, height: 900 });
    await openDoc(page, '001_dff90504ed3e313a.txt');
    const tags: [string, string, number?][] = [
      ['U.S. Space Force', '2'],
      ['Japan', '3'],
      ['Chance Saltzman', '1'],
      ['China', '3'],
      ['North Korea', '3'],
      ['Tokyo', '3'],
      ['Russia', '3'],
    ];
    for (const [needle, key, occurrence] of tags) {
      await dragSelect(page, needle, occurrence ?? 0);
      await page.keyboard.press(key);
    }
    await page.locator('.mg-article-scroll').evaluate((el) => el.scrollTo(0, 0));
    await page.getByTestId('save-state').filter({ hasText: /^Saved/ }).waitFor();
    await page.screenshot({ path: join(REPO_ROOT, 'docs/screenshot-main.png') });
    // Click a highlight: the popover to relabel or delete it.
    await page.locator('.mg-ann', { hasText: 'Chance Saltzman' }).click();
    await page.keyboard.press('Escape');
    const box = await page.evaluate(() => {
      const h = CSS.highlights.get('mg-0');
      const r = h ? [...h][0] : undefined;
      if (!r) throw new Error('no PERSON highlight');
      const range = document.createRange();
      range.setStart(r.startContainer, r.startOffset);
      range.setEnd(r.endContainer, r.endOffset);
      const rect = range.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    });
    await page.mouse.click(box.x, box.y);
    await page.getByRole('dialog', { name: 'Annotation' }).waitFor();
    await page.screenshot({ path: join(REPO_ROOT, 'docs/screenshot-popover.png') });
    await page.keyboard.press('Escape');

    // Claims: 003, with a claimant, stance, status and note, the Claims tab open.
    await openDoc(page, '003_cf8b7a8682a570d0.txt');
    for (const [needle, key, occurrence] of [
      ['US Forces Japan', '2', 0],
      ['Japan', '3', 1],
      ['Sheila Smith', '1', 0],
      ['Council on Foreign Relations', '2', 0],
      ['Smith', '1', 1],
      ['Japan', '3', 7],
      ['North Korea', '3', 3],
    ] as const) {
      await dragSelect(page, needle, occurrence);
      await page.keyboard.press(key);
    }
    const claims: [string, string, string, string][] = [
      ['Japan sees the growing alliance between China, Russia, and North Korea as a significant threat to regional stability', 'Sheila Smith', 'reported', 'supported'],
      ['Japan is especially concerned about Russia’s security agreement with North Korea', 'Smith', 'reported', 'unverified'],
    ];
    for (const [text, who, stance, status] of claims) {
      await dragSelect(page, text);
      await page.keyboard.press('7');
      const details = page.locator('.mg-side [data-testid="annotation-details"]');
      await details.getByLabel('Claimant', { exact: true }).selectOption({ label: `PERSON: ${who}` });
      await details.getByLabel('Stance').selectOption(stance);
      await details.getByLabel('Status').selectOption(status);
    }
    await page.locator('.mg-side [data-testid="annotation-details"]').getByLabel('Note').fill('CFR article, July 2024: check the original wording.');
    await page.getByRole('tab', { name: 'Claims' }).click();
    await page.getByTestId('save-state').filter({ hasText: /^Saved/ }).waitFor();
    await page.screenshot({ path: join(REPO_ROOT, 'docs/screenshot-claims.png') });
    await page.keyboard.press('?');
    await page.screenshot({ path: join(REPO_ROOT, 'docs/screenshot-shortcuts.png') });
    await page.keyboard.press('Escape');

    // The reading view, sepia, larger text, on the first article.
    await openDoc(page, '001_dff90504ed3e313a.txt');
    await page.keyboard.press('Control+Shift+L');
    await page.getByLabel('Theme').selectOption('sepia');
    await page.getByRole('button', { name: 'Larger text' }).click();
    await page.locator('.mg-article-scroll').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: join(REPO_ROOT, 'docs/screenshot-reading.png') });
    await page.getByLabel('Theme').selectOption('dark');
    await page.screenshot({ path: join(REPO_ROOT, 'docs/screenshot-reading-dark.png') });
    await page.getByLabel('Theme').selectOption('light');
    await page.keyboard.press('Control+Shift+L');

    // Entities: link two mentions of Saltzman to one registry entity, then its mentions across the corpus.
    await openDoc(page, '001_dff90504ed3e313a.txt');
    await page.getByRole('tab', { name: 'Annotations' }).click();
    await page.getByRole('region', { name: 'Annotations' }).locator('.mg-ann', { hasText: 'Chance Saltzman' }).click();
    await page.keyboard.press('e');
    await page.getByRole('option', { name: /Create entity/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.mg-side').getByTestId('entity-name').waitFor();
    await dragSelect(page, 'Saltzman', 1);
    await page.keyboard.press('1');
    // The entity box opens with the mention's text; the registry suggests "Chance Saltzman" for it.
    await page.keyboard.press('e');
    await page.getByRole('listbox', { name: 'Entities' }).getByRole('option', { name: /Chance Saltzman/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'All mentions' }).click();
    await page.getByTestId('entity-view').getByTestId('mention-count').waitFor();
    await page.getByTestId('save-state').filter({ hasText: /^Saved/ }).waitFor();
    await page.screenshot({ path: join(REPO_ROOT, 'docs/screenshot-entities.png') });

    // Suggestions from the offline recogniser, painted faintly until accepted.
    await openDoc(page, '004_7207ac4d332cde6e.txt');
    await page.getByRole('tab', { name: 'Suggest' }).click();
    await page.getByTestId('suggestions-panel').getByRole('button', { name: 'Suggest entities' }).click();
    await page.getByTestId('suggestion').first().waitFor({ timeout: 30_000 });
    await page.keyboard.press(']');
    await page.screenshot({ path: join(REPO_ROOT, 'docs/screenshot-suggestions.png') });

    // Export with its options.
    await page.getByRole('button', { name: 'Export…' }).first().click();
    await page.getByRole('dialog', { name: 'Export' }).getByLabel('Format').selectOption('brat');
    await page.screenshot({ path: join(REPO_ROOT, 'docs/screenshot-export.png') });
    await page.getByRole('dialog', { name: 'Export' }).getByRole('button', { name: 'Close' }).click();
    console.log('wrote docs/screenshot-{main,popover,claims,shortcuts,reading,reading-dark,entities,suggestions,export}.png');
  } finally {
    await browser.close();
    await harness.close();
    await corpus.remove();
  }
}

await main();
