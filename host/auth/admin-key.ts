import { createHmac } from 'node:crypto';

/** The demo's well-known key: accepted only with `demo: true`. */
export const DEMO_ADMIN_KEY = 'demo-admin-key';
const MIN_ADMIN_KEY_LENGTH = 20;

/** Why an admin key is too weak to guard a production host, or `undefined` when it is fine. */
export function adminKeyProblem(key: string | undefined, demo: boolean): string | undefined {
  if (!key) return 'an admin key is required';
  if (demo) return undefined;
  if (key === DEMO_ADMIN_KEY) return 'the demo admin key is refused outside the demo';
  if (key.length < MIN_ADMIN_KEY_LENGTH) return `the admin key must be at least ${MIN_ADMIN_KEY_LENGTH} characters long`;
  if (new Set(key).size < 10) return 'the admin key must not repeat a few characters; use a random one';
  return undefined;
}

/**
 * Checks the admin key and token secret and returns both. Without an explicit secret, tokens
 * are signed with a key derived from the admin key, so the admin key itself never signs
 * anything a browser holds.
 */
export function hostSecrets(adminKey: string, tokenSecret: string | undefined, demo: boolean): { adminKey: string; tokenSecret: string } {
  const keyProblem = adminKeyProblem(adminKey, demo);
  if (keyProblem) throw new Error(`createHost: ${keyProblem} (GLASSPANE_ADMIN_KEY). Generate one with: openssl rand -base64 32`);
  if (tokenSecret !== undefined && tokenSecret.length < 16) {
    throw new Error('The token secret (GLASSPANE_TOKEN_SECRET) must be at least 16 characters long.');
  }
  return { adminKey, tokenSecret: tokenSecret ?? createHmac('sha256', adminKey).update('glasspane embed tokens').digest('hex') };
}
