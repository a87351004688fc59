import { ProviderError, addDays, anchorAfter, dateIn, nextNumber, prepared, writeJson } from '@glasspane/host';
import type {
  AccountChargeInput,
  BillingProvider,
  Invoice,
  InvoiceLine,
  InvoiceStatus,
  RecordPaymentInput,
  RecordRefundInput,
} from '@glasspane/host';
import type { LocalDb, LocalInvoiceLineTable, LocalInvoiceTable, SubscriptionTable } from './tables.js';

/**
 * Adds whole months to a YYYY-MM-DD date, on `anchorDay` (default: the date's own day)
 * clamped to the month's last day: Jan 31 + 1 = Feb 28/29, and Feb 28 + 1 on anchor 31 = Mar 31.
 */
export const addMonths = (date: string, months: number, anchorDay?: number): string =>
  anchorAfter(date, months, anchorDay ?? Number(date.slice(8, 10)));

/**
 * Invoices in the host's own SQL, generated from each tenant's subscriptions, for
 * providers without a billing system of their own. `account` is the tenant id.
 */
export class LocalBillingProvider implements BillingProvider {
  readonly source = 'local';
  /** The reads of every invoice list (see listInvoices), compiled once. */
  readonly #due: (tenant: string, today: string) => Promise<SubscriptionTable[]>;
  readonly #invoices: (tenant: string) => Promise<InvoiceRow[]>;
  readonly #lines: (tenant: string) => Promise<LineRow[]>;

