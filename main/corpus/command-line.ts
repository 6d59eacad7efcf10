// `marginalia-app [folder]`: finding the corpus folder among Electron's
// arguments. Unpackaged, Electron's argv is [electron, ...switches, app, ...args]
// (electron-vite runs `electron . <args>`, Playwright `electron <switches>
// out/main/index.js <args>`); packaged it is [app, ...args].
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

export type CorpusArgument = { folder: string } | { missing: string } | null;

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The corpus folder named in `argv` (process.argv). `defaultApp` is Electron's
 * process.defaultApp: true when the app path is itself an argument, which is
 * then skipped. Switches (`-x`, `--x=y`) are skipped, and so is everything
 * before a `--`. The first argument that is an existing folder wins; if none
 * is, the first remaining argument comes back as `missing`, so the app can say
 * it could not open it. Relative paths resolve against `cwd`.
 */
export function findCorpusArgument(argv: readonly string[], options: { defaultApp: boolean; cwd: string }): CorpusArgument {
  let args = argv.slice(1);
  const dashes = args.indexOf('--');
  if (dashes >= 0) args = args.slice(dashes + 1);
  else if (options.defaultApp) {
    const app = args.findIndex((a) => !a.startsWith('-'));
    if (app >= 0) args = args.slice(app + 1);
  }
  const candidates = args.filter((a) => a !== '' && !a.startsWith('-')).map((a) => resolve(options.cwd, a));
  const folder = candidates.find(isDirectory);
  if (folder !== undefined) return { folder };
  const first = candidates[0];
  return first === undefined ? null : { missing: first };
}
