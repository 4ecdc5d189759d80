import type { Rule } from './types.ts';
import { asRecord } from '../config/kinds/context.ts';
import { docOf } from '../config/workspace.ts';
import { poolOfScaler } from './lib/helpers.ts';

/**
 * `advanced.horizontalPodAutoscalerConfig.behavior` is the HPA's `HPAScalingRules` (KEDA passes it to the HPA it
 * creates; CREMA reads the same fields). The Kubernetes API rejects (autoscaling/v2 reference,
 * https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/horizontal-pod-autoscaler-v2/):
 * `stabilizationWindowSeconds` outside 0–3600, a policy `periodSeconds` outside 1–1800 or a `value` ≤ 0, a policy
 * `type` other than Pods or Percent, and `selectPolicy` other than Max, Min or Disabled. On KEDA the HPA is then not
 * created or updated, so the workload keeps its last replica count. The window against the Pub/Sub metric delay is
 * scale-down-stabilization-too-short's.
 */
export const rule: Rule = {
  meta: {
    id: 'hpa-behavior-invalid',
    title: 'Scaling behavior the HPA API rejects',
    category: 'correctness',
    defaultSeverity: 'error',
    needs: 'config',
    description: 'A scaleUp/scaleDown rule outside the HPA API\'s bounds (window 0–3600 s, policy period 1–1800 s, value above 0, type Pods or Percent, selectPolicy Max, Min or Disabled) makes the Kubernetes API refuse the HPA KEDA writes, so scaling stops following the backlog.',
    remediation: 'Keep stabilizationWindowSeconds within 0–3600, each policy\'s periodSeconds within 1–1800 with a value above 0 and type Pods or Percent, and selectPolicy Max, Min or Disabled.',
    fixable: 'none',
  },
  check(ctx) {
    for (const sc of ctx.ws.scalers) {
      const doc = docOf(ctx.ws, sc.ref);
      const bp = [...sc.basePath, 'advanced', 'horizontalPodAutoscalerConfig', 'behavior'];
      const behavior = asRecord(doc?.value(bp));
      if (!behavior) continue;
      const pool = poolOfScaler(ctx, sc)?.name;
      for (const dir of ['scaleUp', 'scaleDown'] as const) {
        const r = asRecord(behavior[dir]);
        if (!r) continue;
        const p = [...bp, dir];
        const report = (what: string, path: (string | number)[]) => ctx.report({
          message: `Scaler "${sc.name}" ${dir}: ${what}; the Kubernetes API rejects the HPA.`,
          file: sc.ref.file, span: ctx.span(sc, path), pool, data: { scaler: sc.name, direction: dir },
        });
        const win = num(r['stabilizationWindowSeconds']);
        if (win !== undefined && (win < 0 || win > 3600)) report(`stabilizationWindowSeconds ${win} is outside 0–3600`, [...p, 'stabilizationWindowSeconds']);
        const sel = r['selectPolicy'];
        if (typeof sel === 'string' && !['Max', 'Min', 'Disabled'].includes(sel)) report(`selectPolicy "${sel.slice(0, 20)}" is not Max, Min or Disabled`, [...p, 'selectPolicy']);
        const policies = Array.isArray(r['policies']) ? r['policies'] : [];
        policies.forEach((raw, i) => {
          const pol = asRecord(raw);
          if (!pol) return;
          const pp = [...p, 'policies', i];
          const type = pol['type'];
          if (typeof type === 'string' && type !== 'Pods' && type !== 'Percent') report(`policy ${i} type "${type.slice(0, 20)}" is not Pods or Percent`, [...pp, 'type']);
          const period = num(pol['periodSeconds']);
          if (period !== undefined && (period < 1 || period > 1800)) report(`policy ${i} periodSeconds ${period} is outside 1–1800`, [...pp, 'periodSeconds']);
          const value = num(pol['value']);
          if (value !== undefined && value <= 0) report(`policy ${i} value ${value} must be above 0`, [...pp, 'value']);
        });
      }
    }
  },
};

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
