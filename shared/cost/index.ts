/** Cost model (pure): the price table, per-instance-second rates, monthly cost, pull vs push. See docs/cost-model.md. */
export { PRICES, HOURS_PER_MONTH, SECONDS_PER_MONTH } from './prices.ts';
export {
  InstanceShapeSchema, CostRateSchema, costRatePerInstanceSecond, costPerInstanceSecondUsd, instanceSecondsCostUsd, monthlyCostUsd,
  type InstanceShape, type InstanceShapeInput, type CostRate, type MonthlyOptions,
} from './model.ts';
export { comparePullVsPush, PullVsPushInputSchema, PullVsPushResultSchema, type PullVsPushInput, type PullVsPushResult } from './compare.ts';
