/**
 * False-positive guard: every registered rule runs over a clean, realistic multi-pool project
 * (test/fixtures/clean-project: CREMA + manual pools, an L4 GPU pool, a CPU-autoscaled pool, a GKE consumer on plain
 * KEDA, gcloud-describe and Config Connector subscriptions with their dead-letter subscriptions) and must find nothing.
 * The workspace is checked to be linked as intended first, so a parser or linking regression cannot make the test
 * pass by hiding documents from the rules; and one deliberate mistake must be found, so the rules really ran.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseWorkspace, type SourceFile } from '../../shared/config/workspace.ts';
import { review } from '../../shared/rules/engine.ts';
import { RULES } from '../../shared/rules/index.ts';
import { applyEdits } from '../../shared/config/edits.ts';

const ROOT = 'test/fixtures/clean-project';

function sources(dir: string): SourceFile[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return name.endsWith('.yaml') ? [{ path: relative(ROOT, p), text: readFileSync(p, 'utf8') }] : [];
  });
}

const describeFindings = (fs: { ruleId: string; file: string; message: string }[]) => fs.map((f) => `${f.ruleId} ${f.file}: ${f.message}`);

describe('no false positives on a clean project', () => {
  const files = sources(ROOT);
  const ws = parseWorkspace(files);

  it('links the project as intended (so the rules see every document)', () => {
    assert.deepEqual(ws.problems, []);
    const pools = Object.fromEntries(ws.pools.map((p) => [p.name, {
      workerPool: p.workerPool?.name,
      scaler: p.scaler?.format,
      subscriptions: p.subscriptions.map((s) => s.name).sort(),
      concurrency: p.concurrency?.value,
      settings: p.settings !== undefined,
    }]));
    assert.deepEqual(pools, {
      'notify-worker': { workerPool: 'notify-worker', scaler: undefined, subscriptions: ['notify-sub'], concurrency: 10, settings: true },
      'orders-worker': { workerPool: 'orders-worker', scaler: 'crema', subscriptions: ['orders-sub'], concurrency: 20, settings: true },
      'report-builder': { workerPool: undefined, scaler: 'keda', subscriptions: ['report-requests'], concurrency: undefined, settings: false },
      'transcode-worker': { workerPool: 'transcode-worker', scaler: 'crema', subscriptions: ['transcode-sub'], concurrency: 1, settings: true },
    });
    assert.equal(ws.subscriptions.length, 8);
    assert.equal(ws.workerPools.length, 3);
  });

  it('raises no finding from any rule (metric rules are skipped without metrics)', () => {
    const { findings, skippedForMetrics } = review(ws);
    assert.deepEqual(describeFindings(findings), []);
    const configRules = RULES.filter((r) => r.meta.needs === 'config').map((r) => r.meta.id);
    assert.ok(configRules.length >= 20);
    assert.ok(configRules.every((id) => !skippedForMetrics.includes(id)));
  });

  it('still finds a single deliberate mistake in the same project (the rules really ran)', () => {
    const broken = files.map((f) => f.path === 'orders/subscription.yaml'
      ? { ...f, text: f.text.replace('maxDeliveryAttempts: 10', 'maxDeliveryAttempts: 5') }
      : f);
    const { findings } = review(parseWorkspace(broken));
    assert.deepEqual(findings.map((f) => [f.ruleId, f.file, f.pool]), [['max-delivery-attempts-at-minimum', 'orders/subscription.yaml', 'orders-worker']]);
    // Applying its suggestion brings the project back to clean.
    const edits = findings[0]!.suggestions?.[0]?.edits ?? [];
    const fixed = broken.map((f) => ({ ...f, text: applyEdits(f.text, edits.filter((e) => e.file === f.path)) }));
    assert.deepEqual(describeFindings(review(parseWorkspace(fixed)).findings), []);
  });
});

describe('a default-created subscription (gcloud describe, DOMAIN.md §3.2)', () => {
  const text = `ackDeadlineSeconds: 10
expirationPolicy:
  ttl: 2678400s
messageRetentionDuration: 604800s
name: projects/my-proj/subscriptions/orders-sub
pushConfig: {}
state: ACTIVE
topic: projects/my-proj/topics/orders
`;

  it('raises only the missing dead-letter and retry policies, at the subscription name', () => {
    const { findings } = review(parseWorkspace([{ path: 'sub.yaml', text }]));
    assert.deepEqual(findings.map((f) => [f.ruleId, text.slice(f.span.start, f.span.end)]), [
      ['no-dead-letter-policy', 'name'],
      ['no-retry-policy', 'name'],
    ]);
  });

  it('applying both suggestions leaves only the documented reminder to subscribe to the new dead-letter topic', () => {
    const first = review(parseWorkspace([{ path: 'sub.yaml', text }])).findings;
    const edits = first.flatMap((f) => f.suggestions?.[0]?.edits ?? []);
    const fixed = applyEdits(text, edits);
    assert.match(fixed, /deadLetterTopic: projects\/my-proj\/topics\/orders-dlq/);
    // Alone in the workspace there is no evidence about other subscriptions, so nothing more is reported; beside a
    // second subscription of the project, dlq-topic-without-subscription asks for the DLQ subscription (documented).
    assert.deepEqual(describeFindings(review(parseWorkspace([{ path: 'sub.yaml', text: fixed }])).findings), []);
    const other = 'name: projects/my-proj/subscriptions/billing-sub\ntopic: projects/my-proj/topics/billing\n'
      + 'retryPolicy: {minimumBackoff: 10s, maximumBackoff: 600s}\n'
      + 'deadLetterPolicy: {deadLetterTopic: projects/my-proj/topics/billing-dlq, maxDeliveryAttempts: 10}\n'
      + '---\nname: projects/my-proj/subscriptions/billing-dlq-sub\ntopic: projects/my-proj/topics/billing-dlq\n';
    const ids = review(parseWorkspace([{ path: 'sub.yaml', text: fixed }, { path: 'other.yaml', text: other }])).findings.map((f) => f.ruleId);
    assert.deepEqual(ids, ['dlq-topic-without-subscription']);
  });
});

/**
 * Edits must not trade one finding for another: every fix and suggestion of a config rule, applied to its failing
 * fixtures, is re-reviewed with all config rules. Only the chains the docs announce are allowed: a new dead-letter
 * policy asks for a subscription on its topic, and retargeting a scaler from a service to a worker pool lets
 * crema-pool-not-manual see the pool.
 */
