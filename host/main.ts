/**
 * Production entry: `node --import tsx host/main.ts` (or your bundle of it).
 * Configuration comes from the environment (host/config.ts); plugins are enabled by their
 * variables. `--check-config` prints the resolved configuration (secrets masked) and exits:
 * 0 when it is valid, 1 with every problem listed otherwise. `--no-migrate` is
 * `GLASSPANE_MIGRATE=off` (migrations run in a release step: `host/migrate.ts up`).
 */
import type { AddressInfo } from 'node:net';
import { createHost, type PluginEntry } from './index.js';
import { describeConfig, formatProblems, loadHostConfig } from './config.js';
import { createLogger } from './observability/logger.js';
import { startTracing } from './observability/tracing.js';
import { ENTRY_PLUGINS as AVAILABLE } from './entry-plugins.js';
import { serveHost } from './http-server.js';

const ARGUMENTS = ['--check-config', '--no-migrate'];
const args = process.argv.slice(2);
const unknown = args.filter((a) => !ARGUMENTS.includes(a));
if (unknown.length) {
  // A mistyped flag (`--no-migrations`) must not start a host that does what it was told not to.
  console.error(`Unknown argument${unknown.length > 1 ? 's' : ''} ${unknown.join(' ')}: host/main.ts takes ${ARGUMENTS.join(' and ')}`);
  process.exit(1);
}
const env = args.includes('--no-migrate') ? { ...process.env, GLASSPANE_MIGRATE: 'off' } : process.env;
const loaded = loadHostConfig(env, { plugins: AVAILABLE });
if (args.includes('--check-config')) {
  if (loaded.ok) console.log(JSON.stringify(describeConfig(loaded.config), null, 2));
  else console.error(formatProblems(loaded.problems));
  process.exit(loaded.ok ? 0 : 1);
}
if (!loaded.ok) {
  console.error(formatProblems(loaded.problems));
  process.exit(1);
}
const config = loaded.config;
const logger = createLogger(config.log);
const plugins: PluginEntry[] = config.plugins.map((id) => AVAILABLE[id]!);
// Before the host: spans of provider calls made at start (plugin checks) are recorded too.
const tracing = await startTracing(process.env);
if (tracing) logger.info({ tracing: describeConfig(config).tracing }, 'OpenTelemetry traces on (OTLP/HTTP)');

const host = await createHost({
  adminKey: config.adminKey,
  tokenSecret: config.tokenSecret,
  database: config.database,
  webhookSecret: config.webhookSecret,
  plugins,
  orders: config.orders,
  providerNames: config.providerNames,
  support: config.support,
  invoices: config.invoices,
  logger,
  metricsToken: config.metricsToken,
  migrate: config.migrate,
});
const server = serveHost({ fetch: host.fetch, port: config.port, keepAliveTimeoutMs: config.keepAliveTimeoutMs });
server.once('listening', () => {
  const { port } = server.address() as AddressInfo;
  logger.info(
    { port, plugins: config.plugins, migrate: config.migrate, keepAliveTimeoutMs: config.keepAliveTimeoutMs },
    `Glasspane host on http://localhost:${port}`,
  );
});

/**
 * Graceful shutdown: stop accepting connections, end event streams with a retry hint (the
 * browser reconnects to another process and resumes with Last-Event-ID), wait for requests
 * in flight (at most GLASSPANE_SHUTDOWN_TIMEOUT_SECONDS, then their connections are cut),
 * then stop the jobs after their current run, close the database pool and flush the traces
 * still queued. A second signal exits at once.
 */
let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    logger.warn({ signal }, 'second signal: exiting without waiting');
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: no new connections; waiting for requests in flight');
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const streams = host.observability.endStreams(1000);
  if (streams) logger.info({ streams }, 'event streams ended with a retry hint');
  // A keep-alive connection whose request finished after close() began would otherwise stay
  // open until its idle timeout: close such connections as they become idle.
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    logger.warn('requests still in flight at the shutdown deadline: closing their connections');
    server.closeAllConnections();
  }, config.shutdownTimeoutMs);
  await closed;
  clearTimeout(deadline);
  clearInterval(idle);
  try {
    await host.close();
  } catch (err) {
    logger.error({ err }, 'closing the host failed');
    process.exitCode = 1;
  }
  // The spans still queued (the last requests') reach the collector before the process ends.
  await tracing?.shutdown().catch((err: unknown) => logger.warn({ err }, 'flushing traces failed'));
  logger.info({ timedOut }, 'stopped');
  logger.flush();
  process.exit(process.exitCode ?? 0);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, (s) => void shutdown(s));
