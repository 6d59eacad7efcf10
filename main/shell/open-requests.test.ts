import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { createOpenRequests, fileUriToPath, openRequestFromArgv } from './open-requests';

afterEach(cleanupTempDirs);

describe('file URIs (Linux desktop entries pass %U)', () => {
  it('become paths, percent-escapes decoded; anything else is left alone', () => {
    expect(fileUriToPath('file:///home/ana/My%20Corpus')).toBe('/home/ana/My Corpus');
    expect(fileUriToPath('FILE:///tmp/x')).toBe('/tmp/x');
    expect(fileUriToPath('/home/ana/corpus')).toBe('/home/ana/corpus');
    expect(fileUriToPath('relative/file:x')).toBe('relative/file:x');
    // Another machine's file cannot be opened: it stays as given (and is reported missing).
    if (process.platform !== 'win32') expect(fileUriToPath('file://server/share/x')).toBe('file://server/share/x');
  });
});

describe('openRequestFromArgv', () => {
  it('packaged, from the file manager: a file:// URI of a sidecar opens its folder', async () => {
    const dir = await makeTempDir({ 'sub dir/a.txt': 'A', 'sub dir/a.txt.annotations.json': '{}' });
    const uri = pathToFileURL(join(dir, 'sub dir/a.txt.annotations.json')).href;
    expect(uri).toContain('%20');
    expect(openRequestFromArgv(['/opt/Marginalia/marginalia', uri], { defaultApp: false, cwd: '/' })).toEqual({ kind: 'folder', root: join(dir, 'sub dir') });
    // A folder's URI (Files › Open With…).
    expect(openRequestFromArgv(['/opt/Marginalia/marginalia', pathToFileURL(dir).href], { defaultApp: false, cwd: '/' })).toEqual({ kind: 'folder', root: dir });
  });

  it('second-instance argv with Chromium’s switches, packaged and unpackaged, relative to the second launch’s folder', async () => {
    const dir = await makeTempDir({ 'c/a.txt': 'A', 'c/a.txt.annotations.json': '{}' });
    const packaged = [
      '/opt/Marginalia/marginalia',
      '--no-sandbox',
      '--allow-file-access-from-files',
      '--original-process-start-time=13371337133713371',
      'c/a.txt.annotations.json',
      '--enable-features=SharedArrayBuffer',
    ];
    expect(openRequestFromArgv(packaged, { defaultApp: false, cwd: dir })).toEqual({ kind: 'folder', root: join(dir, 'c') });
    // npm start / Playwright: [electron, switches…, the app, arguments…].
    const unpackaged = ['/repo/node_modules/electron/dist/electron', '--inspect=0', '/repo/out/main/index.js', '--allow-file-access-from-files', join(dir, 'c')];
    expect(openRequestFromArgv(unpackaged, { defaultApp: true, cwd: '/' })).toEqual({ kind: 'folder', root: join(dir, 'c') });
  });

  it('nothing to open: null; a name that is not there: missing', async () => {
    expect(openRequestFromArgv(['/opt/Marginalia/marginalia', '--allow-file-access-from-files'], { defaultApp: false, cwd: '/' })).toBeNull();
    const dir = await makeTempDir();
    expect(openRequestFromArgv(['m', 'file:///no/such/folder'], { defaultApp: false, cwd: dir })).toEqual({ kind: 'missing', path: '/no/such/folder' });
  });
});

describe('createOpenRequests', () => {
  it('before the renderer started, a request becomes the startup corpus; after, it is delivered', () => {
    const deliver = vi.fn();
    const requests = createOpenRequests(deliver, '/launched');
    expect(requests.startupCorpus()).toBe('/launched');
    requests.request({ kind: 'folder', root: '/early' }); // macOS open-file before the window
    expect(requests.startupCorpus()).toBe('/early');
    expect(deliver).not.toHaveBeenCalled();
    requests.markStarted();
    requests.request({ kind: 'folder', root: '/later' });
    requests.request(null);
    expect(deliver).toHaveBeenCalledTimes(1);
    expect(deliver).toHaveBeenCalledWith({ kind: 'folder', root: '/later' });
  });
});
