/**
 * Schedules for predictable peaks (issue 22), end to end on recordings from the independent ground-truth recorder
 * (test/model/identify/ground-truth.ts: its own 1-second pool and queue-depth scaler, no code shared with
 * shared/simulate): an hourly batch where a cron window beside the Pub/Sub trigger meets the SLO for less than the
 * best reactive configuration, random spikes where nothing is scheduled, a manual pool where a schedule is out of
 * scope, and the proposed trigger written into the CremaConfig and reviewed clean.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { applyEdits, editsByFile } from '../../shared/config/edits.ts';
import { metricsViewFromSnapshot } from '../../shared/metrics/view.ts';
import { review } from '../../shared/rules/engine.ts';
import { cronError } from '../../shared/simulate/cron.ts';
import { tune } from '../../shared/tune/tune.ts';
import { record, type Truth } from '../model/identify/ground-truth.ts';
import { DAILY, HOURLY, PARIS_DST, RANDOM, SHARP, TWO_PEAKS, tuneTruth } from './schedule-cases.ts';
import { readFileSync } from 'node:fs';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { ensureHclParser } from '../../shared/node/hcl-parser.ts';
import { buildEdits } from '../../shared/tune/edits.ts';
import { currentSchedules, currentValues } from '../../shared/tune/current.ts';
import { formatTuneText } from '../../shared/tune/render.ts';
import type { ScalingChoice } from '../../shared/tune/schema.ts';
import './schedule-clean.ts'; // the tune → apply → review check on the same cases (tuned once: tuneTruth)

describe('schedules for predictable peaks', () => {
  const hourly = tuneTruth(HOURLY);
  const p = hourly.out.pools[0]!;

  it('hourly batch: finds the peak and proposes a cron window that meets the SLO for less than the best reactive configuration', () => {
    assert.equal(p.schedule?.peaks[0]?.period, 'hour');
    assert.match(p.schedule!.peaks[0]!.evidence, /at minute 0–5 of every hour, 6 of 6 hours/);
    assert.equal(p.schedule!.proposed, true, p.schedule!.text);
    const r = p.schedule!.reactive!;
    const s = p.schedule!.scheduled!;
    assert.equal(r.sloMetShare, 1);
    assert.equal(s.sloMetShare, 1);
    assert.ok(s.costUsdPerMonth < r.costUsdPerMonth * 0.7, `${s.costUsdPerMonth} vs ${r.costUsdPerMonth}`);
    const schedules = p.recommended.scaling?.mode === 'crema' ? p.recommended.scaling.schedules : undefined;
    assert.equal(schedules?.length, 1);
    const w = schedules![0]!;
    assert.equal(cronError(w.start), undefined);
    assert.equal(cronError(w.end), undefined);
    assert.equal(w.timezone, 'Etc/UTC');
    // The window opens before minute 0 and closes after minute 5 of the hour.
    assert.ok(Number(w.start.split(' ')[0]) >= 50, w.start);
    assert.ok(Number(w.end.split(' ')[0]) >= 5 && Number(w.end.split(' ')[0]) < 20, w.end);
    assert.equal(p.predictedFigures!.sloMet, true);
    assert.ok(p.rationale.some((x) => x.setting === 'schedules' && /proposed/.test(x.text)));
  });

  it('writes the cron trigger into the CremaConfig as users write it, and review is quiet on the result', () => {
    const diff = p.diff;
    assert.match(diff, /\+ {10}- type: cron\n\+ {12}metadata:\n\+ {14}timezone: Etc\/UTC\n\+ {14}start: "\d+ \* \* \* \*"\n/);
    const before = new Set(review(hourly.ws).findings.map((f) => f.ruleId));
    const files = hourly.files.map((f) => {
      const edits = editsByFile(p.edits).get(f.path);
      return edits ? { ...f, text: applyEdits(f.text, edits) } : f;
    });
    const ws = parseWorkspace(files);
    const after = review(ws).findings;
    assert.deepEqual(after.filter((f) => f.ruleId === 'keda-cron-trigger-invalid'), []);
    assert.deepEqual(after.filter((f) => !before.has(f.ruleId)).map((f) => `${f.ruleId}: ${f.message}`), []);
    const sc = ws.pools.find((x) => x.name === HOURLY.name)!.scaler!;
    assert.deepEqual(sc.triggers.map((t) => t.type), ['gcp-pubsub', 'cron']);
    // With the recording too: no finding on the cron trigger's lines (every rule, metrics rules included).
    const text = files.find((f) => f.path === sc.ref.file)!.text;
    const from = text.indexOf('- type: cron');
    const to = text.indexOf('desiredReplicas', from);
    const withMetrics = review(ws, { metrics: metricsViewFromSnapshot(record(HOURLY).snapshot, HOURLY.minutes, ws, 'corpus') }).findings;
    assert.deepEqual(withMetrics.filter((f) => f.file === sc.ref.file && f.span.start >= from && f.span.start <= to + 30).map((f) => f.ruleId), []);
    // Tuned again with the schedule in place: the schedule is today's, not added twice.
    const again = tune(ws, { metrics: metricsViewFromSnapshot(record(HOURLY).snapshot, HOURLY.minutes, ws, 'corpus') }).pools[0]!;
    assert.equal(again.current.scaling?.mode === 'crema' ? again.current.scaling.schedules?.length : 0, 1);
    assert.doesNotMatch(again.diff, /^\+.*type: cron/m);
    assert.equal(again.recommended.scaling?.mode === "crema" ? again.recommended.scaling.schedules?.length : 0, 1);
  });

  it('daily peak over 3 days: a morning window meets p95 wait 10 s and max age 60 s for less than the reactive minReplicas', () => {
    const d = tuneTruth(DAILY, 10, 60).out.pools[0]!;
    assert.equal(d.schedule?.peaks[0]?.period, 'day');
    assert.match(d.schedule!.peaks[0]!.evidence, /at 08:0\d–09:0\d every day, 3 of 3 days/);
    assert.equal(d.schedule!.proposed, true, d.schedule!.text);
    assert.ok(d.schedule!.scheduled!.costUsdPerMonth < d.schedule!.reactive!.costUsdPerMonth * 0.5, d.schedule!.text);
    const w = d.recommended.scaling?.mode === 'crema' ? d.recommended.scaling.schedules?.[0] : undefined;
    assert.match(w!.start, /^\d+ 7 \* \* \*$/);
    assert.match(w!.end, /^\d+ 9 \* \* \*$/);
  });

  it('a pool no reactive configuration holds: the schedule is still searched beside the best effort, both sides shown', () => {
    // Max age 5 s against a 13× burst: no reactive configuration holds it, up to the widened grid's 64 instances
    // (at 20 s, 10 warm instances do: search.ts widenedGrid).
    const x = tuneTruth(SHARP, 60, 5).out.pools[0]!;
    assert.equal(x.status, 'infeasible');
    const sc = x.schedule!;
    assert.equal(sc.peaks[0]?.period, 'hour');
    assert.ok(sc.reactive!.sloMetShare < 0.95 && sc.reactive!.maxMessageAgeSec > 5, JSON.stringify(sc.reactive));
    // The reactive side is the best effort the pool is proposed with, on the schedule's replays.
    assert.deepEqual(sc.reactive!.scaling, x.recommended.scaling);
    assert.equal(sc.proposed, false);
    assert.match(sc.text, /Reactive: minReplicas \d+, target \d+: \$\d+\/month, p95 wait [\d.]+ s, max age \d+ s, SLO held on 0% of the replays\./);
    assert.ok(x.rationale.some((r) => r.setting === 'schedules'));
  });

  it('two daily peaks (08:00 and 18:00): one cron window each, written as two cron triggers', () => {
    const t = tuneTruth(TWO_PEAKS, 10, 60);
    const d = t.out.pools[0]!;
    assert.deepEqual(d.schedule!.peaks.map((x) => x.period), ['day', 'day']);
    assert.match(d.schedule!.text, /^Regular peaks: a burst .* at 08:0\d–09:0\d every day, 3 of 3 days; a burst .* at 18:0\d–18:4\d every day, 3 of 3 days/);
    assert.equal(d.schedule!.proposed, true, d.schedule!.text);
    const ws = d.recommended.scaling?.mode === 'crema' ? d.recommended.scaling.schedules ?? [] : [];
    assert.deepEqual(ws.map((w) => w.start.split(' ')[1]), ['7', '17'], JSON.stringify(ws));
    assert.deepEqual(ws.map((w) => w.end.split(' ')[1]), ['9', '18'], JSON.stringify(ws));
    assert.ok(d.schedule!.scheduled!.costUsdPerMonth < d.schedule!.reactive!.costUsdPerMonth * 0.5, d.schedule!.text);
    assert.equal((d.diff.match(/^\+ *- type: cron$/gm) ?? []).length, 2, d.diff);
  });

  it('daylight saving: a local-time peak across the end of summer time is read on the Paris clock and scheduled there', () => {
    const paris = tuneTruth(PARIS_DST, 10, 60, 'Europe/Paris').out.pools[0]!;
    const sc = paris.schedule!;
    assert.equal(sc.peaks[0]!.jitterMinutes, 0, sc.peaks[0]!.evidence);
    assert.match(sc.peaks[0]!.evidence, /at 08:0\d–09:00 every day \(Europe\/Paris\)/);
    assert.equal(sc.proposed, true, sc.text);
    assert.equal(sc.scheduled!.sloMetShare, 1);
    const w = paris.recommended.scaling?.mode === 'crema' ? paris.recommended.scaling.schedules?.[0] : undefined;
    assert.deepEqual([w?.start.split(' ')[1], w?.end.split(' ')[1], w?.timezone], ['7', '9', 'Europe/Paris']);
    assert.match(sc.text, /Daylight saving: the phases are read on the Europe\/Paris clock \(UTC\+1 \/ UTC\+2\), the one KEDA's cron runs on, across the change the recording holds on 2026-10-25 \(UTC\+2 → UTC\+1\)/);
    // Folded on UTC the same recording shows the peak an hour apart before and after the change: no window holds it.
    const utc = tuneTruth(PARIS_DST, 10, 60).out.pools[0]!.schedule!;
    assert.equal(utc.peaks[0]!.jitterMinutes, 60);
    assert.equal(utc.proposed, false, utc.text);
    assert.doesNotMatch(utc.text, /Daylight saving/);
  });

  it('random spikes: no peak is regular, nothing is scheduled', () => {
    const r = tuneTruth(RANDOM).out.pools[0]!;
    assert.equal(r.schedule, undefined);
    assert.equal(r.recommended.scaling?.mode === 'crema' ? r.recommended.scaling.schedules : undefined, undefined);
    assert.doesNotMatch(r.diff, /cron/);
  });

  it('a manual pool with the same batch: the schedule is out of scope and said so', () => {
    const manual: Truth = { ...HOURLY, name: 'batch-manual', scaling: { kind: 'manual', instances: 6 } };
    const m = tuneTruth(manual).out.pools[0]!;
    assert.equal(m.schedule?.proposed, false);
    assert.match(m.schedule!.text, /Cloud Scheduler job .* is out of scope/);
    assert.doesNotMatch(m.diff, /cron/);
  });
});

describe('the cron trigger in Terraform parameter_data', () => {
  it('is appended to the heredoc CremaConfig and read back as today\'s schedule', async () => {
    await ensureHclParser();
    const path = 'test/fixtures/terraform/golden/tune/notifications.tf';
    const text = readFileSync(path, 'utf8');
    const ws = parseWorkspace([{ path, text }]);
    const pool = ws.pools.find((p) => p.scaler)!;
    const current = currentValues(pool);
    assert.equal(current.scaling?.mode, 'crema');
    const schedule = { start: '55 7 * * *', end: '30 9 * * *', timezone: 'Europe/Paris', desiredReplicas: 6 };
    const next = { ...current, scaling: { ...(current.scaling as Extract<ScalingChoice, { mode: 'crema' }>), schedules: [schedule] } };
    const plan = buildEdits(ws, pool, current, next);
    assert.deepEqual(plan.warnings, []);
    const after = applyEdits(text, plan.edits);
    assert.match(after, / {14}- type: cron\n {16}metadata:\n {18}timezone: Europe\/Paris\n {18}start: "55 7 \* \* \*"\n {18}end: "30 9 \* \* \*"\n {18}desiredReplicas: "6"\n {12}maxReplicaCount: 1\n/);
    const ws2 = parseWorkspace([{ path, text: after }]);
    const pool2 = ws2.pools.find((p) => p.scaler)!;
    assert.deepEqual(currentSchedules(pool2), [schedule]);
    assert.deepEqual(review(ws2).findings.filter((f) => f.ruleId === 'keda-cron-trigger-invalid'), []);
    assert.deepEqual(buildEdits(ws2, pool2, currentValues(pool2), next).edits, []);
  });
});

describe('the cron trigger in a Terraform yamlencode(...) CremaConfig', () => {
  const path = 'test/fixtures/terraform/golden/tune/orders.tf';
  const schedules = [
    { start: '55 7 * * *', end: '30 9 * * *', timezone: 'Europe/Paris', desiredReplicas: 6 },
    { start: '55 17 * * *', end: '0 19 * * *', timezone: 'Europe/Paris', desiredReplicas: 4 },
  ];
  async function applySchedules(text: string) {
    await ensureHclParser();
    const ws = parseWorkspace([{ path, text }]);
    const pool = ws.pools.find((p) => p.scaler)!;
    const current = currentValues(pool);
    const next = { ...current, scaling: { ...(current.scaling as Extract<ScalingChoice, { mode: 'crema' }>), schedules } };
    const plan = buildEdits(ws, pool, current, next);
    return { plan, after: applyEdits(text, plan.edits), next };
  }

  it('is appended to the HCL tuple as HCL objects, parses with HashiCorp\'s parser, is read back and reviewed clean', async () => {
    const text = readFileSync(path, 'utf8');
    const { plan, after, next } = await applySchedules(text);
    assert.deepEqual(plan.warnings, []);
    assert.match(after, /\n {10}\}, \{\n {12}type = "cron"\n {12}metadata = \{\n {14}timezone {8}= "Europe\/Paris"\n {14}start {11}= "55 7 \* \* \*"\n {14}end {13}= "30 9 \* \* \*"\n {14}desiredReplicas = "6"\n {12}\}\n {10}\}, \{\n {12}type = "cron"/);
    // HashiCorp's own HCL parser (hcl2json, Go's hclsyntax compiled to wasm) reads the result.
    const json = await parseHcl(path, after) as { resource: Record<string, Record<string, { parameter_data?: string }[]>> };
    const data = Object.values(json.resource).flatMap((r) => Object.values(r).flat()).map((r) => r.parameter_data).find((d) => d?.includes('yamlencode'));
    assert.match(data!, /type = "cron"[\s\S]*desiredReplicas = "4"/);
    const ws2 = parseWorkspace([{ path, text: after }]);
    const pool2 = ws2.pools.find((p) => p.scaler)!;
    assert.deepEqual(currentSchedules(pool2), schedules);
    assert.deepEqual(pool2.scaler!.triggers.map((t) => t.type), ['gcp-pubsub', 'cron', 'cron']);
    const before = new Set(review(parseWorkspace([{ path, text }])).findings.map((f) => f.ruleId));
    assert.deepEqual(review(ws2).findings.filter((f) => !before.has(f.ruleId) || f.ruleId === 'keda-cron-trigger-invalid').map((f) => `${f.ruleId}: ${f.message}`), []);
    // Applied once: a second plan changes nothing.
    assert.deepEqual(buildEdits(ws2, pool2, currentValues(pool2), next).edits, []);
  });

  it('one object per line (`[\\n  {…},\\n]`) gets one more object per line, trailing comma kept', async () => {
    const text = readFileSync(path, 'utf8').replace(/triggers = \[\{\n([\s\S]*?)\n {10}\}\]/, (_m, body: string) => `triggers = [\n            {\n${body.replace(/^/gm, '  ')}\n            },\n          ]`);
    assert.match(text, /triggers = \[\n {12}\{/);
    const { plan, after } = await applySchedules(text);
    assert.deepEqual(plan.warnings, []);
    assert.match(after, /\n {12}\},\n {12}\{\n {14}type = "cron"[\s\S]*?\n {12}\},\n {12}\{\n {14}type = "cron"[\s\S]*?\n {12}\},\n {10}\]/);
    await parseHcl(path, after);
    assert.deepEqual(currentSchedules(parseWorkspace([{ path, text: after }]).pools.find((p) => p.scaler)!), schedules);
  });
});

it('text output shows the reactive and the scheduled configuration side by side', () => {
  const out = formatTuneText(tuneTruth(HOURLY).out);
  assert.match(out, /regular peak: a burst of ≈\d+× the base rate at minute 0–5 of every hour/);
  assert.match(out, / {2}reactive {2,}CREMA value \d+, min \d+/);
  assert.match(out, /→ scheduled {2,}CREMA value \d+, min \d+, .* \+ cron \d+ \* \* \* \* → \d+ \* \* \* \* \(Etc\/UTC\) at \d+/);
});
