import type { Rule } from './types.ts';
import type { Pool } from '../config/model.ts';
import { maxInstancesOf } from './lib/helpers.ts';
import { CLIENT_DEFAULT_MAX_MESSAGES } from './lib/limits.ts';

interface Cap {
  /** Largest instance count the downstream tolerates. */
  instances: number;
  why: string;
}

/**
 * DOMAIN.md §6.5/§6.6: keep `concurrency × instances ≤ what the dependency accepts` (or `throughput ≤ its rate limit`).
 * In-flight at the ceiling = concurrency × maxInstances. Throughput at the ceiling, by Little's law with every slot
 * busy (L = λW ⇒ λ = L / W): concurrency ÷ processingTimeSec per instance, times maxInstances. Concurrency without an
 * env var is the client default of 1000 outstanding messages (§3.5).
 */
export const rule: Rule = {
  meta: {
    id: 'max-replicas-exceed-downstream-limit',
    title: 'Instance ceiling lets the pool exceed its downstream limit',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'At its maximum instance count the pool would hold more requests in flight, or send more per second, than the declared downstream limit: a backlog spike scales straight into throttling or an outage of the dependency.',
    remediation: 'Cap maxReplicaCount (or maxScale) at downstream limit ÷ per-instance load, or lower per-instance concurrency.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const pool of ctx.pools) {
      const bound = maxInstancesOf(pool);
      const caps = bound ? downstreamCaps(pool) : [];
      if (!bound || caps.length === 0) continue;
      const violated = caps.filter((c) => c.instances < bound.value);
      if (violated.length === 0) continue;
      const cap = violated.reduce((a, b) => (b.instances < a.instances ? b : a));
      const target = Math.max(1, cap.instances);
      const edit = ctx.setEdit(bound.at, bound.path, bound.asString ? String(target) : target);
      const concurrency = pool.concurrency?.value ?? CLIENT_DEFAULT_MAX_MESSAGES;
      ctx.report({
        message: `Pool "${pool.name}" may scale to ${bound.value} instances${bound.explicit ? '' : ' (the default)'}; its downstream allows only ${cap.instances} (${cap.why}).`,
        file: bound.at.ref.file,
        span: ctx.span(bound.at, bound.path, bound.explicit ? 'value' : 'key'),
        pool: pool.name,
        suggestions: edit ? [{ title: `Set ${bound.field} to ${target} (${cap.why})`, edits: [edit] }] : undefined,
        data: {
          maxInstances: bound.value, maxInstancesExplicit: bound.explicit, concurrency, concurrencyAssumed: !pool.concurrency,
          ...(pool.settings?.downstreamMaxInFlight ? { downstreamMaxInFlight: pool.settings.downstreamMaxInFlight } : {}),
          ...(pool.settings?.downstreamLimitPerSec ? { downstreamLimitPerSec: pool.settings.downstreamLimitPerSec } : {}),
          ...(pool.settings?.processingTimeSec ? { processingTimeSec: pool.settings.processingTimeSec } : {}),
          suggestedMaxInstances: target,
        },
      });
    }
  },
};

function downstreamCaps(pool: Pool): Cap[] {
  const s = pool.settings;
  if (!s) return [];
  const c = pool.concurrency?.value ?? CLIENT_DEFAULT_MAX_MESSAGES;
  const cText = pool.concurrency ? `concurrency ${c}` : `client default concurrency ${c}`;
  const caps: Cap[] = [];
  if (s.downstreamMaxInFlight !== undefined && c > 0) {
    caps.push({ instances: Math.floor(s.downstreamMaxInFlight / c), why: `${s.downstreamMaxInFlight} in flight downstream ÷ ${cText}` });
  }
  if (s.downstreamLimitPerSec !== undefined && s.processingTimeSec !== undefined && c > 0) {
    const perInstancePerSec = c / s.processingTimeSec;
    caps.push({
      instances: Math.floor(s.downstreamLimitPerSec / perInstancePerSec),
      why: `${s.downstreamLimitPerSec} msg/s downstream ÷ ${round(perInstancePerSec)} msg/s per instance, i.e. ${cText} ÷ ${s.processingTimeSec} s`,
    });
  }
  return caps;
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, '');
}
