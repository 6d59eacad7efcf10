// The commands for teams that keep a corpus in git: `init`, `merge-driver`
// and `agreement`. main.ts only routes them here (runTeamCommand) and lists
// TEAM_USAGE in its help; each command lives in its own file.
import type { CliIo } from './cli-args';

export { TeamUsageError } from './cli-args';

export const TEAM_COMMANDS = ['init', 'merge-driver', 'agreement'] as const;
export type TeamCommand = (typeof TEAM_COMMANDS)[number];

export const TEAM_USAGE = `  init     <corpus> [--command <cmd>]
           Prepare a corpus in git: .marginalia/, .gitattributes, the merge driver.
  merge-driver %O %A %B %P
           (run by git) Merge sidecars, entities.json and schema.json by id.
  agreement <corpus> --a <rev> --b <rev> [--json]
           Agreement between two revisions (branches, commits) of the corpus.
`;

export function isTeamCommand(command: string | undefined): command is TeamCommand {
  return (TEAM_COMMANDS as readonly string[]).includes(command ?? '');
}

/** Routes one of TEAM_COMMANDS; a usage problem throws TeamUsageError (main prints it with the usage, exit 2). */
export async function runTeamCommand(command: TeamCommand, args: string[], io: CliIo): Promise<number> {
  switch (command) {
    case 'init':
      return (await import('./init')).runInit(args, io);
    case 'merge-driver':
      return (await import('./merge-driver')).runMergeDriver(args, io);
    case 'agreement':
      return (await import('./agreement')).runAgreement(args, io);
  }
}
