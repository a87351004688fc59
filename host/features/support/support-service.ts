import type { Db } from '../../db/database.js';
import { readJson, writeJson } from '../../db/json.js';
import type { EventBus } from '../../ports/event-bus.js';
import type { SupportProvider, Ticket, TicketMessage, TicketStatus, Urgency } from '../../ports/support-provider.js';
import { ConflictError, InvalidInputError, ProviderError, notFound } from '../../errors.js';
import { DEFAULT_TARGETS, type SupportTargets } from './classification.js';
import { messageResource, ticketResource } from './resources.js';
import { contactMatrixSchema, reachNow, type ContactMatrix } from './contact-matrix.js';

export const TICKETS_TOPIC = 'tickets';

/** Tickets at the tenant's service desk, the contract's urgency targets and contact matrices. */
export class SupportService {
  constructor(
    private readonly db: Db,
    private readonly providers: readonly SupportProvider[],
    private readonly bus: EventBus,
    private readonly now: () => Date,
  ) {}

  get sources(): string[] {
    return this.providers.map((p) => p.source);
  }

  async setAccount(tenant: string, account: { source: string; account: string } | null): Promise<void> {
    await this.db.deleteFrom('support_accounts').where('tenant_id', '=', tenant).execute();
    if (account) await this.db.insertInto('support_accounts').values({ tenant_id: tenant, ...account }).execute();
  }

  async account(tenant: string): Promise<{ source: string; account: string; provider: SupportProvider }> {
    const row = await this.db.selectFrom('support_accounts').selectAll().where('tenant_id', '=', tenant).executeTakeFirst();
    if (!row) throw new ConflictError('no_support_account', 'No support account', { detail: 'Support is not set up for this customer yet.' });
    const provider = this.providers.find((p) => p.source === row.source);
    if (!provider) throw new ProviderError(row.source, `No support provider "${row.source}" is registered on this host.`, { failure: 'unavailable', code: 'provider_missing' });
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

  async createTicket(tenant: string, requester: string, input: { subject: string; description: string; urgency: Urgency; serviceId?: string | undefined }): Promise<Ticket> {
    const { provider, account } = await this.account(tenant);
    if (input.serviceId) {
      const service = await this.db.selectFrom('services').select('id').where('tenant_id', '=', tenant).where('id', '=', input.serviceId).executeTakeFirst();
      if (!service) {
        throw new InvalidInputError('unknown_service', 'Unknown service', `There is no service "${input.serviceId}" in this account.`, { pointer: '/data/attributes/serviceId' });
      }
    }
    const ticket = await provider.createTicket(account, { ...input, serviceId: input.serviceId ?? null, requester });
    await this.bus.publish(tenant, TICKETS_TOPIC, { op: 'upsert', data: ticketResource(ticket) });
    return ticket;
  }

  async updateTicket(tenant: string, id: string, patch: { status?: TicketStatus; urgency?: Urgency }): Promise<Ticket> {
    const { provider, account } = await this.account(tenant);
    const ticket = await provider.updateTicket(account, id, patch);
    if (!ticket) throw notFound('ticket', id);
    await this.bus.publish(tenant, TICKETS_TOPIC, { op: 'upsert', data: ticketResource(ticket) });
    return ticket;
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
    if (ticket.status === 'closed') throw new ConflictError('ticket_closed', 'Ticket closed', { detail: 'This ticket is closed; open a new one and mention its number.' });
    const message = await provider.addMessage(account, ticketId, { body, author });
    // A staff answer waits for the customer; a customer answer puts it back in the queue.
    const status: TicketStatus | undefined = author.kind === 'staff' ? 'waiting_on_customer' : ticket.status === 'waiting_on_customer' || ticket.status === 'resolved' ? 'open' : undefined;
    const updated = status ? ((await provider.updateTicket(account, ticketId, { status })) ?? ticket) : ticket;
    await this.bus.publish(tenant, TICKETS_TOPIC, { op: 'message', data: messageResource(message), ticket: ticketResource(updated) });
    return message;
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
    const row = await this.db.selectFrom('contact_matrices').selectAll().where('tenant_id', '=', tenant).where('project', '=', project).executeTakeFirst();
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
