import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createHost } from '../app.js';
import localPlugin from '../../plugins/local/index.js';
import { ADMIN_KEY, TEST_DATABASE_URL, dialectName } from './helpers.js';

const skip = dialectName === 'postgres' ? false : 'PostgreSQL only: set GLASSPANE_TEST_DATABASE_URL';

describe('two hosts sharing one PostgreSQL', { skip }, () => {
  test('an event published through one host reaches the other, and resumes there by id', async () => {
    const schema = `bus_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const options = { adminKey: ADMIN_KEY, database: TEST_DATABASE_URL!, databaseSchema: schema, plugins: [localPlugin], pollMs: 0, collectMs: 0, autopayMs: 0, env: {} };
    const a = await createHost(options);
    const b = await createHost(options);
    try {
      const seenOnB: { id: number; data: any }[] = [];
      b.services.bus.subscribe((e) => seenOnB.push({ id: e.id, data: e.data }));
      const first = await a.services.bus.publish('acme', 'maintenances', { op: 'remove', id: 'n:1' });
      const second = await a.services.bus.publish('acme', 'maintenances', { op: 'remove', id: 'n:2' });
      for (let i = 0; i < 100 && seenOnB.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(seenOnB.map((e) => e.data.id), ['n:1', 'n:2'], 'in order, once each');
      assert.deepEqual(seenOnB.map((e) => e.id), [first.id, second.id], 'ids are shared across hosts');

      const replay = await b.services.bus.replay('acme', first.id);
      assert.ok(replay.ok);
      assert.deepEqual(replay.events.map((e) => e.data), [{ op: 'remove', id: 'n:2' }]);
      assert.deepEqual((await b.services.bus.replay('globex', 0)).ok && (await b.services.bus.replay('globex', 0)), { ok: true, events: [] });
    } finally {
      await a.close();
      await b.close();
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });
});
