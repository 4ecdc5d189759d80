import type { Rule } from './types.ts';
import { WP } from '../config/kinds/worker-pool.ts';
import { kebabCase, poolOfWorkerPool, replaceEntryEdit } from './lib/helpers.ts';
import { patternMatches } from '../secrets/patterns.ts';

/** Name segments that say the variable holds a secret. */
const SECRET_WORDS = new Set(['KEY', 'APIKEY', 'TOKEN', 'PASSWORD', 'PASSWD', 'PWD', 'SECRET', 'CREDENTIAL', 'CREDENTIALS']);
/**
 * A last segment that says the variable names, locates or tunes a secret rather than holding it (`API_KEY_ID`,
 * `TOKEN_URL`, `CACHE_KEY_PREFIX`, `SECRET_MANAGER_PROJECT`, `TOKEN_BUCKET_RATE`).
 */
const DESCRIBES_NOT_HOLDS = new Set([
  'ID', 'NAME', 'PATH', 'FILE', 'URL', 'URI', 'ENDPOINT', 'HEADER', 'VERSION', 'TTL', 'SEC', 'SECONDS', 'REF',
  'PREFIX', 'SUFFIX', 'FIELD', 'ATTRIBUTE', 'ATTR', 'COLUMN', 'PROJECT', 'REGION', 'LOCATION', 'RING', 'TYPE',
  'SIZE', 'RATE', 'COUNT', 'LIMIT', 'LENGTH', 'ENABLED', 'MODE', 'MANAGER', 'AUDIENCE', 'ISSUER', 'SCOPE', 'SCOPES',
  'EXPIRY', 'TIMEOUT', 'LIFETIME',
]);
/**
 * Words that, right before `KEY`, make it a data key rather than a credential: a Pub/Sub ordering key (an attribute,
 * docs/sources.md#subscription-fields `enableMessageOrdering`), a partition or routing key, a cache or idempotency key.
 */
const DATA_KEY_QUALIFIERS = new Set([
  'ORDERING', 'ORDER', 'PARTITION', 'ROUTING', 'SORT', 'PRIMARY', 'FOREIGN', 'IDEMPOTENCY', 'DEDUP', 'DEDUPE',
  'DEDUPLICATION', 'CACHE', 'SHARD', 'HASH', 'GROUP', 'LOOKUP', 'MESSAGE', 'ATTRIBUTE', 'OBJECT', 'BUCKET', 'KMS',
  'PUBLIC', 'PUBLISHABLE', 'SITE',
]);

/**
 * A value that points at a secret instead of being one: a mounted file path, a Google Cloud resource name
 * (`projects/P/secrets/S/versions/V`, a KMS `projects/P/locations/L/keyRings/R/cryptoKeys/K`), or a `$(VAR)` /
 * `${VAR}` reference filled in at deploy time.
 */
function isReference(value: string): boolean {
  // A switch (`USE_API_KEY: "true"`) holds no secret either.
  if (/^(true|false|yes|no|on|off)$/i.test(value.trim())) return true;
  return value.startsWith('/') || /^projects\/[^/]+\/[a-zA-Z]+\//.test(value) || /^\$(\([^)]+\)|\{[^}]+\})$/.test(value.trim());
}

function looksSecret(envName: string): boolean {
  const segs = envName.toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean);
  const last = segs[segs.length - 1] ?? '';
  const secretWord = segs.some((s, i) => (SECRET_WORDS.has(s) && !(s === 'KEY' && DATA_KEY_QUALIFIERS.has(segs[i - 1] ?? ''))) || s.endsWith('APIKEY'));
  return secretWord && !DESCRIBES_NOT_HOLDS.has(last);
}

/**
 * docs/sources.md#worker-pool-yaml: container env takes `value` or `valueFrom.secretKeyRef` (a Secret Manager secret). A secret in a
 * plain `value` sits in the revision config, readable by anyone who can describe the pool and kept in every revision.
 * The message never repeats the value.
 */
export const rule: Rule = {
  meta: {
    id: 'secret-in-plain-env-var',
    title: 'Secret-looking env var with a plain value',
    category: 'security',
    defaultSeverity: 'error',
    needs: 'config',
    description: 'An API key, token or password written as a plain env value is stored in the worker pool config and every revision, visible to anyone who can describe the pool, and ends up in source control with the YAML.',
    remediation: 'Store the secret in Secret Manager and reference it with valueFrom.secretKeyRef; then rotate the exposed value.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const wp of ctx.ws.workerPools) {
      for (const c of wp.containers) {
        for (const e of c.env) {
          if (e.fromSecret || !e.value || isReference(e.value)) continue;
          // By name, or by value: a known credential format (a Stripe sk_live_ key, an AWS key id, …; the vendors'
          // formats in shared/secrets/patterns.ts) is a secret whatever the variable is called.
          const byName = looksSecret(e.name);
          if (!byName && patternMatches(e.value).length === 0) continue;
          const path = [...WP.containers, c.index, 'env', e.index, 'value'];
          const secretId = kebabCase(e.name);
          const edit = replaceEntryEdit(ctx, wp, path, 'valueFrom', { secretKeyRef: { name: secretId, key: 'latest' } });
          ctx.report({
            message: `Env var ${e.name} of worker pool "${wp.name}" holds ${byName ? 'what looks like a secret' : 'a value in a known credential format'} in a plain value; use a Secret Manager reference.`,
            file: wp.ref.file,
            span: ctx.span(wp, path),
            pool: poolOfWorkerPool(ctx, wp)?.name,
            suggestions: edit ? [{ title: `Read ${e.name} from Secret Manager secret ${secretId} (create it first, then rotate the exposed value)`, edits: [edit] }] : undefined,
            data: { workerPool: wp.name, envVar: e.name, secretId },
          });
        }
      }
    }
  },
};
