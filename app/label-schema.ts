// The label schema: which labels exist, their colours and hotkeys. The defaults
// ship in resources/default-schema.json; a corpus may override them in
// .marginalia/schema.json.
import { z } from 'zod';

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f77b4');
const hotkey = z.string().regex(/^[1-9a-z]$/, 'one key: 1-9 or a-z');

export const LabelSchema = z.strictObject({
  name: z.string().min(1).max(64),
  description: z.string().optional(),
  colour,
  hotkey: hotkey.optional(),
});

export const LabelSchemaFileSchema = z.strictObject({
  version: z.literal(1),
  entityLabels: z.array(LabelSchema).min(1),
  claimLabels: z.array(LabelSchema),
  relationTypes: z.array(z.strictObject({ name: z.string().min(1), description: z.string().optional() })),
});

export type Label = z.infer<typeof LabelSchema>;
export type LabelSchemaFile = z.infer<typeof LabelSchemaFileSchema>;
