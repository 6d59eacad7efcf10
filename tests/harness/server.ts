// The end-to-end harness: serves the built renderer (out/renderer) over
// loopback HTTP and answers the bridge with the real main-process handlers
// (createHandlers + dispatch) over real files. The page gets a
// `window.marginalia` that posts to it instead of Electron's IPC.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { createHandlers } from '../../main/ipc/handlers';
import { dispatch } from '../../main/ipc/dispatch';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const RENDERER_DIR = join(REPO_ROOT, 'out/renderer');
export const SAMPLE_CORPUS = join(REPO_ROOT, 'resources/sample-corpus');
export const SHARED_CORPUS = resolve(REPO_ROOT, '../shared/corpus/space-force-japan');

export interface Harness {
  url: string;
  /** Every channel call the page made, for assertions. */
  calls: { channel: string; args: unknown }[];
  /** What the next "Open folder" dialog answers. */
  setDialogAnswer(path: string | null): void;
  close(): Promise<void>;
}

export async function startHarness(
  options: { corpus?: string; recent?: string[]; /** Serve this folder instead of out/renderer (a test page). */ rendererDir?: string } = {},
): Promise<Harness> {
  const rendererDir = options.rendererDir ?? RENDERER_DIR;
  let dialogAnswer: string | null = null;
  const recent = [...(options.recent ?? [])];
  const handlers = createHandlers({
    chooseFolder: async () => dialogAnswer,
    settings: {
      getRecent: () => [...recent],
      addRecent: (root: string) => {
        const i = recent.indexOf(root);
        if (i >= 0) recent.splice(i, 1);
        recent.unshift(root);
      },
    },
    sampleCorpusRoot: SAMPLE_CORPUS,
    ...(options.corpus ? { initialCorpus: options.corpus } : {}),
  });
  const calls: Harness['calls'] = [];

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'POST' && url.pathname.startsWith('/__ipc/')) {
        const channel = decodeURIComponent(url.pathname.slice('/__ipc/'.length));
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        let args: unknown;
        try {
          args = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          args = undefined;
        }
        calls.push({ channel, args });
        const envelope = await dispatch(handlers, channel, args);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(envelope));
        return;
      }
      const rel = normalize(url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname));
      const file = join(rendererDir, rel);
      if (!file.startsWith(rendererDir + sep)) {
        res.writeHead(403).end();
        return;
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('harness server has no port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    calls,
    setDialogAnswer: (p) => {
      dialogAnswer = p;
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** Injected before the page's scripts: the bridge the preload would expose, over HTTP. */
export const BRIDGE_SHIM = `
  Object.defineProperty(window, 'marginalia', {
    value: Object.freeze({
      invoke: (channel, args) =>
        fetch('/__ipc/' + encodeURIComponent(channel), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(args),
        }).then((r) => r.json()),
      on: () => () => {},
    }),
  });
`;

/** startHarness in a child process (tests/harness/serve.ts); calls are not recorded and the dialog answer cannot be set. */
export async function startHarnessProcess(options: { corpus: string; rendererDir?: string }): Promise<Pick<Harness, 'url' | 'close'>> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'tests/harness/serve.ts'), options.corpus, options.rendererDir ?? RENDERER_DIR], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.once('exit', (code) => fail(new Error(`the harness process exited (${code}) before serving`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) ok((JSON.parse(line) as { url: string }).url);
    });
  });
  return {
    url,
    close: () =>
      new Promise<void>((ok) => {
        child.once('exit', () => ok());
        child.stdin.end();
      }),
  };
}
