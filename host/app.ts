import { existsSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { join, resolve } from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { serveStatic } from '@hono/node-server/serve-static';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import type { HostEnv } from './context.js';
import { buildContainer, type HostServices, type PluginEntry } from './container.js';
import { migrateToLatest, openDatabase, type Db, type DialectName } from './db/database.js';
import { ApiError, toApiError, type ErrorObject } from './errors.js';
import { JSON_API, validationError } from './jsonapi.js';
import { bodyGuard } from './middleware/body-guard.js';
import { keyMatches, requireAdmin, requireToken, type AuthConfig } from './auth/middleware.js';
import { writeRateLimit, type WriteRateLimit } from './middleware/rate-limit.js';
import { authFailureLimit, type AuthFailureLimit } from './middleware/auth-failures.js';
import { verifyEmbedToken } from './auth/embed-token.js';
import { InProcessEventBus } from './stream/in-process-bus.js';
import { PostgresEventBus } from './stream/postgres-bus.js';
import type { EventBus } from './ports/event-bus.js';
import type { Env } from './plugin.js';
import type { MaintenanceServiceOptions } from './features/status/maintenance-service.js';
import type { ComputeServiceOptions } from './features/servers/compute-service.js';
import type { UsageServiceOptions } from './features/usage/usage-service.js';
import type { OrderServiceOptions } from './features/orders/order-service.js';
import { embedSessionRoutes } from './features/tenants/embed-sessions.js';
import { tenantRoutes } from './features/tenants/routes.js';
import { maintenanceRoutes } from './features/status/routes.js';
import { hookRoutes } from './features/status/hooks.js';
import { streamRoutes } from './stream/routes.js';
import { serverRoutes } from './features/servers/routes.js';
import { usageRoutes } from './features/usage/routes.js';
import { billingRoutes } from './features/billing/routes.js';
import { refundRoutes } from './features/billing/refund-routes.js';
import type { InvoiceIssuer } from './features/billing/invoice-pdf.js';
import { pciRoutes } from './features/pci/routes.js';
import { protectionRoutes } from './features/protection/routes.js';
import type { ProtectionServiceOptions } from './features/protection/protection-service.js';
import type { SupportServiceOptions } from './features/support/support-service.js';
import { Jobs } from './jobs.js';
import { accountRoutes } from './features/account-calendar/routes.js';
import { orderRoutes } from './features/orders/routes.js';
import { escalationRoutes } from './features/escalations/routes.js';
import { supportRoutes } from './features/support/routes.js';
import { healthRoutes } from './features/health/routes.js';
import { BILLING_READERS } from './features/billing/routes.js';
import { BILLING_TOPIC, type BillingServiceOptions } from './features/billing/billing-service.js';
import { Observability } from './observability/index.js';
import { defaultLogger, type Logger } from './observability/logger.js';

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
  /** Who issues the invoices the host renders as PDF (`GLASSPANE_PROVIDER_*`): legal name, address, tax id, contact, bank. */
  invoices?: { issuer?: InvoiceIssuer };
  /** Servers' recovery points are measured this often (ms); 0 disables. Default 5 minutes. */
  /** How often approved orders whose time came are run (resizes tonight, downgrades at the period end). Default 60 s. */
  ordersMs?: number;
  protectionMs?: number;
  protection?: ProtectionServiceOptions;
  /** Reopen period and auto-close delay of tickets (days); see `docs/http-api.md`. */
  support?: SupportServiceOptions;
  /** Tickets waiting on the customer past `support.autoCloseDays` are closed this often (ms); 0 disables. Default 1 hour. */
  ticketAutoCloseMs?: number;
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
  const keyProblem = adminKeyProblem(options.adminKey, options.demo ?? false);
  if (keyProblem) throw new Error(`createHost: ${keyProblem} (GLASSPANE_ADMIN_KEY). Generate one with: openssl rand -base64 32`);
  if (options.tokenSecret !== undefined && options.tokenSecret.length < 16) {
    throw new Error('The token secret (GLASSPANE_TOKEN_SECRET) must be at least 16 characters long.');
  }
  // Without an explicit secret, tokens are signed with a key derived from the admin key,
  // so the admin key itself never signs anything a browser holds.
  const secrets = { adminKey: options.adminKey, tokenSecret: options.tokenSecret ?? createHmac('sha256', options.adminKey).update('glasspane embed tokens').digest('hex') };
  const opened =
    typeof options.database === 'object'
      ? { ...options.database, destroy: async () => {} }
      : await openDatabase({ url: options.database, schema: options.databaseSchema });
  const pluginDefinitions = (options.plugins ?? []).map((entry) => ('plugin' in entry ? entry.plugin : entry));
  if (options.migrate !== false) await migrateToLatest(opened.db, { schema: 'schema' in opened ? opened.schema : undefined, plugins: pluginDefinitions });

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
      support: options.support,
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

  const observability = new Observability(options.logger ?? defaultLogger(), { adminKey: options.adminKey, metricsToken: options.metricsToken, now });
  app.use('*', observability.middleware());
  app.get('/metrics', observability.metricsHandler());
  app.onError((err, c) => errorResponse(c, err, observability));
  app.notFound((c) => {
    const allowed = allowedMethods(app, c.req.path, c.req.method);
    if (allowed.length) {
      return errorResponse(
        c,
        new ApiError(405, 'method_not_allowed', 'Method not allowed', `${c.req.method} is not allowed here; use ${allowed.join(', ')}.`, {
          headers: { Allow: allowed.join(', ') },
        }),
      );
    }
    return errorResponse(c, new ApiError(404, 'not_found', 'Not found', `There is no route ${c.req.method} ${c.req.path}.`));
  });

  app.use(
    '*',
    secureHeaders({
      crossOriginResourcePolicy: false,
      crossOriginEmbedderPolicy: false,
      crossOriginOpenerPolicy: false,
      referrerPolicy: 'strict-origin-when-cross-origin',
    }),
  );

  // Browsers may call the API only from a tenant's registered origins or a token's own.
  const corsHeaders = cors({
    origin: async (origin, c) => {
      if (!origin) return null;
      if (origin === new URL(c.req.url).origin) return origin;
      return (await services.tenants.isKnownOrigin(origin)) ? origin : null;
    },
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposeHeaders: ['Location', 'Retry-After'],
    maxAge: 600,
  });
  // Only cross-origin requests (they carry Origin) need CORS headers. Hono's cors() sets
  // some before the route answers, which makes Hono copy the answer into a new Response
  // with a streamed body: measurably slower on every request that has no use for them.
  // (c.header() after the answer does the same copy; the answer's own headers do not.)
  app.use(`${API}/*`, async (c, next) => {
    if (c.req.header('origin')) return corsHeaders(c, next);
    await next();
    // Not on the adapter's shared "already sent" marker (a stream written straight to Node).
    if (c.res !== RESPONSE_ALREADY_SENT) c.res.headers.append('Vary', 'Origin');
  });
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
  // Every API answer is JSON:API, whatever helper produced it.
  app.use(`${API}/*`, async (c, next) => {
    await next();
    if (c.req.path !== `${API}/openapi.json` && c.res.headers.get('content-type')?.startsWith('application/json')) {
      c.res.headers.set('content-type', JSON_API);
    }
  });

  // Each feature gets the services it uses, and nothing else.
  const { db, now: clock, bus: events, tenants, maintenances, noticeWriters, compute, usage, billing, support, kb, orders, escalations, events: calendar, pci, protection } = services;
  healthRoutes(app, { db, schema: 'schema' in opened ? opened.schema : undefined, plugins: plugins.map((p) => p.id) });
  embedSessionRoutes(app, auth, { tenants });
  tenantRoutes(app, auth, { db, tenants, compute, billing, support, maintenances });
  maintenanceRoutes(app, auth, { maintenances, noticeWriters });
  serverRoutes(app, auth, { compute });
  usageRoutes(app, auth, { usage, now: clock });
  billingRoutes(app, auth, { billing, tenants, issuer: options.invoices?.issuer ?? { name: options.orders?.providerName ?? 'Your hosting provider', address: [] } });
  refundRoutes(app, auth, { db, billing, bus: events, now: clock });
  supportRoutes(app, auth, { support, kb, billing });
  orderRoutes(app, auth, { orders, tenants, escalations });
  escalationRoutes(app, auth, { escalations });
  accountRoutes(app, auth, { db, events: calendar, orders, compute, tenants, now: clock });
  pciRoutes(app, auth, { pci });
  protectionRoutes(app, auth, { db, protection, tenants, now: clock });
  for (const plugin of plugins) plugin.routes?.(app, { requireAdmin: () => requireAdmin(auth), requireToken: (o) => requireToken(auth, o), services: { db, now: clock, tenants, protection } });
  hookRoutes(app, options.webhookSecret, { maintenances });
  streamRoutes(app, auth, { bus: events }, { heartbeatMs: options.heartbeatMs, ...options.streams, topicRoles: { [BILLING_TOPIC]: BILLING_READERS } });

  app.openAPIRegistry.registerComponent('securitySchemes', 'embedToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An embed token from POST /api/v1/embed-sessions.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminKey', {
    type: 'http',
    scheme: 'bearer',
    description: "The host's admin key (GLASSPANE_ADMIN_KEY); for the provider's portal backend only.",
  });
  app.doc31(`${API}/openapi.json`, {
    openapi: '3.1.0',
    info: {
      title: 'Glasspane host API',
      version: '1',
      description: 'JSON:API 1.1 (application/vnd.api+json). Errors are {"errors":[{status, code, title, detail, source}]}.',
    },
  });

  // The kit itself, for portals on other origins: one module script.
  const elementsDir = resolve(options.elementsDir ?? 'dist/elements');
  app.use('/elements/*', async (c, next) => {
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('Cache-Control', 'public, max-age=300');
    await next();
  });
  // Checked per request so a host started before `npm run build` picks the kit up.
  let kit: ReturnType<typeof serveStatic> | undefined;
  app.get(
    '/elements/*',
    (c, next) => {
      if (!existsSync(elementsDir)) return next();
      kit ??= serveStatic({ root: elementsDir, rewriteRequestPath: (p) => p.replace(/^\/elements/, '') });
      return kit(c as unknown as Parameters<typeof kit>[0], next);
    },
    (c) => {
      if (!existsSync(join(elementsDir, 'index.js'))) {
        throw new ApiError(404, 'kit_not_built', 'Kit not built', 'The element bundle is missing: run "npm run build".');
      }
      throw new ApiError(404, 'not_found', 'Not found', `No element bundle ${c.req.path}.`);
    },
  );

  // Background work runs once per interval across every process sharing the database.
  const jobs = new Jobs(services.db, now, (name, error, at) => {
    observability.metrics.jobFinished(name, error === undefined, at);
    if (error !== undefined) observability.jobFailed(name, error);
  });
  const every = (name: string, ms: number, work: () => Promise<unknown>) => {
    if (ms <= 0) return undefined;
    const timer = setInterval(() => void jobs.run(name, ms, work).catch((err) => observability.jobFailed(name, err)), ms);
    timer.unref();
    return timer;
  };
  const pollMs = options.pollMs ?? 60_000;
  // Each process refreshes once at start: its baseline for diffs, so the first poll streams only real changes.
  void services.maintenances.refresh().catch(() => undefined);
  if ((options.reconcileMs ?? 60_000) > 0) void jobs.run('payment-reconcile', options.reconcileMs ?? 60_000, () => services.billing.reconcile()).catch(() => undefined);
  const timers = [
    every('status-poll', pollMs, () => services.maintenances.refresh()),
    every('usage-collect', options.collectMs ?? 60_000, () => services.usage.collect()),
    every('autopay', options.autopayMs ?? 3600_000, () => services.billing.runAutopay()),
    // Payments a crash or a failing billing system left unsettled; also once at start.
    every('payment-reconcile', options.reconcileMs ?? 60_000, () => services.billing.reconcile()),
    // Notices and tickets can vanish at their source; gathering them regularly keeps the calendar whole.
    every('account-events', options.eventsMs ?? 15 * 60_000, () => services.events.syncAll()),
    every('protection-check', options.protectionMs ?? 5 * 60_000, () => services.protection.checkAll()),
    // Resizes chosen for tonight and downgrades at the end of the paid period.
    every('order-fulfilment', options.ordersMs ?? 60_000, () => services.orders.runDue()),
    // Tickets that waited on the customer too long close themselves.
    every('ticket-auto-close', options.ticketAutoCloseMs ?? 3600_000, () => services.support.closeStale()),
  ];

  return {
    app,
    fetch: (request, env) => Promise.resolve(app.fetch(request, env as never)),
    services,
    observability,
    async close() {
      for (const timer of timers) if (timer) clearInterval(timer);
      await jobs.stop();
      observability.close();
      services.compute.close();
      services.protection.close();
      for (const plugin of plugins) await plugin.dispose?.();
      await bus.close?.();
      await opened.destroy();
    },
  };
}

