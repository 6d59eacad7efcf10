// Folders and sidecars the app is asked to open from outside: the command
// line at launch, the file manager (Linux desktop entries pass `file:///…`
// URIs for %U), a second launch while the app runs (`second-instance`, whose
// argv carries Chromium's own switches too), and macOS `open-file`. No
// Electron, so it is tested.
import { fileURLToPath } from 'node:url';
import type { OpenCorpusRequest } from '../../app/ipc/contract';
import { findCorpusArgument } from '../corpus/command-line';
import { sidecarToFolder } from './sidecar-argument';

/** A `file:` URI becomes its path; anything else (or a URI of another host) is returned unchanged. */
export function fileUriToPath(arg: string): string {
  if (!/^file:/i.test(arg)) return arg;
  try {
    return fileURLToPath(arg);
  } catch {
    return arg;
  }
}

/** One argument as the app reads it: a file URI becomes a path, an existing sidecar its folder. */
export function normaliseArgument(arg: string, cwd: string): string {
  return sidecarToFolder(fileUriToPath(arg), cwd);
}

/** What `argv` (process.argv, or a second instance's) asks the app to open, if anything. */
export function openRequestFromArgv(argv: readonly string[], options: { defaultApp: boolean; cwd: string }): OpenCorpusRequest | null {
  const found = findCorpusArgument(
    argv.map((a, i) => (i === 0 ? a : normaliseArgument(a, options.cwd))),
    options,
  );
  if (found === null) return null;
  return 'folder' in found ? { kind: 'folder', root: found.folder } : { kind: 'missing', path: found.missing };
}

/**
 * Requests that arrive before the renderer asked for its startup state become
 * the corpus it starts with; later ones are delivered (as an event) at once.
 */
export function createOpenRequests(deliver: (request: OpenCorpusRequest) => void, initial: string | undefined) {
  let startupCorpus = initial;
  let started = false;
  return {
    /** The corpus to open at startup (the launch's, or an early request's). */
    startupCorpus: (): string | undefined => startupCorpus,
    /** The renderer asked for its startup state: from now on requests are delivered. */
    markStarted(): void {
      started = true;
    },
    request(request: OpenCorpusRequest | null): void {
      if (request === null) return;
      if (started) deliver(request);
      else startupCorpus = request.kind === 'folder' ? request.root : request.path;
    },
  };
}
