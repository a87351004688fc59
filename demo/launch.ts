/**
 * Starting the demo as its own process, for the demo's tests and the page-weight and portal benchmarks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/** A TCP port free on loopback at the time of asking. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts `demo/server.ts` on `port` with the SQLite database at `database` (kept across
 * restarts) and any `env` of its own; resolves with the process once the demo prints its admin key.
 */
export async function startDemo(port: number, database: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server.ts'], {
    env: { ...process.env, ...env, PORT: String(port), GLASSPANE_DEMO_DB: database, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Admin key')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (c: Buffer) => (output += c));
    child.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${output}`)));
  });
  return child;
}
