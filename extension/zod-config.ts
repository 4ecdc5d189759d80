/**
 * Imported first by extension.ts, before any schema is built. zod's eval probe reads `navigator`, which VS Code's
 * extension host reports as a pending-migration error; jitless skips the probe (compiled parsers buy nothing for
 * these small schemas).
 */
import { z } from 'zod';

z.config({ jitless: true });
