import type { Db } from '../../db/database.js';
import { readJson, writeJson } from '../../db/json.js';
import type { EventBus } from '../../ports/event-bus.js';
import type {
  NewTicketAttachment,
  StoredTicketAttachment,
  SupportProvider,
  Ticket,
  TicketAttachment,
  TicketMessage,
  TicketStatus,
  Urgency,
} from '../../ports/support-provider.js';
import { ConflictError, InvalidInputError, ProviderError, notFound } from '../../errors.js';
import { DEFAULT_TARGETS, type SupportTargets } from './classification.js';
import { attachmentResource, messageResource, ticketResource } from './resources.js';
import { DEFAULT_ATTACHMENT_LIMITS, checkAttachments, countOn, policyFor } from './attachments.js';
import type { AttachmentLimits, AttachmentPolicy } from './attachments.js';
import { contactMatrixSchema, reachNow, type ContactMatrix } from './contact-matrix.js';
import { errorMessage } from '../../error-messages.js';

export const TICKETS_TOPIC = 'tickets';

/** How long a closed ticket may be reopened, and when a ticket waiting on the customer closes by itself. */
export interface SupportServiceOptions {
  /** Days after a ticket was resolved or closed in which its customer may reopen it. Default 14. */
  reopenDays?: number;
  /** Days a ticket may wait on the customer before the auto-close job closes it. Default 7. */
  autoCloseDays?: number;
  /** Ticket attachment limits; each left out keeps its default (`DEFAULT_ATTACHMENT_LIMITS`). */
  attachments?: Partial<AttachmentLimits>;
}

/** What a customer or staff member may do to a ticket besides replying. */
export type TicketAction = 'reopen' | 'close';

const DAY_MS = 86_400_000;

/** A ticket with what the host adds to the provider's: until when it may be reopened. */
export type TicketView = Ticket & { reopenableUntil: string | null };

/** Tickets at the tenant's service desk, the contract's urgency targets and contact matrices. */
export class SupportService {
  constructor(
    private readonly db: Db,
    private readonly providers: readonly SupportProvider[],
    private readonly bus: EventBus,
    private readonly now: () => Date,
    options: SupportServiceOptions = {},
  ) {
    this.reopenDays = options.reopenDays ?? 14;
    this.autoCloseDays = options.autoCloseDays ?? 7;
    this.attachmentLimits = { ...DEFAULT_ATTACHMENT_LIMITS, ...options.attachments };
  }

  readonly reopenDays: number;
  readonly autoCloseDays: number;
  readonly attachmentLimits: AttachmentLimits;

  /**
   * Checks a ticket's affected server (ids as `GET /servers` lists them), set by the
   * container: servers come and go at the compute provider, so they are not in `services`.
   */
  servers?: { getServerCached(tenant: string, id: string): Promise<unknown> };

  /**
   * The ticket with its reopen deadline: the last change of a resolved or closed ticket (its
   * closing, since a closed ticket takes no replies) plus `reopenDays`.
   */
  view(ticket: Ticket): TicketView {
    const done = ticket.status === 'closed' || ticket.status === 'resolved';
    return { ...ticket, reopenableUntil: done ? new Date(Date.parse(ticket.updatedAt) + this.reopenDays * DAY_MS).toISOString() : null };
  }

  get sources(): string[] {
    return this.providers.map((p) => p.source);
  }

  async setAccount(tenant: string, account: { source: string; account: string } | null): Promise<void> {
    await this.db.deleteFrom('support_accounts').where('tenant_id', '=', tenant).execute();
    if (account)
      await this.db
        .insertInto('support_accounts')
        .values({ tenant_id: tenant, ...account })
        .execute();
  }

