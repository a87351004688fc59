/**
 * The NetSuite fake's data: its records, ids and the helpers every record type shares. The
 * record types' own rendering, queries and writes are in fake-billing.ts and fake-support.ts;
 * the server is fake.ts.
 */

/** A currency record (`symbol` is the ISO code, as in NetSuite). */
export interface FakeCurrency {
  id: string;
  /** ISO code (NetSuite's `symbol`). */
  symbol: string;
  name: string;
  /** Digits after the decimal point. */
  precision: number;
}

/** A customer; its currency is the default of its payments. */
export interface FakeCustomer {
  id: string;
  name: string;
  email: string;
  currency: string;
  /** OneWorld accounts: the customer's primary subsidiary (default `1`, the parent company). */
  subsidiary?: string;
  /** A sub-customer's parent customer (the record's `parent`, "Sub-customer of"); sub-customers nest to any depth. */
  parent?: string | null;
  inactive?: boolean;
}

/** A line of the invoice's item sublist, amounts in minor units. */
export interface FakeInvoiceLine {
  item: string;
  description: string;
  quantity: number;
  /** Minor units. */
  rate: number;
  amount: number;
  tax: number;
}

/** An invoice (transaction type CustInvc). */
export interface FakeInvoice {
  id: string;
  entity: string;
  tranid: string;
  trandate: string;
  duedate: string | null;
  /** CustInvc status: A Open, B Paid In Full, D Pending Approval, E Rejected, V Voided. */
  status: 'A' | 'B' | 'D' | 'E' | 'V';
  voided: boolean;
  currency: string;
  /** Minor units. */
  total: number;
  tax: number;
  unpaid: number;
  memo: string | null;
  lines: FakeInvoiceLine[];
  /** Set by the integration that created it; unique per record type. */
  externalId?: string | null;
}

/** A creditMemo (transaction type CustCred): a credit the customer's next payments use up. */
export interface FakeCreditMemo {
  id: string;
  externalId: string | null;
  entity: string;
  tranid: string;
  trandate: string;
  currency: string;
  /** Minor units, positive. */
  total: number;
  memo: string | null;
  lines: FakeInvoiceLine[];
}

/** A non-inventory item for sale, which invoice lines name. */
export interface FakeItem {
  id: string;
  itemId: string;
  displayName: string;
}

/** A customerPayment as recorded. */
export interface FakePayment {
  id: string;
  externalId: string | null;
  customer: string;
  currency: string;
  /** Minor units. */
  payment: number;
  memo: string | null;
  apply: { doc: string; amount: number }[];
  /** `YYYY-MM-DD`: given, or the account's today. */
  tranDate: string;
  /** OneWorld: the subsidiary it belongs to. */
  subsidiary: string | null;
  /** The bank account it was deposited to; null: Undeposited Funds. */
  account: string | null;
  paymentMethod: string | null;
}

/** A bank account of the chart of accounts that payments can be deposited to. */
export interface FakeBankAccount {
  id: string;
  name: string;
  /** OneWorld: the subsidiary that owns it. */
  subsidiary: string;
}

/** A supportCase. */
export interface FakeCase {
  id: string;
  company: string;
  casenumber: string;
  title: string;
  status: string;
  priority: string;
  email: string | null;
  createdAt: number;
  updatedAt: number;
  /** Custom CRM fields (`custevent…`). */
  custom: Record<string, string>;
}

/** A message record attached to a case (`activity`). */
export interface FakeMessage {
  id: string;
  activity: string;
  subject: string;
  message: string;
  incoming: boolean;
  /** An entity id (customer) or null: the integration's own user. */
  author: string | null;
  authorEmail: string | null;
  at: number;
}

/** The integration user, author of messages posted without one. */
export const INTEGRATION_USER = { id: '-5', name: 'Glasspane Integration' };

export const DAY = 86_400_000;
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** SuiteQL `TO_CHAR(…, 'YYYY-MM-DD"T"HH24:MI:SS')`: wall-clock, here in UTC, no offset. */
export const wallTime = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/** Minor units as Oracle prints a NUMBER in SuiteQL: no trailing zeros, no leading zero (`.3`). */
export function oracleNumber(minor: number, precision: number): string {
  const abs = String(Math.abs(minor)).padStart(precision + 1, '0');
  const whole = abs.slice(0, abs.length - precision).replace(/^0+(?=\d)/, '');
  const fraction = abs.slice(abs.length - precision).replace(/0+$/, '');
  const text = fraction ? `${whole === '0' ? '' : whole}.${fraction}` : whole;
  return minor < 0 ? `-${text}` : text;
}

