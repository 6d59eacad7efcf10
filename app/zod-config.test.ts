import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import './zod-config';
import { globalConfig } from 'zod/v4/core';

describe('zod-config', () => {
  it('turns zod’s eval probe and compiled parsers off', () => {
    expect(globalConfig.jitless).toBe(true);
  });

  it('is the renderer entry’s first import, so it runs before any schema is built', () => {
    const entry = readFileSync(new URL('../renderer/src/main.tsx', import.meta.url), 'utf8');
    const first = /^import\s+(?:[^'"]*from\s+)?['"]([^'"]+)['"]/m.exec(entry)?.[1];
    expect(first).toBe('../../app/zod-config');
  });
});
