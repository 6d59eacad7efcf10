import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAllowedRequest, isAppUrl } from './app-url';
import { cleanRecent, MAX_RECENT, withRecent } from './recent-list';

const built = { rendererDir: '/app/out/renderer' };
const dev = { rendererDir: '/app/out/renderer', devServerUrl: 'http://localhost:5173' };
const page = pathToFileURL('/app/out/renderer/index.html').href;

describe('isAppUrl', () => {
  it('accepts the built renderer and, in development, the dev server', () => {
    expect(isAppUrl(page, built)).toBe(true);
    expect(isAppUrl(`${page}#/doc?x=1`, built)).toBe(true);
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
  });

  it('refuses everything else', () => {
    for (const url of [
      'http://localhost:5173/',
      'file:///etc/passwd',
      'file:///app/out/renderer-evil/index.html',
      'file:///app/out/renderer/../main/index.js',
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
    expect(isAllowedRequest(pathToFileURL('/app/out/renderer/assets/index.js').href, built)).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA', built)).toBe(true);
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', built)).toBe(true);
    expect(isAllowedRequest('http://localhost:5173/@vite/client', dev)).toBe(true);
    expect(isAllowedRequest('ws://localhost:5173/', dev)).toBe(true);
  });

  it('blocks the network and files outside the renderer', () => {
    for (const url of ['https://example.com/x.js', 'http://localhost:5173/', 'ws://localhost:5173/', 'file:///home/user/.ssh/id_rsa', 'ftp://x/']) {
      expect(isAllowedRequest(url, built), url).toBe(false);
    }
    expect(isAllowedRequest('ws://evil.example:5173/', dev)).toBe(false);
    expect(isAllowedRequest('https://fonts.googleapis.com/css', dev)).toBe(false);
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
