/**
 * The real host, in memory, for the element tests: @web/test-runner's dev server passes
 * `/api/*` to it, so elements are tested against the real API and a real SSE stream.
 * `/__test/*` routes let a test mint tokens and post notices with the admin key.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHost } from '../../host/app.js';
import localPlugin, { localDb } from '../../plugins/local/index.js';
import testPaymentsPlugin from '../../plugins/test-payments/index.js';
import { MemoryCompute } from '../../host/test/fake-compute-provider.js';
import { TEST_CATALOG } from '../../host/features/orders/test-catalog.js';

const ADMIN_KEY = 'element-tests-admin-key';
/** The id of acme's oldest invoice (every-element.ts shows gp-invoice-detail for it). */
const FIRST_INVOICE = 'inv-acme-first';

export async function startTestHost() {
  const cloud = new MemoryCompute('memcloud');
  cloud.addServer('proj-acme', { id: 'a1', name: 'web-01', region: 'fra1' });
  cloud.addServer('proj-acme', { id: 'a2', name: 'db-01', region: 'fra1', status: 'stopped', providerStatus: 'SHUTOFF' });
  cloud.addServer('proj-globex', { id: 'g1', name: 'app-01', region: 'ams1' });
  const host = await createHost({
    adminKey: ADMIN_KEY,
    database: ':memory:',
    plugins: [localPlugin, { plugin: testPaymentsPlugin, config: { gateway: 'test' } }, cloud.plugin()],
    compute: { watchIntervalMs: 50 },
    pollMs: 0,
    collectMs: 0,
    autopayMs: 0,
    heartbeatMs: 2000,
    env: {},
  });
  const admin = (method: string, path: string, body?: unknown) =>
    host.fetch(
      new Request(`http://test${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/vnd.api+json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  for (const id of ['acme', 'globex']) {
    // globex is a partner's customer with its own brand.
    const branding =
      id === 'globex'
        ? { displayName: 'Globex Cloud', colors: { primary: '#15803d', surface: '#f7fdf9' }, supportName: 'Globex Care' }
        : { colors: {} };
    await admin('PUT', `/api/v1/tenants/${id}`, {
      data: {
        type: 'tenants',
        attributes: {
          name: id,
          branding,
          computeAccounts: [{ source: 'memcloud', scope: `proj-${id}` }],
          billingAccount: { source: 'local', account: id },
          supportAccount: { source: 'local', account: id },
        },
      },
    });
  }
  await seedInvoices();
  // Knowledge base (platform content: the operator role) and contact matrix (the tenant's staff), through the API.
  const staff = await (async () => {
    const res = await admin('POST', '/api/v1/embed-sessions', {
      data: {
        type: 'embed-sessions',
        attributes: { tenant: 'acme', user: 'staff@nimbus.example', roles: ['staff', 'operator'], ttlSeconds: 3600 },
      },
    });
    return ((await res.json()) as any).data.attributes.token as string;
  })();
  await host.fetch(
    new Request('http://test/api/v1/kb/articles/reset-server-password', {
      method: 'PUT',
      headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/vnd.api+json' },
      body: JSON.stringify({
        data: {
          type: 'kb-articles',
          attributes: {
            title: 'Reset the root password of a server',
            category: 'Servers',
            body: 'Stop the server, choose **rescue mode**, then run `passwd`.',
            published: true,
          },
        },
      }),
    }),
  );
  const staffPut = async (path: string, body: unknown) => {
    const res = await host.fetch(
      new Request(`http://test${path}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/vnd.api+json' },
        body: JSON.stringify(body),
      }),
    );
    // A seed the host refuses would surface later as a puzzling element test failure.
    if (!res.ok) throw new Error(`seeding ${path} failed: ${res.status} ${await res.text()}`);
    return res;
  };
  await staffPut('/api/v1/kb/articles/hostile', {
    data: {
      type: 'kb-articles',
      attributes: {
        title: 'Firewall basics',
        category: 'Network',
        published: true,
        body: 'Open ports.\n\n<img src=x onerror="window.__kbPwned=1"><script>window.__kbPwned=2</script>\n\n[click](javascript:window.__kbPwned=3)',
      },
    },
  });
  await staffPut('/api/v1/contact-matrices/shop', {
    data: {
      type: 'contact-matrices',
      attributes: {
        name: 'Shop',
        timeZone: 'Europe/Berlin',
        // Every hour of every day: the test's "now" is always inside service hours.
        serviceHours: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '23:59' }],
        contacts: [
          {
            id: 'desk',
            name: 'Service Desk',
            translations: { de: { name: 'Nimbus Servicedesk' } },
            role: 'service-desk',
            phone: '+49 30 5550 100',
            email: 'desk@nimbus.example',
          },
          { id: 'sdm', name: 'Sabine Kraus', role: 'service-delivery-manager', phone: '+49 30 5550 142', email: null },
        ],
        escalation: {
          blocker: [
            { contactId: 'desk', afterMinutes: 0 },
            { contactId: 'sdm', afterMinutes: 15 },
          ],
          critical: [{ contactId: 'desk', afterMinutes: 0 }],
          major: [{ contactId: 'desk', afterMinutes: 0 }],
          minor: [{ contactId: 'desk', afterMinutes: 0 }],
        },
        onCall: {},
      },
    },
  });
  // Two days of CPU for web-01: a daily curve that hits the limit at its peaks.
  const now = Math.floor(Date.now() / 1000);
  const samples = [];
  for (let t = now - 2 * 86400; t <= now; t += 300) {
    const hour = (t / 3600) % 24;
    samples.push({
      tenant: 'acme',
      serverId: 'memcloud:a1',
      metric: 'cpu' as const,
      at: t,
      value: Math.min(100, 35 + 70 * Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI))),
    });
    samples.push({ tenant: 'acme', serverId: 'memcloud:a1', metric: 'memory' as const, at: t, value: 2048 + 512 * Math.sin(t / 7200) });
  }
  await host.services.usage.store.record(samples);
  await admin('PUT', '/api/v1/tenants/acme/services/web-01', {
    data: { type: 'services', attributes: { name: 'web-01.acme', statusComponents: [{ source: 'local', componentId: 'fra1' }] } },
  });
  await admin('PUT', '/api/v1/tenants/globex/services/app-01', {
    data: { type: 'services', attributes: { name: 'app-01.globex', statusComponents: [{ source: 'local', componentId: 'ams1' }] } },
  });

  await seedOrders();
  await seedAccount();

  /** acme's weekly db-01 backups that stopped two weeks ago, and a certificate that expires in ten days. */
  async function seedAccount() {
    const day = 86_400_000;
    for (let i = 2; i <= 12; i++) {
      const at = new Date(Date.now() - i * 7 * day);
      await admin('PUT', `/api/v1/tenants/acme/backup-runs/w${i}`, {
        data: { type: 'backup-runs', attributes: { serviceId: 'db-01', serviceName: 'db-01', startedAt: at.toISOString(), status: 'ok' } },
      });
    }
    await admin('PUT', '/api/v1/catalog/ssl-dv', {
      data: { type: 'catalog-items', attributes: { product: 'ssl', kind: 'plan', name: 'SSL DV', currency: 'EUR', monthlyAmount: 500 } },
    });
    const inTen = new Date(Date.now() + 10 * day).toISOString().slice(0, 10);
    await admin('PUT', '/api/v1/tenants/acme/service-plans/shop-cert', {
      data: {
        type: 'service-plans',
        attributes: {
          serviceName: 'shop.acme.example',
          kind: 'certificate',
          planId: 'ssl-dv',
          anchorDay: 1,
          startedOn: '2025-12-01',
          renewsOn: inTen,
        },
      },
    });
  }

  /** A catalog, and plans for acme's two servers: web-01 small (and at its CPU limit), db-01 dedicated hardware. */
  async function seedOrders() {
    for (const [id, attributes] of TEST_CATALOG)
      await admin('PUT', `/api/v1/catalog/${id}`, { data: { type: 'catalog-items', attributes } });
    // Two protection tiers of one group: a service has one of them at most.
    for (const [id, name, monthlyAmount] of [
      ['dr-plus', 'DR Plus', 2500],
      ['dr-pro', 'DR Pro', 4900],
    ] as const) {
      await admin('PUT', `/api/v1/catalog/${id}`, {
        data: { type: 'catalog-items', attributes: { product: '*', kind: 'addon', name, currency: 'EUR', monthlyAmount, group: 'dr' } },
      });
    }
    // A plan below web-01's, so the wizard has a downgrade to offer.
    await admin('PUT', '/api/v1/catalog/vps-xs', {
      data: {
        type: 'catalog-items',
        attributes: {
          product: 'vps',
          kind: 'plan',
          name: 'VPS XS',
          currency: 'EUR',
          monthlyAmount: 1000,
          rank: 0,
          capacity: { vcpus: 1, ramMb: 2048, diskGb: 40, bandwidthMbit: 500 },
        },
      },
    });
    await admin('PUT', '/api/v1/tenants/acme/service-plans/memcloud:a1', {
      data: {
        type: 'service-plans',
        attributes: { serviceName: 'web-01', planId: 'vps-s', anchorDay: 1, startedOn: '2025-01-01', renewsOn: '2027-01-01' },
      },
    });
    await admin('PUT', '/api/v1/tenants/acme/service-plans/memcloud:a2', {
      data: {
        type: 'service-plans',
        attributes: {
          serviceName: 'db-01',
          planId: 'ded-g1',
          anchorDay: 1,
          startedOn: '2023-01-01',
          renewsOn: '2027-01-01',
          device: 'Rack server SN-4711',
        },
      },
    });
  }

  /** acme: three months of a managed server, so there are overdue, open and (after tests) paid invoices. */
  async function seedInvoices() {
    const start = new Date();
    start.setUTCMonth(start.getUTCMonth() - 2, 1);
    await admin('PUT', '/api/v1/tenants/acme/subscriptions/srv', {
      data: {
        type: 'subscriptions',
        attributes: {
          description: 'Managed server M',
          quantity: 1,
          unitAmount: 12_900,
          currency: 'EUR',
          taxRateBp: 1900,
          nextInvoiceOn: start.toISOString().slice(0, 10),
        },
      },
    });
    // The oldest invoice under a known id, for elements shown for one invoice (gp-invoice-detail).
    const db = localDb(host.services.db);
    await host.services.billing.listInvoices('acme'); // the local provider bills due subscriptions when asked
    const oldest = await db
      .selectFrom('local_invoices')
      .selectAll()
      .where('tenant_id', '=', 'acme')
      .orderBy('issued_on')
      .executeTakeFirstOrThrow();
    const lines = await db.selectFrom('local_invoice_lines').selectAll().where('invoice_id', '=', oldest.id).execute();
    // Numbers are unique: the copy holds a stand-in until the original is gone.
    await db
      .insertInto('local_invoices')
      .values({ ...oldest, id: FIRST_INVOICE, number: `${oldest.number}~` })
      .execute();
    await db.deleteFrom('local_invoice_lines').where('invoice_id', '=', oldest.id).execute();
    if (lines.length)
      await db
        .insertInto('local_invoice_lines')
        .values(lines.map((l) => ({ ...l, invoice_id: FIRST_INVOICE })))
        .execute();
    await db.deleteFrom('local_invoices').where('id', '=', oldest.id).execute();
    await db.updateTable('local_invoices').set({ number: oldest.number }).where('id', '=', FIRST_INVOICE).execute();
  }

  /** Test-only controls; never part of the host. */
  async function control(url: URL, body: string): Promise<Response> {
    if (url.pathname === '/__test/token') {
      const res = await admin('POST', '/api/v1/embed-sessions', {
        data: {
          type: 'embed-sessions',
          attributes: {
            tenant: url.searchParams.get('tenant') ?? 'acme',
            user: 'test@example.com',
            roles: (url.searchParams.get('roles') ?? 'customer').split(','),
            ttlSeconds: Number(url.searchParams.get('ttl') ?? 900),
          },
        },
      });
      return new Response(JSON.stringify(((await res.json()) as any).data.attributes), { headers: { 'content-type': 'application/json' } });
    }
    if (url.pathname === '/__test/notices' && body) return admin('POST', '/api/v1/maintenances', JSON.parse(body));
    if (url.pathname.startsWith('/__test/notices/') && body)
      return admin('PATCH', `/api/v1/maintenances/${url.pathname.split('/').pop()}`, JSON.parse(body));
    if (url.pathname === '/__test/servers/settle') {
      cloud.settle();
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    }
    if (url.pathname === '/__test/servers/reset') {
      cloud.servers.set('proj-acme', []);
      cloud.addServer('proj-acme', { id: 'a1', name: 'web-01', region: 'fra1' });
      cloud.addServer('proj-acme', { id: 'a2', name: 'db-01', region: 'fra1', status: 'stopped', providerStatus: 'SHUTOFF' });
      cloud.pending.clear();
      cloud.failing = null;
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    }
    if (url.pathname === '/__test/usage') {
      await host.services.usage.store.record([
        {
          tenant: 'acme',
          serverId: 'memcloud:a1',
          metric: 'cpu',
          at: Math.floor(Date.now() / 1000),
          value: Number(url.searchParams.get('value') ?? 50),
        },
      ]);
      await host.services.bus.publish('acme', 'usage', {
        serverId: 'memcloud:a1',
        metric: 'cpu',
        at: Math.floor(Date.now() / 1000),
        value: Number(url.searchParams.get('value') ?? 50),
      });
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    }
    if (url.pathname === '/__test/billing/usd') {
      // An open invoice in dollars beside the euro ones: a customer billed in two currencies.
      const today = new Date().toISOString().slice(0, 10);
      await localDb(host.services.db)
        .insertInto('local_invoices')
        .values({
          id: 'inv-usd-1',
          tenant_id: 'acme',
          number: 'US-1001',
          issued_on: today,
          due_on: today,
          currency: 'USD',
          subtotal: 104_790,
          tax: 0,
          total: 104_790,
          amount_paid: 0,
          status: 'open',
          memo: null,
          created_at: new Date().toISOString(),
        } as any)
        .execute();
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    }
    if (url.pathname === '/__test/billing/reset') {
      const db = host.services.db;
      await localDb(db).deleteFrom('local_invoice_lines').execute();
      await localDb(db).deleteFrom('local_invoices').execute();
      await localDb(db).deleteFrom('local_payments').execute();
      await db.deleteFrom('payments').execute();
      await db.deleteFrom('payment_methods').execute();
      await db.deleteFrom('idempotency_keys').execute();
      await db.deleteFrom('autopay').execute();
      await localDb(db).deleteFrom('subscriptions').execute();
      await seedInvoices();
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    }
    if (url.pathname === '/__test/orders/reset') {
      for (const table of [
        'device_deliveries',
        'device_returns',
        'order_events',
        'order_lines',
        'orders',
        'escalations',
        'server_plans',
        'service_plans',
      ] as const)
        await host.services.db.deleteFrom(table).execute();
      await seedOrders();
      await seedAccount();
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    }
    if (url.pathname === '/__test/orders/resize-plans') {
      // VPS M runs on the compute provider's flavor f2: upgrading to it resizes the server.
      const [, vpsM] = TEST_CATALOG.find(([id]) => id === 'vps-m')!;
      await admin('PUT', '/api/v1/catalog/vps-m', {
        data: { type: 'catalog-items', attributes: { ...vpsM, flavors: { memcloud: 'f2' } } },
      });
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    }
    if (url.pathname === '/__test/pci/revise') {
      // The provider loads a revision in which one item's text changed.
      const { loadPciContent } = await import('../../host/features/pci/content.js');
      const next = loadPciContent() as any;
      next.revision = `test-${Date.now()}`;
      const item = next.requirements.flatMap((r: any) => r.items).find((i: any) => i.id === url.searchParams.get('item'));
      item.fix.en += ' (updated)';
      await host.services.pci.load(next);
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    }
    if (url.pathname === '/__test/protection/reset') {
      // Two tiers; web-01 on the daily one with a last good snapshot 30 h old (outside), db-01 unprotected.
      await localDb(host.services.db).deleteFrom('local_snapshots').execute();
      for (const table of ['protection_restores', 'protection_status'] as const) await host.services.db.deleteFrom(table).execute();
      await admin('PUT', '/api/v1/catalog/dr-daily', {
        data: {
          type: 'catalog-items',
          attributes: {
            product: '*',
            kind: 'addon',
            name: 'DR Basic',
            translations: { de: { name: 'DR Basis' } },
            currency: 'EUR',
            monthlyAmount: 900,
            rank: 1,
          },
        },
      });
      await admin('PUT', '/api/v1/catalog/dr-hourly', {
        data: {
          type: 'catalog-items',
          attributes: {
            product: '*',
            kind: 'addon',
            name: 'DR Plus',
            translations: { de: { name: 'DR Plus stündlich' } },
            currency: 'EUR',
            monthlyAmount: 2500,
            rank: 2,
          },
        },
      });
      await admin('PUT', '/api/v1/protection/tiers/dr-daily', {
        data: { type: 'protection-tiers', attributes: { rpoMinutes: 1440, snapshotEveryMinutes: 1440, retentionDays: 7 } },
      });
      await admin('PUT', '/api/v1/protection/tiers/dr-hourly', {
        data: { type: 'protection-tiers', attributes: { rpoMinutes: 60, snapshotEveryMinutes: 60, retentionDays: 3, replication: true } },
      });
      await admin('PUT', '/api/v1/tenants/acme/service-plans/memcloud:a1', {
        data: {
          type: 'service-plans',
          attributes: {
            serviceName: 'web-01',
            planId: 'vps-s',
            anchorDay: 1,
            startedOn: '2025-01-01',
            renewsOn: '2027-01-01',
            addons: [{ id: 'dr-daily', monthlyAmount: 900 }],
          },
        },
      });
      await admin('PUT', '/api/v1/tenants/acme/snapshots/nightly-1', {
        data: {
          type: 'protection-snapshots',
          attributes: {
            serverId: 'memcloud:a1',
            name: 'nightly',
            takenAt: new Date(Date.now() - 30 * 3600_000).toISOString(),
            state: 'ok',
          },
        },
      });
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    }
    if (url.pathname === '/__test/protection/tooling') {
      // The provider's tooling answers every open request: snapshots taken, restores finished.
      const open = (await (await admin('GET', '/api/v1/tenants/acme/protection-requests')).json()) as {
        data: { type: string; id: string; attributes: Record<string, string> }[];
      };
      const outcome = url.searchParams.get('restore') ?? 'succeeded';
      for (const r of open.data) {
        if (r.type === 'protection-snapshots') {
          await admin('PUT', `/api/v1/tenants/acme/snapshots/${r.id}`, {
            data: {
              type: 'protection-snapshots',
              attributes: {
                serverId: r.attributes.serverId,
                name: r.attributes.name,
                takenAt: new Date().toISOString(),
                origin: 'manual',
                state: 'ok',
              },
            },
          });
        } else if (outcome === 'progress') {
          await admin('PUT', `/api/v1/tenants/acme/restores/${r.id}`, {
            data: { type: 'protection-restores', attributes: { status: 'running', progress: 40 } },
          });
        } else {
          await admin('PUT', `/api/v1/tenants/acme/restores/${r.id}`, {
            data: {
              type: 'protection-restores',
              attributes: { status: outcome, progress: 100, message: outcome === 'failed' ? 'the clone did not boot' : null },
            },
          });
        }
      }
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    }
    if (url.pathname === '/__test/activity/seed') {
      // Through the host's one audit service, as every feature writes; one entry per hour back from now.
      const entries = JSON.parse(body) as { tenant: string; actor: string; action: string; subject: string; address: string }[];
      for (const e of entries) await host.services.audit.append(e.tenant, e.actor, e.action, e.subject, {}, { address: e.address });
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    }
    if (url.pathname === '/__test/reset') {
      await localDb(host.services.db).deleteFrom('local_notices').execute();
      await host.services.maintenances.refresh();
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    }
    return new Response('not found', { status: 404 });
  }

  /** Koa middleware for @web/dev-server: streams the host's answer (SSE included). */
  async function middleware(ctx: { req: IncomingMessage; res: ServerResponse; url: string; respond: boolean }, next: () => Promise<void>) {
    // /payments/test/*: the test gateway's own fields (script and confirm), served by the host outside the API.
    if (!ctx.url.startsWith('/api/') && !ctx.url.startsWith('/__test/') && !ctx.url.startsWith('/payments/test/')) return next();
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(ctx.url, `http://${ctx.req.headers.host ?? 'localhost'}`);
    const headers = new Headers();
    for (const [k, v] of Object.entries(ctx.req.headers)) if (typeof v === 'string') headers.set(k, v);
    const abort = new AbortController();
    ctx.req.on('close', () => abort.abort());
    const res = ctx.url.startsWith('/__test/')
      ? await control(url, body.toString())
      : await host.fetch(
          new Request(url, { method: ctx.req.method, headers, body: body.length ? body : undefined, signal: abort.signal }),
          { incoming: ctx.req },
        );
    ctx.respond = false;
    ctx.res.writeHead(res.status, Object.fromEntries(res.headers));
    if (!res.body) return void ctx.res.end();
    const reader = res.body.getReader();
    abort.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}));
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        ctx.res.write(value);
      }
    } catch {
      // The browser went away.
    }
    ctx.res.end();
  }

  return { host, middleware };
}
