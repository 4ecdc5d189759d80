/** The tuner's public surface (re-exported by shared/index.ts). */
export { tune, tunePool, tunablePools, DEFAULT_SEED, replaySettingsOf, type TuneOptions } from './tune.ts';
export {
  TuneOutputSchema, ProposalSchema, FiguresSchema, PoolSettingsValuesSchema, ScalingChoiceSchema, RationaleSchema,
  type TuneOutput, type Proposal, type Figures, type PoolSettingsValues, type ScalingChoice, type Rationale,
} from './schema.ts';
export { unifiedDiff, type UnifiedDiffOptions } from './diff.ts';
export { renderEdits, proposalId, buildEdits } from './edits.ts';
export { formatTuneText, formatTuneMarkdown } from './render.ts';
export { whatIf, parseWhatIf, WhatIfError, WHAT_IF_KEYS, type WhatIfResult, type WhatIfKey } from './what-if.ts';
export { costReport, formatCostText, CostOutputSchema, PoolCostSchema, type CostOutput, type PoolCost } from './cost-report.ts';
export { searchCheapest, exhaustiveCheapest, gridCandidates, searchGrid, type SearchSpace, type SearchResult } from './search.ts';
export { Evaluator, type Candidate, type SimContext, type Evaluation } from './evaluate.ts';
export { ModeComparisonSchema, type ModeComparison } from './modes-schema.ts';
export { buildWorkload, arrivalStats, arrivalSeriesOf, type Workload } from './workload.ts';
