// Runs the command line with the given arguments and returns its exit code:
// from bin/marginalia.js (through index.ts) and from the packaged app
// (`marginalia --cli …`, main/shell/index.ts), which has no separate Node.
import { main } from './main';

export async function runCli(args: readonly string[]): Promise<number> {
  // A reader that stops early (`marginalia stats c | head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  return main([...args]);
}
