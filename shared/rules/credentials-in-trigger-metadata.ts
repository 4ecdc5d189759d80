import type { Rule } from './types.ts';
import { poolOfScaler, rawScalar } from './lib/helpers.ts';

/** `scheme://user:password@host…`: a URL carrying a password in its user info (https://www.rfc-editor.org/rfc/rfc3986#section-3.2.1). */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:([^@\s/]+)@/i;
/** A placeholder standing for the password (filled in at deploy time), not a password itself. */
const PLACEHOLDER = /^(\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_]\w*|\{\{.*\}\}|%[A-Za-z_]\w*%|<[^>]+>|\*+|x+|\.\.\.)$/i;

/**
 * docs/sources.md#keda-authentication-and-fallback: credentials in a trigger's metadata (an AMQP host with a
 * password) sit in plain text in the ScaledObject or CremaConfig; KEDA reads them from a TriggerAuthentication
 * (`secretTargetRef`) or the target's environment (`hostFromEnv`). The message never repeats the value.
 */
export const rule: Rule = {
  meta: {
    id: 'credentials-in-trigger-metadata',
    title: 'Credentials written inside a trigger URL',
    category: 'security',
    defaultSeverity: 'error',
    needs: 'config',
    description: 'A trigger whose metadata holds a URL with a password (amqp://user:password@host) publishes that password to everyone who can read the scaler config, its repository and its history.',
    remediation: 'Move the connection string to a Secret and reference it from a TriggerAuthentication (secretTargetRef, authenticationRef on the trigger) or read it from the workload\'s environment (hostFromEnv), then rotate the exposed password.',
    fixable: 'none',
  },
  check(ctx) {
    for (const sc of ctx.ws.scalers) {
      for (const t of sc.triggers) {
        for (const key of t.metadataKeys) {
          const path = [...sc.basePath, 'triggers', t.index, 'metadata', key];
          const v = rawScalar(ctx, sc, path);
          const m = typeof v === 'string' ? URL_WITH_PASSWORD.exec(v.trim()) : null;
          if (!m || PLACEHOLDER.test(decoded(m[1]!))) continue;
          ctx.report({
            message: `Trigger ${t.name ?? `#${t.index}`} (${t.type}) of scaler "${sc.name}": metadata.${key} is a URL with a password in it; anyone who can read this config has the credential.`,
            file: sc.ref.file,
            span: ctx.span(sc, path),
            pool: poolOfScaler(ctx, sc)?.name,
            data: { scaler: sc.name, trigger: t.name ?? `#${t.index}`, key },
          });
        }
      }
    }
  },
};

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
