/**
 * Secret redaction for the MCP server. Env values that come from `valueFrom` are references and never had a value
 * here; every other credential (found by name, by format, by entropy, or by secretlint in the loaded files) is
 * replaced by a marker in every response, error and log line (`shared/secrets/`, `shared/node/secret-scan.ts`).
 */
import { collectEnvSecrets, isSecretName, looksHighEntropy, patternMatches, REDACTED, Redactor, type Workspace } from '../shared/index.ts';
import { scanSecrets } from '../shared/node/secret-scan.ts';

export { REDACTED, Redactor };

/** Scans are cached per file text: the same files are read by call after call. */
const SCAN_CACHE_FILES = 512;
const scanCache = new Map<string, string[]>();

/** Every secret fragment in a workspace's files (cached per file text). */
export async function secretValues(ws: Workspace): Promise<string[]> {
  const out: string[] = [];
  for (const file of ws.files.values()) {
    let found = scanCache.get(file.text);
    if (!found) {
      found = await scanSecrets([file]);
      scanCache.set(file.text, found);
      while (scanCache.size > SCAN_CACHE_FILES) scanCache.delete(scanCache.keys().next().value!);
    }
    out.push(...found);
  }
  out.push(...collectEnvSecrets(ws));
  return out;
}

/** True when a plain env value must be shown as withheld (by its name, its format or its randomness). */
export function isSecretEnv(name: string, value: string | undefined): boolean {
  return isSecretName(name) || (value !== undefined && (looksHighEntropy(value, name) || patternMatches(value).length > 0));
}
