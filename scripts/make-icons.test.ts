// The committed app icons (written by scripts/make-icons.mjs) are what electron-builder.yml names, and well formed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BUILD = join(import.meta.dirname, '../resources/build');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('app icons', () => {
  it('has a PNG of each size for Linux, and the 1024 px icon.png', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(readFileSync(join(BUILD, 'icons', `${size}x${size}.png`))), `${size}`).toEqual([size, size]);
    }
    expect(pngSize(readFileSync(join(BUILD, 'icon.png')))).toEqual([1024, 1024]);
    expect(existsSync(join(BUILD, '../icon.svg'))).toBe(true);
  });

  it('has a Windows .ico with PNG images from 16 to 256 px', () => {
    const ico = readFileSync(join(BUILD, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const e = 6 + 16 * i;
      const declared = ico.readUInt8(e) || 256;
      const [length, offset] = [ico.readUInt32LE(e + 8), ico.readUInt32LE(e + 12)];
      expect(offset + length).toBeLessThanOrEqual(ico.length);
      expect(pngSize(ico.subarray(offset, offset + length))).toEqual([declared, declared]);
      sizes.push(declared);
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('has a macOS .icns whose chunks add up, from 16 to 1024 px', () => {
    const icns = readFileSync(join(BUILD, 'icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const sizes = new Map<string, number>();
    for (let at = 8; at < icns.length; ) {
      const type = icns.toString('ascii', at, at + 4);
      const length = icns.readUInt32BE(at + 4);
      sizes.set(type, pngSize(icns.subarray(at + 8, at + length))[0]);
      at += length;
    }
    expect(Object.fromEntries(sizes)).toEqual({
      icp4: 16, icp5: 32, ic11: 32, icp6: 64, ic12: 64, ic07: 128, ic08: 256, ic13: 256, ic09: 512, ic14: 512, ic10: 1024,
    });
  });
});
