// Compare with a git revision (listRevisions, compareWithRevision) through
// dispatch, with real git: the revision read from git gives the same figures
// as the same files chosen as a folder.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../app/ipc/contract';
import type { DocumentComparison, FolderComparison, RevisionList } from '../../app/ipc/curation-contract';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { dispatch } from './dispatch';
import { createHandlers } from './handlers';

afterEach(cleanupTempDirs);

const FIXTURES = join(import.meta.dirname, '../../tests/fixtures/agreement');
const DOC = 'valparaiso-dredging.txt';
const fixture = (folder: string, name: string) => readFileSync(join(FIXTURES, folder, name));

const ok = <T>(e: Envelope<unknown>): T => {
  if (!e.ok) throw new Error(`expected ok, got ${e.error.code}: ${e.error.message}`);
  return e.value as T;
};

function git(cwd: string, ...args: string[]): Promise<void> {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.org', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  return new Promise((resolve, reject) => execFile('git', ['-C', cwd, ...args], { env }, (e, _o, err) => (e ? reject(new Error(err)) : resolve())));
}

async function open(root: string, chooseFolder: () => string | null = () => null) {
  const handlers = createHandlers({
    chooseFolder: async () => chooseFolder(),
    settings: { getRecent: () => [], addRecent: () => {} },
    sampleCorpusRoot: await makeTempDir({ 's.txt': 's' }),
    initialCorpus: root,
  });
  await handlers.getStartup({});
  return handlers;
}

describe('compareWithRevision', () => {
  it('lists branches, reads a branch from git and compares with it as with the same files chosen as a folder', async () => {
    const root = await makeTempDir({ [DOC]: fixture('annotator-a', DOC), [`${DOC}.annotations.json`]: fixture('annotator-a', `${DOC}.annotations.json`) });
    await git(root, 'init', '-q', '-b', 'main');
    await git(root, 'add', '-A');
    await git(root, 'commit', '-q', '-m', 'a');
    await git(root, 'checkout', '-q', '-b', 'ben');
    await writeFile(join(root, `${DOC}.annotations.json`), fixture('annotator-b', `${DOC}.annotations.json`));
    await git(root, 'commit', '-q', '-am', 'b');
    await git(root, 'checkout', '-q', 'main');

    const folderB = await makeTempDir({ [DOC]: fixture('annotator-b', DOC), [`${DOC}.annotations.json`]: fixture('annotator-b', `${DOC}.annotations.json`) });
    const handlers = await open(root, () => folderB);
    expect(ok<RevisionList>(await dispatch(handlers, 'listRevisions', {}))).toEqual({ repository: true, current: 'main', revisions: ['ben', 'main'] });

    const fromGit = ok<FolderComparison>(await dispatch(handlers, 'compareWithRevision', { rev: 'ben' }));
    expect(fromGit.otherName).toMatch(/^ben \([0-9a-f]{7}\)$/);
    const fromFolder = ok<FolderComparison>(await dispatch(handlers, 'compareWithFolder', {}));
    expect(fromGit.pairs).toEqual(fromFolder.pairs);
    const a = ok<DocumentComparison>(await dispatch(handlers, 'compareDocument', { otherRoot: fromGit.otherRoot, path: DOC }));
    const b = ok<DocumentComparison>(await dispatch(handlers, 'compareDocument', { otherRoot: fromFolder.otherRoot, path: DOC }));
    expect(a.comparable).toBe(true);
    expect(a.report).toEqual(b.report);
    expect(a.disagreements).toEqual(b.disagreements);
    // The same commit again: the same folder, not another copy.
    expect(ok<FolderComparison>(await dispatch(handlers, 'compareWithRevision', { rev: 'ben' })).otherRoot).toBe(fromGit.otherRoot);
  }, 60_000);

  it('says plainly when the revision does not exist, refuses option-like names, and reports a corpus outside git', async () => {
    const root = await makeTempDir({ 'a.txt': 'x' });
    const handlers = await open(root);
    expect(ok<RevisionList>(await dispatch(handlers, 'listRevisions', {}))).toMatchObject({ repository: false, revisions: [], message: expect.stringContaining('not in a git repository') });
    await git(root, 'init', '-q', '-b', 'main');
    const missing = await dispatch(handlers, 'compareWithRevision', { rev: 'nobody' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid-arguments', message: expect.stringContaining('"nobody" names no commit') } });
    const option = await dispatch(handlers, 'compareWithRevision', { rev: '--output=/tmp/x' });
    expect(option).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
  }, 60_000);
});
