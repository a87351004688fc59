import { createHash } from 'node:crypto';
import type { AccountChargeInput, BillingProvider, Invoice, InvoiceLine, RecordPaymentInput, RecordRefundInput } from '@glasspane/host';
import { NetSuiteError, PLUGIN_ID, type NetSuiteClient, type NsRef } from './client.js';
import { customerId, invoiceStatus, isInternalId, isoDate, text, toDecimal, toMinor } from './mapper.js';

/** A SuiteQL row of the invoice query (column names as the query aliases them). */
interface InvoiceRow {
  id: string | number;
  tranid?: string;
  trandate?: string;
  duedate?: string;
  status?: string;
  voided?: string;
  foreigntotal?: string | number;
  foreignamountunpaid?: string | number;
  currency?: string;
  memo?: string;
}

/** The parts of the invoice record (`GET /record/v1/invoice/{id}?expandSubResources=true`) that are read. */
interface InvoiceRecord {
  id: string;
  entity?: NsRef;
  subtotal?: number;
  taxTotal?: number;
  total?: number;
  item?: { items?: InvoiceItemLine[] };
}

interface InvoiceItemLine {
  item?: NsRef;
  description?: string;
  quantity?: number;
  rate?: number;
  amount?: number;
  tax1Amt?: number;
  taxAmount?: number;
  /** Percent (19.0); with SuiteTax accounts absent. */
  taxRate1?: number;
  /** The line's revenue recognition period (the service period), where the account uses it. */
  revRecStartDate?: string;
  revRecEndDate?: string;
}

/**
 * The invoice query. `t.foreign*` are in the invoice's own currency (not the subsidiary's);
 * `currency.symbol` is the ISO code (NetSuite's "ISO Code" field). Dates come back in the
 * user's date format unless formatted, hence TO_CHAR. The customer id is validated digits.
 */
export function invoiceQuery(customer: string, invoiceId?: string): string {
  return (
    "SELECT t.id, t.tranid, TO_CHAR(t.trandate, 'YYYY-MM-DD') AS trandate, TO_CHAR(t.duedate, 'YYYY-MM-DD') AS duedate, " +
    't.status, t.voided, t.foreigntotal, t.foreignamountunpaid, c.symbol AS currency, t.memo ' +
    'FROM transaction t JOIN currency c ON c.id = t.currency ' +
    `WHERE t.type = 'CustInvc' AND t.entity = ${customer}${invoiceId ? ` AND t.id = ${invoiceId}` : ''} ` +
    'ORDER BY t.trandate DESC, t.id DESC'
  );
}

/** The internal id of a currency by its ISO code (validated `[A-Z]{3}`). */
export const currencyQuery = (iso: string): string => `SELECT c.id FROM currency c WHERE c.symbol = '${iso}'`;

/** Options of the billing provider. */
export interface NetSuiteBillingOptions {
  /** IANA zone of the account; decides which day an invoice becomes overdue. Default UTC. */
  timeZone?: string | undefined;
  /** Tenant → customer internal id (NETSUITE_CUSTOMER_IDS); other accounts are customer ids themselves. */
  customerIds?: Readonly<Record<string, string>> | undefined;
  /** The clock (tests). */
  now?: (() => Date) | undefined;
  /**
   * Internal id of the non-inventory sale item that one-off charges (plan changes) are billed
   * as (NETSUITE_CHARGE_ITEM_ID). Without it the provider takes no charges and the host
   * leaves them to staff.
   */
  chargeItemId?: string | undefined;
  /**
   * Internal id of the bank account card and bank payments are deposited to
   * (NETSUITE_DEPOSIT_ACCOUNT_ID). Without it a payment goes to Undeposited Funds
   * (`undepFunds: true`), to be deposited by the provider's accountants.
   */
  depositAccountId?: string | undefined;
  /** Internal id of the payment method the payments are recorded with (NETSUITE_PAYMENT_METHOD_ID). */
  paymentMethodId?: string | undefined;
}

