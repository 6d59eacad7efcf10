// `marginalia merge-driver %O %A %B %P`: git's custom merge driver for
// sidecars, .marginalia/entities.json and .marginalia/schema.json (set up by
// `marginalia init`). git hands it three temporary files (the common
// ancestor, ours, theirs) and the path in the repository; the result goes to
// %A. Exit 0: merged cleanly; exit 1: conflicts left (recorded in the sidecar,
// listed here) or a version that cannot be read, and then %A is left exactly
// as git gave it (ours), never a half-merged or invalid file.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { mergeFileTexts } from '../../app/merge3/merge-file';
import { atomicWriteFile } from '../corpus/atomic-write';
import { parseTeamArgs, plural, TeamUsageError, type CliIo } from './cli-args';

export async function runMergeDriver(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseTeamArgs('merge-driver', args, {});
  if (values.help) {
    io.stdout.write('Usage: marginalia merge-driver <ancestor> <ours> <theirs> [<path>]\n(git runs it as: marginalia merge-driver %O %A %B %P)\n');
    return 0;
  }
  // git may add %L (marker size) and more after %P in newer setups: only the first four matter.
  const [base, ours, theirs, pathArg] = positionals;
  if (base === undefined || ours === undefined || theirs === undefined) {
    throw new TeamUsageError('merge-driver: expects the files git passes: %O %A %B %P (ancestor, ours, theirs, path)');
  }
  const cwd = io.cwd ?? process.cwd();
  const path = pathArg ?? ours;
  const texts: string[] = [];
  for (const [file, what] of [
    [base, 'common ancestor'],
    [ours, 'ours'],
    [theirs, 'theirs'],
  ] as const) {
    try {
      texts.push(await readFile(resolve(cwd, file), 'utf8'));
    } catch (e) {
      io.stderr.write(`marginalia merge-driver: ${path} (${what}): cannot read ${file}: ${(e as Error).message}\n`);
      return 1;
    }
  }
  const result = mergeFileTexts(path, texts[0] as string, texts[1] as string, texts[2] as string);
  if (!result.ok) {
    io.stderr.write(
      `marginalia merge-driver: ${result.message}\n` +
        `  ${path} is left as it is on your branch (ours) and marked as a conflict; theirs: git show :3:${path}\n`,
    );
    return 1;
  }
  if (result.text !== texts[1]) await atomicWriteFile(resolve(cwd, ours), result.text);
  for (const note of result.notes) io.stderr.write(`marginalia merge-driver: ${path}: ${note}\n`);
  if (result.conflicts.length) {
    const where = result.kind === 'sidecar' ? 'both versions are kept in its "conflicts" for a decision (open it in Marginalia)' : "ours was kept where they differ";
    io.stderr.write(`marginalia merge-driver: ${path}: ${plural(result.conflicts.length, 'conflict')}; ${where}:\n`);
    for (const c of result.conflicts) io.stderr.write(`  ${c}\n`);
    return 1;
  }
  return 0;
}

/**
 * The driver as its own entry point (main/cli/index.ts): git starts it once
 * per file to merge, so it loads only what merging needs. Never throws.
 */
export async function mergeDriverMain(args: string[], io: CliIo): Promise<number> {
  try {
    return await runMergeDriver(args, io);
  } catch (e) {
    io.stderr.write(`marginalia: ${(e as Error).message}\n`);
    return e instanceof TeamUsageError ? 2 : 1;
  }
}
