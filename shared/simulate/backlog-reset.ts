/**
 * A join between recorded segments (engine.ts onReset), and the warm start at t = 0: the unacked count jumps to the
 * recorded backlog. Missing messages are added; excess queued first deliveries (oldest first; retries and
 * redeliveries stay, they carry attempt counts) leave the simulation uncounted, neither acked nor dead-lettered.
 *
 * Ages of the added messages (docs/simulator.md, "Warm start and joins"): when the recording gives the oldest
 * unacked age A of that minute, the backlog of N messages is taken as accumulated at a constant rate λ = N ÷ A over
 * A, none of it served yet (an assumption, the simplest history with both recorded figures: the recording gives
 * only N and A, not the ages in between; under FIFO service the backlog then holds exactly the λ·A messages
 * published in the last A seconds), so its publish times are uniform on [t − A, t]. The k messages the replay
 * already holds stand for the newest k of them (ages up to A·k/N); the N − k added get publish times spread evenly
 * from t − A (exactly the recorded oldest age) to t − A·k/N, and go to the head of the queue, oldest first, ahead
 * of the replay's own (younger) queued copies. Without a recorded age they are published at t, at the tail, as
 * before. Their queue wait, latency and age figures count from t (the window start: MessageStore.countFrom); only
 * the oldest-age timeline sees the true publish times.
 */
import { ACKED, LIVE, type IntFifo, type MessageStore } from './messages.ts';
import type { PublishOrder } from './publish-order.ts';
import type { RunCounters } from './counters.ts';

export function resetBacklog(t: number, backlog: number, s: { msgs: MessageStore; queue: IntFifo; c: RunCounters; order?: PublishOrder }, oldestAgeSec = 0): void {
  const held = s.c.unacked;
  let diff = backlog - held;
  if (diff > 0 && oldestAgeSec > 0) {
    addAged(t, diff, oldestAgeSec * (diff / backlog), oldestAgeSec, s);
    return;
  }
  for (; diff > 0; diff--) {
    const id = s.msgs.alloc(t);
    s.c.published++;
    s.c.unacked++;
    s.queue.push(id << 1);
    s.order?.push(id, t);
  }
  if (diff >= 0) return;
  const kept: number[] = [];
  for (let k = s.queue.length; k > 0; k--) {
    const entry = s.queue.shift();
    const id = entry >> 1;
    if (diff < 0 && s.msgs.state[id] === LIVE && s.msgs.attempts[id] === 0) {
      s.msgs.state[id] = ACKED; // leaves the window: neither acked nor dead-lettered in the counts
      s.c.unacked--;
      s.c.published--;
      diff++;
      s.msgs.release(id);
    } else kept.push(entry);
  }
  for (const e of kept) s.queue.push(e);
}

/** `add` messages published evenly over [t − oldest, t − oldest + span), queued ahead of the replay's own. */
function addAged(t: number, add: number, span: number, oldest: number, s: { msgs: MessageStore; queue: IntFifo; c: RunCounters; order?: PublishOrder }): void {
  const queued: number[] = [];
  while (s.queue.length > 0) queued.push(s.queue.shift());
  const ids = new Int32Array(add);
  const ts = new Float64Array(add);
  for (let i = 0; i < add; i++) {
    const at = t - oldest + (span * i) / add;
    const id = s.msgs.alloc(at, t);
    ids[i] = id;
    ts[i] = at;
    s.queue.push(id << 1);
  }
  s.c.published += add;
  s.c.unacked += add;
  for (const e of queued) s.queue.push(e);
  s.order?.merge(ids, ts);
}
