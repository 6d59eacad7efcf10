// The few git operations Marginalia needs, through the `git` command (the one
// the analyst already uses, with their configuration), never a shell: each
// argument is passed as is. No Electron.
import { execFile, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';

export class GitError extends Error {}

export interface GitResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs git in `cwd`; resolves with its exit code (never rejects on a non-zero exit), rejects when git cannot run. */
export function git(cwd: string, args: readonly string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile('git', ['-C', cwd, ...args], { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new GitError(error.code === 'ENOENT' ? 'git is not installed (or not on the PATH)' : `git could not run: ${error.message}`));
        return;
      }
      resolve({ stdout, stderr, code: error ? (error.code as number) : 0 });
    });
  });
}

/** The repository's top folder and the folder's path inside it ('' or ending in '/'), or null when `dir` is not in a git work tree. */
export async function repositoryOf(dir: string): Promise<{ top: string; prefix: string } | null> {
  const r = await git(dir, ['rev-parse', '--show-toplevel', '--show-prefix']);
  if (r.code !== 0) return null;
  const [top = '', prefix = ''] = r.stdout.split('\n');
  return { top, prefix };
}

/** The commit `rev` names, or a GitError saying it names none. */
export async function resolveCommit(dir: string, rev: string): Promise<string> {
  if (rev.startsWith('-')) throw new GitError(`"${rev}" is not a revision`);
  const r = await git(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  if (r.code !== 0) throw new GitError(`"${rev}" names no commit in the repository of ${dir}`);
  return r.stdout.trim();
}

/** Reads every blob `git cat-file --batch` is asked for, in order. */
function readBlobs(dir: string, oids: readonly string[]): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', dir, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (e) => reject(new GitError(`git could not run: ${e.message}`)));
    child.on('close', (code) => {
      if (code !== 0) return reject(new GitError(`git cat-file failed: ${stderr.trim()}`));
      const all = Buffer.concat(chunks);
      const out: Buffer[] = [];
      let at = 0;
      for (const oid of oids) {
        const nl = all.indexOf(0x0a, at);
        const header = all.subarray(at, nl).toString();
        const [got, type, size] = header.split(' ');
        if (got !== oid || type !== 'blob' || size === undefined) return reject(new GitError(`git cat-file: unexpected answer "${header}" for ${oid}`));
        const start = nl + 1;
        out.push(all.subarray(start, start + Number(size)));
        at = start + Number(size) + 1;
      }
      resolve(out);
    });
    child.stdin.end(oids.map((o) => `${o}\n`).join(''));
  });
}

/**
 * Writes the files of folder `dir` (inside a git work tree) as they are in
 * commit `rev` into `target`, which must be empty: regular files only
 * (symbolic links and submodules are left out). Returns how many were written.
 */
export async function writeTreeAt(dir: string, rev: string, target: string): Promise<number> {
  const commit = await resolveCommit(dir, rev);
  const repo = await repositoryOf(dir);
  if (!repo) throw new GitError(`${dir} is not in a git repository`);
  const list = await git(dir, ['ls-tree', '-r', '-z', '--full-name', commit, '--', '.']);
  if (list.code !== 0) throw new GitError(`git ls-tree failed: ${list.stderr.trim()}`);
  const files: { path: string; oid: string }[] = [];
  for (const entry of list.stdout.split('\0')) {
    if (!entry) continue;
    const tab = entry.indexOf('\t');
    const [mode, type, oid] = entry.slice(0, tab).split(' ');
    const path = entry.slice(tab + 1);
    if (type !== 'blob' || mode === '120000' || !oid || !path.startsWith(repo.prefix)) continue;
    files.push({ path: path.slice(repo.prefix.length), oid });
  }
  const blobs = await readBlobs(dir, files.map((f) => f.oid));
  for (const [i, f] of files.entries()) {
    const file = join(target, ...f.path.split('/'));
    if (!file.startsWith(target + sep)) throw new GitError(`git listed a path outside the folder: ${f.path}`);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, blobs[i] as Buffer);
  }
  return files.length;
}

/** Branches (local and remote) and tags by short name, and the branch checked out; null when `dir` is not in a git work tree. */
export async function listRevisions(dir: string): Promise<{ current: string | null; revisions: string[] } | null> {
  if (!(await repositoryOf(dir))) return null;
  const refs = await git(dir, ['for-each-ref', '--format=%(refname:short)', 'refs/heads', 'refs/remotes', 'refs/tags']);
  const head = await git(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  return {
    current: head.code === 0 ? head.stdout.trim() : null,
    revisions: refs.stdout.split('\n').filter((r) => r !== '' && !r.endsWith('/HEAD')),
  };
}
