/**
 * Scale-down and work in flight (shared/simulate/engine.ts `scaleDownInFlight`): an instance removed while it
 * processes messages gets SIGTERM and is killed 10 s later (https://cloud.google.com/run/docs/container-contract#lifecycle);
 * what it had not finished comes back after the ack deadline as a duplicate.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../shared/simulate/index.ts';

// A scale-down at a known instant: a state reset cuts a CREMA pool (whose own polls never act) from 10 to 2
// instances at 60 s, while its 10 slots each hold a 100 s message.
const base = {
  seed: 3,
  arrivalsPerMinute: [10, 0, 0, 0, 0, 0, 0, 0],
  arrivalMode: 'uniform-count' as const,
  serviceTime: { kind: 'deterministic' as const, sec: 100 },
  concurrencyPerInstance: 1,
  scaling: { kind: 'crema' as const, targetBacklogPerInstance: 1000, minInstances: 0, maxInstances: 10, initialInstances: 10, pollingIntervalSec: 1000 },
  subscription: { ackDeadlineSec: 60, leaseExtension: true },
  stateResets: [{ minute: 1, instances: 2 }],
  timeline: false,
};

describe('scale-down with work in flight', () => {
  it('removing 8 of 10 busy instances redelivers their messages after the ack deadline, as duplicates', () => {
    const r = simulate(base);
    // 10 messages published in minute 0, each started at once on its own instance and running 100 s. At 60 s 8
    // instances go; each message is on a removed one with probability 8/10; all still need > 10 s at the kill.
    assert.equal(r.published, 10);
    assert.ok(r.killedInFlight! >= 5 && r.killedInFlight! <= 10, `killed ${r.killedInFlight}`);
    assert.equal(r.duplicates, r.killedInFlight, 'every lost delivery comes back once');
    assert.equal(r.expiredLeases, r.killedInFlight, 'each comes back by its lease running out');
    assert.equal(r.acked, 10);
    assert.equal(r.deliveries, 10 + r.killedInFlight!);
    // A lost message: killed at 70 s, redelivered at 130 s, then 100 s on one of the 2 slots left.
    assert.ok(r.maxMessageAgeSec >= 230, `max age ${r.maxMessageAgeSec}`);
  });

  it('work that finishes within the 10 s grace is not lost', () => {
    // Messages published in the first minute end at 100–160 s; with a 100 s grace the kill comes at 160 s.
    const r = simulate({ ...base, shutdownGraceSec: 100 });
    assert.equal(r.killedInFlight, 0);
    assert.equal(r.duplicates, 0);
  });

  it('drain (the optimistic model) keeps every delivery', () => {
    const r = simulate({ ...base, inFlightOnScaleDown: 'drain' });
    assert.equal(r.killedInFlight, 0);
    assert.equal(r.duplicates, 0);
    assert.equal(r.deliveries, 10);
  });

  it('without lease extension the copy comes back one ack deadline after the delivery started', () => {
    const r = simulate({ ...base, subscription: { ackDeadlineSec: 600, leaseExtension: false } });
    assert.ok(r.killedInFlight! > 0);
    assert.equal(r.duplicates, r.killedInFlight);
    // Started at 0–54 s, lease runs out at 600–654 s, then 100 s more.
    assert.ok(r.maxMessageAgeSec >= 700, `max age ${r.maxMessageAgeSec}`);
  });
});
