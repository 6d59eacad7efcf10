// Entry point of the `marginalia` command (bin/marginalia.js runs its build, out/cli/index.js).
import { runCli } from './run';

process.exitCode = await runCli(process.argv.slice(2));
