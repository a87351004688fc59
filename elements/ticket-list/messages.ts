import { registerMessages } from '../core/localize.js';

/** English messages of `gp-ticket-list`; other languages load when a page first needs them. */
export const en = {
  /** A load that failed, and the system it comes from, as the error state names them. */
  ticketsFailed: 'Tickets could not be loaded',
  supportSystem: 'The support system',
  tickets: 'Support tickets',
  noTickets: 'No tickets yet.',
  ticketStatus: { open: 'Open', in_progress: 'In progress', waiting_on_customer: 'Waiting for you', resolved: 'Resolved', closed: 'Closed' } as Record<string, string>,
  reply: 'Reply',
  sendReply: 'Send reply',
  staff: 'Support',
  changeStatus: 'Status',
  back: 'Back to tickets',
};

type TicketListMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends TicketListMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
