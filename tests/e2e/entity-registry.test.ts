// The entity registry end to end: the real EntityLink, EntityView and
// EntityList with the real EntityStore and DocumentSession, on a test page of
// their own (built here with Vite, under the app's CSP and stylesheet), in
// Debian's Chromium, the bridge answered by the real handlers over a
// temporary copy of the shared corpus. The main window's wiring of these
// components is tested by the app's own tests once it exists.
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnnotation } from '../../app/annotations';
import { emptyRegistry, serializeEntityRegistry, type EntityRegistry } from '../../app/entity-registry';
import { TextIndex } from '../../app/offsets';
import { emptySidecar, serializeSidecar } from '../../app/sidecar/sidecar-io';
import type { Annotation, Sidecar } from '../../app/sidecar/sidecar-schema';
import { buildTestPage, removeTestPage } from '../harness/test-page';
import { launchChromium, openApp } from '../harness/browser';
import { copyCorpus, cpOffset } from '../harness/corpus';
import { SHARED_CORPUS, startHarness, type Harness } from '../harness/server';

const DOC_A = '001_dff90504ed3e313a.txt';
const DOC_B = '002_3d4bb1fe3727f44e.txt';
const REGISTRY = '.marginalia/entities.json';

/** Entity annotations over the `occurrence`-th match of `needle` (no entity linked yet). */
async function seed(root: string, file: string, spans: [id: string, needle: string, occurrence: number, label: string][]): Promise<void> {
  const bytes = await readFile(join(root, file));
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const index = new TextIndex(text);
  const annotations: Annotation[] = spans.map(([id, needle, occurrence, label]) => {
    let at = -1;
    for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} #${occurrence} not in ${file}`);
    const start = cpOffset(text, at);
    return createAnnotation(index, { type: 'entity', label, start, end: start + [...needle].length, id, now: '2024-05-01T00:00:00.000Z' });
  });
  const sidecar: Sidecar = {
    ...emptySidecar({ name: file, sha256: createHash('sha256').update(bytes).digest('hex'), length: index.length }),
    annotations,
  };
  await writeFile(join(root, `${file}.annotations.json`), serializeSidecar(sidecar));
}

