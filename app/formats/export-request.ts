// The one schema of an export's options. The command line (main/cli/main.ts)
// turns its flags into this shape, the IPC contract (app/ipc/contract.ts)
// checks the app's request with it, and the export service
// (main/export/export-service.ts) validates with it before anything is read:
// one set of rules, one wording of each problem, whoever asks.
import { z } from 'zod';
import { DOCUMENT_STATUSES } from '../sidecar/sidecar-schema';
import { EXPORT_FORMATS } from './types';

const SPLIT_PROBLEM = 'the split must be two or three percentages adding up to 100, like 80,10,10';

/** An absolute IRI: a scheme, a colon, and no white space. */
export function isAbsoluteIri(s: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/.test(s);
}

const shape = {
  format: z.enum(EXPORT_FORMATS, { error: (issue) => `unknown format ${JSON.stringify(issue.input)}: choose one of ${EXPORT_FORMATS.join(', ')}` }),
  /** Percentages for train, dev, test (or train, test), summing to 100; see split.ts. */
  split: z
    .array(z.number({ error: SPLIT_PROBLEM }).min(0, { error: SPLIT_PROBLEM }).max(100, { error: SPLIT_PROBLEM }), { error: SPLIT_PROBLEM })
    .min(2, { error: SPLIT_PROBLEM })
    .max(3, { error: SPLIT_PROBLEM })
    .refine((parts) => Math.abs(parts.reduce((a, b) => a + b, 0) - 100) <= 1e-9, { error: SPLIT_PROBLEM })
    .optional(),
  /** Seed for the split's shuffle; 0 when not given. */
  seed: z
    .number({ error: 'the seed must be a whole number' })
    .refine((n) => Number.isSafeInteger(n), { error: 'the seed must be a whole number' })
    .optional(),
  /** Only documents with one of these statuses. */
  status: z.array(z.enum(DOCUMENT_STATUSES, { error: (issue) => `unknown status ${JSON.stringify(issue.input)}: choose from ${DOCUMENT_STATUSES.join(', ')}` })).optional(),
  /** Only annotations with one of these labels. */
  labels: z.array(z.string().min(1, { error: 'a label name cannot be empty' })).optional(),
  /** doccano: what offsets count (default UTF-16 code units, doccano's own). */
  offsets: z.enum(['utf16', 'codepoints'], { error: (issue) => `--offsets ${JSON.stringify(issue.input)}: choose utf16 or codepoints` }).optional(),
  /** doccano: leave out spans overlapping a longer one. */
  overlaps: z.enum(['keep', 'drop'], { error: 'overlaps must be keep or drop' }).optional(),
  /** W3C, ClaimReview: the absolute IRI ids are made from (default: a urn: IRI named after the corpus). */
  base: z
    .string()
    .refine(isAbsoluteIri, { error: (issue) => `--base ${JSON.stringify(issue.input)} is not an absolute IRI (like https://example.org/corpus/ or urn:example:corpus:)` })
    .optional(),
  /** Worker threads to render documents in (0: on the calling thread); by default from the cores and the corpus size. */
  workers: z.number().int().min(0).max(64).optional(),
};

type RequestShape = { split?: number[] | undefined; seed?: number | undefined };

/** A seed without a split would be silently ignored: refuse it instead. */
function seedNeedsSplit<T extends RequestShape>(request: T, ctx: z.RefinementCtx): void {
  if (request.seed !== undefined && request.split === undefined) ctx.addIssue({ code: 'custom', path: ['seed'], message: '--seed only applies with --split' });
}

/** Everything an export can be asked for except where it goes (the CLI's --out, the app's folder picker). */
export const ExportRequestSchema = z.strictObject(shape).superRefine(seedNeedsSplit);
export type ExportRequest = z.infer<typeof ExportRequestSchema>;

/** What the app's export dialog may send over IPC: the same rules, without the expert options. */
export const AppExportRequestSchema = z
  .strictObject({ format: shape.format, split: shape.split, seed: shape.seed, status: shape.status, labels: shape.labels })
  .superRefine(seedNeedsSplit);
export type AppExportRequest = z.infer<typeof AppExportRequestSchema>;

/** The first problem of a failed parse, as one sentence (the field is in the message where it helps). */
export function exportRequestProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid export options';
  if (issue.code === 'unrecognized_keys') return `unknown export option${issue.keys.length === 1 ? '' : 's'}: ${issue.keys.join(', ')}`;
  return issue.message;
}

/** Validates an export request; the message is the first problem found. */
export function parseExportRequest(raw: unknown): { ok: true; value: ExportRequest } | { ok: false; message: string } {
  const parsed = ExportRequestSchema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: exportRequestProblem(parsed.error) };
}
