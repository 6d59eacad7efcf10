// Vitest globalSetup for the end-to-end config: find (or install) Chromium
// once, before any suite, so a machine without one gets one message instead
// of every file failing on launch.
import { ensureBrowser, NoBrowserError } from './ensure-browser';

export default async function setup(): Promise<void> {
  try {
    const { path, via } = await ensureBrowser();
    // The test workers inherit the environment: launchChromium() then finds this one at once.
    process.env.CHROMIUM_PATH = path;
    console.log(`End-to-end tests drive ${path} (${via}).`);
  } catch (e) {
    if (!(e instanceof NoBrowserError)) throw e;
    // Thrown, Vitest would add "No test files found" and a banner around it: the advice alone is clearer.
    console.error(`\n${e.message}\n`);
    process.exit(1);
  }
}
