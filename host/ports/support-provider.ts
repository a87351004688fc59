import type { InjectionToken } from 'tsyringe';

/** Urgency levels, most urgent first; their meaning and target response times come from the tenant's contract. */
export const Urgency = { blocker: 'blocker', critical: 'critical', major: 'major', minor: 'minor' } as const;
export type Urgency = (typeof Urgency)[keyof typeof Urgency];

export const TicketStatus = {
  open: 'open',
  inProgress: 'in_progress',
  waitingOnCustomer: 'waiting_on_customer',
  resolved: 'resolved',
  closed: 'closed',
} as const;
export type TicketStatus = (typeof TicketStatus)[keyof typeof TicketStatus];

export interface Ticket {
  id: string;
  /** The number people quote (`CASE-1042`). */
  number: string;
  subject: string;
  /** Exactly as written; rendered as text, never HTML. */
  description: string;
  status: TicketStatus;
  urgency: Urgency;
  serviceId: string | null;
  requester: string;
  createdAt: string;
  updatedAt: string;
}

export interface TicketMessage {
  id: string;
  ticketId: string;
  author: { name: string; kind: 'customer' | 'staff' };
  body: string;
  createdAt: string;
}

export interface CreateTicketInput {
  subject: string;
  description: string;
  urgency: Urgency;
  serviceId: string | null;
  /** The person opening it (email). */
  requester: string;
}

/**
 * Support tickets and their conversation at the provider's service desk (NetSuite
 * supportCase, the host's own SQL). `account` as in BillingProvider.
 */
export interface SupportProvider {
  readonly source: string;
  listTickets(account: string, signal?: AbortSignal): Promise<Ticket[]>;
  getTicket(account: string, id: string, signal?: AbortSignal): Promise<Ticket | undefined>;
  createTicket(account: string, input: CreateTicketInput, signal?: AbortSignal): Promise<Ticket>;
  updateTicket(account: string, id: string, patch: { status?: TicketStatus; urgency?: Urgency }, signal?: AbortSignal): Promise<Ticket | undefined>;
  listMessages(account: string, ticketId: string, signal?: AbortSignal): Promise<TicketMessage[]>;
  addMessage(account: string, ticketId: string, message: { body: string; author: TicketMessage['author'] }, signal?: AbortSignal): Promise<TicketMessage>;
}

export const SupportProviderToken: InjectionToken<SupportProvider> = Symbol.for('glasspane.SupportProvider');
