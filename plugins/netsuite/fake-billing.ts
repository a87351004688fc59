/**
 * The NetSuite fake's billing records: invoices (record and SuiteQL, creation), creditMemos
 * (creation), currencies and customerPayments (record, creation with NetSuite's checks).
 */
import {
  DAY,
  isObject,
  isoDay,
  oracleNumber,
  recordNumber,
  refId,
  Refusal,
  userError,
  type FakeCreditMemo,
  type FakeCustomer,
  type FakeInvoice,
  type FakeInvoiceLine,
  type FakePayment,
  type FakeStore,
} from './fake-store.js';
import type { SuiteqlTable } from './fake-suiteql.js';

const INVOICE_STATUSES: Record<FakeInvoice['status'], string> = {
  A: 'Open',
  B: 'Paid In Full',
  D: 'Pending Approval',
  E: 'Rejected',
  V: 'Voided',
};

export function invoiceRecord(store: FakeStore, inv: FakeInvoice, expand: boolean) {
  const { href, ref } = store;
  const p = store.precisionOf(inv.currency);
  const cur = store.currencyOf(inv.currency)!;
  const items = inv.lines.map((l, i) => ({
    links: [],
    line: i + 1,
    item: ref('nonInventorySaleItem', l.item, l.description),
    description: l.description,
    quantity: l.quantity,
    rate: recordNumber(l.rate, p),
    amount: recordNumber(l.amount, p),
    tax1Amt: recordNumber(l.tax, p),
  }));
  return {
    links: [{ rel: 'self', href: href(`/record/v1/invoice/${inv.id}`) }],
    id: inv.id,
    tranId: inv.tranid,
    tranDate: inv.trandate,
    ...(inv.duedate ? { dueDate: inv.duedate } : {}),
    entity: ref('customer', inv.entity, store.entityName(inv.entity)),
    currency: ref('currency', cur.id, cur.name),
    status: { id: INVOICE_STATUSES[inv.status], refName: INVOICE_STATUSES[inv.status] },
    subtotal: recordNumber(inv.total - inv.tax, p),
    taxTotal: recordNumber(inv.tax, p),
    total: recordNumber(inv.total, p),
    amountPaid: recordNumber(inv.total - inv.unpaid, p),
    amountRemaining: recordNumber(inv.unpaid, p),
    ...(inv.memo ? { memo: inv.memo } : {}),
    // Sublists are links unless the client asks for them to be expanded.
    item: expand
      ? {
          links: [{ rel: 'self', href: href(`/record/v1/invoice/${inv.id}/item`) }],
          count: items.length,
          hasMore: false,
          items,
          offset: 0,
          totalResults: items.length,
        }
      : { links: [{ rel: 'self', href: href(`/record/v1/invoice/${inv.id}/item`) }] },
  };
}

export function paymentRecord(store: FakeStore, p: FakePayment) {
  const cur = store.currencyOf(p.currency)!;
  return {
    links: [],
    id: p.id,
    ...(p.externalId ? { externalId: p.externalId } : {}),
    customer: store.ref('customer', p.customer, store.entityName(p.customer)),
    currency: store.ref('currency', cur.id, cur.name),
    payment: recordNumber(p.payment, cur.precision),
    tranDate: p.tranDate,
    undepFunds: p.account === null,
    ...(p.account ? { account: store.ref('account', p.account, store.bankAccounts.find((a) => a.id === p.account)?.name) } : {}),
    ...(p.subsidiary ? { subsidiary: store.ref('subsidiary', p.subsidiary) } : {}),
    ...(p.paymentMethod
      ? { paymentMethod: store.ref('paymentMethod', p.paymentMethod, store.paymentMethods.find((m) => m.id === p.paymentMethod)?.name) }
      : {}),
    ...(p.memo ? { memo: p.memo } : {}),
  };
}

/** A customer record as `GET /record/v1/customer/{id}` shows it; `subsidiary` only in OneWorld accounts. */
export function customerRecord(store: FakeStore, c: FakeCustomer) {
  const cur = store.currencyOf(c.currency)!;
  return {
    links: [{ rel: 'self', href: store.href(`/record/v1/customer/${c.id}`) }],
    id: c.id,
    entityId: c.name,
    companyName: c.name,
    email: c.email,
    currency: store.ref('currency', cur.id, cur.name),
    ...(c.parent ? { parent: store.ref('customer', c.parent, store.entityName(c.parent)) } : {}),
    ...(store.oneWorld && c.subsidiary ? { subsidiary: store.ref('subsidiary', c.subsidiary) } : {}),
  };
}

