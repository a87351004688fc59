import type { Maintenance } from './maintenance-service.js';

/**
 * JSON:API resource objects of maintenance notices: what the routes answer and what the event
 * stream carries for the elements to patch in.
 */
export const toResource = (m: Maintenance) => ({ type: 'maintenances' as const, id: m.id, attributes: m.attributes });
