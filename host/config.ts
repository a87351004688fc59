/**
 * The host's configuration, read from the environment in one place and validated at start:
 * every problem is reported at once (the variable, what is wrong, an example), so an
 * operator fixes a deployment in one round instead of one variable per restart.
 * `node --import tsx host/main.ts --check-config` prints the resolved configuration.
 */
import type { InvoiceIssuer } from './features/billing/invoice-pdf.js';
import { z } from 'zod';
import { adminKeyProblem } from './auth/admin-key.js';
import { PluginConfigError, envJson, resolvePluginConfig, type Env, type PluginDefinition } from './plugin.js';
import { isTimeZone } from './dates.js';
import type { AttachmentLimits } from './features/support/attachments.js';
import { DEFAULT_KEEP_ALIVE_TIMEOUT_MS } from './http-server.js';

/** One thing wrong with the environment. */
export interface ConfigProblem {
  variable: string;
  problem: string;
  example: string;
}

/** An example value for each variable, shown next to a problem with it. */
export const CONFIG_EXAMPLES: Readonly<Record<string, string>> = {
  GLASSPANE_ADMIN_KEY: 'the output of `openssl rand -base64 32`',
  GLASSPANE_TOKEN_SECRET: 'the output of `openssl rand -base64 32` (at least 16 characters)',
  DATABASE_URL: 'postgres://glasspane:secret@db:5432/glasspane, or a SQLite file such as .data/glasspane.db',
  GLASSPANE_WEBHOOK_SECRET: 'the output of `openssl rand -hex 16`',
  GLASSPANE_BILLING_TIME_ZONE: 'Europe/Berlin',
  GLASSPANE_PROVIDER_NAME: 'Example Hosting GmbH',
  GLASSPANE_PROVIDER_NAMES: '{"openstack":"Example Cloud","netsuite":"Example Billing"}',
  GLASSPANE_RETURNS_ADDRESS: 'Example Hosting GmbH|Returns|Hauptstr. 1|10115 Berlin',
  GLASSPANE_PROVIDER_ADDRESS: 'Hauptstr. 1|10115 Berlin|Germany',
  GLASSPANE_PROVIDER_TAX_ID: 'DE123456789',
  GLASSPANE_PROVIDER_CONTACT: 'billing@example-hosting.example · +49 30 1234567',
  GLASSPANE_PROVIDER_BANK: 'Example Bank|IBAN DE89 3704 0044 0532 0130 00|BIC COBADEFFXXX',
  GLASSPANE_PAYMENT_GATEWAY: 'test (demos and tests only)',
  PORT: '8787',
  GLASSPANE_LOG_LEVEL: 'info (one of fatal, error, warn, info, debug, trace, silent)',
  GLASSPANE_LOG_FORMAT: 'json (or pretty, for a terminal)',
  GLASSPANE_METRICS_TOKEN: 'the output of `openssl rand -base64 32` (at least 20 characters)',
  GLASSPANE_MIGRATE: 'on (or off, when migrations run in a release step: `node --import tsx host/migrate.ts up`)',
  GLASSPANE_SHUTDOWN_TIMEOUT_SECONDS: '10',
  GLASSPANE_KEEP_ALIVE_TIMEOUT_SECONDS: '65 (longer than your load balancer keeps idle connections: 60 s at AWS and nginx)',
  GLASSPANE_TICKET_REOPEN_DAYS: '14 (whole days, 1 to 365)',
  GLASSPANE_TICKET_AUTO_CLOSE_DAYS: '7 (whole days, 1 to 365)',
  GLASSPANE_ATTACHMENT_MAX_BYTES: '10485760 (bytes per file, 1 to 104857600)',
  GLASSPANE_ATTACHMENT_MAX_FILES: '5 (files per message, 1 to 50)',
  GLASSPANE_ATTACHMENT_TYPES: 'image/png,image/jpeg,application/pdf,text/plain',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318 (the exporter adds /v1/traces)',
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://otel-collector:4318/v1/traces (used as it is)',
  OTEL_SERVICE_NAME: 'glasspane',
};

