import type { Rule } from './types.ts';
import { DEFAULT_CONCURRENCY_ENV_VARS } from '../config/settings-schema.ts';
import { WP } from '../config/kinds/worker-pool.ts';
import { CLIENT_DEFAULT_MAX_MESSAGES } from './lib/limits.ts';

/**
 * DOMAIN.md §3.5: client flow control defaults to 1000 outstanding messages (Node; Java/Go/Python alike), with
 * `allowExcessMessages=true`; §6.5: the default "will over-lease on short-deadline subscriptions"; the monitoring doc
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
      if (!wp || pool.concurrency || pool.subscriptions.length === 0 || wp.containers.length === 0) continue;
      const names = pool.settings?.concurrencyEnvVar ? [pool.settings.concurrencyEnvVar] : ctx.ws.settings?.settings.concurrencyEnvVars ?? [...DEFAULT_CONCURRENCY_ENV_VARS];
      ctx.report({
        message: `Worker pool "${wp.name}" sets none of ${names.join(', ')}: the Pub/Sub client default of ${CLIENT_DEFAULT_MAX_MESSAGES} outstanding messages per instance applies.`,
        file: wp.ref.file,
        span: ctx.span(wp, [...WP.containers, 0, 'env'], 'key'),
        pool: pool.name,
        data: { workerPool: wp.name, assumedConcurrency: CLIENT_DEFAULT_MAX_MESSAGES, envVarsLookedFor: names.join(',') },
      });
    }
  },
};
