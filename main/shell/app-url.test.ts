import { posix, win32 } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, appFileFor, contentTypeFor, isAllowedRequest, isAppUrl } from './app-url';
import { cleanRecent, MAX_RECENT, withRecent } from './recent-list';

const built = { rendererDir: '/app/out/renderer' };
const dev = { rendererDir: '/app/out/renderer', devServerUrl: 'http://localhost:5173' };
const page = APP_INDEX_URL;

describe('isAppUrl', () => {
  it('accepts the renderer served as marginalia://app/ and, in development, the dev server', () => {
    expect(page).toBe('marginalia://app/index.html');
    expect(isAppUrl(page, built)).toBe(true);
    expect(isAppUrl(`${page}#/doc?x=1`, built)).toBe(true);
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
  });

  it('refuses everything else, file:// included (the renderer folder itself, on any platform)', () => {
    for (const url of [
      'http://localhost:5173/',
      pathToFileURL('/app/out/renderer/index.html').href,
      'file:///C:/app/out/renderer/index.html',
      'file:///etc/passwd',
      'marginalia://other/index.html',
      'marginalia://user@app/index.html',
      'marginalia://app:81/index.html',
      'https://example.com/',
      'about:blank',
      'data:text/html,<script>1</script>',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url, built), url).toBe(false);
    }
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', dev)).toBe(false);
  });
});

describe('isAllowedRequest', () => {
  it('lets the app load its own files, inline data and the dev server with its socket', () => {
    expect(isAllowedRequest('marginalia://app/assets/index.js', built)).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA', built)).toBe(true);
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', built)).toBe(true);
    expect(isAllowedRequest('http://localhost:5173/@vite/client', dev)).toBe(true);
    expect(isAllowedRequest('ws://localhost:5173/', dev)).toBe(true);
  });

  it('blocks the network and every file:// URL, even in the renderer folder', () => {
    for (const url of [
      'https://example.com/x.js',
      'http://localhost:5173/',
      'ws://localhost:5173/',
      'file:///home/user/.ssh/id_rsa',
      pathToFileURL('/app/out/renderer/assets/index.js').href,
      'ftp://x/',
    ]) {
      expect(isAllowedRequest(url, built), url).toBe(false);
    }
    expect(isAllowedRequest('ws://evil.example:5173/', dev)).toBe(false);
    expect(isAllowedRequest('https://fonts.googleapis.com/css', dev)).toBe(false);
  });
});

describe('appFileFor', () => {
  it('maps marginalia://app/ URLs to files of the renderer folder', () => {
    expect(appFileFor('marginalia://app/index.html', '/app/out/renderer', posix)).toBe('/app/out/renderer/index.html');
    expect(appFileFor('marginalia://app/', '/app/out/renderer', posix)).toBe('/app/out/renderer/index.html');
    expect(appFileFor('marginalia://app/assets/a%20b.js?v=1#x', '/app/out/renderer', posix)).toBe('/app/out/renderer/assets/a b.js');
  });

  it('never leaves the renderer folder', () => {
    for (const url of [
      'marginalia://app/../main/index.js',
      'marginalia://app/%2e%2e/main/index.js',
      'marginalia://app/assets/%2e%2e%2f%2e%2e%2fmain/index.js',
      'marginalia://app//etc/passwd',
      'marginalia://app/%00',
      'marginalia://app/%E0%A4%A',
      'marginalia://other/index.html',
      'file:///app/out/renderer/index.html',
    ]) {
      const file = appFileFor(url, '/app/out/renderer', posix);
      expect(file === null || file.startsWith('/app/out/renderer/'), `${url} → ${file}`).toBe(true);
    }
    // The URL parser already drops a plain ../ ; an encoded slash is decoded only here, and refused.
    expect(appFileFor('marginalia://app/assets/%2e%2e%2f%2e%2e%2fmain/index.js', '/app/out/renderer', posix)).toBeNull();
    expect(appFileFor('marginalia://app/%00', '/app/out/renderer', posix)).toBeNull();
  });

  it('on Windows: a drive letter in either case, backslashes refused as a way out', () => {
    // Chromium upper-cases drive letters in file URLs; the folder may come as c:\… from a shortcut.
    const dir = 'c:\\Program Files\\Marginalia\\resources\\app.asar\\out\\renderer';
    expect(appFileFor('marginalia://app/assets/index.js', dir, win32)).toBe(`${dir}\\assets\\index.js`);
    expect(appFileFor('marginalia://app/assets/index.js', dir.replace(/^c:/, 'C:'), win32)).toBe(`C:${dir.slice(2)}\\assets\\index.js`);
    expect(appFileFor('marginalia://app/..%5C..%5Cmain%5Cindex.js', dir, win32)).toBeNull();
    expect(appFileFor('marginalia://app/C:%5CWindows%5Cwin.ini', dir, win32)).toBeNull();
  });

  it('serves scripts as JavaScript (module scripts and workers need it)', () => {
    expect(contentTypeFor('/r/assets/index-abc.js')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('/r/index.html')).toMatch(/^text\/html/);
    expect(contentTypeFor('/r/assets/app.CSS')).toMatch(/^text\/css/);
    expect(contentTypeFor('/r/LICENSE')).toBe('application/octet-stream');
  });
});

describe('recent list', () => {
  it('keeps the newest first, without duplicates, at most MAX_RECENT', () => {
    let list: string[] = [];
    for (let i = 0; i < 15; i++) list = withRecent(list, `/c${i}`);
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]).toBe('/c14');
    list = withRecent(list, '/c10');
    expect(list.slice(0, 2)).toEqual(['/c10', '/c14']);
    expect(new Set(list).size).toBe(list.length);
  });

  it('cleans whatever the settings file held', () => {
    expect(cleanRecent(undefined)).toEqual([]);
    expect(cleanRecent('x')).toEqual([]);
    expect(cleanRecent(['/a', 3, null, '/a', '', '/b'])).toEqual(['/a', '/b']);
  });
});
