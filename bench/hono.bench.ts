import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { compareRps, withServer } from './http.js';
import { report, type Ratio } from './harness.js';

/** Hono hello-world on @hono/node-server ÷ a raw node:http hello-world (req/s), same machine, alternating rounds. */
export async function run(): Promise<Ratio[]> {
  const raw = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('Hello Hono!'));
  await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
  const app = new Hono();
  app.get('/', (c) => c.text('Hello Hono!'));
  try {
    return await withServer(app.fetch, async (base) => {
      const { a, b, ratio } = await compareRps(`${base}/`, `http://127.0.0.1:${(raw.address() as AddressInfo).port}/`, 3);
      return [
        {
          name: 'Hono hello ÷ raw node:http hello (req/s)',
          ratio,
          target: '≥ 0.80',
          pass: ratio >= 0.8,
          detail: `${a.toFixed(0)} vs ${b.toFixed(0)} req/s`,
        },
      ];
    });
  } finally {
    await new Promise((r) => raw.close(r));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) report('Hono', await run());
