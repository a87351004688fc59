import type { DependencyContainer, InjectionToken } from 'tsyringe';
import type { z } from 'zod';
import { BillingProviderToken } from './ports/billing-provider.js';
import { ComputeProviderToken } from './ports/compute-provider.js';
import type { EventBus } from './ports/event-bus.js';
import { EventSourceToken } from './ports/event-source.js';
import { MetricsProviderToken } from './ports/metrics-provider.js';
import { PaymentGatewayToken } from './ports/payment-gateway.js';
import { HostedPaymentGatewayToken } from './ports/hosted-payment-gateway.js';
import { ProtectionProviderToken } from './ports/protection-provider.js';
import { NoticeWriterToken, StatusProviderToken } from './ports/status-provider.js';
import { SupportProviderToken } from './ports/support-provider.js';
import type { Migration } from 'kysely';
import type { MiddlewareHandler } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from './context.js';
import type { Db } from './db/database.js';
import type { Role } from './auth/roles.js';

/** The ports a plugin may provide; each maps to its injection tokens in `PORT_TOKENS` below. */
export type PortName =
  | 'ComputeProvider'
  | 'MetricsProvider'
  | 'BillingProvider'
  | 'SupportProvider'
  | 'StatusProvider'
  | 'ProtectionProvider'
  | 'PaymentGateway'
  | 'EventSource';

export type Env = Record<string, string | undefined>;

