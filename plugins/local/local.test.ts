import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { definePlugin, ProtectionProviderToken, resolvePluginConfig, type ProtectionProvider } from '@glasspane/host';
import { ADMIN_KEY, createTestHost, seedTwoTenants, type TestHost } from '../../host/test/helpers.js';
import localPlugin, { localDb } from './index.js';
import { LocalBillingProvider } from './billing.js';

/** A storage system's plugin, as Tintri is: it only has to exist to be chosen. */
const storage = definePlugin({
  id: 'storage',
  provides: ['ProtectionProvider'],
  config: z.object({}),
  register({ container }) {
    container.register(ProtectionProviderToken, { useValue: { source: 'storage' } as ProtectionProvider });
  },
});

describe('the local plugin as a fallback', () => {
  const hosts: TestHost[] = [];
  after(async () => {
    for (const h of hosts) await h.close();
  });

  it('protects the servers when no other plugin does', async () => {
    const host = await createTestHost({ plugins: [localPlugin] });
    hosts.push(host);
    assert.equal(host.services.protection.source, 'local');
  });

  it("gives way to a storage system's plugin, listed before or after it", async () => {
    for (const plugins of [
      [localPlugin, storage],
      [storage, localPlugin],
    ]) {
      const host = await createTestHost({ plugins });
      hosts.push(host);
      assert.equal(host.services.protection.source, 'storage');
    }
  });
});

