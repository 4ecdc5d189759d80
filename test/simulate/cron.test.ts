/** KEDA's cron trigger in the simulator (issue 22): parsing as robfig/cron ParseStandard, [start, end) windows in a time zone, max with the Pub/Sub trigger. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { cronError, CronWindow, parseCron, timezoneError } from '../../shared/simulate/cron.ts';
import { CremaAutoscaler } from '../../shared/simulate/crema.ts';
import { CREMA_DEFAULT_SCALE_DOWN, CREMA_DEFAULT_SCALE_UP } from '../../shared/simulate/types.ts';
import { simulate } from '../../shared/simulate/index.ts';
import { hourlyBatch } from '../model/periodic-series.ts';

it('parses 5-field expressions and rejects what KEDA rejects', () => {
  assert.deepEqual([...parseCron('*/15 8-10 * * MON-FRI').minute], [0, 15, 30, 45]);
  assert.deepEqual([...parseCron('0 0 * * 7').dow], [0]);
  assert.equal(cronError('@hourly'), undefined);
  assert.match(cronError('0 * * *')!, /exactly 5 fields/);
  assert.match(cronError('61 * * * *')!, /out of range/);
  assert.match(cronError('a * * * *')!, /not a number/);
  assert.equal(timezoneError('Europe/Paris'), undefined);
  assert.match(timezoneError('Mars/Olympus')!, /unknown time zone/);
});

it('is active in [start, end) on the clock of its time zone', () => {
  // Origin 2026-01-05 00:00 UTC (Monday); Paris is UTC+1 in January.
  const w = new CronWindow({ start: '0 9 * * *', end: '30 9 * * *', timezone: 'Europe/Paris', desiredReplicas: 5 }, Date.UTC(2026, 0, 5));
  assert.equal(w.activeAt(7 * 60 + 59), false);
  assert.equal(w.activeAt(8 * 60), true);
  assert.equal(w.activeAt(8 * 60 + 29), true);
  assert.equal(w.activeAt(8 * 60 + 30), false);
  assert.equal(w.desiredAt((24 + 8) * 3600 + 60), 5);
  // Started before the origin: the state at minute 0 comes from the week before.
  const overnight = new CronWindow({ start: '0 22 * * *', end: '0 6 * * *', timezone: 'Etc/UTC', desiredReplicas: 2 }, Date.UTC(2026, 0, 5));
  assert.equal(overnight.activeAt(0), true);
  assert.equal(overnight.activeAt(6 * 60), false);
  const bad = new CronWindow({ start: 'nope', end: '0 6 * * *', timezone: 'Etc/UTC', desiredReplicas: 2 }, 0);
  assert.equal(bad.activeAt(0), false);
});

it('the highest recommendation wins: max(queue-depth desired, active windows)', () => {
  const a = new CremaAutoscaler({
    targetBacklogPerInstance: 100, minInstances: 0, maxInstances: 50, scaleUp: { ...CREMA_DEFAULT_SCALE_UP, policies: [{ type: 'Pods', value: 100, periodSec: 15 }] }, scaleDown: CREMA_DEFAULT_SCALE_DOWN,
    schedules: [{ start: '55 * * * *', end: '10 * * * *', timezone: 'Etc/UTC', desiredReplicas: 8 }], clockStartUtcMs: 0,
  });
  assert.equal(a.decide(0, 2, 300), 8, 'window active at minute 0 (started at 23:55): 8 > ceil(300/100)');
  assert.equal(a.decide(30, 8, 1500), 15, 'the backlog asks more: 15');
  assert.equal(a.cronDesired(10 * 60), 0);
  assert.equal(a.cronDesired(55 * 60), 8);
  assert.equal(a.decide(55 * 60, 3, undefined), 8, 'no metric yet, but the window asks 8');
});

it('a window ahead of an hourly batch cuts the wait the reactive trigger alone leaves', () => {
  const arrivalsPerMinute = hourlyBatch({ hours: 3, base: 60, ratio: 12, burstMin: 5, at: 0 });
  const base = {
    seed: 1, arrivalsPerMinute, serviceTime: { kind: 'exponential' as const, meanSec: 1 }, concurrencyPerInstance: 4, startupSec: 10,
    resources: { vcpu: 1, memoryGiB: 0.5 }, timeline: false,
  };
  const crema = { kind: 'crema' as const, targetBacklogPerInstance: 20, minInstances: 1, maxInstances: 40 };
  const reactive = simulate({ ...base, scaling: crema });
  const scheduled = simulate({ ...base, scaling: { ...crema, schedules: [{ start: '57 * * * *', end: '6 * * * *', timezone: 'Etc/UTC', desiredReplicas: 14 }] } });
  assert.ok(scheduled.waitSec.p95 < reactive.waitSec.p95 / 4, `${scheduled.waitSec.p95} vs ${reactive.waitSec.p95}`);
});