async function seededCorpus() {
  const corpus = await copyCorpus(SHARED_CORPUS);
  await seed(corpus.root, DOC_A, [
    ['a_salt1', 'Chance Saltzman', 0, 'PERSON'],
    ['a_salt2', 'Saltzman', 1, 'PERSON'],
    ['a_salt3', 'Chance Saltzman', 1, 'PERSON'],
    ['a_japan', 'Japan', 0, 'GPE'],
  ]);
  await seed(corpus.root, DOC_B, [['b_japan', 'Japan', 0, 'GPE']]);
  return corpus;
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

async function entityOf(root: string, file: string, annotationId: string): Promise<string | undefined | null> {
  const sidecar = await readJson<Sidecar>(join(root, `${file}.annotations.json`));
  return sidecar ? sidecar.annotations.find((a) => a.id === annotationId)?.entity : null;
}

async function openDocument(page: Page, file: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Documents' }).getByRole('button', { name: file }).click();
  await page.getByTestId('doc-save').filter({ hasText: file }).waitFor();
}

async function selectAnnotation(page: Page, id: string): Promise<void> {
  await page.locator(`[data-annotation="${id}"]`).click();
  await page.getByTestId('annotation-details').waitFor();
}

describe('the entity registry components', () => {
  let browser: Browser;
  let pageDir: string;

  beforeAll(async () => {
    pageDir = await buildTestPage('entity-page');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await removeTestPage(pageDir);
  });

  async function start(prepare?: (root: string) => Promise<void>) {
    const corpus = await seededCorpus();
    await prepare?.(corpus.root);
    const harness: Harness = await startHarness({ corpus: corpus.root, rendererDir: pageDir });
    const { page, errors } = await openApp(browser, harness);
    return {
      root: corpus.root,
      page,
      errors,
      async close() {
        await page.context().close();
        await harness.close();
        await corpus.remove();
      },
    };
  }

  it('creates an entity from a mention, links others with the keyboard, renames it once for every mention, and lists its mentions', async () => {
    const { root, page, errors, close } = await start();
    try {
      await openDocument(page, DOC_A);
      await selectAnnotation(page, 'a_salt1');
      const combo = page.getByRole('combobox', { name: 'Link to entity' });
      expect(await combo.inputValue()).toBe('Chance Saltzman');

      // An empty registry offers only to create the entity.
      await combo.focus();
      const options = page.getByRole('listbox', { name: 'Entities' }).getByRole('option');
      expect(await options.allTextContents()).toEqual(['Create entity “Chance Saltzman”']);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('entity-name').textContent()).toBe('Chance Saltzman');
      await expect.poll(async () => (await readJson<EntityRegistry>(join(root, REGISTRY)))?.entities.length ?? 0, { timeout: 10_000 }).toBe(1);
      const registry = (await readJson<EntityRegistry>(join(root, REGISTRY))) as EntityRegistry;
      const [created] = registry.entities;
      expect(created).toEqual({ id: expect.stringMatching(/^e_[0-9a-z]{10}$/), name: 'Chance Saltzman', label: 'PERSON', aliases: [] });
      const id = created?.id ?? '';
      await expect.poll(() => entityOf(root, DOC_A, 'a_salt1'), { timeout: 10_000 }).toBe(id);
      // The registry file is the canonical text.
      expect(await readFile(join(root, REGISTRY), 'utf8')).toBe(serializeEntityRegistry(registry));

      // "Saltzman": the entity is suggested (a later word of its name); ArrowUp/Down move, wrap; Escape closes; Enter links.
      await selectAnnotation(page, 'a_salt2');
      const combo2 = page.getByRole('combobox', { name: 'Link to entity' });
      await combo2.fill('Saltzman');
      expect(await options.allTextContents()).toEqual([expect.stringMatching(/^Chance SaltzmanPERSON/), 'Create entity “Saltzman”']);
      const activeText = async () => {
        const active = await combo2.getAttribute('aria-activedescendant');
        return active ? page.locator(`[id="${active}"]`).textContent() : null;
      };
      expect(await activeText()).toMatch(/^Chance Saltzman/);
      await page.keyboard.press('ArrowDown');
      expect(await activeText()).toBe('Create entity “Saltzman”');
      await page.keyboard.press('ArrowDown');
      expect(await activeText()).toMatch(/^Chance Saltzman/);
      await page.keyboard.press('ArrowUp');
      expect(await activeText()).toBe('Create entity “Saltzman”');
      await page.keyboard.press('Escape');
      expect(await combo2.getAttribute('aria-expanded')).toBe('false');
      expect(await page.getByRole('listbox').count()).toBe(0);
      await page.keyboard.press('ArrowDown');
      expect(await activeText()).toMatch(/^Chance Saltzman/);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('entity-name').textContent()).toBe('Chance Saltzman');
      await expect.poll(() => entityOf(root, DOC_A, 'a_salt2'), { timeout: 10_000 }).toBe(id);

      // The mention's own text can become an alias.
      await page.getByRole('button', { name: 'Add “Saltzman” as alias' }).click();
      await expect.poll(async () => (await readJson<EntityRegistry>(join(root, REGISTRY)))?.entities[0]?.aliases, { timeout: 10_000 }).toEqual([
        'Saltzman',
      ]);

      // The second "Chance Saltzman": an exact match comes first.
      await selectAnnotation(page, 'a_salt3');
      await page.getByRole('combobox', { name: 'Link to entity' }).focus();
      expect(await options.first().textContent()).toMatch(/^Chance Saltzman/);
      await page.keyboard.press('Enter');
      await expect.poll(() => entityOf(root, DOC_A, 'a_salt3'), { timeout: 10_000 }).toBe(id);

      // All mentions: three, in one document, with context.
      await page.getByRole('button', { name: 'All mentions' }).click();
      const view = page.getByTestId('entity-view');
      await expect.poll(() => view.getByTestId('mention-count').textContent(), { timeout: 10_000 }).toBe('3');
      const mentions = view.locator('.mg-entity-mention');
      expect(await mentions.count()).toBe(3);
      expect(await view.locator('.mg-entity-mention-path').allTextContents()).toEqual([`${DOC_A} 3`]);
      expect(await mentions.nth(0).textContent()).toMatch(/according to Gen\. Chance Saltzman, the Chief of Space/);
      expect(await mentions.nth(1).locator('mark').textContent()).toBe('Saltzman');

      // Rename once: the registry changes, no sidecar does.
      const sidecarBefore = await readFile(join(root, `${DOC_A}.annotations.json`), 'utf8');
      const name = view.getByRole('textbox', { name: 'Entity name' });
      await name.fill('B. Chance Saltzman');
      await name.press('Enter');
      await expect.poll(async () => (await readJson<EntityRegistry>(join(root, REGISTRY)))?.entities[0], { timeout: 10_000 }).toEqual({
        id,
        name: 'B. Chance Saltzman',
        label: 'PERSON',
        aliases: ['Saltzman', 'Chance Saltzman'],
      });
      expect(await readFile(join(root, `${DOC_A}.annotations.json`), 'utf8')).toBe(sidecarBefore);
      // Every mention shows the new name, since they store the id.
      expect(await page.locator('[data-annotation="a_salt2"]').textContent()).toContain('→ B. Chance Saltzman');
      expect(await page.getByTestId('entity-name').textContent()).toBe('B. Chance Saltzman');

      // Aliases and external ids.
      const alias = view.getByRole('textbox', { name: 'New alias' });
      await alias.fill('찬스 살츠만');
      await alias.press('Enter');
      await view.getByRole('button', { name: 'Remove alias Saltzman' }).click();
      const xid = view.getByRole('textbox', { name: 'External id', exact: true });
      await xid.fill('Q123');
      await xid.press('Enter');
      await expect.poll(async () => (await readJson<EntityRegistry>(join(root, REGISTRY)))?.entities[0], { timeout: 10_000 }).toEqual({
        id,
        name: 'B. Chance Saltzman',
        label: 'PERSON',
        aliases: ['Chance Saltzman', '찬스 살츠만'],
        externalIds: { wikidata: 'Q123' },
      });
      // An entity with mentions cannot be deleted.
      expect(await view.getByRole('button', { name: 'Delete entity' }).isDisabled()).toBe(true);

      // A mention opens its annotation.
      await mentions.nth(2).click();
      expect(await page.evaluate(() => window.entityTest.opened)).toEqual([{ path: DOC_A, annotationId: 'a_salt3' }]);
      expect(await page.locator('[data-annotation="a_salt3"]').getAttribute('aria-pressed')).toBe('true');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('links mentions in two documents to one entity, lists them by document, counts them, and unlinks', async () => {
    const { root, page, errors, close } = await start();
    try {
      await openDocument(page, DOC_A);
      await selectAnnotation(page, 'a_japan');
      await page.getByRole('combobox', { name: 'Link to entity' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => entityOf(root, DOC_A, 'a_japan'), { timeout: 10_000 }).toMatch(/^e_/);
      const japan = (await entityOf(root, DOC_A, 'a_japan')) as string;

      await openDocument(page, DOC_B);
      await selectAnnotation(page, 'b_japan');
      await page.getByRole('combobox', { name: 'Link to entity' }).focus();
      expect(await page.getByRole('option').allTextContents()).toEqual([expect.stringMatching(/^JapanGPE/), 'Create entity “Japan”']);
      await page.keyboard.press('Enter');
      await expect.poll(() => entityOf(root, DOC_B, 'b_japan'), { timeout: 10_000 }).toBe(japan);

      const list = page.getByRole('region', { name: 'Entities' });
      await expect.poll(() => list.locator('.mg-entity-item-count').first().textContent(), { timeout: 10_000 }).toBe('2');
      await list.getByRole('button', { name: /Japan/ }).click();
      const view = page.getByTestId('entity-view');
      await expect.poll(() => view.locator('.mg-entity-mention-path').allTextContents(), { timeout: 10_000 }).toEqual([`${DOC_A} 1`, `${DOC_B} 1`]);

      // The filter matches names and aliases.
      await list.getByRole('searchbox', { name: 'Filter entities' }).fill('jap');
      expect(await list.locator('.mg-entity-item').count()).toBe(1);
      await list.getByRole('searchbox', { name: 'Filter entities' }).fill('nothing like it');
      expect(await list.locator('.mg-entity-item').count()).toBe(0);

      await page.getByRole('button', { name: 'Unlink' }).click();
      await expect.poll(() => entityOf(root, DOC_B, 'b_japan'), { timeout: 10_000 }).toBeUndefined();
      await expect.poll(() => view.getByTestId('mention-count').textContent(), { timeout: 10_000 }).toBe('1');
      // Unlinking is a document change: undo brings the link back.
      await page.evaluate(() => window.entityTest.session?.undo());
      await expect.poll(() => entityOf(root, DOC_B, 'b_japan'), { timeout: 10_000 }).toBe(japan);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('merges its changes with a registry changed on disk meanwhile (git pull), losing neither', async () => {
    const { root, page, errors, close } = await start();
    try {
      await openDocument(page, DOC_A);
      await expect.poll(() => page.evaluate(() => window.entityTest.store.getSnapshot().status)).toBe('ready');
      const theirs: EntityRegistry = {
        ...emptyRegistry(),
        entities: [{ id: 'e_kihara0000', name: 'Minoru Kihara', label: 'PERSON', aliases: ['木原稔'] }],
      };
      await mkdir(join(root, '.marginalia'), { recursive: true });
      await writeFile(join(root, REGISTRY), serializeEntityRegistry(theirs));

      await selectAnnotation(page, 'a_salt1');
      await page.getByRole('combobox', { name: 'Link to entity' }).focus();
      await page.keyboard.press('Enter');
      await expect
        .poll(async () => (await readJson<EntityRegistry>(join(root, REGISTRY)))?.entities.map((e) => e.name).sort(), { timeout: 10_000 })
        .toEqual(['Chance Saltzman', 'Minoru Kihara']);
      // The store took the other side's entity too.
      await expect.poll(() => page.getByRole('region', { name: 'Entities' }).locator('.mg-entity-item').count()).toBe(2);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows an unreadable registry as read-only and never overwrites it', async () => {
    const broken = '{"format":"marginalia-entities","version":1,"entities":[{"id":"e_1","name":"Japan"}]}';
    const { root, page, errors, close } = await start(async (r) => {
      await mkdir(join(r, '.marginalia'), { recursive: true });
      await writeFile(join(r, REGISTRY), broken);
    });
    try {
      await openDocument(page, DOC_A);
      await selectAnnotation(page, 'a_salt1');
      const status = page.getByTestId('annotation-details').getByTestId('entity-status');
      await expect.poll(() => status.textContent()).toMatch(/\.marginalia\/entities\.json cannot be read .*entities\.0\.label.* not overwritten; a copy is at \.marginalia\/entities\.json\.broken-/);
      expect(await page.getByRole('combobox', { name: 'Link to entity' }).isDisabled()).toBe(true);
      expect(await readFile(join(root, REGISTRY), 'utf8')).toBe(broken);
      expect((await readdir(join(root, '.marginalia'))).some((n) => n.startsWith('entities.json.broken-'))).toBe(true);

      // Through the bridge too: a save is refused and the file is kept.
      const result = await page.evaluate((registry) => window.marginalia?.invoke('saveEntityRegistry', { registry }), emptyRegistry());
      expect(result).toMatchObject({ ok: false, error: { code: 'registry-invalid' } });
      expect(await readFile(join(root, REGISTRY), 'utf8')).toBe(broken);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the bridge validates entity arguments in main', async () => {
    const { page, close } = await start();
    try {
      // The corpus is open once the page has listed its documents (getStartup, then listDocuments).
      await page.getByRole('navigation', { name: 'Documents' }).getByRole('button').first().waitFor();
      const invoke = (channel: string, args: unknown) =>
        page.evaluate(
          ({ channel, args }) => (window.marginalia as unknown as { invoke(c: string, a: unknown): Promise<unknown> }).invoke(channel, args),
          { channel, args },
        );
      expect(await invoke('findEntityMentions', { entityId: '' })).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
      const twice = { ...emptyRegistry(), entities: [1, 2].map(() => ({ id: 'e_same', name: 'X', label: 'ORG', aliases: [] })) };
      expect(await invoke('saveEntityRegistry', { registry: twice })).toMatchObject({
        ok: false,
        error: { code: 'invalid-arguments', message: expect.stringContaining('used twice') },
      });
      expect(await invoke('countEntityMentions', {})).toEqual({ ok: true, value: { counts: {}, problems: [] } });
    } finally {
      await close();
    }
  });
});
