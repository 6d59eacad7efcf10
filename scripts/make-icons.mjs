#!/usr/bin/env node
// Draws the app icon (a page of text with one passage highlighted and a note
// in its margin) and writes what electron-builder.yml uses:
//
//   resources/icon.svg                    the drawing, large (source of truth)
//   resources/icon-small.svg              the same, simplified for 16–32 px
//   resources/build/icon.png              1024 px (electron-builder's default icon)
//   resources/build/icons/<N>x<N>.png     16 … 1024 (Linux: AppImage, deb)
//   resources/build/icon.ico              16 … 256 (Windows: nsis, the .exe)
//   resources/build/icon.icns             16 … 1024 (macOS: the .app, dmg)
//
// The SVG is rendered by Debian's Chromium through playwright-core (both are
// already what the end-to-end tests use; nothing is downloaded). .ico and
// .icns are plain containers of PNGs, written here. Run it after changing the
// drawing and commit the results: `node scripts/make-icons.mjs`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESOURCES = join(REPO, 'resources');
const BUILD = join(RESOURCES, 'build');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const SMALL_MAX = 32;

const colours = {
  tile: '#2d5d8a',
  tileEdge: '#244b70',
  page: '#fbfaf7',
  fold: '#dcd8ce',
  line: '#b9b2a4',
  highlight: '#f3c845',
  note: '#e8744a',
  noteLine: '#fff4ec',
};

/** The icon: a rounded tile, a page with lines of text, one highlighted, and a note in the margin pointing at it. */
export function iconSvg({ small = false } = {}) {
  const c = colours;
  const lines = small
    ? [
        { y: 330, w: 300 },
        { y: 470, w: 300, hl: true },
        { y: 610, w: 220 },
      ]
    : [
        { y: 300, w: 300 },
        { y: 370, w: 330 },
        { y: 440, w: 260, hl: true },
        { y: 510, w: 320 },
        { y: 580, w: 290 },
        { y: 650, w: 200 },
      ];
  const lineH = small ? 70 : 30;
  const bars = lines
    .map((l) => {
      const bar = `<rect x="262" y="${l.y}" width="${l.w}" height="${lineH}" rx="${lineH / 2}" fill="${c.line}"/>`;
      const hl = l.hl
        ? `<rect x="244" y="${l.y - (small ? 22 : 16)}" width="${l.w + 36}" height="${lineH + (small ? 44 : 32)}" rx="${small ? 20 : 12}" fill="${c.highlight}"/>`
        : '';
      return hl + bar;
    })
    .join('');
  const hlLine = lines.find((l) => l.hl);
  const pointerY = hlLine.y + lineH / 2;
  const note = small
    ? `<path d="M640 ${pointerY - 110} h200 a40 40 0 0 1 40 40 v150 a40 40 0 0 1 -40 40 h-200 a40 40 0 0 1 -40 -40 v-55 l-50 -40 l50 -40 v-15 a40 40 0 0 1 40 -40 z" fill="${c.note}"/>`
    : `<path d="M660 ${pointerY - 95} h170 a32 32 0 0 1 32 32 v126 a32 32 0 0 1 -32 32 h-170 a32 32 0 0 1 -32 -32 v-48 l-40 -31 l40 -31 v-16 a32 32 0 0 1 32 -32 z" fill="${c.note}"/>
       <rect x="672" y="${pointerY - 52}" width="140" height="22" rx="11" fill="${c.noteLine}"/>
       <rect x="672" y="${pointerY - 10}" width="110" height="22" rx="11" fill="${c.noteLine}"/>
       <rect x="672" y="${pointerY + 32}" width="130" height="22" rx="11" fill="${c.noteLine}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1024 1024" width="1024" height="1024">
  <title>Marginalia</title>
  <rect x="72" y="72" width="880" height="880" rx="196" fill="${c.tile}"/>
  <rect x="72" y="72" width="880" height="880" rx="196" fill="none" stroke="${c.tileEdge}" stroke-width="8"/>
  <path d="M214 196 h330 l110 110 v486 a26 26 0 0 1 -26 26 h-414 a26 26 0 0 1 -26 -26 v-570 a26 26 0 0 1 26 -26 z" fill="${c.page}"/>
  <path d="M544 196 v84 a26 26 0 0 0 26 26 h84 z" fill="${c.fold}"/>
  ${bars}
  ${note}
</svg>
`;
}

/** A Windows .ico holding PNG images (supported since Windows Vista). `images`: [size, png][] with size ≤ 256. */
export function makeIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const [size, png] of images) {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0);
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt8(0, 2);
    e.writeUInt8(0, 3);
    e.writeUInt16LE(1, 4);
    e.writeUInt16LE(32, 6);
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...images.map(([, png]) => png)]);
}

/** Apple's icon types that hold PNG data, by pixel size (the @2x types reuse the same pixels). */
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024],
];

/** A macOS .icns from PNGs by size. */
export function makeIcns(pngBySize) {
  const chunks = [];
  for (const [type, size] of ICNS_TYPES) {
    const png = pngBySize.get(size);
    if (!png) continue;
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    chunks.push(head, png);
  }
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

async function render(browser, svg, size) {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  const sized = svg.replace('width="1024" height="1024"', `width="${size}" height="${size}"`);
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`);
  const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  await page.close();
  return png;
}

async function main() {
  const large = iconSvg();
  const small = iconSvg({ small: true });
  mkdirSync(join(BUILD, 'icons'), { recursive: true });
  writeFileSync(join(RESOURCES, 'icon.svg'), large);
  writeFileSync(join(RESOURCES, 'icon-small.svg'), small);

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--force-color-profile=srgb'] });
  const pngs = new Map();
  try {
    for (const size of SIZES) pngs.set(size, await render(browser, size <= SMALL_MAX ? small : large, size));
  } finally {
    await browser.close();
  }
  for (const [size, png] of pngs) writeFileSync(join(BUILD, 'icons', `${size}x${size}.png`), png);
  writeFileSync(join(BUILD, 'icon.png'), pngs.get(1024));
  writeFileSync(join(BUILD, 'icon.ico'), makeIco([16, 24, 32, 48, 64, 128, 256].map((s) => [s, pngs.get(s)])));
  writeFileSync(join(BUILD, 'icon.icns'), makeIcns(pngs));
  console.log(`icons: ${SIZES.join(', ')} px -> ${BUILD}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
