// A Vite (Rolldown) plugin for electron.vite.config.ts: after each build it
// writes which npm packages went into the bundle, as
// node_modules/.cache/marginalia/bundled-packages/<target>.json
// ([{ name, version }], sorted). Outside out/, so nothing extra is packed.
// tests/e2e/packaging.test.ts checks that every one of them is a production
// dependency and is listed in resources/licenses.json (the About box).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/** Where the lists go, for the project in `root`. */
export function bundledPackagesDir(root: string): string {
  return join(root, 'node_modules', '.cache', 'marginalia', 'bundled-packages');
}

export interface BundledPackage {
  name: string;
  version: string;
}

/** The package a module id belongs to: the last node_modules/<name> (or @scope/name) in its path, with its version. */
export function packageOfModule(id: string): BundledPackage | null {
  const path = id.replace(/^\0+/, '').replace(/\?.*$/, '').replace(/\\/g, '/');
  const marker = '/node_modules/';
  const at = path.lastIndexOf(marker);
  if (at < 0) return null;
  const rest = path.slice(at + marker.length).split('/');
  const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : rest[0];
  if (!name || name.startsWith('.')) return null;
  const manifest = join(path.slice(0, at + marker.length), name, 'package.json');
  const version = existsSync(manifest) ? String((JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown }).version) : 'unknown';
  return { name, version };
}

/** `root`: the project folder (electron-vite bundles its config, so this file cannot find it by itself). */
/**
 * `target` 'worker': each web worker is built on its own, so each writes
 * worker-<its entry's name>.json.
 */
export function bundledPackagesPlugin(target: 'main' | 'preload' | 'renderer' | 'worker', root: string): Plugin {
  return {
    name: 'marginalia:bundled-packages',
    apply: 'build',
    generateBundle(_options, bundle) {
      const found = new Map<string, BundledPackage>();
      for (const item of Object.values(bundle)) {
        if (item.type !== 'chunk') continue;
        for (const id of item.moduleIds ?? Object.keys(item.modules)) {
          // A module tree-shaken to nothing is not shipped (and not listed in the About box).
          if (item.modules[id] && item.modules[id].renderedLength === 0) continue;
          const p = packageOfModule(id);
          if (p) found.set(`${p.name}@${p.version}`, p);
        }
      }
      const entry = Object.values(bundle).find((item) => item.type === 'chunk' && item.isEntry);
      const file = target === 'worker' ? `worker-${entry?.name ?? 'unnamed'}` : target;
      const list = [...found.values()].sort((a, b) => (a.name === b.name ? (a.version < b.version ? -1 : 1) : a.name < b.name ? -1 : 1));
      const dir = bundledPackagesDir(root);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${file}.json`), `${JSON.stringify(list, null, 2)}\n`);
    },
  };
}
