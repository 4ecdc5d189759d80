/** Every tool the server registers, in the order tools/list shows them. */
import type { ToolDef } from '../tool.ts';
import { listPoolsTool } from './list-pools.ts';
import { getPoolConfigTool } from './get-pool-config.ts';
import { getPoolMetricsTool } from './get-pool-metrics.ts';
import { analyzePoolTool } from './analyze-pool.ts';
import { proposeConcurrencyTool } from './propose-concurrency.ts';
import { proposeScalingTool } from './propose-scaling.ts';
import { proposeDlqTool } from './propose-dlq.ts';
import { simulatePoolTool } from './simulate-pool.ts';
import { estimateCostTool } from './estimate-cost.ts';
import { applyProposalTool } from './apply-proposal.ts';
import { verifyPoolTool } from './verify-pool.ts';
import { proposeAlertsTool } from './propose-alerts.ts';

export const TOOLS: readonly ToolDef[] = [
  listPoolsTool,
  getPoolConfigTool,
  getPoolMetricsTool,
  analyzePoolTool,
  proposeConcurrencyTool,
  proposeScalingTool,
  proposeDlqTool,
  simulatePoolTool,
  estimateCostTool,
  verifyPoolTool,
  proposeAlertsTool,
  applyProposalTool,
] as unknown as readonly ToolDef[];
