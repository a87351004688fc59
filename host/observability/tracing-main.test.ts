/**
 * The production entry (host/main.ts) with OTEL_EXPORTER_OTLP_ENDPOINT set: a request's span
 * reaches the collector, flushed by the graceful shutdown (the batch's scheduled export is
 * set ten minutes away), and the process still exits 0. The access lines on stdout and the
 * error document carry the ids of the spans the collector received.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_KEY, startMainProcess, waitFor } from '../test/helpers.js';

/** The parts of an OTLP/JSON trace export the test reads. */
interface OtlpTraces {
  resourceSpans: { scopeSpans: { spans: { traceId: string; spanId: string; name: string }[] }[] }[];
}

describe('traces from host/main.ts', () => {
  it('exports the spans to the OTLP endpoint at SIGTERM', async () => {
    const exports: { url?: string; body: Buffer }[] = [];
    const collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        exports.push({ url: req.url, body: Buffer.concat(chunks) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const dir = mkdtempSync(join(tmpdir(), 'gp-otel-'));
    const main = startMainProcess({
      GLASSPANE_ADMIN_KEY: ADMIN_KEY,
      DATABASE_URL: join(dir, 'host.db'),
      PORT: '0',
      GLASSPANE_LOG_FORMAT: 'json',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
      // JSON, so the test can read the span's name; the default is protobuf.
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'portal-test',
      OTEL_BSP_SCHEDULE_DELAY: '600000',
    });
    const { child, exited } = main;
    const out = main.output;
    try {
      const port = await waitFor('the host to listen', () => /"port":(\d+)/.exec(out())?.[1], 60_000);
      assert.match(out(), /OpenTelemetry traces on/);
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/tenants/acme`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/vnd.api+json' },
        body: JSON.stringify({ data: { type: 'tenants', attributes: { name: 'Acme' } } }),
      });
      assert.equal(res.status, 201);
      const missing = await fetch(`http://127.0.0.1:${port}/api/v1/nothing-here`, { headers: { 'x-request-id': 'otlp-404' } });
      assert.equal(missing.status, 404);
      const meta = ((await missing.json()) as { errors: { meta: { requestId: string; traceId: string } }[] }).errors[0]!.meta;
      assert.equal(exports.length, 0, 'nothing exported before shutdown');
      child.kill('SIGTERM');
      assert.equal(await exited, 0, out());
      const traces = exports.filter((e) => e.url === '/v1/traces');
      assert.ok(traces.length >= 1, `nothing reached the collector: ${out()}`);
      const sent = traces.map((e) => e.body.toString()).join('\n');
      assert.ok(sent.includes('PUT /api/v1/tenants/:tenantId'), sent.slice(0, 500));
      assert.ok(sent.includes('portal-test'), 'service.name from OTEL_SERVICE_NAME');
      assert.ok(!sent.includes(ADMIN_KEY), 'no key in a span');

      // The access lines name the exported spans (OTLP/JSON writes the ids in hex, as the log does).
      const exported = traces.flatMap((e) =>
        (JSON.parse(e.body.toString()) as OtlpTraces).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)),
      );
      const logged = out()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.msg === 'request');
      const put = logged.find((l) => l.method === 'PUT');
      const putSpan = exported.find((s) => s.name === 'PUT /api/v1/tenants/:tenantId');
      assert.ok(put && putSpan, JSON.stringify(logged));
      assert.deepEqual([put.trace_id, put.span_id], [putSpan.traceId, putSpan.spanId]);
      const notFound = logged.find((l) => l.requestId === 'otlp-404');
      const notFoundSpan = exported.find((s) => s.traceId === meta.traceId);
      assert.equal(meta.requestId, 'otlp-404');
      assert.ok(notFound && notFoundSpan, `no exported span for the error's trace id ${meta.traceId}`);
      assert.deepEqual([notFound.trace_id, notFound.span_id], [notFoundSpan.traceId, notFoundSpan.spanId]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await new Promise<void>((resolve) => collector.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
