/**
 * The core's public entry. Adapters (CLI, MCP server, extension) import from here only; exports are named
 * explicitly (no `export *`) so the surface stays deliberate.
 */
// config
export { parseWorkspace, yamlDocOf, docOf, isTerraformPath, type Workspace, type SourceFile, type WorkspaceNote, type ParseOptions } from './config/workspace.ts';
export type { ConfigDoc, DocLanguage } from './config/doc.ts';
export { registerHclParser, registeredHclParser } from './config/hcl/parser-slot.ts';
export { copyTree, type HclParser, type HNode } from './config/hcl/syntax.ts';
export { applyEdits, editsByFile, TextEditSchema, type TextEdit, OverlappingEditsError } from './config/edits.ts';
export { SpanSchema, LineColSchema, lineStarts, toLineCol, toOffset, type Span, type LineCol } from './config/span.ts';
export { spanAt, findNode, parseYamlFile, type YamlFile, type YamlDoc, type PathSeg } from './config/yaml-source.ts';
export { setValueEdit, setTreeEdits, removeKeyEdit, formatScalar, type YamlValue, type YamlTree } from './config/yaml-edit.ts';
export {
  PoolSchema, WorkerPoolSchema, SubscriptionSchema, ScalerSchema, DocRefSchema,
  type Pool, type WorkerPool, type Subscription, type Scaler, type DocRef, type Trigger, type ScalingRules, type Container,
} from './config/model.ts';
export {
  ProjectSettingsSchema, PoolSettingsSchema, PoolSloSchema, SeveritySchema, DEFAULT_CONCURRENCY_ENV_VARS,
  type ProjectSettings, type PoolSettings, type PoolSlo, type Severity,
} from './config/settings-schema.ts';
export { unlinkedSubscriptions } from './config/link.ts';
export { WP as WORKER_POOL_PATHS } from './config/kinds/worker-pool.ts';
// rules
export { review, type ReviewOptions, type ReviewResult } from './rules/engine.ts';
export { RULES, ruleById } from './rules/index.ts';
export { docsUrl, RULE_DOCS_BASE_URL, RuleMetaSchema, type Rule, type RuleMeta, type RuleContext } from './rules/types.ts';
export { FindingSchema, FixSchema, type Finding, type Fix } from './rules/finding.ts';
// metrics
export { PoolFiguresSchema, type PoolFigures, type MetricsView } from './metrics/figures.ts';
export { loadSnapshot, type SnapshotLoad, type SnapshotProblem } from './metrics/load-snapshot.ts';
export { metricsViewFromSnapshot, snapshotViewFromText, SnapshotInvalidError, subscriptionIdsOf, type SnapshotView } from './metrics/view.ts';
export { validateSnapshot } from './metrics/load-snapshot.ts';
export { reconcile, holdGaps } from './metrics/view.ts';
export { MetricsSnapshotSchema, SNAPSHOT_SCHEMA_VERSION, type MetricsSnapshot, type PoolSeries, type SubscriptionSeries, type MetricStatus } from './metrics/snapshot-schema.ts';
export { derivePoolFigures, fitLognormal, arrivalsPerStep } from './metrics/derive.ts';
// report
export { PositionMapper, type Region } from './report/format-position.ts';
export { formatText, type TextOptions } from './report/text.ts';
export { formatJson, ReviewJsonSchema, type ReviewJson } from './report/json.ts';
export { formatMarkdown } from './report/markdown.ts';
export { formatSarif, buildSarif, type SarifOptions } from './report/sarif.ts';
export { formatGithub } from './report/github.ts';
export { summarize, type Summary } from './report/summary.ts';
export { planFixes, describeFixPlan, type FixPlan } from './report/fix-plan.ts';
// queueing (pure maths)
export {
  erlangB, erlangC, queueFigures, probWaitExceeds, waitPercentileSec, littleL, littleW, littleLambda,
  serversForWaitP95, serversForWaitPercentile, slotsOf, instancesForSlots, backlogDrainSec, capacityPerSec,
  QueueModelSchema, QueueFiguresSchema, type QueueModel, type QueueFigures, type SizingOptions,
} from './queueing/index.ts';
// simulate
export {
  simulate, trySimulate, SimConfigSchema, SimResultSchema, ServiceTimeSchema, CremaScalingSchema, CREMA_DEFAULT_SCALE_UP, CREMA_DEFAULT_SCALE_DOWN,
  CremaAutoscaler, simRulesFromConfig, lognormalFromMeanCv, serviceMoments,
  type SimConfig, type SimConfigInput, type SimResult, type ServiceTime, type CremaScaling, type SimScalingRules, type TimelinePoint,
} from './simulate/index.ts';
// cost
export {
  PRICES, HOURS_PER_MONTH, InstanceShapeSchema, costRatePerInstanceSecond, costPerInstanceSecondUsd, instanceSecondsCostUsd,
  monthlyCostUsd, comparePullVsPush, type InstanceShape, type InstanceShapeInput, type CostRate, type PullVsPushInput, type PullVsPushResult,
} from './cost/index.ts';
// tune (the tuner's public surface, shared/tune/index.ts)
export {
  tune, tunePool, tunablePools, DEFAULT_SEED, type TuneOptions,
  TuneOutputSchema, ProposalSchema, FiguresSchema, PoolSettingsValuesSchema, ScalingChoiceSchema, RationaleSchema,
  type TuneOutput, type Proposal, type Figures, type PoolSettingsValues, type ScalingChoice, type Rationale,
  unifiedDiff, type UnifiedDiffOptions, renderEdits, proposalId, buildEdits, formatTuneText, formatTuneMarkdown,
  whatIf, parseWhatIf, WhatIfError, WHAT_IF_KEYS, type WhatIfResult, type WhatIfKey,
  costReport, formatCostText, CostOutputSchema, PoolCostSchema, type CostOutput, type PoolCost,
  searchCheapest, exhaustiveCheapest, gridCandidates, searchGrid, type SearchSpace, type SearchResult,
  Evaluator, type Candidate, type SimContext, type Evaluation, buildWorkload, arrivalStats, arrivalSeriesOf, type Workload,
  ModeComparisonSchema, type ModeComparison,
} from './tune/index.ts';
// pool model: replays and bands (shared/model/index.ts)
export {
  BandSchema, PredictedBandsSchema, ReplaySettingsSchema, ReplayKindSchema, DEFAULT_REPLAY_SETTINGS,
  type Band, type PredictedBands, type ReplaySettings,
  buildReplays, replayBands, replayFigures, bandsOf, percentileOf, BLOCK_MINUTES, type Replay, type ReplayKind,
  IdentificationSchema, ModelOverridesSchema, type Identification, type ModelOverrides,
  identificationLines, identificationText, type IdentifiedLine, poolIdentification,
} from './model/index.ts';
export { Redactor, REDACTED } from './secrets/redactor.ts';
export { collectSecrets, collectEnvSecrets } from './secrets/collect.ts';
export { isSecretName, looksHighEntropy, patternMatches } from './secrets/patterns.ts';
// verify (proposal records, verification against a later recording; shared/verify/index.ts)
export {
  ProposalRecordSchema, VerifyOutputSchema, PoolVerificationSchema, BandsSchema, BandSchema as VerifyBandSchema, ObservedFiguresSchema, TrafficSummarySchema,
  OBSERVABLE_FIGURES, PROPOSAL_RECORD_VERSION, buildProposalRecord, workspaceAfter, settingsFolder, RECORDS_DIR, replay, DEFAULT_REPLAYS,
  verifyPool, verifyRecords, predatingRecordings, quickCheck, verdictOf, fmtFigure, fmtBand, formatVerifyText, formatVerifyMarkdown, synthesizeRecording,
  type ProposalRecord, type VerifyOutput, type PoolVerification, type Bands, type Band as VerifyBand, type ObservedFigures, type TrafficSummary,
  type ObservableFigure, type RecordInput, type ReplayOptions, type VerifyPoolInput, type TrafficChangeSpec,
} from './verify/index.ts';
export { WHAT_IF_RANGES, describeRange, whatIfValueError, whatIfErrors, type WhatIfRange } from './config/what-if-ranges.ts';
export { nothingRecognised, nothingRecognisedMessage, LOOKED_FOR } from './config/recognised.ts';
export { poolInputErrors, unreadFiles, inputErrorsOf, describeInputError, refusalMessage, InputErrorSchema, type InputError } from './config/input-errors.ts';
export { bySeverity } from './report/order.ts';
export { roundNumber, roundNumbers, roundingReplacer, OUTPUT_SIGNIFICANT_DIGITS } from './report/round.ts';
// alerts and dashboards from the model (shared/observe)
export { observeWorkspace, observeTunedPool } from './observe/run.ts';
export { observeOutput } from './observe/observe.ts';
export { ObserveOutputSchema, PoolObservabilitySchema, AlertSchema, AlertKindSchema, VerdictSchema, type ObserveOutput, type PoolObservability, type Alert } from './observe/schema.ts';
export { channelProblems, notificationChannels, NOTIFICATION_CHANNEL_FORMAT } from './observe/channels.ts';
export { terraformFiles, jsonFiles, poolFileTarget, poolAlertFiles, filesBesidePools, lineChange, type OutFile, type PoolFileTarget } from './observe/files.ts';
