/**
 * A join between recorded segments (engine.ts onReset): the unacked count jumps to the recorded backlog. Missing
 * messages are published now; excess queued first deliveries (oldest first; retries and redeliveries stay, they
 * carry attempt counts) leave the simulation uncounted, neither acked nor dead-lettered.
 */
import { ACKED, LIVE, type IntFifo, type MessageStore } from './messages.ts';
import type { PublishOrder } from './publish-order.ts';
import type { RunCounters } from './counters.ts';

export function resetBacklog(t: number, backlog: number, s: { msgs: MessageStore; queue: IntFifo; c: RunCounters; order?: PublishOrder }): void {
  let diff = backlog - s.c.unacked;
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
