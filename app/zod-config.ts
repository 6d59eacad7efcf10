// Imported first by the renderer's entry (renderer/src/main.tsx), before any
// schema is built. Zod compiles object parsers with `new Function` where eval
// is allowed, and probes for it once; under the renderer's CSP (no
// 'unsafe-eval') the probe fails harmlessly but is reported as a CSP
// violation at every start. jitless skips the probe and the compiled parsers.
import { z } from 'zod';

z.config({ jitless: true });
