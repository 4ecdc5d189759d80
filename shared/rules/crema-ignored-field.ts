import { isMap } from 'yaml';
import type { Rule, RuleContext } from './types.ts';
import type { Scaler } from '../config/model.ts';
import { yamlDocOf } from '../config/workspace.ts';
import { findNode } from '../config/yaml-source.ts';
import type { PathSeg } from '../config/yaml-source.ts';
import { hasKey, poolOfScaler } from './lib/helpers.ts';

/**
 * CREMA's configuration guide (GoogleCloudPlatform/cloud-run-external-metrics-autoscaling
 * `metric-provider/api/README.md`, "Appendix: Migrating from KEDA"): the ScaledObject fields
 * `envSourceContainerName`, `cooldownPeriod`, `initialCooldownPeriod`, `fallback` and `restoreToOriginalReplicaCount`
 * "are not supported and will be ignored by CREMA". Removing them keeps CREMA's behaviour and stops readers from
 * trusting a setting that does nothing. (Per-object `pollingInterval` is rejected: crema-per-object-polling-interval.)
 */
const IGNORED: readonly { path: PathSeg[]; field: string }[] = [
  { path: ['cooldownPeriod'], field: 'cooldownPeriod' },
  { path: ['initialCooldownPeriod'], field: 'initialCooldownPeriod' },
  { path: ['fallback'], field: 'fallback' },
  { path: ['advanced', 'restoreToOriginalReplicaCount'], field: 'advanced.restoreToOriginalReplicaCount' },
  { path: ['scaleTargetRef', 'envSourceContainerName'], field: 'scaleTargetRef.envSourceContainerName' },
];

export const rule: Rule = {
  meta: {
    id: 'crema-ignored-field',
    title: 'ScaledObject field CREMA ignores',
    category: 'correctness',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'CREMA documents that it ignores cooldownPeriod, initialCooldownPeriod, fallback, restoreToOriginalReplicaCount and envSourceContainerName; a CremaConfig that sets them promises behaviour (a scale-to-zero delay, a fallback count) that never happens.',
    remediation: 'Remove the field; for a delay before scaling down use advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds, which CREMA honours.',
    fixable: 'fix',
  },
  check(ctx) {
    for (const sc of ctx.ws.scalers) {
      if (sc.format !== 'crema') continue;
      for (const { path, field } of IGNORED) {
        const full = [...sc.basePath, ...path];
        if (!hasKey(ctx, sc, full)) continue;
        const span = ctx.span(sc, full, 'key');
        // The last key of `advanced` goes with its parent, so no empty `advanced:` is left behind.
        const parent = path.length > 1 ? [...sc.basePath, ...path.slice(0, -1)] : undefined;
        const edit = ctx.removeEdit(sc, parent && onlyKey(ctx, sc, parent) ? parent : full);
        ctx.report({
          message: `CREMA ignores ${field} (scaler "${sc.name}"): it has no effect on how the worker pool scales.`,
          file: sc.ref.file,
          span,
          pool: poolOfScaler(ctx, sc)?.name,
          // Meaning-preserving: CREMA never reads the field.
          fix: edit ? { title: `Remove ${field} (CREMA ignores it)`, edits: [edit] } : undefined,
          data: { scaler: sc.name, field },
        });
      }
    }
  },
};

function onlyKey(ctx: RuleContext, sc: Scaler, path: readonly PathSeg[]): boolean {
  const d = yamlDocOf(ctx.ws, sc.ref);
  const node = d ? findNode(d.ydoc.doc, path) : undefined;
  return isMap(node) && node.items.length === 1;
}
