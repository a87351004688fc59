import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, report, type Ratio } from './harness.js';
import { spawnUntilReady } from '../host/test/fixtures/spawn.js';

const CONNECTIONS = 2000;
const ADMIN_KEY = 'test-admin-key-0123456789';

const start = spawnUntilReady;

/** Resident memory of a process (Linux), in bytes. */
const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

/** Opens `n` SSE connections; resolves when every one has its first frame. */
async function connect(url: string, n: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const waiting = new Set<(text: string) => void>();
  const requests: http.ClientRequest[] = [];
  await Promise.all(
    Array.from({ length: n }, () =>
      new Promise<void>((resolve, reject) => {
        const req = http.get(url, { agent }, (res) => {
          res.setEncoding('utf8');
          let first = true;
          res.on('data', (chunk: string) => {
            if (first) {
              first = false;
              resolve();
            }
            for (const w of waiting) w(chunk);
          });
        });
        req.on('error', reject);
        requests.push(req);
      }),
    ),
  );
  return {
    /** Milliseconds from `fire()` until all `n` clients saw a frame containing `marker`. */
    async timeUntilAll(fire: () => Promise<unknown>, marker: string) {
      let seen = 0;
      const t0 = performance.now();
      const done = new Promise<number>((resolve) => {
        const w = (text: string) => {
          if (text.includes(marker) && ++seen === n) {
            waiting.delete(w);
            resolve(performance.now() - t0);
          }
        };
        waiting.add(w);
      });
      await fire();
      return done;
    },
    close() {
      for (const r of requests) r.destroy();
      agent.destroy();
    },
  };
}

async function measure(kind: 'raw' | 'host') {
  const dir = mkdtempSync(join(tmpdir(), 'gp-sse-'));
  const { child, base } = kind === 'raw' ? await start(['bench/fixtures/raw-sse.mjs']) : await start(['--import', 'tsx', 'host/test/fixtures/crash-host.ts', join(dir, 'gp.db')]);
  try {
    let url = `${base}/stream`;
    let fire = () => fetch(`${base}/fire`, { method: 'POST' });
    if (kind === 'host') {
      const admin = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/vnd.api+json' };
      await fetch(`${base}/api/v1/tenants/acme`, { method: 'PUT', headers: admin, body: JSON.stringify({ data: { type: 'tenants', attributes: { name: 'Acme' } } }) });
      const minted = await fetch(`${base}/api/v1/embed-sessions`, { method: 'POST', headers: admin, body: JSON.stringify({ data: { type: 'embed-sessions', attributes: { tenant: 'acme', user: 'bench', roles: ['customer'], ttlSeconds: 3600 } } }) });
      const token = ((await minted.json()) as any).data.attributes.token as string;
      url = `${base}/api/v1/stream?token=${token}&topics=maintenances`;
      fire = () =>
        fetch(`${base}/api/v1/maintenances`, {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ data: { type: 'maintenances', attributes: { kind: 'incident', title: 'Fan-out', status: 'investigating', impact: 'minor', componentIds: [], body: '' } } }),
        });
    }
    // Warm up the server with a few connections, then measure memory before and after the rest.
    const warm = await connect(url, 20);
    await warm.timeUntilAll(fire, 'maintenances');
    await new Promise((r) => setTimeout(r, 500));
    const before = rss(child.pid!);
    const clients = await connect(url, CONNECTIONS);
    await new Promise((r) => setTimeout(r, 1000));
    const perConnection = (rss(child.pid!) - before) / CONNECTIONS;
    const times: number[] = [];
    for (let i = 0; i < 5; i++) times.push(await clients.timeUntilAll(fire, 'maintenances'));
    clients.close();
    warm.close();
    return { perConnection, time: median(times) };
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * SSE fan-out to 2,000 connections: the host's /api/v1/stream ÷ a bare node:http SSE
 * server, each in its own process: resident memory per connection, and time from one event
 * to every client having it.
 */
export async function run(): Promise<Ratio[]> {
  const raw = await measure('raw');
  const host = await measure('host');
  const memory = host.perConnection / raw.perConnection;
  const time = host.time / raw.time;
  return [
    { name: `SSE ${CONNECTIONS} connections: memory per connection ÷ raw node:http`, ratio: memory, target: '≤ 1.3', pass: memory <= 1.3, detail: `${(host.perConnection / 1024).toFixed(1)} KiB vs ${(raw.perConnection / 1024).toFixed(1)} KiB` },
    { name: `SSE ${CONNECTIONS} connections: memory per connection (KiB)`, ratio: host.perConnection / 1024, target: '< 20', pass: host.perConnection < 20 * 1024, detail: 'absolute' },
    { name: `SSE ${CONNECTIONS} connections: time until all have the event ÷ raw`, ratio: time, target: '≤ 1.5', pass: time <= 1.5, detail: `${host.time.toFixed(1)} ms vs ${raw.time.toFixed(1)} ms` },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) report('SSE fan-out', await run());
