import type { DependencyContainer } from 'tsyringe';
import type { z } from 'zod';
import type { Migration } from 'kysely';
import type { MiddlewareHandler } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from './context.js';
import type { Db } from './db/database.js';
import type { Role } from './auth/roles.js';

/** The ports a plugin may provide (DESIGN.md, "Plugins"). */
export type PortName =
  | 'ComputeProvider'
  | 'MetricsProvider'
  | 'BillingProvider'
  | 'SupportProvider'
  | 'StatusProvider'
  | 'ProtectionProvider'
  | 'EventSource'
  | 'PaymentGateway';

export type Env = Record<string, string | undefined>;

export interface PluginContext<C> {
  /** The host's container: register implementations under the ports' tokens. */
  container: DependencyContainer;
  /** The validated configuration. */
  config: C;
}

/**
 * A provider plugin. Plain data plus one `register` function, testable without a host.
 *
 * @example
 * ```ts
 * export default definePlugin({
 *   id: 'statuspage',
 *   provides: ['StatusProvider'],
 *   config: z.object({ apiKey: z.string().min(1), pageId: z.string().min(1) }),
 *   fromEnv: (env) => ({ apiKey: env.STATUSPAGE_API_KEY, pageId: env.STATUSPAGE_PAGE_ID }),
 *   register({ container, config }) {
 *     container.register(StatusProviderToken, { useValue: new StatuspageProvider(config) });
 *   },
 * });
 * ```
 */
export interface PluginDefinition<C = unknown> {
  /** Lower-case id, also used in error messages and metrics (`openstack`). */
  id: string;
  provides: readonly PortName[];
  /** Schema of the configuration; the host validates before `register`. */
  config: z.ZodType<C>;
  /** Reads the documented environment variables into an unvalidated config object. */
  fromEnv?(env: Env): unknown;
  register(context: PluginContext<C>): void | Promise<void>;
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
}

/** What `seed` gets. */
export interface PluginSeedContext {
  db: Db;
  now: () => Date;
}

/** The checks `definePlugin` makes of the optional parts above. */
function checkPluginExtras(definition: PluginDefinition<any>): void {
  for (const name of Object.keys(definition.migrations ?? {})) {
    if (!name.startsWith(`${definition.id}/`)) {
      throw new PluginDefinitionError(`Plugin "${definition.id}" has migration "${name}": prefix each migration name with "${definition.id}/".`);
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

const PORTS: ReadonlySet<PortName> = new Set([
  'ComputeProvider',
  'MetricsProvider',
  'BillingProvider',
  'SupportProvider',
  'StatusProvider',
  'ProtectionProvider',
  'EventSource',
  'PaymentGateway',
]);

/** Checks a plugin definition once, at import time, so misuse fails early and says why. */
export function definePlugin<C>(definition: PluginDefinition<C>): PluginDefinition<C> {
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
  if (typeof definition.register !== 'function') {
    throw new PluginDefinitionError(`Plugin "${definition.id}" has no register() function.`);
  }
  checkPluginExtras(definition);
  return Object.freeze({ ...definition });
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
