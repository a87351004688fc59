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

/** A file attached to a ticket: to one of its messages, or (`messageId` null) to the ticket as it was opened. */
export interface TicketAttachment {
  id: string;
  ticketId: string;
  messageId: string | null;
  /** The file's name as uploaded, without any path. */
  name: string;
  /** The media type it was uploaded as (one the host allows). */
  contentType: string;
  /** Bytes. */
  size: number;
  /** Who uploaded it (the token's user). */
  uploadedBy: string;
  createdAt: string;
}

/** A file to attach, checked by the host against its limits before the provider sees it. */
export interface NewTicketAttachment {
  name: string;
  contentType: string;
  content: Uint8Array;
}

/** An attachment with its bytes. */
export interface StoredTicketAttachment {
  attachment: TicketAttachment;
  content: Uint8Array;
}

/**
 * The optional attachments capability of a support provider. A provider without it leaves
 * `SupportProvider.attachments` undefined: the host then refuses uploads (409
 * `attachments_unsupported`) and tells the elements to hide their attach control.
 */
export interface SupportAttachments {
  /** The largest file the provider's service desk takes, in bytes; the host's own limit applies when it is smaller. */
  readonly maxBytes?: number;
  /** Stores the files with a message of the ticket (or with the ticket itself when `messageId` is null), all or none. */
  addAttachments(
    account: string,
    ticketId: string,
    messageId: string | null,
    files: NewTicketAttachment[],
    uploadedBy: string,
    signal?: AbortSignal,
  ): Promise<TicketAttachment[]>;
  /** Every attachment of the ticket (its messages' and its own), oldest first; none for another account's ticket. */
  listAttachments(account: string, ticketId: string, signal?: AbortSignal): Promise<TicketAttachment[]>;
  /** One attachment with its bytes; undefined when it is not this ticket's of this account. */
  getAttachment(account: string, ticketId: string, id: string, signal?: AbortSignal): Promise<StoredTicketAttachment | undefined>;
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
  updateTicket(
    account: string,
    id: string,
    patch: { status?: TicketStatus; urgency?: Urgency },
    signal?: AbortSignal,
  ): Promise<Ticket | undefined>;
  listMessages(account: string, ticketId: string, signal?: AbortSignal): Promise<TicketMessage[]>;
  addMessage(
    account: string,
    ticketId: string,
    message: { body: string; author: TicketMessage['author'] },
    signal?: AbortSignal,
  ): Promise<TicketMessage>;
  /** Files on tickets and their messages, when the provider's service desk keeps them; undefined when it does not. */
  readonly attachments?: SupportAttachments;
}

export const SupportProviderToken: InjectionToken<SupportProvider> = Symbol.for('glasspane.SupportProvider');
