// Inter-annotator agreement, entity suggestions and tag-all end to end.
//
// 1. Through the bridge of the built app: compareWithFolder (the folder
//    dialog answered by the harness) and compareDocument over the fixture pair
//    in tests/fixtures/agreement, checked against its hand-worked figures.
// 2. The components on a test page of their own (tests/e2e/curation-page,
//    built here with Vite, under the app's Content Security Policy): the
//    AgreementView compares, decides and applies a merge that is saved; the
//    SuggestionsPanel runs compromise in its Web Worker and an accepted
//    suggestion is saved; TagAllPreview tags the open document and another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { AgreementReport } from '../../app/agreement';
import type { DocumentComparison, FolderComparison } from '../../app/ipc/curation-contract';
import { buildTestPage, removeTestPage } from '../harness/test-page';
import { launchChromium, openApp } from '../harness/browser';
import { REPO_ROOT, startHarness } from '../harness/server';
import { copyCorpus } from '../harness/corpus';
import { appSuite, copiedCorpus } from '../harness/suite';

const FIXTURES = join(REPO_ROOT, 'tests/fixtures/agreement');
const DOC = 'valparaiso-dredging.txt';

interface ExpectedSpan { matched: number; a: number; b: number; precision: string | null; recall: string | null; f1: string | null }
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as {
  tokens: number;
  overall: { exact: ExpectedSpan; overlap: ExpectedSpan; observed: string; kappa: string };
  labels: { label: string; exact: ExpectedSpan; overlap: ExpectedSpan; tokens: Record<string, number>; kappa: string }[];
  disagreements: { id: string; kind: string; a: string[]; b: string[] }[];
};

function fraction(f: string | null): number | null {
  if (f === null) return null;
  const [n, d] = f.split('/').map(Number) as [number, number];
  return n / d;
}

function expectSpanFigures(actual: AgreementReport['overall']['exact'], want: ExpectedSpan): void {
  expect({ matched: actual.matched, a: actual.a, b: actual.b }).toEqual({ matched: want.matched, a: want.a, b: want.b });
  for (const k of ['precision', 'recall', 'f1'] as const) {
    const w = fraction(want[k]);
    if (w === null) expect(actual[k]).toBeNull();
    else expect(actual[k]).toBeCloseTo(w, 12);
  }
}

type InvokeResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

function invoke<T>(page: Page, channel: string, args: unknown): Promise<InvokeResult<T>> {
  return page.evaluate(
    ({ channel, args }) =>
      (window as unknown as { marginalia: { invoke(c: string, a: unknown): Promise<never> } }).marginalia.invoke(channel, args),
    { channel, args },
  );
}

async function readSidecar(root: string, doc: string): Promise<{ annotations: { label: string; text: string; start: number; end: number; author?: string }[] }> {
  return JSON.parse(await readFile(join(root, `${doc}.annotations.json`), 'utf8'));
}

describe('agreement through the bridge of the built app', () => {
  const suite = appSuite(join(FIXTURES, 'annotator-a'));
  const other = copiedCorpus(join(FIXTURES, 'annotator-b'));

  it('compareWithFolder pairs the documents and compareDocument gives the hand-worked figures', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await page.getByRole('button', { name: new RegExp(DOC.replace('.', '\\.')) }).waitFor();

    // A folder not chosen in the dialog is refused.
    const refused = await invoke(page, 'compareDocument', { otherRoot: other.root, path: DOC });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });

    suite.harness.setDialogAnswer(other.root);
    const folder = await invoke<FolderComparison>(page, 'compareWithFolder', {});
    if (!folder.ok) throw new Error(folder.error.message);
    expect(folder.value.pairs).toEqual([{ path: DOC, inCurrent: true, inOther: true, annotationsA: 7, annotationsB: 8 }]);

    const doc = await invoke<DocumentComparison>(page, 'compareDocument', { otherRoot: folder.value.otherRoot, path: DOC });
    if (!doc.ok) throw new Error(doc.error.message);
    expect(doc.value.comparable).toBe(true);
    const report = doc.value.report!;
    expect(report.overall.tokens).toBe(expected.tokens);
    expectSpanFigures(report.overall.exact, expected.overall.exact);
    expectSpanFigures(report.overall.overlap, expected.overall.overlap);
    expect(report.overall.observed).toBeCloseTo(fraction(expected.overall.observed)!, 12);
    expect(report.overall.kappa).toBeCloseTo(fraction(expected.overall.kappa)!, 12);
    for (const want of expected.labels) {
      const got = report.labels.find((l) => l.label === want.label)!;
      expectSpanFigures(got.exact, want.exact);
      expectSpanFigures(got.overlap, want.overlap);
      expect(got.tokens).toEqual(want.tokens);
      expect(got.kappa).toBeCloseTo(fraction(want.kappa)!, 12);
    }
    expect(doc.value.disagreements.map((d) => ({ id: d.id, kind: d.kind, a: d.a.map((x) => x.text), b: d.b.map((x) => x.text) }))).toEqual(
      expected.disagreements,
    );
    expect(errors).toEqual([]);
  });
});

