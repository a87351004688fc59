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
  };
}
