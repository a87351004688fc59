/**
 * Glasspane host: the Hono server the elements talk to, and the one module plugins import.
 *
 * A plugin imports the host only from here, as `@glasspane/host` (plugins inside this
 * repository too); every other host module is internal and may change. What a plugin needs:
 * `definePlugin` and its types, every port interface with its token, the core tokens
 * (database, clock, event bus), the errors a plugin throws, and the HTTP helpers.
 * @module @glasspane/host
 */

export { createHost, type Host, type HostOptions } from './app.js';
export { serveHost, DEFAULT_KEEP_ALIVE_TIMEOUT_MS, type ServeHostOptions } from './http-server.js';
export {
  definePlugin,
  resolvePluginConfig,
  envJson,
  PluginConfigError,
  PluginDefinitionError,
  type PluginDefinition,
  type PluginContext,
  type PortName,
  type CoreServices,
  type CoreServiceName,
  type PluginLogger,
  type Env,
} from './plugin.js';
export {
  mintEmbedToken,
  verifyEmbedToken,
  MAX_TOKEN_TTL_SECONDS,
  type EmbedTokenClaims,
  type MintEmbedTokenOptions,
} from './auth/embed-token.js';
export { Role, ROLES } from './auth/roles.js';
export { ApiError, ProviderError, ValidationError, type ErrorObject } from './errors.js';
export { DatabaseToken, ClockToken, loadPlugin, type HostServices, type PluginEntry } from './container.js';
export { openDatabase, migrateToLatest, type Db } from './db/database.js';
export * from './ports/status-provider.js';
export * from './ports/event-bus.js';
export * from './ports/compute-provider.js';
export * from './ports/metrics-provider.js';
export * from './ports/billing-provider.js';
export * from './ports/payment-gateway.js';
export * from './ports/hosted-payment-gateway.js';
export * from './ports/support-provider.js';
export * from './ports/event-source.js';
export * from './ports/protection-provider.js';
export { providerFetch, SessionPool, CircuitBreaker, sleep, retryAfterSeconds, type ProviderFetchOptions } from './provider-http.js';
export { FairLimit, type FairLimitOptions } from './fair-limit.js';
export { recordProviderCall } from './provider-status.js';
export { httpUrlOrNull } from './safe-url.js';
export { DEFAULT_LANGUAGE, LANGUAGE_TAG } from './language.js';

// --- For plugins that keep data in the host's SQL, add routes or take payments (#17) ---
export { createPluginMigrator, type PluginMigrations } from './db/database.js';
export type { Database } from './db/schema.js';
export { readJson, writeJson } from './db/json.js';
export { nextNumber } from './db/sequences.js';
export { prepared } from './db/prepared.js';
/** Plain-date arithmetic with month ends clamped, and calendar dates in a time zone. */
export { SharedSlots, type SharedSlotsOptions } from './db/shared-slots.js';
export { addDays, anchorAfter, dateIn, daysBetween, daysInMonth, isTimeZone, startOfDayIn, type PlainDate } from './dates.js';
export { isUniqueViolation } from './db/constraints.js';
export type { HostEnv } from './context.js';
export type { PluginRouteContext, PluginRouteServices, PluginSeedContext } from './plugin.js';
export { JSON_API, body, doc, errorResponses } from './jsonapi.js';
export { notFound } from './errors.js';
export { idSchema } from './schemas.js';
export { cardBrand } from './features/billing/validation.js';
