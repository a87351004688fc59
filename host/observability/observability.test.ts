import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Observability } from './index.js';
import { ADMIN_KEY, captureLogs, createTestHost } from '../test/helpers.js';
import { ProviderError } from '../errors.js';
import { recordProviderCall } from '../provider-status.js';
import { CircuitBreaker, providerFetch } from '../provider-http.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Jobs } from '../jobs.js';
import { OTHER_OPERATION, portOperationNames } from '../provider-operation.js';
import openstackPlugin from '../../plugins/openstack/index.js';
import { startOpenStackFake } from '../../plugins/openstack/fake.js';

const METRICS_TOKEN = 'metrics-token-abcdefghijklmnop';

describe('request ids and access logs', () => {
  it('echoes a safe X-Request-Id, replaces an unsafe one, and logs one access line per request without the token', async () => {
    const { logger, lines } = captureLogs();
    const host = await createTestHost({ logger });
    try {
      await host.request('PUT', '/api/v1/tenants/acme', {
        token: ADMIN_KEY,
        body: { data: { type: 'tenants', attributes: { name: 'Acme' } } },
      });
      const token = await host.token('acme');
      const kept = await host.request('GET', '/api/v1/maintenances', { token, headers: { 'x-request-id': 'lb-1234.abc' } });
      assert.equal(kept.status, 200);
      assert.equal(kept.headers.get('x-request-id'), 'lb-1234.abc');
      const replaced = await host.request('GET', '/api/v1/maintenances', { token, headers: { 'x-request-id': 'evil\u0007<script>' } });
      assert.match(replaced.headers.get('x-request-id')!, /^[0-9a-f-]{36}$/);

      const access = lines.filter((l) => l.msg === 'request');
      const line = access.find((l) => l.requestId === 'lb-1234.abc');
      assert.ok(line, JSON.stringify(access));
      assert.deepEqual(
        { method: line.method, route: line.route, status: line.status, tenant: line.tenant },
        { method: 'GET', route: '/api/v1/maintenances', status: 200, tenant: 'acme' },
      );
      assert.equal(typeof line.ms, 'number');
      const mint = access.find((l) => l.route === '/api/v1/embed-sessions');
      assert.equal(mint?.status, 201);
      const all = JSON.stringify(lines);
      assert.ok(!all.includes(token) && !all.includes(ADMIN_KEY), 'no token or key in the log');
      // Probes are logged at debug, not info.
      await host.request('GET', '/healthz');
      assert.equal(lines.find((l) => l.route === '/healthz')?.level, 20);
    } finally {
      await host.close();
    }
  });

  it('puts the request id in a JSON:API error and logs a ProviderError with plugin, operation and upstream status', async () => {
    const { logger, lines } = captureLogs();
    const host = await createTestHost({ logger });
    host.app.get('/api/v1/test-provider-failure', () => {
      throw new ProviderError('openstack', 'Nova answered 503.', {
        status: 503,
        operation: 'listServers',
        upstreamStatus: 503,
        code: 'upstream_error',
      });
    });
    try {
      const res = await host.request('GET', '/api/v1/test-provider-failure', { headers: { 'x-request-id': 'support-42' } });
      assert.equal(res.status, 503);
      const body = (await res.json()) as any;
      assert.equal(body.errors[0].meta.requestId, 'support-42');
      const logged = lines.find((l) => l.msg?.startsWith('provider error'));
      assert.deepEqual(
        { requestId: logged?.requestId, plugin: logged?.plugin, operation: logged?.operation, upstreamStatus: logged?.upstreamStatus },
        { requestId: 'support-42', plugin: 'openstack', operation: 'listServers', upstreamStatus: 503 },
      );
      const notFound = (await (await host.request('GET', '/api/v1/nothing-here', { headers: { 'x-request-id': 'nf-1' } })).json()) as any;
      assert.equal(notFound.errors[0].meta.requestId, 'nf-1');
    } finally {
      await host.close();
    }
  });
});

