/**
 * Crash safety: a real host process is killed with SIGKILL during a burst of writes; after
 * a restart on the same database every acknowledged write is there, and nothing is
 * half-written (an order never exists without its lines and history). SQLite (WAL) and
 * PostgreSQL alike.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_KEY, TEST_DATABASE_URL, dropSchema } from './helpers.js';
import { spawnUntilReady } from './fixtures/spawn.js';

const start = (database: string, schema = '') => spawnUntilReady(['--import', 'tsx', 'host/test/fixtures/crash-host.ts', database, schema]);

async function burstAndKill(database: string, schema?: string) {
  let { child, base } = await start(database, schema);
  const call = (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.api+json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  await call('PUT', '/api/v1/tenants/acme', ADMIN_KEY, { data: { type: 'tenants', attributes: { name: 'Acme' } } });
  await call('PUT', '/api/v1/catalog/p1', ADMIN_KEY, {
    data: { type: 'catalog-items', attributes: { product: 'vps', kind: 'plan', name: 'P1', currency: 'EUR', monthlyAmount: 1000 } },
  });
  // One service per worker: concurrent orders for one service are refused (one open order per
  // service), and this test is about what a crash does to acknowledged writes.
  for (let w = 0; w < 8; w++) {
    await call('PUT', `/api/v1/tenants/acme/service-plans/s${w}`, ADMIN_KEY, {
      data: {
        type: 'service-plans',
        attributes: { serviceName: `s${w}`, planId: 'p1', anchorDay: 1, startedOn: '2026-01-01', renewsOn: '2027-01-01' },
      },
    });
  }
  const minted = await call('POST', '/api/v1/embed-sessions', ADMIN_KEY, {
    data: { type: 'embed-sessions', attributes: { tenant: 'acme', user: 'burst', roles: ['customer', 'billing'], ttlSeconds: 3600 } },
  });
  const token = ((await minted.json()) as any).data.attributes.token as string;

  // Renewal orders, eight at a time; SIGKILL once forty were acknowledged.
  const acknowledged: string[] = [];
  let killed = false;
  let next = 0;
  const worker = async (w: number) => {
    while (!killed && next < 400) {
      const key = `burst-${next++}`;
      try {
        const res = await call(
          'POST',
          '/api/v1/orders',
          token,
          { data: { type: 'orders', attributes: { type: 'renewal', serviceId: `s${w}` } } },
          { 'idempotency-key': key },
        );
        if (res.status === 201) acknowledged.push(((await res.json()) as any).data.id);
        else assert.ok(res.status < 500, `answered ${res.status} before the crash`);
      } catch {
        // the connection died with the process: not acknowledged
      }
      if (acknowledged.length >= 40 && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
  if (!killed) {
    child.kill('SIGKILL');
    assert.fail(`only ${acknowledged.length} of 400 orders were acknowledged before the planned crash`);
  }
  await new Promise((r) => (child.exitCode !== null || child.signalCode ? r(undefined) : child.once('exit', r)));

  ({ child, base } = await start(database, schema));
  try {
    const res = await call('GET', '/api/v1/orders', token);
    assert.equal(res.status, 200);
    const orders = ((await res.json()) as any).data as any[];
    const byId = new Map(orders.map((o) => [o.id, o.attributes]));
    for (const id of acknowledged) {
      const o = byId.get(id);
      assert.ok(o, `acknowledged order ${id} survived`);
      assert.equal(o.state, 'completed');
    }
    for (const o of orders) {
      assert.equal(o.attributes.lines.length, 1, `order ${o.attributes.number} has its line`);
      assert.ok(o.attributes.history.length >= 1, `order ${o.attributes.number} has its history`);
    }
    assert.ok(orders.length >= acknowledged.length);
    return { acknowledged: acknowledged.length, found: orders.length };
  } finally {
    child.kill('SIGTERM');
  }
}

describe('crash safety', () => {
  it('SQLite (WAL): SIGKILL mid-burst loses nothing acknowledged and half-writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-crash-'));
    try {
      const result = await burstAndKill(join(dir, 'gp.db'));
      assert.ok(result.acknowledged >= 40);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL: the same', { skip: TEST_DATABASE_URL ? false : 'no PostgreSQL: set GLASSPANE_TEST_DATABASE_URL' }, async () => {
    const schema = `crash_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
    try {
      const result = await burstAndKill(TEST_DATABASE_URL!, schema);
      assert.ok(result.acknowledged >= 40);
    } finally {
      await dropSchema(schema);
    }
  });
});
