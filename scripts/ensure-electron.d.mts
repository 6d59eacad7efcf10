// Types for scripts/ensure-electron.mjs (imported by main/shell/ensure-electron.test.ts and the smoke test).
export interface FoundElectron {
  version: string;
  binary: string;
  present: boolean;
  override?: string;
  distDir: string;
}
export interface SandboxFacts {
  platform: string;
  isRoot?: boolean;
  usernsAvailable: boolean;
  helper: { path: string; uid: number; mode: number } | null;
}
export type SandboxChoice = { sandbox: true; how: string } | { sandbox: false; warning: string };
export function platformPath(platform?: string): string;
export function locate(electronDir: string, env?: Record<string, string | undefined>): FoundElectron;
export function launchEnv(found: FoundElectron, env?: Record<string, string | undefined>): Record<string, string | undefined>;
export function sandboxChoice(facts: SandboxFacts): SandboxChoice;
export function probeSandbox(distDir: string, platform?: string): SandboxFacts;
export function electronViteArgs(command: string, options: string[], appArgs: string[], choice: SandboxChoice): string[];
