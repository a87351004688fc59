/**
 * Graceful shutdown of the production entry (host/main.ts), as a real process: SIGTERM
 * while a request is in flight (its body still arriving) lets that request finish, ends
 * open event streams with a retry hint, and the process exits 0.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ADMIN_KEY, startMainProcess, TEST_DATABASE_URL } from './test/helpers.js';

const METRICS_TOKEN = 'metrics-token-abcdefghijklmnop';

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    // Between probes the CPU is left to the host process it waits for: spinning on
    // setImmediate took a core from its start on a saturated machine.
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('graceful shutdown (host/main.ts)', () => {
  it('finishes a request in flight, ends event streams with a retry hint, and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-shutdown-'));
    // On PostgreSQL the process gets a database of its own (main.ts has no schema option); SQLite a file.
    const dbName = `gp_shutdown_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const postgres = TEST_DATABASE_URL?.startsWith('postgres') ? new pg.Client({ connectionString: TEST_DATABASE_URL }) : undefined;
    let database = join(dir, 'host.db');
    if (postgres) {
      await postgres.connect();
      await postgres.query(`CREATE DATABASE ${dbName}`);
      const url = new URL(TEST_DATABASE_URL!);
      url.pathname = `/${dbName}`;
      database = url.toString();
    }
    const main = startMainProcess({
      GLASSPANE_ADMIN_KEY: ADMIN_KEY,
      DATABASE_URL: database,
      PORT: '0',
      GLASSPANE_METRICS_TOKEN: METRICS_TOKEN,
      GLASSPANE_LOG_FORMAT: 'json',
    });
    const { child, exited } = main;
    try {
      // A start takes a few seconds, but over 40 s beside a job that saturates the CPU (issue #25).
      const port = await waitFor('the host to listen', async () => /"port":(\d+)/.exec(main.output())?.[1], 180_000);
      const base = `http://127.0.0.1:${port}`;
      const admin = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/vnd.api+json' };
      const created = await fetch(`${base}/api/v1/tenants/acme`, {
        method: 'PUT',
        headers: admin,
        body: JSON.stringify({ data: { type: 'tenants', attributes: { name: 'Acme' } } }),
      });
      assert.equal(created.status, 201);
      // Idle connections stay open longer than a load balancer keeps them (host/http-server.ts).
      assert.equal(created.headers.get('keep-alive'), 'timeout=65');
      const minted = await fetch(`${base}/api/v1/embed-sessions`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({
          data: { type: 'embed-sessions', attributes: { tenant: 'acme', user: 'u@acme.example', roles: ['customer'] } },
        }),
      });
      const token = ((await minted.json()) as any).data.attributes.token as string;

      // An open event stream.
      const stream = await fetch(`${base}/api/v1/stream`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(stream.status, 200);
      const streamText = stream.text().catch((err: unknown) => `stream failed: ${err}`);

      // A slow request: headers and half the body now, the rest after SIGTERM.
      const body = JSON.stringify({ data: { type: 'tenants', attributes: { name: 'Globex Corporation' } } });
      let slow!: ReturnType<typeof request>;
      const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(
          `${base}/api/v1/tenants/globex`,
          { method: 'PUT', headers: { ...admin, 'content-length': Buffer.byteLength(body) } },
          (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode!, text }));
          },
        );
        req.on('error', reject);
        req.write(body.slice(0, 20));
        slow = req;
      });
      // In flight once the host counts it (the scrape itself is the other one).
      await waitFor('the slow request to be in flight', async () => {
        const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
        return /glasspane_http_requests_in_flight ([2-9])/.test(text) && /glasspane_sse_connections_open 1/.test(text) ? true : undefined;
      });

      child.kill('SIGTERM');
      await waitFor('shutdown to begin', async () => (main.output().includes('shutting down') ? true : undefined));
      assert.match(await streamText, /retry: 1000\n\n$/, 'the stream ended with a retry hint');
      assert.equal(child.exitCode, null, 'still waiting for the request in flight');
      slow.end(body.slice(20));
      const result = await answered;
      assert.equal(result.status, 201, result.text);
      assert.equal(JSON.parse(result.text).data.attributes.name, 'Globex Corporation');
      assert.equal(await exited, 0, main.output());
      assert.match(main.output(), /"msg":"stopped"/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      if (postgres) {
        await postgres.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await postgres.end();
      }
    }
  });
});
