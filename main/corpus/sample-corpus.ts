// The bundled sample corpus is read-only in an installed app (inside the app's
// resources) and part of the source tree in a checkout: the app works on a
// copy in the user's data folder, made once, never overwritten.
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export function prepareSampleCorpus(bundled: string, userDataDir: string): { root: string; problem?: string } {
  const target = join(userDataDir, 'sample-corpus');
  if (existsSync(target)) return { root: target };
  try {
    cpSync(bundled, target, { recursive: true, errorOnExist: false, force: false });
    return { root: target };
  } catch (e) {
    return { root: bundled, problem: `Could not copy the sample corpus to ${target} (${(e as Error).message}); opening it in place.` };
  }
}
