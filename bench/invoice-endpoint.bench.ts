import { Hono } from 'hono';
import { createHost } from '../host/app.js';
import localPlugin from '../plugins/local/index.js';
import { accessLog, compareRps, withServer } from './http.js';
import { report, type Ratio } from './harness.js';

/** Invoice list (50 invoices, local provider through kysely) req/s ÷ Hono hello-world on the same server. */
export async function run(): Promise<Ratio[]> {
  const adminKey = 'bench-admin-key-0123456789';
  const host = await createHost({
    adminKey,
    database: ':memory:',
    plugins: [localPlugin],
    pollMs: 0,
    collectMs: 0,
    autopayMs: 0,
    env: {},
    logger: accessLog(),
  });
  try {
    const admin = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/vnd.api+json' };
    const call = (method: string, path: string, body: unknown) =>
      host.fetch(new Request(`http://b${path}`, { method, headers: admin, body: JSON.stringify(body) }));
    await call('PUT', '/api/v1/tenants/acme', {
      data: { type: 'tenants', attributes: { name: 'Acme', billingAccount: { source: 'local', account: 'acme' } } },
    });
    const start = new Date();
    start.setUTCMonth(start.getUTCMonth() - 49, 1);
    await call('PUT', '/api/v1/tenants/acme/subscriptions/s', {
      data: {
        type: 'subscriptions',
        attributes: {
          description: 'Managed server',
          quantity: 1,
          unitAmount: 12_900,
          currency: 'EUR',
          taxRateBp: 1900,
          nextInvoiceOn: start.toISOString().slice(0, 10),
        },
      },
    });
    const minted = await call('POST', '/api/v1/embed-sessions', {
      data: { type: 'embed-sessions', attributes: { tenant: 'acme', user: 'bench', roles: ['customer'], ttlSeconds: 3600 } },
    });
    const token = ((await minted.json()) as any).data.attributes.token as string;
    const app = new Hono();
    app.get('/hello', (c) => c.text('Hello Hono!'));
    app.all('*', (c) => host.fetch(c.req.raw));
    return await withServer(app.fetch, async (base) => {
      const url = `${base}/api/v1/invoices?page[size]=50`;
      const count = ((await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).json()) as any).data.length;
      if (count !== 50) throw new Error(`expected 50 invoices, got ${count}`);
      const { a, b, ratio } = await compareRps(url, `${base}/hello`, 3, { authorization: `Bearer ${token}` });
      return [
        {
          name: 'invoice list (50 invoices) ÷ Hono hello (req/s)',
          ratio,
          target: 'recorded',
          pass: true,
          detail: `${a.toFixed(0)} vs ${b.toFixed(0)} req/s`,
        },
      ];
    });
  } finally {
    await host.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) report('Invoice endpoint', await run());
