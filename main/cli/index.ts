// Entry point of the `marginalia` command (bin/marginalia.js loads it).
import { main } from './main';

// A reader that stops early (`marginalia stats c | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(process.argv.slice(2));