/**
 * The billing tables SuiteQL reads: `transaction` (invoices CustInvc, credit memos CustCred,
 * payments CustPymt; amounts `foreign*` in the transaction's currency), `customer` (with
 * `parent`, the customer a sub-customer belongs to; `subsidiary` in OneWorld accounts only)
 * and `currency` (`symbol` is the ISO code).
 */
export function billingTables(store: FakeStore): SuiteqlTable[] {
  const amount = (minor: number, currency: string) => minor / 10 ** store.precisionOf(currency);
  const name = (id: unknown) => (id === null || id === undefined ? null : store.entityName(String(id)));
  const currencyName = (id: unknown) => store.currencies.find((c) => c.id === String(id))?.name;
  /** The columns every transaction type fills. */
  const head = (t: { id: string; entity: string; currency: string; memo: string | null; externalId?: string | null }, type: string) => ({
    id: t.id,
    type,
    voided: 'F',
    entity: t.entity,
    currency: store.currencyOf(t.currency)?.id ?? null,
    memo: t.memo,
    externalid: t.externalId ?? null,
  });
  const invoiceStatus = (code: unknown) => INVOICE_STATUSES[code as FakeInvoice['status']];
  return [
    {
      name: 'transaction',
      columns: {
        ...{ id: 'id', tranid: 'text', trandate: 'date', duedate: 'date', type: 'text', status: 'text', voided: 'bool', entity: 'id' },
        ...{ currency: 'id', foreigntotal: 'number', foreignamountunpaid: 'number', memo: 'text', externalid: 'text' },
      },
      rows: () => [
        ...store.invoices.map((i) => ({
          ...head(i, 'CustInvc'),
          ...{ tranid: i.tranid, trandate: i.trandate, duedate: i.duedate, status: i.status, voided: i.voided ? 'T' : 'F' },
          ...{ foreigntotal: amount(i.total, i.currency), foreignamountunpaid: amount(i.unpaid, i.currency) },
        })),
        ...store.creditMemos.map((c) => ({
          ...head(c, 'CustCred'),
          ...{ tranid: c.tranid, trandate: c.trandate, foreigntotal: -amount(c.total, c.currency) },
        })),
        ...store.payments.map((p) => ({
          ...head({ ...p, entity: p.customer }, 'CustPymt'),
          ...{ trandate: p.tranDate, foreigntotal: amount(p.payment, p.currency) },
        })),
      ],
      display: {
        entity: name,
        currency: currencyName,
        status: (code, row) => (row.type === 'CustInvc' ? invoiceStatus(code) : code === null || code === undefined ? null : String(code)),
      },
    },
    {
      name: 'customer',
      columns: {
        ...{ id: 'id', entityid: 'text', companyname: 'text', parent: 'id', email: 'text', currency: 'id', isinactive: 'bool' },
        ...(store.oneWorld ? { subsidiary: 'id' as const } : {}),
      },
      rows: () =>
        store.customers.map((c) => ({
          ...{ id: c.id, entityid: c.name, companyname: c.name, parent: c.parent ?? null, email: c.email },
          ...{ currency: store.currencyOf(c.currency)?.id ?? null, isinactive: c.inactive ? 'T' : 'F', subsidiary: c.subsidiary ?? null },
        })),
      display: { parent: name, currency: currencyName },
    },
    {
      name: 'currency',
      columns: { id: 'id', symbol: 'text', name: 'text' },
      rows: () => store.currencies.map((c) => ({ id: c.id, symbol: c.symbol, name: c.name })),
    },
  ];
}

