import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alternate, report, type Ratio } from './harness.js';
import { spawnUntilReady } from '../host/test/fixtures/spawn.js';
import { mintEmbedToken } from '../host/auth/embed-token.js';

const CONNECTIONS = 2000;
const WARM = 20;
/** Timed fan-outs per side, alternating. */
const ROUNDS = 15;
/** Tenants the host's connections are spread over (its cap is 1,000 open streams per tenant). */
const TENANTS = 4;
const ADMIN_KEY = 'test-admin-key-0123456789';
/** Signs the bare server's tokens, which it never checks: they only give its URLs the host's length. */
const RAW_SECRET = 'bench-raw-secret-0123';

const start = spawnUntilReady;

/**
 * Both servers run with the same flags: --expose-gc and the memory reader preloaded
 * (bench/fixtures/memory.mjs); the host adds tsx's loader, whose constant cost a delta drops.
 */
const FLAGS = ['--expose-gc', '--import', './bench/fixtures/memory.mjs'];

type Memory = { rss: number; heapUsed: number; external: number; arrayBuffers: number };
/** The server's own process.memoryUsage() after a full GC (bench/fixtures/memory.mjs). */
const memory = (child: ChildProcess) =>
  new Promise<Memory>((resolve) => {
    let out = '';
    const read = (c: Buffer) => {
      out += c;
      const m = /memory (\{.*\})\n/.exec(out);
      if (!m) return;
      child.stdout!.off('data', read);
      resolve(JSON.parse(m[1]!) as Memory);
    };
    child.stdout!.on('data', read);
    child.kill('SIGUSR2');
  });

/**
 * Opens `n` SSE connections (`url(i)` is the i-th one's address); resolves when every one has
 * its first frame, rejects if one is refused.
 */
