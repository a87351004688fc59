import { registerMessages } from '../core/localize.js';

/** English messages of `gp-ticket-list`; other languages load when a page first needs them. */
export const en = {
  /** A load that failed, and the system it comes from, as the error state names them. */
  ticketsFailed: 'Tickets could not be loaded',
  supportSystem: 'The support system',
  tickets: 'Support tickets',
  noTickets: 'No tickets yet.',
  /** The customer's words for each state. */
  ticketStatus: {
    open: 'Waiting for support',
    in_progress: 'Support is working on it',
    waiting_on_customer: 'Waiting for you',
    resolved: 'Resolved',
    closed: 'Closed',
  } as Record<string, string>,
  /** The staff's words: whose move it is, from the desk's side. */
  ticketStatusStaff: {
    open: 'Waiting on support',
    in_progress: 'In progress',
    waiting_on_customer: 'Waiting on customer',
    resolved: 'Resolved',
    closed: 'Closed',
  } as Record<string, string>,
  closeTicket: 'Close ticket',
  closeTicketHint: 'Problem solved? Close the ticket; you can reopen it later.',
  reopenTicket: 'Reopen ticket',
  reopenUntil: (date: string) => `You can reopen it until ${date}.`,
  reopenOver: (n: string) => `This ticket can no longer be reopened. Open a new ticket and mention ${n}.`,
  ticketReopened: 'The ticket is open again.',
  ticketClosed: 'The ticket is closed.',
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
