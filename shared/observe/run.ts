/**
 * The whole `observe` for a workspace: each pool's model built once (shared/model `buildPoolModel`), tuned from
 * that model (`tunePoolModel`, whose `predictedBands` the thresholds read), then observed (observe.ts).
 */
import type { Pool } from '../config/model.ts';
import type { Workspace } from '../config/workspace.ts';
import type { Proposal } from '../tune/schema.ts';
import { buildPoolModel } from '../model/pool-model.ts';
import { replaySettingsOf, tunablePools, tunePoolModel, type TuneOptions } from '../tune/tune.ts';
import { notificationChannels } from './channels.ts';
import { observeOutput, observePool } from './observe.ts';
import type { ObserveOutput, PoolObservability } from './schema.ts';

export function observeWorkspace(ws: Workspace, options: TuneOptions = {}): ObserveOutput {
  const channels = notificationChannels(ws);
  const replaySettings = replaySettingsOf(ws.settings?.settings.tuner, options.replays);
  const pools = tunablePools(ws, options.pool).map((pool) => {
    const model = buildPoolModel(ws, pool, options);
    const proposal = tunePoolModel(ws, model, options);
    return observePool({ ws, model, proposal, ...(options.metrics ? { metrics: options.metrics } : {}), replaySettings, channels });
  });
  return observeOutput(pools, options.metrics?.source, channels);
}

/**
 * One pool observed from a proposal tuned elsewhere (the MCP server tunes on its worker threads and memoises the
 * proposal): the model is rebuilt with the same options (cheap, no simulation), then observed.
 */
export function observeTunedPool(ws: Workspace, pool: Pool, proposal: Proposal, options: TuneOptions = {}): PoolObservability {
  const model = buildPoolModel(ws, pool, options);
  return observePool({
    ws, model, proposal, ...(options.metrics ? { metrics: options.metrics } : {}),
    replaySettings: replaySettingsOf(ws.settings?.settings.tuner, options.replays), channels: notificationChannels(ws),
  });
}