async function connect(url: (i: number) => string, n: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const waiting = new Set<(text: string) => void>();
  const requests: http.ClientRequest[] = [];
  await Promise.all(
    Array.from(
      { length: n },
      (_, i) =>
        new Promise<void>((resolve, reject) => {
          const req = http.get(url(i), { agent }, (res) => {
            if (res.statusCode !== 200) return reject(new Error(`stream refused: ${res.statusCode}`));
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
      const done = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${seen} of ${n} clients had the event after 60 s`)), 60_000);
        const w = (text: string) => {
          if (text.includes(marker) && ++seen === n) {
            clearTimeout(timer);
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

/** One server holding CONNECTIONS open streams, its memory per connection measured, ready to fan out. */
async function hold(kind: 'raw' | 'host') {
  const dir = mkdtempSync(join(tmpdir(), 'gp-sse-'));
  const { child, base } =
    kind === 'raw'
      ? await start([...FLAGS, 'bench/fixtures/raw-sse.mjs'])
      : await start([...FLAGS, '--import', 'tsx', 'host/test/fixtures/crash-host.ts', join(dir, 'gp.db')]);
  try {
    let fire = () => fetch(`${base}/fire`, { method: 'POST' });
    // Both servers get the same requests: one session token per connection in the query, as
    // EventSource sends it (the bare server keeps the URL as Node does, but checks nothing).
    const tokens: string[] = [];
    if (kind === 'raw') {
      for (let i = 0; i < CONNECTIONS + WARM; i++) {
        const claims = { tenant: `t${i % TENANTS}`, user: `bench-${i}`, roles: ['customer' as const], ttlSeconds: 3600 };
        const minted = await mintEmbedToken({ secret: RAW_SECRET, ...claims });
        tokens.push(minted.token);
      }
    } else {
      const admin = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/vnd.api+json' };
      // The host caps open streams per token (5) and per tenant (1,000) in a process: as in a
      // real portal, every connection is its own session, spread over several tenants.
      for (let t = 0; t < TENANTS; t++) {
        await fetch(`${base}/api/v1/tenants/t${t}`, {
          method: 'PUT',
          headers: admin,
          body: JSON.stringify({ data: { type: 'tenants', attributes: { name: `Tenant ${t}` } } }),
        });
      }
      for (let i = 0; i < CONNECTIONS + WARM; i++) {
        const minted = await fetch(`${base}/api/v1/embed-sessions`, {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({
            data: {
              type: 'embed-sessions',
              attributes: { tenant: `t${i % TENANTS}`, user: `bench-${i}`, roles: ['customer'], ttlSeconds: 3600 },
            },
          }),
        });
        tokens.push(((await minted.json()) as any).data.attributes.token as string);
      }
      fire = () =>
        fetch(`${base}/api/v1/maintenances`, {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({
            data: {
              type: 'maintenances',
              attributes: { kind: 'incident', title: 'Fan-out', status: 'investigating', impact: 'minor', componentIds: [], body: '' },
            },
          }),
        });
    }
    let next = 0;
    const url = () => `${base}/api/v1/stream?token=${tokens[next++]}&topics=maintenances`;
    // Warm up the server with a few connections, then measure memory before and after the rest.
    const warm = await connect(url, WARM);
    await warm.timeUntilAll(fire, 'event: maintenances');
    await new Promise((r) => setTimeout(r, 500));
    const before = await memory(child);
    const clients = await connect(url, CONNECTIONS);
    // Every connection has its first frame (connect resolved): the server holds them all.
    await new Promise((r) => setTimeout(r, 1000));
    const after = await memory(child);
    const perConnection = (after.rss - before.rss) / CONNECTIONS;
    const heapPerConnection = (after.heapUsed + after.external - before.heapUsed - before.external) / CONNECTIONS;
    // The first fan-out to all of them is the first write on each socket: untimed.
    await clients.timeUntilAll(fire, 'event: maintenances');
    return {
      perConnection,
      heapPerConnection,
      /** Milliseconds from posting one event until every client has it. */
      fanOut: () => clients.timeUntilAll(fire, 'event: maintenances'),
      close() {
        clients.close();
        warm.close();
        child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * SSE fan-out to 2,000 idle connections: the host's /api/v1/stream ÷ a bare node:http SSE
 * server (bench/fixtures/raw-sse.mjs).
 *
 * Memory, one method for both sides: each server is its own process with the same Node
 * flags (--expose-gc), served by node:http (the host through @hono/node-server), and on SIGUSR2 runs a full GC and
 * prints its own process.memoryUsage() (bench/fixtures/memory.mjs). The figure is
 * the delta between that reading after 20 warm-up connections and after 2,000 more (each
 * with its first frame), ÷ 2,000: RSS (everything the process holds: JS heap, Node's and
 * libuv's native socket and parser state) and heapUsed + external (what JS retains). The
 * kernel's socket buffers are in neither and are the same for both sides.
 *
 * The target is on heapUsed + external, what each connection keeps alive. RSS is reported
 * for context only: its delta after GC measures how much the heap had to grow, not what
 * the connections retain. The host starts with a ~30 MB heap that has room left after
 * start-up, so 2,000 connections fit in pages it already holds; the bare server starts with
 * ~6 MB and must grow. That is why the old RSS figure (two separately started processes)
 * showed the host at 0.3–0.7 of bare node:http, which is not what it retains. The native
 * per-socket state (libuv handle, HTTP parser, socket) is the same on both sides.
 *
 * Both servers get the same requests (a session token and the topics in the query, as
 * EventSource sends them) and keep what any SSE server needs per connection: the response,
 * its place in the fan-out, its topics and the last event id it has; one heartbeat timer
 * for all. What the host keeps beyond that, found by heap snapshots of 2,000 connections:
 * its Subscriber and sink (the session's tenant, token id, roles, expiry), the
 * verified-token cache entry, and @hono/node-server's close handler, which holds the
 * adapter's Request (with a second copy of the URL) for the request's abort signal.
 *
 * Time: from one event posted to every client having it. Both servers hold their 2,000
 * connections at once and fan out in alternating rounds (which goes first swaps each round),
 * so a busy moment of the machine falls on both sides alike; the figure is the median of the
 * rounds' ratios. (Measured one server after the other, five fan-outs each, one busy stretch
 * during either side's turn moved the ratio from about 1 to 2.)
 */
export async function run(): Promise<Ratio[]> {
  const raw = await hold('raw');
  let host: Awaited<ReturnType<typeof hold>> | undefined;
  let fanOut: Awaited<ReturnType<typeof alternate>>;
  try {
    host = await hold('host');
    fanOut = await alternate(ROUNDS, host.fanOut, raw.fanOut);
  } finally {
    host?.close();
    raw.close();
  }
  const memory = host.perConnection / raw.perConnection;
  const heap = host.heapPerConnection / raw.heapPerConnection;
  const time = fanOut.ratio;
  return [
    {
      name: `SSE ${CONNECTIONS} connections: JS heap+external per connection ÷ raw`,
      ratio: heap,
      target: '≤ 1.3',
      pass: heap <= 1.3,
      detail: `${(host.heapPerConnection / 1024).toFixed(1)} KiB vs ${(raw.heapPerConnection / 1024).toFixed(1)} KiB (after GC, in-process deltas)`,
    },
    {
      name: `SSE ${CONNECTIONS} connections: JS heap+external per connection (KiB)`,
      ratio: host.heapPerConnection / 1024,
      target: '< 20',
      pass: host.heapPerConnection < 20 * 1024,
      detail: 'absolute',
    },
    {
      name: `SSE ${CONNECTIONS} connections: RSS per connection ÷ raw (context)`,
      ratio: memory,
      target: '(reported)',
      pass: true,
      detail: `${(host.perConnection / 1024).toFixed(1)} KiB vs ${(raw.perConnection / 1024).toFixed(1)} KiB: heap growth, see header`,
    },
    {
      name: `SSE ${CONNECTIONS} connections: time until all have the event ÷ raw`,
      ratio: time,
      target: '≤ 1.5',
      pass: time <= 1.5,
      detail: `${fanOut.a.toFixed(1)} ms vs ${fanOut.b.toFixed(1)} ms (medians of ${ROUNDS} alternating rounds)`,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) report('SSE fan-out', await run());
