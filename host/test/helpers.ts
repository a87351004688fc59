import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createHost, type Host, type HostOptions } from '../app.js';
import localPlugin from '../../plugins/local/index.js';
import { testNow } from './test-clock.js';
import { createLogger, type Logger } from '../observability/logger.js';

export const ADMIN_KEY = 'test-admin-key-0123456789';
/** Shared with the tests that mint tokens the way a portal backend would. */
export const TOKEN_SECRET = 'test-token-secret-abcdefghij';

/**
 * `GLASSPANE_TEST_DATABASE_URL=postgres://…` runs the suite against PostgreSQL, each
 * host in a schema of its own (dropped on close); otherwise SQLite in memory.
 */
export const TEST_DATABASE_URL = process.env.GLASSPANE_TEST_DATABASE_URL;
export const dialectName = TEST_DATABASE_URL?.startsWith('postgres') ? 'postgres' : 'sqlite';

export { clockFrom, testNow } from './test-clock.js';

export interface TestHost extends Host {
  /** Request against the app, with JSON:API headers and the body encoded. */
  request(method: string, path: string, init?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  /** Mints a token through the real route. */
  token(tenant: string, roles?: string[], extra?: Record<string, unknown>): Promise<string>;
}

export async function createTestHost(options: Partial<HostOptions> = {}): Promise<TestHost> {
  const schema = dialectName === 'postgres' ? `t_${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}` : undefined;
  const host = await createHost({
    adminKey: ADMIN_KEY,
    tokenSecret: TOKEN_SECRET,
    database: TEST_DATABASE_URL ?? ':memory:',
    databaseSchema: schema,
    plugins: [localPlugin],
    pollMs: 0,
    env: {},
    now: testNow,
    ...options,
  });
  const request: TestHost['request'] = (method, path, init = {}) => {
    const headers: Record<string, string> = { accept: 'application/vnd.api+json', ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body: string | Uint8Array | undefined;
    if (init.body !== undefined) {
      body =
        typeof init.body === 'string' || init.body instanceof Uint8Array ? (init.body as string | Uint8Array) : JSON.stringify(init.body);
      headers['content-type'] ??= 'application/vnd.api+json';
    }
    return host.fetch(new Request(`http://glasspane.test${path}`, { method, headers, body }));
  };
  const token: TestHost['token'] = async (tenant, roles = ['customer'], extra = {}) => {
    const res = await request('POST', '/api/v1/embed-sessions', {
      token: ADMIN_KEY,
      body: { data: { type: 'embed-sessions', attributes: { tenant, user: `user@${tenant}.example`, roles, ...extra } } },
    });
    if (res.status !== 201) throw new Error(`mint failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as any).data.attributes.token;
  };
  return {
    ...host,
    request,
    token,
    async close() {
      await host.close();
      if (schema && TEST_DATABASE_URL) {
        await dropSchema(schema);
      }
    },
  };
}

/** Drops a test's PostgreSQL schema and everything in it (a fresh one per test keeps runs apart). */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

/** Creates tenants `acme` and `globex` with one service each. */
export async function seedTwoTenants(host: TestHost) {
  for (const [id, name] of [
    ['acme', 'Acme Corp'],
    ['globex', 'Globex'],
  ] as const) {
    const res = await host.request('PUT', `/api/v1/tenants/${id}`, {
      token: ADMIN_KEY,
      body: { data: { type: 'tenants', attributes: { name, origins: [`https://portal.${id}.example`] } } },
    });
    if (res.status !== 201) throw new Error(`tenant ${id}: ${res.status} ${await res.text()}`);
  }
}

/**
 * Waits until `probe` returns something other than undefined, false or null (polling every
 * 10 ms) and returns it; fails with `what` after the deadline. Tests wait for conditions
 * with it, never for a guessed number of milliseconds.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  timeoutMs = 10_000,
): Promise<Exclude<T, undefined | false | null>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false && value !== null) return value as Exclude<T, undefined | false | null>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A debug-level JSON logger whose lines are kept, parsed, in `lines` (tests read what the host logged). */
export function captureLogs(): { logger: Logger; lines: Record<string, any>[] } {
  const lines: Record<string, any>[] = [];
  return { lines, logger: createLogger({ level: 'debug', destination: { write: (s: string) => void lines.push(JSON.parse(s)) } }) };
}

/** Collects a topic's events (delivery may be asynchronous: PostgreSQL NOTIFY) and waits for them. */
export function collect(host: TestHost, topic: string) {
  const events: { tenant: string; data: any }[] = [];
  host.services.bus.subscribe((e) => {
    if (e.topic === topic) events.push({ tenant: e.tenant, data: e.data });
  });
  return {
    events,
    async until(predicate: (events: { tenant: string; data: any }[]) => boolean, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(events)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${topic} events; have ${JSON.stringify(events).slice(0, 500)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    /** Waits until no event arrived for `quietMs`. */
    async settle(quietMs = 150) {
      let n = -1;
      while (n !== events.length) {
        n = events.length;
        await new Promise((r) => setTimeout(r, quietMs));
      }
    },
  };
}

/**
 * The production entry (host/main.ts) as a child process with exactly `env` (plus PATH), its
 * stdout and stderr collected in `output()`, and `exited` resolving to its exit code.
 */
export function startMainProcess(
  env: Record<string, string>,
  args: string[] = [],
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'host/main.ts', ...args], {
    env: { PATH: process.env.PATH!, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/**
 * A self-signed certificate for 127.0.0.1, standing for a provider behind a private CA:
 * `cert` is also the CA to trust, `caFile` its path. Undefined when openssl is not installed
 * (the caller skips). `remove()` deletes the files.
 */
export function selfSignedCertificate(): { key: string; cert: string; caFile: string; dir: string; remove(): void } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'gp-ca-'));
  const made = spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=private-cloud',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'ca.pem'),
  ]);
  const remove = () => rmSync(dir, { recursive: true, force: true });
  if (made.status !== 0) {
    remove();
    return undefined;
  }
  return {
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    cert: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    caFile: join(dir, 'ca.pem'),
    dir,
    remove,
  };
}
