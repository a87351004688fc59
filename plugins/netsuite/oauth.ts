/**
 * OAuth 1.0a signatures as NetSuite token-based authentication (TBA) uses them (RFC 5849,
 * HMAC-SHA256). The fake verifies requests with the same functions, so both sides follow
 * one reading of the rules:
 *
 * - base string = METHOD & enc(base URL) & enc(normalized parameters)
 * - base URL: scheme and host lower-case, the port only when it is not the default, the
 *   path as sent, no query (RFC 5849 3.4.1.2)
 * - parameters: the `oauth_*` ones except `oauth_signature`, plus every query parameter,
 *   each name and value RFC 3986-encoded, sorted by name and then by value (3.4.1.3.2);
 *   `realm` is never part of it (3.4.1.3.1), it only names the NetSuite account
 * - key = enc(consumer secret) & enc(token secret) (3.4.2)
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** RFC 3986 percent-encoding (OAuth's): `encodeURIComponent` leaves `!*'()` alone, OAuth does not. */
export const rfc3986 = (s: string): string =>
  encodeURIComponent(s).replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The hash behind `HMAC-…`: NetSuite accepts only SHA-256 since 2023.1; SHA-1 stays for the RFC's own test vectors. */
export type OAuthHash = 'sha256' | 'sha1';

/** NetSuite TBA credentials: an integration record's consumer key/secret and an access token's id/secret. */
export interface OAuthCredentials {
  /** The account id exactly as NetSuite shows it (`1234567_SB1`), sent as `realm`. */
  realm: string;
  consumerKey: string;
  consumerSecret: string;
  /** The token id (`oauth_token`). */
  token: string;
  tokenSecret: string;
}

type Params = Record<string, string> | Iterable<readonly [string, string]>;

/**
 * The signature base string of a request. `params` are the `oauth_*` parameters (and, for
 * form-encoded bodies only, the body's; NetSuite's JSON bodies are never signed); query
 * parameters are taken from `url`. `realm` and `oauth_signature` are dropped if present.
 *
 * @example
 * ```ts
 * signatureBaseString('GET', 'http://photos.example.net/photos?size=original&file=vacation.jpg', oauthParams);
 * // 'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3D…'
 * ```
 */
export function signatureBaseString(method: string, url: string, params: Params): string {
  const u = new URL(url);
  // URL already lower-cases scheme and host and drops a default port, as 3.4.1.2 asks.
  const base = `${u.protocol}//${u.host}${u.pathname}`;
  const own = Symbol.iterator in params ? [...(params as Iterable<readonly [string, string]>)] : Object.entries(params);
  const pairs = [...u.searchParams.entries(), ...own]
    .filter(([name]) => name !== 'realm' && name !== 'oauth_signature')
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    // Encoded strings are ASCII, so code-unit order is the byte order the RFC asks for.
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const normalized = pairs.map(([k, v]) => `${k}=${v}`).join('&');
  return `${method.toUpperCase()}&${rfc3986(base)}&${rfc3986(normalized)}`;
}

/** `HMAC-<hash>(base string, enc(consumerSecret)&enc(tokenSecret))`, base64. */
export function sign(baseString: string, consumerSecret: string, tokenSecret: string, hash: OAuthHash = 'sha256'): string {
  return createHmac(hash, `${rfc3986(consumerSecret)}&${rfc3986(tokenSecret)}`)
    .update(baseString)
    .digest('base64');
}

/** A fresh nonce: NetSuite refuses a nonce it has seen with the same token and timestamp. */
export const newNonce = (): string => randomBytes(16).toString('hex');

/**
 * The `Authorization` header for one request: a new nonce and timestamp every call, so a
 * retried request is signed again rather than replayed.
 *
 * @example
 * ```ts
 * const auth = authorizationHeader('POST', 'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/query/v1/suiteql?limit=1000&offset=0', creds);
 * // 'OAuth realm="1234567_SB1", oauth_consumer_key="…", oauth_token="…", oauth_nonce="…", …, oauth_signature="…"'
 * ```
 */
export function authorizationHeader(
  method: string,
  url: string,
  credentials: OAuthCredentials,
  options: { now?: number; nonce?: string } = {},
): string {
  const oauth: Record<string, string> = {
    oauth_consumer_key: credentials.consumerKey,
    oauth_token: credentials.token,
    oauth_nonce: options.nonce ?? newNonce(),
    oauth_timestamp: String(Math.floor((options.now ?? Date.now()) / 1000)),
    oauth_signature_method: 'HMAC-SHA256',
    oauth_version: '1.0',
  };
  const signature = sign(signatureBaseString(method, url, oauth), credentials.consumerSecret, credentials.tokenSecret);
  const fields = Object.entries({ ...oauth, oauth_signature: signature }).map(([k, v]) => `${k}="${rfc3986(v)}"`);
  return `OAuth realm="${rfc3986(credentials.realm)}", ${fields.join(', ')}`;
}

/**
 * Parses an `OAuth k="v", …` header (RFC 5849 3.5.1) into decoded fields; `undefined` when
 * it is not one or is malformed (a bad escape, a field twice).
 */
export function parseAuthorization(header: string | undefined): Record<string, string> | undefined {
  const match = /^OAuth\s+(.*)$/is.exec(header?.trim() ?? '');
  if (!match) return undefined;
  const fields: Record<string, string> = {};
  for (const part of match[1]!.split(',')) {
    const kv = /^\s*([A-Za-z0-9_]+)="([^"]*)"\s*$/.exec(part);
    if (!kv) return undefined;
    const [, name, raw] = kv as unknown as [string, string, string];
    if (name in fields) return undefined;
    try {
      fields[name] = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
  }
  return fields;
}

/** Compares two signatures in constant time (the fake's check; a timing oracle would leak the key). */
export function signaturesMatch(expected: string, actual: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}
