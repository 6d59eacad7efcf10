// `marginalia import` writes all of its sidecars or none, and never over a
// save made meanwhile: a killed import leaves the corpus as before or fully
// imported, and a sidecar changed while it ran is merged again, not lost.
import { spawn } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSidecar, serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { nodeFs, type AtomicFs } from '../corpus/atomic-write';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { importAnnotations } from './import-service';

afterEach(cleanupTempDirs);

const DOCS = 24;
const textOf = (i: number) => `Document ${i}: Kim Min-jun met Li Wei in Tokyo on Tuesday ${i}.`;
const pathOf = (i: number) => `doc-${String(i).padStart(2, '0')}.txt`;

/** A corpus of DOCS documents, each with one saved annotation, and a JSONL adding two spans to each. */
async function corpusAndInput() {
  const files: Record<string, string> = {};
  const lines: string[] = [];
  for (let i = 0; i < DOCS; i++) {
    const text = textOf(i);
    files[pathOf(i)] = text;
    files[sidecarNameFor(pathOf(i))] = serializeSidecar(sidecarFor(pathOf(i), text, [entity('saved', text, 14, 25)]));
    lines.push(
      JSON.stringify({
        text,
        spans: [
          { start: 30, end: 36, label: 'PERSON', text: text.slice(30, 36) },
          { start: 40, end: 45, label: 'GPE', text: text.slice(40, 45) },
        ],
        meta: { path: pathOf(i), status: 'todo' },
      }),
    );
  }
  const root = await makeTempDir(files);
  const from = join(await makeTempDir(), 'in.jsonl');
  await writeFile(from, `${lines.join('\n')}\n`);
  return { root, from };
}

async function annotationCounts(root: string): Promise<number[]> {
  const counts: number[] = [];
  for (let i = 0; i < DOCS; i++) {
    const parsed = parseSidecar(await readFile(join(root, sidecarNameFor(pathOf(i))), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.message);
    counts.push(parsed.sidecar.annotations.length);
  }
  return counts;
}

function startImport(root: string, from: string, killAfterRename?: number): { ready: Promise<void>; exited: Promise<number | null>; kill(): void } {
  const args = ['--import', 'tsx', join(__dirname, 'import-kill-child.ts'), root, from];
  if (killAfterRename !== undefined) args.push(String(killAfterRename));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('ready\n')) onReady();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  void exited.then(() => onReady());
  return { ready, exited, kill: () => child.kill('SIGKILL') };
}

describe('a killed import leaves the corpus as before or fully imported', () => {
  it('killed between two renames of the write (several points): the next open completes it', async () => {
    for (const k of [0, Math.floor(Math.random() * (DOCS - 2)) + 1, DOCS - 2]) {
      const { root, from } = await corpusAndInput();
      const child = startImport(root, from, k);
      expect(await child.exited).toBeNull(); // killed
      // Half-imported on disk right now; the journal says what is left.
      expect(await readdir(join(root, '.marginalia'))).toContain('write-journal.json');
      await CorpusService.open(root);
      expect(await annotationCounts(root)).toEqual(Array(DOCS).fill(3));
      expect((await readdir(root)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      expect(await readdir(join(root, '.marginalia'))).toEqual([]);
    }
  }, 120_000);

  it('killed at a random moment, several times: before or after, never in between', async () => {
    // How long a whole import takes here, from "ready" to its end: the kills fall anywhere in that span.
    const timed = await corpusAndInput();
    const whole = startImport(timed.root, timed.from);
    await whole.ready;
    const started = performance.now();
    expect(await whole.exited).toBe(0);
    const span = performance.now() - started;
    const seen = new Set<string>();
    for (let run = 0; run < 5; run++) {
      const { root, from } = await corpusAndInput();
      const child = startImport(root, from);
      await child.ready;
      // A random moment of the import's run (or just after it).
      await new Promise((resolve) => setTimeout(resolve, Math.random() * span * 1.2));
      child.kill();
      await child.exited;
      await CorpusService.open(root);
      const counts = await annotationCounts(root);
      const state = counts.every((c) => c === 1) ? 'before' : counts.every((c) => c === 3) ? 'after' : `mixed ${counts.join(',')}`;
      expect(state).not.toMatch(/^mixed/);
      seen.add(state);
    }
    console.log(`killed imports (a whole one takes ${Math.round(span)} ms) left the corpus: ${[...seen].join(', ')}`);
  }, 120_000);
});

describe('import checks for conflicts like any save', () => {
  it('a sidecar written by another program while the import runs is read and merged again, not overwritten', async () => {
    const { root, from } = await corpusAndInput();
    const file = join(root, sidecarNameFor(pathOf(3)));
    const text = textOf(3);
    const theirs = serializeSidecar(sidecarFor(pathOf(3), text, [entity('saved', text, 14, 25), entity('theirs', text, 0, 8)]));
    let wrote = false;
    // The app saves document 3 after the import read it, right when the import writes it.
    const fs: AtomicFs = {
      ...nodeFs,
      async open(path, flags, mode) {
        if (!wrote && path.startsWith(`${file}.`) && path.endsWith('.tmp')) {
          wrote = true;
          await writeFile(file, theirs);
        }
        return nodeFs.open(path, flags, mode);
      },
    };
    const report = await importAnnotations(await CorpusService.open(root, { fs }), { format: 'jsonl', from });
    expect(report.problems).toEqual([]);
    expect(report.added).toBe(2 * DOCS);
    const parsed = parseSidecar(await readFile(file, 'utf8'));
    expect(parsed.ok && parsed.sidecar.annotations.map((a) => a.id)).toEqual(expect.arrayContaining(['saved', 'theirs']));
    expect(await annotationCounts(root)).toEqual(Array.from({ length: DOCS }, (_, i) => (i === 3 ? 4 : 3)));
  });
});

describe('an import on a full disk', () => {
  it('names the file and the reason in plain words, and leaves every sidecar as it was, with no temporary file', async () => {
    const { root, from } = await corpusAndInput();
    let opened = 0;
    // The disk fills up while the fifth sidecar is being staged.
    const fs: AtomicFs = {
      ...nodeFs,
      async open(path, flags, mode) {
        const real = await nodeFs.open(path, flags, mode);
        if (!path.endsWith('.tmp') || ++opened < 5) return real;
        return {
          writeFile: () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })),
          sync: () => real.sync(),
          close: () => real.close(),
        };
      },
    };
    const report = await importAnnotations(await CorpusService.open(root, { fs }), { format: 'jsonl', from });
    expect(report.problems).toEqual([
      `nothing was imported: Could not write ${sidecarNameFor(pathOf(4))}: the disk is full (ENOSPC). Nothing was imported; every file is as it was`,
    ]);
    expect(report.added).toBe(0);
    expect(await annotationCounts(root)).toEqual(Array(DOCS).fill(1));
    expect((await readdir(root)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
