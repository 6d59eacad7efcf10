import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { annotateCorpus, copyCorpus, SAMPLE_CORPUS } from '../export/test-corpus';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { EXIT_DATA, EXIT_OK, EXIT_USAGE, main } from './main';

afterEach(cleanupTempDirs);

async function cli(args: string[], options: { tty?: boolean; cwd?: string } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.tty ?? false },
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  return { code, stdout, stderr };
}

describe('marginalia exit codes', () => {
  it('0 on success: export, import, validate, stats', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    await annotateCorpus(dir);
    const out = await makeTempDir();
    const exported = await cli(['export', dir, '--format', 'brat', '--out', join(out, 'brat')]);
    expect(exported).toMatchObject({ code: EXIT_OK, stderr: '' });
    expect(exported.stdout).toMatch(/^Exported 6 documents \(\d+ annotations, \d+ relations\) as brat to /);

    const fresh = await copyCorpus(SAMPLE_CORPUS);
    const imported = await cli(['import', fresh, '--format', 'brat', '--from', join(out, 'brat')]);
    expect(imported.code).toBe(EXIT_OK);
    expect(imported.stdout).toMatch(/^Imported \d+ annotations and \d+ relations into 6 documents/);

    const validated = await cli(['validate', fresh]);
    expect(validated.code).toBe(EXIT_OK);
    expect(validated.stdout).toMatch(/^No problems: 6 sidecars checked/);

    const stats = await cli(['stats', fresh]);
    expect(stats.code).toBe(EXIT_OK);
    expect(stats.stdout).toMatch(/Documents: 6 text \(6 with annotations\)/);
    expect(stats.stdout).toMatch(/claim {2}CLAIM/);
    const json = await cli(['stats', fresh, '--json']);
    expect(JSON.parse(json.stdout).documents.text).toBe(6);
  });

  it('1 when the data has problems, naming the files', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    await annotateCorpus(dir);
    await writeFile(join(dir, sidecarNameFor('04-upstream-dam-data-dispute.txt')), '[]');
    const validated = await cli(['validate', dir]);
    expect(validated.code).toBe(EXIT_DATA);
    expect(validated.stdout).toMatch(/^04-upstream-dam-data-dispute\.txt\.annotations\.json: the file does not hold a JSON object/m);
    expect(validated.stdout).toMatch(/1 problem in 1 file/);

    const exported = await cli(['export', dir, '--format', 'jsonl', '--out', join(await makeTempDir(), 'x.jsonl')]);
    expect(exported.code).toBe(EXIT_DATA);
    expect(exported.stderr).toMatch(/error: 04-upstream-dam-data-dispute\.txt: not exported/);

    const stats = await cli(['stats', dir]);
    expect(stats.code).toBe(EXIT_DATA);

    const ann = await makeTempDir({ '01-flood-warning-satellite-launch.ann': 'T1\tPERSON 0 4\tNope\n' });
    const imported = await cli(['import', dir, '--format', 'brat', '--from', ann]);
    expect(imported.code).toBe(EXIT_DATA);
    expect(imported.stderr).toMatch(/not placed: 01-flood-warning-satellite-launch\.ann line 1: PERSON "Nope" not placed/);
  });

  it('2 on usage errors, saying what is wrong and printing the usage', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    const out = join(await makeTempDir(), 'x.jsonl');
    const cases: [string[], RegExp][] = [
      [[], /no command given/],
      [['frobnicate', dir], /unknown command "frobnicate"/],
      [['export', dir, '--format', 'jsonl', '--out', out, '--bogus'], /Unknown option '--bogus'/],
      [['export', '--format', 'jsonl', '--out', out], /export: missing the <corpus> folder/],
      [['export', dir, '--out', out], /export: missing --format <format>/],
      [['export', dir, '--format', 'jsonl'], /export: missing --out <path>/],
      [['export', dir, '--format', 'xml', '--out', out], /unknown format "xml": choose one of jsonl, doccano, conll, brat, labelstudio, w3c, csv, claimreview, fever/],
      [['export', dir, '--format', 'jsonl', '--out', out, '--split', '80,10'], /add up to 90/],
      [['export', dir, '--format', 'jsonl', '--out', out, '--seed', '3'], /--seed only applies with --split/],
      [['export', dir, '--format', 'jsonl', '--out', out, '--status', 'finished'], /export: unknown status "finished": choose from/],
      [['export', dir, '--format', 'brat', '--out', join(dir, 'inside')], /inside the corpus/],
      [['export', join(dir, 'nope'), '--format', 'jsonl', '--out', out], /cannot open the corpus/],
      [['import', dir, '--format', 'csv', '--from', out], /import: unknown format "csv": choose one of brat, jsonl, doccano, labelstudio/],
      [['import', dir, '--format', 'jsonl'], /missing --from <path>/],
      [['import', dir, '--format', 'jsonl', '--from', join(dir, 'nope.jsonl')], /no such file or folder/],
      [['validate'], /validate: missing the <corpus> folder/],
      // `import "$UNSET" …` once wrote sidecars into the current folder.
      [['import', '', '--format', 'jsonl', '--from', out], /empty argument/],
      [['stats', ' '], /empty argument/],
      [['validate', dir, 'extra'], /unexpected argument "extra"/],
      [['stats', dir, '--format', 'x'], /Unknown option '--format'/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(EXIT_USAGE);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr, args.join(' ')).toContain('Usage: marginalia');
    }
  });

  it('passes the format options: --offsets, --no-overlaps, --base; refuses bad values with exit 2', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    await annotateCorpus(dir);
    const out = await makeTempDir();
    const read = async (name: string) => (await readFile(join(out, name), 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { entities: { start_offset: number }[] });
    expect((await cli(['export', dir, '--format', 'doccano', '--out', join(out, 'u.jsonl')])).code).toBe(EXIT_OK);
    expect((await cli(['export', dir, '--format', 'doccano', '--out', join(out, 'c.jsonl'), '--offsets', 'codepoints', '--no-overlaps'])).code).toBe(EXIT_OK);
    const u = (await read('u.jsonl')).flatMap((l) => l.entities).length;
    const c = (await read('c.jsonl')).flatMap((l) => l.entities).length;
    expect(c).toBeLessThan(u);
    const w3c = await cli(['export', dir, '--format', 'w3c', '--out', join(out, 'a.jsonld'), '--base', 'https://example.org/c/']);
    expect(w3c.code).toBe(EXIT_OK);
    expect(JSON.parse(await readFile(join(out, 'a.jsonld'), 'utf8')).id).toMatch(/^https:\/\/example\.org\/c\//);
    expect((await cli(['export', dir, '--format', 'doccano', '--out', join(out, 'x.jsonl'), '--offsets', 'bytes'])).stderr).toMatch(/--offsets "bytes": choose utf16 or codepoints/);
    expect((await cli(['export', dir, '--format', 'w3c', '--out', join(out, 'x.jsonld'), '--base', 'relative/'])).code).toBe(EXIT_USAGE);
    expect((await cli(['import', dir, '--format', 'doccano', '--from', join(out, 'c.jsonl'), '--offsets', 'codepoints'])).code).toBe(EXIT_OK);
  });

  it('shows help and the version with exit 0', async () => {
    expect((await cli(['--help'])).stdout).toContain('Usage: marginalia');
    expect((await cli(['export', '--help'])).code).toBe(EXIT_OK);
    expect((await cli(['--version'])).stdout).toMatch(/^marginalia \d+\.\d+\.\d+/);
  });

  it('shows progress on stderr only when it is a terminal, and resolves paths against cwd', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    const out = await makeTempDir();
    const tty = await cli(['export', dir, '--format', 'csv', '--out', 'claims.csv'], { tty: true, cwd: out });
    expect(tty.code).toBe(EXIT_OK);
    expect(tty.stderr).toMatch(/exporting 6\/6 documents/);
    expect(await readFile(join(out, 'claims.csv'), 'utf8')).toMatch(/^document,claim_id,/);
    const piped = await cli(['export', dir, '--format', 'csv', '--out', join(out, 'again.csv')]);
    expect(piped.stderr).toBe('');
  });
});

