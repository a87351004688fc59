import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { startTracing, tracer, type Tracing } from './tracing.js';
import { CircuitBreaker, providerFetch } from '../provider-http.js';
import { ProviderError } from '../errors.js';
import { ADMIN_KEY, captureLogs, createTestHost, waitFor } from '../test/helpers.js';
import { MemoryCompute } from '../test/fake-compute-provider.js';
import { Jobs } from '../jobs.js';

const SECRET = 'api-key-s3cr3t-0123456789';

/** A provider that answers `/ok` with 200, `/down` with 503, and remembers what it was asked. */
async function fakeProvider(): Promise<{ url: string; server: Server; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    const down = req.url?.startsWith('/down');
    res.writeHead(down ? 503 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ servers: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, paths };
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('tracing off (no OTLP endpoint)', () => {
  it('registers nothing: the API stays a no-op and a provider call records no span', async () => {
    assert.equal(await startTracing({ OTEL_SERVICE_NAME: 'glasspane' }), undefined);
    const span = tracer().startSpan('probe');
    assert.equal(span.isRecording(), false);
    assert.equal(trace.isSpanContextValid(span.spanContext()), false);
    span.end();
    const provider = await fakeProvider();
    try {
      const res = await providerFetch('fake', 'Fake Cloud', `${provider.url}/ok`, {}, { timeoutMs: 5000 });
      assert.equal(res.status, 200);
      assert.equal(trace.getActiveSpan(), undefined);
    } finally {
      await close(provider.server);
    }
  });
});

describe('tracing off: logs and errors', () => {
  it('an access line, a provider error line and an error document carry no trace id', async () => {
    const { logger, lines } = captureLogs();
    const host = await createTestHost({ logger });
    host.app.get('/api/v1/trace-failure', () => {
      throw new ProviderError('fake', 'Fake Cloud answered 503.', { status: 503, upstreamStatus: 503, code: 'upstream_error' });
    });
    try {
      const res = await host.request('GET', '/api/v1/trace-failure', { headers: { 'x-request-id': 'untraced-1' } });
      assert.deepEqual(((await res.json()) as any).errors[0].meta, { provider: 'fake', upstreamStatus: 503, requestId: 'untraced-1' });
      const logged = lines.filter((l) => l.requestId === 'untraced-1');
      assert.deepEqual(logged.map((l) => l.msg).sort(), ['provider error: Fake Cloud answered 503.', 'request']);
      for (const line of logged) assert.deepEqual([line.trace_id, line.span_id], [undefined, undefined]);
    } finally {
      await host.close();
    }
  });
});

describe('tracing on (in-memory exporter)', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let provider: Awaited<ReturnType<typeof fakeProvider>>;
  before(async () => {
    tracing = (await startTracing({}, { exporter }))!;
    provider = await fakeProvider();
  });
  after(async () => {
    await close(provider.server);
    await tracing.shutdown();
  });

  const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
  const noSecrets = (list: ReadableSpan[], ...secrets: string[]) => {
    const text = JSON.stringify(list.map((s) => ({ name: s.name, attributes: s.attributes, status: s.status, events: s.events })));
    for (const secret of secrets) assert.ok(!text.includes(secret), `a span carries ${secret.slice(0, 12)}…`);
    assert.ok(!/\?[^"]*=/.test(text), 'a span carries a query string');
  };

  it('a servers list: a server span per request, the provider call a child of it, with its attributes and no secret', async () => {
    exporter.reset();
    /** The in-memory cloud, but its servers list goes over HTTP through providerFetch, with an API key in the query. */
    class HttpCompute extends MemoryCompute {
      override async listServers(scope: string, signal?: AbortSignal) {
        await providerFetch(
          'memcloud',
          'Mem Cloud',
          `${provider.url}/v2/servers?api_key=${SECRET}&project=${scope}`,
          { method: 'get' },
          { timeoutMs: 5000, signal },
        );
        return super.listServers(scope);
      }
    }
    const cloud = new HttpCompute();
    cloud.addServer('p-acme', { id: 's1' });
    const host = await createTestHost({ plugins: [cloud.plugin()] });
    try {
      const tenant = await host.request('PUT', '/api/v1/tenants/acme', {
        token: ADMIN_KEY,
        body: { data: { type: 'tenants', attributes: { name: 'Acme', computeAccounts: [{ source: 'memcloud', scope: 'p-acme' }] } } },
      });
      assert.equal(tenant.status, 201);
      const token = await host.token('acme');
      const res = await host.request('GET', '/api/v1/servers', { token, headers: { 'x-request-id': 'trace-req-1' } });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { data: unknown[] }).data.length, 1);
      assert.equal(provider.paths.at(-1), `/v2/servers?api_key=${SECRET}&project=p-acme`, 'the provider got the query string');

      const request = await waitFor('the request span', () => spans().find((s) => s.name === 'GET /api/v1/servers'));
      const call = spans().find((s) => s.name === 'memcloud GET');
      assert.ok(
        call,
        spans()
          .map((s) => s.name)
          .join(', '),
      );
      assert.equal(request.kind, SpanKind.SERVER);
      assert.deepEqual(request.attributes, {
        'http.request.method': 'GET',
        'http.route': '/api/v1/servers',
        'http.response.status_code': 200,
        'glasspane.tenant': 'acme',
        'glasspane.request_id': 'trace-req-1',
      });
      assert.equal(call.kind, SpanKind.CLIENT);
      assert.deepEqual(call.attributes, {
        'glasspane.plugin': 'memcloud',
        'glasspane.provider': 'Mem Cloud',
        // Named by the host after the port method it called: the plugin did not say.
        'glasspane.operation': 'compute.listServers',
        'http.request.method': 'GET',
        'url.full': `${provider.url}/v2/servers`,
        'server.address': '127.0.0.1',
        'http.response.status_code': 200,
      });
      assert.equal(call.status.code, SpanStatusCode.UNSET);
      // Nested: same trace, the request's span is the provider call's parent.
      assert.equal(call.spanContext().traceId, request.spanContext().traceId);
      assert.equal(call.parentSpanContext?.spanId, request.spanContext().spanId);
      assert.equal(request.resource.attributes['service.name'], 'glasspane');
      noSecrets(spans(), SECRET, token);
    } finally {
      await host.close();
    }
  });

  it('a failing provider call: error status and the code; an open circuit marks the refused call; an unreachable provider its code', async () => {
    exporter.reset();
    const breaker = new CircuitBreaker({ threshold: 1, cooldownMs: 60_000 });
    const down = await providerFetch(
      'fake',
      'Fake Cloud',
      `${provider.url}/down?token=${SECRET}`,
      { method: 'POST' },
      { timeoutMs: 5000, breaker },
    );
    assert.equal(down.status, 503);
    await assert.rejects(
      providerFetch('fake', 'Fake Cloud', `${provider.url}/ok`, {}, { timeoutMs: 5000, breaker }),
      (err: unknown) => err instanceof ProviderError && err.code === 'provider_unavailable',
    );
    const closed = await fakeProvider();
    await close(closed.server); // nothing listens there any more
    await assert.rejects(
      providerFetch('fake', 'Fake Cloud', `${closed.url}/x#${SECRET}`, {}, { timeoutMs: 5000 }),
      (err: unknown) => err instanceof ProviderError && err.code === 'provider_unreachable',
    );

    const [failed, refused, unreachable] = spans();
    assert.equal(
      spans().length,
      3,
      spans()
        .map((s) => s.name)
        .join(', '),
    );
    assert.equal(failed!.name, 'fake POST');
    assert.equal(failed!.status.code, SpanStatusCode.ERROR);
    assert.equal(failed!.attributes['http.response.status_code'], 503);
    assert.equal(failed!.attributes['glasspane.error.code'], 'upstream_503');
    assert.equal(failed!.attributes['glasspane.operation'], 'other', 'a call outside every port call and job');
    assert.equal(failed!.attributes['url.full'], `${provider.url}/down`);

    assert.equal(refused!.status.code, SpanStatusCode.ERROR);
    assert.equal(refused!.attributes['glasspane.breaker.refused'], true);
    assert.equal(refused!.attributes['glasspane.error.code'], 'provider_unavailable');
    assert.equal(refused!.attributes['http.response.status_code'], undefined, 'the refused call never reached the provider');

    assert.equal(unreachable!.status.code, SpanStatusCode.ERROR);
    assert.equal(unreachable!.attributes['error.type'], 'provider_unreachable');
    assert.equal(unreachable!.attributes['url.full'], `${closed.url}/x`);
    noSecrets(spans(), SECRET);
  });

  it("continues a caller's W3C traceparent, and ignores a malformed one", async () => {
    exporter.reset();
    const host = await createTestHost();
    try {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      await host.request('GET', '/healthz', { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
      await host.request('GET', '/healthz', { headers: { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` } });
      const [continued, fresh] = await waitFor('two request spans', () => (spans().length >= 2 ? spans() : undefined));
      assert.equal(continued!.spanContext().traceId, traceId);
      assert.equal(continued!.parentSpanContext?.spanId, '00f067aa0ba902b7');
      assert.equal(continued!.parentSpanContext?.isRemote, true);
      assert.notEqual(fresh!.spanContext().traceId, '0'.repeat(32));
      assert.equal(fresh!.parentSpanContext, undefined);
    } finally {
      await host.close();
    }
  });

  it("the access line, the provider error line and the error document carry the request span's ids", async () => {
    exporter.reset();
    const { logger, lines } = captureLogs();
    const host = await createTestHost({ logger });
    host.app.get('/api/v1/trace-failure', () => {
      throw new ProviderError('fake', 'Fake Cloud answered 503.', {
        status: 503,
        operation: 'listServers',
        upstreamStatus: 503,
        code: 'upstream_error',
      });
    });
    try {
      const res = await host.request('GET', '/api/v1/trace-failure', { headers: { 'x-request-id': 'traced-1' } });
      assert.equal(res.status, 503);
      const meta = ((await res.json()) as any).errors[0].meta;
      const span = await waitFor('the request span', () => spans().find((s) => s.name === 'GET /api/v1/trace-failure'));
      const { traceId, spanId } = span.spanContext();
      assert.match(traceId, /^[0-9a-f]{32}$/);
      assert.match(spanId, /^[0-9a-f]{16}$/);
      assert.deepEqual(meta, { provider: 'fake', upstreamStatus: 503, requestId: 'traced-1', traceId });
      const access = lines.find((l) => l.msg === 'request' && l.requestId === 'traced-1');
      const providerError = lines.find((l) => l.msg === 'provider error: Fake Cloud answered 503.');
      assert.deepEqual([access?.trace_id, access?.span_id], [traceId, spanId], JSON.stringify(access));
      assert.deepEqual([providerError?.trace_id, providerError?.span_id, providerError?.requestId], [traceId, spanId, 'traced-1']);
    } finally {
      await host.close();
    }
  });

  it('a background job run is one root span with its provider calls nested; a failure is its error status, exception and log line', async () => {
    exporter.reset();
    const { logger, lines } = captureLogs();
    const host = await createTestHost({ logger });
    const jobs = new Jobs(host.services.db, host.services.now, (name, error, at) => host.observability.jobFinished(name, error, at));
    try {
      // Started while another span is active (a request's, say): the run is still a trace of its own.
      await tracer().startActiveSpan('unrelated', async (outer) => {
        await jobs.run('usage-collect', 60_000, () => providerFetch('fake', 'Fake Cloud', `${provider.url}/ok`, {}, { timeoutMs: 5000 }));
        outer.end();
      });
      await jobs.run('status-poll', 60_000, async () => {
        const res = await providerFetch('fake', 'Fake Cloud', `${provider.url}/down`, {}, { timeoutMs: 5000 });
        throw new ProviderError('fake', `Fake Cloud answered ${res.status}.`, {
          operation: 'listIncidents',
          upstreamStatus: res.status,
          code: 'upstream_503',
        });
      });

      const run = (name: string) => spans().find((s) => s.name === `job ${name}`);
      const childOf = (parent: ReadableSpan) => spans().filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId);
      const ok = run('usage-collect')!;
      assert.ok(
        ok,
        spans()
          .map((s) => s.name)
          .join(', '),
      );
      assert.equal(ok.parentSpanContext, undefined, 'a root span');
      assert.deepEqual(ok.attributes, { 'glasspane.job': 'usage-collect', 'glasspane.job.outcome': 'ok' });
      assert.equal(ok.status.code, SpanStatusCode.UNSET);
      assert.deepEqual(ok.events, []);
      assert.deepEqual(
        childOf(ok).map((s) => [s.name, s.spanContext().traceId]),
        [['fake GET', ok.spanContext().traceId]],
      );

      const failed = run('status-poll')!;
      assert.equal(failed.parentSpanContext, undefined);
      assert.deepEqual(failed.attributes, {
        'glasspane.job': 'status-poll',
        'glasspane.job.outcome': 'failed',
        'error.type': 'upstream_503',
      });
      assert.deepEqual(failed.status, { code: SpanStatusCode.ERROR, message: 'Fake Cloud answered 503.' });
      assert.equal(failed.events.length, 1);
      assert.equal(failed.events[0]!.name, 'exception');
      assert.equal(failed.events[0]!.attributes?.['exception.type'], 'upstream_503', "the SDK takes an error's code as its type");
      assert.equal(failed.events[0]!.attributes?.['exception.message'], 'Fake Cloud answered 503.');
      const [call] = childOf(failed);
      assert.equal(call?.name, 'fake GET');
      assert.equal(call?.attributes['http.response.status_code'], 503);
      // A call the job made outside any port is the job's.
      assert.equal(call?.attributes['glasspane.operation'], 'job.status-poll');

      // The failure's log line names the run's span; the database and the metrics agree on the outcome.
      const logged = lines.find((l) => l.job === 'status-poll');
      assert.deepEqual(
        [logged?.level, logged?.trace_id, logged?.span_id, logged?.plugin, logged?.upstreamStatus],
        [50, failed.spanContext().traceId, failed.spanContext().spanId, 'fake', 503],
      );
      assert.equal(
        lines.find((l) => l.job === 'usage-collect'),
        undefined,
        'a run that worked logs nothing',
      );
      const rows = await host.services.db
        .selectFrom('background_jobs')
        .select(['name', 'last_error'])
        .where('name', 'in', ['usage-collect', 'status-poll'])
        .orderBy('name')
        .execute();
      assert.deepEqual(rows, [
        { name: 'status-poll', last_error: 'Fake Cloud answered 503.' },
        { name: 'usage-collect', last_error: null },
      ]);
      const metrics = await host.observability.metrics.text();
      assert.match(metrics, /glasspane_job_runs_total\{job="usage-collect",outcome="ok"\} 1/);
      assert.match(metrics, /glasspane_job_runs_total\{job="status-poll",outcome="failed"\} 1/);

      // A run another process (or an earlier run) already claimed this interval makes no span.
      exporter.reset();
      assert.equal(await jobs.run('usage-collect', 60_000, async () => undefined), false);
      assert.deepEqual(spans(), []);
    } finally {
      await jobs.stop();
      await host.close();
    }
  });

  it('a request answered with a 5xx has an error status', async () => {
    exporter.reset();
    const host = await createTestHost();
    host.app.get('/api/v1/trace-failure', () => {
      throw new ProviderError('fake', 'Fake Cloud answered 503.', { status: 503, upstreamStatus: 503, code: 'upstream_error' });
    });
    try {
      assert.equal((await host.request('GET', '/api/v1/trace-failure')).status, 503);
      const span = await waitFor('the request span', () => spans().find((s) => s.name === 'GET /api/v1/trace-failure'));
      assert.equal(span.status.code, SpanStatusCode.ERROR);
      assert.equal(span.attributes['http.response.status_code'], 503);
    } finally {
      await host.close();
    }
  });
});

describe('tracing on (OTLP/HTTP)', () => {
  it('exports spans to the collector OTEL_EXPORTER_OTLP_ENDPOINT names, on shutdown', async () => {
    const received: { method?: string; url?: string; type?: string; bytes: number }[] = [];
    const collector = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, type: req.headers['content-type'], bytes: Buffer.concat(chunks).length });
        res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const saved = { endpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT, traces: process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT };
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
    try {
      const tracing = await startTracing(process.env);
      assert.ok(tracing, 'the endpoint turns tracing on');
      tracer().startSpan('export-probe').end();
      await tracing.shutdown(); // flushes the batch
      assert.equal(received.length, 1, JSON.stringify(received));
      assert.equal(received[0]!.method, 'POST');
      assert.equal(received[0]!.url, '/v1/traces');
      assert.ok(received[0]!.bytes > 0, 'the export has content');
      assert.equal(tracer().startSpan('after').isRecording(), false, 'shut down: the API is a no-op again');
    } finally {
      if (saved.endpoint === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = saved.endpoint;
      if (saved.traces !== undefined) process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = saved.traces;
      await close(collector);
    }
  });
});
