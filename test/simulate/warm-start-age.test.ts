/**
 * The warm start's message ages (issue 19): the backlog a replay starts from (t = 0 and every segment join) carries
 * the recorded oldest unacked age. Its messages get publish times spread over that age, go first in the queue, and
 * the oldest-age timeline sees them as the oldest even when the replay already holds younger ones; their queue wait,
 * latency and max age count from the join (docs/simulator.md, "Warm start and joins").
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { simulate, type SimConfigInput } from '../../shared/simulate/index.ts';
import { PublishOrder } from '../../shared/simulate/publish-order.ts';
import { ACKED, MessageStore } from '../../shared/simulate/messages.ts';

describe('PublishOrder with a merged older batch', () => {
  it('reports the oldest live message when older ones are merged behind younger pushes', () => {
    const msgs = new MessageStore();
    const order = new PublishOrder();
    const young = [100, 110, 120].map((t) => {
      const id = msgs.alloc(t);
      order.push(id, t);
      return id;
    });
    // A join at t = 130 adds two messages published at −870 and 105: one older than everything, one in between.
    const old = [msgs.alloc(-870, 130), msgs.alloc(105, 130)];
    order.merge(Int32Array.from(old), Float64Array.from([-870, 105]));
    assert.equal(order.oldestAge(130, msgs), 1000);
    msgs.state[old[0]!] = ACKED;
    assert.equal(order.oldestAge(130, msgs), 30, 'then the replay\'s own message published at 100');
    msgs.state[young[0]!] = ACKED;
    assert.equal(order.oldestAge(130, msgs), 25, 'then the merged one published at 105');
    msgs.state[old[1]!] = ACKED;
    assert.equal(order.oldestAge(130, msgs), 20);
  });

  it('keeps its order through growth: 3,000 pushes, a merge, 3,000 more', () => {
    const msgs = new MessageStore();
    const order = new PublishOrder();
    const ids: number[] = [];
    for (let i = 0; i < 3000; i++) ids.push(msgs.alloc(i));
    ids.forEach((id, i) => order.push(id, i));
    const merged = Array.from({ length: 2000 }, (_, i) => msgs.alloc(-2000 + i * 2, 3000));
    order.merge(Int32Array.from(merged), Float64Array.from(merged.map((_, i) => -2000 + i * 2)));
    for (let i = 0; i < 3000; i++) order.push(msgs.alloc(3000 + i), 3000 + i);
    assert.equal(order.oldestAge(6000, msgs), 8000);
    // Finish the merged ones older than 500 and the pushed ones older than 700: the oldest left is merged, at 500.
    merged.forEach((id, i) => { if (-2000 + i * 2 < 500) msgs.state[id] = ACKED; });
    ids.forEach((id, i) => { if (i < 700) msgs.state[id] = ACKED; });
    assert.equal(order.oldestAge(6000, msgs), 5500);
  });
});

const oneSlot: SimConfigInput = {
  arrivalsPerMinute: [60, 0, 0, 0, 0, 0],
  arrivalMode: 'uniform-count',
  serviceTime: { kind: 'deterministic', sec: 2 },
  scaling: { kind: 'manual', instances: 1 },
};

describe('warm start ages in the engine', () => {
  it('an aged initial backlog: the timeline sees its age, waits count from t = 0', () => {
    const r = simulate({ ...oneSlot, arrivalsPerMinute: [0, 0, 0], initialBacklog: 20, initialBacklogAgeSec: 600 });
    // 20 messages published evenly over [−600, −30): after 60 s on one slot (2 s each) all are acked.
    assert.equal(r.acked, 20);
    assert.ok(r.waitSec.max <= 40, `waits count from t = 0: max ${r.waitSec.max}`);
    assert.ok(r.maxMessageAgeSec <= 40, `max age counts from t = 0: ${r.maxMessageAgeSec}`);
    const stuck = simulate({ ...oneSlot, arrivalsPerMinute: [0, 0], scaling: { kind: 'manual', instances: 0 }, initialBacklog: 20, initialBacklogAgeSec: 600, drainAfterSec: 0 });
    assert.equal(stuck.timeline[0]!.oldestAgeSec, 660, 'no slot: the oldest is the recorded age plus the minute');
    assert.equal(stuck.timeline[1]!.oldestAgeSec, 720);
  });

  it('without a recorded age the backlog is published at t = 0, as before', () => {
    const stuck = simulate({ ...oneSlot, arrivalsPerMinute: [0, 0], scaling: { kind: 'manual', instances: 0 }, initialBacklog: 20, drainAfterSec: 0 });
    assert.equal(stuck.timeline[0]!.oldestAgeSec, 60);
  });

  it('a join adds older messages ahead of the replay\'s younger queue, and the oldest age follows them', () => {
    // t = 0: 60 messages (no age), one slot at 7/3 s each: by the join at t = 60, 25 are acked and the 26th is in
    // flight until 60.67, so the replay holds 35. The join sets 135 unacked, oldest 1,000 s: 100 are added,
    // published evenly from −940 on, over 1000·100/135 s (the 35 held stand for the newest).
    const s = 7 / 3;
    const r = simulate({ ...oneSlot, arrivalsPerMinute: [0, 0, 0], serviceTime: { kind: 'deterministic', sec: s }, initialBacklog: 60, stateResets: [{ minute: 1, backlog: 135, oldestAgeSec: 1000 }] });
    assert.equal(r.timeline[0]!.backlog, 35);
    // From 60.67 the slot takes the added ones from the head: 25 acked by 120 s, the 26th (index 25) in flight.
    // Had they gone to the tail, the replay's own would go first and the oldest age at 120 s would be 1,060 s;
    // had the publish order missed them, it would show the replay's own, 120 s.
    const span = (1000 * 100) / 135;
    const expected = 120 - (-940 + (span * 25) / 100);
    assert.ok(Math.abs(r.timeline[1]!.oldestAgeSec! - expected) < 1e-6, `oldest age at 120 s: ${r.timeline[1]!.oldestAgeSec}, expected ${expected}`);
    assert.equal(r.acked, 160, 'every message is acked');
    // Waits count from the join (an added one would otherwise wait over 900 s): the longest is the replay's own
    // last message, published at 0 and started after the 100 added and 34 of its own, at 60.67 + 133·s ≈ 371 s.
    assert.ok(Math.abs(r.waitSec.max - (26 + 133) * s) < 1, `max wait ${r.waitSec.max}`);
    assert.ok(r.maxMessageAgeSec < 375, `max age ${r.maxMessageAgeSec}`);
  });
});
