// Types for scripts/collect-licenses.mjs (imported by its test and the packaging test).
export interface CollectedLicense {
  name: string;
  version: string;
  license: string;
  repository?: string;
  note?: string;
  text?: string;
}
export interface LicensesFile {
  generatedBy: string;
  app: { name: string; version: string; license: string };
  packages: CollectedLicense[];
}
export const OUTPUT: string;
export function licenseOf(pkg: Record<string, unknown>): string;
export function repositoryOf(pkg: Record<string, unknown>): string | undefined;
export function licenseTextOf(dir: string): string | undefined;
export function collectProductionPackages(root?: string): { dir: string; pkg: { name: string; version: string } & Record<string, unknown> }[];
export interface BuildLicensesOptions {
  /** 'auto' (default): the bundle lists when all are there, else the production tree; 'require': the bundle lists or throw. */
  fromBundles?: 'auto' | 'require';
}
export const BUNDLE_TARGETS: readonly string[];
export function bundledPackagesDir(root?: string): string;
export function readBundledPackages(root?: string): Map<string, string[]> | null;
export function buildLicenses(root?: string, options?: BuildLicensesOptions): LicensesFile;
export function renderLicenses(root?: string, options?: BuildLicensesOptions): string;
