// `marginalia --cli <command> …`: the installed app runs the command line in
// its main process, without a window (the run-as-node fuse stays off, so the
// app's binary cannot be used as a general Node). No Electron here.

/** The command line's arguments when the app was started with `--cli`, else null. */
export function cliArguments(argv: readonly string[]): string[] | null {
  const at = argv.indexOf('--cli');
  return at < 0 ? null : argv.slice(at + 1);
}
