// Annotations that cannot be saved safely open read-only with a reason the
// analyst can act on (issue 17, item 8): spans that do not fit the text, and
// a file name too long for any annotations file beside it. The article stays
// readable and nothing on disk is written.
import { describe, expect, it } from 'vitest';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { entity, sidecarFor } from '../../main/test-support';
import { openApp } from '../harness/browser';
import { SHARED_CORPUS } from '../harness/server';
import { appSuite } from '../harness/suite';
import { dragSelect, openDoc } from './helpers';

const TEXT = 'Kim met Lee in Seoul on Monday.\n';
const MISFIT = 'misfit.txt';
const LONG = `${'b'.repeat(236)}.txt`;

describe('read-only, saying why', () => {
  let misfitBytes = '';
  const suite = appSuite(SHARED_CORPUS, async (root) => {
    await writeFile(join(root, MISFIT), TEXT);
    const past = { ...entity('a2', TEXT, 8, 11), start: 40, end: 44, text: 'Park' };
    const wrong = { ...entity('a3', TEXT, 15, 20), text: 'Busan' };
    misfitBytes = serializeSidecar(sidecarFor(MISFIT, TEXT, [entity('a1', TEXT, 0, 3), past, wrong]));
    await writeFile(join(root, sidecarNameFor(MISFIT)), misfitBytes);
    await writeFile(join(root, LONG), TEXT);
  });

  it('a sidecar whose spans do not fit the text: a banner names the file and how many, read-only, the file untouched', async () => {
    const { page } = await openApp(suite.browser, suite.harness);
    await openDoc(page, MISFIT);
    const warning = page.locator('.mg-problem.is-warning');
    await expect.poll(() => warning.textContent()).toContain('misfit.txt.annotations.json: 2 annotations do not fit the text');
    expect(await warning.textContent()).toMatch(/"a3".*"a2".*read-only and the file is left untouched/u);
    expect(await page.getByTestId('save-state').textContent()).toBe('Read-only');
    // A tag attempt changes nothing: the session refuses edits while read-only, so no save is ever scheduled.
    await dragSelect(page, 'Monday');
    await page.keyboard.press('1');
    expect(await page.getByTestId('save-state').textContent()).toBe('Read-only');
    expect(await readFile(join(suite.corpus.root, sidecarNameFor(MISFIT)), 'utf8')).toBe(misfitBytes);
  });

  it('a 240-character file name: the article reads, and the banner names the file and the 255-byte limit', async () => {
    const { page } = await openApp(suite.browser, suite.harness);
    await openDoc(page, LONG);
    expect(await page.locator('.mg-article').textContent()).toContain('Kim met Lee in Seoul on Monday.');
    const warning = page.locator('.mg-problem.is-warning');
    await expect.poll(() => warning.textContent()).toContain(`“${LONG}” can be read but not annotated`);
    expect(await warning.textContent()).toContain('257 bytes long, over the 255 bytes a file name may have');
    expect(await page.getByTestId('save-state').textContent()).toBe('Read-only');
    expect((await readdir(suite.corpus.root)).filter((n) => n.startsWith('bbbb'))).toEqual([LONG]);
  });
});