/** A plugin's own log lines, prefixed with its id. */
export interface PluginLogger {
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/** The host's core services a plugin may ask for in `needs`. */
export interface CoreServices {
  /** The host's kysely instance, for plugins that keep their data in the host's SQL (`local`). */
  database: Db;
  /** The current time; tests and the demo replace it. Use it instead of `new Date()`. */
  clock: () => Date;
  /** Realtime events to the tenants' open pages. */
  eventBus: EventBus;
  logger: PluginLogger;
}

export type CoreServiceName = keyof CoreServices;

export interface PluginContext<C, N extends CoreServiceName = CoreServiceName> {
  /**
   * Register implementations under the tokens of the ports listed in `provides`; any other
   * port's token is refused with a PluginDefinitionError. (Resolving the core tokens from it
   * still works, for older plugins; declare `needs` and use `services` instead.)
   */
  container: DependencyContainer;
  /** The validated configuration. */
  config: C;
  /** The core services named in `needs`, and only those. */
  services: Pick<CoreServices, N>;
}

/**
 * A provider plugin. Plain data plus one `register` function, testable without a host.
 *
 * @example
 * ```ts
 * export default definePlugin({
 *   id: 'statuspage',
 *   provides: ['StatusProvider'],
 *   needs: ['clock'],
 *   config: z.object({ apiKey: z.string().min(1), pageId: z.string().min(1) }),
 *   fromEnv: (env) => ({ apiKey: env.STATUSPAGE_API_KEY, pageId: env.STATUSPAGE_PAGE_ID }),
 *   register({ container, config, services }) {
 *     container.register(StatusProviderToken, { useValue: new StatuspageProvider(config, services.clock) });
 *   },
 * });
 * ```
 */
export interface PluginDefinition<C = unknown, N extends CoreServiceName = CoreServiceName> {
  /** Lower-case id, also used in error messages and metrics (`openstack`). */
  id: string;
  /** The ports the plugin may register; registering any other port is an error. */
  provides: readonly PortName[];
  /** The host's core services `register` receives in `services`. */
  needs?: readonly N[];
  /** Schema of the configuration; the host validates before `register`. */
  config: z.ZodType<C>;
  /** Reads the documented environment variables into an unvalidated config object. */
  fromEnv?(env: Env): unknown;
  register(context: PluginContext<C, N>): void | Promise<void>;
  /** Stops pollers and closes connections when the host shuts down. */
  dispose?(): void | Promise<void>;
  // --- What a plugin brings besides its providers: tables, routes, seed data (#17) ---
  /**
   * The plugin's own migrations, each name prefixed with the plugin id (`local/0001-tables`).
   * The host runs them after its own, in name order, recorded in a migration table of the
   * plugin's own (`glasspane_migrations_<id>`), so a plugin added or removed later never
   * disturbs the host's migration history or another plugin's.
   */
  migrations?: Readonly<Record<string, Migration>>;
  /**
   * Routes the plugin adds to the host's app (paths under `/api/v1`), after the host's own
   * and behind the same middleware (CORS, rate limit, body guard). Guard each path with
   * `context.requireAdmin()` or `context.requireToken()` before adding its route.
   */
  routes?(app: OpenAPIHono<HostEnv>, context: PluginRouteContext): void;
  /** Writes demo or test data into the plugin's own tables (the demo calls it); idempotent. */
  seed?(context: PluginSeedContext, data: unknown): Promise<void>;
  /**
   * A fallback: where the host uses one provider of a port (ProtectionProvider), a
   * provider of a plugin without this flag wins over this plugin's.
   */
  fallback?: boolean;
}

/** What `routes` gets: the host's authentication, as middleware. */
export interface PluginRouteContext {
  /** Only the host's admin key (the provider's own backend and tooling). */
  requireAdmin(): MiddlewareHandler<HostEnv>;
  /** An embed token, optionally with one of the roles. */
  requireToken(options?: { roles?: Role[] }): MiddlewareHandler<HostEnv>;
  /** The host services a plugin's routes may use: nothing else of the host is reachable. */
  services: PluginRouteServices;
}

/** The slice of the host a plugin's routes see. */
export interface PluginRouteServices {
  db: Db;
  now: () => Date;
  /** Whether a tenant exists (routes for the provider's tooling name tenants in their paths). */
  tenants: { get(id: string): Promise<unknown> };
  /** Protection: the provider in use, and re-measuring after the tooling reported something. */
  protection: {
    readonly source: string | null;
    check(tenant: string): Promise<unknown>;
    refreshRestore(tenant: string, restoreId: string): Promise<unknown>;
  };
}

/** What `seed` gets. */
export interface PluginSeedContext {
  db: Db;
  now: () => Date;
}

/** The checks `definePlugin` makes of the optional parts above. */
function checkPluginExtras(definition: PluginDefinition): void {
  for (const name of Object.keys(definition.migrations ?? {})) {
    if (!name.startsWith(`${definition.id}/`)) {
      throw new PluginDefinitionError(
        `Plugin "${definition.id}" has migration "${name}": prefix each migration name with "${definition.id}/".`,
      );
    }
  }
}

export class PluginDefinitionError extends Error {
  override name = 'PluginDefinitionError';
}

/** A plugin's configuration did not validate; the message lists every problem. */
export class PluginConfigError extends Error {
  override name = 'PluginConfigError';
  constructor(
    readonly pluginId: string,
    readonly issues: string[],
  ) {
    super(`Plugin "${pluginId}" is misconfigured:\n  - ${issues.join('\n  - ')}`);
  }
}

/**
 * Each port's tokens: a plugin may register these only when its `provides` names the port.
 * A NoticeWriter is the write side of a status source, so it comes with StatusProvider.
 */
const PORT_TOKENS: Readonly<Record<PortName, readonly { token: InjectionToken<unknown>; what: string }[]>> = {
  ComputeProvider: [{ token: ComputeProviderToken, what: 'a ComputeProvider' }],
  MetricsProvider: [{ token: MetricsProviderToken, what: 'a MetricsProvider' }],
  BillingProvider: [{ token: BillingProviderToken, what: 'a BillingProvider' }],
  SupportProvider: [{ token: SupportProviderToken, what: 'a SupportProvider' }],
  StatusProvider: [
    { token: StatusProviderToken, what: 'a StatusProvider' },
    { token: NoticeWriterToken, what: 'a NoticeWriter (part of the StatusProvider port)' },
  ],
  ProtectionProvider: [{ token: ProtectionProviderToken, what: 'a ProtectionProvider' }],
  PaymentGateway: [
    { token: PaymentGatewayToken, what: 'a PaymentGateway' },
    { token: HostedPaymentGatewayToken, what: 'a HostedPaymentGateway (a gateway whose own fields take the card)' },
  ],
  EventSource: [{ token: EventSourceToken, what: 'an EventSource' }],
};

const PORTS: ReadonlySet<PortName> = new Set(Object.keys(PORT_TOKENS) as PortName[]);

const CORE_SERVICES: ReadonlySet<CoreServiceName> = new Set<CoreServiceName>(['database', 'clock', 'eventBus', 'logger']);

/** Checks a plugin definition once, at import time, so misuse fails early and says why. */
export function definePlugin<C, const N extends CoreServiceName = never>(definition: PluginDefinition<C, N>): PluginDefinition<C, N> {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.id)) {
    throw new PluginDefinitionError(`Plugin id "${definition.id}" must be lower-case letters, digits and dashes.`);
  }
  if (definition.provides.length === 0) {
    throw new PluginDefinitionError(`Plugin "${definition.id}" provides no port; list at least one in "provides".`);
  }
  for (const port of definition.provides) {
    if (!PORTS.has(port)) {
      throw new PluginDefinitionError(`Plugin "${definition.id}" names unknown port "${port}". Known: ${[...PORTS].join(', ')}.`);
    }
  }
  for (const need of definition.needs ?? []) {
    if (!CORE_SERVICES.has(need)) {
      throw new PluginDefinitionError(
        `Plugin "${definition.id}" needs unknown service "${need}". The host offers: ${[...CORE_SERVICES].join(', ')}.`,
      );
    }
  }
  if (typeof definition.register !== 'function') {
    throw new PluginDefinitionError(`Plugin "${definition.id}" has no register() function.`);
  }
  checkPluginExtras(definition);
  return Object.freeze({ ...definition });
}