describe('GET /metrics', () => {
  it('needs the admin key or the metrics token, and reports requests per route pattern, provider calls and jobs', async () => {
    const host = await createTestHost({ metricsToken: METRICS_TOKEN });
    try {
      assert.equal((await host.request('GET', '/metrics')).status, 401);
      assert.equal((await host.request('GET', '/metrics', { token: 'wrong-token-wrong-token' })).status, 401);
      await host.request('PUT', '/api/v1/tenants/acme', {
        token: ADMIN_KEY,
        body: { data: { type: 'tenants', attributes: { name: 'Acme' } } },
      });
      recordProviderCall('openstack', { ok: false, code: 'upstream_503' }, undefined, 120);
      host.observability.metrics.jobFinished('usage-collect', false, new Date());

      const res = await host.request('GET', '/metrics', { token: METRICS_TOKEN });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^text\/plain/);
      const text = await res.text();
      assert.match(
        text,
        /glasspane_http_request_duration_seconds_count\{method="PUT",route="\/api\/v1\/tenants\/:tenantId",status_class="2xx"\} 1/,
      );
      // Recorded outside every port call and job: operation `other`.
      assert.match(text, /glasspane_provider_errors_total\{plugin="openstack",operation="other",code="upstream_503"\} 1/);
      assert.match(text, /glasspane_provider_call_duration_seconds_count\{plugin="openstack",operation="other",outcome="upstream_503"\} 1/);
      assert.match(text, /glasspane_job_runs_total\{job="usage-collect",outcome="failed"\} 1/);
      assert.match(text, /glasspane_job_last_run_age_seconds\{job="usage-collect"\} \d/);
      assert.match(text, /glasspane_sse_connections_open 0/);
      assert.equal((await host.request('GET', '/metrics', { token: ADMIN_KEY })).status, 200);
    } finally {
      await host.close();
    }
  });
});

