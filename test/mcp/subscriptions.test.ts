/**
 * Resource subscriptions (issue 21): a real SDK client subscribed to a pool's config resource gets
 * notifications/resources/updated when one of the pool's files changes, none after unsubscribing, and none for a
 * file of another pool.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import * as path from 'node:path';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { connect, copyExamples } from './harness.ts';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('resources/subscribe', () => {
  it('a change to the pool\'s subscription file sends resources/updated for its config URI; unsubscribe stops it', async () => {
    const copy = copyExamples();
    const c = await connect({ roots: [copy.dir], resourcePollMs: 50 });
    const updated: string[] = [];
    c.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      updated.push(n.params.uri);
    });
    try {
      assert.equal(c.client.getServerCapabilities()?.resources?.subscribe, true);
      const uri = 'pool-tuner://pools/orders-worker/config';
      await c.client.subscribeResource({ uri });
      // Another pool's file: no notification for orders-worker.
      appendFileSync(path.join(copy.dir, 'transcode', 'subscription.yaml'), '# touched\n');
      await wait(400);
      assert.deepEqual(updated, []);
      appendFileSync(path.join(copy.dir, 'orders', 'subscription.yaml'), '# touched\n');
      for (let i = 0; i < 40 && updated.length === 0; i++) await wait(50);
      assert.equal(updated[0], uri);
      await c.client.unsubscribeResource({ uri });
      const seen = updated.length;
      appendFileSync(path.join(copy.dir, 'orders', 'crema.yaml'), '# touched again\n');
      await wait(400);
      assert.equal(updated.length, seen, 'a notification after unsubscribing');
    } finally {
      await c.close();
      copy.dispose();
    }
  });

  it('an unknown pool or URI is refused with a message naming what exists', async () => {
    const c = await connect();
    try {
      await assert.rejects(c.client.subscribeResource({ uri: 'pool-tuner://pools/nope/config' }), /No pool 'nope'/);
      await assert.rejects(c.client.subscribeResource({ uri: 'file:///etc/passwd' }), /only pool-tuner:\/\/pools/);
      await c.client.subscribeResource({ uri: 'pool-tuner://rules/no-retry-policy' });
    } finally {
      await c.close();
    }
  });
});
