/** What Pool Tuner looks for, and the one sentence every adapter prints when a folder holds none of it. */
import type { Workspace } from './workspace.ts';

export const LOOKED_FOR = 'Cloud Run WorkerPool, CremaConfig or KEDA ScaledObject, Pub/Sub subscription (gcloud or Config Connector) and pool-tuner.yaml documents in *.yaml, *.yml and *.tf files';

/** True when nothing in the workspace was recognised (no document of a known kind, no parse problem either). */
export function nothingRecognised(ws: Workspace): boolean {
  return !(ws.workerPools.length || ws.subscriptions.length || ws.scalers.length || ws.settings || ws.problems.length);
}

/** "no pool configs found in orders/ (looked for …)". */
export function nothingRecognisedMessage(where: string): string {
  return `no pool configs found in ${where} (looked for ${LOOKED_FOR})`;
}
