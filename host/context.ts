import type { Context, Next } from 'hono';
import { contextStorage, tryGetContext } from 'hono/context-storage';
import type { EmbedTokenClaims } from './auth/embed-token.js';
import type { HostServices } from './container.js';

/** Hono environment of every route. */
export interface HostEnv {
  Variables: {
    /**
     * Not set by the host: its routes get the services they use as arguments. An app that
     * mounts `requireToken` itself without `AuthConfig.tenants` sets it for the tenant lookup.
     */
    services: HostServices;
    /** Set by `requireToken`. */
    auth: EmbedTokenClaims;
    /** The client's address as the activity log records it; set for every API request. */
    auditAddress?: string;
    /** The reader's languages, best first; set for every API request. */
    languages?: string[];
    /** The provider names customers read (`GLASSPANE_PROVIDER_NAMES`); set for every API request. */
    providerNames?: Readonly<Record<string, string>>;
  };
}

const storeContext = contextStorage();

/**
 * Runs `next` with `c` as the request being answered, for code deep in the services that has
 * no `c` of its own (the activity log's address, the reader's languages, who reads a
 * provider's failure): `requestContext()` returns it there. Every API request gets one scope,
 * however many middlewares ask for it: each AsyncLocalStorage in use costs every promise of
 * every request its own propagation (about 5 µs a request apiece on Node 20).
 */
export function inRequestContext(c: Context, next: Next): Promise<Response | void> {
  return tryGetContext() === c ? next() : storeContext(c, next);
}

/** The request being answered (see `inRequestContext`); `undefined` outside one (jobs, the CLI). */
export const requestContext = (): Context<HostEnv> | undefined => tryGetContext<HostEnv>();