describe('the local plugin brings its routes and seed', () => {
  let host: TestHost;
  after(() => host?.close());

  it('mounts its inbox routes behind the admin key, in the OpenAPI document', async () => {
    host = await createTestHost();
    await seedTwoTenants(host);
    const doc = (await (await host.request('GET', '/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const path of [
      '/api/v1/tenants/{tenantId}/subscriptions/{subscriptionId}',
      '/api/v1/tenants/{tenantId}/backup-runs/{runId}',
      '/api/v1/tenants/{tenantId}/snapshots/{snapshotId}',
      '/api/v1/tenants/{tenantId}/restores/{restoreId}',
      '/api/v1/tenants/{tenantId}/protection-requests',
    ]) {
      assert.ok(doc.paths[path], path);
    }
    const run = {
      data: {
        type: 'backup-runs',
        attributes: { serviceId: 'web-01', serviceName: 'web-01', startedAt: '2026-11-01T02:00:00Z', status: 'ok' },
      },
    };
    const customer = await host.token('acme');
    assert.equal((await host.request('PUT', '/api/v1/tenants/acme/backup-runs/r1', { token: customer, body: run })).status, 401);
    assert.equal((await host.request('PUT', '/api/v1/tenants/acme/backup-runs/r1', { token: ADMIN_KEY, body: run })).status, 204);
    assert.equal((await host.request('PUT', '/api/v1/tenants/ghost/backup-runs/r1', { token: ADMIN_KEY, body: run })).status, 404);
    const rows = await localDb(host.services.db).selectFrom('local_backup_runs').select(['id', 'tenant_id', 'status']).execute();
    assert.deepEqual(rows, [{ id: 'r1', tenant_id: 'acme', status: 'ok' }]);
  });

  it('seeds subscriptions once and tickets only while a tenant has none', async () => {
    const context = { db: host.services.db, now: host.services.now };
    const subscription = { id: 'srv', description: 'Server', quantity: 1, unitAmount: 1000, currency: 'EUR', nextInvoiceOn: '2026-11-01' };
    const ticket = {
      subject: 'Slow',
      description: 'Slow',
      status: 'open',
      urgency: 'major',
      requester: 'a@acme.example',
      at: '2026-10-01T00:00:00.000Z',
    };
    await localPlugin.seed!(context, {
      subscriptions: { acme: [subscription] },
      tickets: { acme: [ticket, { ...ticket, subject: 'Down' }] },
    });
    await localPlugin.seed!(context, { subscriptions: { acme: [{ ...subscription, quantity: 5 }] }, tickets: { acme: [ticket] } });
    const db = localDb(host.services.db);
    assert.deepEqual(await db.selectFrom('subscriptions').select(['id', 'tenant_id', 'quantity', 'interval_months', 'active']).execute(), [
      { id: 'srv', tenant_id: 'acme', quantity: 1, interval_months: 1, active: 1 },
    ]);
    assert.deepEqual(await db.selectFrom('tickets').select(['number', 'subject']).orderBy('number').execute(), [
      { number: 'T-1001', subject: 'Slow' },
      { number: 'T-1002', subject: 'Down' },
    ]);
  });
});

describe('the local plugin under concurrency', () => {
  let host: TestHost;
  const clock = new Date('2026-11-10T10:00:00Z');
  const admin = (method: string, path: string, body: unknown) => host.request(method, path, { token: ADMIN_KEY, body });
  after(() => host.close());

  it('fifty concurrent tickets from fifty sessions get fifty different numbers, no 5xx', async () => {
    host = await createTestHost({ plugins: [localPlugin], now: () => clock });
    const tenant = await admin('PUT', '/api/v1/tenants/acme', {
      data: {
        type: 'tenants',
        attributes: {
          name: 'Acme',
          supportAccount: { source: 'local', account: 'acme' },
          billingAccount: { source: 'local', account: 'acme' },
        },
      },
    });
    assert.equal(tenant.status, 201, await tenant.clone().text());
    const tokens = await Promise.all(Array.from({ length: 50 }, () => host.token('acme', ['customer', 'technical'])));
    const answers = await Promise.all(
      tokens.map((token, i) =>
        host.request('POST', '/api/v1/tickets', {
          token,
          body: {
            data: {
              type: 'tickets',
              attributes: { subject: `Disk ${i} is full on db-${i}`, description: `Volume ${i} at 100 %`, urgency: 'minor' },
            },
          },
        }),
      ),
    );
    assert.deepEqual(
      [...new Set(answers.map((r) => r.status))],
      [201],
      (await Promise.all(answers.filter((r) => r.status !== 201).map((r) => r.text()))).join('\n'),
    );
    const numbers = (await localDb(host.services.db).selectFrom('tickets').select('number').where('tenant_id', '=', 'acme').execute()).map(
      (r) => r.number,
    );
    assert.equal(numbers.length, 50);
    assert.equal(new Set(numbers).size, 50, 'no number twice');
  });

  it("twenty concurrent first reads of a billing date issue each period's invoice once", async () => {
    for (const [id, description, unitAmount] of [
      ['srv', 'Managed server M', 12_900],
      ['bak', 'Backup 500 GB', 2_500],
    ] as const) {
      const res = await admin('PUT', `/api/v1/tenants/acme/subscriptions/${id}`, {
        data: {
          type: 'subscriptions',
          attributes: {
            description,
            quantity: 1,
            unitAmount,
            currency: 'EUR',
            intervalMonths: 1,
            taxRateBp: 1900,
            nextInvoiceOn: '2026-10-01',
          },
        },
      });
      assert.equal(res.status, 200, await res.clone().text());
    }
    const tokens = await Promise.all(Array.from({ length: 20 }, () => host.token('acme', ['billing'])));
    const answers = await Promise.all(tokens.map((token) => host.request('GET', '/api/v1/invoices', { token })));
    assert.deepEqual([...new Set(answers.map((r) => r.status))], [200]);
    const issued = await localDb(host.services.db)
      .selectFrom('local_invoices')
      .select(['number', 'issued_on', 'total'])
      .where('tenant_id', '=', 'acme')
      .orderBy('issued_on')
      .execute();
    // October and November, each with both subscriptions on one invoice: two invoices, not forty.
    assert.deepEqual(
      issued.map((i) => i.issued_on),
      ['2026-10-01', '2026-11-01'],
    );
    assert.equal(new Set(issued.map((i) => i.number)).size, 2);
    assert.ok(issued.every((i) => Number(i.total) === Math.round((12_900 + 2_500) * 1.19)));
  });

  it('addCharge issues a one-line invoice for the amount and its period, once per reference; a credit is negative', async () => {
    const provider = new LocalBillingProvider(localDb(host.services.db), () => clock);
    const input = {
      description: 'web-01: VPS S → VPS L (ORD-1001)',
      amount: 2100,
      currency: 'EUR',
      periodStart: '2026-11-10',
      periodEnd: '2026-12-01',
      reference: 'order:o-1',
    };
    const first = await provider.addCharge('acme', input);
    assert.deepEqual(await provider.addCharge('acme', input), first, 'the same reference answers the first invoice');
    const invoice = (await provider.getInvoice('acme', first.invoiceId))!;
    assert.deepEqual([invoice.issuedOn, invoice.total, invoice.tax, invoice.lines.length], ['2026-11-10', 2100, 0, 1]);
    assert.deepEqual(
      [invoice.lines[0]!.amount, invoice.lines[0]!.description],
      [2100, 'web-01: VPS S → VPS L (ORD-1001), 2026-11-10 – 2026-11-30'],
    );
    const credit = await provider.addCharge('acme', { ...input, amount: -700, reference: 'order:o-2' });
    assert.notEqual(credit.invoiceId, first.invoiceId);
    assert.equal((await provider.getInvoice('acme', credit.invoiceId))!.total, -700);
    assert.equal(await provider.getInvoice('globex', first.invoiceId), undefined, "another account's invoice stays there");
  });

  it('issues and dates invoices by the day in the billing zone, not in UTC (GLASSPANE_BILLING_TIME_ZONE)', async () => {
    const res = await admin('PUT', '/api/v1/tenants/acme/subscriptions/zone', {
      data: {
        type: 'subscriptions',
        attributes: {
          description: 'Rack unit',
          quantity: 1,
          unitAmount: 9_900,
          currency: 'EUR',
          intervalMonths: 1,
          taxRateBp: 1900,
          nextInvoiceOn: '2026-12-01',
        },
      },
    });
    assert.equal(res.status, 200, await res.clone().text());
    // 23:30 UTC on 30 November is already 1 December in Berlin.
    const late = () => new Date('2026-11-30T23:30:00Z');
    const issuedOnDecember = () =>
      localDb(host.services.db)
        .selectFrom('local_invoices')
        .select('id')
        .where('tenant_id', '=', 'acme')
        .where('issued_on', '=', '2026-12-01')
        .execute();
    await new LocalBillingProvider(localDb(host.services.db), late).listInvoices('acme');
    assert.equal((await issuedOnDecember()).length, 0, 'in UTC it is still November');
    const berlin = new LocalBillingProvider(localDb(host.services.db), late, { timeZone: 'Europe/Berlin' });
    await berlin.listInvoices('acme');
    assert.equal((await issuedOnDecember()).length, 1, "in Berlin December's invoice is due");
    assert.equal(resolvePluginConfig(localPlugin, undefined, { GLASSPANE_BILLING_TIME_ZONE: 'Europe/Berlin' }).timeZone, 'Europe/Berlin');
    assert.throws(() => resolvePluginConfig(localPlugin, undefined, { GLASSPANE_BILLING_TIME_ZONE: 'Mars/Olympus' }), /IANA time zone/);
  });
});
