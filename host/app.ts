import { OpenAPIHono } from '@hono/zod-openapi';
import { secureHeaders } from 'hono/secure-headers';
import type { HostEnv } from './context.js';
import { buildContainer, type HostServices, type PluginEntry } from './container.js';
import { migrateToLatest, openDatabase, type Db, type DialectName } from './db/database.js';
import { validationError } from './jsonapi.js';
import { hostSecrets } from './auth/admin-key.js';
import { keyMatches, requireAdmin, requireToken, type AuthConfig } from './auth/middleware.js';
import { verifyEmbedToken } from './auth/embed-token.js';
import { bodyGuard } from './middleware/body-guard.js';
import { apiCors } from './middleware/cors.js';
import { errorHandler, notFoundHandler } from './middleware/errors.js';
import { jsonApiMediaType } from './middleware/json-api.js';
import { writeRateLimit, type WriteRateLimit } from './middleware/rate-limit.js';
import { authFailureLimit, type AuthFailureLimit } from './middleware/auth-failures.js';
import { InProcessEventBus } from './stream/in-process-bus.js';
import { PostgresEventBus } from './stream/postgres-bus.js';
import type { EventBus } from './ports/event-bus.js';
import type { Env } from './plugin.js';
import type { MaintenanceServiceOptions } from './features/status/maintenance-service.js';
import type { ComputeServiceOptions } from './features/servers/compute-service.js';
import type { UsageServiceOptions } from './features/usage/usage-service.js';
import type { OrderServiceOptions } from './features/orders/order-service.js';
import type { ProtectionServiceOptions } from './features/protection/protection-service.js';
import { embedSessionRoutes } from './features/tenants/embed-sessions.js';
import { tenantRoutes } from './features/tenants/routes.js';
import { maintenanceRoutes } from './features/status/routes.js';
import { hookRoutes } from './features/status/hooks.js';
import { streamRoutes } from './stream/routes.js';
import { serverRoutes } from './features/servers/routes.js';
import { usageRoutes } from './features/usage/routes.js';
import { billingRoutes, BILLING_READERS } from './features/billing/routes.js';
import { BILLING_TOPIC, type BillingServiceOptions } from './features/billing/billing-service.js';
import { pciRoutes } from './features/pci/routes.js';
import { protectionRoutes } from './features/protection/routes.js';
import { accountRoutes } from './features/account-calendar/routes.js';
import { orderRoutes } from './features/orders/routes.js';
import { escalationRoutes } from './features/escalations/routes.js';
import { supportRoutes } from './features/support/routes.js';
import { healthRoutes } from './features/health/routes.js';
import { Observability } from './observability/index.js';
import { defaultLogger, type Logger } from './observability/logger.js';
import { serveOpenApi } from './openapi.js';
import { serveKit } from './static.js';
import { startBackgroundWork } from './background.js';

