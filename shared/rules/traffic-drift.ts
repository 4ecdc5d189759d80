import type { Rule } from './types.ts';
import { checkDrift } from '../verify/drift.ts';
import { latestRecordPerPool } from '../verify/record.ts';
import { poolAnchor, spanOf } from './lib/metric-rules.ts';

/**
 * For a pool with an applied proposal record (.pool-tuner/proposals/), the recent traffic in the metrics against
 * the traffic the proposal was tuned on; when it moved beyond a threshold (rate 20%, peak 25%, burstiness 30%,
 * processing time 20%, failures 1 point and half again: shared/verify/traffic.ts), the applied config is
 * re-simulated on the new traffic through the same replays as `pool-tuner verify` (shared/verify/drift.ts,
 * `checkDrift`), and the rule fires when it no longer holds: SLO met on fewer than 80% of the replays, or a median
 * cost above the predicted cost band. Drift that the config absorbs is not reported (verify says it still holds).
 */
export const rule: Rule = {
  meta: {
    id: 'traffic-drift',
    title: 'Traffic drifted from what the applied proposal was tuned on, and it no longer holds',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'metrics',
    description: 'A tuned pool is sized for the traffic it was tuned on; when the rate, peaks, burstiness, processing time or failures move, the re-simulated config can miss its SLO or cost more than predicted.',
    remediation: 'Re-tune the pool on the recent recording (pool-tuner tune --pool <name> --metrics <recording> --apply) and check it with pool-tuner verify.',
    fixable: 'none',
  },
  check(ctx) {
    const metrics = ctx.metrics;
    if (!metrics || !ctx.records?.length) return;
    const latest = latestRecordPerPool(ctx.records);
    for (const pool of ctx.pools) {
      const record = latest.get(pool.name);
      if (!record) continue;
      const recording = metrics.source.startsWith('live') ? 'live' : metrics.source;
      const retune = `pool-tuner tune --pool ${pool.name} --metrics ${recording} --apply`;
      const drift = checkDrift({ ws: ctx.ws, pool, record, metrics, retuneCommand: retune });
      if (!drift?.retune || !drift.resimulated) continue;
      const ref = poolAnchor(ctx, pool);
      if (!ref) continue;
      const r = drift.resimulated;
      ctx.report({
        message: `Pool "${pool.name}" was tuned by ${record.id} (applied ${record.appliedAt.slice(0, 10)}) on other traffic${drift.configMatches ? '' : `; its files do not hold the settings ${record.id} applied, so those settings were re-simulated`}. ${drift.notes.join(' ')}`,
        file: ref.at.ref.file,
        span: spanOf(ctx, ref),
        pool: pool.name,
        data: {
          proposalId: record.id,
          retune,
          sloMetShare: r.sloMetShare,
          replays: r.replays,
          costUsdPerMonth: Number(r.costUsdPerMonth.toFixed(2)),
          // rateChange, peakChange, burstinessChange, processingTimeChange, failuresChange: now ÷ tuned − 1.
          ...Object.fromEntries(drift.changes.filter((c) => c.significant && Number.isFinite(c.changeRatio)).map((c) => [`${c.what.replace(/ (\w)/, (_m, ch: string) => ch.toUpperCase())}Change`, Number(c.changeRatio.toFixed(3))])),
          configMatches: drift.configMatches,
        },
      });
    }
  },
};
