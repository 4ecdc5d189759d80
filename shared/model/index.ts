/** The pool model's public surface (re-exported by shared/index.ts): replays and bands over them. */
export {
  BandSchema, PredictedBandsSchema, ReplaySettingsSchema, ReplayKindSchema, DEFAULT_REPLAY_SETTINGS,
  type Band, type PredictedBands, type ReplaySettings,
} from './bands-schema.ts';
export { buildReplays, replayBands, replayFigures, replayResults, bandsOf, percentileOf, BLOCK_MINUTES, type Replay, type ReplayKind } from './replays.ts';
export { IdentificationSchema, ModelOverridesSchema, type Identification, type ModelOverrides } from './identify-schema.ts';
export { identificationLines, identificationText, type IdentifiedLine } from './identify-text.ts';
export { poolIdentification } from './identification.ts';
