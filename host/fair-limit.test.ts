import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FairLimit } from './fair-limit.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A call that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { done, open };
}

test("one tenant's burst does not hold another tenant's call behind it", async () => {
  const limit = new FairLimit({ max: 2, maxQueuedPerKey: 500, pluginId: 'netsuite', providerName: 'NetSuite' });
  const order: string[] = [];
  const gates: ReturnType<typeof gate>[] = [];
  const call = (key: string, label: string) =>
    limit.run(key, async () => {
      order.push(label);
      const g = gate();
      gates.push(g);
      await g.done;
    });
  const burst = Array.from({ length: 100 }, (_, i) => call('acme', `acme-${i}`));
  const globex = call('globex', 'globex-0');
  await tick();
  assert.equal(limit.active, 2);
  assert.equal(limit.waiting('acme'), 98);
  assert.equal(limit.waiting('globex'), 1);
  // The first slot that frees goes to globex, not to acme's 98 waiting calls.
  gates.shift()!.open();
  await tick();
  assert.deepEqual(order, ['acme-0', 'acme-1', 'globex-0']);
  // Then acme's calls drain in their order.
  while (gates.length) {
    gates.shift()!.open();
    await tick();
  }
  await Promise.all([...burst, globex]);
  assert.equal(order.length, 101);
  assert.deepEqual(
    order.filter((l) => l.startsWith('acme')),
    Array.from({ length: 100 }, (_, i) => `acme-${i}`),
  );
});

test('a full queue fails fast with 503 provider_busy and Retry-After; an aborted waiter leaves', async () => {
  const limit = new FairLimit({ max: 1, maxQueuedPerKey: 2, maxQueued: 3, pluginId: 'netsuite', providerName: 'NetSuite' });
  const g = gate();
  const first = limit.run('acme', () => g.done);
  const waiting = [limit.run('acme', async () => 'a1'), limit.run('acme', async () => 'a2')];
  await assert.rejects(
    limit.run('acme', async () => 'a3'),
    (err: any) => err.errors[0].code === 'provider_busy' && err.status === 503 && err.headers['Retry-After'] === '2',
  );
  const abort = new AbortController();
  const leaving = limit.run('globex', async () => 'never', abort.signal);
  await assert.rejects(
    limit.run('initech', async () => 'x'),
    (err: any) => err.errors[0].code === 'provider_busy',
    'three waiting in all',
  );
  abort.abort(new Error('navigated away'));
  await assert.rejects(leaving, /navigated away/);
  assert.equal(limit.waiting(), 2);
  g.open();
  assert.deepEqual(await Promise.all(waiting), ['a1', 'a2']);
  await first;
  assert.equal(limit.active, 0);
});