export interface HostOptions {
  /** Key the provider's portal backend uses for admin routes. Required. */
  adminKey: string;
  /** Signs embed tokens (≥ 16 characters); derived from the admin key when unset. Set it to share with portals that mint tokens themselves. */
  tokenSecret?: string;
  /** `DATABASE_URL`: `postgres://…` or a SQLite file (default `.data/glasspane.db`), or an open kysely instance. */
  database?: string | { db: Db; dialect: DialectName; schema?: string };
  /** PostgreSQL schema to use (tests). */
  databaseSchema?: string;
  /** Plugins to register, with explicit config or read from `env`. */
  plugins?: readonly PluginEntry[];
  /** Environment the plugins read. Default `process.env`. */
  env?: Env;
  /** Secret path segment of webhook URLs (`GLASSPANE_WEBHOOK_SECRET`). Webhooks are off without it. */
  webhookSecret?: string;
  /** Statuspage and other status sources are re-read this often (ms); 0 disables polling. Default 60 s. */
  pollMs?: number;
  /** Folder with the built kit (`vite build`), served at `/elements/`. Default `dist/elements`. */
  elementsDir?: string;
  /** Largest request body in bytes. Default 64 KiB. */
  bodyLimitBytes?: number;
  /** Writes per embed session: a burst of 30, then 60 a minute, by default; past it 429 with Retry-After. */
  writeRateLimit?: WriteRateLimit;
  /** Wrong admin keys and forged tokens per client address: 10 free, then waits that double (1 s … 15 min). */
  authFailureLimit?: AuthFailureLimit;
  /** Open event streams per token (default 5) and per tenant (default 1,000), per process; 429 beyond. */
  streams?: { maxPerToken?: number; maxPerTenant?: number };
  /** The demo: accepts its well-known admin key. Never set it in production. */
  demo?: boolean;
  /** Event streams send a comment line this often (ms), so proxies keep idle ones open. Default 15 s. */
  heartbeatMs?: number;
  /** Usage is sampled from the metrics providers this often (ms); 0 disables. Default 60 s. */
  collectMs?: number;
  /** Autopay charges due invoices this often (ms); 0 disables. Default 1 hour. */
  autopayMs?: number;
  /** Unsettled payments (crashed requests, unrecorded charges) are reconciled this often (ms), and once at start; 0 disables. Default 1 minute. */
  reconcileMs?: number;
  /** Payment leases and retry limits (tests shorten them). */
  billing?: BillingServiceOptions;
  /** Account events are gathered from every source this often (ms); 0 disables. Default 15 minutes. */
  eventsMs?: number;
  bus?: EventBus;
  now?: () => Date;
  maintenance?: MaintenanceServiceOptions;
  compute?: ComputeServiceOptions;
  usage?: UsageServiceOptions;
  /** Billing time zone, review threshold and returns address of self-serve orders. */
  orders?: OrderServiceOptions;
  /** How often approved orders whose time came are run (resizes tonight, downgrades at the period end). Default 60 s. */
  ordersMs?: number;
  /** Servers' recovery points are measured this often (ms); 0 disables. Default 5 minutes. */
  protectionMs?: number;
  protection?: ProtectionServiceOptions;
  /** Structured logs (pino): access lines, provider and job failures. Default JSON on stdout at `info` (silent under `node --test`). */
  logger?: Logger;
  /** `GLASSPANE_METRICS_TOKEN`: a bearer token for `GET /metrics` besides the admin key. */
  metricsToken?: string;
  /** Run pending migrations at start (default true); `GLASSPANE_MIGRATE=off` when a release step runs them. */
  migrate?: boolean;
}

export interface Host {
  app: OpenAPIHono<HostEnv>;
  /**
   * Standard fetch handler, for `@hono/node-server` or tests (`host.fetch(new Request(…))`).
   * Pass node-server's bindings (`{ incoming, outgoing }`) on: the event stream then writes
   * straight to the socket instead of through Web Streams.
   */
  fetch: (request: Request, env?: unknown) => Promise<Response>;
  services: HostServices;
  /** Logger, metrics and open event streams (graceful shutdown ends them with `endStreams`). */
  observability: Observability;
  /** Stops pollers, runs plugins' dispose and closes the database (when the host opened it). */
  close(): Promise<void>;
}

const API = '/api/v1';

/**
 * Builds the host: database (migrated), container and plugins, the Hono app.
 *
 * @example
 * ```ts
 * import { createHost } from 'glasspane/host';
 * import statuspage from 'glasspane/plugins/statuspage';
 * const host = await createHost({ adminKey: process.env.GLASSPANE_ADMIN_KEY!, plugins: [statuspage] });
 * serve({ fetch: host.fetch, port: 8787 });
 * ```
 */
