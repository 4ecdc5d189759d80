/**
 * The applied proposal records (.pool-tuner/proposals/ beside pool-tuner.yaml) as the editor knows them: reloaded
 * after every rebuild of the workspace model, and `onDidChange` fires only when their content changed. The review
 * gets them (the traffic-drift rule, as in `pool-tuner review --metrics`), and so does the "tuned …" CodeLens.
 */
import * as vscode from 'vscode';
import type { ProposalRecord, Workspace } from '../shared/index.ts';
import { latestPerPool, readProposalRecords, recordsDirFor } from '../shared/node/proposal-records.ts';

export class ProposalRecords implements vscode.Disposable {
  private all: ProposalRecord[] = [];
  private content = '[]';
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  get records(): readonly ProposalRecord[] {
    return this.all;
  }

  /** The latest record per pool. */
  latest(): Map<string, ProposalRecord> {
    return latestPerPool(this.all);
  }

  /** Reads the records for `ws` (files keyed by absolute path; `folder` resolves a relative settings folder). */
  async reload(ws: Workspace, folder: string): Promise<void> {
    const { records } = await readProposalRecords(recordsDirFor(folder, ws));
    const content = JSON.stringify(records);
    if (content === this.content) return;
    this.content = content;
    this.all = records;
    this.emitter.fire();
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
