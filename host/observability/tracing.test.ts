import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { startTracing, tracer, type Tracing } from './tracing.js';
import { CircuitBreaker, providerFetch } from '../provider-http.js';
import { ProviderError } from '../errors.js';
import { ADMIN_KEY, createTestHost, waitFor } from '../test/helpers.js';
import { MemoryCompute } from '../test/fake-compute-provider.js';

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
        await providerFetch('memcloud', 'Mem Cloud', `${provider.url}/v2/servers?api_key=${SECRET}&project=${scope}`, { method: 'get' }, { timeoutMs: 5000, signal });
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
      assert.ok(call, spans().map((s) => s.name).join(', '));
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
    const down = await providerFetch('fake', 'Fake Cloud', `${provider.url}/down?token=${SECRET}`, { method: 'POST' }, { timeoutMs: 5000, breaker });
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
    assert.equal(spans().length, 3, spans().map((s) => s.name).join(', '));
    assert.equal(failed!.name, 'fake POST');
    assert.equal(failed!.status.code, SpanStatusCode.ERROR);
    assert.equal(failed!.attributes['http.response.status_code'], 503);
    assert.equal(failed!.attributes['glasspane.error.code'], 'upstream_503');
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
