/**
 * One truth per pool (issue 9): for every example pool, today's cost per month, mean instances and p95 queue wait
 * are the same number in `tune`, `simulate`, `cost`, the MCP tools (estimate_cost, propose_*, simulate_pool) and the
 * extension's CodeLens text. They all come from the pool model's `todayFigures` (shared/model/pool-model.ts).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadSources } from '../../shared/node/files.ts';
import { parseWorkspace, type Workspace } from '../../shared/config/workspace.ts';
import { snapshotViewFromText } from '../../shared/metrics/view.ts';
import type { MetricsView } from '../../shared/metrics/figures.ts';
import { tune } from '../../shared/tune/tune.ts';
import { whatIf } from '../../shared/tune/what-if.ts';
import { costReport, formatCostText } from '../../shared/tune/cost-report.ts';
import { arrivalSeriesOf } from '../../shared/tune/workload.ts';
import { buildPoolModel, todayFigures } from '../../shared/model/pool-model.ts';
import type { Figures, TuneOutput } from '../../shared/tune/schema.ts';
import { figuresLensTitle, poolSummary } from '../../extension/lens-text.ts';
import { roundNumber } from '../../shared/report/round.ts';
import { count, seconds, usd } from '../../extension/figures-text.ts';
import { connect, type Connected } from '../mcp/harness.ts';

const SNAPSHOT = readFileSync(path.resolve('examples/metrics/snapshot.json'), 'utf8');
const POOLS = ['notify-worker', 'orders-worker', 'transcode-worker'];

describe('today is one number per pool', () => {
  let ws: Workspace;
  let metrics: MetricsView;
  let tuned: TuneOutput;
  let mcp: Connected;
  const opts = () => ({ metrics, arrivalSeries: arrivalSeriesOf(metrics) });

  before(async () => {
    const { sources } = await loadSources(['examples']);
    ws = parseWorkspace(sources);
    metrics = snapshotViewFromText(SNAPSHOT, 'snapshot.json', ws);
    // Today's figures do not depend on how many replays confirm a proposal: one replay, and no mode comparison.
    tuned = tune(ws, { ...opts(), replays: { seeds: 1, resamples: 0, growthReplays: 0 }, compareModes: false });
    mcp = await connect({
      metrics: { source: 'snapshot.json', live: false, view: async (loaded: { ws: Workspace }) => snapshotViewFromText(SNAPSHOT, 'snapshot.json', loaded.ws) },
    } as never);
  });
  after(async () => mcp.close());

  for (const name of POOLS) {
    it(`${name}: tune, simulate, cost, MCP and CodeLens agree`, async () => {
      const pool = ws.pools.find((p) => p.name === name)!;
      const today = todayFigures(buildPoolModel(ws, pool, opts()))!;
      assert.ok(today, 'today is simulated');
      // MCP results carry the same number at the documented output precision (docs/output-precision.md).
      const same = (where: string, f: (Pick<Figures, 'meanInstances' | 'queueWaitP95Sec'> & { costUsdPerMonth?: number }) | undefined, rounded = false) => {
        const r = (x: number | undefined) => (rounded && x !== undefined ? roundNumber(x) : x);
        assert.ok(f, `${where}: has today's figures`);
        assert.equal(f.costUsdPerMonth, r(today.costUsdPerMonth), `${where}: cost`);
        assert.equal(f.meanInstances, r(today.meanInstances), `${where}: mean instances`);
        assert.equal(f.queueWaitP95Sec, r(today.queueWaitP95Sec), `${where}: p95 wait`);
      };
      // tune (CLI and JSON), simulate (CLI what-if), cost (CLI)
      same('tune', tuned.pools.find((p) => p.pool === name)!.currentFigures);
      same('simulate', whatIf(ws, pool, { concurrency: 3 }, opts()).currentFigures);
      const cost = costReport(ws, { ...opts(), pool: name }).pools[0]!;
      same('cost', cost.today && { ...cost.today });
      assert.equal(cost.costUsdPerMonth?.expected, today.costUsdPerMonth);
      assert.equal(cost.instances.mean, today.meanInstances);
      assert.match(formatCostText(costReport(ws, { ...opts(), pool: name })), new RegExp(`today ${Number(today.meanInstances.toPrecision(3))} instances`));
      // MCP tools
      const sim = (await mcp.call('simulate_pool', { pool: name, overrides: [{ setting: 'ackDeadline', value: 120 }] })).structuredContent as { currentFigures: Figures };
      same('simulate_pool', sim.currentFigures, true);
      for (const tool of ['propose_concurrency', 'propose_scaling', 'propose_dlq']) {
        const r = (await mcp.call(tool, { pool: name })).structuredContent as { currentFigures: Figures };
        same(tool, r.currentFigures, true);
      }
      const est = (await mcp.call('estimate_cost', { pool: name })).structuredContent as { pools: { today?: Figures; costUsdPerMonth: { expected?: number } }[] };
      same('estimate_cost', est.pools[0]!.today, true);
      assert.equal(est.pools[0]!.costUsdPerMonth.expected, roundNumber(today.costUsdPerMonth));
      // Extension CodeLens text
      const proposal = tuned.pools.find((p) => p.pool === name)!;
      const title = figuresLensTitle(name, poolSummary(name, 'snapshot.json', metrics.forPool(name), proposal));
      assert.ok(title.includes(`p95 wait ${seconds(today.queueWaitP95Sec)}`), title);
      assert.ok(title.includes(`${count(today.meanInstances)} instances`), title);
      assert.ok(title.includes(usd(today.costUsdPerMonth)), title);
      // Its tooltip: the identified parameters, as tune prints them.
      const detail = poolSummary(name, 'snapshot.json', metrics.forPool(name), proposal).detail;
      assert.ok(proposal.identification && detail.includes('Identified from the recording:\nintrinsic processing: '), detail);
    });
  }
});
