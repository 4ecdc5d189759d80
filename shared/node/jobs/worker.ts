/**
 * Job worker thread entry (bundled as dist/worker.js): runs one job at a time from the pool (pool.ts) and posts
 * progress and the result back. The main thread cancels a job by terminating this thread.
 */
import { parentPort } from 'node:worker_threads';
import { errorData, runJob } from './run-job.ts';
import type { WireRequest, WorkerMessage } from './protocol.ts';

// Whatever a library prints goes to stderr: the process's stdout may be the MCP protocol channel.
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;

const port = parentPort;
if (!port) throw new Error('shared/node/jobs/worker.ts is a worker thread entry; the pool starts it');
port.on('message', (msg: { id: number; req: WireRequest }) => {
  const post = (m: WorkerMessage) => port.postMessage(m);
  runJob(msg.req, (progress) => post({ id: msg.id, type: 'progress', progress }))
    .then((result) => post({ id: msg.id, type: 'done', result }))
    .catch((err: unknown) => post({ id: msg.id, type: 'error', error: errorData(err) }));
});
