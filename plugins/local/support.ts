import {
  nextNumber,
  type CreateTicketInput,
  type NewTicketAttachment,
  type StoredTicketAttachment,
  type SupportAttachments,
  type SupportProvider,
  type Ticket,
  type TicketAttachment,
  type TicketMessage,
  type TicketStatus,
  type Urgency,
} from '@glasspane/host';
import type { LocalDb, LocalTicketAttachmentTable, TicketMessageTable, TicketTable } from './tables.js';

/** Tickets and their conversation in the host's own SQL. `account` is the tenant id. */
export class LocalSupportProvider implements SupportProvider {
  readonly source = 'local';

  constructor(
    private readonly db: LocalDb,
    private readonly now: () => Date,
  ) {
    this.attachments = new LocalTicketAttachments(db, now);
  }

  /** Files in the plugin's own table (`local_ticket_attachments`), bytes in the row. */
  readonly attachments: LocalTicketAttachments;

  async listTickets(account: string): Promise<Ticket[]> {
    const rows = await this.db.selectFrom('tickets').selectAll().where('tenant_id', '=', account).orderBy('updated_at', 'desc').execute();
    return rows.map(toTicket);
  }

  async getTicket(account: string, id: string): Promise<Ticket | undefined> {
    const row = await this.db.selectFrom('tickets').selectAll().where('tenant_id', '=', account).where('id', '=', id).executeTakeFirst();
    return row && toTicket(row);
  }

  async createTicket(account: string, input: CreateTicketInput): Promise<Ticket> {
    return this.db.transaction().execute(async (trx) => {
      const n = await nextNumber(trx, account, 'tickets', { countFrom: 'tickets' });
      const at = this.now().toISOString();
      const row: TicketTable = {
        id: crypto.randomUUID(),
        tenant_id: account,
        number: `T-${1000 + n}`,
        subject: input.subject,
        description: input.description,
        status: 'open',
        urgency: input.urgency,
        service_id: input.serviceId,
        requester: input.requester,
        created_at: at,
        updated_at: at,
      };
      await trx.insertInto('tickets').values(row).execute();
      return toTicket(row);
    });
  }

  async updateTicket(account: string, id: string, patch: { status?: TicketStatus; urgency?: Urgency }): Promise<Ticket | undefined> {
    const existing = await this.getTicket(account, id);
    if (!existing) return undefined;
    await this.db
      .updateTable('tickets')
      .set({
        ...(patch.status ? { status: patch.status } : {}),
        ...(patch.urgency ? { urgency: patch.urgency } : {}),
        updated_at: this.now().toISOString(),
      })
      .where('tenant_id', '=', account)
      .where('id', '=', id)
      .execute();
    return this.getTicket(account, id);
  }

  async listMessages(account: string, ticketId: string): Promise<TicketMessage[]> {
    const rows = await this.db
      .selectFrom('ticket_messages as m')
      .innerJoin('tickets as t', 't.id', 'm.ticket_id')
      .selectAll('m')
      .where('t.tenant_id', '=', account)
      .where('m.ticket_id', '=', ticketId)
      .orderBy('m.created_at')
      .execute();
    return rows.map(toMessage);
  }

  async addMessage(account: string, ticketId: string, message: { body: string; author: TicketMessage['author'] }): Promise<TicketMessage> {
    const at = this.now().toISOString();
    const row: TicketMessageTable = {
      id: crypto.randomUUID(),
      ticket_id: ticketId,
      author_name: message.author.name,
      author_kind: message.author.kind,
      body: message.body,
      created_at: at,
    };
    await this.db.transaction().execute(async (trx) => {
      await assertOwned(trx, account, ticketId);
      await trx.insertInto('ticket_messages').values(row).execute();
      await trx.updateTable('tickets').set({ updated_at: at }).where('id', '=', ticketId).execute();
    });
    return toMessage(row);
  }
}

/** Ticket attachments in `local_ticket_attachments`; every read and write is scoped to the account (the tenant id). */
export class LocalTicketAttachments implements SupportAttachments {
  constructor(
    private readonly db: LocalDb,
    private readonly now: () => Date,
  ) {}

  async addAttachments(
    account: string,
    ticketId: string,
    messageId: string | null,
    files: NewTicketAttachment[],
    uploadedBy: string,
  ): Promise<TicketAttachment[]> {
    const at = this.now().toISOString();
    const rows: LocalTicketAttachmentTable[] = files.map((f, position) => ({
      id: crypto.randomUUID(),
      tenant_id: account,
      ticket_id: ticketId,
      message_id: messageId,
      name: f.name,
      content_type: f.contentType,
      size: f.content.byteLength,
      uploaded_by: uploadedBy,
      content: f.content,
      created_at: at,
      position,
    }));
    await this.db.transaction().execute(async (trx) => {
      await assertOwned(trx, account, ticketId);
      if (messageId) {
        const message = await trx
          .selectFrom('ticket_messages')
          .select('id')
          .where('ticket_id', '=', ticketId)
          .where('id', '=', messageId)
          .executeTakeFirst();
        if (!message) throw new Error(`Message ${messageId} is not on ticket ${ticketId}.`);
      }
      if (rows.length) await trx.insertInto('local_ticket_attachments').values(rows).execute();
    });
    return rows.map(toAttachment);
  }

  async listAttachments(account: string, ticketId: string): Promise<TicketAttachment[]> {
    const rows = await this.db
      .selectFrom('local_ticket_attachments')
      .select(['id', 'tenant_id', 'ticket_id', 'message_id', 'name', 'content_type', 'size', 'uploaded_by', 'created_at', 'position'])
      .where('tenant_id', '=', account)
      .where('ticket_id', '=', ticketId)
      .orderBy('created_at')
      .orderBy('position')
      .execute();
    return rows.map(toAttachment);
  }

  async getAttachment(account: string, ticketId: string, id: string): Promise<StoredTicketAttachment | undefined> {
    const row = await this.db
      .selectFrom('local_ticket_attachments')
      .selectAll()
      .where('tenant_id', '=', account)
      .where('ticket_id', '=', ticketId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && { attachment: toAttachment(row), content: new Uint8Array(row.content) };
  }
}

/** Refuses a write to another account's ticket (the host checks first; this holds even if it did not). */
async function assertOwned(db: LocalDb, account: string, ticketId: string): Promise<void> {
  const owned = await db.selectFrom('tickets').select('id').where('tenant_id', '=', account).where('id', '=', ticketId).executeTakeFirst();
  if (!owned) throw new Error(`Ticket ${ticketId} is not this account's.`);
}

const toAttachment = (r: Omit<LocalTicketAttachmentTable, 'content'>): TicketAttachment => ({
  id: r.id,
  ticketId: r.ticket_id,
  messageId: r.message_id,
  name: r.name,
  contentType: r.content_type,
  size: Number(r.size),
  uploadedBy: r.uploaded_by,
  createdAt: r.created_at,
});

const toTicket = (r: TicketTable): Ticket => ({
  id: r.id,
  number: r.number,
  subject: r.subject,
  description: r.description,
  status: r.status as TicketStatus,
  urgency: r.urgency as Urgency,
  serviceId: r.service_id,
  requester: r.requester,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toMessage = (r: TicketMessageTable): TicketMessage => ({
  id: r.id,
  ticketId: r.ticket_id,
  author: { name: r.author_name, kind: r.author_kind as 'customer' | 'staff' },
  body: r.body,
  createdAt: r.created_at,
});
