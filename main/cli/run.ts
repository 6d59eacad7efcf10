// Runs the command line with the given arguments and returns its exit code:
// from bin/marginalia.js (through index.ts) and from the packaged app
// (`marginalia --cli …`, main/shell/index.ts), which has no separate Node.
// Commands are imported when run, so each loads only what it needs.

export async function runCli(args: readonly string[]): Promise<number> {
  // A reader that stops early (`marginalia stats c | head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const [command, ...rest] = args;
  // git starts the merge driver once per file it merges: that path loads only what merging needs.
  if (command === 'merge-driver') {
    return (await import('./merge-driver')).mergeDriverMain(rest, { stdout: process.stdout, stderr: process.stderr });
  }
  return (await import('./main')).main([...args]);
}
