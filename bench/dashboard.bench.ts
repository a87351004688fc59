import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Agent, fetch } from 'undici';
import { median, medianRatio, report, type Ratio } from './harness.js';
import { spawnUntilReady } from '../host/test/fixtures/spawn.js';
import type { ScaleOutWorld } from '../host/test/fixtures/scale-out-host.js';
import { demoServerId, startOpenStackFake } from '../plugins/openstack/fake.js';
import { createTintriFake } from '../plugins/tintri/fake.js';

const SESSIONS = 200;
/** Times each session loads its dashboard's four lists while its stream stays open. */
const LOADS = 3;
const ROUNDS = 3;
const ADMIN_KEY = 'test-admin-key-0123456789';
/** PostgreSQL for the benchmark: GLASSPANE_BENCH_DATABASE_URL, else the tests' database. */
const DATABASE_URL = [process.env.GLASSPANE_BENCH_DATABASE_URL, process.env.GLASSPANE_TEST_DATABASE_URL].find((u) =>
  u?.startsWith('postgres'),
);

/** The sessions' connections: idle ones are dropped after 1 s, well before the servers' 5 s keep-alive timeout. */
const dispatcher = new Agent({ keepAliveTimeout: 1_000, keepAliveMaxTimeout: 1_000 });
/** What a request on a keep-alive connection the server just closed fails with. */
const RETRIED = new Set(['UND_ERR_SOCKET', 'ECONNRESET']);

interface Side {
  bases: string[];
  tokens: string[];
  paths: string[];
}

interface Load {
  latencies: number[];
  errors: string[];
  /** GETs sent again because the keep-alive connection they went out on had just been closed. */
  retried: number;
}

/**
 * One wave of `SESSIONS` dashboards at once, session i on process i % 2: each opens its
 * event stream (until its first frame), then loads its four lists together, `LOADS` times,
 * then closes the stream. Every request's latency, and every answer that is not a 200 (or a
 * stream that did not open) as an error.
 */
async function wave(side: Side): Promise<Load> {
  const latencies: number[] = [];
  const errors: string[] = [];
  let retried = 0;
  /**
   * A GET, sent once more (as browsers do) when the idle keep-alive connection it went out on
   * was closed or reset by the server at that moment: on a busy machine the client's idle
   * timer can fire late, after the server's 5 s keep-alive timeout closed the connection.
   */
  const get = async (url: string, headers: Record<string, string>) => {
    try {
      return await fetch(url, { headers, dispatcher });
    } catch (err) {
      if (!RETRIED.has(((err as Error).cause as { code?: string } | undefined)?.code ?? '')) throw err;
      retried++;
      return fetch(url, { headers, dispatcher });
    }
  };
  await Promise.all(
    side.tokens.map(async (token, i) => {
      const base = side.bases[i % side.bases.length]!;
      const headers = { authorization: `Bearer ${token}` };
      const abort = new AbortController();
      try {
        const stream = await fetch(`${base}/api/v1/stream?token=${token}`, { signal: abort.signal, dispatcher });
        const first = stream.status === 200 ? await stream.body!.getReader().read() : undefined;
        if (!first?.value) throw new Error(`stream: ${stream.status}`);
        for (let n = 0; n < LOADS; n++) {
          await Promise.all(
            side.paths.map(async (path) => {
              const t0 = performance.now();
              try {
                const res = await get(`${base}${path}`, headers);
                await res.arrayBuffer();
                latencies.push(performance.now() - t0);
                if (res.status !== 200) errors.push(`${path}: ${res.status}`);
              } catch (err) {
                errors.push(`${path}: ${why(err)}`);
              }
            }),
          );
        }
      } catch (err) {
        errors.push(why(err));
      } finally {
        abort.abort();
      }
    }),
  );
  return { latencies, errors, retried };
}

/** An error's message and, for fetch's "fetch failed", its cause. */
const why = (err: unknown) =>
  [err, (err as Error).cause]
    .filter(Boolean)
    .map((e) => `${(e as Error).message}${(e as { code?: string }).code ? ` (${(e as { code?: string }).code})` : ''}`)
    .join(': ');

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))]!;
};

