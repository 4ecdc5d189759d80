/**
 * Pub/Sub subscriptions, two shapes (docs/sources.md#gcloud-subscription-yaml, #config-connector-subscription): the `gcloud pubsub subscriptions describe
 * --format=yaml` output (fields at the top level) and Config Connector `PubSubSubscription` (under `spec`).
 */
import type { Subscription } from '../model.ts';
import type { PathSeg } from '../yaml-source.ts';
import { parseDurationSec, parseIntLoose, shortName } from '../quantity.ts';
import { asRecord, boolAt, objectAt, parsedAt, stringAt, type NormalizeContext } from './context.ts';

const DURATION = 'a duration such as "600s"';

export function normalizeSubscription(ctx: NormalizeContext, root: Record<string, unknown>, format: 'gcloud' | 'kcc'): Subscription | undefined {
  const basePath: PathSeg[] = format === 'kcc' ? ['spec'] : [];
  const body = format === 'kcc' ? objectAt(ctx, root, 'spec', []) : root;
  let name: string | undefined;
  let project: string | undefined;
  let topic: string | undefined;
  let deadLetterTopic: string | undefined;
  let deadLetterTopicPath: PathSeg[] | undefined;
  const dlp = objectAt(ctx, body, 'deadLetterPolicy', basePath);
  if (format === 'kcc') {
    const meta = objectAt(ctx, root, 'metadata', []);
    name = stringAt(ctx, body, 'resourceID', basePath) ?? stringAt(ctx, meta, 'name', ['metadata']);
    const topicRef = objectAt(ctx, body, 'topicRef', basePath);
    const t = stringAt(ctx, topicRef, 'name', ['spec', 'topicRef']) ?? stringAt(ctx, topicRef, 'external', ['spec', 'topicRef']);
    topic = t ? shortName(t) : undefined;
    const dref = objectAt(ctx, dlp, 'deadLetterTopicRef', ['spec', 'deadLetterPolicy']);
    const dname = stringAt(ctx, dref, 'name', ['spec', 'deadLetterPolicy', 'deadLetterTopicRef']);
    const dext = stringAt(ctx, dref, 'external', ['spec', 'deadLetterPolicy', 'deadLetterTopicRef']);
    if (dname || dext) {
      deadLetterTopic = shortName((dname ?? dext)!);
      deadLetterTopicPath = ['spec', 'deadLetterPolicy', 'deadLetterTopicRef', dname ? 'name' : 'external'];
    }
  } else {
    const full = stringAt(ctx, body, 'name', []);
    name = full ? shortName(full) : undefined;
    project = full && full.startsWith('projects/') ? full.split('/')[1] : undefined;
    const t = stringAt(ctx, body, 'topic', []);
    topic = t ? shortName(t) : undefined;
    const d = stringAt(ctx, dlp, 'deadLetterTopic', ['deadLetterPolicy']);
    if (d) {
      deadLetterTopic = shortName(d);
      deadLetterTopicPath = ['deadLetterPolicy', 'deadLetterTopic'];
    }
  }
  if (!name) {
    ctx.invalid(format === 'kcc' ? ['metadata', 'name'] : ['name'], 'A subscription needs a name.', 'key');
    return undefined;
  }
  const retry = objectAt(ctx, body, 'retryPolicy', basePath);
  const rp = [...basePath, 'retryPolicy'];
  const push = asRecord(body?.['pushConfig']);
  return {
    kind: 'Subscription',
    format,
    ref: { file: ctx.doc.file, docIndex: ctx.doc.index },
    basePath,
    name,
    project,
    topic,
    ackDeadlineSec: parsedAt(ctx, body, 'ackDeadlineSeconds', basePath, parseIntLoose, 'a whole number of seconds'),
    minimumBackoffSec: parsedAt(ctx, retry, 'minimumBackoff', rp, parseDurationSec, DURATION),
    maximumBackoffSec: parsedAt(ctx, retry, 'maximumBackoff', rp, parseDurationSec, DURATION),
    hasRetryPolicy: retry !== undefined,
    hasDeadLetterPolicy: dlp !== undefined,
    deadLetterTopic,
    deadLetterTopicPath,
    maxDeliveryAttempts: parsedAt(ctx, dlp, 'maxDeliveryAttempts', [...basePath, 'deadLetterPolicy'], parseIntLoose, 'a whole number'),
    exactlyOnce: boolAt(ctx, body, 'enableExactlyOnceDelivery', basePath) ?? false,
    ordering: boolAt(ctx, body, 'enableMessageOrdering', basePath) ?? false,
    retentionSec: parsedAt(ctx, body, 'messageRetentionDuration', basePath, parseDurationSec, DURATION),
    push: push !== undefined && Object.keys(push).length > 0 && push['pushEndpoint'] !== undefined,
  };
}
