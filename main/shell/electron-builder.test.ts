// The packaged app's Electron fuses (electron-builder.yml) must stay set: no
// ELECTRON_RUN_AS_NODE, no NODE_OPTIONS or --inspect, asar integrity checked,
// app code only from the asar. A tiny reader of the `electronFuses:` block,
// no YAML dependency.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const YML = readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8');

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