/**
 * Invoices of a NetSuite customer: the list through SuiteQL (one query, paged), one
 * invoice with its lines through the invoice record, payments as customerPayment records
 * applied to the invoices.
 *
 * @example
 * ```ts
 * const billing = new NetSuiteBillingProvider(client, { timeZone: 'Europe/Berlin' });
 * const invoices = await billing.listInvoices('108');
 * ```
 */
export class NetSuiteBillingProvider implements BillingProvider {
  readonly source = PLUGIN_ID;
  readonly #timeZone: string;
  readonly #now: () => Date;
  readonly #customerIds: Readonly<Record<string, string>>;
  readonly #currencyIds = new Map<string, Promise<string | undefined>>();
  /** Each customer's subsidiary (OneWorld accounts; none elsewhere), read once per customer. */
  readonly #subsidiaries = new Map<string, Promise<string | undefined>>();
  readonly #depositAccountId: string | undefined;
  readonly #paymentMethodId: string | undefined;
  /** Present only with a charge item configured: the host bills by hand otherwise. */
  readonly addCharge?: (account: string, input: AccountChargeInput, signal?: AbortSignal) => Promise<{ invoiceId: string | null }>;
  readonly recordRefund?: (account: string, input: RecordRefundInput, signal?: AbortSignal) => Promise<{ reference: string }>;

  constructor(
    readonly client: NetSuiteClient,
    options: NetSuiteBillingOptions = {},
  ) {
    this.#timeZone = options.timeZone ?? 'UTC';
    this.#now = options.now ?? (() => new Date());
    this.#customerIds = options.customerIds ?? {};
    this.#depositAccountId = options.depositAccountId;
    this.#paymentMethodId = options.paymentMethodId;
    const item = options.chargeItemId;
    if (item) {
      this.addCharge = (account, input, signal) => this.#addCharge(item, account, input, signal);
      this.recordRefund = (account, input, signal) => this.#recordRefund(item, account, input, signal);
    }
  }

