import { createContext } from '@lit/context';
import type { ApiClient } from './api-client.js';
import type { StreamHub } from './stream.js';

/** What `gp-provider` gives every element inside it. */
export interface GlasspaneContext {
  api: ApiClient;
  stream: StreamHub;
  /** BCP 47 locale the provider was told to use, or '' to follow the page. */
  locale: string;
  /**
   * The current token's claims (tenant, user, roles), read without verifying, so elements
   * can explain up front what the user may not do. The host still decides.
   */
  session: () => Promise<SessionClaims | undefined>;
}

export interface SessionClaims {
  tenant: string;
  user: string;
  roles: string[];
  exp: number;
}

/** Reads a JWT's payload (base64url JSON); undefined when it is not one. */
export function readClaims(token: string | undefined): SessionClaims | undefined {
  const part = token?.split('.')[1];
  if (!part) return undefined;
  try {
    const json = atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    );
    const claims = JSON.parse(json) as Partial<SessionClaims>;
    return typeof claims.tenant === 'string' && Array.isArray(claims.roles) ? (claims as SessionClaims) : undefined;
  } catch {
    return undefined;
  }
}

export const glasspaneContext = createContext<GlasspaneContext | undefined>(Symbol.for('glasspane.context'));
