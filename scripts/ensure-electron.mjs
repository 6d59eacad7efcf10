#!/usr/bin/env node
// Makes sure Electron's binary is there before `npm start` / `npm run dev`,
// then (with --launch) starts electron-vite so that it finds that binary and
// can start it on this machine.
//
// Electron 45's npm package fetches its binary lazily: node_modules/electron/
// index.js downloads it (through install.js and @electron/get) the first time
// `require('electron')` runs, and electron-vite does not do that for us. This
// script checks for the binary the way index.js and install.js do, downloads
// it when missing, and explains plainly when that cannot work (offline).
//
//   node scripts/ensure-electron.mjs             check, download if missing
//   node scripts/ensure-electron.mjs --check     check only: print the binary's path and exit 0
//                                                when present, exit 1 when missing
//   node scripts/ensure-electron.mjs --launch preview [electron-vite options] [-- app arguments]
//                                                check/download, then `electron-vite preview`
//                                                (which builds once), sandbox permitting
//
// ELECTRON_OVERRIDE_DIST_PATH (a folder holding an unpacked Electron) is
// respected as index.js does: then nothing is downloaded. electron-vite 6
// does not read that variable (its getElectronPath reads ELECTRON_EXEC_PATH,
// else node_modules/electron/path.txt, else throws "Electron uninstall"), so
// --launch hands it the binary found here as ELECTRON_EXEC_PATH.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The executable's path inside the dist folder, as install.js names it (getPlatformPath). */
export function platformPath(platform = process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform) {
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

/**
 * Where Electron's binary is (or would be) and whether it is usable, without require('electron').
 * `env` is process.env or a test's stand-in.
 */
export function locate(electronDir, env = process.env) {
  const version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
  const pathTxt = readText(join(electronDir, 'path.txt'));
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    // index.js: path.join(ELECTRON_OVERRIDE_DIST_PATH, path.txt || 'electron'). Without path.txt
    // (never downloaded) index.js would look for `electron` even on macOS and Windows, so the
    // platform's own name is tried too.
    const candidates = [join(override, pathTxt || 'electron'), join(override, platformPath())];
    const binary = candidates.find((c) => existsSync(c)) ?? candidates[0];
    return { version, binary, override, present: existsSync(binary), distDir: override };
  }
  const binary = join(electronDir, 'dist', pathTxt || platformPath());
  const distVersion = readText(join(electronDir, 'dist', 'version'))?.trim().replace(/^v/, '');
  return { version, binary, present: pathTxt !== undefined && existsSync(binary) && distVersion === version, distDir: join(electronDir, 'dist') };
}

/**
 * The environment electron-vite runs with: ELECTRON_EXEC_PATH names the binary
 * found (an explicit ELECTRON_EXEC_PATH is kept), so an override reaches it.
 */
export function launchEnv(found, env = process.env) {
  if (env.ELECTRON_EXEC_PATH) return { ...env };
  return { ...env, ELECTRON_EXEC_PATH: found.binary };
}

/**
 * Whether Chromium's sandbox can start here, and what to do if not (Linux only).
 * Chromium sandboxes with unprivileged user namespaces, else with the setuid
 * helper `chrome-sandbox` (owned by root, mode 4755). Ubuntu 23.10+ restricts
 * user namespaces through AppArmor, and an npm-installed helper belongs to the
 * user: Electron then aborts ("The SUID sandbox helper binary was found, but is
 * not configured correctly"). Only in that case is the sandbox turned off, for
 * this run, with a warning that says how to keep it.
 *   facts: { platform, isRoot?: boolean, usernsAvailable: boolean, helper: { path, uid, mode } | null }
 *   → { sandbox: true, how } | { sandbox: false, warning }
 */
