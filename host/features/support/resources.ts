import type { TicketAttachment, TicketMessage } from '../../ports/support-provider.js';
import type { TicketView } from './support-service.js';

/**
 * JSON:API resource objects of tickets: what the routes answer and what the event
 * stream carries for the elements to patch in.
 */
export const ticketResource = (t: TicketView) => {
  const { id, ...attributes } = t;
  return { type: 'tickets' as const, id, attributes };
};
export const messageResource = (m: TicketMessage) => {
  const { id, ...attributes } = m;
  return { type: 'ticket-messages' as const, id, attributes };
};
export const attachmentResource = (a: TicketAttachment) => {
  const { id, ...attributes } = a;
  const download = `/api/v1/tickets/${encodeURIComponent(a.ticketId)}/attachments/${encodeURIComponent(id)}`;
  return { type: 'ticket-attachments' as const, id, attributes, links: { download } };
};
