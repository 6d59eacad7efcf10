// `marginalia init <corpus>`: prepares a corpus folder for a team on git.
// - `.marginalia/` (where the label schema and the entity registry live);
// - `.gitattributes` in the corpus folder, sending sidecars, entities.json and
//   schema.json to the `marginalia` merge driver (committed: every clone gets it);
// - the driver itself in the repository's config (`merge.marginalia.*`),
//   which git never copies with a clone: each analyst runs init once in their
//   clone. Outside a git repository, the exact commands are printed instead.
// Idempotent: what is already there is left alone, and a second run says so.
//
// The command put in the config is this Node and this bin/marginalia.js, by
// absolute path: git runs drivers through sh with whatever PATH the calling
// program has (GUI clients and IDEs often have a minimal one), and `npx` may
// reach for the network or a different version. Moving or updating the app
// changes the path: running init again updates it (and says so). `--command`
// puts another command instead (say `marginalia`, when it is on every PATH).
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { git, GitError, repositoryOf } from '../corpus/git';
import { parseTeamArgs, TeamUsageError, type CliIo } from './cli-args';

export const DRIVER_NAME = 'Marginalia: annotations merged by id';
export const GITATTRIBUTES_LINES = ['*.annotations.json merge=marginalia', '.marginalia/entities.json merge=marginalia', '.marginalia/schema.json merge=marginalia'];
const GITATTRIBUTES_HEADER = '# Marginalia: sidecars, the entity registry and the label schema are merged by id (marginalia init)';

/** A word for sh, as git runs drivers: single quotes, with any single quote closed, escaped and reopened. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that runs this CLI: this Node and bin/marginalia.js, both absolute. */
export function defaultDriverCommand(): string {
  const bin = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'marginalia.js');
  if (!existsSync(bin)) throw new Error(`cannot find the marginalia command at ${bin}: pass --command`);
  return `${shellQuote(process.execPath)} ${shellQuote(bin)}`;
}

export function driverLine(command: string): string {
  return `${command} merge-driver %O %A %B %P`;
}

async function ensureGitattributes(dir: string): Promise<string | null> {
  const file = join(dir, '.gitattributes');
  const before = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw new Error(`cannot read ${file}: ${e.message}`);
  });
  const present = new Set((before ?? '').split(/\r?\n/).map((l) => l.trim().replace(/\s+/g, ' ')));
  const missing = GITATTRIBUTES_LINES.filter((l) => !present.has(l));
  if (!missing.length) return null;
  const head = before === null || before === '' ? '' : before.endsWith('\n') ? `${before}\n` : `${before}\n\n`;
  await writeFile(file, `${head}${present.has(GITATTRIBUTES_HEADER) ? '' : `${GITATTRIBUTES_HEADER}\n`}${missing.join('\n')}\n`);
  return `${before === null ? 'created' : 'updated'} .gitattributes (${missing.join('; ')})`;
}

export async function runInit(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseTeamArgs('init', args, { command: { type: 'string' } });
  if (values.help) {
    io.stdout.write('Usage: marginalia init <corpus> [--command <cmd>]\n');
    return 0;
  }
  const [corpusArg, ...extra] = positionals;
  if (corpusArg === undefined) throw new TeamUsageError('init: missing the <corpus> folder');
  if (extra.length) throw new TeamUsageError(`init: unexpected argument ${JSON.stringify(extra[0])} (one corpus folder only)`);
  const dir = resolve(io.cwd ?? process.cwd(), corpusArg);
  if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) throw new TeamUsageError(`init: ${dir} is not a folder`);
  const command = typeof values.command === 'string' && values.command.trim() ? values.command.trim() : defaultDriverCommand();
  const driver = driverLine(command);

  const done: string[] = [];
  if (!existsSync(join(dir, '.marginalia'))) {
    await mkdir(join(dir, '.marginalia'));
    done.push('created .marginalia/');
  }
  const attributes = await ensureGitattributes(dir);
  if (attributes) done.push(attributes);

  let repo: Awaited<ReturnType<typeof repositoryOf>> = null;
  let noGit = '';
  try {
    repo = await repositoryOf(dir);
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    noGit = ` (${e.message})`;
  }
  if (!repo) {
    for (const d of done) io.stdout.write(`${d}\n`);
    io.stdout.write(
      `${dir} is not in a git repository${noGit}. Once it is (git init), run marginalia init again, or run these in it:\n` +
        `  git config merge.marginalia.name ${shellQuote(DRIVER_NAME)}\n` +
        `  git config merge.marginalia.driver ${shellQuote(driver)}\n`,
    );
    return 0;
  }
  for (const [key, value] of [
    ['merge.marginalia.name', DRIVER_NAME],
    ['merge.marginalia.driver', driver],
  ] as const) {
    const current = await git(dir, ['config', '--local', '--get', key]);
    const was = current.code === 0 ? current.stdout.replace(/\n$/, '') : null;
    if (was === value) continue;
    const set = await git(dir, ['config', '--local', key, value]);
    if (set.code !== 0) throw new Error(`git config ${key} failed: ${set.stderr.trim()}`);
    done.push(was === null ? `set ${key} in the config of the repository at ${repo.top}` : `updated ${key} (was: ${was})`);
  }
  if (!done.length) {
    io.stdout.write(`Already set up: nothing changed in ${dir}\n`);
    return 0;
  }
  for (const d of done) io.stdout.write(`${d}\n`);
  io.stdout.write(`Ready: git merges this corpus's annotations by id. Commit .gitattributes; every analyst runs marginalia init once in their clone.\n`);
  return 0;
}
