/**
 * Discrete-event simulator of a Pub/Sub-fed worker pool with manual, CREMA or Cloud Run CPU scaling (pure, seeded, no clock).
 * Model and assumptions: docs/simulator.md.
 */
export { simulate, trySimulate } from './engine.ts';
export {
  SimConfigSchema, SimResultSchema, ServiceTimeSchema, SimScalingSchema, CremaScalingSchema, ManualScalingSchema, CpuScalingSchema,
  SimSubscriptionSchema, SimScalingRulesSchema, SimScalingPolicySchema, TimelinePointSchema,
  CREMA_DEFAULT_SCALE_UP, CREMA_DEFAULT_SCALE_DOWN,
  type SimConfig, type SimConfigInput, type SimResult, type ServiceTime, type SimScaling, type CremaScaling, type CpuScaling,
  type SimSubscription, type SimScalingRules, type SimScalingPolicy, type TimelinePoint,
} from './types.ts';
export { CremaAutoscaler } from './crema.ts';
export { simRulesFromConfig } from './from-config.ts';
export { Rng } from './prng.ts';
export { lognormalParams, lognormalFromMeanCv, serviceMoments, Z_99 } from './distributions.ts';
