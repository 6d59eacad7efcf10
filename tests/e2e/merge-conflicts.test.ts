// A sidecar holding what a git merge left undecided (format version 3
// `conflicts`, written by `marginalia merge-driver`): the built app opens it,
// lists both versions, and a decision is saved (and undoable).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp } from '../harness/browser';
import { REPO_ROOT } from '../harness/server';
import { appSuite } from '../harness/suite';
import { openDoc } from './helpers';

const DOC = 'valparaiso-dredging.txt';
const SIDECAR = `${DOC}.annotations.json`;

interface Ann { id: string; label: string; text: string; note?: string }
interface File { version: number; annotations: Ann[]; conflicts?: { kind: string; id: string; base: Ann | null; ours: Ann | null; theirs: Ann | null }[] }

describe('merge conflicts in the app', () => {
  const suite = appSuite(join(REPO_ROOT, 'tests/fixtures/agreement/annotator-a'), async (root) => {
    const file = JSON.parse(await readFile(join(root, SIDECAR), 'utf8')) as File & Record<string, unknown>;
    const port = file.annotations.find((a) => a.id === 'a_ana0000003') as Ann;
    const sharp = file.annotations.find((a) => a.id === 'a_ana0000004') as Ann;
    file.version = 3;
    file.conflicts = [
      { kind: 'annotation', id: port.id, base: port, ours: port, theirs: { ...port, label: 'GPE', note: 'the place, not the body' } },
      { kind: 'annotation', id: sharp.id, base: sharp, ours: { ...sharp, note: 'mayor' }, theirs: null },
    ];
    file.annotations = file.annotations.map((a) => (a.id === sharp.id ? { ...a, note: 'mayor' } : a));
    await writeFile(join(root, SIDECAR), `${JSON.stringify(file, null, 2)}\n`);
  });

  it('lists both versions of each conflict; “Take theirs” and “Keep ours” are saved, and undo brings a conflict back', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, DOC);
    const panel = page.getByRole('region', { name: 'Merge conflicts' });
    await expect.poll(() => panel.getByTestId('merge-conflict').count()).toBe(2);
    const port = panel.locator('[data-testid="merge-conflict"][data-id="a_ana0000003"]');
    expect(await port.textContent()).toContain('the place, not the body');
    const read = async () => JSON.parse(await readFile(join(suite.corpus.root, SIDECAR), 'utf8')) as File;

    await port.getByRole('button', { name: 'Take theirs' }).click();
    await expect.poll(async () => (await read()).conflicts?.map((c) => c.id)).toEqual(['a_ana0000004']);
    const saved = await read();
    expect(saved.version).toBe(3);
    expect(saved.annotations.find((a) => a.id === 'a_ana0000003')).toMatchObject({ label: 'GPE', note: 'the place, not the body' });

    await panel.locator('[data-id="a_ana0000004"]').getByRole('button', { name: 'Keep ours' }).click();
    await expect.poll(async () => (await read()).conflicts).toBeUndefined();
    expect((await read()).annotations.find((a) => a.id === 'a_ana0000004')).toMatchObject({ note: 'mayor' });
    expect(await panel.count()).toBe(0);

    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await read()).conflicts?.map((c) => c.id)).toEqual(['a_ana0000004']);
    expect(errors).toEqual([]);
  });
});

describe('an event both sides of a git merge changed', () => {
  const EVENT = { id: 'E1', type: 'Meeting', trigger: 'a_ana0000003', arguments: [{ role: 'Participant', ref: 'a_ana0000004' }] };
  const suite = appSuite(join(REPO_ROOT, 'tests/fixtures/agreement/annotator-a'), async (root) => {
    const file = JSON.parse(await readFile(join(root, SIDECAR), 'utf8')) as Record<string, unknown>;
    file.version = 3;
    file.events = [EVENT];
    file.conflicts = [{ kind: 'event', id: 'E1', base: { ...EVENT, arguments: [] }, ours: EVENT, theirs: { ...EVENT, type: 'Dispute' } }];
    await writeFile(join(root, SIDECAR), `${JSON.stringify(file, null, 2)}\n`);
  });

  it('shows both versions, and “Take theirs” saves theirs as the event', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, DOC);
    const conflict = page.getByRole('region', { name: 'Merge conflicts' }).locator('[data-testid="merge-conflict"][data-id="E1"]');
    await expect.poll(() => conflict.textContent()).toContain('Ours: Meeting, trigger a_ana0000003; Participant: a_ana0000004');
    expect(await conflict.textContent()).toContain('Theirs: Dispute, trigger a_ana0000003');
    await conflict.getByRole('button', { name: 'Take theirs' }).click();
    const read = async () => JSON.parse(await readFile(join(suite.corpus.root, SIDECAR), 'utf8')) as { events?: (typeof EVENT)[]; conflicts?: unknown[] };
    await expect.poll(async () => (await read()).conflicts).toBeUndefined();
    expect((await read()).events).toEqual([{ ...EVENT, type: 'Dispute' }]);
    expect(errors).toEqual([]);
  });
});
