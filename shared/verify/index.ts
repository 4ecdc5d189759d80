/** The verification loop's public surface (re-exported by shared/index.ts). */
export {
  ProposalRecordSchema, VerifyOutputSchema, PoolVerificationSchema, BandsSchema, BandSchema, ObservedFiguresSchema, TrafficSummarySchema,
  OBSERVABLE_FIGURES, PROPOSAL_RECORD_VERSION,
  type ProposalRecord, type VerifyOutput, type PoolVerification, type Bands, type Band, type ObservedFigures, type TrafficSummary, type ObservableFigure,
} from './schema.ts';
export { buildProposalRecord, workspaceAfter, settingsFolder, RECORDS_DIR, type RecordInput } from './record.ts';
export { replay, DEFAULT_REPLAYS, type ReplayOptions } from './bands.ts';
export { verifyPool, verifyRecords, predatingRecordings, quickCheck, verdictOf, fmtFigure, fmtBand, type VerifyPoolInput } from './verify.ts';
export { formatVerifyText, formatVerifyMarkdown } from './render.ts';
export { synthesizeRecording, type TrafficChangeSpec } from './synthetic.ts';
