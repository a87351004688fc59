import { createHmac, randomBytes } from 'node:crypto';

/** RFC 3986 percent-encoding, as OAuth 1.0a requires (encodeURIComponent leaves !*'() alone). */
export const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface OAuthCredentials {
  /** Realm: the account id as NetSuite shows it (`1234567_SB1`). */
  realm: string;
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

/**
 * The signature base string: METHOD & encoded base URL (scheme and host lower-case, no
 * query) & encoded, sorted parameters (the oauth_* ones except the signature, and every
 * query parameter). The realm is not part of it.
 */
export function signatureBaseString(method: string, url: string, params: Record<string, string>): string {
  const u = new URL(url);
  const base = `${u.protocol.toLowerCase()}//${u.host.toLowerCase()}${u.pathname}`;
  const all: [string, string][] = [...u.searchParams.entries(), ...Object.entries(params)];
  const normalized = all
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return [method.toUpperCase(), rfc3986(base), rfc3986(normalized)].join('&');
}

export function sign(baseString: string, consumerSecret: string, tokenSecret: string, algorithm: 'sha256' | 'sha1' = 'sha256'): string {
  return createHmac(algorithm, `${rfc3986(consumerSecret)}&${rfc3986(tokenSecret)}`).update(baseString).digest('base64');
}

/** The `Authorization: OAuth …` header for one request (HMAC-SHA256: NetSuite retired SHA1). */
export function authorizationHeader(method: string, url: string, c: OAuthCredentials, now = Date.now(), nonce = randomBytes(16).toString('hex')): string {
  const oauth: Record<string, string> = {
    oauth_consumer_key: c.consumerKey,
    oauth_token: c.token,
    oauth_nonce: nonce,
    oauth_timestamp: String(Math.floor(now / 1000)),
    oauth_signature_method: 'HMAC-SHA256',
    oauth_version: '1.0',
  };
  const signature = sign(signatureBaseString(method, url, oauth), c.consumerSecret, c.tokenSecret);
  const fields = { ...oauth, oauth_signature: signature };
  return `OAuth realm="${rfc3986(c.realm)}", ${Object.entries(fields)
    .map(([k, v]) => `${k}="${rfc3986(v)}"`)
    .join(', ')}`;
}

/** Parses an `OAuth …` header back into its fields (the fake verifies with it). */
export function parseAuthorization(header: string): Record<string, string> | undefined {
  if (!header.startsWith('OAuth ')) return undefined;
  const out: Record<string, string> = {};
  for (const m of header.slice(6).matchAll(/([\w]+)="([^"]*)"/g)) out[m[1]!] = decodeURIComponent(m[2]!);
  return out;
}