/** The demo's well-known key: accepted only with `demo: true`. */
export const DEMO_ADMIN_KEY = 'demo-admin-key';
const MIN_ADMIN_KEY_LENGTH = 20;

/** Why an admin key is too weak to guard a production host, or `undefined` when it is fine. */
export function adminKeyProblem(key: string | undefined, demo: boolean): string | undefined {
  if (!key) return 'an admin key is required';
  if (demo) return undefined;
  if (key === DEMO_ADMIN_KEY) return 'the demo admin key is refused outside the demo';
  if (key.length < MIN_ADMIN_KEY_LENGTH) return `the admin key must be at least ${MIN_ADMIN_KEY_LENGTH} characters long`;
  if (new Set(key).size < 10) return 'the admin key must not repeat a few characters; use a random one';
  return undefined;
}

function errorResponse(c: Context, err: unknown, observability?: Observability): Response {
  let status = 500;
  let errors: ErrorObject[];
  let headers: Record<string, string> = {};
  const answer = toApiError(err);
  if (answer) {
    status = answer.status;
    errors = answer.errors;
    headers = answer.headers;
  } else if (err instanceof HTTPException) {
    status = err.status;
    const code = status === 415 ? 'unsupported_media_type' : status === 413 ? 'payload_too_large' : status === 400 ? 'bad_request' : 'http_error';
    errors = [{ status: String(status), code, title: err.message || 'Request failed', detail: err.message }];
  } else {
    // Never a stack trace or an internal message in a response; the log has them.
    errors = [{ status: '500', code: 'internal_error', title: 'Internal error', detail: 'Something went wrong on our side; the error was logged.' }];
  }
  observability?.logError(c, err, status);
  // Support finds a customer's failed request by this id (the access log and X-Request-Id carry it too).
  const requestId = c.get('requestId');
  if (requestId) errors = errors.map((e) => ({ ...e, meta: { ...e.meta, requestId } }));
  return new Response(JSON.stringify({ errors }), { status, headers: { 'content-type': JSON_API, ...headers } });
}

/** Methods some route accepts for this path: answers 405 instead of 404 when the path exists. */
function allowedMethods(app: OpenAPIHono<HostEnv>, path: string, method: string): string[] {
  const methods = new Set<string>();
  for (const route of app.routes) {
    if (route.method === 'ALL' || route.method === method) continue;
    const pattern = new RegExp('^' + route.path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\/:[^/]+/g, '/[^/]+').replace(/\*/g, '.*') + '$');
    if (pattern.test(path)) methods.add(route.method);
  }
  return [...methods].sort();
}
