/**
 * The extension host's side of the tuner worker (tune-worker.ts): sends the workspace and the snapshot once per
 * version and one pool name per request. Started on first use; when it cannot run (no bundle beside the
 * extension, or it crashed) `propose` answers undefined and the caller tunes in-process.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Proposal } from '../shared/index.ts';
import { errorText, type Log } from './log.ts';
import type { TuneRequest, TuneResponse } from './tune-protocol.ts';

export interface TuneInput {
  version: number;
  texts: ReadonlyMap<string, string>;
  snapshot?: { version: number; text: string; source: string };
}

export class TuneWorkerClient {
  private worker: Worker | undefined;
  private broken = false;
  private sentVersion = -1;
  private sentSnapshot = -1;
  private nextId = 1;
  private readonly pending = new Map<number, (r: TuneResponse | undefined) => void>();
  /** Proposals (or tuner errors) the worker has answered with. */
  answered = 0;

  constructor(private readonly dist: string, private readonly log: Log) {}

  private start(): Worker | undefined {
    if (this.worker || this.broken) return this.worker;
    const script = path.join(this.dist, 'tune-worker.js');
    if (!existsSync(script)) {
      this.broken = true;
      return undefined;
    }
    const w = new Worker(script, { workerData: { dist: this.dist } });
    w.unref();
    w.on('message', (r: TuneResponse) => {
      this.pending.get(r.id)?.(r);
      this.pending.delete(r.id);
    });
    const fail = (why: string): void => {
      this.log.warn(`tuner worker stopped (${why}); tuning in the extension host`);
      this.broken = true;
      this.worker = undefined;
      for (const done of this.pending.values()) done(undefined);
      this.pending.clear();
    };
    w.on('error', (err) => fail(errorText(err)));
    w.on('exit', (code) => code !== 0 && this.worker === w && fail(`exit ${code}`));
    this.worker = w;
    return w;
  }

  private send(req: TuneRequest): Promise<TuneResponse | undefined> {
    const w = this.start();
    if (!w) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.pending.set(req.id, resolve);
      w.postMessage(req);
    });
  }

  /** The proposal for `pool` on `input`, computed in the worker; undefined when the worker is unavailable. */
  async propose(input: TuneInput, pool: string): Promise<{ proposal?: Proposal; error?: string } | undefined> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const req: TuneRequest = { id: this.nextId++, pool, version: input.version, snapshotVersion: input.snapshot?.version };
      if (this.sentVersion !== input.version || attempt > 0) {
        req.files = [...input.texts];
        this.sentVersion = input.version;
      }
      if (input.snapshot && (this.sentSnapshot !== input.snapshot.version || attempt > 0)) {
        req.snapshot = input.snapshot;
        this.sentSnapshot = input.snapshot.version;
      }
      const r = await this.send(req);
      if (!r) return undefined;
      if ('proposal' in r || 'error' in r) this.answered++;
      if ('proposal' in r) return { proposal: r.proposal };
      if ('error' in r) return { error: r.error };
      // stale: another version reached the worker in between; send this one again with its files.
    }
    return { error: 'the workspace kept changing' };
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
