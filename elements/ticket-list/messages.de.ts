import type { en } from './messages.js';

export const de: typeof en = {
  ticketsFailed: 'Die Tickets konnten nicht geladen werden',
  supportSystem: 'Das Support-System',
  tickets: 'Support-Tickets',
  noTickets: 'Noch keine Tickets.',
  back: 'Zurück zu den Tickets',
  ticketStatus: {
    open: 'Wartet auf den Support',
    in_progress: 'Der Support arbeitet daran',
    waiting_on_customer: 'Wartet auf Sie',
    resolved: 'Gelöst',
    closed: 'Geschlossen',
  },
  ticketStatusStaff: {
    open: 'Wartet auf den Support',
    in_progress: 'In Bearbeitung',
    waiting_on_customer: 'Wartet auf den Kunden',
    resolved: 'Gelöst',
    closed: 'Geschlossen',
  },
  closeTicket: 'Ticket schließen',
  closeTicketHint: 'Problem gelöst? Schließen Sie das Ticket; Sie können es später wieder öffnen.',
  reopenTicket: 'Ticket wieder öffnen',
  reopenUntil: (date) => `Sie können es bis ${date} wieder öffnen.`,
  reopenOver: (n) => `Dieses Ticket kann nicht mehr geöffnet werden. Eröffnen Sie ein neues Ticket und nennen Sie ${n}.`,
  ticketReopened: 'Das Ticket ist wieder offen.',
  ticketClosed: 'Das Ticket ist geschlossen.',
  reply: 'Antwort',
  sendReply: 'Antwort senden',
  staff: 'Support',
  changeStatus: 'Status',
};
