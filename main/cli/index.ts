// Entry point of the `marginalia` command (bin/marginalia.js loads it).
// Commands are imported when run, so each loads only what it needs.
export {};

// A reader that stops early (`marginalia stats c | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const [command, ...rest] = process.argv.slice(2);
// git starts the merge driver once per file it merges: that path loads only what merging needs (about half the start-up time).
process.exitCode =
  command === 'merge-driver'
    ? await (await import('./merge-driver')).mergeDriverMain(rest, { stdout: process.stdout, stderr: process.stderr })
    : await (await import('./main')).main(process.argv.slice(2));
