/**
 * The warm start carries the recorded oldest age (issue 19): notify-worker's 30-minute sample (3 × 10-min segments)
 * restores, at each join, the recorded backlog with its oldest unacked age; today's replay then reproduces the
 * recorded oldest-age p95 (1,569 s) within 25%, where publishing the backlog at the join gave 540 s (−66%).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadSources } from '../../shared/node/files.ts';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { snapshotViewFromText } from '../../shared/metrics/view.ts';
import { arrivalSeriesOf } from '../../shared/tune/workload.ts';
import { buildPoolModel, recordedSeries, todayFigures } from '../../shared/model/pool-model.ts';
import { calibrate } from '../../shared/model/calibration.ts';

describe('warm start with the recorded oldest age', () => {
  it('notify-worker: each join gets the recorded age, and the oldest age p95 replays within 25%', async () => {
    const { sources } = await loadSources(['examples']);
    const ws = parseWorkspace(sources);
    const metrics = snapshotViewFromText(readFileSync(path.resolve('examples/metrics/snapshot.json'), 'utf8'), 'snapshot.json', ws);
    const pool = ws.pools.find((p) => p.name === 'notify-worker')!;
    const model = buildPoolModel(ws, pool, { metrics, arrivalSeries: arrivalSeriesOf(metrics) });
    const rec = recordedSeries(metrics, pool.name)!;
    const w = model.workload!;
    assert.equal(w.initialBacklogAgeSec, rec.oldestUnackedAgeSec![model.sampleMinutes[0]!]);
    const joins = w.stateResets ?? [];
    assert.equal(joins.length, 2, 'two joins in a 3-segment sample');
    for (const j of joins) assert.equal(j.oldestAgeSec, rec.oldestUnackedAgeSec![model.sampleMinutes[j.minute]!], `join at minute ${j.minute}`);
    assert.ok(joins.some((j) => j.oldestAgeSec! > 1000), 'the busy segment starts over 1,000 s behind');
    const cal = calibrate(model, metrics)!;
    const age = cal.rows.find((r) => r.figure === 'oldestAgeP95Sec')!;
    assert.ok(Math.abs(age.error!) <= 0.25, `oldest age p95 ${age.simulated} vs ${age.recorded} recorded`);
    // The SLO figures count from the join: the p95 wait is below the busy segment's starting age plus its length.
    const today = todayFigures(model)!;
    assert.ok(today.queueWaitP95Sec < joins[1]!.oldestAgeSec! + 600, `p95 wait ${today.queueWaitP95Sec}`);
    assert.ok(cal.fitted.some((f) => f.startsWith('segment joins:')), cal.fitted.join('; '));
  });
});