/** A customerPayment applied to open invoices of its customer, with NetSuite's refusals; returns its id. */
export function createPayment(store: FakeStore, b: Record<string, any>): string {
  const { payments, invoices, minorOf } = store;
  const customer = store.customerOf(refId(b.customer));
  if (!customer) throw userError(`Invalid customer reference key ${refId(b.customer) ?? '(none)'}.`);
  if (b.externalId !== undefined) {
    if (typeof b.externalId !== 'string' || !/^[A-Za-z0-9_-]{1,255}$/.test(b.externalId))
      throw userError('An external ID can contain only letters, numbers, underscores and hyphens.');
    if (payments.some((p) => p.externalId === b.externalId)) throw new Refusal(400, 'DUP_RCRD', 'This record already exists.');
  }
  const currencyId = b.currency === undefined ? undefined : refId(b.currency);
  const currency = currencyId === undefined ? customer.currency : store.currencies.find((c) => c.id === currencyId)?.symbol;
  if (!currency) throw userError(`Invalid currency reference key ${currencyId}.`);
  const total = minorOf(b.payment, currency);
  if (!(total > 0)) throw userError('Please enter value(s) for: Payment Amount.');
  const lines = isObject(b.apply) && Array.isArray(b.apply.items) ? (b.apply.items as unknown[]) : [];
  if (!lines.length) throw userError('You must apply the payment to at least one invoice.');
  const applied: { invoice: FakeInvoice; amount: number }[] = [];
  for (const line of lines) {
    const doc = isObject(line) ? refId(line.doc) : undefined;
    // The apply sublist lists the customer's own open invoices; with Consolidated Payments
    // also those of its sub-customers. Another customer's invoice is not on it.
    const ours = (i: FakeInvoice) => i.entity === customer.id || (store.consolidatedPayments && store.isWithin(i.entity, customer.id));
    const invoice = invoices.find((i) => i.id === doc && ours(i) && i.status === 'A' && i.currency === currency);
    if (!isObject(line) || !invoice)
      throw userError(`Invalid apply line: document ${doc ?? '(none)'} is not an open ${currency} invoice of this customer.`);
    if (line.apply === false) continue;
    const amount = minorOf(line.amount, currency);
    if (!(amount > 0) || amount > invoice.unpaid)
      throw userError(
        `The amount applied to ${invoice.tranid} must be between 0 and ${oracleNumber(invoice.unpaid, store.precisionOf(currency))}.`,
      );
    applied.push({ invoice, amount });
  }
  if (applied.reduce((sum, a) => sum + a.amount, 0) > total) throw userError('The total applied exceeds the payment amount.');
  // OneWorld: the payment is the customer's subsidiary's, and so must be the account it is deposited to.
  const subsidiary = b.subsidiary === undefined ? undefined : refId(b.subsidiary);
  if (store.oneWorld && !subsidiary) throw userError('Please enter value(s) for: Subsidiary.');
  if (subsidiary !== undefined && (!store.oneWorld || subsidiary !== customer.subsidiary))
    throw userError(`Invalid subsidiary reference key ${subsidiary} for customer ${customer.id}.`);
  const accountId = b.account === undefined ? undefined : refId(b.account);
  const account = accountId === undefined ? undefined : store.bankAccounts.find((a) => a.id === accountId);
  if (accountId !== undefined && (!account || (store.oneWorld && account.subsidiary !== subsidiary)))
    throw userError(`Invalid account reference key ${accountId}.`);
  if (!account && b.undepFunds !== true) throw userError('Please enter value(s) for: Account.');
  const methodId = b.paymentMethod === undefined ? undefined : refId(b.paymentMethod);
  if (methodId !== undefined && !store.paymentMethods.some((m) => m.id === methodId))
    throw userError(`Invalid paymentMethod reference key ${methodId}.`);
  if (b.tranDate !== undefined && (typeof b.tranDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(b.tranDate)))
    throw userError('Invalid date value for field tranDate (use YYYY-MM-DD).');
  for (const { invoice, amount } of applied) {
    invoice.unpaid -= amount;
    if (invoice.unpaid === 0) invoice.status = 'B';
  }
  const id = store.nextId();
  payments.push({
    id,
    externalId: b.externalId ?? null,
    customer: customer.id,
    currency,
    payment: total,
    memo: typeof b.memo === 'string' ? b.memo : null,
    apply: applied.map((a) => ({ doc: a.invoice.id, amount: a.amount })),
    tranDate: b.tranDate ?? isoDay(store.now()),
    subsidiary: subsidiary ?? null,
    account: account?.id ?? null,
    paymentMethod: methodId ?? null,
  });
  return id;
}

/** An invoice; amounts in minor units. Defaults: open, issued today, due in 30 days, one line, fully unpaid. */
export function addInvoice(store: FakeStore, entity: string, partial: Partial<FakeInvoice> & { total: number }): FakeInvoice {
  if (!store.customerOf(entity)) store.addCustomer({ id: entity, name: `Customer ${entity}` });
  const id = partial.id ?? store.nextId();
  const t = store.now();
  const invoice: FakeInvoice = {
    id,
    entity,
    tranid: `INV${id}`,
    trandate: isoDay(t),
    duedate: isoDay(t + 30 * DAY),
    status: 'A',
    voided: false,
    currency: store.customerOf(entity)!.currency,
    tax: 0,
    unpaid: partial.status === 'B' ? 0 : partial.total,
    memo: null,
    lines: [
      {
        item: '1',
        description: 'Hosting services',
        quantity: 1,
        rate: partial.total - (partial.tax ?? 0),
        amount: partial.total - (partial.tax ?? 0),
        tax: partial.tax ?? 0,
      },
    ],
    ...partial,
  };
  store.invoices.push(invoice);
  return invoice;
}

/**
 * The item sublist of an invoice or creditMemo create, checked as NetSuite does: every line
 * names an existing item; `amount` is `quantity × rate` when not given. No tax here (the
 * fake's account has no tax codes set on these items).
 */
