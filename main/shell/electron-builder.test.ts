// The packaged app's Electron fuses (electron-builder.yml) must stay set: no
// ELECTRON_RUN_AS_NODE, no NODE_OPTIONS or --inspect, asar integrity checked,
// app code only from the asar. A tiny reader of the `electronFuses:` block,
// no YAML dependency.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const YML = readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8');
const readJson = (rel: string) => JSON.parse(readFileSync(new URL(`../../${rel}`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** The lowest version a `>=x.y[.z]` range admits (the only form these packages use), as [major, minor, patch]. */
export function minimumNode(range: string): number[] {
  const m = /^\s*>=\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(range);
  if (!m) throw new Error(`unexpected engines.node range ${JSON.stringify(range)}`);
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}
const atLeast = (a: number[], b: number[]) => a[0]! !== b[0]! ? a[0]! > b[0]! : a[1]! !== b[1]! ? a[1]! > b[1]! : a[2]! >= b[2]!;

/** The `key: value` lines indented under a top-level `name:` key (values as written). */
export function topLevelBlock(yaml: string, name: string): Record<string, string> {
  const lines = yaml.split(/\r?\n/);
  const start = lines.findIndex((l) => l === `${name}:` || l.startsWith(`${name}: `) || l.startsWith(`${name}:#`));
  if (start === -1) return {};
  const out: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break; // the next top-level key
    const m = /^\s+([A-Za-z][\w]*)\s*:\s*([^#]*?)\s*(?:#.*)?$/.exec(line);
    if (m) out[m[1] as string] = m[2] as string;
  }
  return out;
}

describe('electron-builder.yml', () => {
  const fuses = topLevelBlock(YML, 'electronFuses');

  it('sets the security fuses', () => {
    expect(fuses).toMatchObject({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      enableCookieEncryption: 'true',
    });
  });

  it('packs the app in an asar (which the integrity fuse checks)', () => {
    expect(YML).toMatch(/^asar:\s*true\s*$/m);
  });

  it('reads the block it is meant to read, and nothing after it', () => {
    const sample = ['a: 1', 'electronFuses:', '  runAsNode: false # no', '  onlyLoadAppFromAsar: true', 'linux:', '  target: x'].join('\n');
    expect(topLevelBlock(sample, 'electronFuses')).toEqual({ runAsNode: 'false', onlyLoadAppFromAsar: 'true' });
    expect(topLevelBlock(sample, 'missing')).toEqual({});
  });
});

describe('package.json', () => {
  const pkg = readJson('package.json') as { engines: { node: string }; productName?: string; desktopName?: string };

  it('asks for at least the Node that electron and @electron/get require (npm start runs both)', () => {
    const ours = minimumNode(pkg.engines.node);
    for (const dep of ['node_modules/electron/package.json', 'node_modules/@electron/get/package.json']) {
      const theirs = minimumNode((readJson(dep) as { engines: { node: string } }).engines.node);
      expect(atLeast(ours, theirs), `${pkg.engines.node} admits a Node older than ${dep} needs`).toBe(true);
    }
    expect(minimumNode('>= 22.12.0')).toEqual([22, 12, 0]);
    expect(atLeast([20, 19, 0], [22, 12, 0])).toBe(false);
  });

  it('names the product as the installers do, and the desktop entry Linux matches windows with', () => {
    expect(pkg.productName).toBe(/^productName:\s*(.+)$/m.exec(YML)?.[1]);
    // Electron on Linux reads desktopName (app.getDesktopName) for the taskbar; electron-builder names the entry after the executable.
    expect(pkg.desktopName).toBe(`${topLevelBlock(YML, 'linux').executableName}.desktop`);
  });
});
