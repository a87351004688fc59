import { Hono } from 'hono';
import { createHost } from '../host/app.js';
import { MemoryCompute } from '../host/test/fake-compute-provider.js';
import { accessLog, compareRps, withServer } from './http.js';
import { report, type Ratio } from './harness.js';

/** Usage endpoint (100 points, through kysely) req/s ÷ Hono hello-world req/s on the same server. */
export async function run(): Promise<Ratio[]> {
  const cloud = new MemoryCompute();
  cloud.addServer('p', { id: 's1', name: 'web-01' });
  const adminKey = 'bench-admin-key-0123456789';
  const host = await createHost({
    adminKey,
    database: ':memory:',
    plugins: [cloud.plugin()],
    pollMs: 0,
    collectMs: 0,
    autopayMs: 0,
    env: {},
    logger: accessLog(),
  });
  try {
    const admin = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/vnd.api+json' };
    await host.fetch(
      new Request('http://b/api/v1/tenants/acme', {
        method: 'PUT',
        headers: admin,
        body: JSON.stringify({
          data: { type: 'tenants', attributes: { name: 'Acme', computeAccounts: [{ source: 'memcloud', scope: 'p' }] } },
        }),
      }),
    );
    const minted = await host.fetch(
      new Request('http://b/api/v1/embed-sessions', {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({
          data: { type: 'embed-sessions', attributes: { tenant: 'acme', user: 'bench', roles: ['customer'], ttlSeconds: 3600 } },
        }),
      }),
    );
    const token = ((await minted.json()) as any).data.attributes.token as string;
    const now = Math.floor(Date.now() / 1000);
    await host.services.usage.store.record(
      Array.from({ length: 100 }, (_, i) => ({
        tenant: 'acme',
        serverId: 'memcloud:s1',
        metric: 'cpu' as const,
        at: now - (100 - i) * 60,
        value: 40 + (i % 10),
      })),
    );

    const app = new Hono();
    app.get('/hello', (c) => c.text('Hello Hono!'));
    app.all('*', (c) => host.fetch(c.req.raw));
    return await withServer(app.fetch, async (base) => {
      const usage = `${base}/api/v1/servers/memcloud:s1/usage?metric=cpu&maxDataPoints=1000&start=${new Date((now - 7200) * 1000).toISOString()}`;
      const check = await fetch(usage, { headers: { authorization: `Bearer ${token}` } });
      const points = ((await check.json()) as any).data.attributes.values.length;
      if (points !== 100) throw new Error(`expected 100 points, got ${points}`);
      const { a, b, ratio } = await compareRps(usage, `${base}/hello`, 5, { authorization: `Bearer ${token}` });
      return [
        {
          name: 'usage endpoint (100 points) ÷ Hono hello (req/s)',
          ratio,
          target: '≥ 0.11',
          pass: ratio >= 0.11,
          detail: `${a.toFixed(0)} vs ${b.toFixed(0)} req/s`,
        },
      ];
    });
  } finally {
    await host.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) report('Usage endpoint', await run());
