/**
 * The production entry (host/main.ts) with OTEL_EXPORTER_OTLP_ENDPOINT set: a request's span
 * reaches the collector, flushed by the graceful shutdown (the batch's scheduled export is
 * set ten minutes away), and the process still exits 0.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_KEY, startMainProcess, waitFor } from '../test/helpers.js';

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
      assert.equal(exports.length, 0, 'nothing exported before shutdown');
      child.kill('SIGTERM');
      assert.equal(await exited, 0, out());
      const traces = exports.filter((e) => e.url === '/v1/traces');
      assert.ok(traces.length >= 1, `nothing reached the collector: ${out()}`);
      const sent = traces.map((e) => e.body.toString()).join('\n');
      assert.ok(sent.includes('PUT /api/v1/tenants/:tenantId'), sent.slice(0, 500));
      assert.ok(sent.includes('portal-test'), 'service.name from OTEL_SERVICE_NAME');
      assert.ok(!sent.includes(ADMIN_KEY), 'no key in a span');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await new Promise<void>((resolve) => collector.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
