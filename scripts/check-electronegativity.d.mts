// Types for scripts/check-electronegativity.mjs (used by its test).
export interface Finding {
  id: string;
  file: string;
  line: number;
  column: number;
  severity: string;
  confidence: string;
  description: string;
  manualReview: boolean;
}
export interface Accepted {
  id: string;
  file: string;
  reason: string;
  description?: string;
}
export const ACCEPTED_FILE: string;
export const SCANNED: string[];
export const EXCLUDED_CHECKS: Record<string, string>;
export function isScannedSource(rel: string): boolean;
export function parseAccepted(text: string, name?: string): Accepted[];
export function normalizeIssue(issue: unknown): Finding;
export function triage(findings: Finding[], accepted: Accepted[]): { unaccepted: Finding[]; accepted: (Finding & { reason: string })[]; stale: Accepted[] };
export function refusedNetworkAttempts(): number;
export function scan(options?: { root?: string }): Promise<{
  scannedFiles: number;
  findings: Finding[];
  errors: { file: string; message: string; tolerable: boolean }[];
  checks: number;
}>;
