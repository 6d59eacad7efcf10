// The label schema end to end: a broken .marginalia/schema.json is reported by
// the app (naming the file) and the default labels are used; a schema saved
// through the bridge is written and used; and the SchemaEditor dialog, on a
// test page of its own (the real component and stylesheet, built here with
// Vite), edits, checks and saves it with the keyboard and the mouse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { LabelSchemaFile } from '../../app/label-schema';
import { openDoc, dragSelect } from './helpers';
import { buildTestPage, removeTestPage } from '../harness/test-page';
import { launchChromium, openApp } from '../harness/browser';
import { SHARED_CORPUS, startHarness, type Harness } from '../harness/server';
import { assertRendererBuilt, copyCorpus } from '../harness/corpus';

const DEFAULT_LABELS = ['PERSON', 'ORG', 'GPE', 'LOC', 'DATE', 'MISC', 'CLAIM'];
const DOC = '001_dff90504ed3e313a.txt';

const custom: LabelSchemaFile = {
  version: 1,
  entityLabels: [
    { name: 'OFFICIAL', description: 'A named official', colour: '#1b9e77', hotkey: 'q' },
    { name: 'AGENCY', colour: '#d95f02', hotkey: '2' },
  ],
  claimLabels: [{ name: 'STATEMENT', colour: '#7570b3', hotkey: '9' }],
  relationTypes: [{ name: 'works-for' }],
  attributes: [{ name: 'negated', appliesTo: ['claim'], values: ['yes', 'no'] }],
};

async function labelBarNames(page: Page): Promise<string[]> {
  const bar = page.getByRole('toolbar', { name: 'Labels' });
  await bar.waitFor();
  return (await bar.getByRole('button').allTextContents()).map((t) => t.replace(/^[1-9a-z]/, '').trim());
}

async function invoke(page: Page, channel: string, args: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  return page.evaluate(
    ({ channel, args }) =>
      (window as unknown as { marginalia: { invoke(c: string, a: unknown): Promise<never> } }).marginalia.invoke(channel, args),
    { channel, args },
  );
}

describe('a broken .marginalia/schema.json', () => {
  let browser: Browser;

  beforeAll(async () => {
    assertRendererBuilt();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const [what, text, expected] of [
    ['not JSON', '{ "version": 1, "entityLabels": [', /\.marginalia\/schema\.json is not valid JSON .*; using the default labels/],
    [
      'a reserved hotkey',
      JSON.stringify({ version: 1, entityLabels: [{ name: 'SHIP', colour: '#123456', hotkey: 's' }], claimLabels: [], relationTypes: [] }),
      /\.marginalia\/schema\.json is not a valid label schema \(entity label 1 \(SHIP\): the key s is reserved.*\); using the default labels/,
    ],
  ] as const) {
    it(`(${what}) is reported naming the file, and the default labels are used`, async () => {
      const corpus = await copyCorpus(SHARED_CORPUS);
      const harness = await startHarness({ corpus: corpus.root });
      try {
        await mkdir(join(corpus.root, '.marginalia'), { recursive: true });
        await writeFile(join(corpus.root, '.marginalia/schema.json'), text);
        const { page, errors } = await openApp(browser, harness);
        await expect.poll(() => page.getByRole('alert').first().textContent(), { timeout: 10_000 }).toMatch(expected);
        await openDoc(page, DOC);
        expect(await labelBarNames(page)).toEqual(DEFAULT_LABELS);
        // The broken file is left as it was.
        expect(await readFile(join(corpus.root, '.marginalia/schema.json'), 'utf8')).toBe(text);
        expect(errors).toEqual([]);
      } finally {
        await harness.close();
        await corpus.remove();
      }
    });
  }
});

describe('saving a label schema through the bridge', () => {
  let browser: Browser;
  let harness: Harness;
  let corpus: Awaited<ReturnType<typeof copyCorpus>>;

  beforeAll(async () => {
    assertRendererBuilt();
    corpus = await copyCorpus(SHARED_CORPUS);
    await mkdir(join(corpus.root, '.marginalia'), { recursive: true });
    await writeFile(join(corpus.root, '.marginalia/schema.json'), '{ broken');
    harness = await startHarness({ corpus: corpus.root });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await corpus?.remove();
  });

  it('refuses a bad schema, writes a good one, and the app then uses it', async () => {
    const { page, errors } = await openApp(browser, harness);
    await page.getByRole('alert').first().waitFor();

    const refused = await invoke(page, 'saveLabelSchema', { schema: { ...custom, claimLabels: [{ name: 'STATEMENT', colour: '#7570b3', hotkey: 'q' }] } });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'invalid-arguments',
        message: 'The label schema was not saved to .marginalia/schema.json: claim label 1 (STATEMENT): the key q is already used by entity label 1 (OFFICIAL)',
      },
    });
    expect(await readFile(join(corpus.root, '.marginalia/schema.json'), 'utf8')).toBe('{ broken');

    const saved = await invoke(page, 'saveLabelSchema', { schema: custom });
    expect(saved).toMatchObject({ ok: true, value: { schema: custom, savedAt: expect.any(String), backupPath: expect.stringMatching(/^\.marginalia\/schema\.json\.broken-.*\.bak$/) } });
    expect(JSON.parse(await readFile(join(corpus.root, '.marginalia/schema.json'), 'utf8'))).toEqual(custom);
    const backupPath = (saved.value as { backupPath: string }).backupPath;
    expect(await readFile(join(corpus.root, backupPath), 'utf8')).toBe('{ broken');

    const startup = await invoke(page, 'getStartup', {});
    expect(startup).toMatchObject({ ok: true, value: { labelSchema: custom } });
    expect((startup.value as { problem?: string }).problem).toBeUndefined();

    // A fresh window: no problem shown, the new labels with their keys, and tagging uses them.
    await page.reload();
    await openDoc(page, DOC);
    expect(await labelBarNames(page)).toEqual(['OFFICIAL', 'AGENCY', 'STATEMENT']);
    expect(await page.getByRole('alert').count()).toBe(0);
    await dragSelect(page, 'Chance Saltzman');
    await page.keyboard.press('q');
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
    const sidecar = JSON.parse(await readFile(join(corpus.root, `${DOC}.annotations.json`), 'utf8'));
    expect(sidecar.annotations.map((a: { label: string; text: string }) => [a.label, a.text])).toEqual([['OFFICIAL', 'Chance Saltzman']]);
    expect(errors).toEqual([]);
  });
});

