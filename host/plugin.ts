import type { DependencyContainer } from 'tsyringe';
import type { z } from 'zod';

/** The ports a plugin may provide (DESIGN.md, "Plugins"). */
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
  'PaymentGateway',
  'EventSource',
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
