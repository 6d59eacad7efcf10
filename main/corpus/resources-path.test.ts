import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { findResourcesAbove, resourcesDir } from './resources-path';

afterEach(async () => {
  vi.unstubAllEnvs();
  await cleanupTempDirs();
});

describe('resourcesDir', () => {
  it("finds the repository's resources/ from the sources", () => {
    vi.stubEnv('MARGINALIA_RESOURCES', '');
    const dir = resourcesDir();
    expect(dir).toBe(resolve(import.meta.dirname, '../../resources'));
    expect(existsSync(join(dir, 'default-schema.json'))).toBe(true);
  });

  it('prefers an explicit folder, then MARGINALIA_RESOURCES', () => {
    vi.stubEnv('MARGINALIA_RESOURCES', '/opt/from-env');
    expect(resourcesDir()).toBe('/opt/from-env');
    expect(resourcesDir('/opt/packaged/resources')).toBe('/opt/packaged/resources');
  });
});

describe('findResourcesAbove', () => {
  it('walks up from a bundle folder like out/main to the folder holding resources/default-schema.json', async () => {
    const repo = await makeTempDir({ 'resources/default-schema.json': '{}', 'out/main/index.js': '' });
    expect(findResourcesAbove(join(repo, 'out/main'))).toBe(join(repo, 'resources'));
    expect(findResourcesAbove(repo)).toBe(join(repo, 'resources'));
  });

  it('ignores a resources/ folder without the schema and gives null at the top', async () => {
    const dir = await makeTempDir();
    await mkdir(join(dir, 'a/resources'), { recursive: true });
    // Nothing above a fresh temporary folder holds resources/default-schema.json.
    expect(findResourcesAbove(join(dir, 'a'))).toBeNull();
  });
});
