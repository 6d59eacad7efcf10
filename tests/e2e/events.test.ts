// brat events in the app (issue 16 item 2): a brat folder with events is
// imported through the real import service, and the opened document lists
// each event in the side panel with its trigger and its arguments by role;
// the trigger is painted like any span, and clicking the event selects it;
// deleting the trigger removes the event, and undo brings it back.
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorpusService } from '../../main/corpus/corpus-service';
import { importAnnotations } from '../../main/export/import-service';
import { openApp } from '../harness/browser';
import { REPO_ROOT, SAMPLE_CORPUS } from '../harness/server';
import { appSuite } from '../harness/suite';
import { openDoc, paintedTexts } from './helpers';

const FIXTURE = join(REPO_ROOT, 'tests', 'fixtures', 'brat-events');

describe('events in the side panel', () => {
  const suite = appSuite(SAMPLE_CORPUS, async (root) => {
    await copyFile(join(FIXTURE, 'events.txt'), join(root, 'events.txt'));
    const report = await importAnnotations(await CorpusService.open(root), { format: 'brat', from: FIXTURE });
    if (report.problems.length || report.notPlaced.length) throw new Error(`fixture import: ${[...report.problems, ...report.notPlaced].join('; ')}`);
  });

  it('lists each event with its trigger and each role with its argument, and clicking selects the trigger', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, 'events.txt');
    const panel = page.getByRole('region', { name: 'Events' });
    await expect.poll(() => panel.locator('.mg-event-head').allInnerTexts()).toEqual(['Sign “signed”', 'Fund “fund”', 'Say “said”']);
    const args = async (n: number) => (await panel.locator('.mg-event').nth(n).locator('.mg-event-args li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(await args(0)).toEqual(['Agent → NASA', 'Agent2 → JAXA', 'Theme → agreement', 'Place → Tokyo', 'Time → Monday']);
    // An event as an argument is shown by its type and trigger.
    expect(await args(2)).toEqual(['Speaker → the agency', 'Content → Fund (fund)']);
    // Triggers are annotations: painted like any span (their labels are not in the sample schema).
    await expect.poll(async () => (await paintedTexts(page, 'mg-unknown')).sort()).toEqual(expect.arrayContaining(['fund', 'said', 'signed']));
    await panel.locator('.mg-event-head').first().click();
    await expect.poll(() => page.evaluate(() => CSS.highlights.get('mg-selected')?.size ?? 0)).toBe(1);
    expect(await paintedTexts(page, 'mg-selected')).toEqual(['signed']);

    // Deleting the trigger takes its event with it (no dangling event, on screen or on disk); undo brings it back.
    const onDisk = async () => (JSON.parse(await readFile(join(suite.corpus.root, 'events.txt.annotations.json'), 'utf8')) as { events?: { type: string }[] }).events?.map((e) => e.type);
    await page.getByTestId('annotation-details').getByRole('button', { name: /^Delete/ }).click();
    await expect.poll(() => panel.locator('.mg-event-head').allInnerTexts()).toEqual(['Fund “fund”', 'Say “said”']);
    await expect.poll(onDisk).toEqual(['Fund', 'Say']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => panel.locator('.mg-event-head').allInnerTexts()).toEqual(['Sign “signed”', 'Fund “fund”', 'Say “said”']);
    await expect.poll(onDisk).toEqual(['Sign', 'Fund', 'Say']);
    // An event deleted from the panel goes alone: its trigger stays a span.
    await panel.getByRole('button', { name: 'Delete event Say' }).click();
    await expect.poll(onDisk).toEqual(['Sign', 'Fund']);
    expect(await paintedTexts(page, 'mg-unknown')).toContain('said');
    expect(errors).toEqual([]);
  });
});
