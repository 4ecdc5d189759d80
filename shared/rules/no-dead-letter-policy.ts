import type { Rule } from './types.ts';
import type { YamlTree } from '../config/yaml-edit.ts';

/** DOMAIN.md §6.2: without a dead-letter policy a poison message is redelivered until retention expires. */
export const rule: Rule = {
  meta: {
    id: 'no-dead-letter-policy',
    title: 'Subscription has no dead-letter policy',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'A message that always fails is redelivered until it ages out of retention, costing a delivery each time and hiding real failures in the backlog.',
    remediation: 'Add a deadLetterPolicy with a separate dead-letter topic (and a subscription on it) and maxDeliveryAttempts between 5 and 100.',
    fixable: 'suggestion',
  },
  check(ctx) {
    // Subscriptions on a dead-letter topic are the parking lot itself: they need no DLQ of their own.
    const dlqTopics = new Set(ctx.ws.subscriptions.flatMap((s) => (s.deadLetterTopic ? [s.deadLetterTopic] : [])));
    {
      for (const sub of ctx.ws.subscriptions) {
        if (sub.hasDeadLetterPolicy || sub.push || (sub.topic && dlqTopics.has(sub.topic))) continue;
        const pool = ctx.pools.find((p) => p.subscriptions.includes(sub));
        const dlqTopic = `${sub.topic ?? sub.name}-dlq`;
        const attempts = 10;
        const topicValue = sub.format === 'kcc' || !sub.project ? dlqTopic : `projects/${sub.project}/topics/${dlqTopic}`;
        const policy: YamlTree = sub.format === 'kcc'
          ? { deadLetterTopicRef: { name: dlqTopic }, maxDeliveryAttempts: attempts }
          : { deadLetterTopic: topicValue, maxDeliveryAttempts: attempts };
        const edits = ctx.treeEdits(sub, [...sub.basePath, 'deadLetterPolicy'], policy) ?? [];
        ctx.report({
          message: `Subscription "${sub.name}" has no dead-letter policy: a message that always fails is redelivered until it expires.`,
          file: sub.ref.file,
          span: ctx.span(sub, [...sub.basePath, 'ackDeadlineSeconds'], 'key'),
          pool: pool?.name,
          suggestions: edits.length ? [{ title: `Add deadLetterPolicy → ${dlqTopic}, maxDeliveryAttempts ${attempts} (retries transient failures, parks poison messages)`, edits }] : undefined,
          data: { subscription: sub.name, dlqTopic },
        });
      }
    }
  },
};

