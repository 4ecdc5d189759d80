/**
 * Simulator speed vs SimPy 3 on the same M/M/c model, both measured in this run.
 * Model: Poisson arrivals, c servers, exponential service (mean 1 s), FIFO, ρ = 0.9 by default.
 * Unit: model events per wall-second, where a model event is an arrival or a departure (2 per customer), so
 * the two engines are compared on the same work whatever their internal event bookkeeping. Target: ≥ 20×.
 * Baseline: bench/simulator/mmc.py under a Python that has SimPy (Debian: apt-get install -y python3-simpy3;
 * found via $SIMPY_PYTHON, /usr/bin/python3 or python3 on PATH).
 * Usage: npm run bench:simulator [-- --servers 16 --rho 0.9 --customers 300000 --runs 5]
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { simulate } from '../../shared/simulate/engine.ts';
import { queueFigures } from '../../shared/queueing/mmc.ts';

const TARGET_RATIO = 20;
const { values } = parseArgs({
  options: {
    servers: { type: 'string', default: '16' }, rho: { type: 'string', default: '0.9' },
    customers: { type: 'string', default: '300000' }, runs: { type: 'string', default: '5' },
  },
});
const servers = Number(values.servers);
const rho = Number(values.rho);
const customers = Number(values.customers);
const runs = Number(values.runs);
const lambda = rho * servers;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// This package is CommonJS (no "type": "module"), so tsx gives us __dirname.
const here = __dirname;

function runJs(seed: number) {
  // Whole minutes of arrivals at λ·60 per minute give ≈ `customers` arrivals.
  const minutes = Math.max(1, Math.round(customers / (lambda * 60)));
  const t0 = performance.now();
  const r = simulate({
    seed, arrivalsPerMinute: new Array<number>(minutes).fill(lambda * 60), serviceTime: { kind: 'exponential', meanSec: 1 },
    scaling: { kind: 'manual', instances: servers }, timeline: false,
  });
  const wallSec = (performance.now() - t0) / 1000;
  return { wallSec, modelEvents: 2 * r.acked, engineEvents: r.events, meanWaitSec: r.waitSec.mean, probWait: r.waitSec.probPositive };
}

function findSimpyPython(): string | undefined {
  for (const py of [process.env['SIMPY_PYTHON'], '/usr/bin/python3', 'python3'].filter((p): p is string => !!p)) {
    const r = spawnSync(py, ['-c', 'import simpy'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return undefined;
}

function runSimpy(py: string, seed: number) {
  const r = spawnSync(py, [path.join(here, 'mmc.py'), '--servers', String(servers), '--rho', String(rho), '--customers', String(customers), '--seed', String(seed)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mmc.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { wallSec: number; modelEvents: number; meanWaitSec: number; probWait: number; simpy: string };
}

const theory = queueFigures({ arrivalRatePerSec: lambda, meanServiceSec: 1, servers });
console.log(`M/M/${servers}, ρ=${rho}, ${customers} customers, node ${process.version}; Erlang C: mean wait ${theory.meanWaitSec.toFixed(4)} s, P(wait) ${theory.probWait.toFixed(4)}`);
for (let i = 0; i < 3; i++) runJs(900 + i); // warm up the JIT
const py = findSimpyPython();
// Interleave the two engines so a change in machine load hits both alike; medians of each.
const js: ReturnType<typeof runJs>[] = [];
const simpyRuns: ReturnType<typeof runSimpy>[] = [];
for (let i = 0; i < runs; i++) {
  js.push(runJs(i + 1));
  if (py && i < 3) simpyRuns.push(runSimpy(py, i + 1));
}
const jsRate = median(js.map((r) => r.modelEvents / r.wallSec));
const engineRate = median(js.map((r) => r.engineEvents / r.wallSec));
console.log(`pool-tuner: ${(jsRate / 1e6).toFixed(2)} M model events/s (median of ${runs}; ${(engineRate / 1e6).toFixed(2)} M engine events/s), mean wait ${js[0]!.meanWaitSec.toFixed(4)} s, P(wait) ${js[0]!.probWait.toFixed(4)}`);
if (!py) {
  console.log('SimPy not found (tried $SIMPY_PYTHON, /usr/bin/python3, python3): install it with `apt-get install -y python3-simpy3`. No ratio reported.');
  process.exit(0);
}
const simpyRate = median(simpyRuns.map((r) => r.modelEvents / r.wallSec));
console.log(`SimPy ${simpyRuns[0]!.simpy} (${py}): ${(simpyRate / 1e6).toFixed(3)} M model events/s (median of ${simpyRuns.length}), mean wait ${simpyRuns[0]!.meanWaitSec.toFixed(4)} s, P(wait) ${simpyRuns[0]!.probWait.toFixed(4)}`);
const ratio = jsRate / simpyRate;
console.log(`ratio: ${ratio.toFixed(1)}× SimPy (target ≥ ${TARGET_RATIO}×) ${ratio >= TARGET_RATIO ? 'OK' : 'BELOW TARGET'}`);
