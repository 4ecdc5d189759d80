/**
 * Identification on other draws (issue 19): every case of the identification corpus (test/model/identify) recorded
 * again with other seeds of the independent recorder (other Poisson arrivals, other service times), judged by the
 * corpus test's criteria: each hidden parameter within 20%, no ceiling or mixture claimed where there is none, and
 * today's replay within 25% of the recording on mean instances and p95 queue wait (2 s absolute). The corpus test
 * checks one draw per case; this checks that the fit is not tuned to those draws.
 * Usage: npm run bench:identify:draws [-- --offsets 1000,2000,3000]
 */
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { metricsViewFromSnapshot } from '../../shared/metrics/view.ts';
import { buildPoolModel, todayFigures } from '../../shared/model/pool-model.ts';
import { arrivalSeriesOf } from '../../shared/tune/workload.ts';
import { CORPUS, type CorpusCase } from '../../test/model/identify/cases.ts';
import { filesOf, record } from '../../test/model/identify/ground-truth.ts';

const within = (got: number | undefined, want: number, rel: number, abs = 0) => got !== undefined && Math.abs(got - want) <= Math.max(rel * want, abs);

/** What one draw of a case misses (empty: every check holds). */
function misses(c: CorpusCase): string[] {
  const rec = record(c.truth);
  const ws = parseWorkspace(filesOf(c.truth, c.declare));
  const view = metricsViewFromSnapshot(rec.snapshot, c.truth.minutes, ws, 'corpus');
  const pool = ws.pools.find((p) => p.name === c.truth.name)!;
  const model = buildPoolModel(ws, pool, { metrics: view, arrivalSeries: arrivalSeriesOf(view), simBudgetMessages: 0 });
  const id = model.identification;
  if (!id) return ['no identification'];
  const h = c.hidden;
  const m: string[] = [];
  if (!within(id.serviceTime.p50Sec, h.p50Sec, 0.2)) m.push(`p50 ${id.serviceTime.p50Sec} vs ${h.p50Sec} s`);
  if (h.limitPerSec !== undefined && !within(id.downstreamLimit?.perSec, h.limitPerSec, 0.2)) m.push(`ceiling ${id.downstreamLimit?.perSec} vs ${h.limitPerSec}`);
  if (h.noLimit && id.downstreamLimit) m.push(`ceiling ${id.downstreamLimit.perSec} claimed`);
  if (h.heavyShare !== undefined && !(within(id.mixture?.heavyShare, h.heavyShare, 0.2) && within(id.mixture?.heavyFactor, h.heavyFactor!, 0.2))) m.push(`mixture ${id.mixture?.heavyShare}×${id.mixture?.heavyFactor}`);
  if (h.noMixture && id.mixture) m.push('mixture claimed');
  if (h.cpuPerMsgSec !== undefined && !within(model.workload?.cpuSecondsPerMessage, h.cpuPerMsgSec, 0.2)) m.push(`CPU ${model.workload?.cpuSecondsPerMessage?.toFixed(3)} vs ${h.cpuPerMsgSec}`);
  if (h.startupSec !== undefined && !within(id.startupSec?.value, h.startupSec, 0.2)) m.push(`start-up ${id.startupSec?.value} vs ${h.startupSec} s`);
  const t = todayFigures(model);
  if (!within(t?.meanInstances, rec.meanInstances, 0.25)) m.push(`mean instances ${t?.meanInstances.toFixed(2)} vs ${rec.meanInstances.toFixed(2)}`);
  if (!within(t?.queueWaitP95Sec, rec.waitP95Sec, 0.25, 2)) m.push(`p95 wait ${t?.queueWaitP95Sec.toFixed(1)} vs ${rec.waitP95Sec.toFixed(1)} s`);
  return m;
}

const i = process.argv.indexOf('--offsets');
const offsets = (i >= 0 ? process.argv[i + 1]! : '1000,2000,3000').split(',').map(Number);
let n = 0;
let ok = 0;
for (const c of CORPUS) {
  const cells = offsets.map((off) => {
    const m = misses({ ...c, truth: { ...c.truth, seed: c.truth.seed + off } });
    n++;
    if (!m.length) ok++;
    return m.length ? `seed +${off}: ${m.join('; ')}` : 'ok';
  });
  console.log(`${c.truth.name.padEnd(22)} ${cells.every((x) => x === 'ok') ? `ok on ${offsets.length} draws` : cells.join(' | ')}`);
}
console.log(`\n${ok}/${n} draws pass every check (${CORPUS.length} cases × ${offsets.length} seeds other than the corpus test's).`);