  async account(tenant: string): Promise<{ source: string; account: string; provider: SupportProvider }> {
    const row = await this.db.selectFrom('support_accounts').selectAll().where('tenant_id', '=', tenant).executeTakeFirst();
    if (!row) throw new ConflictError(errorMessage('no_support_account'));
    const provider = this.providers.find((p) => p.source === row.source);
    if (!provider)
      throw new ProviderError(row.source, errorMessage('provider_missing', { kind: 'support', source: row.source }), {
        failure: 'unavailable',
      });
    return { ...row, provider };
  }

  async listTickets(tenant: string, signal?: AbortSignal): Promise<Ticket[]> {
    const { provider, account } = await this.account(tenant);
    return provider.listTickets(account, signal);
  }

  async getTicket(tenant: string, id: string, signal?: AbortSignal): Promise<Ticket> {
    const { provider, account } = await this.account(tenant);
    const ticket = await provider.getTicket(account, id, signal);
    if (!ticket) throw notFound('ticket', id);
    return ticket;
  }

  async createTicket(
    tenant: string,
    requester: string,
    input: { subject: string; description: string; urgency: Urgency; serviceId?: string | undefined },
  ): Promise<Ticket> {
    const { provider, account } = await this.account(tenant);
    if (input.serviceId) {
      const service = await this.db
        .selectFrom('services')
        .select('id')
        .where('tenant_id', '=', tenant)
        .where('id', '=', input.serviceId)
        .executeTakeFirst();
      const server = service
        ? true
        : await this.servers?.getServerCached(tenant, input.serviceId).then(
            () => true,
            () => false,
          );
      if (!server) {
        throw new InvalidInputError(errorMessage('unknown_service', { service: input.serviceId }), {
          pointer: '/data/attributes/serviceId',
        });
      }
    }
    const ticket = await provider.createTicket(account, { ...input, serviceId: input.serviceId ?? null, requester });
    await this.bus.publish(tenant, TICKETS_TOPIC, { op: 'upsert', data: ticketResource(this.view(ticket)) });
    return ticket;
  }

  async updateTicket(tenant: string, id: string, patch: { status?: TicketStatus; urgency?: Urgency }): Promise<Ticket> {
    const { provider, account } = await this.account(tenant);
    const ticket = await provider.updateTicket(account, id, patch);
    if (!ticket) throw notFound('ticket', id);
    await this.bus.publish(tenant, TICKETS_TOPIC, { op: 'upsert', data: ticketResource(this.view(ticket)) });
    return ticket;
  }

  /**
   * Reopens a resolved or closed ticket within `reopenDays` of its closing, or closes an
   * open one (a customer whose problem went away). `message`, when given, is added to the
   * conversation first (reopen: after reopening, so the provider takes it).
   */
  async act(tenant: string, id: string, action: TicketAction, author: TicketMessage['author'], message?: string): Promise<Ticket> {
    const { provider, account } = await this.account(tenant);
    const ticket = await provider.getTicket(account, id);
    if (!ticket) throw notFound('ticket', id);
    const done = ticket.status === 'closed' || ticket.status === 'resolved';
    let updated: Ticket | undefined;
    if (action === 'reopen') {
      if (!done) throw new ConflictError(errorMessage('ticket_open', { ticket: ticket.number }));
      const until = this.view(ticket).reopenableUntil!;
      if (this.now().toISOString() > until) {
        throw new ConflictError(errorMessage('reopen_period_over', { ticket: ticket.number, days: this.reopenDays }));
      }
      updated = await provider.updateTicket(account, id, { status: 'open' });
      if (message) await this.#post(tenant, provider, account, id, message, author, updated);
    } else {
      if (ticket.status === 'closed') throw new ConflictError(errorMessage('ticket_closed', { ticket: ticket.number }));
      if (message) await this.#post(tenant, provider, account, id, message, author, ticket);
      updated = await provider.updateTicket(account, id, { status: 'closed' });
    }
    if (!updated) throw notFound('ticket', id);
    await this.bus.publish(tenant, TICKETS_TOPIC, { op: 'upsert', data: ticketResource(this.view(updated)) });
    return updated;
  }