/** Minor units as a JSON number in a record body (`7525` → `75.25`). */
export const recordNumber = (minor: number, precision: number) => minor / 10 ** precision;

/** A request NetSuite refuses: answered with an error document of this status and code. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(detail);
  }
}
export const userError = (detail: string) => new Refusal(400, 'USER_ERROR', detail);
export const notFound = () => new Refusal(404, 'NONEXISTENT_ID', 'The record instance does not exist. Provide a valid record instance ID.');

export const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const refId = (v: unknown) => (isObject(v) && (typeof v.id === 'string' || typeof v.id === 'number') ? String(v.id) : undefined);

/** The account's records and counters, shared by the record types and the server. */
export class FakeStore {
  readonly currencies: FakeCurrency[] = [
    { id: '1', symbol: 'USD', name: 'US Dollar', precision: 2 },
    { id: '2', symbol: 'EUR', name: 'Euro', precision: 2 },
    { id: '3', symbol: 'GBP', name: 'British Pound', precision: 2 },
    { id: '4', symbol: 'JPY', name: 'Japanese Yen', precision: 0 },
  ];
  readonly customers: FakeCustomer[] = [];
  readonly invoices: FakeInvoice[] = [];
  readonly payments: FakePayment[] = [];
  readonly creditMemos: FakeCreditMemo[] = [];
  /** Items for sale: '1' the hosting services every seeded invoice bills, '15' plan changes. */
  readonly items: FakeItem[] = [
    { id: '1', itemId: 'HOSTING', displayName: 'Hosting services' },
    { id: '15', itemId: 'PLAN-CHANGE', displayName: 'Plan change' },
  ];
  readonly cases: FakeCase[] = [];
  /** OneWorld (subsidiaries) or a single-company account. */
  oneWorld = false;
  /** The Consolidated Payments feature: a customer's payment may apply to its sub-customers' invoices. */
  consolidatedPayments = false;
  readonly bankAccounts: FakeBankAccount[] = [
    { id: '1', name: '1000 Operating Account', subsidiary: '1' },
    { id: '2', name: '1010 Operating Account (EU)', subsidiary: '3' },
  ];
  readonly paymentMethods = [
    { id: '4', name: 'Credit Card' },
    { id: '9', name: 'ACH' },
  ];
  readonly messages: FakeMessage[] = [];
  /** The server's origin once it listens; record links are absolute. */
  base = '';
  #ids = 5000;
  #caseNumbers = 1040;

  constructor(
    readonly now: () => number,
    /** Custom case fields the account has. */
    readonly caseFields: ReadonlySet<string>,
  ) {}

  nextId = () => String(this.#ids++);
  nextCaseNumber = () => String(this.#caseNumbers++);

  currencyOf = (symbol: string) => this.currencies.find((c) => c.symbol === symbol);
  precisionOf = (symbol: string) => this.currencyOf(symbol)?.precision ?? 2;
  customerOf = (id: unknown) => this.customers.find((c) => c.id === String(id));
  /** A decimal from a request body in minor units; NaN when it is not a finite number. */
  minorOf = (value: unknown, symbol: string) =>
    typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 10 ** this.precisionOf(symbol)) : NaN;

  href = (path: string) => `${this.base}/services/rest${path}`;
  ref = (type: string, id: string, refName?: string) => ({
    links: [{ rel: 'self', href: this.href(`/record/v1/${type}/${id}`) }],
    id,
    ...(refName === undefined ? {} : { refName }),
  });
  entityName = (id: string | null) => (id === null ? INTEGRATION_USER.name : (this.customerOf(id)?.name ?? id));

  /** Whether `id` is `ancestor` or one of its sub-customers, at any depth. */
  isWithin = (id: string, ancestor: string): boolean => {
    let c = this.customerOf(id);
    for (let depth = 0; c && depth < 100; depth++) {
      if (c.id === ancestor) return true;
      c = c.parent ? this.customerOf(c.parent) : undefined;
    }
    return false;
  };

  addCustomer = (c: Partial<FakeCustomer> & { name: string }): FakeCustomer => {
    if (c.parent && !this.customerOf(c.parent)) throw new Error(`No customer ${c.parent} to be the parent of ${c.name}.`);
    const customer: FakeCustomer = {
      id: c.id ?? this.nextId(),
      email: `billing@${c.name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`,
      currency: 'USD',
      subsidiary: '1',
      ...c,
    };
    this.customers.push(customer);
    return customer;
  };
}
