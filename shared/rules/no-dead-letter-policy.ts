import type { Rule, RuleContext } from './types.ts';
import type { Subscription } from '../config/model.ts';
import type { YamlTree } from '../config/yaml-edit.ts';
import { poolOfSubscription, rawScalar, withLastSegment } from './lib/helpers.ts';
import { isDeadLetterSubscription } from './lib/dead-letter.ts';
import { dataflowReaderOf } from './lib/consumers.ts';
import { docOf } from '../config/workspace.ts';
import { mergeSameOffset, type TextEdit } from '../config/edits.ts';
import { projectExpression, referenceTopic, terraformDeadLetterSubscription, terraformDeadLetterTopic } from '../config/hcl/dead-letter.ts';


/** Ten attempts: twice the minimum of 5, so it also passes max-delivery-attempts-at-minimum (docs/sources.md#dead-letter-topics, #heuristics). */
const SUGGESTED_ATTEMPTS = 10;

/** docs/sources.md#dead-letter-topics: without a dead-letter policy a poison message is redelivered until retention expires. */
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
    for (const sub of ctx.ws.subscriptions) {
      // Subscriptions on a dead-letter topic are the parking lot itself: they need no DLQ of their own.
      // A subscription read by Dataflow: Dataflow does not support dead-letter topics (docs/sources.md#subscriptions-read-by-dataflow).
      if (sub.hasDeadLetterPolicy || isDeadLetterSubscription(ctx, sub) || dataflowReaderOf(ctx, sub)) continue;
      const dlqTopic = `${sub.topic ?? sub.name}-dlq`;
      const policy = policyFor(ctx, sub, dlqTopic);
      let edits = ctx.treeEdits(sub, [...sub.basePath, 'deadLetterPolicy'], policy) ?? [];
      // Terraform: the policy references a topic resource (the module's, or one declared in the subscription's own
      // project expression with a subscription on it), never a literal path built from a variable's default.
      const bare = typeof policy === 'object' && policy !== null && !Array.isArray(policy) ? policy['deadLetterTopic'] : undefined;
      const project = projectExpression(ctx.ws, sub.ref);
      const tf = edits.length && docOf(ctx.ws, sub.ref)?.language === 'terraform' && typeof bare === 'string'
        ? terraformDeadLetterTopic(ctx.ws, sub.ref.file, bare, project) : undefined;
      if (tf && typeof bare === 'string') {
        const declare = terraformDeadLetterSubscription(ctx.ws, sub.ref.file, bare, tf.reference, project);
        edits = [...referenceTopic(edits, bare, tf.reference), ...mergeSameOffset([tf.append, declare].filter((e): e is TextEdit => e !== undefined))];
      }
      ctx.report({
        message: `Subscription "${sub.name}" has no dead-letter policy: a message that always fails is redelivered until it expires.`,
        file: sub.ref.file,
        span: ctx.span(sub, [...sub.basePath, 'deadLetterPolicy'], 'key'),
        pool: poolOfSubscription(ctx, sub)?.name,
        suggestions: edits.length ? [{ title: `Add deadLetterPolicy → ${dlqTopic}, maxDeliveryAttempts ${SUGGESTED_ATTEMPTS} (retries transient failures, parks poison messages; ${tf ? 'declares the topic and a subscription on it' : 'create the topic and a subscription on it'})`, edits }] : undefined,
        data: { subscription: sub.name, dlqTopic },
      });
    }
  },
};

/** The policy in the document's own shape; the dead-letter topic sits next to the source topic (same project). */
function policyFor(ctx: RuleContext, sub: Subscription, dlqTopic: string): YamlTree {
  if (sub.format === 'kcc') {
    const external = rawScalar(ctx, sub, ['spec', 'topicRef', 'external']);
    const ref: YamlTree = typeof external === 'string' ? { external: withLastSegment(external, dlqTopic) } : { name: dlqTopic };
    return { deadLetterTopicRef: ref, maxDeliveryAttempts: SUGGESTED_ATTEMPTS };
  }
  // Terraform: the bare name, turned into a reference to a topic resource by the caller.
  if (docOf(ctx.ws, sub.ref)?.language === 'terraform') return { deadLetterTopic: dlqTopic, maxDeliveryAttempts: SUGGESTED_ATTEMPTS };
  const topic = rawScalar(ctx, sub, ['topic']);
  const value = typeof topic === 'string' && topic.includes('/') ? withLastSegment(topic, dlqTopic)
    : sub.project ? `projects/${sub.project}/topics/${dlqTopic}` : dlqTopic;
  return { deadLetterTopic: value, maxDeliveryAttempts: SUGGESTED_ATTEMPTS };
}