/**
 * A variable holding JSON, for a plugin's `fromEnv` (a map of names, say): parsed, or the text
 * as it is when it is not JSON, so the plugin's config schema names the variable's problem;
 * `undefined` when unset or empty.
 */
export function envJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Validates a plugin's configuration; explicit values win over the environment. */
export function resolvePluginConfig<C>(plugin: PluginDefinition<C>, explicit: unknown, env: Env): C {
  const input = explicit ?? plugin.fromEnv?.(env) ?? {};
  const result = plugin.config.safeParse(input);
  if (!result.success) {
    throw new PluginConfigError(
      plugin.id,
      result.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`),
    );
  }
  return result.data;
}

/**
 * The host's side of `register`: the plugin gets a container that refuses the tokens of ports
 * it did not declare in `provides`, and the core services it declared in `needs`.
 */
export async function registerPlugin<C>(
  plugin: PluginDefinition<C, CoreServiceName>,
  config: C,
  host: { container: DependencyContainer; services: Partial<CoreServices> },
): Promise<void> {
  await plugin.register({ container: guardContainer(plugin, host.container), config, services: neededServices(plugin, host.services) });
}

/** What a plugin asked for in `needs`, and nothing else; a logger of its own unless the host gives one. */
function neededServices(plugin: PluginDefinition<unknown, CoreServiceName>, offered: Partial<CoreServices>): CoreServices {
  const services: Partial<CoreServices> = {};
  for (const need of plugin.needs ?? []) {
    const service = need === 'logger' ? (offered.logger ?? consoleLogger(plugin.id)) : offered[need];
    if (service === undefined) throw new PluginDefinitionError(`Plugin "${plugin.id}" needs "${need}", which the host did not supply.`);
    Object.assign(services, { [need]: service });
  }
  // Only the declared services are present; the type says the same through Pick<CoreServices, N>.
  return Object.freeze(services) as CoreServices;
}

function consoleLogger(pluginId: string): PluginLogger {
  const prefix = `[glasspane:${pluginId}]`;
  return {
    info: (message, ...details) => console.info(prefix, message, ...details),
    warn: (message, ...details) => console.warn(prefix, message, ...details),
    error: (message, ...details) => console.error(prefix, message, ...details),
  };
}

const REGISTER_METHODS: ReadonlySet<PropertyKey> = new Set(['register', 'registerSingleton', 'registerType', 'registerInstance']);

/** The host's container as one plugin sees it: registering another port's token throws. */
function guardContainer(plugin: PluginDefinition<unknown, CoreServiceName>, container: DependencyContainer): DependencyContainer {
  const allowed = new Set(plugin.provides.flatMap((port) => PORT_TOKENS[port].map((p) => p.token)));
  const guarded: DependencyContainer = new Proxy(container, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (!REGISTER_METHODS.has(property)) return value.bind(target);
      return (token: InjectionToken<unknown>, ...rest: unknown[]) => {
        if (!allowed.has(token)) refuseUndeclared(plugin, token);
        const result: unknown = value.call(target, token, ...rest);
        // register() returns the container for chaining; keep the chain guarded.
        return result === target ? guarded : result;
      };
    },
  });
  return guarded;
}

function refuseUndeclared(plugin: PluginDefinition<unknown, CoreServiceName>, token: InjectionToken<unknown>): void {
  for (const [port, tokens] of Object.entries(PORT_TOKENS) as [PortName, (typeof PORT_TOKENS)[PortName]][]) {
    const entry = tokens.find((t) => t.token === token);
    if (!entry) continue;
    throw new PluginDefinitionError(
      `Plugin "${plugin.id}" registered ${entry.what}, but its "provides" does not list "${port}"; ` +
        `add it: provides: [${[...plugin.provides, port].map((p) => `'${p}'`).join(', ')}].`,
    );
  }
}