  constructor(
    private readonly db: LocalDb,
    private readonly now: () => Date,
    private readonly options: { paymentTermsDays?: number; timeZone?: string } = {},
  ) {
    this.#due = prepared(db, (tenant: string, today: string) =>
      db
        .selectFrom('subscriptions')
        .selectAll()
        .where('tenant_id', '=', tenant)
        .where('active', '=', 1)
        .where('next_invoice_on', '<=', today)
        .orderBy('next_invoice_on'),
    );
    this.#invoices = prepared(db, (tenant: string) =>
      db
        .selectFrom('local_invoices')
        .select(INVOICE_COLUMNS)
        .where('tenant_id', '=', tenant)
        .orderBy('issued_on', 'desc')
        .orderBy('number', 'desc'),
    );
    // The lines of all the tenant's invoices in one fixed statement (an IN list of ids would change the SQL with each count).
    this.#lines = prepared(db, (tenant: string) =>
      db
        .selectFrom('local_invoice_lines')
        .select(LINE_COLUMNS)
        .where('invoice_id', 'in', db.selectFrom('local_invoices').select('id').where('tenant_id', '=', tenant))
        .orderBy('invoice_id')
        .orderBy('position'),
    );
  }

  /**
   * Today in the provider's billing zone (GLASSPANE_BILLING_TIME_ZONE): the day invoices are
   * issued and fall overdue, which at 00:30 in Berlin is still yesterday in UTC.
   */
  #today(): string {
    return dateIn(this.now(), this.options.timeZone ?? 'UTC');
  }

  /**
   * Every invoice of the account, newest first, with its lines: after billing what is due,
   * two reads (the invoices, then all their lines in one statement, grouped here).
   */
  async listInvoices(account: string): Promise<Invoice[]> {
    const today = this.#today();
    await this.#generateDue(account, today);
    const rows = await this.#invoices(account);
    if (rows.length === 0) return [];
    const lines = new Map<string, LineRow[]>();
    for (const line of await this.#lines(account)) {
      const list = lines.get(line.invoice_id);
      if (list) list.push(line);
      else lines.set(line.invoice_id, [line]);
    }
    const invoices = new Array<Invoice>(rows.length);
    for (let i = 0; i < rows.length; i++) invoices[i] = toInvoice(rows[i]!, lines.get(rows[i]!.id) ?? [], today);
    return invoices;
  }

  async getInvoice(account: string, id: string): Promise<Invoice | undefined> {
    const row = await this.db
      .selectFrom('local_invoices')
      .select(INVOICE_COLUMNS)
      .where('tenant_id', '=', account)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const lines = await this.db
      .selectFrom('local_invoice_lines')
      .select(LINE_COLUMNS)
      .where('invoice_id', '=', id)
      .orderBy('position')
      .execute();
    return toInvoice(row, lines, this.#today());
  }

  /** A refund of a recorded payment, once per idempotency key; the invoices stay paid (the money went back by the gateway). */
  async recordRefund(account: string, input: RecordRefundInput): Promise<{ reference: string }> {
    const existing = await this.db
      .selectFrom('local_refunds')
      .select('id')
      .where('tenant_id', '=', account)
      .where('idempotency_key', '=', input.idempotencyKey)
      .executeTakeFirst();
    if (existing) return { reference: existing.id };
    const payment = await this.db
      .selectFrom('local_payments')
      .select(['id', 'amount'])
      .where('tenant_id', '=', account)
      .where('id', '=', input.paymentReference)
      .executeTakeFirst();
    if (!payment) throw new ProviderError('local', `Payment ${input.paymentReference} does not exist.`, { status: 404, code: 'not_found' });
    const id = `REF-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
    await this.db
      .insertInto('local_refunds')
      .values({
        id,
        tenant_id: account,
        payment_id: payment.id,
        amount: input.amount,
        currency: input.currency,
        gateway_reference: input.gatewayReference,
        reason: input.reason,
        idempotency_key: input.idempotencyKey,
        created_at: this.now().toISOString(),
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const row = await this.db
      .selectFrom('local_refunds')
      .select('id')
      .where('tenant_id', '=', account)
      .where('idempotency_key', '=', input.idempotencyKey)
      .executeTakeFirstOrThrow();
    return { reference: row.id };
  }

  async recordPayment(account: string, input: RecordPaymentInput): Promise<{ reference: string }> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('local_payments')
        .select('id')
        .where('tenant_id', '=', account)
        .where('idempotency_key', '=', input.idempotencyKey)
        .executeTakeFirst();
      if (existing) return { reference: existing.id };
      for (const a of input.allocations) {
        const invoice = await trx
          .selectFrom('local_invoices')
          .selectAll()
          .where('tenant_id', '=', account)
          .where('id', '=', a.invoiceId)
          .executeTakeFirst();
        if (!invoice) throw new ProviderError('local', `Invoice ${a.invoiceId} does not exist.`, { status: 404, code: 'not_found' });
        const due = invoice.total - invoice.amount_paid;
        if (a.amount > due)
          throw new ProviderError('local', `Invoice ${invoice.number} has only ${due} left to pay.`, { status: 409, code: 'overpayment' });
        const paid = invoice.amount_paid + a.amount;
        await trx
          .updateTable('local_invoices')
          .set({ amount_paid: paid, status: paid >= invoice.total ? 'paid' : invoice.status })
          .where('id', '=', invoice.id)
          .execute();
      }
      const id = `PAY-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
      await trx
        .insertInto('local_payments')
        .values({
          id,
          tenant_id: account,
          amount: input.amount,
          currency: input.currency,
          gateway_reference: input.gatewayReference,
          method_label: input.methodLabel,
          idempotency_key: input.idempotencyKey,
          allocations: writeJson(input.allocations),
          created_at: this.now().toISOString(),
        })
        .execute();
      return { reference: id };
    });
  }

  /**
   * A one-off charge or credit as an invoice of its own, issued today with one line (no tax:
   * the amount is what the order's review showed). The line names the period it covers; the
   * invoice memo carries the reference, which makes a second call with it answer the first
   * invoice. A negative amount is a credit note.
   */
  async addCharge(account: string, input: AccountChargeInput): Promise<{ invoiceId: string }> {
    const memo = chargeMemo(input.reference);
    const existing = await this.db
      .selectFrom('local_invoices')
      .select('id')
      .where('tenant_id', '=', account)
      .where('memo', '=', memo)
      .executeTakeFirst();
    if (existing) return { invoiceId: existing.id };
    const today = this.#today();
    const id = crypto.randomUUID();
    await this.db.transaction().execute(async (trx) => {
      const n = await nextNumber(trx, account, `invoices-${today.slice(0, 4)}`, { countFrom: 'local_invoices' });
      await trx
        .insertInto('local_invoices')
        .values({
          id,
          tenant_id: account,
          number: `${today.slice(0, 4)}-${String(n).padStart(4, '0')}`,
          issued_on: today,
          due_on: addDays(today, this.options.paymentTermsDays ?? 14),
          currency: input.currency,
          subtotal: input.amount,
          tax: 0,
          total: input.amount,
          amount_paid: 0,
          status: 'open',
          memo,
          created_at: this.now().toISOString(),
        })
        .execute();
      const description = `${input.description}, ${input.periodStart} – ${addDays(input.periodEnd, -1)}`;
      await trx
        .insertInto('local_invoice_lines')
        .values({
          invoice_id: id,
          position: 0,
          description,
          quantity: 1,
          unit_amount: input.amount,
          amount: input.amount,
          tax_amount: 0,
          period_start: input.periodStart,
          period_end: addDays(input.periodEnd, -1),
          tax_rate_bp: 0,
        })
        .execute();
    });
    return { invoiceId: id };
  }

  /**
   * Issues an invoice for every subscription period that has begun (one invoice per
   * tenant and date), advancing each subscription. Idempotent: run it as often as you like.
   */
  generateDue(tenant: string): Promise<number> {
    return this.#generateDue(tenant, this.#today());
  }

  async #generateDue(tenant: string, today: string): Promise<number> {
    let created = 0;
    for (;;) {
      const due = await this.#due(tenant, today);
      if (due.length === 0) return created;
      const on = due[0]!.next_invoice_on;
      const batch = due.filter((s) => s.next_invoice_on === on && s.currency === due[0]!.currency);
      const billed = await this.db
        .transaction()
        .execute(async (trx) => {
          // Advance the subscriptions first, each only from the date this run saw: a concurrent run
          // (another request, another process) that got there first leaves nothing to advance, and
          // this run bills nothing twice. On PostgreSQL the rows stay locked until the invoice is in.
          for (const s of batch) {
            const moved = await trx
              .updateTable('subscriptions')
              .set({ next_invoice_on: addMonths(s.next_invoice_on, s.interval_months, s.anchor_day ?? undefined) })
              .where('id', '=', s.id)
              .where('next_invoice_on', '=', s.next_invoice_on)
              .executeTakeFirst();
            if (Number(moved.numUpdatedRows) !== 1) throw new AlreadyBilled();
          }
          const n = await nextNumber(trx, tenant, `invoices-${on.slice(0, 4)}`, { countFrom: 'local_invoices' });
          const id = crypto.randomUUID();
          const lines = batch.map((s, position) => {
            const amount = s.unit_amount * s.quantity;
            const periodEnd = addDays(addMonths(on, s.interval_months, s.anchor_day ?? undefined), -1);
            return {
              invoice_id: id,
              position,
              description: s.description,
              quantity: s.quantity,
              unit_amount: s.unit_amount,
              amount,
              tax_amount: Math.round((amount * s.tax_rate_bp) / 10_000),
              period_start: on,
              period_end: periodEnd,
              tax_rate_bp: s.tax_rate_bp,
            };
          });
          const subtotal = lines.reduce((a, l) => a + l.amount, 0);
          const tax = lines.reduce((a, l) => a + l.tax_amount, 0);
          await trx
            .insertInto('local_invoices')
            .values({
              id,
              tenant_id: tenant,
              number: `${on.slice(0, 4)}-${String(n).padStart(4, '0')}`,
              issued_on: on,
              due_on: addDays(on, this.options.paymentTermsDays ?? 14),
              currency: batch[0]!.currency,
              subtotal,
              tax,
              total: subtotal + tax,
              amount_paid: 0,
              status: 'open',
              memo: null,
              created_at: this.now().toISOString(),
            })
            .execute();
          await trx.insertInto('local_invoice_lines').values(lines).execute();
          return true;
        })
        .catch((err) => {
          if (err instanceof AlreadyBilled) return false;
          throw err;
        });
      if (billed) created++;
    }
  }
}