  /**
   * A one-off charge as an invoice of its own (`POST /record/v1/invoice`, one line of the
   * charge item, dated today in the account's zone, due by the customer's terms), a credit
   * (negative amount) as a creditMemo that NetSuite applies to what the customer owes next.
   * The record's `externalId` comes from the reference, so a retry after a lost answer finds
   * the first record (`DUP_RCRD`, then `GET …/eid:`) instead of billing twice.
   */
  async #addCharge(item: string, account: string, input: AccountChargeInput, signal?: AbortSignal): Promise<{ invoiceId: string | null }> {
    const customer = customerId(account, this.#customerIds);
    if (!/^[A-Z]{3}$/.test(input.currency)) throw new NetSuiteError(`"${input.currency}" is not an ISO currency code.`, { status: 422, code: 'invalid' });
    if (!Number.isInteger(input.amount) || input.amount === 0) throw new NetSuiteError('A charge needs a whole, non-zero amount in minor units.', { status: 422, code: 'invalid' });
    const credit = input.amount < 0;
    const type = credit ? 'creditMemo' : 'invoice';
    const externalId = chargeExternalId(customer, input.reference);
    const currencyId = await this.#currencyId(input.currency, signal);
    const amount = toDecimal(Math.abs(input.amount), input.currency);
    const body = {
      externalId,
      entity: { id: customer },
      ...(currencyId ? { currency: { id: currencyId } } : {}),
      tranDate: isoDate(this.#now(), this.#timeZone),
      memo: input.reference.slice(0, 999),
      item: { items: [{ item: { id: item }, description: `${input.description}, ${input.periodStart} – ${lastDay(input.periodEnd)}`.slice(0, 999), quantity: 1, rate: amount, amount }] },
    };
    const id = await this.#createOnce(type, body, externalId, customer, 'entity', signal);
    // A credit memo is not an invoice the customer pays; NetSuite applies it to the next ones.
    return { invoiceId: credit ? null : id };
  }

  /**
   * Every invoice of the customer, newest first. List entries carry no lines and count the
   * whole total as subtotal (SuiteQL has no tax total on the transaction); `getInvoice`
   * gives lines, subtotal and tax.
   */
  async listInvoices(account: string, signal?: AbortSignal): Promise<Invoice[]> {
    const rows = await this.client.suiteql<InvoiceRow>(invoiceQuery(customerId(account, this.#customerIds)), { signal });
    const today = isoDate(this.#now(), this.#timeZone);
    return rows.map((row) => toInvoice(row, today));
  }

  /** One invoice with its lines; `undefined` when it is not this customer's (or not an invoice). */
  async getInvoice(account: string, id: string, signal?: AbortSignal): Promise<Invoice | undefined> {
    const customer = customerId(account, this.#customerIds);
    if (!isInternalId(id)) return undefined;
    // The customer filter in the query is the tenancy check: another customer's invoice
    // never reaches the record API.
    const [row] = await this.client.suiteql<InvoiceRow>(invoiceQuery(customer, id), { signal });
    if (!row) return undefined;
    const record = await this.client.getRecord<InvoiceRecord>('invoice', id, { expandSubResources: true, signal });
    if (!record || (record.entity?.id !== undefined && String(record.entity.id) !== customer)) return undefined;
    return toInvoice(row, isoDate(this.#now(), this.#timeZone), record);
  }

  /**
   * NetSuite's REST API has no endpoint that renders a transaction PDF (that takes a
   * RESTlet or SuiteScript `render.transaction`), so the host renders one.
   */
  async invoicePdf(): Promise<Uint8Array | undefined> {
    return undefined;
  }

  /**
   * A customerPayment applied to the invoices. Its `externalId` is derived from the
   * idempotency key (and the customer), so when a retry reaches NetSuite after the first
   * attempt already landed, NetSuite refuses the duplicate and the existing payment is
   * returned instead of a second one being recorded.
   */
  /**
   * A refund as a creditMemo (`POST /record/v1/creditMemo`, one line of the charge item for
   * the refunded amount, memo naming the gateway's refund and the customerPayment). NetSuite's
   * customerRefund pays out only unapplied credit (a credit memo, a deposit or an unapplied
   * payment), and the refunded customerPayment is fully applied to its invoices, so the
   * refund is booked as the credit memo that reverses the sale; the money itself went back
   * through the gateway. `externalId` comes from the host's refund id: a retry after a lost
   * answer finds the first record (`DUP_RCRD`, then `GET …/eid:`), so it is recorded once.
   */
  async #recordRefund(item: string, account: string, input: RecordRefundInput, signal?: AbortSignal): Promise<{ reference: string }> {
    const customer = customerId(account, this.#customerIds);
    if (!/^[A-Z]{3}$/.test(input.currency)) throw new NetSuiteError(`"${input.currency}" is not an ISO currency code.`, { status: 422, code: 'invalid' });
    if (!Number.isInteger(input.amount) || input.amount <= 0) throw new NetSuiteError('A refund needs a whole, positive amount in minor units.', { status: 422, code: 'invalid' });
    const externalId = refundExternalId(customer, input.idempotencyKey);
    const currencyId = await this.#currencyId(input.currency, signal);
    const amount = toDecimal(input.amount, input.currency);
    const memo = `Refund ${input.gatewayReference} of payment ${input.paymentReference} (${input.reason})`.slice(0, 999);
    const body = {
      externalId,
      entity: { id: customer },
      ...(currencyId ? { currency: { id: currencyId } } : {}),
      tranDate: isoDate(this.#now(), this.#timeZone),
      memo,
      item: { items: [{ item: { id: item }, description: memo, quantity: 1, rate: amount, amount }] },
    };
    return { reference: await this.#createOnce('creditMemo', body, externalId, customer, 'entity', signal) };
  }

  async recordPayment(account: string, input: RecordPaymentInput, signal?: AbortSignal): Promise<{ reference: string }> {
    const customer = customerId(account, this.#customerIds);
    if (!/^[A-Z]{3}$/.test(input.currency)) throw new NetSuiteError(`"${input.currency}" is not an ISO currency code.`, { status: 422, code: 'invalid' });
    if (!input.allocations.length) throw new NetSuiteError('A payment needs at least one invoice to apply to.', { status: 422, code: 'invalid' });
    for (const a of input.allocations) {
      if (!isInternalId(a.invoiceId)) throw new NetSuiteError(`"${a.invoiceId}" is not a NetSuite invoice id.`, { status: 422, code: 'invalid' });
    }
    const externalId = paymentExternalId(customer, input.idempotencyKey);
    const [currencyId, subsidiary] = await Promise.all([this.#currencyId(input.currency, signal), this.#subsidiary(customer, signal)]);
    const body = {
      externalId,
      customer: { id: customer },
      // OneWorld: the payment belongs to the customer's subsidiary.
      ...(subsidiary ? { subsidiary: { id: subsidiary } } : {}),
      ...(currencyId ? { currency: { id: currencyId } } : {}),
      // The day the money was taken, in the account's zone (NetSuite would default to its own today).
      tranDate: isoDate(this.#now(), this.#timeZone),
      ...(this.#depositAccountId ? { account: { id: this.#depositAccountId }, undepFunds: false } : { undepFunds: true }),
      ...(this.#paymentMethodId ? { paymentMethod: { id: this.#paymentMethodId } } : {}),
      payment: toDecimal(input.amount, input.currency),
      memo: `${input.methodLabel} · ${input.gatewayReference}`.slice(0, 999),
      apply: { items: input.allocations.map((a) => ({ doc: { id: a.invoiceId }, apply: true, amount: toDecimal(a.amount, input.currency) })) },
    };
    return { reference: await this.#createOnce('customerPayment', body, externalId, customer, 'customer', signal) };
  }

  /**
   * Creates a record once per `externalId`: a retry that reaches NetSuite twice is refused as
   * a duplicate (`DUP_RCRD`) and answered with the first record (`GET …/eid:`), which must be
   * the same customer's (`by`: the field naming it).
   */
  async #createOnce(type: string, body: object, externalId: string, customer: string, by: 'entity' | 'customer', signal?: AbortSignal): Promise<string> {
    try {
      return await this.client.createRecord(type, body, signal);
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      const existing = await this.client.getRecord<{ id: string; entity?: NsRef; customer?: NsRef }>(type, `eid:${externalId}`, { signal });
      if (!existing?.id) throw err;
      const owner = existing[by];
      if (owner?.id !== undefined && String(owner.id) !== customer) {
        throw new NetSuiteError(`The ${type === 'customerPayment' ? 'payment' : type} ${externalId} already exists for another customer.`, { status: 409, code: 'conflict' });
      }
      return String(existing.id);
    }
  }

  /**
   * The customer's subsidiary from its record (`GET /record/v1/customer/{id}`): OneWorld
   * accounts have one on every customer, other accounts have none. Asked once per customer
   * and process; a failed read is asked again next time.
   */
  #subsidiary(customer: string, signal?: AbortSignal): Promise<string | undefined> {
    return rememberFound(this.#subsidiaries, customer, () =>
      this.client.getRecord<{ subsidiary?: NsRef }>('customer', customer, { signal }).then((record) => (record?.subsidiary?.id === undefined ? undefined : String(record.subsidiary.id))),
    );
  }

  /** Currency internal ids never change, so each ISO code is looked up once per process. */
  #currencyId(iso: string, signal?: AbortSignal): Promise<string | undefined> {
    return rememberFound(this.#currencyIds, iso, () => this.client.suiteql<{ id: string | number }>(currencyQuery(iso), { signal }).then((rows) => (rows[0] ? String(rows[0].id) : undefined)));
  }
}

/**
 * NetSuite external ids allow letters, digits, `_` and `-` only: a key made of those is
 * kept readable, any other is hashed. The customer is part of it so two tenants' keys
 * never meet.
 */
export function paymentExternalId(customer: string, idempotencyKey: string): string {
  if (/^[A-Za-z0-9_-]{1,64}$/.test(idempotencyKey)) return `gp-${customer}-k-${idempotencyKey}`;
  return `gp-${customer}-h-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 48)}`;
}

/** The external id of a charge's record: the host's reference (`order:<id>`), readable or hashed. */
/** The creditMemo's externalId of a refund: from the host's refund id, letters, digits, `_` and `-` only. */
export function refundExternalId(customer: string, refundId: string): string {
  if (/^[A-Za-z0-9_-]{1,64}$/.test(refundId)) return `gp-${customer}-r-${refundId}`;
  return `gp-${customer}-rh-${createHash('sha256').update(refundId).digest('hex').slice(0, 48)}`;
}

export function chargeExternalId(customer: string, reference: string): string {
  const safe = reference.replace(/[^A-Za-z0-9_-]/g, '-');
  if (/^[A-Za-z0-9_-]{1,64}$/.test(safe) && safe === reference.replace(/:/g, '-')) return `gp-${customer}-c-${safe}`;
  return `gp-${customer}-ch-${createHash('sha256').update(reference).digest('hex').slice(0, 48)}`;
}

/** The period's last day: periods end exclusively (`periodEnd` is the next period's first day). */
function lastDay(periodEnd: string): string {
  return new Date(Date.parse(`${periodEnd}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** NetSuite refuses a second record with the same external id (`DUP_RCRD`, "already exists"). */
function isDuplicate(err: unknown): boolean {
  if (!(err instanceof NetSuiteError)) return false;
  if (err.netsuiteCode === 'DUP_RCRD') return true;
  return err.upstreamStatus === 400 && /already exists|duplicate/i.test(err.netsuiteDetail ?? '');
}

function toInvoice(row: InvoiceRow, today: string, record?: InvoiceRecord): Invoice {
  const currency = (text(row.currency) ?? 'USD').toUpperCase();
  const total = toMinor(row.foreigntotal ?? 0, currency);
  const amountDue = toMinor(row.foreignamountunpaid ?? 0, currency);
  const dueOn = text(row.duedate);
  const issuedOn = text(row.trandate) ?? '';
  const lines: InvoiceLine[] = (record?.item?.items ?? []).map((l) => ({
    description: l.description ?? l.item?.refName ?? '',
    quantity: l.quantity ?? 1,
    unitAmount: toMinor(l.rate ?? l.amount ?? 0, currency),
    amount: toMinor(l.amount ?? 0, currency),
    taxAmount: toMinor(l.tax1Amt ?? l.taxAmount ?? 0, currency),
    ...(l.revRecStartDate && l.revRecEndDate ? { periodStart: l.revRecStartDate.slice(0, 10), periodEnd: l.revRecEndDate.slice(0, 10) } : {}),
    ...(typeof l.taxRate1 === 'number' ? { taxRate: l.taxRate1 } : {}),
  }));
  const tax = record?.taxTotal !== undefined ? toMinor(record.taxTotal, currency) : lines.reduce((sum, l) => sum + l.taxAmount, 0);
  return {
    id: String(row.id),
    number: text(row.tranid) ?? String(row.id),
    issuedOn,
    dueOn: dueOn ?? issuedOn,
    status: invoiceStatus({ status: text(row.status) ?? undefined, voided: text(row.voided) ?? undefined, dueOn, amountDue }, today),
    currency,
    subtotal: record?.subtotal !== undefined ? toMinor(record.subtotal, currency) : total - tax,
    tax,
    total,
    amountPaid: total - amountDue,
    amountDue,
    lines,
    memo: text(row.memo),
  };
}

/** A lookup remembered per key for the process; a failed one is forgotten, so the next call asks again. */
function rememberFound<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let pending = cache.get(key);
  if (!pending) {
    pending = load();
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}