describe('the SchemaEditor dialog', () => {
  let browser: Browser;
  let pageDir: string;

  beforeAll(async () => {
    pageDir = await buildTestPage('schema-editor-page');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await removeTestPage(pageDir);
  });

  async function openEditorPage(corpusFiles: Record<string, string> = { 'a.txt': 'Some text.' }) {
    const root = await mkdtemp(join(tmpdir(), 'marginalia-e2e-schema-'));
    for (const [name, content] of Object.entries(corpusFiles)) await writeFile(join(root, name), content);
    const harness = await startHarness({ corpus: root, rendererDir: pageDir });
    const { page, errors } = await openApp(browser, harness);
    await page.getByRole('button', { name: 'Edit labels' }).click();
    const dialog = page.getByRole('dialog', { name: 'Label schema' });
    await dialog.waitFor();
    return {
      root,
      page,
      errors,
      dialog,
      log: () => page.evaluate(() => window.schemaEditorTest),
      focused: () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? null),
      async close() {
        await harness.close();
        await rm(root, { recursive: true, force: true });
      },
    };
  }

  it('edits labels, relation types and attributes, blocks Save while there are problems, and saves', async () => {
    const t = await openEditorPage();
    const { page, dialog } = t;
    try {
      // Focus starts in the dialog, and the app's shortcuts never see the keys typed there.
      // Each problem is shown twice: beside its row and in the list above Save.
      expect(await t.focused()).toBe('Entity label 1 name');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('HUMAN 1');
      const save = dialog.getByRole('button', { name: 'Save' });
      await expect.poll(() => dialog.getByText(/has a name with characters exports cannot keep/).count()).toBe(2);
      expect(await save.isDisabled()).toBe(true);
      expect(await dialog.getByLabel('Entity label 1 name').getAttribute('aria-invalid')).toBe('true');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      expect(await dialog.getByLabel('Entity label 1 name').inputValue()).toBe('HUMAN');
      expect(await save.isEnabled()).toBe(true);
      expect(await dialog.getByText('No longer in the schema: PERSON.', { exact: false }).count()).toBe(1);

      // Keys: reserved letters are not offered; a duplicate key is a problem until changed.
      const keyOptions = await dialog.getByLabel('Entity label 2 key').locator('option').allTextContents();
      // Keys the keymap does not reserve (app/commands/keymap.ts): u, x and z were freed with it.
      expect(keyOptions.map((o) => o.split(' ')[0])).toEqual(['none', ...'123456789bfghilmoqtuvwxyz']);
      await dialog.getByLabel('Entity label 2 key').selectOption('1');
      await expect
        .poll(() => dialog.getByText('entity label 2 (ORG): the key 1 is already used by entity label 1 (HUMAN)').count())
        .toBe(2);
      expect(await save.isDisabled()).toBe(true);
      expect(await dialog.getByText('1 problem to fix before saving:').count()).toBe(1);
      await dialog.getByLabel('Entity label 2 key').selectOption('g');
      expect(await save.isEnabled()).toBe(true);

      // Add a claim label (focused, with the first free key), recolour it, move it first.
      await dialog.getByRole('button', { name: 'Add claim label' }).click();
      expect(await t.focused()).toBe('Claim label 2 name');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('DENIAL');
      expect(await dialog.getByLabel('Claim label 2 key').inputValue()).toBe('2');
      await dialog.getByLabel('Claim label 2 colour').fill('#112233');
      await dialog.getByLabel('Claim label 2 description').fill('A claim that something is not so');
      await dialog.getByRole('button', { name: 'Move DENIAL up' }).click();
      // Remove MISC.
      await dialog.getByRole('button', { name: 'Remove MISC' }).click();

      // Relation types: rename one (a space is refused), remove one, add one.
      await dialog.getByLabel('Relation type 4 name').fill('same as');
      await expect.poll(() => dialog.getByText(/relation type 4 \(same as\) has a name with characters/).count()).toBe(2);
      await dialog.getByLabel('Relation type 4 name').fill('same_as');
      await dialog.getByRole('button', { name: 'Remove located-in' }).click();
      await dialog.getByRole('button', { name: 'Add relation type' }).click();
      expect(await t.focused()).toBe('Relation type 6 name');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('quotes');

      // Attributes: a closed list for claims only.
      await dialog.getByRole('button', { name: 'Add attribute' }).click();
      expect(await t.focused()).toBe('Attribute 3 name');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('confidence');
      await dialog.getByLabel('Attribute 3 values').fill('high, low, high');
      await expect.poll(() => dialog.getByText('attribute 3 (confidence): the value high is listed twice').count()).toBe(2);
      await dialog.getByLabel('Attribute 3 values').fill('high, low');
      await dialog.getByLabel('Attribute 3 applies to entities').uncheck();
      await dialog.getByLabel('Attribute 3 applies to claims').uncheck();
      await expect.poll(() => dialog.getByText(/attribute 3 \(confidence\) applies to nothing/).count()).toBe(2);
      await dialog.getByLabel('Attribute 3 applies to claims').check();

      expect((await t.log()).leakedKeys).toEqual([]);
      await save.click();
      await dialog.waitFor({ state: 'detached' });

      const expected: LabelSchemaFile = {
        version: 1,
        entityLabels: [
          { name: 'HUMAN', description: 'People, real or fictional', colour: '#d55e00', hotkey: '1' },
          { name: 'ORG', description: 'Organisations, agencies, companies', colour: '#0072b2', hotkey: 'g' },
          { name: 'GPE', description: 'Countries, cities, states', colour: '#009e73', hotkey: '3' },
          { name: 'LOC', description: 'Other locations: regions, orbits, bodies of water', colour: '#56b4e9', hotkey: '4' },
          { name: 'DATE', description: 'Dates and periods', colour: '#e69f00', hotkey: '5' },
        ],
        claimLabels: [
          { name: 'DENIAL', description: 'A claim that something is not so', colour: '#112233', hotkey: '2' },
          { name: 'CLAIM', description: 'A statement someone makes about the world', colour: '#000000', hotkey: '7' },
        ],
        relationTypes: [
          { name: 'member-of', description: 'A person belongs to an organisation' },
          { name: 'said-by', description: 'A claim is made by someone' },
          { name: 'same_as', description: 'Two mentions name the same thing' },
          { name: 'supports', description: 'Evidence that supports a claim (from the evidence to the claim)' },
          { name: 'refutes', description: 'Evidence that refutes a claim (from the evidence to the claim)' },
          { name: 'quotes' },
        ],
        attributes: [
          { name: 'negated', description: 'The claim is stated in the negative', appliesTo: ['claim'], values: ['yes', 'no'] },
          { name: 'role', description: 'The title or role given with the mention, as written', appliesTo: ['entity'] },
          { name: 'confidence', appliesTo: ['claim'], values: ['high', 'low'] },
        ],
      };
      expect((await t.log()).saved).toEqual([expected]);
      expect(JSON.parse(await readFile(join(t.root, '.marginalia/schema.json'), 'utf8'))).toEqual(expected);
      expect(await invoke(page, 'getStartup', {})).toMatchObject({ ok: true, value: { labelSchema: expected } });
      // Focus goes back to the button that opened the dialog.
      expect(await t.focused()).toBe('Edit labels');
      expect(t.errors).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('keeps focus inside, closes on Escape without saving, and shows a save that failed', async () => {
    const t = await openEditorPage({ 'a.txt': 'Some text.', '.marginalia': 'a file where the folder should be' });
    const { page, dialog } = t;
    try {
      // Shift+Tab from the first field wraps to Save; Tab from Save wraps back.
      expect(await t.focused()).toBe('Entity label 1 name');
      await page.keyboard.press('Shift+Tab');
      expect(await t.focused()).toBe('Save');
      await page.keyboard.press('Tab');
      expect(await t.focused()).toBe('Entity label 1 name');

      // Escape discards the edits.
      await page.keyboard.type('X');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await t.log()).toMatchObject({ saved: [], closed: 1, leakedKeys: [] });
      expect(await page.getByRole('listitem').first().textContent()).toBe('PERSON 1 #d55e00');
      expect(await t.focused()).toBe('Edit labels');

      // A save main refuses keeps the dialog open and says why.
      await page.getByRole('button', { name: 'Edit labels' }).click();
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Remove MISC' }).click();
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect
        .poll(() => dialog.getByRole('alert').textContent())
        .toBe('The label schema cannot be saved: .marginalia in the corpus is a file, not a folder');
      expect(await dialog.isVisible()).toBe(true);
      expect((await t.log()).saved).toEqual([]);
      await dialog.getByRole('button', { name: /Cancel/ }).click();
      await dialog.waitFor({ state: 'detached' });
      expect((await t.log()).closed).toBe(2);
    } finally {
      await t.close();
    }
  });
});
