// One end-to-end suite's fixtures: a temporary copy of a corpus, the harness
// serving the built renderer with the real handlers over it, and Chromium.
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { startHarness, type Harness } from './server';
import { assertRendererBuilt, copyCorpus } from './corpus';

export interface AppSuite {
  browser: Browser;
  harness: Harness;
  corpus: { root: string; remove(): Promise<void> };
}

/** Registers beforeAll/afterAll for a suite over a copy of `source`; `prepare` may change the copy first. */
export function appSuite(source: string, prepare?: (root: string) => Promise<void>): AppSuite {
  const suite = {} as AppSuite;
  beforeAll(async () => {
    assertRendererBuilt();
    suite.corpus = await copyCorpus(source);
    await prepare?.(suite.corpus.root);
    suite.harness = await startHarness({ corpus: suite.corpus.root });
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.harness?.close();
    await suite.corpus?.remove();
  });
  return suite;
}

/** One more temporary copy of `source` for the suite (a second annotator's folder, say), removed after it. */
export function copiedCorpus(source: string): { readonly root: string } {
  let copy: Awaited<ReturnType<typeof copyCorpus>> | undefined;
  beforeAll(async () => {
    copy = await copyCorpus(source);
  });
  afterAll(async () => {
    await copy?.remove();
  });
  return {
    get root(): string {
      if (!copy) throw new Error('copiedCorpus: used before the suite started');
      return copy.root;
    },
  };
}
