import { createHash } from 'node:crypto';
import type {
  AccountChargeInput,
  BillingProvider,
  Invoice,
  InvoiceLine,
  PaymentAllocation,
  RecordPaymentInput,
  RecordRefundInput,
} from '@glasspane/host';
import { NetSuiteError, PLUGIN_ID, type NetSuiteClient, type NsRef } from './client.js';
import { customerId, invoiceStatus, isInternalId, isoDate, text, toDecimal, toMinor } from './mapper.js';

/** A SuiteQL row of the invoice query (column names as the query aliases them). */
interface InvoiceRow {
  id: string | number;
  /** The customer the invoice is billed to (the mapped customer or one of its sub-customers). */
  entity?: string | number;
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
 * The invoice query over the customers given (the mapped customer and, where included, its
 * sub-customers). `t.foreign*` are in the invoice's own currency (not the subsidiary's);
 * `currency.symbol` is the ISO code (NetSuite's "ISO Code" field). Dates come back in the
 * user's date format unless formatted, hence TO_CHAR. Customer and invoice ids are validated
 * digits; at most 1 000 customers a query (Oracle's limit on an IN list).
 */
export function invoiceQuery(customers: string | readonly string[], invoiceId?: string): string {
  const ids = typeof customers === 'string' ? [customers] : customers;
  return (
    "SELECT t.id, t.entity, t.tranid, TO_CHAR(t.trandate, 'YYYY-MM-DD') AS trandate, TO_CHAR(t.duedate, 'YYYY-MM-DD') AS duedate, " +
    't.status, t.voided, t.foreigntotal, t.foreignamountunpaid, c.symbol AS currency, t.memo ' +
    'FROM transaction t JOIN currency c ON c.id = t.currency ' +
    `WHERE t.type = 'CustInvc' AND t.entity IN (${ids.join(', ')})${invoiceId ? ` AND t.id = ${invoiceId}` : ''} ` +
    'ORDER BY t.trandate DESC, t.id DESC'
  );
}

/**
 * The direct sub-customers of the customers given (`customer.parent`, "Sub-customer of"), with
 * the names a customer knows them by. Asked level by level, so any depth is reached.
 */
export const subcustomerQuery = (parents: readonly string[]): string =>
  `SELECT c.id, c.parent, c.companyname, c.entityid FROM customer c WHERE c.parent IN (${parents.join(', ')}) ORDER BY c.id`;

/** Which of the customers given each invoice belongs to; an invoice of any other customer is not answered. */
export const invoiceOwnerQuery = (customers: readonly string[], invoiceIds: readonly string[]): string =>
  `SELECT t.id, t.entity FROM transaction t WHERE t.type = 'CustInvc' ` +
  `AND t.id IN (${invoiceIds.join(', ')}) AND t.entity IN (${customers.join(', ')})`;

/** Oracle refuses an IN list of more than 1 000 values. */
const IN_LIST_MAX = 1000;
/** Sub-customer levels followed before giving up (NetSuite hierarchies are a few levels deep). */
const MAX_DEPTH = 20;
/** How long a customer's sub-customers are remembered. */
const HIERARCHY_TTL_MS = 60_000;

/** A mapped customer and, where included, its sub-customers at any depth. */
interface Hierarchy {
  /** The mapped customer. */
  root: string;
  /** The root first, then its sub-customers. */
  ids: string[];
  /** Sub-customer id → the name it is billed under (company name, else its entity id). */
  names: Map<string, string>;
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
  /**
   * The mapped customer's sub-customers (any depth) belong to its tenant: their invoices are
   * listed, readable and payable (NETSUITE_INCLUDE_SUBCUSTOMERS). Default true.
   */
  includeSubcustomers?: boolean | undefined;
  /**
   * The account has NetSuite's Consolidated Payments feature on: one customerPayment of the
   * mapped customer pays its sub-customers' invoices too (NETSUITE_CONSOLIDATED_PAYMENTS).
   * Default false: each sub-customer's invoices are paid by a payment of that sub-customer.
   */
  consolidatedPayments?: boolean | undefined;
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
  readonly #includeSubcustomers: boolean;
  readonly #consolidatedPayments: boolean;
  /** Each mapped customer's hierarchy, read at most once a minute. */
  readonly #hierarchies = new Map<string, { at: number; value: Promise<Hierarchy> }>();
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
    this.#includeSubcustomers = options.includeSubcustomers ?? true;
    this.#consolidatedPayments = options.consolidatedPayments ?? false;
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
    if (!/^[A-Z]{3}$/.test(input.currency))
      throw new NetSuiteError(`"${input.currency}" is not an ISO currency code.`, { status: 422, code: 'invalid' });
    if (!Number.isInteger(input.amount) || input.amount === 0)
      throw new NetSuiteError('A charge needs a whole, non-zero amount in minor units.', { status: 422, code: 'invalid' });
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
      item: {
        items: [
          {
            item: { id: item },
            description: `${input.description}, ${input.periodStart} – ${lastDay(input.periodEnd)}`.slice(0, 999),
            quantity: 1,
            rate: amount,
            amount,
          },
        ],
      },
    };
    const id = await this.#createOnce(type, body, externalId, customer, 'entity', signal);
    // A credit memo is not an invoice the customer pays; NetSuite applies it to the next ones.
    return { invoiceId: credit ? null : id };
  }

  /**
   * Every invoice of the customer and its sub-customers, newest first; one billed to a
   * sub-customer names it (`billedTo`). List entries carry no lines and count the whole total
   * as subtotal (SuiteQL has no tax total on the transaction); `getInvoice` gives lines,
   * subtotal and tax.
   */
  async listInvoices(account: string, signal?: AbortSignal): Promise<Invoice[]> {
    const hierarchy = await this.#hierarchy(customerId(account, this.#customerIds));
    const rows = await this.#invoiceRows(hierarchy, undefined, signal);
    const today = isoDate(this.#now(), this.#timeZone);
    return rows.map((row) => toInvoice(row, today, hierarchy));
  }

  /** One invoice with its lines; `undefined` when it is not this customer's or a sub-customer's (or not an invoice). */
  async getInvoice(account: string, id: string, signal?: AbortSignal): Promise<Invoice | undefined> {
    const customer = customerId(account, this.#customerIds);
    if (!isInternalId(id)) return undefined;
    const hierarchy = await this.#hierarchy(customer);
    // The customer filter in the query is the tenancy check: another customer's invoice
    // never reaches the record API.
    const [row] = await this.#invoiceRows(hierarchy, id, signal);
    if (!row) return undefined;
    const record = await this.client.getRecord<InvoiceRecord>('invoice', id, { expandSubResources: true, signal });
    if (!record || (record.entity?.id !== undefined && !hierarchy.ids.includes(String(record.entity.id)))) return undefined;
    return toInvoice(row, isoDate(this.#now(), this.#timeZone), hierarchy, record);
  }

  /**
   * The customer and, unless turned off, its sub-customers at any depth: one SuiteQL query per
   * level of `customer.parent`. Remembered for a minute (`HIERARCHY_TTL_MS`) and shared by the
   * calls that ask meanwhile, so a burst of reads costs NetSuite one lookup; a sub-customer
   * added or moved in NetSuite is seen within that minute.
   */
  #hierarchy(root: string): Promise<Hierarchy> {
    if (!this.#includeSubcustomers) return Promise.resolve({ root, ids: [root], names: new Map() });
    const now = this.#now().getTime();
    const known = this.#hierarchies.get(root);
    if (known && now - known.at < HIERARCHY_TTL_MS) return known.value;
    // Not tied to the asking call's signal: the lookup serves every call that shares it.
    const value = this.#readHierarchy(root);
    this.#hierarchies.set(root, { at: now, value });
    value.catch(() => this.#hierarchies.get(root)?.value === value && this.#hierarchies.delete(root));
    return value;
  }

  async #readHierarchy(root: string): Promise<Hierarchy> {
    const hierarchy: Hierarchy = { root, ids: [root], names: new Map() };
    let level = [root];
    for (let depth = 0; level.length && depth < MAX_DEPTH; depth++) {
      const read = (parents: string[]) => this.client.suiteql<SubcustomerRow>(subcustomerQuery(parents));
      const rows = (await Promise.all(chunks(level).map(read))).flat();
      level = [];
      for (const row of rows) {
        const id = String(row.id);
        if (!isInternalId(id) || hierarchy.ids.includes(id)) continue;
        hierarchy.ids.push(id);
        hierarchy.names.set(id, text(row.companyname) ?? text(row.entityid) ?? id);
        level.push(id);
      }
    }
    return hierarchy;
  }

  /** The invoice rows of the hierarchy (one invoice's, with `invoiceId`), newest first, 1 000 customers a query. */
  async #invoiceRows(hierarchy: Hierarchy, invoiceId: string | undefined, signal?: AbortSignal): Promise<InvoiceRow[]> {
    const read = (ids: string[]) => this.client.suiteql<InvoiceRow>(invoiceQuery(ids, invoiceId), { signal });
    const parts = await Promise.all(chunks(hierarchy.ids).map(read));
    if (parts.length === 1) return parts[0]!;
    // The query sorts; only rows of several queries need merging in the same order.
    return parts.flat().sort((a, b) => (text(b.trandate) ?? '').localeCompare(text(a.trandate) ?? '') || Number(b.id) - Number(a.id));
  }

  /**
   * NetSuite's REST API has no endpoint that renders a transaction PDF (that takes a
   * RESTlet or SuiteScript `render.transaction`), so the host renders one.
   */
  async invoicePdf(): Promise<Uint8Array | undefined> {
    return undefined;
  }

  /**
   * Payments of the invoices: one customerPayment per customer whose invoices are paid (the
   * mapped customer, sub-customers), or one of the mapped customer with Consolidated Payments.
   * The reference names them all (`5012,5013`).
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
    if (!/^[A-Z]{3}$/.test(input.currency))
      throw new NetSuiteError(`"${input.currency}" is not an ISO currency code.`, { status: 422, code: 'invalid' });
    if (!Number.isInteger(input.amount) || input.amount <= 0)
      throw new NetSuiteError('A refund needs a whole, positive amount in minor units.', { status: 422, code: 'invalid' });
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
    if (!/^[A-Z]{3}$/.test(input.currency))
      throw new NetSuiteError(`"${input.currency}" is not an ISO currency code.`, { status: 422, code: 'invalid' });
    if (!input.allocations.length)
      throw new NetSuiteError('A payment needs at least one invoice to apply to.', { status: 422, code: 'invalid' });
    for (const a of input.allocations) {
      if (!isInternalId(a.invoiceId))
        throw new NetSuiteError(`"${a.invoiceId}" is not a NetSuite invoice id.`, { status: 422, code: 'invalid' });
    }
    const payers = await this.#payers(customer, input.allocations, signal);
    const currencyId = await this.#currencyId(input.currency, signal);
    const references: string[] = [];
    // One after the other: each is idempotent on its own, so a retry after a failure part-way
    // finds the ones already recorded and records the rest.
    for (const [payer, allocations] of payers) {
      const amount = payers.size === 1 ? input.amount : allocations.reduce((sum, a) => sum + a.amount, 0);
      references.push(await this.#recordCustomerPayment(payer, allocations, amount, currencyId, input, signal));
    }
    return { reference: references.join(',') };
  }

  /**
   * Who pays which invoices: the mapped customer pays its own; a sub-customer's invoice is paid
   * by a payment of that sub-customer (NetSuite's apply sublist lists only the payment
   * customer's own invoices), or by the mapped customer's with Consolidated Payments. An
   * invoice outside the hierarchy is refused before anything is recorded.
   */
  async #payers(
    customer: string,
    allocations: readonly PaymentAllocation[],
    signal?: AbortSignal,
  ): Promise<Map<string, PaymentAllocation[]>> {
    // Without sub-customers NetSuite itself refuses another customer's invoice in `apply`.
    if (!this.#includeSubcustomers) return new Map([[customer, [...allocations]]]);
    const hierarchy = await this.#hierarchy(customer);
    const invoiceIds = [...new Set(allocations.map((a) => a.invoiceId))];
    const owners = new Map<string, string>();
    for (const ids of chunks(hierarchy.ids)) {
      for (const invoices of chunks(invoiceIds)) {
        const rows = await this.client.suiteql<OwnerRow>(invoiceOwnerQuery(ids, invoices), { signal });
        for (const row of rows) if (row.entity !== undefined) owners.set(String(row.id), String(row.entity));
      }
    }
    const payers = new Map<string, PaymentAllocation[]>();
    for (const a of allocations) {
      const owner = owners.get(a.invoiceId);
      // As NetSuite answers another customer's invoice in `apply`: an invalid payment.
      if (!owner) throw new NetSuiteError(`Invoice ${a.invoiceId} is not an invoice of this account.`, { status: 422, code: 'invalid' });
      const payer = this.#consolidatedPayments ? customer : owner;
      payers.set(payer, [...(payers.get(payer) ?? []), a]);
    }
    return payers;
  }

  /**
   * One customerPayment of `payer` applied to its invoices. Its `externalId` is derived from
   * the idempotency key and the payer, so when a retry reaches NetSuite after the first attempt
   * already landed, NetSuite refuses the duplicate and the existing payment is returned
   * instead of a second one being recorded.
   */
  async #recordCustomerPayment(
    payer: string,
    allocations: readonly PaymentAllocation[],
    amount: number,
    currencyId: string | undefined,
    input: RecordPaymentInput,
    signal?: AbortSignal,
  ): Promise<string> {
    const externalId = paymentExternalId(payer, input.idempotencyKey);
    const subsidiary = await this.#subsidiary(payer, signal);
    const body = {
      externalId,
      customer: { id: payer },
      // OneWorld: the payment belongs to its customer's subsidiary.
      ...(subsidiary ? { subsidiary: { id: subsidiary } } : {}),
      ...(currencyId ? { currency: { id: currencyId } } : {}),
      // The day the money was taken, in the account's zone (NetSuite would default to its own today).
      tranDate: isoDate(this.#now(), this.#timeZone),
      ...(this.#depositAccountId ? { account: { id: this.#depositAccountId }, undepFunds: false } : { undepFunds: true }),
      ...(this.#paymentMethodId ? { paymentMethod: { id: this.#paymentMethodId } } : {}),
      payment: toDecimal(amount, input.currency),
      memo: `${input.methodLabel} · ${input.gatewayReference}`.slice(0, 999),
      apply: { items: allocations.map((a) => ({ doc: { id: a.invoiceId }, apply: true, amount: toDecimal(a.amount, input.currency) })) },
    };
    return this.#createOnce('customerPayment', body, externalId, payer, 'customer', signal);
  }

  /**
   * Creates a record once per `externalId`: a retry that reaches NetSuite twice is refused as
   * a duplicate (`DUP_RCRD`) and answered with the first record (`GET …/eid:`), which must be
   * the same customer's (`by`: the field naming it).
   */
  async #createOnce(
    type: string,
    body: object,
    externalId: string,
    customer: string,
    by: 'entity' | 'customer',
    signal?: AbortSignal,
  ): Promise<string> {
    try {
      return await this.client.createRecord(type, body, signal);
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      const existing = await this.client.getRecord<{ id: string; entity?: NsRef; customer?: NsRef }>(type, `eid:${externalId}`, { signal });
      if (!existing?.id) throw err;
      const owner = existing[by];
      if (owner?.id !== undefined && String(owner.id) !== customer) {
        throw new NetSuiteError(`The ${type === 'customerPayment' ? 'payment' : type} ${externalId} already exists for another customer.`, {
          status: 409,
          code: 'conflict',
        });
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
      this.client
        .getRecord<{ subsidiary?: NsRef }>('customer', customer, { signal })
        .then((record) => (record?.subsidiary?.id === undefined ? undefined : String(record.subsidiary.id))),
    );
  }

  /** Currency internal ids never change, so each ISO code is looked up once per process. */
  #currencyId(iso: string, signal?: AbortSignal): Promise<string | undefined> {
    return rememberFound(this.#currencyIds, iso, () =>
      this.client
        .suiteql<{ id: string | number }>(currencyQuery(iso), { signal })
        .then((rows) => (rows[0] ? String(rows[0].id) : undefined)),
    );
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

/** A row of the sub-customer query. */
interface SubcustomerRow {
  id: string | number;
  parent?: string | number;
  companyname?: string;
  entityid?: string;
}

/** A row of the invoice-owner query. */
interface OwnerRow {
  id: string | number;
  entity?: string | number;
}

/** Ids in lists Oracle takes in one IN (at most 1 000 each). */
function chunks<T>(ids: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < ids.length; i += IN_LIST_MAX) out.push(ids.slice(i, i + IN_LIST_MAX));
  return out;
}

function toInvoice(row: InvoiceRow, today: string, hierarchy: Hierarchy, record?: InvoiceRecord): Invoice {
  const billedTo = row.entity === undefined ? undefined : hierarchy.names.get(String(row.entity));
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
    ...(l.revRecStartDate && l.revRecEndDate
      ? { periodStart: l.revRecStartDate.slice(0, 10), periodEnd: l.revRecEndDate.slice(0, 10) }
      : {}),
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
    ...(billedTo ? { billedTo } : {}),
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
