import { OpenAPIHono } from '@hono/zod-openapi';
import { readerLanguagesMiddleware } from './language.js';
import { providerWordsMiddleware } from './provider-words.js';
import { secureHeaders } from 'hono/secure-headers';
import type { HostEnv } from './context.js';
import { buildContainer } from './container.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import { validateInReaderLanguage, validationError } from './jsonapi.js';
import { hostSecrets } from './auth/admin-key.js';
import { keyMatches, requireAdmin, requireToken, type AuthConfig } from './auth/middleware.js';
import { verifyEmbedToken } from './auth/embed-token.js';
import { bodyGuard } from './middleware/body-guard.js';
import { apiCors } from './middleware/cors.js';
import { errorHandler, notFoundHandler } from './middleware/errors.js';
import { jsonApiMediaType } from './middleware/json-api.js';
import { writeRateLimit } from './middleware/rate-limit.js';
import { authFailureLimit } from './middleware/auth-failures.js';
import { socketAddress } from './middleware/client-address.js';
import { requestTracing } from './middleware/tracing.js';
import { InProcessEventBus } from './stream/in-process-bus.js';
import { PostgresEventBus } from './stream/postgres-bus.js';
import type { EventBus } from './ports/event-bus.js';
import { embedSessionRoutes } from './features/tenants/embed-sessions.js';
import { tenantRoutes } from './features/tenants/routes.js';
import { maintenanceRoutes } from './features/status/routes.js';
import { hookRoutes } from './features/status/hooks.js';
import { streamRoutes } from './stream/routes.js';
import { streamPosition } from './stream/position.js';
import { streamIdCodec } from './stream/event-ids.js';
import { serverRoutes } from './features/servers/routes.js';
import { usageRoutes } from './features/usage/routes.js';
import { billingRoutes, BILLING_READERS } from './features/billing/routes.js';
import { BILLING_TOPIC } from './features/billing/billing-service.js';
import { refundRoutes } from './features/billing/refund-routes.js';
import { pciRoutes } from './features/pci/routes.js';
import { protectionRoutes } from './features/protection/routes.js';
import { accountRoutes } from './features/account-calendar/routes.js';
import { orderRoutes } from './features/orders/routes.js';
import { escalationRoutes } from './features/escalations/routes.js';
import { ATTACHMENT_UPLOAD_PATH, supportRoutes } from './features/support/routes.js';
import { healthRoutes } from './features/health/routes.js';
import { activityRoutes } from './features/audit/routes.js';
import { auditRequestContext } from './features/audit/audit-service.js';
import { Observability } from './observability/index.js';
import { defaultLogger } from './observability/logger.js';
import { serveOpenApi } from './openapi.js';
import { serveKit } from './static.js';
import { startBackgroundWork } from './background.js';

import type { Host, HostOptions } from './options.js';

export type { Host, HostOptions } from './options.js';

const API = '/api/v1';

