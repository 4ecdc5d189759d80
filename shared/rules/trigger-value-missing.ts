import type { Rule } from './types.ts';
import { poolOfScaler } from './lib/helpers.ts';
import { KEDA_PUBSUB_DEFAULT_VALUE } from './lib/limits.ts';

/** docs/sources.md#keda-gcp-pubsub-trigger: the gcp-pubsub trigger's `value` (target backlog per instance) defaults to 10. */
export const rule: Rule = {
  meta: {
    id: 'trigger-value-missing',
    title: 'gcp-pubsub trigger without a target value',
    category: 'correctness',
    defaultSeverity: 'info',
    needs: 'config',
    description: 'Without `value` the trigger targets 10 undelivered messages per instance, a default that rarely matches the pool\'s throughput and is invisible to reviewers.',
    remediation: 'Write the target explicitly: per-instance throughput × acceptable drain time (see the tuner\'s proposal).',
    fixable: 'fix',
  },
  check(ctx) {
    for (const sc of ctx.ws.scalers) {
      for (const t of sc.triggers) {
        if (t.type !== 'gcp-pubsub' || t.targetValueRaw !== undefined) continue;
        const path = [...sc.basePath, 'triggers', t.index, 'metadata', 'value'];
        const edit = ctx.setEdit(sc, path, String(KEDA_PUBSUB_DEFAULT_VALUE));
        ctx.report({
          message: `Trigger ${t.name ?? `#${t.index}`} of scaler "${sc.name}" has no value: it targets the default ${KEDA_PUBSUB_DEFAULT_VALUE} ${unitOf(t.mode)}.`,
          file: sc.ref.file,
          span: ctx.span(sc, path, 'key'),
          pool: poolOfScaler(ctx, sc)?.name,
          // Meaning-preserving: writes the value KEDA already uses, so the choice becomes visible and reviewable.
          fix: edit ? { title: `Write value: "${KEDA_PUBSUB_DEFAULT_VALUE}" (the default, made explicit)`, edits: [edit] } : undefined,
          data: { scaler: sc.name, defaultValue: KEDA_PUBSUB_DEFAULT_VALUE },
        });
      }
    }
  },
};

/**
 * What the default target counts, by trigger mode (docs/sources.md#keda-gcp-pubsub-trigger: `mode` defaults to SubscriptionSize = num_undelivered_messages;
 * any `subscription/*` metric works, e.g. OldestUnackedMessageAge in seconds, docs/sources.md#pubsub-metrics).
 */
function unitOf(mode: string | undefined): string {
  if (mode === undefined || /^(SubscriptionSize|NumUndeliveredMessages)$/i.test(mode)) return 'undelivered messages per instance';
  if (/^OldestUnackedMessageAge$/i.test(mode)) return 's of oldest unacked message age';
  return `(${mode}) per instance`;
}
