/** observe on a workspace: a pool without metrics, notification channels from pool-tuner.yaml and their format. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { channelProblems, notificationChannels } from '../../shared/observe/channels.ts';
import { observeWorkspace } from '../../shared/observe/run.ts';
import { ObserveOutputSchema } from '../../shared/observe/schema.ts';
import { MAIL_POOL as POOL, mailSettings as settings } from './mail-project.ts';

const ws = (extra = '') => parseWorkspace([{ path: 'pool.yaml', text: POOL }, { path: 'pool-tuner.yaml', text: settings(extra) }]);

it('a pool without metrics gets SLO-based alerts with a note that thresholds were not fitted', () => {
  const out = ObserveOutputSchema.parse(observeWorkspace(ws()));
  const p = out.pools[0]!;
  assert.equal(p.pool, 'mail-worker');
  assert.equal(p.fitted, false);
  assert.ok(p.notes.some((n) => /not fitted/.test(n)), p.notes.join('\n'));
  const age = p.alerts.find((a) => a.kind === 'oldest-age')!;
  assert.equal(age.threshold, 240);
  assert.equal(age.fitted, false);
  assert.equal(age.verdict, 'untested');
  assert.match(age.query, /subscription_oldest_unacked_message_age_by_region\{monitored_resource="pubsub_subscription",project_id="acme-prod",subscription_id="mail-sub"\}\) > 240$/);
  assert.equal(p.policies.length, p.alerts.length);
  assert.match(JSON.stringify(p.policies[0]), /Not fitted/);
});

it('notification channels come from pool-tuner.yaml and go into every policy', () => {
  const w = ws('notificationChannels:\n  - projects/acme-prod/notificationChannels/1234567890\n');
  assert.deepEqual(channelProblems(w), []);
  assert.deepEqual(notificationChannels(w), ['projects/acme-prod/notificationChannels/1234567890']);
  const p = observeWorkspace(w).pools[0]!;
  for (const pol of p.policies) assert.deepEqual(pol['notificationChannels'], ['projects/acme-prod/notificationChannels/1234567890']);
});

it('an unknown notification channel format is an error naming the setting', () => {
  const w = ws('notificationChannels:\n  - ops@example.com\n');
  const errs = channelProblems(w);
  assert.equal(errs.length, 1);
  assert.match(errs[0]!, /setting `notificationChannels\.0` is not a notification channel: expected projects\/<project>\/notificationChannels\/<id>/);
  assert.deepEqual(notificationChannels(w), []);
});