function itemLines(store: FakeStore, b: Record<string, any>, currency: string): FakeInvoiceLine[] {
  const lines = isObject(b.item) && Array.isArray(b.item.items) ? (b.item.items as unknown[]) : [];
  if (!lines.length) throw userError('You must enter at least one line item for this transaction.');
  return lines.map((line, i) => {
    const itemId = isObject(line) ? refId(line.item) : undefined;
    const item = store.items.find((x) => x.id === itemId);
    if (!isObject(line) || !item) throw userError(`Invalid item reference key ${itemId ?? '(none)'} for line ${i + 1}.`);
    const quantity = line.quantity === undefined ? 1 : Number(line.quantity);
    const rate = store.minorOf(line.rate, currency);
    const amount = line.amount === undefined ? Math.round(quantity * rate) : store.minorOf(line.amount, currency);
    if (!Number.isFinite(rate) || !Number.isFinite(amount) || !(quantity > 0))
      throw userError(`Please enter value(s) for: Rate, Amount (line ${i + 1}).`);
    return {
      item: item.id,
      description: typeof line.description === 'string' ? line.description : item.displayName,
      quantity,
      rate,
      amount,
      tax: 0,
    };
  });
}

/** Customer, currency and external id of a transaction create, with NetSuite's refusals. */
function transactionHead(store: FakeStore, b: Record<string, any>, existing: { externalId?: string | null }[]) {
  const customer = store.customerOf(refId(b.entity));
  if (!customer) throw userError(`Invalid entity reference key ${refId(b.entity) ?? '(none)'}.`);
  if (b.externalId !== undefined) {
    if (typeof b.externalId !== 'string' || !/^[A-Za-z0-9_-]{1,255}$/.test(b.externalId))
      throw userError('An external ID can contain only letters, numbers, underscores and hyphens.');
    if (existing.some((x) => x.externalId === b.externalId)) throw new Refusal(400, 'DUP_RCRD', 'This record already exists.');
  }
  const currencyId = b.currency === undefined ? undefined : refId(b.currency);
  const currency = currencyId === undefined ? customer.currency : store.currencies.find((c) => c.id === currencyId)?.symbol;
  if (!currency) throw userError(`Invalid currency reference key ${currencyId}.`);
  const trandate = typeof b.tranDate === 'string' ? b.tranDate : isoDay(store.now());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(trandate)) throw userError(`Invalid date value ${String(b.tranDate)} for field tranDate.`);
  return {
    customer,
    currency,
    trandate,
    externalId: typeof b.externalId === 'string' ? b.externalId : null,
    memo: typeof b.memo === 'string' ? b.memo : null,
  };
}

/** An invoice created through the record API: open, due after the customer's 30-day terms; returns its id. */
export function createInvoice(store: FakeStore, b: Record<string, any>): string {
  const head = transactionHead(store, b, store.invoices);
  const lines = itemLines(store, b, head.currency);
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  if (total < 0) throw userError('The total of an invoice cannot be negative; use a credit memo.');
  const invoice = addInvoice(store, head.customer.id, {
    total,
    lines,
    currency: head.currency,
    trandate: head.trandate,
    duedate: isoDay(Date.parse(head.trandate) + 30 * DAY),
    memo: head.memo,
    externalId: head.externalId,
    unpaid: total,
    status: total === 0 ? 'B' : 'A',
  });
  return invoice.id;
}

/** A creditMemo created through the record API; returns its id. */
export function createCreditMemo(store: FakeStore, b: Record<string, any>): string {
  const head = transactionHead(store, b, store.creditMemos);
  const lines = itemLines(store, b, head.currency);
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  if (!(total > 0)) throw userError('The total of a credit memo must be greater than zero.');
  const id = store.nextId();
  const memo: FakeCreditMemo = {
    id,
    externalId: head.externalId,
    entity: head.customer.id,
    tranid: `CM${id}`,
    trandate: head.trandate,
    currency: head.currency,
    total,
    memo: head.memo,
    lines,
  };
  store.creditMemos.push(memo);
  return id;
}

/** The parts of a creditMemo record a client reads back. */
export function creditMemoRecord(store: FakeStore, c: FakeCreditMemo) {
  const cur = store.currencyOf(c.currency)!;
  return {
    links: [],
    id: c.id,
    tranId: c.tranid,
    tranDate: c.trandate,
    ...(c.externalId ? { externalId: c.externalId } : {}),
    entity: store.ref('customer', c.entity, store.entityName(c.entity)),
    currency: store.ref('currency', cur.id, cur.name),
    total: recordNumber(c.total, cur.precision),
    ...(c.memo ? { memo: c.memo } : {}),
  };
}
