/** A loopback Vaultly for the example plugin's tests: bearer auth, cursor paging, 429 on demand. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeJob {
  id: string;
  server: string;
  serverName: string;
  started: string;
  state: 'succeeded' | 'failed' | 'running';
}

export async function startVaultlyFake(options: { pageSize?: number } = {}) {
  const token = 'vaultly-test-token';
  const accounts = new Map<string, FakeJob[]>();
  let throttle = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: 'invalid token' });
    if (throttle > 0) {
      throttle--;
      return send(429, { error: 'slow down' }, { 'retry-after': '7' });
    }
    const m = /^\/v1\/accounts\/([^/]+)\/jobs$/.exec(url.pathname);
    if (!m || req.method !== 'GET') return send(404, { error: 'not found' });
    const since = url.searchParams.get('since') ?? '';
    const jobs = (accounts.get(decodeURIComponent(m[1]!)) ?? [])
      .filter((j) => j.started >= since)
      .sort((a, b) => a.started.localeCompare(b.started));
    const start = Number(url.searchParams.get('cursor') ?? 0);
    const size = options.pageSize ?? 50;
    send(200, { jobs: jobs.slice(start, start + size), next: start + size < jobs.length ? String(start + size) : null });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    addJob(account: string, job: FakeJob) {
      accounts.set(account, [...(accounts.get(account) ?? []), job]);
    },
    throttleNext(n: number) {
      throttle = n;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
