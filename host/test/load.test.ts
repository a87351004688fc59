/**
 * Load: many tenants' mixed reads and writes at once against a host on loopback, bounded
 * in count. Nothing may answer 5xx, no tenant may see another's data, and the latency
 * percentiles are recorded (not asserted: this machine is noisy; bench/ holds targets).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Agent, fetch } from 'undici';
import { ADMIN_KEY, createTestHost, type TestHost } from './helpers.js';
import { serveHost } from '../http-server.js';

const TENANTS = 20;
const REQUESTS = 3000;
const CONCURRENCY = 32;
/**
 * The workers' connections, dropped after 1 s idle. Node's fetch keeps an idle connection
 * until 2 s before the server's advertised keep-alive timeout (65 s → 63 s), and Node's
 * server closes it 1 s after (66 s). This process is client and server at once: beside a
 * job that saturates the CPU one pass through its I/O callbacks took over 3 s, and a worker
 * sent its request on a connection idle since the last peak of load just before the host
 * closed it: ECONNRESET (issue #25; host/http-server.ts). With the host's 65 s alone, the
 * one connection left idle that long was dropped by the client's late timer only 0.2 to
 * 1.2 s before the server's, and one saturated run in fourteen still failed that way.
 */
const dispatcher = new Agent({ keepAliveTimeout: 1_000, keepAliveMaxTimeout: 1_000 });

describe('load', () => {
  let host: TestHost;
  let server: ReturnType<typeof serveHost>;
  let base = '';
  const tokens = new Map<string, string>();

  before(async () => {
    host = await createTestHost({ writeRateLimit: { burst: 1000, perMinute: 100_000 } });
    for (let i = 0; i < TENANTS; i++) {
      const id = `tenant-${i}`;
      await host.request('PUT', `/api/v1/tenants/${id}`, {
        token: ADMIN_KEY,
        body: { data: { type: 'tenants', attributes: { name: id } } },
      });
      tokens.set(id, await host.token(id, ['customer']));
    }
    // As host/main.ts serves: Node's 5 s keep-alive let this test's busy client reuse a
    // connection the server was closing (ECONNRESET, issue #25); see host/http-server.ts.
    server = serveHost({ fetch: host.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await dispatcher.close();
    await new Promise((r) => server.close(r));
    await host.close();
  });

  it(`${REQUESTS} mixed requests from ${TENANTS} tenants: no 5xx, no cross-tenant answer`, async (t) => {
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let leaks = 0;
    let next = 0;
    const worker = async () => {
      while (next < REQUESTS) {
        const i = next++;
        const tenant = `tenant-${i % TENANTS}`;
        const write = i % 10 < 3;
        const t0 = performance.now();
        const res = await fetch(`${base}/api/v1/escalations`, {
          dispatcher,
          method: write ? 'POST' : 'GET',
          headers: { authorization: `Bearer ${tokens.get(tenant)}`, 'content-type': 'application/vnd.api+json' },
          body: write
            ? JSON.stringify({ data: { type: 'escalations', attributes: { step: 'plan', note: `note from ${tenant} #${i}` } } })
            : undefined,
        });
        const body = (await res.json()) as any;
        latencies.push(performance.now() - t0);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (!write && res.ok) for (const e of body.data) if (!e.attributes.note.startsWith(`note from ${tenant} #`)) leaks++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const sorted = latencies.sort((a, b) => a - b);
    const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
    t.diagnostic(
      `latency p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${sorted.at(-1)!.toFixed(1)} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    assert.equal([...statuses.keys()].filter((s) => s >= 500).length, 0, `no 5xx: ${JSON.stringify(Object.fromEntries(statuses))}`);
    assert.equal(leaks, 0, 'no tenant saw another tenant’s notes');
    assert.equal((statuses.get(201) ?? 0) + (statuses.get(200) ?? 0), REQUESTS);
    const stored = await host.services.db.selectFrom('escalations').select(['tenant_id', 'note']).execute();
    assert.equal(stored.length, REQUESTS * 0.3);
    assert.ok(
      stored.every((r) => r.note.startsWith(`note from ${r.tenant_id} #`)),
      'every write landed with its own tenant',
    );
  });
});