/** The invoice columns an Invoice is made of. */
const INVOICE_COLUMNS = [
  'id',
  'number',
  'issued_on',
  'due_on',
  'status',
  'currency',
  'subtotal',
  'tax',
  'total',
  'amount_paid',
  'memo',
] as const;
type InvoiceRow = Pick<LocalInvoiceTable, (typeof INVOICE_COLUMNS)[number]>;
/** The line columns an invoice line is made of, and its invoice. */
const LINE_COLUMNS = [
  'invoice_id',
  'description',
  'quantity',
  'unit_amount',
  'amount',
  'tax_amount',
  'period_start',
  'period_end',
  'tax_rate_bp',
] as const;
type LineRow = Pick<LocalInvoiceLineTable, (typeof LINE_COLUMNS)[number]>;

/** An invoice as the port gives it; open and unpaid past its due date (`today`, in the billing zone) is overdue. */
function toInvoice(row: InvoiceRow, lines: readonly LineRow[], today: string): Invoice {
  const amountDue = row.total - row.amount_paid;
  let status = row.status as InvoiceStatus;
  if (status === 'open' && amountDue > 0 && row.due_on < today) status = 'overdue';
  return {
    id: row.id,
    number: row.number,
    issuedOn: row.issued_on,
    dueOn: row.due_on,
    status,
    currency: row.currency,
    subtotal: row.subtotal,
    tax: row.tax,
    total: row.total,
    amountPaid: row.amount_paid,
    amountDue,
    lines: lines.map(toLine),
    memo: row.memo,
  };
}

function toLine(l: LineRow): InvoiceLine {
  const line: InvoiceLine = {
    description: l.description,
    quantity: l.quantity,
    unitAmount: l.unit_amount,
    amount: l.amount,
    taxAmount: l.tax_amount,
  };
  if (l.period_start && l.period_end) {
    line.periodStart = l.period_start;
    line.periodEnd = l.period_end;
  }
  if (l.tax_rate_bp !== null) line.taxRate = l.tax_rate_bp / 100;
  return line;
}

const chargeMemo = (reference: string) => `Reference ${reference}`;

/** A concurrent run billed this period first: roll back and read the subscriptions again. */
class AlreadyBilled extends Error {}