/** Two host processes on one PostgreSQL schema, with an acme tenant whose dashboard has data in every list. */
async function startHosts(schema: string, children: ChildProcess[], closers: (() => Promise<unknown>)[]): Promise<Side> {
  const openstack = await startOpenStackFake({ seed: 'demo' });
  closers.push(() => openstack.close());
  const tintri = await createTintriFake({ seed: 'demo' });
  closers.push(() => tintri.close());
  const ledgerDir = mkdtempSync(join(tmpdir(), 'gp-dash-'));
  closers.push(async () => rmSync(ledgerDir, { recursive: true, force: true }));
  const world: ScaleOutWorld = {
    openstack: {
      authUrl: openstack.authUrl,
      username: openstack.username,
      password: openstack.password,
      projectId: openstack.projectId,
      userDomainName: openstack.userDomainName,
    },
    tintri: tintri.config,
    ledgerFile: join(ledgerDir, 'ledger.json'),
  };
  const bases: string[] = [];
  // The first process migrates; the second finds the schema ready.
  for (let i = 0; i < 2; i++) {
    const args = ['--import', 'tsx', 'host/test/fixtures/scale-out-host.ts', DATABASE_URL!, schema, JSON.stringify(world)];
    const { child, base } = await spawnUntilReady(args);
    children.push(child);
    bases.push(base);
  }
  const admin = async (method: string, path: string, body: unknown) => {
    const headers = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/vnd.api+json' };
    const res = await fetch(`${bases[0]}${path}`, { method, headers, body: JSON.stringify(body), dispatcher });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  await admin('PUT', '/api/v1/tenants/acme', {
    data: {
      type: 'tenants',
      attributes: {
        name: 'Acme',
        supportAccount: { source: 'local', account: 'acme' },
        billingAccount: { source: 'local', account: 'acme' },
        computeAccounts: [{ source: 'openstack', scope: openstack.projectId }],
      },
    },
  });
  const start = new Date();
  start.setUTCMonth(start.getUTCMonth() - 11, 1);
  await admin('PUT', '/api/v1/tenants/acme/subscriptions/s', {
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
  const tokens: string[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const attributes = { tenant: 'acme', user: `user-${i}@acme.example`, roles: ['customer'], ttlSeconds: 3600 };
    const minted = await admin('POST', '/api/v1/embed-sessions', { data: { type: 'embed-sessions', attributes } });
    tokens.push(minted.data.attributes.token as string);
  }
  for (let i = 0; i < 5; i++) {
    const res = await fetch(`${bases[i % 2]}/api/v1/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/vnd.api+json' },
      body: JSON.stringify({ data: { type: 'tickets', attributes: { subject: `Host ${i} down`, description: 'Down', urgency: 'major' } } }),
    });
    if (res.status !== 201) throw new Error(`ticket: ${res.status} ${await res.text()}`);
  }
  // 100 raw CPU samples of web-01 in the last two hours, as the collector would have stored them.
  const serverId = `openstack:${demoServerId('web-01')}`;
  const now = Math.floor(Date.now() / 1000);
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const values = Array.from({ length: 100 }, (_, i) => {
      const v = 40 + (i % 10);
      return `('acme', '${serverId}', 'cpu', 0, ${now - (100 - i) * 60}, ${v}, 1, ${v}, ${v})`;
    });
    const columns = 'tenant_id, server_id, metric, tier, at, sum, count, min, max';
    await client.query(`INSERT INTO ${schema}.usage_samples (${columns}) VALUES ${values.join(',')}`);
  } finally {
    await client.end();
  }
  const usage = `/api/v1/servers/${encodeURIComponent(serverId)}/usage?metric=cpu&start=${new Date((now - 7200) * 1000).toISOString()}`;
  const paths = [usage, '/api/v1/servers', '/api/v1/invoices', '/api/v1/tickets'];
  // Every list has its data on both processes before anything is timed.
  for (const base of bases) {
    const headers = { authorization: `Bearer ${tokens[0]}` };
    const read = async (p: string) => (await fetch(`${base}${p}`, { headers, dispatcher })).json() as Promise<any>;
    const [usage, servers, invoices, tickets] = await Promise.all(paths.map(read));
    const counts = [usage.data?.attributes?.values?.length, servers.data?.length, invoices.data?.length, tickets.data?.length];
    if (counts[0] !== 100 || !counts.slice(1).every((n) => n > 0)) throw new Error(`the dashboard lacks data: ${JSON.stringify(counts)}`);
  }
  return { bases, tokens, paths };
}

/**
 * A portal's dashboard under load, scaled out: two host processes on one PostgreSQL, 200
 * sessions at once, each holding its event stream and loading usage (100 points), servers
 * (OpenStack fake), invoices and tickets (local provider) three times. Baseline: the same
 * load on two Hono hello-world processes (bench/fixtures/hono-hello.ts), each answering
 * every GET with "Hello Hono!" and holding the streams open. Rounds alternate; the ratios
 * are the medians of each round's host p50 (p99) ÷ hello p50 (p99). Every request must
 * answer 200: one error fails the target. Skipped without PostgreSQL.
 */
export async function run(): Promise<Ratio[]> {
  const name = `dashboard, 2 processes on PostgreSQL, ${SESSIONS} sessions`;
  if (!DATABASE_URL) {
    console.log('dashboard bench skipped: no PostgreSQL (set GLASSPANE_BENCH_DATABASE_URL or GLASSPANE_TEST_DATABASE_URL to postgres://…)');
    return [{ name: `${name}: skipped`, ratio: NaN, target: 'PostgreSQL', pass: true, detail: 'no GLASSPANE_BENCH_DATABASE_URL' }];
  }
  const schema = `bench_dash_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const children: ChildProcess[] = [];
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const host = await startHosts(schema, children, closers);
    const hello: Side = { bases: [], tokens: host.tokens, paths: host.paths };
    for (let i = 0; i < 2; i++) {
      const { child, base } = await spawnUntilReady(['--import', 'tsx', 'bench/fixtures/hono-hello.ts']);
      children.push(child);
      hello.bases.push(base);
    }
    const p50 = { host: [] as number[], hello: [] as number[] };
    const p99 = { host: [] as number[], hello: [] as number[] };
    const errors: string[] = [];
    let requests = 0;
    let retried = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of round % 2 ? (['hello', 'host'] as const) : (['host', 'hello'] as const)) {
        const load = await wave(kind === 'host' ? host : hello);
        p50[kind].push(percentile(load.latencies, 50));
        p99[kind].push(percentile(load.latencies, 99));
        if (kind === 'host') {
          errors.push(...load.errors);
          requests += load.latencies.length;
          retried += load.retried;
        } else if (load.errors.length) {
          console.log(`the hello baseline failed ${load.errors.length} times: ${[...new Set(load.errors)].slice(0, 3).join('; ')}`);
        }
      }
    }
    const ms = (xs: number[]) => `${median(xs).toFixed(1)} ms`;
    return [
      {
        name: `${name}: errors`,
        ratio: errors.length,
        target: '0',
        pass: errors.length === 0,
        detail:
          `${errors.length} of ${requests} requests${errors.length ? `: ${[...new Set(errors)].slice(0, 3).join('; ')}` : ''}; ` +
          `${retried} sent again on a just-closed keep-alive connection`,
      },
      ...(['p50', 'p99'] as const).map((p) => {
        const { host: h, hello: b } = p === 'p50' ? p50 : p99;
        const detail = `${ms(h)} vs ${ms(b)}`;
        return { name: `${name}: ${p} ÷ Hono hello, same load`, ratio: medianRatio(h, b), target: 'recorded', pass: true, detail };
      }),
    ];
  } finally {
    for (const child of children) child.kill('SIGKILL');
    for (const close of closers) await close();
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) report('Dashboard', await run());
