import type { CreateTicketInput, SupportProvider, Ticket, TicketMessage, TicketStatus, Urgency } from '@glasspane/host';
import { NetSuiteError, PLUGIN_ID, type NetSuiteClient, type NsRef } from './client.js';
import { customerId, isInternalId, text, toUtcIso } from './mapper.js';

const URGENCIES: readonly Urgency[] = ['blocker', 'critical', 'major', 'minor'];

/**
 * How Glasspane's ticket fields map onto a NetSuite account's case setup. The defaults
 * fit a fresh account: priorities 1 High, 2 Medium, 3 Low; statuses 1 Not Started,
 * 2 In Progress, 3 Escalated, 4 Re-Opened, 5 Closed.
 */
export interface CaseMapping {
  /** supportcasepriority id written for each urgency. */
  priorityIds: Record<Urgency, string>;
  /** Urgency read from a priority id when the case has no urgency field value. */
  urgencyByPriority: Record<string, Urgency>;
  /** supportcasestatus id written for each Glasspane status. */
  statusIds: Record<TicketStatus, string>;
  /** Glasspane status read for each supportcasestatus id; unknown ids read as `open`. */
  statusById: Record<string, TicketStatus>;
  /**
   * A free-form text custom CRM field on cases (`custevent_…`) that keeps the exact
   * urgency, because NetSuite's three priorities cannot tell a blocker from a critical.
   * `null` when the account has none: urgency then follows the priority.
   */
  urgencyField: string | null;
  /**
   * supportcasestatus id written when a resolved or closed case is reopened (NetSuite's own
   * "Re-Opened", so its queues tell a reopened case from a new one); `null` writes `open`'s.
   */
  reopenedStatusId: string | null;
}

/** The case mapping of a NetSuite account left at its default priorities and statuses. */
export const DEFAULT_CASE_MAPPING: CaseMapping = {
  priorityIds: { blocker: '1', critical: '1', major: '2', minor: '3' },
  urgencyByPriority: { '1': 'critical', '2': 'major', '3': 'minor' },
  // NetSuite has no "waiting on customer" or "resolved" by default: they fall back to
  // In Progress and Closed until the account maps them to statuses of its own.
  statusIds: { open: '1', in_progress: '2', waiting_on_customer: '2', resolved: '5', closed: '5' },
  statusById: { '1': 'open', '2': 'in_progress', '3': 'in_progress', '4': 'open', '5': 'closed' },
  urgencyField: 'custevent_gp_urgency',
  reopenedStatusId: '4',
};

/** Options of the support provider. */
export interface NetSuiteSupportOptions {
  mapping?: Partial<CaseMapping> | undefined;
  /** Tenant → customer internal id (NETSUITE_CUSTOMER_IDS); other accounts are customer ids themselves. */
  customerIds?: Readonly<Record<string, string>> | undefined;
  /** IANA zone of the integration user; SuiteQL date-times are wall-clock times in it. Default UTC. */
  timeZone?: string | undefined;
  now?: (() => Date) | undefined;
}

interface CaseRow {
  id: string | number;
  casenumber?: string | number;
  title?: string;
  status?: string | number;
  priority?: string | number;
  urgency?: string;
  email?: string;
  createddate?: string;
  lastmodifieddate?: string;
}

interface MessageRow {
  id: string | number;
  activity?: string | number;
  message?: string;
  incoming?: string;
  authorname?: string;
  authoremail?: string;
  messagedate?: string;
}

interface CaseRecord {
  id: string;
  caseNumber?: string;
  title?: string;
  company?: NsRef;
  status?: NsRef;
  priority?: NsRef;
  email?: string;
  createdDate?: string;
  lastModifiedDate?: string;
  [customField: string]: unknown;
}

const DATETIME = `'YYYY-MM-DD"T"HH24:MI:SS'`;

/** The case list (or one case) of a company; ids are validated digits, the field name a checked `custevent…`. */
export function caseQuery(company: string, urgencyField: string | null): string {
  return (
    `SELECT s.id, s.casenumber, s.title, s.status, s.priority, s.email, TO_CHAR(s.createddate, ${DATETIME}) AS createddate, ` +
    `TO_CHAR(s.lastmodifieddate, ${DATETIME}) AS lastmodifieddate${urgencyField ? `, s.${urgencyField} AS urgency` : ''} ` +
    `FROM supportcase s WHERE s.company = ${company} ORDER BY s.lastmodifieddate DESC, s.id DESC`
  );
}

const MESSAGE_COLUMNS = `m.id, m.activity, m.message, m.incoming, BUILTIN.DF(m.author) AS authorname, m.authoremail, TO_CHAR(m.messagedate, ${DATETIME}) AS messagedate`;

/** The messages of one case, oldest first. */
export const caseMessagesQuery = (caseId: string): string =>
  `SELECT ${MESSAGE_COLUMNS} FROM message m WHERE m.activity = ${caseId} ORDER BY m.messagedate, m.id`;

