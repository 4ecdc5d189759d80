/**
 * Maps the parsed scaler config (`Scaler.scaleUp` / `scaleDown` from shared/config) onto the simulator's
 * scaling rules with CREMA's defaulting (docs/sources.md#crema, metric-provider/internal/config/provider.go):
 * - block missing → CREMA default block (up: 0 s, 100%/15 s + 4 pods/15 s, Max; down: 300 s, 100%/15 s, Min);
 * - block present: unset selectPolicy → Max (up) / Min (down); unset window → 0 s (the proto default the Java
 *   scaler reads; derived from the code, not documented); unset policies → none, i.e. no rate limit
 *   (ScalingStabilizer's empty-policies branch).
 */
import type { ScalingRules } from '../config/model.ts';
import { CREMA_DEFAULT_SCALE_DOWN, CREMA_DEFAULT_SCALE_UP, type SimScalingPolicy, type SimScalingRules } from './types.ts';

function selectPolicyOf(raw: string | undefined, direction: 'up' | 'down'): SimScalingRules['selectPolicy'] {
  const v = (raw ?? '').toLowerCase();
  if (v === 'max') return 'Max';
  if (v === 'min') return 'Min';
  if (v === 'disabled') return 'Disabled';
  return direction === 'up' ? 'Max' : 'Min';
}

/** Simulator rules for one direction from the config model (see the file comment for defaults). */
export function simRulesFromConfig(rules: ScalingRules | undefined, direction: 'up' | 'down'): SimScalingRules {
  if (!rules) return structuredClone(direction === 'up' ? CREMA_DEFAULT_SCALE_UP : CREMA_DEFAULT_SCALE_DOWN);
  const policies: SimScalingPolicy[] = [];
  for (const p of rules.policies ?? []) {
    const type = p.type.toLowerCase();
    if (!(p.periodSec > 0) || !(p.value >= 0)) continue;
    if (type === 'percent') policies.push({ type: 'Percent', value: p.value, periodSec: p.periodSec });
    else if (type === 'pods' || type === 'instances') policies.push({ type: 'Pods', value: p.value, periodSec: p.periodSec });
  }
  return {
    stabilizationWindowSec: Math.max(0, rules.stabilizationWindowSec ?? 0),
    selectPolicy: selectPolicyOf(rules.selectPolicy, direction),
    policies,
  };
}