/** Every `operation="…"` label value in a metrics text. */
const operationsIn = (text: string) => new Set([...text.matchAll(/operation="([^"]*)"/g)].map((m) => m[1]!));
/** The operations a provider call may be counted as: the port methods, `job.<name>`, `other`. */
const allowedOperation = (operation: string) =>
  portOperationNames().includes(operation) || operation === OTHER_OPERATION || /^job\.[a-z-]+$/.test(operation);

describe('provider calls by operation in /metrics', () => {
  it('counts a real call through a port by plugin, port method and outcome, and its errors by operation and code (OpenStack, its fake)', async () => {
    const fake = await startOpenStackFake({ transitionMs: 10 });
    const web = fake.addServer(fake.projectId, { name: 'web-01' });
    const { logger, lines } = captureLogs();
    const host = await createTestHost({
      logger,
      metricsToken: METRICS_TOKEN,
      plugins: [
        {
          plugin: openstackPlugin,
          config: { authUrl: fake.authUrl, username: fake.username, password: fake.password, projectId: fake.projectId },
        },
      ],
    });
    const metrics = async () => (await host.request('GET', '/metrics', { token: METRICS_TOKEN })).text();
    try {
      const tenant = await host.request('PUT', '/api/v1/tenants/acme', {
        token: ADMIN_KEY,
        body: {
          data: { type: 'tenants', attributes: { name: 'Acme', computeAccounts: [{ source: 'openstack', scope: fake.projectId }] } },
        },
      });
      assert.equal(tenant.status, 201);
      const token = await host.token('acme');
      const list = await host.request('GET', '/api/v1/servers', { token });
      assert.equal(list.status, 200);
      assert.equal(((await list.json()) as { data: unknown[] }).data.length, 1);

      let text = await metrics();
      // The listing's calls (its login and version discovery included) are compute.listServers: the plugin named nothing.
      assert.match(
        text,
        /glasspane_provider_call_duration_seconds_count\{plugin="openstack",operation="compute\.listServers",outcome="ok"\} [1-9]/,
      );
      assert.doesNotMatch(text, /glasspane_provider_errors_total\{plugin="openstack"/);

      // Nova answers the next call with 503: the server's read fails, counted as compute.getServer.
      fake.failNext(1, { status: 503 });
      const read = await host.request('GET', `/api/v1/servers/${encodeURIComponent(`openstack:${web.id}`)}`, { token });
      assert.equal(read.status, 502, await read.clone().text());
      text = await metrics();
      assert.match(text, /glasspane_provider_errors_total\{plugin="openstack",operation="compute\.getServer",code="upstream_503"\} 1\n/);
      assert.match(
        text,
        /glasspane_provider_call_duration_seconds_count\{plugin="openstack",operation="compute\.getServer",outcome="upstream_503"\} 1\n/,
      );
      assert.doesNotMatch(text, /operation="compute\.listServers",code=/, 'the listing did not fail');
      // Its log line names the operation too.
      const logged = lines.find((l) => l.msg?.startsWith('provider error'));
      assert.deepEqual(
        { plugin: logged?.plugin, operation: logged?.operation, upstreamStatus: logged?.upstreamStatus },
        { plugin: 'openstack', operation: 'compute.getServer', upstreamStatus: 503 },
      );

      // A power action: the reads before and after and the action itself, each its own operation.
      const action = await host.request('POST', `/api/v1/servers/${encodeURIComponent(`openstack:${web.id}`)}/actions`, {
        token: await host.token('acme', ['customer', 'technical']),
        body: { data: { type: 'server-actions', attributes: { action: 'stop' } } },
      });
      assert.ok(action.status < 300, `${action.status} ${await action.clone().text()}`);
      text = await metrics();
      // The action, and the plugin's read of the server before it unless a recent one is still cached (timing).
      assert.match(text, /operation="compute\.powerAction",outcome="ok"\} [1-9]\d*\n/);

      // Bounded: only port methods (never a URL or an id) label the series.
      const seen = operationsIn(text);
      for (const operation of seen) assert.ok(allowedOperation(operation), `unexpected operation label "${operation}"`);
      assert.ok(![...seen].some((o) => o.includes(web.id) || o.includes('/')), [...seen].join(', '));
    } finally {
      await host.close();
      await fake.close();
    }
  });

  it("counts a job's calls made outside a port as job.<name>, the rest as other, and a plugin's own plain name as it is", async () => {
    const server = createServer((req, res) => void res.writeHead(req.url === '/down' ? 503 : 200).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const host = await createTestHost();
    try {
      const jobs = new Jobs(host.services.db, host.services.now);
      await jobs.run('usage-collect', 60_000, () => providerFetch('op-test', 'Op Test', `${url}/down`, {}, { timeoutMs: 5000 }));
      await providerFetch('op-test', 'Op Test', `${url}/ok`, {}, { timeoutMs: 5000 });
      await providerFetch('op-test', 'Op Test', `${url}/ok`, {}, { timeoutMs: 5000, operation: 'identity.login' });
      // Not a plain name (an id, a path): ignored, so the label set stays bounded.
      await providerFetch('op-test', 'Op Test', `${url}/ok`, {}, { timeoutMs: 5000, operation: 'GET /servers/4711' });
      const text = await host.observability.metrics.text();
      assert.match(text, /glasspane_provider_errors_total\{plugin="op-test",operation="job\.usage-collect",code="upstream_503"\} 1\n/);
      assert.match(text, /glasspane_provider_call_duration_seconds_count\{plugin="op-test",operation="other",outcome="ok"\} 2\n/);
      assert.match(text, /glasspane_provider_call_duration_seconds_count\{plugin="op-test",operation="identity\.login",outcome="ok"\} 1\n/);
      assert.doesNotMatch(text, /4711/);
    } finally {
      await host.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('docs/deploying.md lists every operation a port call is counted as', async () => {
    const { readFile } = await import('node:fs/promises');
    const docs = await readFile(new URL('../../docs/deploying.md', import.meta.url), 'utf8');
    const missing = portOperationNames().filter((operation) => !docs.includes(`\`${operation}\``));
    assert.deepEqual(missing, []);
  });
});

describe('payments in /metrics', () => {
  it('counts the payments in the database by state when scraped', async () => {
    const host = await createTestHost({ metricsToken: METRICS_TOKEN });
    try {
      await host.request('PUT', '/api/v1/tenants/acme', {
        token: ADMIN_KEY,
        body: { data: { type: 'tenants', attributes: { name: 'Acme' } } },
      });
      const at = new Date().toISOString();
      const payment = (id: string, state: string) => ({
        id,
        tenant_id: 'acme',
        source: 'local',
        amount: 1000,
        currency: 'EUR',
        status: state === 'recorded' ? 'succeeded' : 'failed',
        state,
        method_id: 'pm-1',
        method_label: 'Visa •••• 4242',
        invoice_ids: '["inv-1"]',
        allocations: '[]',
        gateway_reference: null,
        provider_reference: null,
        failure_code: null,
        failure_message: null,
        trigger: 'customer',
        created_at: at,
        updated_at: at,
        request_key: `key-${id}`,
        request_hash: 'hash',
        gateway: 'test',
        gateway_key: `gp_pay_${id}`,
        gateway_customer: 'cus-1',
        gateway_method: 'tok-1',
        lease_until: null,
        attempts: 1,
      });
      await host.services.db
        .insertInto('payments')
        .values([payment('p-1', 'recorded'), payment('p-2', 'recorded'), payment('p-3', 'failed')])
        .execute();
      const text = await (await host.request('GET', '/metrics', { token: METRICS_TOKEN })).text();
      assert.match(text, /glasspane_payments\{state="recorded"\} 2/);
      assert.match(text, /glasspane_payments\{state="failed"\} 1/);
      assert.doesNotMatch(text, /glasspane_payments\{state="charging"\}/);
    } finally {
      await host.close();
    }
  });
});

describe('circuit breakers in /metrics', () => {
  it("counts a plugin's open breaker from the failure that opens it until a call succeeds", async () => {
    let down = true;
    const server = createServer((_req, res) => void res.writeHead(down ? 503 : 200).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    let now = 0;
    const breaker = new CircuitBreaker({ threshold: 2, cooldownMs: 1000, now: () => now });
    const call = () =>
      providerFetch('breaker-test', 'Breaker Test', url, {}, { timeoutMs: 5000, breaker }).then(
        (r) => r.status,
        (e: ProviderError) => e.code,
      );
    const host = await createTestHost();
    const open = async () =>
      /glasspane_provider_circuits_open\{plugin="breaker-test"\} (\d+)/.exec(await host.observability.metrics.text())?.[1];
    try {
      assert.equal(await call(), 503);
      assert.equal(await open(), undefined, 'one failure: closed, and never open before');
      assert.equal(await call(), 503);
      assert.equal(await open(), '1', 'the second failure opened it');
      assert.equal(await call(), 'provider_unavailable');
      assert.equal(await open(), '1');
      now += 1000;
      down = false;
      assert.equal(await call(), 200, 'the trial call');
      assert.equal(await open(), '0', 'its success closed it');
    } finally {
      await host.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('background jobs', () => {
  it('report a failure (with the provider error) to the log and metrics, and stop only after the run under way', async () => {
    const { logger, lines } = captureLogs();
    const host = await createTestHost({ logger });
    try {
      const observability = new Observability(logger, { adminKey: ADMIN_KEY });
      const jobs = new Jobs(
        host.services.db,
        () => new Date(),
        (name, error, at) => observability.jobFinished(name, error, at),
      );
      await jobs.run('usage-collect', 60_000, async () => {
        throw new ProviderError('tintri', 'VMstore answered 500.', { operation: 'vmStats', upstreamStatus: 500 });
      });
      const failed = lines.find((l) => l.job === 'usage-collect');
      assert.deepEqual(
        { level: failed?.level, plugin: failed?.plugin, operation: failed?.operation, upstreamStatus: failed?.upstreamStatus },
        { level: 50, plugin: 'tintri', operation: 'vmStats', upstreamStatus: 500 },
      );
      assert.match(await observability.metrics.text(), /glasspane_job_runs_total\{job="usage-collect",outcome="failed"\} 1/);

      let release!: () => void;
      let finished = false;
      const started = new Promise<void>((resolve) => {
        void jobs.run('slow', 60_000, async () => {
          resolve();
          await new Promise<void>((r) => (release = r));
          finished = true;
        });
      });
      await started;
      const stopping = jobs.stop().then(() => finished);
      assert.equal(await jobs.run('another', 60_000, async () => undefined), false, 'no new run after stop');
      release();
      assert.equal(await stopping, true, 'stop resolved after the run finished');
      observability.close();
    } finally {
      await host.close();
    }
  });
});
