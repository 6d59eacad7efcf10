// Teams on git, with real git in temporary folders: `marginalia init`, the
// merge driver run by `git merge` itself, and agreement between revisions.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addAlias, emptyRegistry, parseEntityRegistry, renameEntity, serializeEntityRegistry, type EntityRegistry } from '../../app/entity-registry';
import { parseSidecar, serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import type { Annotation, Sidecar } from '../../app/sidecar/sidecar-schema';
import { compareCorpora } from '../corpus/agreement-service';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, makeTempDir, sidecarFor } from '../test-support';
import { main } from './main';

afterEach(cleanupTempDirs);

const TEXTS: Record<string, string> = {
  'a.txt': 'Fumio Kishida met Joe Biden in Washington. NASA and JAXA signed the deal.\n',
  'b.txt': 'The Space Force opened an office in Tokyo on Monday.\n',
};

/** Git with a fixed identity and none of the machine's own configuration. */
function git(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.org',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.org',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
  };
  return new Promise((resolve) => {
    execFile('git', ['-C', cwd, ...args], { env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

async function gitOk(cwd: string, ...args: string[]): Promise<string> {
  const r = await git(cwd, ...args);
  if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

async function cli(args: string[], cwd?: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, ...(cwd ? { cwd } : {}) });
  return { code, stdout, stderr };
}

/** The annotation `id` over the first `word` of file `name`'s text (ASCII: code points are UTF-16 units here). */
function tag(name: string, id: string, word: string, label: string, more: Partial<Annotation> = {}): Annotation {
  const text = TEXTS[name] as string;
  const start = text.indexOf(word);
  if (start < 0) throw new Error(`no "${word}" in ${name}`);
  return { id, type: 'entity', label, start, end: start + word.length, text: word, prefix: '', suffix: '', ...more };
}

async function readSidecar(dir: string, name: string): Promise<Sidecar> {
  const r = parseSidecar(await readFile(join(dir, sidecarNameFor(name)), 'utf8'));
  if (!r.ok) throw new Error(`${name}: ${r.message}`);
  return r.sidecar;
}

async function editSidecar(dir: string, name: string, f: (s: Sidecar) => Sidecar): Promise<void> {
  await writeFile(join(dir, sidecarNameFor(name)), serializeSidecar(f(await readSidecar(dir, name))));
}

async function readRegistry(dir: string): Promise<EntityRegistry> {
  const r = parseEntityRegistry(await readFile(join(dir, '.marginalia', 'entities.json'), 'utf8'));
  if (!r.ok) throw new Error(r.message);
  return r.registry;
}

async function editRegistry(dir: string, f: (r: EntityRegistry) => EntityRegistry): Promise<void> {
  await writeFile(join(dir, '.marginalia', 'entities.json'), serializeEntityRegistry(f(await readRegistry(dir))));
}

/** A repository holding a small tagged corpus, prepared by `marginalia init` and committed. */
async function originRepo(): Promise<string> {
  const registry = { ...emptyRegistry(), entities: [{ id: 'e1', name: 'Fumio Kishida', label: 'PERSON', aliases: [] }] };
  const dir = await makeTempDir({
    ...TEXTS,
    [sidecarNameFor('a.txt')]: serializeSidecar(
      sidecarFor('a.txt', TEXTS['a.txt'] as string, [tag('a.txt', 'k1', 'Fumio Kishida', 'PERSON', { entity: 'e1' }), tag('a.txt', 'b1', 'Joe Biden', 'PERSON'), tag('a.txt', 'w1', 'Washington', 'GPE')], 'in-progress'),
    ),
    [sidecarNameFor('b.txt')]: serializeSidecar(sidecarFor('b.txt', TEXTS['b.txt'] as string, [tag('b.txt', 's1', 'Space Force', 'ORG')], 'in-progress')),
    '.marginalia/entities.json': serializeEntityRegistry(registry),
  });
  await gitOk(dir, 'init', '-q', '-b', 'main');
  expect((await cli(['init', dir])).code).toBe(0);
  await gitOk(dir, 'add', '-A');
  await gitOk(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

async function cloneOf(origin: string): Promise<string> {
  const dir = await makeTempDir();
  await gitOk(dir, 'clone', '-q', origin, '.');
  const init = await cli(['init', dir]);
  expect(init.code).toBe(0);
  expect(init.stdout).toMatch(/set merge\.marginalia\.driver/);
  return dir;
}

const idsOf = (s: Sidecar) => s.annotations.map((a) => a.id).sort();

describe('marginalia init', () => {
  it('prepares the folder and the repository once; a second run changes nothing and says so', async () => {
    const dir = await makeTempDir({ 'a.txt': 'x', '.gitattributes': '*.png binary' });
    await gitOk(dir, 'init', '-q');
    const first = await cli(['init', dir]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/created \.marginalia\//);
    expect(first.stdout).toMatch(/updated \.gitattributes/);
    const attributes = await readFile(join(dir, '.gitattributes'), 'utf8');
    expect(attributes).toMatch(/^\*\.png binary\n\n# Marginalia: .*\n\*\.annotations\.json merge=marginalia\n\.marginalia\/entities\.json merge=marginalia\n\.marginalia\/schema\.json merge=marginalia\n$/);
    expect((await gitOk(dir, 'check-attr', 'merge', '--', 'sub/x.txt.annotations.json', '.marginalia/entities.json', '.marginalia/schema.json')).trim().split('\n')).toEqual([
      'sub/x.txt.annotations.json: merge: marginalia',
      '.marginalia/entities.json: merge: marginalia',
      '.marginalia/schema.json: merge: marginalia',
    ]);
    const driver = (await gitOk(dir, 'config', '--local', 'merge.marginalia.driver')).trim();
    expect(driver).toMatch(/ merge-driver %O %A %B %P$/);
    expect(driver).toContain('bin/marginalia.js');
    const config = await readFile(join(dir, '.git', 'config'), 'utf8');

    const second = await cli(['init', dir]);
    expect(second).toEqual({ code: 0, stdout: `Already set up: nothing changed in ${dir}\n`, stderr: '' });
    expect(await readFile(join(dir, '.gitattributes'), 'utf8')).toBe(attributes);
    expect(await readFile(join(dir, '.git', 'config'), 'utf8')).toBe(config);

    // A moved or updated app: init again puts the new command in, and says what it replaced.
    const moved = await cli(['init', dir, '--command', 'marginalia']);
    expect(moved.stdout).toContain(`updated merge.marginalia.driver (was: ${driver})`);
    expect((await gitOk(dir, 'config', 'merge.marginalia.driver')).trim()).toBe('marginalia merge-driver %O %A %B %P');
  });

  it('outside a git repository, prints the exact commands, which set up what init would', async () => {
    const dir = await makeTempDir({ 'a.txt': 'x' });
    const r = await cli(['init', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('is not in a git repository');
    const commands = r.stdout.split('\n').filter((l) => l.startsWith('  git config')).map((l) => l.trim());
    expect(commands).toHaveLength(2);
    await gitOk(dir, 'init', '-q');
    for (const c of commands) {
      await new Promise<void>((resolve, reject) => execFile('sh', ['-c', c], { cwd: dir }, (e) => (e ? reject(e) : resolve())));
    }
    const printed = await readFile(join(dir, '.git', 'config'), 'utf8');
    expect(await cli(['init', dir])).toMatchObject({ stdout: `Already set up: nothing changed in ${dir}\n` });
    expect(await readFile(join(dir, '.git', 'config'), 'utf8')).toBe(printed);
  });

  it('refuses a folder that does not exist (usage error)', async () => {
    const r = await cli(['init', '/nonexistent/corpus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/init: \/nonexistent\/corpus is not a folder/);
  });
});

describe('git merge with the marginalia driver', () => {
  it('two analysts tag, delete and rename in their clones; the merge loses nothing, writes valid files and lists the conflicts', async () => {
    const origin = await originRepo();
    const alice = await cloneOf(origin);
    const ben = await cloneOf(origin);

    await editSidecar(alice, 'a.txt', (s) => ({
      ...s,
      annotations: [
        ...s.annotations.filter((a) => a.id !== 'w1').map((a) => (a.id === 'b1' ? { ...a, label: 'ORG' } : a)),
        tag('a.txt', 'n1', 'NASA', 'ORG', { author: 'alice' }),
        tag('a.txt', 'j1', 'JAXA', 'ORG', { author: 'alice' }),
      ],
    }));
    await editSidecar(alice, 'b.txt', (s) => ({
      ...s,
      annotations: [...s.annotations.map((a) => (a.id === 's1' ? { ...a, note: 'the U.S. one' } : a)), tag('b.txt', 't1', 'Tokyo', 'GPE')],
    }));
    await editRegistry(alice, (r) => renameEntity(r, 'e1', 'Kishida Fumio'));
    await gitOk(alice, 'commit', '-q', '-am', 'alice tags');

    await editSidecar(ben, 'a.txt', (s) => ({
      ...s,
      annotations: [
        ...s.annotations.map((a) => (a.id === 'b1' ? { ...a, label: 'GPE' } : a)),
        tag('a.txt', 'n2', 'NASA', 'ORG', { author: 'ben' }),
        tag('a.txt', 'd1', 'deal', 'MISC', { author: 'ben' }),
      ],
    }));
    await editSidecar(ben, 'b.txt', (s) => ({ ...s, annotations: s.annotations.filter((a) => a.id !== 's1') }));
    await editRegistry(ben, (r) => addAlias(r, 'e1', '岸田文雄'));
    await gitOk(ben, 'commit', '-q', '-am', 'ben tags');

    await gitOk(ben, 'remote', 'add', 'alice', alice);
    await gitOk(ben, 'fetch', '-q', 'alice');
    const merge = await git(ben, 'merge', '--no-edit', 'alice/main');
    const said = merge.stdout + merge.stderr;
    expect(merge.code, said).toBe(1);
    expect(said).toContain('marginalia merge-driver: a.txt.annotations.json: 1 conflict;');
    expect(said).toMatch(/annotation b1: changed differently on both sides: ours GPE "Joe Biden" \[18, 27\), theirs ORG "Joe Biden" \[18, 27\)/);
    expect(said).toContain('marginalia merge-driver: b.txt.annotations.json: 1 conflict;');
    expect(said).toMatch(/annotation s1: deleted by ours, changed by theirs \(kept\)/);
    expect(said).toContain('a.txt.annotations.json: 1 annotation(s) made on both sides kept once');
    expect((await gitOk(ben, 'status', '--porcelain')).split('\n').filter(Boolean).sort()).toEqual([
      'M  .marginalia/entities.json',
      'UU a.txt.annotations.json',
      'UU b.txt.annotations.json',
    ]);

    // Nothing lost: alice's and ben's work is all there, w1 deleted by alice and untouched by ben is gone.
    const a = await readSidecar(ben, 'a.txt');
    expect(idsOf(a)).toEqual(['b1', 'd1', 'j1', 'k1', 'n2']); // NASA tagged by both: kept once, ours (ben's)
    expect(a.annotations.find((x) => x.id === 'b1')?.label).toBe('GPE');
    expect(a.conflicts).toMatchObject([{ kind: 'annotation', id: 'b1', ours: { label: 'GPE' }, theirs: { label: 'ORG' }, base: { label: 'PERSON' } }]);
    const b = await readSidecar(ben, 'b.txt');
    expect(idsOf(b)).toEqual(['s1', 't1']);
    expect(b.annotations.find((x) => x.id === 's1')?.note).toBe('the U.S. one');
    expect(b.conflicts).toMatchObject([{ kind: 'annotation', id: 's1', ours: null, theirs: { note: 'the U.S. one' } }]);
    expect((await readRegistry(ben)).entities).toEqual([{ id: 'e1', name: 'Kishida Fumio', label: 'PERSON', aliases: ['岸田文雄', 'Fumio Kishida'] }]); // ours' aliases first

    // Every file is valid, and the app reads the conflicted documents.
    expect(await cli(['validate', ben])).toMatchObject({ code: 0 });
    const corpus = await CorpusService.open(ben);
    expect((await corpus.readDocument('a.txt')).sidecar?.conflicts).toHaveLength(1);

    // Deciding later is a normal commit.
    await gitOk(ben, 'add', '-A');
    await gitOk(ben, 'commit', '-q', '--no-edit');
  }, 180_000);

  it('merges edits of different annotations cleanly: git commits the merge itself', async () => {
    const origin = await originRepo();
    const alice = await cloneOf(origin);
    const ben = await cloneOf(origin);
    await editSidecar(alice, 'a.txt', (s) => ({ ...s, annotations: [...s.annotations, tag('a.txt', 'j1', 'JAXA', 'ORG')] }));
    await gitOk(alice, 'commit', '-q', '-am', 'alice');
    await editSidecar(ben, 'a.txt', (s) => ({ ...s, status: 'done', annotations: [...s.annotations, tag('a.txt', 'n1', 'NASA', 'ORG')] }));
    await gitOk(ben, 'commit', '-q', '-am', 'ben');
    await gitOk(ben, 'pull', '-q', '--no-rebase', '--no-edit', alice, 'main');
    const a = await readSidecar(ben, 'a.txt');
    expect(idsOf(a)).toEqual(['b1', 'j1', 'k1', 'n1', 'w1']);
    expect(a.status).toBe('done');
    expect(a.conflicts).toBeUndefined();
    expect(await gitOk(ben, 'status', '--porcelain')).toBe('');
  }, 180_000);
});

describe('marginalia merge-driver', () => {
  it('leaves ours untouched and exits 1, naming the file, when a version cannot be read', async () => {
    const good = serializeSidecar(sidecarFor('a.txt', TEXTS['a.txt'] as string));
    const dir = await makeTempDir({ O: good, A: good, B: '{"format": "marginalia-annotations",\n<<<<<<< HEAD\n' });
    const r = await cli(['merge-driver', 'O', 'A', 'B', 'docs/a.txt.annotations.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^marginalia merge-driver: docs\/a\.txt\.annotations\.json \(theirs\): not valid JSON/);
    expect(await readFile(join(dir, 'A'), 'utf8')).toBe(good);
    expect((await cli(['merge-driver', 'O', 'A'], dir)).code).toBe(2);
  });
});

describe('marginalia agreement --a --b', () => {
  it('reads two revisions straight from git and gives the same figures as comparing the two folders', async () => {
    // The corpus is a sub-folder of the repository: only it is compared.
    const files: Record<string, string> = { 'README.md': 'not part of the corpus\n' };
    for (const [name, text] of Object.entries(TEXTS)) {
      files[`corpus/${name}`] = text;
      files[`corpus/${sidecarNameFor(name)}`] = serializeSidecar(sidecarFor(name, text));
    }
    const repo = await makeTempDir(files);
    const corpus = join(repo, 'corpus');
    await gitOk(repo, 'init', '-q', '-b', 'main');
    await gitOk(repo, 'add', '-A');
    await gitOk(repo, 'commit', '-q', '-m', 'texts');
    const tagAll = async (branch: string, list: Record<string, Annotation[]>) => {
      await gitOk(repo, 'checkout', '-q', '-b', branch, 'main');
      for (const [name, anns] of Object.entries(list)) {
        await writeFile(join(corpus, sidecarNameFor(name)), serializeSidecar(sidecarFor(name, TEXTS[name] as string, anns)));
      }
      await gitOk(repo, 'commit', '-q', '-am', branch);
    };
    await tagAll('alice', {
      'a.txt': [tag('a.txt', 'x1', 'Fumio Kishida', 'PERSON'), tag('a.txt', 'x2', 'NASA', 'ORG'), tag('a.txt', 'x3', 'Washington', 'GPE')],
      'b.txt': [tag('b.txt', 'x4', 'Space Force', 'ORG')],
    });
    await tagAll('ben', {
      'a.txt': [tag('a.txt', 'y1', 'Fumio Kishida', 'PERSON'), tag('a.txt', 'y2', 'NASA', 'GPE'), tag('a.txt', 'y3', 'JAXA', 'ORG')],
      'b.txt': [tag('b.txt', 'y4', 'Space Force', 'ORG'), tag('b.txt', 'y5', 'Tokyo', 'GPE')],
    });
    await gitOk(repo, 'checkout', '-q', 'main');

    const r = await cli(['agreement', 'corpus', '--a', 'alice', '--b', 'ben', '--json'], repo);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { compared: number; report: unknown };
    expect(json.compared).toBe(2);

    // The same revisions checked out by git itself, compared as two folders.
    const folders: string[] = [];
    for (const branch of ['alice', 'ben']) {
      const wt = join(await makeTempDir(), branch);
      await gitOk(repo, 'worktree', 'add', '-q', wt, branch);
      folders.push(join(wt, 'corpus'));
    }
    const direct = await compareCorpora(await CorpusService.open(folders[0] as string), await CorpusService.open(folders[1] as string));
    expect(json.report).toEqual(JSON.parse(JSON.stringify(direct.report)));
    expect(direct.report.overall.exact).toMatchObject({ matched: 2, a: 4, b: 5 });

    const text = await cli(['agreement', corpus, '--a', 'alice', '--b', 'ben']);
    expect(text.stdout).toMatch(/^Agreement in .*corpus: A = alice \([0-9a-f]{10}\), B = ben \([0-9a-f]{10}\)\n2 documents compared/);
    expect(text.stdout).toMatch(/\n {2}all labels +4 +5 +40\.0% +50\.0% +44\.4% +44\.4% +0\.630\n/);

    const unknown = await cli(['agreement', corpus, '--a', 'alice', '--b', 'nobody']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/agreement: "nobody" names no commit/);
    expect((await cli(['agreement', corpus, '--a', 'alice'])).stderr).toMatch(/missing --b <rev>/);
  }, 120_000);
});
