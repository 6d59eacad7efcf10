// The command line's answers to bad input and failing disks (issue 17, item 9):
// a JSONL of the wrong shape is an error naming the file and line; a full disk
// is named in plain words; a killed export's temporary files do not stay forever.
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { annotateCorpus, copyCorpus, SAMPLE_CORPUS } from '../export/test-corpus';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { EXIT_DATA, main } from './main';

afterEach(cleanupTempDirs);

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s), isTTY: false } });
  return { code, stdout, stderr };
}

describe('marginalia import --format jsonl of the wrong shape', () => {
  it('imports nothing and exits 1 naming the file and line', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    const from = await makeTempDir({
      'wrong.jsonl': '{"id": 1, "title": "not a document"}\n{"text": "Some text.", "spans": {"start": 0, "end": 4}}\n',
    });
    const result = await cli(['import', dir, '--format', 'jsonl', '--from', join(from, 'wrong.jsonl')]);
    expect(result.code).toBe(EXIT_DATA);
    expect(result.stderr).toMatch(/error: wrong\.jsonl line 1: not a document of this format/);
    expect(result.stderr).toMatch(/error: wrong\.jsonl line 2: "spans" must be a list/);
    expect(result.stdout).toMatch(/^Imported 0 annotations/);
    expect((await readdir(dir)).filter((n) => n.endsWith('.annotations.json'))).toEqual([]);
  });
});

describe('marginalia export leaves no temporary files behind', () => {
  it('removes the .partial- files of dead exports to the same place, and names them', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    await annotateCorpus(dir);
    const out = await makeTempDir();
    // What a killed export left: its pid (2^22 + 1 is above Linux's pid_max, so never alive) and one of a live process (ours).
    const dead = 'x.jsonl.partial-4194305-abc123';
    const alive = `x.jsonl.partial-${process.pid}-abc124`;
    await writeFile(join(out, dead), 'half an export');
    await writeFile(join(out, alive), 'an export under way');
    const result = await cli(['export', dir, '--format', 'jsonl', '--out', join(out, 'x.jsonl')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`removed ${join(out, dead)}, left by an export that did not finish`);
    expect((await readdir(out)).sort()).toEqual([alive, 'x.jsonl'].sort());
  });
});

describe('write errors on export', () => {
  it('name the file and say in plain words that the disk is full', async () => {
    const { FolderWriter, writeError } = await import('../export/output');
    const { symlink } = await import('node:fs/promises');
    const out = await makeTempDir();
    // /dev/full answers every write with ENOSPC, as a full disk does.
    await symlink('/dev/full', join(out, 'doc.ann'));
    const folder = new FolderWriter(out);
    await folder.write('doc.ann', 'T1\tPERSON 0 4\tKim\n');
    await expect(folder.settle()).rejects.toThrow(`${join(out, 'doc.ann')} could not be written: the disk is full (ENOSPC)`);
    expect(writeError(Object.assign(new Error('EDQUOT: quota'), { code: 'EDQUOT' }), '/x/out.jsonl').message).toBe(
      '/x/out.jsonl could not be written: the disk quota is used up (EDQUOT)',
    );
  });

  it('the CLI reports it naming the file, with exit 1', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    await annotateCorpus(dir);
    const out = await makeTempDir();
    const { symlink, mkdir } = await import('node:fs/promises');
    await mkdir(join(out, 'brat'));
    const names = (await readdir(dir)).filter((n) => n.endsWith('.txt'));
    for (const n of names) await symlink('/dev/full', join(out, 'brat', n.replace(/\.txt$/, '.ann')));
    const result = await cli(['export', dir, '--format', 'brat', '--out', join(out, 'brat')]);
    expect(result.code).toBe(EXIT_DATA);
    expect(result.stderr).toMatch(/\.ann could not be written: the disk is full \(ENOSPC\)/);
  });
});