/**
 * Builds the host: database (migrated), container and plugins, the Hono app.
 *
 * @example
 * ```ts
 * import { createHost, serveHost } from '@glasspane/host';
 * import statuspage from '@glasspane/plugins/statuspage';
 * const host = await createHost({ adminKey: process.env.GLASSPANE_ADMIN_KEY!, plugins: [statuspage] });
 * serveHost({ fetch: host.fetch, port: 8787 }); // idle connections kept 65 s, longer than a load balancer
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
      support: options.support,
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
  // Every route's failed validation in the reader's language, one parse at a time (never via z.config()).
  validateInReaderLanguage(app);

  // Core middleware: logs and metrics, errors, headers, then the API's guards in order.
  const observability = new Observability(options.logger ?? defaultLogger(), {
    adminKey: options.adminKey,
    metricsToken: options.metricsToken,
    now,
  });
  // The request's span first: the access line, error lines and error documents carry its ids.
  app.use('*', requestTracing());
  app.use('*', observability.middleware());
  // Wrong keys count against the address wherever the admin key is accepted: the API and the
  // scrape endpoint (which takes the admin key too). The probes take no key and are never limited.
  const failedKeys = authFailureLimit(options.authFailureLimit);
  app.use('/metrics', failedKeys);
  app.get('/metrics', observability.metricsHandler());
  app.onError(errorHandler(observability, options.providerNames));
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
  app.use(
    `${API}/*`,
    apiCors((origin) => services.tenants.isKnownOrigin(origin)),
  );
  // The provider's own backend (the admin key) is not limited; embed tokens are.
  app.use(`${API}/*`, failedKeys);
  // The activity log records the address the failure limit counts: the socket peer, or what a configured proxy rule says.
  app.use(`${API}/*`, auditRequestContext(options.authFailureLimit?.clientAddress ?? socketAddress));
  app.use(
    `${API}/*`,
    writeRateLimit({
      ...options.writeRateLimit,
      exempt: (bearer) => keyMatches(bearer, auth.adminKey),
      sessionOf: (bearer) =>
        verifyEmbedToken(bearer, auth.tokenSecret).then(
          (claims) => claims.jti,
          () => undefined,
        ),
    }),
  );
  // Ticket attachments arrive as multipart/form-data; their route limits them (`support.attachments`).
  app.use(`${API}/*`, bodyGuard({ maxBytes: options.bodyLimitBytes, multipartPaths: ATTACHMENT_UPLOAD_PATH }));
  app.use(`${API}/*`, jsonApiMediaType(`${API}/openapi.json`));
  app.use(`${API}/*`, readerLanguagesMiddleware());
  app.use(`${API}/*`, providerWordsMiddleware(options.providerNames));
  // Last before the routes: where the tenant's event stream stood before each read.
  app.use(`${API}/*`, streamPosition(bus, streamIdCodec(secrets.tokenSecret)));

  // Each feature gets the services it uses, and nothing else.
  const {
    db,
    now: clock,
    bus: events,
    tenants,
    maintenances,
    noticeWriters,
    compute,
    usage,
    billing,
    audit,
    support,
    kb,
    orders,
    escalations,
    events: calendar,
    pci,
    protection,
  } = services;
  healthRoutes(app, { db, schema, plugins: plugins.map((p) => p.id) });
  observability.metrics.watchPayments(() =>
    db
      .selectFrom('payments')
      .select((eb) => ['state', eb.fn.countAll<number>().as('n')])
      .groupBy('state')
      .execute(),
  );
  embedSessionRoutes(app, auth, { tenants });
  tenantRoutes(app, auth, { db, tenants, compute, billing, support, maintenances });
  maintenanceRoutes(app, auth, { maintenances, noticeWriters });
  serverRoutes(app, auth, { compute, audit });
  usageRoutes(app, auth, { usage, now: clock });
  billingRoutes(app, auth, {
    billing,
    tenants,
    issuer: options.invoices?.issuer ?? { name: options.orders?.providerName ?? 'Your hosting provider', address: [] },
  });
  refundRoutes(app, auth, { db, billing, bus: events, now: clock });
  supportRoutes(app, auth, { support, kb, audit });
  orderRoutes(app, auth, { orders, tenants, escalations });
  escalationRoutes(app, auth, { escalations });
  accountRoutes(app, auth, { db, events: calendar, orders, compute, tenants, now: clock });
  pciRoutes(app, auth, { pci });
  activityRoutes(app, auth, { audit });
  protectionRoutes(app, auth, { db, protection, tenants, now: clock });
  for (const plugin of plugins)
    plugin.routes?.(app, {
      requireAdmin: () => requireAdmin(auth),
      requireToken: (o) => requireToken(auth, o),
      services: { db, now: clock, tenants, protection },
    });
  hookRoutes(app, options.webhookSecret, { maintenances });
  streamRoutes(
    app,
    auth,
    { bus: events },
    { heartbeatMs: options.heartbeatMs, ...options.streams, topicRoles: { [BILLING_TOPIC]: BILLING_READERS } },
  );
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
