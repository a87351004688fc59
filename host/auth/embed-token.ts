import { sign, verify } from 'hono/jwt';
import { JwtTokenExpired } from 'hono/utils/jwt/types';
import { ApiError } from '../errors.js';
import type { Role } from './roles.js';
import { errorMessage } from '../error-messages.js';

/** Longest life an embed token may have: one hour, so a leaked token is worth little. */
export const MAX_TOKEN_TTL_SECONDS = 3600;
export const DEFAULT_TOKEN_TTL_SECONDS = 900;
const ISSUER = 'glasspane';
const ALG = 'HS256';

export interface EmbedTokenClaims {
  /** Token id. */
  jti: string;
  tenant: string;
  user: string;
  roles: Role[];
  origins: string[];
  /** Seconds since the epoch. */
  exp: number;
  iat: number;
}

export interface MintEmbedTokenOptions {
  /** The host's token secret (`GLASSPANE_TOKEN_SECRET`), at least 16 characters. */
  secret: string;
  tenant: string;
  user: string;
  roles: Role[];
  /** Default 900 s; at most 3600 s. */
  ttlSeconds?: number;
  /** Extra origins allowed to use this token from a browser. */
  origins?: string[];
  /** Current time, for tests. */
  now?: Date;
}

export interface MintedEmbedToken {
  id: string;
  token: string;
  expiresAt: string;
  claims: EmbedTokenClaims;
}

/**
 * Signs an embed token. Portals that hold the host's token secret can mint tokens
 * themselves; everyone else calls `POST /api/v1/embed-sessions` with the admin key.
 *
 * @example
 * ```ts
 * const { token } = await mintEmbedToken({
 *   secret: process.env.GLASSPANE_TOKEN_SECRET!, tenant: 'acme',
 *   user: 'alice@acme.example', roles: ['customer', 'billing'],
 * });
 * ```
 */
export async function mintEmbedToken(options: MintEmbedTokenOptions): Promise<MintedEmbedToken> {
  if (!options.secret || options.secret.length < 16) throw new Error('The token secret must be at least 16 characters long.');
  const ttl = options.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL_SECONDS) {
    throw new RangeError(`ttlSeconds must be a whole number from 1 to ${MAX_TOKEN_TTL_SECONDS}.`);
  }
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const claims: EmbedTokenClaims = {
    jti: crypto.randomUUID(),
    tenant: options.tenant,
    user: options.user,
    roles: [...new Set(options.roles)],
    origins: options.origins ?? [],
    iat,
    exp: iat + ttl,
  };
  const token = await sign({ ...claims, iss: ISSUER }, options.secret, ALG);
  return { id: claims.jti, token, expiresAt: new Date(claims.exp * 1000).toISOString(), claims };
}

/**
 * Verified tokens, kept until they expire: a widget sends the same token with every
 * request, and an HMAC check per request costs more than the rest of a small read.
 */
const verified = new Map<string, { secret: string; claims: EmbedTokenClaims }>();
const VERIFIED_MAX = 10_000;

/** Verifies signature (HS256 only), issuer and expiry. Throws a 401 `ApiError` saying which. */
export async function verifyEmbedToken(token: string, secret: string): Promise<EmbedTokenClaims> {
  const hit = verified.get(token);
  if (hit && hit.secret === secret) {
    if (hit.claims.exp * 1000 > Date.now()) return hit.claims;
    verified.delete(token);
  }
  const claims = await verifyUncached(token, secret);
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
  verified.set(token, { secret, claims });
  return claims;
}

async function verifyUncached(token: string, secret: string): Promise<EmbedTokenClaims> {
  let payload: Record<string, unknown>;
  try {
    payload = (await verify(token, secret, { alg: ALG, iss: ISSUER })) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof JwtTokenExpired) {
      throw new ApiError(401, errorMessage('token_expired'), {
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="expired"' },
      });
    }
    throw invalidToken();
  }
  const { jti, tenant, user, roles, origins, exp, iat } = payload;
  if (
    typeof jti !== 'string' ||
    typeof tenant !== 'string' ||
    typeof user !== 'string' ||
    !Array.isArray(roles) ||
    !Array.isArray(origins) ||
    typeof exp !== 'number' ||
    typeof iat !== 'number' ||
    exp - iat > MAX_TOKEN_TTL_SECONDS
  ) {
    throw invalidToken();
  }
  return { jti, tenant, user, roles: roles as Role[], origins: origins as string[], exp, iat };
}

const invalidToken = () =>
  new ApiError(401, errorMessage('token_invalid'), {
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  });
