import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost, type Host, type HostOptions } from '../app.js';
import localPlugin from '../../plugins/local/index.js';
import testPaymentsPlugin from '../../plugins/test-payments/index.js';
import { ADMIN_KEY, TEST_DATABASE_URL, dialectName, waitFor, dropSchema } from '../test/helpers.js';
import { readEvents } from '../test/sse.js';

const skip = dialectName === 'postgres' ? false : 'PostgreSQL only: set GLASSPANE_TEST_DATABASE_URL';

/** Two hosts on one fresh schema, as two host processes share it; `close()` closes both and drops the schema. */
async function twoHosts(prefix: string, extra: Partial<HostOptions> = {}) {
  const schema = `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const options: HostOptions = {
    adminKey: ADMIN_KEY,
    database: TEST_DATABASE_URL!,
    databaseSchema: schema,
    plugins: [localPlugin],
    pollMs: 0,
    collectMs: 0,
    autopayMs: 0,
    env: {},
    ...extra,
  };
  const a = await createHost(options);
  const b = await createHost(options);
  return {
    a,
    b,
    async close() {
      await a.close();
      await b.close();
      await dropSchema(schema);
    },
  };
}

/** A JSON:API request straight to one host, with `token` as the bearer. */
const call = (host: Host, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
  host.fetch(
    new Request(`http://h${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.api+json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );

describe('two hosts sharing one PostgreSQL', { skip }, () => {
  test('an event published through one host reaches the other, and resumes there by id', async () => {
    const hosts = await twoHosts('bus');
    const { a, b } = hosts;
    try {
      const seenOnB: { id: number; data: any }[] = [];
      b.services.bus.subscribe((e) => seenOnB.push({ id: e.id, data: e.data }));
      const first = await a.services.bus.publish('acme', 'maintenances', { op: 'remove', id: 'n:1' });
      const second = await a.services.bus.publish('acme', 'maintenances', { op: 'remove', id: 'n:2' });
      await waitFor('both events on the other host', () => seenOnB.length >= 2);
      assert.deepEqual(
        seenOnB.map((e) => e.data.id),
        ['n:1', 'n:2'],
        'in order, once each',
      );
      assert.deepEqual(
        seenOnB.map((e) => e.id),
        [first.id, second.id],
        'ids are shared across hosts',
      );

      const replay = await b.services.bus.replay('acme', first.id);
      assert.ok(replay.ok);
      assert.deepEqual(
        replay.events.map((e) => e.data),
        [{ op: 'remove', id: 'n:2' }],
      );
      assert.deepEqual((await b.services.bus.replay('globex', 0)).ok && (await b.services.bus.replay('globex', 0)), {
        ok: true,
        events: [],
      });
    } finally {
      await hosts.close();
    }
  });

  test("a read's stream position on one host resumes the stream on the other", async () => {
    const hosts = await twoHosts('pos', { tokenSecret: 'shared-token-secret-0123' });
    const { a, b } = hosts;
    try {
      await call(a, 'PUT', '/api/v1/tenants/acme', ADMIN_KEY, { data: { type: 'tenants', attributes: { name: 'Acme' } } });
      const minted = await call(a, 'POST', '/api/v1/embed-sessions', ADMIN_KEY, {
        data: { type: 'embed-sessions', attributes: { tenant: 'acme', user: 'u', roles: ['customer'] } },
      });
      const token = ((await minted.json()) as any).data.attributes.token;
      const seenOnA: unknown[] = [];
      a.services.bus.subscribe((e) => seenOnA.push((e.data as { id: string }).id));
      // Published through the other host, and known to this one before the read: not replayed.
      await b.services.bus.publish('acme', 'maintenances', { op: 'remove', id: 'n:before' });
      await waitFor('the first event on the reading host', () => seenOnA.includes('n:before'));
      const read = await call(a, 'GET', '/api/v1/maintenances', token);
      assert.equal(read.status, 200);
      await read.body?.cancel();
      const position = read.headers.get('glasspane-stream-position');
      assert.ok(position);
      await a.services.bus.publish('acme', 'maintenances', { op: 'remove', id: 'n:after' });
      const stream = await call(b, 'GET', `/api/v1/stream?topics=maintenances&lastEventId=${position}`, token);
      const { events } = await readEvents(stream, 2);
      assert.deepEqual(
        events.map((e) => (e.event === 'maintenances' ? JSON.parse(e.data!).id : e.event)),
        ['ready', 'n:after'],
      );
    } finally {
      await hosts.close();
    }
  });

  test('payments hold across hosts: one key charges once, one invoice is paid once', async () => {
    const hosts = await twoHosts('pay', {
      tokenSecret: 'shared-token-secret-0123',
      // Both hosts' test gateways share one ledger, as two processes share one real gateway.
      plugins: [
        localPlugin,
        {
          plugin: testPaymentsPlugin,
          config: { gateway: 'test' as const, ledgerFile: join(mkdtempSync(join(tmpdir(), 'gp-bus-ledger-')), 'ledger.json') },
        },
      ],
    });
    const { a, b } = hosts;
    try {
      await call(a, 'PUT', '/api/v1/tenants/acme', ADMIN_KEY, {
        data: { type: 'tenants', attributes: { name: 'Acme', billingAccount: { source: 'local', account: 'acme' } } },
      });
      await call(a, 'PUT', '/api/v1/tenants/acme/subscriptions/s', ADMIN_KEY, {
        data: {
          type: 'subscriptions',
          attributes: {
            description: 'Server',
            quantity: 1,
            unitAmount: 10_000,
            currency: 'EUR',
            nextInvoiceOn: new Date().toISOString().slice(0, 10),
          },
        },
      });
      const minted = await call(a, 'POST', '/api/v1/embed-sessions', ADMIN_KEY, {
        data: { type: 'embed-sessions', attributes: { tenant: 'acme', user: 'u', roles: ['billing'] } },
      });
      const token = ((await minted.json()) as any).data.attributes.token;
      const setup = ((await (await call(a, 'POST', '/api/v1/payment-setups', token)).json()) as any).data;
      await a.fetch(
        new Request('http://h/payments/test/confirm', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ clientSecret: setup.attributes.clientSecret, number: '4242424242424242' }),
        }),
      );
      await call(a, 'POST', '/api/v1/payment-methods', token, {
        data: { type: 'payment-methods', attributes: { gatewayToken: setup.id } },
      });
      const invoice = ((await (await call(b, 'GET', '/api/v1/invoices', token)).json()) as any).data[0].id;
      const pay = (host: typeof a, key: string) =>
        call(
          host,
          'POST',
          '/api/v1/payments',
          token,
          { data: { type: 'payments', attributes: { invoiceIds: [invoice] } } },
          { 'idempotency-key': key },
        );

      const sameKey = await Promise.all([pay(a, 'shared-key-1'), pay(b, 'shared-key-1'), pay(a, 'shared-key-1'), pay(b, 'shared-key-1')]);
      const bodies = await Promise.all(sameKey.map((r) => r.json() as Promise<any>));
      assert.deepEqual(
        sameKey.map((r) => r.status),
        [201, 201, 201, 201],
      );
      assert.equal(new Set(bodies.map((x) => x.data.id)).size, 1, 'one payment, answered by both hosts');

      await call(a, 'PUT', '/api/v1/tenants/acme/subscriptions/s2', ADMIN_KEY, {
        data: {
          type: 'subscriptions',
          attributes: {
            description: 'Backup',
            quantity: 1,
            unitAmount: 2_000,
            currency: 'EUR',
            nextInvoiceOn: new Date().toISOString().slice(0, 10),
          },
        },
      });
      const open = ((await (await call(a, 'GET', '/api/v1/invoices?filter[status]=open', token)).json()) as any).data[0].id;
      const raced = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          call(
            i % 2 ? a : b,
            'POST',
            '/api/v1/payments',
            token,
            { data: { type: 'payments', attributes: { invoiceIds: [open] } } },
            { 'idempotency-key': `race-${i}-xxxxxxxx` },
          ),
        ),
      );
      assert.equal(raced.filter((r) => r.status === 201).length, 1, 'exactly one of six racing payments went through');
      const succeeded = await a.services.db.selectFrom('payments').selectAll().where('status', '=', 'succeeded').execute();
      assert.equal(succeeded.length, 2);
    } finally {
      await hosts.close();
    }
  });
});
