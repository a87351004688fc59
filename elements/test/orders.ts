import { token } from './helpers.js';

/** Orders through the host's API, for the order elements' tests (status, review). */

/** Calls the host as a portal would, with a token of these roles. */
export async function api(method: string, path: string, roles: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${(await token('acme', roles)).token}`, 'content-type': 'application/vnd.api+json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
}
export const placeOrder = (attributes: Record<string, unknown>) =>
  api(
    'POST',
    '/orders',
    'customer,billing,technical',
    { data: { type: 'orders', attributes } },
    { 'idempotency-key': crypto.randomUUID() },
  ).then((d) => d.data);
export const review = (id: string, attributes: Record<string, unknown>) =>
  api('POST', `/orders/${id}/review`, 'staff', { data: { type: 'order-reviews', attributes } }).then((d) => d.data);