/** The variables that enable each optional plugin: any one of them set enables it. The local plugin is always on. */
export const PLUGIN_SWITCHES: Readonly<Record<string, readonly string[]>> = {
  statuspage: ['STATUSPAGE_API_KEY', 'STATUSPAGE_PAGE_ID'],
  openstack: ['OPENSTACK_AUTH_URL'],
  vcloud: ['VCD_URL'],
  netsuite: ['NETSUITE_ACCOUNT_ID'],
  tintri: ['TINTRI_URL'],
  'test-payments': ['GLASSPANE_PAYMENT_GATEWAY'],
  stripe: ['STRIPE_SECRET_KEY'],
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalText = z.string().optional();

/** The problem with a GLASSPANE_PROVIDER_NAMES that is not a map of names. */
const PROVIDER_NAMES = 'must be a JSON object of plugin id → the name customers know it by';

/** A whole number of days from 1 to 365 (`what` says what it counts, in the problem). */
function days(what: string) {
  return z
    .string()
    .regex(/^\d+$/, { error: `must be a whole number of days (${what})` })
    .transform(Number)
    .refine((d) => d >= 1 && d <= 365, { error: `must be between 1 and 365 days (${what})` })
    .optional();
}

/** A whole number from `min` to `max` (`what` says what it counts, in the problem). */
function wholeNumber(min: number, max: number, what: string) {
  return z
    .string()
    .regex(/^\d+$/, { error: `must be a whole number (${what})` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `must be between ${min} and ${max} (${what})` })
    .optional();
}

/** An http(s) URL of an OTLP/HTTP collector. */
function otlpEndpoint() {
  return z
    .string()
    .refine((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol), {
      error: 'must be an http:// or https:// URL of an OTLP/HTTP collector',
    })
    .optional();
}

/** The environment the host reads; keys are the variables' names, so an issue's path names its variable. */
export const hostEnvSchema = z.object({
  GLASSPANE_ADMIN_KEY: z
    .string({ error: 'is not set: the host will not start without an admin key (`npm start` sets a demo one for you)' })
    .superRefine((key, ctx) => {
      const problem = adminKeyProblem(key, false);
      if (problem) ctx.addIssue({ code: 'custom', message: `is too weak: ${problem}` });
    }),
  GLASSPANE_TOKEN_SECRET: z.string().min(16, { error: 'must be at least 16 characters long' }).optional(),
  DATABASE_URL: optionalText,
  GLASSPANE_WEBHOOK_SECRET: optionalText,
  GLASSPANE_BILLING_TIME_ZONE: z
    .string()
    .refine((zone) => isTimeZone(zone), { error: 'is not an IANA time zone' })
    .optional(),
  GLASSPANE_PROVIDER_NAME: optionalText,
  GLASSPANE_PROVIDER_NAMES: z
    .preprocess(
      envJson,
      z.record(
        z.string(),
        z.string({ error: PROVIDER_NAMES }).refine((name) => name.trim() !== '', { error: PROVIDER_NAMES }),
        { error: PROVIDER_NAMES },
      ),
    )
    .optional(),
  GLASSPANE_RETURNS_ADDRESS: optionalText,
  GLASSPANE_PROVIDER_ADDRESS: optionalText,
  GLASSPANE_PROVIDER_TAX_ID: optionalText,
  GLASSPANE_PROVIDER_CONTACT: optionalText,
  GLASSPANE_PROVIDER_BANK: optionalText,
  GLASSPANE_PAYMENT_GATEWAY: optionalText,
  PORT: z
    .string()
    .regex(/^\d+$/, { error: 'must be a port number' })
    .transform(Number)
    .refine((port) => port <= 65535, { error: 'must be between 0 (any free port) and 65535' })
    .optional(),
  GLASSPANE_LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  GLASSPANE_LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional(),
  GLASSPANE_METRICS_TOKEN: z.string().min(20, { error: 'must be at least 20 characters long' }).optional(),
  GLASSPANE_MIGRATE: z.enum(['on', 'off'], { error: 'must be on or off' }).optional(),
  GLASSPANE_SHUTDOWN_TIMEOUT_SECONDS: z
    .string()
    .regex(/^\d+$/, { error: 'must be a whole number of seconds' })
    .transform(Number)
    .refine((s) => s >= 1 && s <= 300, { error: 'must be between 1 and 300' })
    .optional(),
  GLASSPANE_KEEP_ALIVE_TIMEOUT_SECONDS: wholeNumber(1, 3600, 'seconds an idle keep-alive connection stays open'),
  GLASSPANE_TICKET_REOPEN_DAYS: days('how long after closing a customer may reopen a ticket'),
  GLASSPANE_TICKET_AUTO_CLOSE_DAYS: days('how long a ticket waits on the customer before it closes by itself'),
  GLASSPANE_ATTACHMENT_MAX_BYTES: wholeNumber(1, 100 * 1024 * 1024, 'bytes per ticket attachment'),
  GLASSPANE_ATTACHMENT_MAX_FILES: wholeNumber(1, 50, 'files per ticket message'),
  GLASSPANE_ATTACHMENT_TYPES: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine((types) => types.length > 0 && types.every((t) => /^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/.test(t)), {
      error: 'must be a comma-separated list of media types such as image/png',
    })
    .optional(),
  // OpenTelemetry traces: either endpoint turns them on. The OTLP exporter reads these (and the
  // other OTEL_EXPORTER_OTLP_* variables: headers, protocol, timeout) itself; checked here so a
  // typo is reported at start instead of spans silently going nowhere.
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpEndpoint(),
  OTEL_SERVICE_NAME: optionalText,
});

/** The resolved configuration `host/main.ts` starts from. */
export interface HostConfig {
  adminKey: string;
  tokenSecret?: string;
  /** `DATABASE_URL`; the SQLite file `.data/glasspane.db` when unset. */
  database?: string;
  webhookSecret?: string;
  orders: { billingTimeZone?: string; providerName?: string; returnsAddress?: string[] };
  /** What customers call each provider, by plugin id (`GLASSPANE_PROVIDER_NAMES`, JSON). */
  providerNames: Record<string, string>;
  /**
   * Ticket workflow periods in days (`GLASSPANE_TICKET_REOPEN_DAYS`, default 14; `GLASSPANE_TICKET_AUTO_CLOSE_DAYS`, default 7)
   * and attachment limits (`GLASSPANE_ATTACHMENT_MAX_BYTES`, `_MAX_FILES`, `_TYPES`; unset ones keep their defaults).
   */
  support: { reopenDays: number; autoCloseDays: number; attachments: Partial<AttachmentLimits> };
  /** Who issues the invoices the host renders: legal name, address, tax id, contact, bank. */
  invoices: { issuer?: InvoiceIssuer };
  port: number;
  /** Ids of the plugins to register, `local` first. */
  plugins: string[];
  log: { level: (typeof LOG_LEVELS)[number]; format: 'json' | 'pretty' };
  metricsToken?: string;
  /** Run pending migrations at start (`GLASSPANE_MIGRATE`, default on). */
  migrate: boolean;
  shutdownTimeoutMs: number;
  /**
   * How long an idle keep-alive connection stays open (`GLASSPANE_KEEP_ALIVE_TIMEOUT_SECONDS`,
   * default 65 s): longer than any client or load balancer in front keeps one (host/http-server.ts).
   */
  keepAliveTimeoutMs: number;
  /** OpenTelemetry traces: on when an OTLP endpoint is set; `service.name` from `OTEL_SERVICE_NAME`, default `glasspane`. */
  tracing: { endpoint?: string; serviceName: string };
}

export type ConfigResult = { ok: true; config: HostConfig } | { ok: false; problems: ConfigProblem[] };

/**
 * Reads and validates the host's configuration. With `plugins` (definitions by id), each
 * enabled plugin's own configuration is validated too, so its problems are listed with the
 * host's. Empty variables count as unset.
 */
export function loadHostConfig(env: Env, options: { plugins?: Readonly<Record<string, PluginDefinition>> } = {}): ConfigResult {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value !== '') present[name] = value;
  const problems: ConfigProblem[] = [];
  const parsed = hostEnvSchema.safeParse(present);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = String(issue.path[0] ?? '(environment)');
      problems.push({ variable, problem: issue.message, example: CONFIG_EXAMPLES[variable] ?? '' });
    }
  }
  const plugins = enabledPluginIds(present);
  for (const id of plugins) {
    const definition = options.plugins?.[id];
    if (!definition) continue;
    try {
      resolvePluginConfig(definition, undefined, present);
    } catch (err) {
      if (!(err instanceof PluginConfigError)) throw err;
      for (const issue of err.issues)
        problems.push({ variable: `plugin ${id}`, problem: issue, example: 'see the plugin’s section of the README' });
    }
  }
  if (!parsed.success || problems.length) return { ok: false, problems };
  const e = parsed.data;
  return {
    ok: true,
    config: {
      adminKey: e.GLASSPANE_ADMIN_KEY,
      tokenSecret: e.GLASSPANE_TOKEN_SECRET,
      database: e.DATABASE_URL,
      webhookSecret: e.GLASSPANE_WEBHOOK_SECRET,
      orders: {
        billingTimeZone: e.GLASSPANE_BILLING_TIME_ZONE,
        providerName: e.GLASSPANE_PROVIDER_NAME,
        returnsAddress: e.GLASSPANE_RETURNS_ADDRESS?.split('|'),
      },
      providerNames: e.GLASSPANE_PROVIDER_NAMES ?? {},
      support: {
        reopenDays: e.GLASSPANE_TICKET_REOPEN_DAYS ?? 14,
        autoCloseDays: e.GLASSPANE_TICKET_AUTO_CLOSE_DAYS ?? 7,
        attachments: {
          ...(e.GLASSPANE_ATTACHMENT_MAX_BYTES ? { maxBytes: e.GLASSPANE_ATTACHMENT_MAX_BYTES } : {}),
          ...(e.GLASSPANE_ATTACHMENT_MAX_FILES ? { maxFiles: e.GLASSPANE_ATTACHMENT_MAX_FILES } : {}),
          ...(e.GLASSPANE_ATTACHMENT_TYPES ? { types: e.GLASSPANE_ATTACHMENT_TYPES } : {}),
        },
      },
      invoices: {
        issuer: e.GLASSPANE_PROVIDER_NAME
          ? {
              name: e.GLASSPANE_PROVIDER_NAME,
              address: e.GLASSPANE_PROVIDER_ADDRESS?.split('|') ?? [],
              taxId: e.GLASSPANE_PROVIDER_TAX_ID,
              contact: e.GLASSPANE_PROVIDER_CONTACT,
              paymentDetails: e.GLASSPANE_PROVIDER_BANK?.split('|'),
            }
          : undefined,
      },
      port: e.PORT ?? 8787,
      plugins,
      log: { level: e.GLASSPANE_LOG_LEVEL ?? 'info', format: e.GLASSPANE_LOG_FORMAT ?? 'json' },
      metricsToken: e.GLASSPANE_METRICS_TOKEN,
      migrate: (e.GLASSPANE_MIGRATE ?? 'on') === 'on',
      shutdownTimeoutMs: (e.GLASSPANE_SHUTDOWN_TIMEOUT_SECONDS ?? 10) * 1000,
      keepAliveTimeoutMs:
        e.GLASSPANE_KEEP_ALIVE_TIMEOUT_SECONDS === undefined
          ? DEFAULT_KEEP_ALIVE_TIMEOUT_MS
          : e.GLASSPANE_KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
      tracing: {
        endpoint: e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? e.OTEL_EXPORTER_OTLP_ENDPOINT,
        serviceName: e.OTEL_SERVICE_NAME ?? 'glasspane',
      },
    },
  };
}