describe('bin/marginalia.js', () => {
  const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'marginalia.js');
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, [bin, ...args], { timeout: 60_000 }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const record = join(repo, 'out', 'cli', 'inputs.json');

  it('builds the CLI when it is missing, and again when a source it was built from changed', async () => {
    await rm(join(repo, 'out', 'cli', 'index.js'), { force: true });
    expect((await run(['--version'])).stdout).toMatch(/^marginalia /);
    const built = JSON.parse(await readFile(record, 'utf8')) as { builtAt: number; inputs: Record<string, number>; packages: string[] };
    expect(Object.keys(built.inputs)).toContain('main/cli/main.ts');
    // The workers it starts sit beside it (export-pool.ts and html-extractor.ts look there once bundled).
    for (const worker of ['export-worker.js', 'html-extract-worker.js']) expect(existsSync(join(repo, 'out', 'cli', worker)), worker).toBe(true);
    // What the CLI bundles: no Electron, no TypeScript runtime.
    expect(built.packages).not.toContain('electron');
    expect(built.packages).not.toContain('tsx');
    // As if main.ts had been edited since the build.
    await writeFile(record, JSON.stringify({ ...built, inputs: { ...built.inputs, 'main/cli/main.ts': 1 } }));
    expect((await run(['--version'])).code).toBe(0);
    const rebuilt = JSON.parse(await readFile(record, 'utf8')) as { builtAt: number; inputs: Record<string, number> };
    expect(rebuilt.builtAt).toBeGreaterThan(built.builtAt);
    expect(rebuilt.inputs['main/cli/main.ts']).not.toBe(1);
  }, 120_000);

  it('runs the built CLI and passes the exit code through', async () => {
    const ok = await run(['--version']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^marginalia /);
    const usage = await run(['export']);
    expect(usage.code).toBe(2);
    const dir = await copyCorpus(SAMPLE_CORPUS);
    await writeFile(join(dir, sidecarNameFor('06-first-alert-thu-bon-river.txt')), 'nope');
    const data = await run(['validate', dir]);
    expect(data.code).toBe(1);
    expect(data.stdout).toMatch(/06-first-alert-thu-bon-river\.txt\.annotations\.json: not valid JSON/);
  }, 120_000);
});
