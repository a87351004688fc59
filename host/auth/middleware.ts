import { timingSafeEqual, createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError, forbidden, toApiError } from '../errors.js';
import type { HostEnv } from '../context.js';
import { verifyEmbedToken } from './embed-token.js';
import type { Role } from './roles.js';
import type { TenantService } from '../features/tenants/tenant-service.js';
import { errorMessage } from '../error-messages.js';

export interface AuthConfig {
  adminKey: string;
  tokenSecret: string;
  /** Finds a token's tenant; without it, `requireToken` reads the tenants from the context's `services` (apps that mount it themselves). */
  tenants?: Pick<TenantService, 'get'>;
}

function bearer(c: Context, allowQuery: boolean): string | undefined {
  const header = c.req.header('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError(401, errorMessage('unauthorized'));
    return match[1];
  }
  return allowQuery ? c.req.query('token') : undefined;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time comparison that does not leak the key's length. */
export function keyMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Requires an embed token (and, when given, one of `roles`). The token's tenant
 * scopes everything the route does; a browser origin must be the tenant's or the token's.
 */
export function requireToken(config: AuthConfig, options: { roles?: Role[]; allowQueryToken?: boolean } = {}): MiddlewareHandler<HostEnv> {
  return async function requireTokenMiddleware(c, next) {
    // Another guard on a wider path verified this request's token already; only the roles remain.
    const verified = c.get('auth');
    if (verified) {
      if (options.roles?.length && !options.roles.some((r) => verified.roles.includes(r))) throw toApiError(forbidden(...options.roles))!;
      return next();
    }
    const token = bearer(c, options.allowQueryToken ?? false);
    if (!token) {
      throw new ApiError(401, errorMessage('unauthorized.embed'), {
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
    const claims = await verifyEmbedToken(token, config.tokenSecret);
    const tenant = await (config.tenants ?? c.get('services').tenants).get(claims.tenant);
    if (!tenant) throw new ApiError(401, errorMessage('token_invalid.tenant'));
    const origin = c.req.header('origin');
    if (origin && origin !== new URL(c.req.url).origin && !tenant.origins.includes(origin) && !claims.origins.includes(origin)) {
      throw new ApiError(403, errorMessage('origin_not_allowed', { origin, tenant: tenant.id }));
    }
    if (options.roles?.length && !options.roles.some((r) => claims.roles.includes(r))) throw toApiError(forbidden(...options.roles))!;
    c.set('auth', claims);
    return next();
  };
}

/** Requires the admin key (the provider's portal backend, never a browser). */
export function requireAdmin(config: AuthConfig): MiddlewareHandler<HostEnv> {
  return async function requireAdminMiddleware(c, next) {
    const key = bearer(c, false);
    if (!key || !keyMatches(key, config.adminKey)) {
      throw new ApiError(401, errorMessage('unauthorized.admin'), {
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
    return next();
  };
}

/** The admin key (the provider's backend) or an embed token with the operator role (platform-wide data). */
export function requireAdminOrOperator(config: AuthConfig): MiddlewareHandler<HostEnv> {
  const operator = requireToken(config, { roles: ['operator'] });
  return async function requireAdminOrOperatorMiddleware(c, next) {
    const key = bearer(c, false);
    if (key && keyMatches(key, config.adminKey)) return next();
    return operator(c, next);
  };
}

/** Reads (GET) pass `read`; every other method must pass `write`. */
export function readsAndWrites(read: MiddlewareHandler<HostEnv>, write: MiddlewareHandler<HostEnv>): MiddlewareHandler<HostEnv> {
  return async function readsAndWritesMiddleware(c, next) {
    return c.req.method === 'GET' ? read(c, next) : write(c, next);
  };
}