/** The plugins the environment enables, `local` first. */
export function enabledPluginIds(env: Env): string[] {
  return [
    'local',
    ...Object.entries(PLUGIN_SWITCHES)
      .filter(([, vars]) => vars.some((v) => env[v]))
      .map(([id]) => id),
  ];
}

/** Problems as an operator reads them: one per line, with an example. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  const lines = problems.map((p) => `  - ${p.variable} ${p.problem}${p.example ? `\n      e.g. ${p.example}` : ''}`);
  return `The host's configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${lines.join('\n')}`;
}

/** The configuration with secrets masked (and a database URL's password), for `--check-config` and the start log. */
export function describeConfig(config: HostConfig): Record<string, unknown> {
  const mask = (v: string | undefined) => (v === undefined ? undefined : '********');
  return {
    adminKey: mask(config.adminKey),
    tokenSecret: mask(config.tokenSecret) ?? '(derived from the admin key)',
    database: config.database ? maskUrlPassword(config.database) : '.data/glasspane.db (SQLite)',
    webhookSecret: mask(config.webhookSecret) ?? '(webhooks off)',
    orders: config.orders,
    providerNames: config.providerNames,
    support: config.support,
    port: config.port,
    plugins: config.plugins,
    log: config.log,
    metricsToken: mask(config.metricsToken) ?? '(metrics need the admin key)',
    migrate: config.migrate ? 'at start' : 'off (run `node --import tsx host/migrate.ts up`)',
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    keepAliveTimeoutMs: config.keepAliveTimeoutMs,
    tracing: config.tracing.endpoint
      ? { endpoint: withoutQuery(config.tracing.endpoint), serviceName: config.tracing.serviceName }
      : '(off: set OTEL_EXPORTER_OTLP_ENDPOINT)',
  };
}

/** A URL without user info, query or fragment (where a collector's key might be). */
function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

function maskUrlPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '********';
    return parsed.protocol.startsWith('postgres') ? parsed.toString() : url;
  } catch {
    return url;
  }
}
