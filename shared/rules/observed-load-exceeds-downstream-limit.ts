import type { Rule } from './types.ts';
import { CLIENT_DEFAULT_MAX_MESSAGES } from './lib/limits.ts';
import { capacityField, figuresOf, num, poolAnchor, spanOf } from './lib/metric-rules.ts';

/**
 * docs/sources.md#heuristics/#concurrency-bounds: keep `concurrency × instances ≤ what the dependency accepts` (or `throughput ≤ its rate
 * limit`). The config-only max-replicas-exceed-downstream-limit checks the ceiling; this rule checks what the window
 * actually reached: the peak instance count × per-instance concurrency (the messages the pool may hold in flight at
 * that peak; the client default of 1000 outstanding messages when no env var sets it, docs/sources.md#client-flow-control-and-leases), and the peak ack rate.
 */
export const rule: Rule = {
  meta: {
    id: 'observed-load-exceeds-downstream-limit',
    title: 'Observed peak load exceeds the declared downstream limit',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'metrics',
    description: 'During the metrics window the pool ran enough instances to hold more requests in flight, or acked more messages per second, than its downstream dependency accepts: throttling and failures follow.',
    remediation: 'Cap the instance count at downstream limit ÷ per-instance load (maxReplicaCount, maxScale or the manual count), or lower per-instance concurrency.',
    fixable: 'none',
  },
  check(ctx) {
    for (const pool of ctx.pools) {
      const f = figuresOf(ctx, pool);
      const s = pool.settings;
      if (!f || !s) continue;
      const c = pool.concurrency?.value ?? CLIENT_DEFAULT_MAX_MESSAGES;
      const peakInstances = f.instanceCount?.max;
      const peakRate = f.throughputPerSec?.max;
      const inFlight = peakInstances !== undefined ? peakInstances * c : undefined;
      const overInFlight = inFlight !== undefined && s.downstreamMaxInFlight !== undefined && inFlight > s.downstreamMaxInFlight;
      const overRate = peakRate !== undefined && s.downstreamLimitPerSec !== undefined && peakRate > s.downstreamLimitPerSec;
      if (!overInFlight && !overRate) continue;
      const ref = capacityField(pool) ?? poolAnchor(ctx, pool);
      if (!ref) continue;
      const cText = pool.concurrency ? `concurrency ${c}` : `the client default concurrency ${c}`;
      const reasons = [
        overInFlight ? `at its peak of ${num(peakInstances ?? 0, 0)} instances × ${cText} it could hold ${num(inFlight ?? 0, 0)} messages in flight, over the ${s.downstreamMaxInFlight} the downstream allows` : undefined,
        overRate ? `it acked up to ${num(peakRate ?? 0, 1)} msg/s, over the ${s.downstreamLimitPerSec} msg/s downstream limit` : undefined,
      ].filter(Boolean);
      ctx.report({
        message: `Pool "${pool.name}" exceeded its downstream limit during the window: ${reasons.join('; ')}.`,
        file: ref.at.ref.file,
        span: spanOf(ctx, ref),
        pool: pool.name,
        data: {
          concurrency: c, concurrencyAssumed: !pool.concurrency,
          ...(peakInstances !== undefined ? { peakInstances } : {}),
          ...(inFlight !== undefined ? { peakInFlight: inFlight } : {}),
          ...(peakRate !== undefined ? { peakThroughputPerSec: peakRate } : {}),
          ...(s.downstreamMaxInFlight !== undefined ? { downstreamMaxInFlight: s.downstreamMaxInFlight } : {}),
          ...(s.downstreamLimitPerSec !== undefined ? { downstreamLimitPerSec: s.downstreamLimitPerSec } : {}),
        },
      });
    }
  },
};