export async function createHost(options: HostOptions): Promise<Host> {
  const secrets = hostSecrets(options.adminKey, options.tokenSecret, options.demo ?? false);
  const opened =
    typeof options.database === 'object'
      ? { ...options.database, destroy: async () => {} }
      : await openDatabase({ url: options.database, schema: options.databaseSchema });
  const schema = 'schema' in opened ? opened.schema : undefined;
  const pluginDefinitions = (options.plugins ?? []).map((entry) => ('plugin' in entry ? entry.plugin : entry));
  if (options.migrate !== false) await migrateToLatest(opened.db, { schema, plugins: pluginDefinitions });

  const now = options.now ?? (() => new Date());
  // On PostgreSQL, events travel through the database so every host process delivers them.
  const bus: EventBus =
    options.bus ??
    (opened.dialect === 'postgres' && typeof options.database === 'string'
      ? await PostgresEventBus.connect(opened.db, { connectionString: options.database, schema: opened.schema })
      : new InProcessEventBus());
  let built: Awaited<ReturnType<typeof buildContainer>>;
  try {
    built = await buildContainer({
      db: opened.db,
      dialect: opened.dialect,
      bus,
      now,
      plugins: options.plugins ?? [],
      env: options.env ?? process.env,
      maintenance: options.maintenance,
      compute: options.compute,
      usage: options.usage,
      orders: options.orders,
      protection: options.protection,
      billing: options.billing,
    });
  } catch (err) {
    // A misconfigured plugin must not leave connections open behind the error.
    await bus.close?.();
    await opened.destroy();
    throw err;
  }
  const { services, plugins } = built;
  const auth: AuthConfig = { ...secrets, tenants: services.tenants };

  const app = new OpenAPIHono<HostEnv>({
    defaultHook: (result, _c) => {
      if (!result.success) throw validationError(result.error.issues, (result as { target?: string }).target ?? 'json');
    },
  });

  // Core middleware: logs and metrics, errors, headers, then the API's guards in order.
  const observability = new Observability(options.logger ?? defaultLogger(), { adminKey: options.adminKey, metricsToken: options.metricsToken, now });
  app.use('*', observability.middleware());
  app.get('/metrics', observability.metricsHandler());
  app.onError(errorHandler(observability));
  app.notFound(notFoundHandler(app));
  app.use(
    '*',
    secureHeaders({
      crossOriginResourcePolicy: false,
      crossOriginEmbedderPolicy: false,
      crossOriginOpenerPolicy: false,
      referrerPolicy: 'strict-origin-when-cross-origin',
    }),
  );
  app.use(`${API}/*`, apiCors((origin) => services.tenants.isKnownOrigin(origin)));
  // The provider's own backend (the admin key) is not limited; embed tokens are.
  app.use(`${API}/*`, authFailureLimit(options.authFailureLimit));
  app.use(
    `${API}/*`,
    writeRateLimit({
      ...options.writeRateLimit,
      exempt: (bearer) => keyMatches(bearer, auth.adminKey),
      sessionOf: (bearer) => verifyEmbedToken(bearer, auth.tokenSecret).then((claims) => claims.jti, () => undefined),
    }),
  );
  app.use(`${API}/*`, bodyGuard({ maxBytes: options.bodyLimitBytes }));
  app.use(`${API}/*`, jsonApiMediaType(`${API}/openapi.json`));

  // Each feature gets the services it uses, and nothing else.
  const { db, now: clock, bus: events, tenants, maintenances, noticeWriters, compute, usage, billing, support, kb, orders, escalations, events: calendar, pci, protection } = services;
  healthRoutes(app, { db, schema, plugins: plugins.map((p) => p.id) });
  embedSessionRoutes(app, auth, { tenants });
  tenantRoutes(app, auth, { db, tenants, compute, billing, support, maintenances });
  maintenanceRoutes(app, auth, { maintenances, noticeWriters });
  serverRoutes(app, auth, { compute });
  usageRoutes(app, auth, { usage, now: clock });
  billingRoutes(app, auth, { billing, tenants });
  supportRoutes(app, auth, { support, kb, billing });
  orderRoutes(app, auth, { orders, tenants, escalations });
  escalationRoutes(app, auth, { escalations });
  accountRoutes(app, auth, { db, events: calendar, orders, compute, tenants, now: clock });
  pciRoutes(app, auth, { pci });
  protectionRoutes(app, auth, { db, protection, tenants, now: clock });
  for (const plugin of plugins) plugin.routes?.(app, { requireAdmin: () => requireAdmin(auth), requireToken: (o) => requireToken(auth, o), services: { db, now: clock, tenants, protection } });
  hookRoutes(app, options.webhookSecret, { maintenances });
  streamRoutes(app, auth, { bus: events }, { heartbeatMs: options.heartbeatMs, ...options.streams, topicRoles: { [BILLING_TOPIC]: BILLING_READERS } });
  serveOpenApi(app, `${API}/openapi.json`);
  serveKit(app, options.elementsDir);

  const background = startBackgroundWork(services, observability, options);

  return {
    app,
    fetch: (request, env) => Promise.resolve(app.fetch(request, env as never)),
    services,
    observability,
    async close() {
      await background.stop();
      observability.close();
      services.compute.close();
      services.protection.close();
      for (const plugin of plugins) await plugin.dispose?.();
      await bus.close?.();
      await opened.destroy();
    },
  };
}
