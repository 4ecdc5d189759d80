import type { Rule } from './types.ts';
import { poolOfScaler } from './lib/helpers.ts';
import { versionAtLeast } from './lib/keda.ts';

/** KEDA's `fallback.behavior` values (kubebuilder enum, apis/keda/v1alpha1/scaledobject_types.go v2.20.2). */
const BEHAVIORS = ['static', 'currentReplicas', 'currentReplicasIfHigher', 'currentReplicasIfLower', 'scalingModifiers'];

/**
 * `spec.fallback` of a plain KEDA ScaledObject, as KEDA validates it (kedacore/keda v2.20.2 @ 68a5b50):
 * - `failureThreshold` and `replicas` are required (CRD config/crd/bases/keda.sh_scaledobjects.yaml: `required`), and
 *   both must be ≥ 0 (`+kubebuilder:validation:Minimum=0`; webhook `CheckFallbackValid`: "must both be greater than
 *   or equal to 0").
 * - without scalingModifiers, at least one trigger must not be `cpu` or `memory` (`CheckFallbackValid`: fallback
 *   needs an external metric target; the HPA's resource metrics have none).
 * - `behavior` is one of static, currentReplicas, currentReplicasIfHigher, currentReplicasIfLower (KEDA 2.17+) or
 *   scalingModifiers (2.20+), which needs `advanced.scalingModifiers.formula` (webhook `verifyScaledObjects`).
 * KEDA refuses the ScaledObject, so nothing is scaled. CREMA ignores `fallback` (crema-ignored-field says so).
 */
export const rule: Rule = {
  meta: {
    id: 'keda-fallback-invalid',
    title: 'ScaledObject fallback KEDA rejects',
    category: 'correctness',
    defaultSeverity: 'error',
    needs: 'config',
    description: 'KEDA refuses a ScaledObject whose fallback lacks failureThreshold or replicas, sets either below 0, has only cpu/memory triggers, or names an unknown behavior, so the workload is not scaled at all.',
    remediation: 'Write fallback.failureThreshold and fallback.replicas as whole numbers ≥ 0 (e.g. 3 and the replicas that carry your peak), on a ScaledObject with at least one external trigger.',
    fixable: 'none',
  },
  check(ctx) {
    const version = ctx.ws.settings?.settings.kedaVersion;
    for (const sc of ctx.ws.scalers) {
      const fb = sc.fallback;
      if (sc.format !== 'keda' || !fb) continue;
      const base = [...sc.basePath, 'fallback'];
      const pool = poolOfScaler(ctx, sc)?.name;
      const report = (message: string, path: (string | number)[], prefer: 'value' | 'key' = 'value') => ctx.report({
        message: `Scaler "${sc.name}": ${message} (KEDA v2.20).`, file: sc.ref.file, span: ctx.span(sc, path, prefer), pool,
        data: { scaler: sc.name },
      });
      for (const key of ['failureThreshold', 'replicas'] as const) {
        if (!fb.keys.includes(key)) report(`fallback needs ${key}; KEDA's CRD requires both failureThreshold and replicas`, base, 'key');
        else if (fb[key] !== undefined && fb[key]! < 0) report(`fallback.${key} is ${fb[key]}; KEDA requires failureThreshold and replicas ≥ 0`, [...base, key]);
      }
      if (!sc.scalingModifiersFormula && sc.triggers.length > 0 && sc.triggers.every((t) => t.type === 'cpu' || t.type === 'memory')) {
        report('fallback needs at least one trigger that is not cpu or memory; KEDA rejects it on resource-metric triggers only', base, 'key');
      }
      const b = fb.behavior;
      if (b !== undefined) {
        if (!BEHAVIORS.includes(b)) report(`fallback.behavior "${b.slice(0, 40)}" is not one of ${BEHAVIORS.join(', ')}`, [...base, 'behavior']);
        else if (b === 'scalingModifiers' && !sc.scalingModifiersFormula) report('fallback.behavior scalingModifiers needs advanced.scalingModifiers.formula', [...base, 'behavior']);
        else if (b === 'scalingModifiers' && versionAtLeast(version, '2.20') === false) report(`fallback.behavior scalingModifiers needs KEDA 2.20 or later (kedaVersion ${version} in pool-tuner.yaml)`, [...base, 'behavior']);
        else if (b !== 'static' && versionAtLeast(version, '2.17') === false) report(`fallback.behavior needs KEDA 2.17 or later (kedaVersion ${version} in pool-tuner.yaml)`, [...base, 'behavior']);
      }
    }
  },
};
