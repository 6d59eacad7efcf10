// Writes resources/sidecar.schema.json from the zod sidecar schema
// (`npm run gen:schema`). app/sidecar/json-schema.test.ts fails when the
// committed file and the zod schema drift apart.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SIDECAR_JSON_SCHEMA_PATH, sidecarJsonSchemaText } from '../app/sidecar/json-schema';

const target = fileURLToPath(new URL(`../${SIDECAR_JSON_SCHEMA_PATH}`, import.meta.url));
writeFileSync(target, sidecarJsonSchemaText());
console.log(`wrote ${SIDECAR_JSON_SCHEMA_PATH}`);
