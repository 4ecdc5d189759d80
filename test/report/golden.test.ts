/**
 * Golden files for every output format over test/fixtures/review/. Regenerate after an intended change with
 * `UPDATE_GOLDEN=1 node scripts/run-tests.mjs golden` and review the diff.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { formatText } from '../../shared/report/text.ts';
import { formatJson } from '../../shared/report/json.ts';
import { formatMarkdown } from '../../shared/report/markdown.ts';
import { formatSarif } from '../../shared/report/sarif.ts';
import { formatGithub } from '../../shared/report/github.ts';
import { RULES } from '../../shared/rules/index.ts';
import { reviewFixture } from './review-fixture.ts';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
/** A fixed version so a release does not churn the golden SARIF. */
const VERSION = '0.0.0-golden';
/**
 * The goldens pin the rule set, so adding a rule elsewhere does not churn them: they test the formats, not the
 * registry (test/rules/ does that). Changing one of these rules' messages or positions needs a regenerate.
 */
const GOLDEN_RULE_IDS = ['yaml-syntax', 'invalid-field', 'no-dead-letter-policy', 'crema-pool-not-manual', 'crema-per-object-polling-interval'];
const GOLDEN_RULES = GOLDEN_RULE_IDS.map((id) => {
  const r = RULES.find((x) => x.meta.id === id);
  if (!r) throw new Error(`golden rule ${id} is no longer registered`);
  return r;
});

const FORMATS = {
  txt: (r: Awaited<ReturnType<typeof reviewFixture>>) => formatText(r.findings, r.pos, { color: false, skippedForMetrics: r.skippedForMetrics }),
  json: (r: Awaited<ReturnType<typeof reviewFixture>>) => formatJson(r.findings, r.pos, r.skippedForMetrics),
  md: (r: Awaited<ReturnType<typeof reviewFixture>>) => formatMarkdown(r.findings, r.pos, r.skippedForMetrics),
  sarif: (r: Awaited<ReturnType<typeof reviewFixture>>) => formatSarif(r.findings, r.pos, { toolVersion: VERSION, rules: GOLDEN_RULES, skippedForMetrics: r.skippedForMetrics }),
  github: (r: Awaited<ReturnType<typeof reviewFixture>>) => formatGithub(r.findings, r.pos, r.skippedForMetrics),
} as const;

for (const [ext, render] of Object.entries(FORMATS)) {
  it(`review of test/fixtures/review matches golden/review.${ext}`, async () => {
    const actual = render(await reviewFixture(undefined, GOLDEN_RULES));
    const file = `test/report/golden/review.${ext}`;
    if (UPDATE) writeFileSync(file, actual);
    assert.equal(actual, readFileSync(file, 'utf8'), `${file} is stale: rerun with UPDATE_GOLDEN=1 and review the diff`);
  });
}

it('the golden workspace exercises every format feature (findings of each severity, fixes, suggestions, no-pool files)', async () => {
  const r = await reviewFixture(undefined, GOLDEN_RULES);
  const ids = new Set(r.findings.map((f) => f.ruleId));
  for (const id of GOLDEN_RULE_IDS) {
    assert.ok(ids.has(id), `no ${id} finding in the golden workspace`);
  }
  assert.ok(r.findings.some((f) => f.fix));
  assert.ok(r.findings.some((f) => f.suggestions?.length));
  assert.ok(r.findings.some((f) => !f.pool));
  assert.ok(!r.findings.some((f) => f.file.endsWith('deployment.yaml')), 'unknown kinds must be ignored');
});