describe('config rule edits raise no new finding of another rule', () => {
  const ALLOWED: Record<string, string[]> = {
    'no-dead-letter-policy': ['dlq-topic-without-subscription'],
    'dlq-same-as-source-topic': ['dlq-topic-without-subscription'],
    'scaler-targets-service': ['crema-pool-not-manual'],
  };
  const configRules = RULES.filter((r) => r.meta.needs === 'config');
  const key = (f: { ruleId: string; file: string; message: string }) => `${f.ruleId}|${f.file}|${f.message}`;
  for (const rule of configRules) {
    const dir = join('test/fixtures/rules', rule.meta.id);
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => n.startsWith('fail.') && n.endsWith('.yaml') && !n.endsWith('.fixed.yaml'));
    } catch {
      continue;
    }
    for (const name of names) {
      it(`${rule.meta.id}/${name}`, () => {
        const text = readFileSync(join(dir, name), 'utf8');
        const src = [{ path: name, text }];
        const base = review(parseWorkspace(src), { rules: configRules }).findings;
        const before = new Set(base.map(key));
        for (const f of base.filter((x) => x.ruleId === rule.meta.id)) {
          for (const edit of [f.fix, ...(f.suggestions ?? [])].filter((x) => x !== undefined)) {
            const after = review(parseWorkspace([{ path: name, text: applyEdits(text, edit.edits) }]), { rules: configRules }).findings;
            const added = after.filter((a) => !before.has(key(a)) && !(ALLOWED[rule.meta.id] ?? []).includes(a.ruleId));
            assert.deepEqual(describeFindings(added), [], `after "${edit.title}"`);
            assert.ok(!after.some((a) => key(a) === key(f)), `"${edit.title}" leaves the finding in place`);
          }
        }
      });
    }
  }
});
