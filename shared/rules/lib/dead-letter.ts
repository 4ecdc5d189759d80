/** Which subscriptions are dead-letter parking lots, and which project a subscription's topic lives in. */
import type { Subscription } from '../../config/model.ts';
import type { RuleContext } from '../types.ts';
import { projectOfPath, rawScalar } from './helpers.ts';

/** Project of the subscription's topic: from a full topic path, else the subscription's own project, else undefined. */
export function topicProjectOf(ctx: RuleContext, sub: Subscription): string | undefined {
  const path = sub.format === 'kcc' ? [['spec', 'topicRef', 'external'], ['spec', 'topicRef', 'name']] : [['topic']];
  for (const p of path) {
    const fromPath = projectOfPath(String(rawScalar(ctx, sub, p) ?? ''));
    if (fromPath) return fromPath;
  }
  return sub.project ?? ctx.ws.settings?.settings.project;
}

/**
 * True when `sub` reads a topic that another subscription of the workspace dead-letters into (docs/sources.md#dead-letter-topics: the
 * DLQ subscription holds parked messages for inspection). A subscription that names its own topic as its dead-letter
 * topic does not make itself a parking lot: that is dlq-same-as-source-topic's finding.
 */
export function isDeadLetterSubscription(ctx: RuleContext, sub: Subscription): boolean {
  if (!sub.topic) return false;
  return ctx.ws.subscriptions.some((s) => s !== sub && s.deadLetterTopic === sub.topic && s.deadLetterTopic !== s.topic);
}
