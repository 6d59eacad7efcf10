// What brat files carry beyond spans, shown in the app (issue 16 item 2):
// typed comments (brat "#" lines such as Lemma) on spans, events and
// relations, attributes of events, and relation argument names (roles).
// Both fixtures go through the real import service, as a person's import would.
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CorpusService } from '../../main/corpus/corpus-service';
import { importAnnotations } from '../../main/export/import-service';
import { openApp } from '../harness/browser';
import { REPO_ROOT, SAMPLE_CORPUS } from '../harness/server';
import { appSuite } from '../harness/suite';
import { openDoc } from './helpers';

const COMMENTS = join(REPO_ROOT, 'tests', 'fixtures', 'brat-comments');
const ROLES = join(REPO_ROOT, 'tests', 'fixtures', 'brat-roles');
const EVENTS = join(REPO_ROOT, 'tests', 'fixtures', 'brat-events');

const texts = async (page: Page, selector: string) => (await page.locator(selector).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());

describe('brat comments, attributes and roles in the side panel', () => {
  const suite = appSuite(SAMPLE_CORPUS, async (root) => {
    const corpus = await CorpusService.open(root);
    for (const [dir, name] of [[COMMENTS, 'lemmas.txt'], [ROLES, 'coref.txt'], [EVENTS, 'events.txt']] as const) {
      await copyFile(join(dir, name), join(root, name));
      const report = await importAnnotations(corpus, { format: 'brat', from: dir });
      if (report.problems.length || report.notPlaced.length) throw new Error(`fixture import ${name}: ${[...report.problems, ...report.notPlaced].join('; ')}`);
    }
  });

  it('shows a span\'s, an event\'s and a relation\'s comments', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, 'lemmas.txt');
    const events = page.getByRole('region', { name: 'Events' });
    await expect.poll(() => events.getByRole('list', { name: 'Comments on event Board' }).innerText()).toMatch(/Lemma\s+board/);

    // The event's Agent is T1: selecting it opens its details with its Lemma comment.
    await events.locator('.mg-event-args').getByRole('button', { name: 'Harbour pilots' }).click();
    const details = page.getByTestId('annotation-details');
    await expect.poll(() => texts(page, '[data-testid="annotation-details"] .mg-comments li')).toEqual(['Lemma harbour|pilot']);

    // T5 "thanked": its relation to "crew" carries a Dependency comment, in its details and in the Relations list.
    await page.getByRole('tab', { name: 'Relations' }).click();
    const relations = page.getByRole('region', { name: 'Relations' });
    await expect.poll(() => texts(page, '[aria-label="Relations"] .mg-relrow .mg-comments li')).toEqual(['Dependency subject of thanked']);
    await relations.getByRole('button', { name: 'thanked' }).click();
    await expect.poll(() => details.getByRole('list', { name: 'Comments on relation nsubj' }).innerText()).toMatch(/Dependency\s+subject of thanked/);
    expect(errors).toEqual([]);
  });

  it('shows an event\'s attributes (a binary one by its name)', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, 'events.txt');
    const events = page.getByRole('region', { name: 'Events' });
    await expect.poll(() => texts(page, '[aria-label="Attributes of event Fund"] li')).toEqual(['Modality: future']);
    expect(await texts(page, '[aria-label="Attributes of event Say"] li')).toEqual(['Negated']);
    expect(await events.getByRole('list', { name: 'Attributes of event Sign' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('shows a relation\'s role names at each end, in the Relations list and in the details', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, 'coref.txt');
    await page.getByRole('tab', { name: 'Relations' }).click();
    const rows = () => texts(page, '[aria-label="Relations"] .mg-relrow');
    await expect.poll(async () => (await rows()).sort()).toEqual(['Anaphora: She —Coref→ Antecedent: The minister ×', 'She —near→ the press ×']);
    // From the details of "She": the outgoing relation names both roles.
    await page.getByRole('region', { name: 'Relations' }).getByRole('button', { name: 'She' }).first().click();
    await expect.poll(() => texts(page, '[data-testid="annotation-details"] .mg-rels li')).toContain('Anaphora: Coref → Antecedent: The minister ×');
    expect(errors).toEqual([]);
  });
});
