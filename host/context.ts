import type { EmbedTokenClaims } from './auth/embed-token.js';
import type { HostServices } from './container.js';

/** Hono environment of every route. */
export interface HostEnv {
  Variables: {
    services: HostServices;
    /** Set by `requireToken`. */
    auth: EmbedTokenClaims;
  };
}
