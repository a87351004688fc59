import { z } from 'zod';
import { definePlugin } from '../../host/plugin.js';
import { ProviderError } from '../../host/errors.js';
import { BillingProviderToken, type BillingProvider, type Invoice, type InvoiceStatus, type RecordPaymentInput } from '../../host/ports/billing-provider.js';
import { SupportProviderToken, type CreateTicketInput, type SupportProvider, type Ticket, type TicketMessage, type TicketStatus, type Urgency } from '../../host/ports/support-provider.js';
import { NetSuiteClient, PLUGIN_ID, fromMinor, toMinor, type NetSuiteOptions } from './client.js';

export { NetSuiteClient, accountSlug, toMinor } from './client.js';
export { authorizationHeader, signatureBaseString, sign } from './oauth.js';

/** NetSuite internal ids are digits; nothing else goes into a SuiteQL query. */
function internalId(value: string, what: string): string {
  if (!/^\d{1,12}$/.test(value)) throw new ProviderError(PLUGIN_ID, `Not a NetSuite ${what} id: "${value}".`, { status: 404, code: 'not_found' });
  return value;
}

const isoToday = () => new Date().toISOString().slice(0, 10);

interface InvoiceRow {
  id: string;
  tranid: string;
  trandate: string;
  duedate: string | null;
  status: string;
  foreigntotal: string;
  foreignamountremaining: string;
  currency: string;
  memo: string | null;
}

/** Invoices through SuiteQL and the invoice record; payments as customerPayment records. */
export class NetSuiteBillingProvider implements BillingProvider {
  readonly source = PLUGIN_ID;
  constructor(readonly client: NetSuiteClient) {}