  async #post(
    tenant: string,
    provider: SupportProvider,
    account: string,
    ticketId: string,
    body: string,
    author: TicketMessage['author'],
    ticket: Ticket | undefined,
  ) {
    const message = await provider.addMessage(account, ticketId, { body, author });
    await this.bus.publish(tenant, TICKETS_TOPIC, {
      op: 'message',
      data: messageResource(message),
      ...(ticket ? { ticket: ticketResource(this.view(ticket)) } : {}),
    });
  }

  /**
   * The auto-close job: closes every ticket that has waited on its customer for
   * `autoCloseDays` or longer (since its last change, the staff answer that set it waiting).
   * One support account failing does not stop the others; returns how many were closed.
   */
  async closeStale(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - this.autoCloseDays * DAY_MS).toISOString();
    const accounts = await this.db.selectFrom('support_accounts').selectAll().execute();
    let closed = 0;
    const failures: unknown[] = [];
    for (const row of accounts) {
      const provider = this.providers.find((p) => p.source === row.source);
      if (!provider) continue;
      try {
        for (const t of await provider.listTickets(row.account)) {
          if (t.status !== 'waiting_on_customer' || t.updatedAt > cutoff) continue;
          const updated = await provider.updateTicket(row.account, t.id, { status: 'closed' });
          if (!updated) continue;
          closed++;
          await this.bus.publish(row.tenant_id, TICKETS_TOPIC, { op: 'upsert', data: ticketResource(this.view(updated)) });
        }
      } catch (err) {
        failures.push(err);
      }
    }
    if (failures.length)
      throw new AggregateError(
        failures,
        `Auto-close failed for ${failures.length} of ${accounts.length} support accounts (closed ${closed}).`,
      );
    return closed;
  }

  async listMessages(tenant: string, ticketId: string, signal?: AbortSignal): Promise<TicketMessage[]> {
    const { provider, account } = await this.account(tenant);
    if (!(await provider.getTicket(account, ticketId, signal))) throw notFound('ticket', ticketId);
    return provider.listMessages(account, ticketId, signal);
  }

  async addMessage(tenant: string, ticketId: string, body: string, author: TicketMessage['author']): Promise<TicketMessage> {
    const { provider, account } = await this.account(tenant);
    const ticket = await provider.getTicket(account, ticketId);
    if (!ticket) throw notFound('ticket', ticketId);
    if (ticket.status === 'closed') throw new ConflictError(errorMessage('ticket_closed.reply'));
    const message = await provider.addMessage(account, ticketId, { body, author });
    // A staff answer waits for the customer; a customer answer puts it back in the queue.
    const status: TicketStatus | undefined =
      author.kind === 'staff'
        ? 'waiting_on_customer'
        : ticket.status === 'waiting_on_customer' || ticket.status === 'resolved'
          ? 'open'
          : undefined;
    const updated = status ? ((await provider.updateTicket(account, ticketId, { status })) ?? ticket) : ticket;
    await this.bus.publish(tenant, TICKETS_TOPIC, {
      op: 'message',
      data: messageResource(message),
      ticket: ticketResource(this.view(updated)),
    });
    return message;
  }

  // Attachments -----------------------------------------------------------------

  /** Whether the tenant's support provider keeps files, and the limits; disabled when support is not set up. */
  async attachmentPolicy(tenant: string): Promise<AttachmentPolicy> {
    const row = await this.db.selectFrom('support_accounts').select('source').where('tenant_id', '=', tenant).executeTakeFirst();
    return policyFor(this.attachmentLimits, this.providers.find((p) => p.source === row?.source)?.attachments);
  }

  /**
   * Attaches files to a message of an open ticket (or, `messageId` null, to the ticket as it
   * was opened), after checking them against the policy; all or none. Another tenant's
   * ticket or message is not found.
   */
  async addAttachments(
    tenant: string,
    ticketId: string,
    messageId: string | null,
    files: NewTicketAttachment[],
    uploadedBy: string,
  ): Promise<TicketAttachment[]> {
    const { provider, account } = await this.account(tenant);
    const capability = provider.attachments;
    if (!capability) {
      throw new ConflictError(errorMessage('attachments_unsupported', { source: provider.source }));
    }
    const ticket = await provider.getTicket(account, ticketId);
    if (!ticket) throw notFound('ticket', ticketId);
    if (ticket.status === 'closed') {
      throw new ConflictError(errorMessage('ticket_closed.reply'));
    }
    if (messageId && !(await provider.listMessages(account, ticketId)).some((m) => m.id === messageId)) {
      throw notFound('message', messageId);
    }
    const existing = countOn(await capability.listAttachments(account, ticketId), messageId);
    const checked = checkAttachments(policyFor(this.attachmentLimits, capability), files, existing);
    const added = await capability.addAttachments(account, ticketId, messageId, checked, uploadedBy);
    await this.bus.publish(tenant, TICKETS_TOPIC, { op: 'attachments', ticketId, data: added.map(attachmentResource) });
    return added;
  }

  /** The ticket's attachments (none when the provider keeps no files); another tenant's ticket is not found. */
  async listAttachments(tenant: string, ticketId: string, signal?: AbortSignal): Promise<TicketAttachment[]> {
    const { provider, account } = await this.account(tenant);
    if (!(await provider.getTicket(account, ticketId, signal))) throw notFound('ticket', ticketId);
    return (await provider.attachments?.listAttachments(account, ticketId, signal)) ?? [];
  }

  /** One attachment with its bytes; another tenant's (or ticket's) attachment is not found. */
  async getAttachment(tenant: string, ticketId: string, id: string, signal?: AbortSignal): Promise<StoredTicketAttachment> {
    const { provider, account } = await this.account(tenant);
    const found = await provider.attachments?.getAttachment(account, ticketId, id, signal);
    if (!found) throw notFound('attachment', id);
    return found;
  }

  async targets(tenant: string): Promise<SupportTargets> {
    const row = await this.db.selectFrom('support_contracts').select('targets').where('tenant_id', '=', tenant).executeTakeFirst();
    return { ...DEFAULT_TARGETS, ...readJson<Partial<SupportTargets>>(row?.targets, {}) };
  }

  async setTargets(tenant: string, targets: Partial<SupportTargets>): Promise<void> {
    await this.db
      .insertInto('support_contracts')
      .values({ tenant_id: tenant, targets: writeJson(targets) })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ targets: writeJson(targets) }))
      .execute();
  }

  // Contact matrices -------------------------------------------------------------

  async listMatrices(tenant: string): Promise<{ project: string; matrix: ContactMatrix }[]> {
    const rows = await this.db.selectFrom('contact_matrices').selectAll().where('tenant_id', '=', tenant).orderBy('project').execute();
    return rows.map((r) => ({ project: r.project, matrix: contactMatrixSchema.parse(JSON.parse(r.matrix)) }));
  }

  async getMatrix(tenant: string, project: string): Promise<ContactMatrix> {
    const row = await this.db
      .selectFrom('contact_matrices')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .where('project', '=', project)
      .executeTakeFirst();
    if (!row) throw notFound('contact matrix', project);
    return contactMatrixSchema.parse(JSON.parse(row.matrix));
  }

  async putMatrix(tenant: string, project: string, matrix: ContactMatrix): Promise<void> {
    const values = { name: matrix.name, matrix: writeJson(matrix), updated_at: this.now().toISOString() };
    await this.db
      .insertInto('contact_matrices')
      .values({ tenant_id: tenant, project, ...values })
      .onConflict((oc) => oc.columns(['tenant_id', 'project']).doUpdateSet(values))
      .execute();
  }

  async reachNow(tenant: string, project: string, urgency: Urgency) {
    return reachNow(await this.getMatrix(tenant, project), urgency, this.now());
  }
}