/** The messages of every case of a company, oldest first per case (the list needs each first one). */
export const companyMessagesQuery = (company: string): string =>
  `SELECT ${MESSAGE_COLUMNS} FROM message m JOIN supportcase s ON s.id = m.activity WHERE s.company = ${company} ORDER BY m.activity, m.messagedate, m.id`;

/**
 * Tickets as NetSuite support cases of the customer (`company`), the conversation as
 * `message` records attached to the case (`activity`).
 *
 * - The description is the case's first message: NetSuite files the `incomingMessage` of a
 *   new case as its first message, and cases opened by e-mail start the same way. The
 *   conversation is every later message.
 * - Urgency: written both as a priority (for NetSuite's queues) and in the urgency custom
 *   field (so a blocker reads back as a blocker); see CaseMapping.
 * - Messages from the portal are attributed to the customer (`author` = the company) when
 *   a customer wrote them, to the integration's user otherwise; names are read back as
 *   NetSuite shows the author.
 *
 * @example
 * ```ts
 * const support = new NetSuiteSupportProvider(client, { mapping: { urgencyField: 'custevent_urgency' } });
 * const ticket = await support.createTicket('108', { subject: 'Disk full', description: '…', urgency: 'blocker', serviceId: null,
 * requester: 'ops@globex.example' });
 * ```
 */
export class NetSuiteSupportProvider implements SupportProvider {
  readonly source = PLUGIN_ID;
  readonly mapping: CaseMapping;
  readonly #timeZone: string;
  readonly #now: () => Date;
  readonly #customerIds: Readonly<Record<string, string>>;

  constructor(
    readonly client: NetSuiteClient,
    options: NetSuiteSupportOptions = {},
  ) {
    this.mapping = { ...DEFAULT_CASE_MAPPING, ...options.mapping };
    const field = this.mapping.urgencyField;
    if (field !== null && !/^custevent[a-z0-9_]+$/.test(field)) {
      throw new RangeError(`The urgency field "${field}" is not a case custom field id (custevent…).`);
    }
    this.#timeZone = options.timeZone ?? 'UTC';
    this.#now = options.now ?? (() => new Date());
    this.#customerIds = options.customerIds ?? {};
  }

