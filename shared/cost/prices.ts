/**
 * The one price table (USD). Every number is from docs/sources.md#pricing; each says its source and date.
 * Only this file holds prices: the cost model and everything above it read them from here.
 *
 * Dates: the newest sources were read 2026-08 (Billing API SKU quotes, us-central1) and 2026-10-01 (SECONDARY
 * transcription of https://cloud.google.com/run/pricing). Re-check before quoting money to a user.
 */

export const PRICES = {
  /** Cloud Run bills by the second, rounded up to 100 ms (cloud.google.com/run/pricing intro; docs/sources.md#pricing). */
  billingGranularitySec: 0.1,
  /**
   * Instance-based billing: worker pools, services with CPU always allocated, jobs. Worker pools never idle,
   * so every requested instance is billed for its whole life (docs/sources.md#worker-pool-scaling-modes, #pricing).
   * Tier 1: cloud.google.com/run/pricing table excerpt (undated) + SECONDARY transcription 2026-10-01 +
   * Billing-API SKU quote 2026-08 (us-central1). UNCONFIRMED that worker pools share this SKU.
   */
  instanceBased: {
    usdPerVcpuSec: 0.000018,
    usdPerGibSec: 0.000002,
    freeVcpuSecPerMonth: 240_000,
    freeGibSecPerMonth: 450_000,
  },
  /** Request-based billing (services default): billed only while handling requests. Same sources, 2026-10-01. */
  requestBased: {
    usdPerVcpuSec: 0.000024,
    usdPerGibSec: 0.0000025,
    usdPerMillionRequests: 0.40,
    freeVcpuSecPerMonth: 180_000,
    freeGibSecPerMonth: 360_000,
    freeRequestsPerMonth: 2_000_000,
  },
  /**
   * NVIDIA L4 per GPU-second, instance-based only, billed for the whole instance life, no per-request fee.
   * SECONDARY: Cloud Billing API SKU quote, us-central1, 2026-08 (docs/sources.md#pricing). Other regions UNCONFIRMED.
   */
  gpu: {
    l4UsdPerSec: 0.0001867,
    l4ZonalRedundancyUsdPerSec: 0.0002909,
  },
  /**
   * GKE Autopilot, general-purpose Pods, us-central1: billed per second on the Pod's resource *requests*
   * (https://cloud.google.com/kubernetes-engine/pricing: "The amount of pod resources provisioned is based on the
   * resource requests of the Kubernetes PodSpec"). Rates $0.0445 / vCPU-hour and $0.0049225 / GiB-hour:
   * UNCONFIRMED (SECONDARY transcription, not read on the Google page; docs/sources.md#gke-pricing). Used only when
   * pool-tuner.yaml says `gkePricing: autopilot`; otherwise a GKE pod's price is not known from the files.
   */
  gkeAutopilot: {
    usdPerVcpuSec: 0.0445 / 3600,
    usdPerGibSec: 0.0049225 / 3600,
  },
  /**
   * Tier 2 regions: UNCONFIRMED. "Commonly reported" as ~1.4× Tier 1 (e.g. $0.0000252/vCPU-s, $0.0000028/GiB-s
   * instance-based); not verified against a primary source (docs/sources.md#pricing). Applied to vCPU and memory only.
   */
  tier2Multiplier: 1.4,
  /**
   * Committed use discounts: SECONDARY (Archera brief, "Data sourced: March 2026"; docs/sources.md#pricing). Compute flexible
   * CUD covers instance-based Cloud Run incl. worker pools at ~28% (1 yr) / ~46% (3 yr); request-based gets a
   * flat 17%. Google's page only says CUDs lower the cost of continuous use: exact rates UNCONFIRMED. Opt-in.
   */
  committedUseDiscount: {
    instanceBased1y: 0.28,
    instanceBased3y: 0.46,
    requestBased: 0.17,
  },
} as const;

/** Hours in the billing month this model uses: 730 = 365 × 24 / 12 (the usual cloud-pricing convention). */
export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
