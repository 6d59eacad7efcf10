// Property: two app windows (each with its own CorpusService, as two
// instances of the app would have) and `marginalia import` tag one document
// at random moments. Each window saves as the app does — conflict-checked, and
// on 'conflict' it reads the file and merges by annotation (app/merge.ts)
// before saving again — and the import reads and merges again on its own.
// Whatever the timing, no tag is lost.
import fc from 'fast-check';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mergeDocumentStates, type MergeableState } from '../../app/merge';
import { emptySidecar, parseSidecar } from '../../app/sidecar/sidecar-io';
import type { Annotation, Sidecar } from '../../app/sidecar/sidecar-schema';
import { importAnnotations } from '../export/import-service';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { CorpusService } from './corpus-service';
import { mulberry32 } from '../../app/seeded-random';

afterEach(cleanupTempDirs);

const TEXT = Array.from({ length: 120 }, (_, i) => `Word${String(i).padStart(3, '0')}`).join(' ');
const WORD = 8; // "Word000" and a space


/** Random timing between steps: the point of the test, not a wait for something. */
const pause = (random: () => number) => new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 4)));

function tag(id: string, word: number): Annotation {
  const start = word * WORD;
  return { id, type: 'entity', label: 'PERSON', start, end: start + 7, text: TEXT.slice(start, start + 7), prefix: '', suffix: '' };
}

const stateOf = (s: Sidecar | null): MergeableState => ({ annotations: s?.annotations ?? [], relations: s?.relations ?? [], status: s?.status ?? 'todo', orphans: s?.orphans ?? [] });

/** One window: tags, autosaves every few tags, merges on conflict as DocumentSession does. */
async function window(service: CorpusService, name: string, tags: number, saveEvery: number, random: () => number): Promise<string[]> {
  const doc = await service.readDocument('a.txt');
  const source = { name: 'a.txt', sha256: doc.sha256, length: doc.length };
  let base = stateOf(doc.sidecar);
  let sha = doc.sidecarSha256 ?? null;
  let mine = base;
  const made: string[] = [];
  const save = async () => {
    for (let attempt = 0; attempt < 500; attempt++) {
      const sidecar: Sidecar = { ...emptySidecar(source), annotations: [...mine.annotations], relations: [...mine.relations], status: mine.status, orphans: [...(mine.orphans ?? [])] };
      try {
        sha = (await service.writeSidecar('a.txt', sidecar, { expectedSha256: sha })).sidecarSha256;
        base = mine;
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== 'conflict') throw e;
        const disk = await service.readDocument('a.txt');
        const theirs = stateOf(disk.sidecar);
        mine = mergeDocumentStates(base, mine, theirs).merged;
        base = theirs;
        sha = disk.sidecarSha256 ?? null;
      }
    }
    throw new Error(`${name}: 500 conflicts in a row`);
  };
  for (let i = 0; i < tags; i++) {
    const id = `${name}-${i}`;
    mine = { ...mine, annotations: [...mine.annotations, tag(id, Math.floor(random() * 120))] };
    made.push(id);
    if ((i + 1) % saveEvery === 0 || i === tags - 1) await save();
    await pause(random);
  }
  return made;
}

/** `marginalia import` of `count` spans labelled `label`, at random moments. */
async function importer(root: string, label: string, count: number, random: () => number): Promise<number> {
  const spans = Array.from({ length: count }, (_, i) => ({ start: i * WORD, end: i * WORD + 7, label, text: TEXT.slice(i * WORD, i * WORD + 7) }));
  const from = join(root, '..', `${label}.jsonl`);
  await writeFile(from, `${JSON.stringify({ text: TEXT, spans, meta: { path: 'a.txt', status: 'todo' } })}\n`);
  await pause(random);
  const report = await importAnnotations(await CorpusService.open(root), { format: 'jsonl', from });
  if (report.problems.length) throw new Error(report.problems.join('\n'));
  return report.added;
}

describe('two windows and the CLI import tag one document at random moments', () => {
  it('no annotation is lost, over at least 2,000 tags', async () => {
    let total = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({ seed: fc.integer(), saveA: fc.integer({ min: 1, max: 3 }), saveB: fc.integer({ min: 1, max: 3 }), tags: fc.integer({ min: 200, max: 240 }) }),
        async ({ seed, saveA, saveB, tags }) => {
          const random = mulberry32(seed);
          const root = await makeTempDir({ 'corpus/a.txt': TEXT }).then((d) => join(d, 'corpus'));
          const [a, b] = [await CorpusService.open(root), await CorpusService.open(root)];
          const [madeA, madeB, imported1, imported2] = await Promise.all([
            window(a, 'A', tags, saveA, mulberry32(seed + 1)),
            window(b, 'B', tags, saveB, mulberry32(seed + 2)),
            importer(root, 'IMPORT1', 60, random),
            importer(root, 'IMPORT2', 60, random),
          ]);
          const parsed = parseSidecar(await readFile(join(root, 'a.txt.annotations.json'), 'utf8'));
          if (!parsed.ok) throw new Error(parsed.message);
          const ids = new Set(parsed.sidecar.annotations.map((x) => x.id));
          const lost = [...madeA, ...madeB].filter((id) => !ids.has(id));
          expect(lost).toEqual([]);
          expect(imported1 + imported2).toBe(120);
          for (const label of ['IMPORT1', 'IMPORT2']) expect(parsed.sidecar.annotations.filter((x) => x.label === label)).toHaveLength(60);
          total += madeA.length + madeB.length + imported1 + imported2;
        },
      ),
      // Its own budget: the suite's 2.5 s default (tests/harness/fast-check-budget.ts) would stop it before 2,000 tags.
      { numRuns: 4, interruptAfterTimeLimit: 200_000 },
    );
    expect(total).toBeGreaterThanOrEqual(2000);
  }, 240_000);
});
