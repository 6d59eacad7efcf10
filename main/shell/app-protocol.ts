// Serves the built renderer from marginalia://app/ instead of file://. On
// file://, the page's origin would cover every local file: CSP 'self' and
// module workers would reach the corpus and the whole disk, held back only by
// main's request filter, and the grantFileProtocolExtraPrivileges fuse had to
// stay on for the module worker. Here the origin is the renderer folder alone,
// and the fuse is off (electron-builder.yml). See docs/architecture.md.
import { protocol, type Session } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_SCHEME, appFileFor, contentTypeFor, type AppOrigin } from './app-url';

/**
 * Must run before the app is ready. standard: relative URLs and a real origin
 * (marginalia://app); secure: a secure context, like https; supportFetchAPI:
 * fetch() and module scripts/workers may load from it; codeCache: V8 caches the
 * bundle. Not corsEnabled: no other origin may read it, and there is none.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** The response to one request of the scheme: a file of the renderer folder, or 404. `read` is readFile (tests substitute it). */
export async function appResponse(
  request: { url: string; method: string },
  rendererDir: string,
  read: (file: string) => Promise<Uint8Array> = readFile,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
  const file = appFileFor(request.url, rendererDir);
  if (file === null) return new Response(null, { status: 404 });
  let body: Uint8Array;
  try {
    body = await read(file);
  } catch {
    return new Response(null, { status: 404 });
  }
  const headers = { 'Content-Type': contentTypeFor(file), 'X-Content-Type-Options': 'nosniff' };
  return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), { status: 200, headers });
}

/** Serves the renderer in this session (after ready). Files are read with Node's fs, which reads inside app.asar. */
export function serveRenderer(ses: Session, origin: AppOrigin): void {
  ses.protocol.handle(APP_SCHEME, (request) => appResponse(request, origin.rendererDir));
}
