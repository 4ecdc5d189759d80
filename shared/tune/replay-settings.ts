/** The replay settings in force: defaults, then pool-tuner.yaml `tuner`, then the caller's options. */
import type { TunerSettings } from '../config/settings-schema.ts';
import { DEFAULT_REPLAY_SETTINGS, type ReplaySettings } from '../model/bands-schema.ts';

export function replaySettingsOf(settings: TunerSettings | undefined, override?: Partial<ReplaySettings>): ReplaySettings {
  return {
    ...DEFAULT_REPLAY_SETTINGS,
    ...(settings?.trafficGrowth !== undefined ? { trafficGrowth: settings.trafficGrowth } : {}),
    ...(settings?.sloMetShareMin !== undefined ? { sloMetShareMin: settings.sloMetShareMin } : {}),
    ...(settings?.replaySeeds !== undefined ? { seeds: settings.replaySeeds } : {}),
    ...(settings?.replayResamples !== undefined ? { resamples: settings.replayResamples } : {}),
    ...override,
  };
}