describe('the curation components on a test page (under the app’s CSP)', () => {
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

  async function openPage(fixture: string, extra: Record<string, string> = {}, options: { withoutSidecar?: boolean } = {}) {
    const corpus = await copyCorpus(join(FIXTURES, fixture));
    for (const [name, text] of Object.entries(extra)) await writeFile(join(corpus.root, name), text);
    if (options.withoutSidecar) await rm(join(corpus.root, `${DOC}.annotations.json`));
    const harness = await startHarness({ corpus: corpus.root, rendererDir: pageDir });
    const { page, errors } = await openApp(browser, harness);
    await page.getByTestId('open-doc').waitFor();
    return {
      corpus,
      harness,
      page,
      errors,
      log: () => page.evaluate(() => window.curationTest),
      async close() {
        await page.context().close();
        await harness.close();
        await corpus.remove();
      },
    };
  }

  it('AgreementView: compares with a folder, shows the figures, and applies a decided merge that is saved', async () => {
    const other = await copyCorpus(join(FIXTURES, 'annotator-b'));
    const t = await openPage('annotator-a');
    try {
      t.harness.setDialogAnswer(other.root);
      const view = t.page.getByTestId('agreement-view');
      await view.getByRole('button', { name: 'Compare with folder…' }).click();
      // F1 exact 10/15, kappa 499/644 (tests/fixtures/agreement/README.md)
      await expect.poll(() => view.getByTestId('overall-f1').first().textContent(), { timeout: 10_000 }).toBe('0.667');
      expect(await view.getByTestId('overall-kappa').first().textContent()).toBe('0.775');
      expect(await view.getByTestId('overall-f1-overlap').first().textContent()).toBe('0.933');
      const table = view.getByRole('table', { name: 'Agreement per label' }).first();
      expect(await table.locator('tr[data-label="ORG"] td').allTextContents()).toEqual(['2', '2', '1', '0.500', '0.500', '0.500', '1.000', '0.901']);
      expect(await table.locator('tr[data-label="LOC"] td').allTextContents()).toEqual(['0', '1', '0', '0.000', '—', '0.000', '0.000', '0.000']);

      const items = view.getByTestId('disagreement');
      expect(await items.count()).toBe(3);
      // Each disagreement is shown in its sentence, both sides' spans in place.
      const sentence = view.locator('[data-testid="disagreement"][data-id="79-96"] [data-testid="disagreement-sentence"]');
      expect(await sentence.textContent()).toMatch(/\.|…$/u);
      expect(await sentence.locator('mark').count()).toBeGreaterThan(0);
      const decide = (id: string, name: string) => view.locator(`[data-testid="disagreement"][data-id="${id}"]`).getByRole('button', { name, exact: true }).click();
      await decide('40-58', 'Both');
      await decide('79-96', 'Take B');
      await decide('108-115', 'Neither');
      expect(await view.locator('[data-id="79-96"] button[aria-pressed="true"]').textContent()).toBe('Take B');
      await view.getByTestId('apply-merge').click();
      // Take B and Neither remove annotations already in the document: nothing is written until the curator confirms.
      const confirm = view.getByTestId('confirm-merge');
      await confirm.waitFor();
      expect(await confirm.textContent()).toMatch(new RegExp(`changes ${DOC.replace('.', '\\.')}: it removes or changes \\d+ annotations? already there`, 'u'));
      expect((await t.log()).merges).toEqual([]);
      await confirm.getByRole('button', { name: 'Apply these changes' }).click();
      await expect.poll(() => view.getByRole('status').filter({ hasText: 'Merge applied' }).count()).toBe(1);

      const log = await t.log();
      expect(log.merges).toEqual([{ path: DOC, description: `Merge with ${basename(other.root)}`, count: 8, undecided: [], stale: false }]);
      const saved = await readSidecar(t.corpus.root, DOC);
      expect(saved.annotations.map((a) => `${a.label}:${a.text}`)).toEqual([
        'GPE:Valparaíso',
        'DATE:3 May',
        'ORG:the Port Authority',
        'ORG:Port Authority',
        'PERSON:Mayor Jorge Sharp',
        'ORG:Radio Bío-Bío',
        'CLAIM:the work resumes in June',
        'DATE:June',
      ]);
      // Offsets in code points after the 🚢 on line 2: "Mayor" starts at 79.
      expect(saved.annotations.find((a) => a.text === 'Mayor Jorge Sharp')).toMatchObject({ start: 79, end: 96, author: 'ben' });
      expect(t.errors).toEqual([]);
    } finally {
      await t.close();
      await other.remove();
    }
  });

  it('AgreementView: two authors in one sidecar; agreed spans kept, every disagreement taken from B', async () => {
    const t = await openPage('two-authors');
    try {
      const view = t.page.getByTestId('agreement-view');
      await view.getByRole('button', { name: 'Compare authors in this document' }).click();
      await expect.poll(() => view.getByTestId('agreement-source').textContent()).toBe(`A: ben · B: ana in ${DOC}`);
      // ben has more annotations (8), so he is A here: precision and recall swap, F1 and kappa do not.
      expect(await view.getByTestId('overall-f1').textContent()).toBe('0.667');
      expect(await view.getByTestId('overall-kappa').textContent()).toBe('0.775');
      await view.getByRole('button', { name: 'Take A', exact: true }).first().waitFor();
      await view.locator('.mg-agree-bulk').getByRole('button', { name: 'Take B' }).click();
      await view.getByTestId('apply-merge').click();
      await view.getByTestId('confirm-merge').getByRole('button', { name: 'Apply these changes' }).click();
      await expect.poll(() => view.getByRole('status').filter({ hasText: 'Merge applied' }).count()).toBe(1);
      const saved = await readSidecar(t.corpus.root, DOC);
      // Agreed spans are kept as A's (ben's); every disagreement takes B (ana's).
      expect(saved.annotations).toHaveLength(7);
      expect(saved.annotations.map((a) => a.text)).toEqual(['Valparaíso', '3 May', 'the Port Authority', 'Jorge Sharp', 'Radio Bío-Bío', 'the work resumes in June', 'June']);
      expect(saved.annotations.filter((a) => a.author === 'ana').map((a) => a.text)).toEqual(['the Port Authority', 'Jorge Sharp']);
      expect(t.errors).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('SuggestionsPanel: compromise runs in its worker under the CSP; existing spans are not suggested; accepting saves', async () => {
    const t = await openPage('annotator-a');
    try {
      const panel = t.page.getByTestId('suggestions-panel');
      await panel.getByRole('button', { name: 'Suggest entities' }).click();
      const items = panel.getByTestId('suggestion');
      await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(1);
      // 3 May, Jorge Sharp and June are already tagged by A: only "Port Authority" (A has "the Port Authority") is new.
      expect(await items.first().textContent()).toContain('Port Authority');
      await panel.getByRole('button', { name: 'Accept Port Authority as ORG' }).click();
      await expect.poll(async () => (await t.log()).saves).toBe(1);
      expect((await t.log()).accepted).toEqual([[{ label: 'ORG', type: 'entity', start: 44, end: 58 }]]);
      const saved = await readSidecar(t.corpus.root, DOC);
      expect(saved.annotations.filter((a) => a.text === 'Port Authority')).toMatchObject([{ label: 'ORG', start: 44, end: 58 }]);
      expect(t.errors).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('SuggestionsPanel: offsets in code points after an astral character; reject, accept all', async () => {
    const t = await openPage('annotator-a', {}, { withoutSidecar: true });
    try {
      const panel = t.page.getByTestId('suggestions-panel');
      await panel.getByRole('button', { name: 'Suggest entities' }).click();
      const items = panel.getByTestId('suggestion');
      await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(4);
      expect(await items.allTextContents()).toEqual(['DATE3 Maybuilt-in · 50%✓✕', 'ORGPort Authoritybuilt-in · 50%✓✕', 'PERSONJorge Sharpbuilt-in · 50%✓✕', 'DATEJunebuilt-in · 50%✓✕']);
      await panel.getByRole('button', { name: 'Reject Port Authority as ORG' }).click();
      await panel.getByRole('button', { name: 'Accept all' }).click();
      await expect.poll(async () => (await t.log()).saves).toBe(1);
      // Line 2 starts with 🚢 (two UTF-16 units, one code point): Jorge Sharp is [85, 96), June [136, 140).
      expect((await t.log()).accepted).toEqual([
        [
          { label: 'DATE', type: 'entity', start: 29, end: 34 },
          { label: 'PERSON', type: 'entity', start: 85, end: 96 },
          { label: 'DATE', type: 'entity', start: 136, end: 140 },
        ],
      ]);
      const saved = await readSidecar(t.corpus.root, DOC);
      expect(saved.annotations.map((a) => [a.label, a.text, a.start, a.end])).toEqual([
        ['DATE', '3 May', 29, 34],
        ['PERSON', 'Jorge Sharp', 85, 96],
        ['DATE', 'June', 136, 140],
      ]);
      expect(await panel.textContent()).toContain('Done: 3 accepted, 1 rejected.');
      expect(t.errors).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('TagAllPreview: finds across documents, applies the checked occurrences to the open one and to another', async () => {
    const t = await openPage('annotator-a', { 'z-more.txt': 'Radio Bío-Bío said Bío-Bío and Bío-Bíos.\n' });
    try {
      await t.page.getByLabel('Text to find').fill('Bío-Bío');
      await t.page.getByLabel('Label', { exact: true }).fill('LOC');
      await t.page.getByRole('button', { name: 'Find all' }).click();
      const preview = t.page.getByTestId('tag-all-preview');
      await preview.waitFor();
      // Open document: 1 (inside "Radio Bío-Bío"); z-more.txt: 2 whole words ("Bío-Bíos" is not one).
      await expect.poll(() => preview.getByTestId('tag-all-apply').textContent()).toBe('Apply to 3 occurrences');
      expect(await preview.locator('fieldset legend').allTextContents()).toEqual([`${DOC}this document1/1`, 'z-more.txt2/2']);
      // Not whole words: "Bío-Bíos" counts too; back to whole words.
      await preview.getByRole('checkbox', { name: 'Whole words' }).click();
      await expect.poll(() => preview.getByTestId('tag-all-apply').textContent()).toBe('Apply to 4 occurrences');
      await preview.getByRole('checkbox', { name: 'Whole words' }).click();
      await expect.poll(() => preview.getByTestId('tag-all-apply').textContent()).toBe('Apply to 3 occurrences');
      await preview.locator('fieldset').nth(1).getByRole('checkbox').nth(1).uncheck(); // the first in z-more.txt
      await preview.getByTestId('tag-all-apply').click();
      await expect.poll(async () => (await t.log()).tagged.length).toBe(1);
      expect((await t.log()).tagged).toEqual([{ openSpans: 1, added: 1, problems: [] }]);
      await expect.poll(async () => (await t.log()).saves).toBe(1);
      expect((await readSidecar(t.corpus.root, DOC)).annotations.filter((a) => a.label === 'LOC')).toMatchObject([{ text: 'Bío-Bío', start: 108, end: 115 }]);
      expect((await readSidecar(t.corpus.root, 'z-more.txt')).annotations).toMatchObject([{ label: 'LOC', text: 'Bío-Bío', start: 19, end: 26 }]);
      expect(t.errors).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
