import type { Rule } from './types.ts';
import { DEFAULT_CONCURRENCY_ENV_VARS } from '../config/settings-schema.ts';
import { WP } from '../config/kinds/worker-pool.ts';
import { CLIENT_DEFAULT_MAX_MESSAGES } from './lib/limits.ts';
import type { RuleContext } from './types.ts';
import type { WorkerPool } from '../config/model.ts';
import { docOf } from '../config/workspace.ts';

/**
 * A command-line flag that sets flow control, as in Google's pull sample `--max_outstanding_messages=20`
 * (docs/sources.md#crema): `--max-outstanding-messages 20`, `--max_messages=20`, `--concurrency=8`.
 */
const CONCURRENCY_FLAG = /^--?(max[-_]?outstanding[-_]?messages|max[-_]?messages|(worker[-_]?|max[-_]?)?concurrency)(=\d+)?$/i;

/** True when a container's `args` or `command` passes concurrency as a flag (the value is not read). */
function setByFlag(ctx: RuleContext, wp: WorkerPool): boolean {
  const d = docOf(ctx.ws, wp.ref);
  return wp.containers.some((c) => (['args', 'command'] as const).some((k) => {
    const items = d?.value([...WP.containers, c.index, k]) ?? [];
    return Array.isArray(items) && items.some((a) => typeof a === 'string' && a.split(/\s+/).some((w) => CONCURRENCY_FLAG.test(w)));
  }));
}

/**
 * docs/sources.md#client-flow-control-and-leases: client flow control defaults to 1000 outstanding messages (Node; Java/Go/Python alike), with
 * `allowExcessMessages=true`; docs/sources.md#heuristics: the default "will over-lease on short-deadline subscriptions"; the monitoring doc
 * says "Aim for fewer than 1,000 outstanding messages in most situations".
 */
export const rule: Rule = {
  meta: {
    id: 'concurrency-env-var-missing',
    title: 'Worker concurrency is not set in the pool config',
    category: 'reliability',
    defaultSeverity: 'info',
    needs: 'config',
    description: 'With no concurrency setting the Pub/Sub client leases up to 1000 messages per instance, more than most workers can finish before their deadlines, and Pool Tuner cannot size the pool.',
    remediation: 'Pass flow control (max outstanding messages) through an env var such as MAX_OUTSTANDING_MESSAGES, or name your variable in pool-tuner.yaml (concurrencyEnvVar).',
    fixable: 'none',
  },
  check(ctx) {
    for (const pool of ctx.pools) {
      const wp = pool.workerPool;
      if (!wp || pool.concurrency || pool.subscriptions.length === 0 || wp.containers.length === 0 || setByFlag(ctx, wp)) continue;
      const names = pool.settings?.concurrencyEnvVar ? [pool.settings.concurrencyEnvVar] : ctx.ws.settings?.settings.concurrencyEnvVars ?? [...DEFAULT_CONCURRENCY_ENV_VARS];
      // Set, but not as a plain number here (valueFrom a secret, `$(VAR)`): the config does set it.
      if (wp.containers.some((c) => c.env.some((e) => names.includes(e.name)))) continue;
      ctx.report({
        message: `${wp.platform === 'gke' ? wp.workloadKind ?? 'Deployment' : 'Worker pool'} "${wp.name}" sets none of ${names.join(', ')}: the Pub/Sub client default of ${CLIENT_DEFAULT_MAX_MESSAGES} outstanding messages per instance applies.`,
        file: wp.ref.file,
        span: ctx.span(wp, [...WP.containers, 0, 'env'], 'key'),
        pool: pool.name,
        data: { workerPool: wp.name, assumedConcurrency: CLIENT_DEFAULT_MAX_MESSAGES, envVarsLookedFor: names.join(',') },
      });
    }
  },
};