  #query(where: string) {
    return `SELECT t.id, t.tranid, TO_CHAR(t.trandate, 'YYYY-MM-DD') AS trandate, TO_CHAR(t.duedate, 'YYYY-MM-DD') AS duedate, t.status, t.foreigntotal, t.foreignamountremaining, c.symbol AS currency, t.memo FROM transaction t JOIN currency c ON c.id = t.currency WHERE t.type = 'CustInvc' AND ${where} ORDER BY t.trandate DESC`;
  }

  async listInvoices(account: string, signal?: AbortSignal): Promise<Invoice[]> {
    const rows = await this.client.suiteql<InvoiceRow>(this.#query(`t.entity = ${internalId(account, 'customer')}`), signal);
    return rows.map((r) => toInvoice(r, []));
  }

  async getInvoice(account: string, id: string, signal?: AbortSignal): Promise<Invoice | undefined> {
    if (!/^\d{1,12}$/.test(id)) return undefined;
    const [row] = await this.client.suiteql<InvoiceRow>(this.#query(`t.entity = ${internalId(account, 'customer')} AND t.id = ${internalId(id, 'invoice')}`), signal);
    if (!row) return undefined;
    const { data } = await this.client.request('GET', `/record/v1/invoice/${row.id}?expandSubResources=true`, undefined, { signal });
    const items = (data?.item?.items ?? []) as { item?: { refName?: string }; description?: string; quantity?: number; rate?: number; amount?: number; tax1Amt?: number }[];
    const lines = items.map((l) => ({
      description: l.description ?? l.item?.refName ?? '',
      quantity: l.quantity ?? 1,
      unitAmount: toMinor(l.rate ?? 0, row.currency),
      amount: toMinor(l.amount ?? 0, row.currency),
      taxAmount: toMinor(l.tax1Amt ?? 0, row.currency),
    }));
    return toInvoice(row, lines);
  }

  /**
   * A customerPayment applied to the invoices. The idempotency key is its externalId, so a
   * retried request finds the payment already recorded instead of recording it twice.
   */
  async recordPayment(account: string, input: RecordPaymentInput, signal?: AbortSignal): Promise<{ reference: string }> {
    const externalId = input.idempotencyKey.replace(/[^\w:-]/g, '_').slice(0, 100);
    try {
      const { data } = await this.client.request('GET', `/record/v1/customerPayment/eid:${encodeURIComponent(externalId)}`, undefined, { signal });
      if (data?.id) return { reference: String(data.id) };
    } catch (err) {
      if (!(err instanceof ProviderError && err.status === 404)) throw err;
    }
    const id = await this.client.create(
      'customerPayment',
      {
        customer: { id: internalId(account, 'customer') },
        payment: fromMinor(input.amount, input.currency),
        externalId,
        memo: `${input.methodLabel} · ${input.gatewayReference}`,
        apply: { items: input.allocations.map((a) => ({ doc: { id: internalId(a.invoiceId, 'invoice') }, apply: true, amount: fromMinor(a.amount, input.currency) })) },
      },
      signal,
    );
    return { reference: id };
  }
}

function toInvoice(r: InvoiceRow, lines: Invoice['lines']): Invoice {
  const total = toMinor(r.foreigntotal, r.currency);
  const due = toMinor(r.foreignamountremaining, r.currency);
  // SuiteQL invoice statuses: A open, B paid in full, V voided (E pending approval, D rejected).
  let status: InvoiceStatus = r.status === 'B' ? 'paid' : r.status === 'V' || r.status === 'D' ? 'void' : r.status === 'E' ? 'draft' : 'open';
  if (status === 'open' && due > 0 && r.duedate && r.duedate < isoToday()) status = 'overdue';
  const tax = lines.reduce((a, l) => a + l.taxAmount, 0);
  return {
    id: r.id,
    number: r.tranid,
    issuedOn: r.trandate,
    dueOn: r.duedate ?? r.trandate,
    status,
    currency: r.currency,
    subtotal: total - tax,
    tax,
    total,
    amountPaid: total - due,
    amountDue: due,
    lines,
    memo: r.memo,
  };
}

/** supportCase status ids (NetSuite's defaults) to Glasspane's, and back. */
const CASE_STATUS: Record<string, TicketStatus> = { '1': 'open', '2': 'in_progress', '3': 'in_progress', '4': 'open', '5': 'closed', '6': 'waiting_on_customer', '7': 'resolved' };
const STATUS_ID: Record<TicketStatus, string> = { open: '1', in_progress: '2', waiting_on_customer: '6', resolved: '7', closed: '5' };
/** NetSuite priorities 1 High, 2 Medium, 3 Low; the exact urgency travels in a custom field. */
const PRIORITY_ID: Record<Urgency, string> = { blocker: '1', critical: '1', major: '2', minor: '3' };
const URGENCY_FIELD = 'custevent_gp_urgency';

interface CaseRow {
  id: string;
  casenumber: string;
  title: string;
  status: string;
  priority: string;
  urgency: string | null;
  email: string | null;
  incomingmessage: string | null;
  createddate: string;
  lastmodifieddate: string;
}

/** Tickets as supportCase records; the conversation as message records on the case. */
export class NetSuiteSupportProvider implements SupportProvider {
  readonly source = PLUGIN_ID;
  constructor(readonly client: NetSuiteClient) {}

  #query(where: string) {
    return `SELECT s.id, s.casenumber, s.title, s.status, s.priority, s.${URGENCY_FIELD} AS urgency, s.email, s.incomingmessage, TO_CHAR(s.createddate, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS createddate, TO_CHAR(s.lastmodifieddate, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS lastmodifieddate FROM supportcase s WHERE ${where} ORDER BY s.lastmodifieddate DESC`;
  }

  async listTickets(account: string, signal?: AbortSignal): Promise<Ticket[]> {
    return (await this.client.suiteql<CaseRow>(this.#query(`s.company = ${internalId(account, 'customer')}`), signal)).map(toTicket);
  }

  async getTicket(account: string, id: string, signal?: AbortSignal): Promise<Ticket | undefined> {
    if (!/^\d{1,12}$/.test(id)) return undefined;
    const [row] = await this.client.suiteql<CaseRow>(this.#query(`s.company = ${internalId(account, 'customer')} AND s.id = ${id}`), signal);
    return row && toTicket(row);
  }

  async createTicket(account: string, input: CreateTicketInput, signal?: AbortSignal): Promise<Ticket> {
    const id = await this.client.create(
      'supportCase',
      {
        title: input.subject,
        company: { id: internalId(account, 'customer') },
        incomingMessage: input.description,
        email: input.requester,
        status: { id: STATUS_ID.open },
        priority: { id: PRIORITY_ID[input.urgency] },
        [URGENCY_FIELD]: input.urgency,
      },
      signal,
    );
    const created = await this.getTicket(account, id, signal);
    if (!created) throw new ProviderError(PLUGIN_ID, 'NetSuite created the case but does not show it.', { code: 'provider_bad_response' });
    return created;
  }

  async updateTicket(account: string, id: string, patch: { status?: TicketStatus; urgency?: Urgency }, signal?: AbortSignal): Promise<Ticket | undefined> {
    if (!(await this.getTicket(account, id, signal))) return undefined;
    await this.client.request(
      'PATCH',
      `/record/v1/supportCase/${id}`,
      { ...(patch.status ? { status: { id: STATUS_ID[patch.status] } } : {}), ...(patch.urgency ? { priority: { id: PRIORITY_ID[patch.urgency] }, [URGENCY_FIELD]: patch.urgency } : {}) },
      { signal },
    );
    return this.getTicket(account, id, signal);
  }

  async listMessages(account: string, ticketId: string, signal?: AbortSignal): Promise<TicketMessage[]> {
    if (!(await this.getTicket(account, ticketId, signal))) return [];
    const rows = await this.client.suiteql<{ id: string; message: string; authorname: string; incoming: string; messagedate: string }>(
      `SELECT m.id, m.message, m.authorname, m.incoming, TO_CHAR(m.messagedate, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS messagedate FROM message m WHERE m.activity = ${internalId(ticketId, 'case')} ORDER BY m.messagedate`,
      signal,
    );
    return rows.map((r) => ({ id: r.id, ticketId, author: { name: r.authorname, kind: r.incoming === 'T' ? 'customer' : 'staff' }, body: r.message, createdAt: r.messagedate }));
  }

  async addMessage(account: string, ticketId: string, message: { body: string; author: TicketMessage['author'] }, signal?: AbortSignal): Promise<TicketMessage> {
    if (!(await this.getTicket(account, ticketId, signal))) throw new ProviderError(PLUGIN_ID, 'NetSuite has no such case for this customer.', { status: 404, code: 'not_found' });
    const id = await this.client.create('message', { activity: { id: ticketId }, message: message.body, authorName: message.author.name, incoming: message.author.kind === 'customer' }, signal);
    return { id, ticketId, author: message.author, body: message.body, createdAt: new Date().toISOString() };
  }
}

function toTicket(r: CaseRow): Ticket {
  const urgency = (['blocker', 'critical', 'major', 'minor'] as const).find((u) => u === r.urgency) ?? (r.priority === '1' ? 'critical' : r.priority === '3' ? 'minor' : 'major');
  return {
    id: r.id,
    number: r.casenumber,
    subject: r.title,
    description: r.incomingmessage ?? '',
    status: CASE_STATUS[r.status] ?? 'open',
    urgency,
    serviceId: null,
    requester: r.email ?? '',
    createdAt: r.createddate,
    updatedAt: r.lastmodifieddate,
  };
}

const customerIds = z
  .string()
  .regex(/^\s*[a-z0-9._-]+\s*=\s*\d+\s*(,\s*[a-z0-9._-]+\s*=\s*\d+\s*)*$/i, 'write it as tenant=customerId pairs, e.g. "globex=108,acme=107"')
  .transform((s) => Object.fromEntries(s.split(',').map((p) => p.split('=').map((x) => x.trim()) as [string, string])));

const config = z.object({
  accountId: z.string().regex(/^[A-Za-z0-9_]+$/, 'the account id, e.g. 1234567 or 1234567_SB1'),
  baseUrl: z.url().optional(),
  consumerKey: z.string().min(1),
  consumerSecret: z.string().min(1),
  tokenId: z.string().min(1),
  tokenSecret: z.string().min(1),
  customerIds: z.union([customerIds, z.record(z.string(), z.string().regex(/^\d+$/))]).default({}),
  timeoutMs: z.number().int().min(100).default(20_000),
  maxConcurrency: z.number().int().min(1).max(50).default(5),
});

/** NetSuite SuiteTalk REST as BillingProvider and SupportProvider, sharing one client. */
export default definePlugin({
  id: PLUGIN_ID,
  provides: ['BillingProvider', 'SupportProvider'],
  config,
  fromEnv: (env) => ({
    accountId: env.NETSUITE_ACCOUNT_ID,
    baseUrl: env.NETSUITE_BASE_URL || undefined,
    consumerKey: env.NETSUITE_CONSUMER_KEY,
    consumerSecret: env.NETSUITE_CONSUMER_SECRET,
    tokenId: env.NETSUITE_TOKEN_ID,
    tokenSecret: env.NETSUITE_TOKEN_SECRET,
    customerIds: env.NETSUITE_CUSTOMER_IDS || undefined,
  }),
  register({ container, config }) {
    const client = new NetSuiteClient(config as NetSuiteOptions);
    container.register(BillingProviderToken, { useValue: new NetSuiteBillingProvider(client) });
    container.register(SupportProviderToken, { useValue: new NetSuiteSupportProvider(client) });
  },
});
