import type { Rule } from './types.ts';
import { WP } from '../config/kinds/worker-pool.ts';
import { kebabCase, poolOfWorkerPool, replaceEntryEdit } from './lib/helpers.ts';

/** Name segments that say the variable holds a secret. */
const SECRET_WORDS = new Set(['KEY', 'APIKEY', 'TOKEN', 'PASSWORD', 'PASSWD', 'PWD', 'SECRET', 'CREDENTIAL', 'CREDENTIALS']);
/** A last segment that says the variable names or locates a secret rather than holding it (`API_KEY_ID`, `TOKEN_URL`). */
const DESCRIBES_NOT_HOLDS = new Set(['ID', 'NAME', 'PATH', 'FILE', 'URL', 'URI', 'ENDPOINT', 'HEADER', 'VERSION', 'TTL', 'SEC', 'SECONDS', 'REF']);

/** A value that points at a secret instead of being one: a mounted file path or a Secret Manager resource name. */
function isReference(value: string): boolean {
  return value.startsWith('/') || /^projects\/[^/]+\/secrets\//.test(value);
}

function looksSecret(envName: string): boolean {
  const segs = envName.toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean);
  const last = segs[segs.length - 1] ?? '';
  return segs.some((s) => SECRET_WORDS.has(s) || s.endsWith('APIKEY')) && !DESCRIBES_NOT_HOLDS.has(last);
}

/**
 * DOMAIN.md §1.1: container env takes `value` or `valueFrom.secretKeyRef` (a Secret Manager secret). A secret in a
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
          if (e.fromSecret || !e.value || isReference(e.value) || !looksSecret(e.name)) continue;
          const path = [...WP.containers, c.index, 'env', e.index, 'value'];
          const secretId = kebabCase(e.name);
          const edit = replaceEntryEdit(ctx, wp, path, ['valueFrom:', '  secretKeyRef:', `    name: ${secretId}`, '    key: latest']);
          ctx.report({
            message: `Env var ${e.name} of worker pool "${wp.name}" holds what looks like a secret in a plain value; use a Secret Manager reference.`,
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
