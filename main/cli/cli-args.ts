// What every command of the command line shares: where it writes (CliIo),
// how a usage problem is reported (TeamUsageError, exit 2), argument parsing
// for the team commands, and a plural. Apart from main.ts and team.ts so the
// commands they route to import neither of them.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  /** Relative paths resolve against this; defaults to process.cwd(). */
  cwd?: string;
}

export class TeamUsageError extends Error {}

export function parseTeamArgs(
  command: string,
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
): { positionals: string[]; values: Record<string, unknown> } {
  try {
    const parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { positionals: parsed.positionals, values: parsed.values as Record<string, unknown> };
  } catch (e) {
    throw new TeamUsageError(`${command}: ${(e as Error).message.replace(/\. To specify a positional argument.*$/s, '')}`);
  }
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
