#!/usr/bin/env node
// Makes sure Electron's binary is there before `npm start` / `npm run dev`.
//
// Electron 45's npm package fetches its binary lazily: node_modules/electron/
// index.js downloads it (through install.js and @electron/get) the first time
// `require('electron')` runs, and electron-vite does not do that for us. This
// script checks for the binary the way index.js and install.js do, downloads
// it when missing, and explains plainly when that cannot work (offline).
//
//   node scripts/ensure-electron.mjs           check, download if missing
//   node scripts/ensure-electron.mjs --check   check only: print the binary's path and exit 0
//                                              when present, exit 1 when missing
//
// ELECTRON_OVERRIDE_DIST_PATH (a folder holding an unpacked Electron) is
// respected as index.js does: then nothing is downloaded.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const checkOnly = process.argv.includes('--check');

/** The executable's path inside the dist folder, as install.js names it (getPlatformPath). */
function platformPath() {
  const platform = process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform;
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

function readText(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Where Electron's binary is (or would be) and whether it is usable, without require('electron'). */
function locate(electronDir) {
  const version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
  const pathTxt = readText(join(electronDir, 'path.txt'));
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    // index.js: path.join(ELECTRON_OVERRIDE_DIST_PATH, path.txt || 'electron')
    const binary = join(override, pathTxt || 'electron');
    return { version, binary, override, present: existsSync(binary) };
  }
  const binary = join(electronDir, 'dist', pathTxt || platformPath());
  const distVersion = readText(join(electronDir, 'dist', 'version'))?.trim().replace(/^v/, '');
  return { version, binary, present: pathTxt !== undefined && existsSync(binary) && distVersion === version };
}

function explainOffline(version) {
  return [
    `Electron ${version}'s binary is not installed and could not be downloaded.`,
    'Electron fetches its binary (about 100 MB) from the internet the first time it is used,',
    'and this machine could not reach it (offline, or github.com / ELECTRON_MIRROR blocked).',
    'Either:',
    '  - connect this machine to the internet once and run `node scripts/ensure-electron.mjs`',
    '    (or `npm start` again), or',
    `  - set ELECTRON_OVERRIDE_DIST_PATH to a folder holding an unpacked Electron ${version}`,
    `    (the one with the \`${platformPath()}\` executable in it), then run \`npm start\`.`,
  ].join('\n');
}

function main() {
  let electronDir;
  try {
    electronDir = dirname(require.resolve('electron/package.json'));
  } catch {
    console.error('The electron package is not installed: run `npm install` (or `npm ci`) first.');
    return 1;
  }
  const found = locate(electronDir);
  if (found.present) {
    console.log(checkOnly ? found.binary : `Electron ${found.version}: ${found.binary}`);
    return 0;
  }
  if (found.override) {
    console.error(
      `ELECTRON_OVERRIDE_DIST_PATH is set to ${found.override}, but ${found.binary} does not exist.\n` +
        `Point it at a folder holding an unpacked Electron ${found.version}, or unset it to download Electron.`,
    );
    return 1;
  }
  if (checkOnly) {
    console.error(`Electron ${found.version}'s binary is not present (expected ${found.binary}).`);
    return 1;
  }
  console.log(`Electron ${found.version}'s binary is missing: downloading it once (about 100 MB)…`);
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'inherit' });
  if (result.status === 0 && locate(electronDir).present) {
    console.log(`Electron ${found.version} is installed: ${found.binary}`);
    return 0;
  }
  console.error(`\n${explainOffline(found.version)}`);
  return 1;
}

process.exitCode = main();
