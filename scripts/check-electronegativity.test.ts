// The Electron hardening check must fail on what it is meant to catch, accept
// only what the allow-list names with a reason, and never need the network.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupTempDirs, makeTempDir } from '../main/test-support';
import { ACCEPTED_FILE, isScannedSource, parseAccepted, refusedNetworkAttempts, scan, triage, type Finding } from './check-electronegativity.mjs';

afterEach(cleanupTempDirs);

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function finding(id: string, file: string, description = 'd'): Finding {
  return { id, file, line: 1, column: 0, severity: 'MEDIUM', confidence: 'FIRM', description, manualReview: false };
}

describe('the allow-list', () => {
  it('is valid, and every entry has a real reason', () => {
    const accepted = parseAccepted(readFileSync(new URL(`../${ACCEPTED_FILE}`, import.meta.url), 'utf8'));
    expect(accepted.length).toBeGreaterThan(0);
    for (const a of accepted) expect(a.reason.length).toBeGreaterThan(40);
  });

  it('refuses entries without a reason, or with a token one', () => {
    expect(() => parseAccepted('{"accepted": [{"id": "X", "file": "a.ts"}]}')).toThrow('needs a non-empty "reason"');
    expect(() => parseAccepted('{"accepted": [{"id": "X", "file": "a.ts", "reason": "ok"}]}')).toThrow('needs a real reason');
    expect(() => parseAccepted('{"accepted": {}}')).toThrow('"accepted" array');
    expect(() => parseAccepted('{')).toThrow('not valid JSON');
  });
});

describe('triage', () => {
  it('accepts only findings matching an entry (check, file and, if given, description), and lists stale entries', () => {
    const accepted = parseAccepted(
      JSON.stringify({
        accepted: [
          { id: 'PRELOAD_JS_CHECK', file: 'main/w.ts', reason: 'reviewed: exposes only the contract' },
          { id: 'CSP_GLOBAL_CHECK', file: 'r/index.html', description: 'weak', reason: "'self' only serves our own files" },
          { id: 'GONE_CHECK', file: 'x.ts', reason: 'this finding no longer occurs' },
        ],
      }),
    );
    const result = triage(
      [finding('PRELOAD_JS_CHECK', 'main/w.ts'), finding('CSP_GLOBAL_CHECK', 'r/index.html', 'weak'), finding('CSP_GLOBAL_CHECK', 'r/index.html', 'no CSP at all'), finding('PRELOAD_JS_CHECK', 'main/other.ts')],
      accepted,
    );
    expect(result.accepted.map((f) => [f.id, f.file])).toEqual([
      ['PRELOAD_JS_CHECK', 'main/w.ts'],
      ['CSP_GLOBAL_CHECK', 'r/index.html'],
    ]);
    expect(result.unaccepted.map((f) => [f.id, f.file, f.description])).toEqual([
      ['CSP_GLOBAL_CHECK', 'r/index.html', 'no CSP at all'],
      ['PRELOAD_JS_CHECK', 'main/other.ts', 'd'],
    ]);
    expect(result.stale.map((a) => a.id)).toEqual(['GONE_CHECK']);
  });

  it('scans code and HTML, not tests', () => {
    expect(isScannedSource('main/shell/window.ts')).toBe(true);
    expect(isScannedSource('renderer/index.html')).toBe(true);
    expect(isScannedSource('renderer/src/App.tsx')).toBe(true);
    expect(isScannedSource('main/shell/shell.test.ts')).toBe(false);
    expect(isScannedSource('main/test-support.ts')).toBe(false);
    expect(isScannedSource('renderer/src/vite-env.d.ts')).toBe(false);
  });
});

describe('scan', () => {
  it('finds an insecure window, offline', async () => {
    const root = await makeTempDir({
      'package.json': JSON.stringify({ name: 'x', devDependencies: { electron: '45.4.1' } }),
      'main/bad.ts': [
        "import { BrowserWindow } from 'electron';",
        "export const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });",
        "w.loadURL('http://example.com/');",
      ].join('\n'),
    });
    const before = refusedNetworkAttempts();
    const result = await scan({ root });
    const ids = new Set(result.findings.map((f) => f.id));
    for (const id of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'AUXCLICK_JS_CHECK', 'CSP_GLOBAL_CHECK']) expect(ids).toContain(id);
    expect(result.findings.every((f) => f.file === 'main/bad.ts' || f.file === 'N/A')).toBe(true);
    // Electronegativity tried the network and the stub refused it: nothing left the machine.
    expect(refusedNetworkAttempts()).toBeGreaterThan(before);
  }, 30_000);

  it('passes on this repository with the checked-in allow-list (npm run check:electron)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/check-electronegativity.mjs'], { cwd: ROOT });
    expect(stdout).toMatch(/0 not accepted/);
  }, 30_000);

  it('fails (exit 1) when a finding is not accepted, naming it', async () => {
    const root = await makeTempDir({
      'main/w.ts': "import { BrowserWindow } from 'electron'; new BrowserWindow({ webPreferences: { sandbox: false } });",
      [ACCEPTED_FILE]: JSON.stringify({ accepted: [] }),
    });
    const run = promisify(execFile)(process.execPath, ['scripts/check-electronegativity.mjs', '--root', root], { cwd: ROOT });
    const failure = await run.then(
      () => null,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain('NOT ACCEPTED SANDBOX_JS_CHECK');
    expect(failure?.stderr).toMatch(/finding\(s\) not accepted/);
  }, 30_000);
});