export function sandboxChoice(facts) {
  if (facts.platform !== 'linux') return { sandbox: true, how: 'the platform sandbox' };
  // Chromium refuses to start as root with its sandbox on ("Running as root without --no-sandbox is not supported").
  if (facts.isRoot) return { sandbox: false, warning: 'Running as root: Chromium cannot sandbox itself, so Marginalia starts WITHOUT the OS sandbox. Run it as a normal user to keep it.' };
  if (facts.usernsAvailable) return { sandbox: true, how: 'user namespaces' };
  const h = facts.helper;
  if (h && h.uid === 0 && (h.mode & 0o4000) !== 0) return { sandbox: true, how: `the setuid helper ${h.path}` };
  const helperPath = h?.path ?? 'chrome-sandbox (beside the electron executable)';
  return {
    sandbox: false,
    warning: [
      'Chromium\'s sandbox cannot start on this machine: unprivileged user namespaces are not',
      `available (Ubuntu 23.10+ restricts them with AppArmor) and ${helperPath}`,
      'is not owned by root with mode 4755. Starting Marginalia WITHOUT the OS sandbox for this run',
      '(the page still runs without Node, isolated, with all network requests blocked).',
      'To keep the sandbox, once per Electron install:',
      `  sudo chown root:root ${helperPath} && sudo chmod 4755 ${helperPath}`,
      'or give this Electron an AppArmor profile that allows user namespaces (as the deb installs).',
    ].join('\n'),
  };
}

/** The facts sandboxChoice needs, probed on this machine. */
export function probeSandbox(distDir, platform = process.platform) {
  if (platform !== 'linux') return { platform, usernsAvailable: false, helper: null };
  const isRoot = process.getuid?.() === 0;
  // The probe electron-builder's AppImage launcher (AppRun) uses for the same decision.
  const usernsAvailable = spawnSync('unshare', ['-Ur', 'true'], { stdio: 'ignore' }).status === 0;
  const path = join(distDir, 'chrome-sandbox');
  let helper = null;
  try {
    const s = statSync(path);
    helper = { path, uid: s.uid, mode: s.mode };
  } catch {
    helper = null;
  }
  return { platform, isRoot, usernsAvailable, helper };
}

/** electron-vite's arguments for `--launch <command> [its options] [-- app args]`. */
export function electronViteArgs(command, options, appArgs, choice) {
  return [command, ...options, ...(choice.sandbox ? [] : ['--noSandbox']), ...(appArgs.length > 0 ? ['--', ...appArgs] : [])];
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

/** Finds (or downloads) the binary; returns it, or an exit code after explaining why not. */
function ensure(checkOnly) {
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
    return found;
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
  const after = locate(electronDir);
  if (result.status === 0 && after.present) {
    console.log(`Electron ${found.version} is installed: ${after.binary}`);
    return after;
  }
  console.error(`\n${explainOffline(found.version)}`);
  return 1;
}

function launch(found, argv) {
  const at = argv.indexOf('--launch');
  const command = argv[at + 1];
  if (command !== 'preview' && command !== 'dev') {
    console.error('--launch takes `preview` or `dev`');
    return Promise.resolve(2);
  }
  const dashes = argv.indexOf('--');
  const end = dashes >= 0 ? dashes : argv.length;
  // electron-vite's own options (e.g. --skipBuild) between the command and `--`.
  const options = argv.slice(at + 2, end).filter((a) => a !== '--check');
  const appArgs = dashes >= 0 ? argv.slice(dashes + 1) : [];
  const choice = sandboxChoice(probeSandbox(found.distDir));
  if (!choice.sandbox) console.warn(`\n${choice.warning}\n`);
  const cli = join(dirname(require.resolve('electron-vite/package.json')), 'bin/electron-vite.js');
  const child = spawn(process.execPath, [cli, ...electronViteArgs(command, options, appArgs, choice)], { stdio: 'inherit', env: launchEnv(found) });
  return new Promise((resolveExit) => {
    child.on('exit', (code, signal) => resolveExit(code ?? (signal ? 1 : 0)));
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  });
}

async function main(argv) {
  const found = ensure(argv.includes('--check'));
  if (typeof found === 'number') return found;
  if (argv.includes('--launch')) return launch(found, argv);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
