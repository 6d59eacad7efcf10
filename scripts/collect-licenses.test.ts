// scripts/collect-licenses.mjs over a made-up node_modules tree, and over the real one.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupTempDirs, makeTempDir } from '../main/test-support';
import { buildLicenses, bundledPackagesDir, licenseOf, renderLicenses, repositoryOf } from './collect-licenses.mjs';

afterEach(cleanupTempDirs);

const pkg = (o: Record<string, unknown>) => JSON.stringify(o);

describe('collect-licenses', () => {
  it('walks the production tree (nested versions, required peers), never dev or optional-peer packages', async () => {
    const root = await makeTempDir({
      'package.json': pkg({ name: 'app', version: '1.2.3', license: 'MIT', dependencies: { a: '1', b: '1' }, devDependencies: { dev: '1' } }),
      'node_modules/a/package.json': pkg({ name: 'a', version: '1.0.0', license: { type: 'ISC' }, dependencies: { c: '1' }, repository: 'github:someone/a' }),
      'node_modules/a/LICENSE': 'ISC licence of a\r\n',
      'node_modules/b/package.json': pkg({
        name: 'b',
        version: '2.0.0',
        licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }],
        dependencies: { c: '2' },
        peerDependencies: { peer: '1', typescript: '5' },
        peerDependenciesMeta: { typescript: { optional: true } },
        repository: { type: 'git', url: 'git+https://github.com/someone/b.git' },
      }),
      'node_modules/b/LICENSE-MIT': 'MIT text',
      'node_modules/b/LICENSE-APACHE': 'Apache text',
      'node_modules/b/node_modules/c/package.json': pkg({ name: 'c', version: '2.0.0', license: 'MIT' }),
      'node_modules/c/package.json': pkg({ name: 'c', version: '1.0.0', license: 'MIT' }),
      'node_modules/peer/package.json': pkg({ name: 'peer', version: '1.0.0', license: 'BSD-3-Clause', repository: 'someone/peer' }),
      'node_modules/typescript/package.json': pkg({ name: 'typescript', version: '5.0.0', license: 'Apache-2.0' }),
      'node_modules/dev/package.json': pkg({ name: 'dev', version: '1.0.0', license: 'MIT' }),
      'node_modules/electron/package.json': pkg({ name: 'electron', version: '45.0.0', license: 'MIT', repository: 'https://github.com/electron/electron' }),
      'node_modules/electron/LICENSE': 'Electron MIT',
    });
    const out = buildLicenses(root);
    expect(out.app).toEqual({ name: 'app', version: '1.2.3', license: 'MIT' });
    expect(out.packages.map((p) => `${p.name}@${p.version}`)).toEqual(['a@1.0.0', 'b@2.0.0', 'c@1.0.0', 'c@2.0.0', 'electron@45.0.0', 'peer@1.0.0']);
    const [a, b, , , electron, peer] = out.packages;
    expect(a).toEqual({ name: 'a', version: '1.0.0', license: 'ISC', repository: 'https://github.com/someone/a', text: 'ISC licence of a' });
    expect(b?.license).toBe('(MIT OR Apache-2.0)');
    expect(b?.repository).toBe('https://github.com/someone/b');
    expect(b?.text).toBe('LICENSE-APACHE:\n\nApache text\n\nLICENSE-MIT:\n\nMIT text');
    expect(electron?.note).toMatch(/LICENSES\.chromium\.html/);
    expect(peer?.repository).toBe('https://github.com/someone/peer');
    // Deterministic output: the same tree gives the same bytes.
    expect(renderLicenses(root)).toBe(renderLicenses(root));
  });

  it('fails plainly when a production dependency is not installed', async () => {
    const root = await makeTempDir({ 'package.json': pkg({ name: 'app', version: '1.0.0', dependencies: { gone: '1' } }) });
    expect(() => buildLicenses(root)).toThrow(/not installed \(run npm install\): gone/);
  });

  it('reads licence and repository fields in their old and short forms', () => {
    expect(licenseOf({})).toBe('UNKNOWN');
    expect(licenseOf({ license: ' MIT ' })).toBe('MIT');
    expect(licenseOf({ licenses: ['MIT'] })).toBe('MIT');
    expect(repositoryOf({ repository: 'gitlab:x/y' })).toBe('https://gitlab.com/x/y');
    expect(repositoryOf({ repository: 'git@github.com:x/y.git' })).toBe('https://github.com/x/y');
    expect(repositoryOf({ repository: { url: 'git://github.com/x/y.git' } })).toBe('https://github.com/x/y');
    expect(repositoryOf({ repository: 'file:../x' })).toBeUndefined();
  });

  it('lists what the bundles contain, not every production dependency (no build tools)', async () => {
    const root = await makeTempDir({
      'package.json': pkg({ name: 'app', version: '1.0.0', dependencies: { a: '1', tsx: '4' } }),
      'node_modules/a/package.json': pkg({ name: 'a', version: '1.0.0', license: 'MIT', dependencies: { b: '1' } }),
      'node_modules/b/package.json': pkg({ name: 'b', version: '1.0.0', license: 'ISC' }),
      'node_modules/tsx/package.json': pkg({ name: 'tsx', version: '4.0.0', license: 'MIT', dependencies: { esbuild: '0' } }),
      'node_modules/esbuild/package.json': pkg({ name: 'esbuild', version: '0.25.0', license: 'MIT' }),
      'node_modules/electron/package.json': pkg({ name: 'electron', version: '45.0.0', license: 'MIT' }),
    });
    // Before any build: the production tree, tsx and its esbuild included; requiring the bundle lists fails plainly.
    expect(buildLicenses(root).packages.map((p) => p.name)).toEqual(['a', 'b', 'electron', 'esbuild', 'tsx']);
    expect(() => buildLicenses(root, { fromBundles: 'require' })).toThrow(/no bundle lists in .*bundled-packages \(main, preload, renderer, cli\): run electron-vite build/);
    const lists = bundledPackagesDir(root);
    await mkdir(lists, { recursive: true });
    const write = (target: string, list: { name: string; version: string }[]) => writeFile(join(lists, `${target}.json`), JSON.stringify(list));
    await write('main', [{ name: 'a', version: '1.0.0' }]);
    await write('preload', []);
    await write('renderer', [{ name: 'a', version: '1.0.0' }]);
    // One list missing is no build: still the fallback.
    expect(buildLicenses(root).packages.map((p) => p.name)).toContain('tsx');
    await write('cli', [{ name: 'b', version: '1.0.0' }]);
    expect(buildLicenses(root, { fromBundles: 'require' }).packages.map((p) => `${p.name}@${p.version}`)).toEqual(['a@1.0.0', 'b@1.0.0', 'electron@45.0.0']);
    // A web worker's own bundle counts too.
    await write('worker-suggest', [{ name: 'tsx', version: '4.0.0' }]);
    expect(buildLicenses(root).packages.map((p) => p.name)).toContain('tsx');
    await rm(join(lists, 'worker-suggest.json'));
    // A bundle holding a package outside the production tree is named, never listed quietly.
    await write('cli', [{ name: 'b', version: '1.0.0' }, { name: 'dev-only', version: '2.0.0' }]);
    expect(() => buildLicenses(root)).toThrow(/bundled but not production dependencies .*: dev-only@2\.0\.0 \(cli\)/);
  });

  it('lists this app\'s packages, each with a licence, and no build tool', () => {
    const repo = join(import.meta.dirname, '..');
    const out = buildLicenses(repo);
    const names = new Set(out.packages.map((p) => p.name));
    expect(names).toContain('electron');
    expect(names).toContain('react');
    for (const tool of ['tsx', 'esbuild', '@esbuild/linux-x64', 'vite', 'typescript']) expect(names, tool).not.toContain(tool);
    for (const p of out.packages) expect(p.license, p.name).not.toBe('UNKNOWN');
  });
});
