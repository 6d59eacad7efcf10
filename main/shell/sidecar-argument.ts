// The installers associate `*.annotations.json` sidecars with the app (Linux:
// a MIME type with that glob, see electron-builder.yml and docs/packaging.md).
// Opening one passes its path on the command line; the app opens the folder
// it is in as the corpus. No Electron, so it is tested.
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const SIDECAR_SUFFIX = '.annotations.json';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A command-line argument naming an existing sidecar file becomes its folder; anything else is returned unchanged. */
export function sidecarToFolder(arg: string, cwd: string): string {
  if (arg.startsWith('-') || !arg.toLowerCase().endsWith(SIDECAR_SUFFIX)) return arg;
  const full = resolve(cwd, arg);
  return isFile(full) ? dirname(full) : arg;
}
