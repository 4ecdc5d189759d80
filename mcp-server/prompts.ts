/** Prompts: ready-made conversations that drive the tools in a sensible order. */
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { Roots } from './roots.ts';
import { poolNameCompleter } from './complete.ts';

interface PromptDeps {
  roots: Roots;
}

export function registerPrompts(server: McpServer, deps: PromptDeps): void {
  const poolNames = poolNameCompleter(deps.roots);
  const poolArg = (what: string) => completable(z.string().max(256).describe(what), poolNames);

  server.registerPrompt('tune-pool', {
    title: 'Tune a worker pool',
    description: 'Size concurrency, scaling and dead-lettering of one pool from its config and metrics, and show the changes as diffs.',
    argsSchema: { pool: poolArg('Pool name from list_pools') },
  }, ({ pool }) => ({
    messages: [{
      role: 'user',
      content: {
        type: 'text',
        text: [
          `Tune the Cloud Run worker pool "${pool}" with the Pool Tuner tools.`,
          `1. Call get_pool_config for "${pool}" and get_pool_metrics (if it reports no metrics, say the proposals rest on declared settings only).`,
          `2. Call analyze_pool for "${pool}" and note the errors first.`,
          `3. Call propose_concurrency, propose_scaling and propose_dlq for "${pool}". For each, report the recommended values, the predicted vs current figures and the monthly cost delta, and show the diff.`,
          '4. If a proposal trades cost for latency, check it with simulate_pool before recommending it.',
          '5. Do not call apply_proposal unless I confirm a specific proposal id.',
        ].join('\n'),
      },
    }],
  }));

  server.registerPrompt('review-pool-config', {
    title: 'Review a pool config',
    description: 'Explain the findings on one pool\'s config, most severe first, with the rule docs and the suggested diffs.',
    argsSchema: { pool: poolArg('Pool name from list_pools') },
  }, ({ pool }) => ({
    messages: [{
      role: 'user',
      content: {
        type: 'text',
        text: [
          `Review the configuration of the worker pool "${pool}" with the Pool Tuner tools.`,
          `Call get_pool_config and analyze_pool for "${pool}". Group the findings by severity (errors first); for each, say what is wrong in one sentence, cite file:line and the rule's docsUrl, and show the suggestion's diff.`,
          'Point out findings that interact (for example a scaling limit and a downstream rate limit). Do not apply anything.',
        ].join('\n'),
      },
    }],
  }));
}
