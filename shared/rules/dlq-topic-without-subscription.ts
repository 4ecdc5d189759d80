import { projectScopeOf } from '../config/workspace.ts';
import type { Rule } from './types.ts';
import type { Subscription } from '../config/model.ts';
import { poolOfSubscription, projectOfPath, rawScalar } from './lib/helpers.ts';
import { topicProjectOf } from './lib/dead-letter.ts';

/**
 * docs/sources.md#dead-letter-topics: "Messages published to a topic with no subscriptions are lost." A workspace is only a partial
 * view of a project, so the rule speaks only when the workspace evidently holds that project's subscriptions
 * (at least one subscription besides this one in the dead-letter topic's project) and none of them reads the
 * dead-letter topic. A subscription without a project (Config Connector) counts as in pool-tuner.yaml's `project`.
 * A reader is matched by its topic's project (a subscription may read a topic of another project); a reader whose
 * topic project is unknown counts as reading it, so that missing information never produces a finding.
 */
export const rule: Rule = {
  meta: {
    id: 'dlq-topic-without-subscription',
    title: 'Nothing subscribes to the dead-letter topic',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'Pub/Sub drops messages published to a topic that has no subscription, so dead-lettered messages vanish instead of waiting for inspection.',
    remediation: 'Create a subscription on the dead-letter topic (and keep its config beside the others), or turn this rule off if it lives elsewhere.',
    fixable: 'none',
  },
  check(ctx) {
    const defaultProject = ctx.ws.settings?.settings.project;
    const projectOf = (s: Subscription) => s.project ?? defaultProject;
    // Each subscription's scope and topic project, once (the loop below compares every pair).
    const scopeOf = new Map(ctx.ws.subscriptions.map((s) => [s, projectScopeOf(ctx.ws, s.ref.file)]));
    const topicProject = new Map(ctx.ws.subscriptions.map((s) => [s, topicProjectOf(ctx, s)]));
    for (const sub of ctx.ws.subscriptions) {
      if (!sub.deadLetterTopic || !sub.deadLetterTopicPath || sub.deadLetterTopic === sub.topic) continue;
      const dlqProject = projectOfPath(String(rawScalar(ctx, sub, sub.deadLetterTopicPath) ?? '')) ?? projectOf(sub);
      // Another project's files (its own pool-tuner.yaml) are not this project's readers.
      const scope = scopeOf.get(sub);
      const others = ctx.ws.subscriptions.filter((s) => s !== sub && scopeOf.get(s) === scope);
      const sameProject = others.filter((s) => projectOf(s) === dlqProject || topicProject.get(s) === dlqProject);
      const readers = others.filter((s) => {
        const tp = topicProject.get(s);
        return s.topic === sub.deadLetterTopic && (tp === undefined || dlqProject === undefined || tp === dlqProject);
      });
      if (sameProject.length === 0 || readers.length > 0) continue;
      ctx.report({
        message: `No subscription in this workspace reads dead-letter topic "${sub.deadLetterTopic}"; messages dead-lettered from "${sub.name}" are lost.`,
        file: sub.ref.file,
        span: ctx.span(sub, sub.deadLetterTopicPath),
        pool: poolOfSubscription(ctx, sub)?.name,
        data: { subscription: sub.name, dlqTopic: sub.deadLetterTopic, project: dlqProject ?? '', subscriptionsSeen: sameProject.length },
      });
    }
  },
};
