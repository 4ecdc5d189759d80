/** Messages between the extension host and the tuner's worker thread (tune-worker.ts, tune-client.ts). */
import type { Proposal } from '../shared/index.ts';

export interface TuneRequest {
  id: number;
  pool: string;
  /** Workspace version the answer must be computed on. */
  version: number;
  /** The files of that version, sent once per version. */
  files?: [string, string][];
  /** Snapshot version the metrics must come from (undefined: none). */
  snapshotVersion?: number;
  /** The snapshot's text, sent once per version. */
  snapshot?: { version: number; text: string; source: string };
}

export type TuneResponse =
  | { id: number; proposal: Proposal }
  | { id: number; error: string }
  /** The worker holds another version (a newer request replaced it): ask again. */
  | { id: number; stale: true };
