import { cp, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RENDERER_DIR } from './server';

/** A throw-away copy of a corpus folder, so tests write real sidecars without touching the original. */
export async function copyCorpus(from: string): Promise<{ root: string; remove(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'marginalia-e2e-'));
  await cp(from, root, { recursive: true });
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

export function assertRendererBuilt(): void {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`The renderer is not built (${RENDERER_DIR}/index.html is missing): run \`npm run build\` first.`);
  }
}

/** Code-point offset of a UTF-16 index, computed independently of app/offsets. */
export function cpOffset(text: string, utf16Index: number): number {
  return Array.from(text.slice(0, utf16Index)).length;
}