  async listTickets(account: string, signal?: AbortSignal): Promise<Ticket[]> {
    const company = customerId(account, this.#customerIds);
    const [cases, messages] = await Promise.all([
      this.client.suiteql<CaseRow>(caseQuery(company, this.mapping.urgencyField), { signal }),
      this.client.suiteql<MessageRow>(companyMessagesQuery(company), { signal }),
    ]);
    const first = new Map<string, string>();
    for (const m of messages) {
      const caseId = text(m.activity);
      if (caseId && !first.has(caseId)) first.set(caseId, m.message ?? '');
    }
    return cases.map((row) =>
      this.#ticket({
        id: String(row.id),
        number: text(row.casenumber),
        title: text(row.title),
        status: text(row.status),
        priority: text(row.priority),
        urgency: text(row.urgency),
        email: text(row.email),
        createdAt: toUtcIso(text(row.createddate), this.#timeZone),
        updatedAt: toUtcIso(text(row.lastmodifieddate), this.#timeZone),
        description: first.get(String(row.id)) ?? '',
      }),
    );
  }

  async getTicket(account: string, id: string, signal?: AbortSignal): Promise<Ticket | undefined> {
    const company = customerId(account, this.#customerIds);
    if (!isInternalId(id)) return undefined;
    const [record, messages] = await Promise.all([this.#case(company, id, signal), this.#messages(id, signal)]);
    if (!record) return undefined;
    return this.#ticketFromRecord(record, messages[0]?.message ?? '');
  }

  async createTicket(account: string, input: CreateTicketInput, signal?: AbortSignal): Promise<Ticket> {
    const company = customerId(account, this.#customerIds);
    const field = this.mapping.urgencyField;
    const id = await this.client.createRecord(
      'supportCase',
      {
        title: input.subject,
        company: { id: company },
        email: input.requester,
        incomingMessage: input.description,
        status: { id: this.mapping.statusIds.open },
        priority: { id: this.mapping.priorityIds[input.urgency] },
        ...(field ? { [field]: input.urgency } : {}),
      },
      signal,
    );
    const created = await this.getTicket(account, id, signal);
    if (!created)
      throw new NetSuiteError(`NetSuite created case ${id} but does not show it for customer ${company}.`, {
        code: 'provider_bad_response',
      });
    return created;
  }

  async updateTicket(
    account: string,
    id: string,
    patch: { status?: TicketStatus; urgency?: Urgency },
    signal?: AbortSignal,
  ): Promise<Ticket | undefined> {
    const company = customerId(account, this.#customerIds);
    const record = isInternalId(id) ? await this.#case(company, id, signal) : undefined;
    if (!record) return undefined;
    const field = this.mapping.urgencyField;
    const body: Record<string, unknown> = {};
    if (patch.status) {
      const was = this.mapping.statusById[text(record.status?.id) ?? ''];
      const reopening = patch.status === 'open' && (was === 'closed' || was === 'resolved') && this.mapping.reopenedStatusId;
      body.status = { id: reopening || this.mapping.statusIds[patch.status] };
    }
    if (patch.urgency) {
      body.priority = { id: this.mapping.priorityIds[patch.urgency] };
      if (field) body[field] = patch.urgency;
    }
    if (Object.keys(body).length) await this.client.updateRecord('supportCase', id, body, signal);
    return this.getTicket(account, id, signal);
  }

  async listMessages(account: string, ticketId: string, signal?: AbortSignal): Promise<TicketMessage[]> {
    const company = customerId(account, this.#customerIds);
    if (!isInternalId(ticketId)) return [];
    const [record, rows] = await Promise.all([this.#case(company, ticketId, signal), this.#messages(ticketId, signal)]);
    if (!record) return [];
    // The first message is the ticket's description.
    return rows.slice(1).map((m) => ({
      id: String(m.id),
      ticketId,
      author: {
        name: text(m.authorname) ?? text(m.authoremail) ?? (m.incoming === 'T' ? 'Customer' : 'Support'),
        kind: m.incoming === 'T' ? 'customer' : 'staff',
      },
      body: m.message ?? '',
      createdAt: toUtcIso(text(m.messagedate), this.#timeZone),
    }));
  }

  async addMessage(
    account: string,
    ticketId: string,
    message: { body: string; author: TicketMessage['author'] },
    signal?: AbortSignal,
  ): Promise<TicketMessage> {
    const company = customerId(account, this.#customerIds);
    const record = isInternalId(ticketId) ? await this.#case(company, ticketId, signal) : undefined;
    if (!record) throw new NetSuiteError(`Customer ${company} has no case ${ticketId} in NetSuite.`, { status: 404, code: 'not_found' });
    const customer = message.author.kind === 'customer';
    const id = await this.client.createRecord(
      'message',
      {
        activity: { id: ticketId },
        subject: `Re: ${record.title ?? `Case ${record.caseNumber ?? ticketId}`}`,
        message: message.body,
        incoming: customer,
        ...(customer ? { author: { id: company } } : {}),
      },
      signal,
    );
    return { id, ticketId, author: message.author, body: message.body, createdAt: this.#now().toISOString() };
  }

  /** The case record, or `undefined` when it does not exist or belongs to another customer. */
  async #case(company: string, id: string, signal?: AbortSignal): Promise<CaseRecord | undefined> {
    const record = await this.client.getRecord<CaseRecord>('supportCase', id, { signal });
    if (!record || String(record.company?.id ?? '') !== company) return undefined;
    return record;
  }

  #messages(caseId: string, signal?: AbortSignal): Promise<MessageRow[]> {
    return this.client.suiteql<MessageRow>(caseMessagesQuery(caseId), { signal });
  }

  #ticketFromRecord(record: CaseRecord, description: string): Ticket {
    const field = this.mapping.urgencyField;
    const raw = field ? record[field] : undefined;
    // A list-type custom field arrives as a reference; a text field as the string.
    const urgency =
      typeof raw === 'string' ? raw : raw && typeof raw === 'object' ? text((raw as NsRef).refName ?? (raw as NsRef).id) : null;
    return this.#ticket({
      id: String(record.id),
      number: text(record.caseNumber),
      title: text(record.title),
      status: text(record.status?.id),
      priority: text(record.priority?.id),
      urgency,
      email: text(record.email),
      createdAt: toUtcIso(text(record.createdDate), this.#timeZone),
      updatedAt: toUtcIso(text(record.lastModifiedDate), this.#timeZone),
      description,
    });
  }

  #ticket(c: {
    id: string;
    number: string | null;
    title: string | null;
    status: string | null;
    priority: string | null;
    urgency: string | null;
    email: string | null;
    createdAt: string;
    updatedAt: string;
    description: string;
  }): Ticket {
    const stated = URGENCIES.find((u) => u === c.urgency?.trim().toLowerCase());
    return {
      id: c.id,
      number: c.number ?? c.id,
      subject: c.title ?? '',
      description: c.description,
      status: (c.status ? this.mapping.statusById[c.status] : undefined) ?? 'open',
      urgency: stated ?? (c.priority ? this.mapping.urgencyByPriority[c.priority] : undefined) ?? 'major',
      // NetSuite cases have no link to Glasspane's services.
      serviceId: null,
      requester: c.email ?? '',
      createdAt: c.createdAt,
      updatedAt: c.updatedAt || c.createdAt,
    };
  }
}
