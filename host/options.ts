// The types of `createHost` (host/app.ts): what it takes and the host it returns.
import type { ProviderNames } from './provider-words.js';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from './context.js';
import type { HostServices, PluginEntry } from './container.js';
import type { Db, DialectName } from './db/database.js';
import type { WriteRateLimit } from './middleware/rate-limit.js';
import type { AuthFailureLimit } from './middleware/auth-failures.js';
import type { EventBus } from './ports/event-bus.js';
import type { Env } from './plugin.js';
import type { MaintenanceServiceOptions } from './features/status/maintenance-service.js';
import type { ComputeServiceOptions } from './features/servers/compute-service.js';
import type { UsageServiceOptions } from './features/usage/usage-service.js';
import type { OrderServiceOptions } from './features/orders/order-service.js';
import type { ProtectionServiceOptions } from './features/protection/protection-service.js';
import type { BillingServiceOptions } from './features/billing/billing-service.js';
import type { InvoiceIssuer } from './features/billing/invoice-pdf.js';
import type { SupportServiceOptions } from './features/support/support-service.js';
import type { Logger } from './observability/logger.js';
import type { Observability } from './observability/index.js';

/** What `createHost` takes. */
export interface HostOptions {
  /** Key the provider's portal backend uses for admin routes. Required. */
  adminKey: string;
  /**
   * Signs embed tokens (≥ 16 characters); derived from the admin key when unset. Set it to share with portals that mint tokens themselves.
   */
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
  /** Folder with the built kit (`vite build`: version folders and the stable entries), served at `/elements/`. Default `dist/elements`. */
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
  /**
   * Unsettled payments (crashed requests, unrecorded charges) are reconciled this often (ms), and once at start; 0 disables. Default 1
   * minute.
   */
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
  /**
   * What customers call each provider, by plugin id (`GLASSPANE_PROVIDER_NAMES`): `{ openstack: 'Nimbus Cloud' }`.
   * A customer's error names a provider by this or by what it is ("the server platform"), never by the plugin's words.
   */
  providerNames?: ProviderNames;
  /** Who issues the invoices the host renders as PDF (`GLASSPANE_PROVIDER_*`): legal name, address, tax id, contact, bank. */
  invoices?: { issuer?: InvoiceIssuer };
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
