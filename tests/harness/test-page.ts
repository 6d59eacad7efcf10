// Component test pages (tests/e2e/<name>/index.html + main.tsx): built with
// Vite into a temporary folder that the harness serves as the renderer.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { REPO_ROOT } from './server';

export async function buildTestPage(name: string): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), `marginalia-${name}-`));
  await build({
    configFile: false,
    root: join(REPO_ROOT, 'tests/e2e', name),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, minify: false },
  });
  return outDir;
}

export async function removeTestPage(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}
