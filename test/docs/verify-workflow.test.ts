/**
 * The example scheduled workflow (docs/workflows/pool-tuner-verify.yml) only uses what the Action has: every input
 * it sets and every output it reads is declared in action.yml, verify is on, and it runs on a schedule. What the
 * Action does with those inputs on a miss is tested in test/action/action.test.ts ("verify on a schedule").
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface Step { uses?: string; id?: string; if?: string; run?: string; with?: Record<string, string> }

const workflow = parse(readFileSync('docs/workflows/pool-tuner-verify.yml', 'utf8')) as { on: { schedule: { cron: string }[] }; permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> };
const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };

it('the example workflow runs the Action with verify on, on a schedule, with inputs the Action declares', () => {
  assert.match(workflow.on.schedule[0]!.cron, /^(\S+\s+){4}\S+$/);
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
  const step = steps.find((s) => s.uses?.startsWith('pool-tuner/pool-tuner@'));
  assert.ok(step?.with, 'a step uses the Action');
  for (const name of Object.keys(step.with)) assert.ok(name in action.inputs, `input ${name} is not in action.yml`);
  assert.equal(step.with['verify'], 'true');
  assert.ok(step.with['metrics'], 'verify needs metrics');
  // Every `steps.<id>.outputs.<name>` it reads is an output of the Action.
  const text = readFileSync('docs/workflows/pool-tuner-verify.yml', 'utf8');
  const read = [...text.matchAll(new RegExp(`steps\\.${step.id}\\.outputs\\.([\\w-]+)`, 'g'))].map((m) => m[1]!);
  assert.ok(read.includes('missed'));
  for (const name of read) assert.ok(name in action.outputs, `output ${name} is not in action.yml`);
  assert.equal(workflow.permissions['issues'], 'write', 'opening an issue needs issues: write');
  assert.match(text, /^# EXAMPLE, not run by this repository/);
});
