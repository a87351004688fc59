import type { TenantServer } from './compute-service.js';

/**
 * JSON:API resource objects of servers: what the routes answer and what the event
 * stream carries for the elements to patch in.
 */
export function toServerResource(server: TenantServer) {
  const { id, ...attributes } = server;
  return { type: 'servers' as const, id, attributes };
}
