/**
 * A link from a provider, kept only when it is absolute http(s): a `javascript:` or `data:`
 * URL in a status page's shortlink must never become an `href` in a customer's portal.
 */
export function httpUrlOrNull(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
