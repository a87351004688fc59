/**
 * A loopback NetSuite SuiteTalk REST server for tests and the demo.
 *
 * - Every request must carry a valid OAuth 1.0a HMAC-SHA256 signature for this account
 *   (realm, consumer key, token, a timestamp within the window, a nonce not seen before);
 *   anything else is NetSuite's 401 INVALID_LOGIN, and `authFailures` says why.
 * - Record API: invoice (GET, sublists only with `expandSubResources=true`),
 *   customerPayment (GET by id or `eid:`, POST with external-id duplicates refused),
 *   supportCase (GET, POST, PATCH), message (GET, POST). Creates answer 204 + Location.
 * - SuiteQL: exactly the query shapes the plugin sends, paged by limit/offset with
 *   `hasMore` and links; any other query is NetSuite's 400 "Invalid search query".
 * - Concurrency governance: more than `concurrency` requests in flight get 429.
 * - Faults on demand: failNext, garbageNext, setLatency.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAuthorization, sign, signatureBaseString, signaturesMatch } from './oauth.js';

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

/** A canned answer for `failNext`. */
export interface FakeFailure {
  status: number;
  /** Defaults to a NetSuite error document for the status. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** One entry of the request log. */
export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The SuiteQL text, for query requests. */
  q?: string;
  status: number;
}

/** Options of `startNetSuiteFake`. */
export interface NetSuiteFakeOptions {
  port?: number;
  /** Default `1234567_SB1`. */
  accountId?: string;
  /** Requests in flight before 429. Default 5, NetSuite's limit for the smallest accounts. */
  concurrency?: number;
  /** How far an `oauth_timestamp` may be from the fake's clock. Default 300 s. */
  timestampWindowSeconds?: number;
  /** Custom case fields the account has. Default `['custevent_gp_urgency']`. */
  caseFields?: string[];
  /** The clock (ms). */
  now?: () => number;
  /** `demo`: customer 108 (globex) with 8 invoices and 3 cases, 107 (acme) with 3 and 1. */
  seed?: 'demo';
}

const CASE_STATUSES: Record<string, string> = { '1': 'Not Started', '2': 'In Progress', '3': 'Escalated', '4': 'Re-Opened', '5': 'Closed' };
const CASE_PRIORITIES: Record<string, string> = { '1': 'High', '2': 'Medium', '3': 'Low' };
const INVOICE_STATUSES: Record<FakeInvoice['status'], string> = { A: 'Open', B: 'Paid In Full', D: 'Pending Approval', E: 'Rejected', V: 'Voided' };
/** The integration user, author of messages posted without one. */
const INTEGRATION_USER = { id: '-5', name: 'Glasspane Integration' };

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** SuiteQL `TO_CHAR(…, 'YYYY-MM-DD"T"HH24:MI:SS')`: wall-clock, here in UTC, no offset. */
const wallTime = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/** Minor units as Oracle prints a NUMBER in SuiteQL: no trailing zeros, no leading zero (`.3`). */
function oracleNumber(minor: number, precision: number): string {
  const abs = String(Math.abs(minor)).padStart(precision + 1, '0');
  const whole = abs.slice(0, abs.length - precision).replace(/^0+(?=\d)/, '');
  const fraction = abs.slice(abs.length - precision).replace(/0+$/, '');
  const text = fraction ? `${whole === '0' ? '' : whole}.${fraction}` : whole;
  return minor < 0 ? `-${text}` : text;
}

/** Minor units as a JSON number in a record body (`7525` → `75.25`). */
const recordNumber = (minor: number, precision: number) => minor / 10 ** precision;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the fake on 127.0.0.1 (a free port unless `port` is given).
 *
 * @example
 * ```ts
 * const fake = await startNetSuiteFake({ seed: 'demo' });
 * const client = new NetSuiteClient({ accountId: fake.accountId, baseUrl: fake.baseUrl, consumerKey: fake.consumerKey, consumerSecret: fake.consumerSecret, tokenId: fake.tokenId, tokenSecret: fake.tokenSecret });
 * // …
 * await fake.close();
 * ```
 */
export async function startNetSuiteFake(options: NetSuiteFakeOptions = {}) {
  const accountId = options.accountId ?? '1234567_SB1';
  const credentials = {
    consumerKey: 'ck-6f1c0a8e0d2b4e7f9a3c5d7e9f1a2b3c',
    consumerSecret: 'cs-2b4d6f8a0c1e3a5c7e9b1d3f5a7c9e1b',
    tokenId: 'tk-8e0a2c4e6a8c0e2a4c6e8a0c2e4a6c8e',
    tokenSecret: 'ts-1a3c5e7a9c1e3a5c7e9a1c3e5a7c9e1a',
  };
  const now = options.now ?? Date.now;
  const windowMs = (options.timestampWindowSeconds ?? 300) * 1000;
  const caseFields = new Set(options.caseFields ?? ['custevent_gp_urgency']);
  let concurrency = options.concurrency ?? 5;

  const currencies: FakeCurrency[] = [
    { id: '1', symbol: 'USD', name: 'US Dollar', precision: 2 },
    { id: '2', symbol: 'EUR', name: 'Euro', precision: 2 },
    { id: '3', symbol: 'GBP', name: 'British Pound', precision: 2 },
    { id: '4', symbol: 'JPY', name: 'Japanese Yen', precision: 0 },
  ];
  const customers: FakeCustomer[] = [];
  const invoices: FakeInvoice[] = [];
  const payments: FakePayment[] = [];
  const cases: FakeCase[] = [];
  const messages: FakeMessage[] = [];
  const requests: FakeRequest[] = [];
  const authFailures: { reason: string; path: string }[] = [];
  const nonces = new Map<string, number>();
  const failures: FakeFailure[] = [];
  let garbage = 0;
  let latency = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let ids = 5000;
  let caseNumbers = 1040;
  const nextId = () => String(ids++);

  const currencyOf = (symbol: string) => currencies.find((c) => c.symbol === symbol);
  const precisionOf = (symbol: string) => currencyOf(symbol)?.precision ?? 2;
  const customerOf = (id: unknown) => customers.find((c) => c.id === String(id));
  /** A decimal from a request body in minor units; NaN when it is not a finite number. */
  const minorOf = (value: unknown, symbol: string) => (typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 10 ** precisionOf(symbol)) : NaN);

  // NetSuite error documents -------------------------------------------------------------

  const TITLES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable' };
  const errorDoc = (status: number, code: string, detail: string) => ({
    type: `https://www.rfc-editor.org/rfc/rfc9110.html#section-15.${status >= 500 ? 6 : 5}.${status >= 500 ? status - 499 : status - 399}`,
    title: TITLES[status] ?? 'Error',
    status,
    'o:errorDetails': [{ detail, 'o:errorCode': code }],
  });
  const DEFAULT_FAILURE_CODES: Record<number, [string, string]> = {
    429: ['CONCURRENCY_LIMIT_EXCEEDED', 'Concurrent request limit exceeded. Request blocked.'],
    500: ['UNEXPECTED_ERROR', 'An unexpected error occurred.'],
    503: ['SERVICE_UNAVAILABLE', 'The service is temporarily unavailable.'],
  };

  class Refusal extends Error {
    constructor(
      readonly status: number,
      readonly code: string,
      detail: string,
    ) {
      super(detail);
    }
  }
  const userError = (detail: string) => new Refusal(400, 'USER_ERROR', detail);
  const notFound = () => new Refusal(404, 'NONEXISTENT_ID', 'The record instance does not exist. Provide a valid record instance ID.');

  // Authentication --------------------------------------------------------------------------

  /** NetSuite's checks, in order; the reason for a refusal, or undefined when the request is signed right. */
  function authProblem(req: IncomingMessage): string | undefined {
    const f = parseAuthorization(req.headers.authorization);
    if (!f) return 'malformed';
    if (f.realm !== accountId) return 'realm';
    if (f.oauth_consumer_key !== credentials.consumerKey) return 'consumer_key';
    if (f.oauth_token !== credentials.tokenId) return 'token';
    if (f.oauth_signature_method !== 'HMAC-SHA256') return 'signature_method';
    if (f.oauth_version !== undefined && f.oauth_version !== '1.0') return 'version';
    if (!f.oauth_nonce || !f.oauth_signature || !/^\d+$/.test(f.oauth_timestamp ?? '')) return 'malformed';
    const at = Number(f.oauth_timestamp) * 1000;
    if (Math.abs(now() - at) > windowMs) return 'timestamp';
    for (const [key, seen] of nonces) if (seen < now() - 2 * windowMs) nonces.delete(key);
    const nonceKey = `${f.oauth_token}:${f.oauth_nonce}`;
    if (nonces.has(nonceKey)) return 'nonce';
    const oauth = Object.entries(f).filter(([k]) => k !== 'realm' && k !== 'oauth_signature');
    // The URL as the client addressed it: scheme, the Host header, the path and query sent.
    const url = `http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`;
    const expected = sign(signatureBaseString(req.method ?? 'GET', url, oauth), credentials.consumerSecret, credentials.tokenSecret);
    if (!signaturesMatch(expected, f.oauth_signature)) return 'signature';
    nonces.set(nonceKey, at);
    return undefined;
  }

  // Rendering ---------------------------------------------------------------------------------

  let base = '';
  const href = (path: string) => `${base}/services/rest${path}`;
  const ref = (type: string, id: string, refName?: string) => ({ links: [{ rel: 'self', href: href(`/record/v1/${type}/${id}`) }], id, ...(refName === undefined ? {} : { refName }) });
  const entityName = (id: string | null) => (id === null ? INTEGRATION_USER.name : (customerOf(id)?.name ?? id));

  function invoiceRecord(inv: FakeInvoice, expand: boolean) {
    const p = precisionOf(inv.currency);
    const cur = currencyOf(inv.currency)!;
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
      entity: ref('customer', inv.entity, entityName(inv.entity)),
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
        ? { links: [{ rel: 'self', href: href(`/record/v1/invoice/${inv.id}/item`) }], count: items.length, hasMore: false, items, offset: 0, totalResults: items.length }
        : { links: [{ rel: 'self', href: href(`/record/v1/invoice/${inv.id}/item`) }] },
    };
  }

  function caseRecord(c: FakeCase) {
    return {
      links: [{ rel: 'self', href: href(`/record/v1/supportCase/${c.id}`) }],
      id: c.id,
      caseNumber: c.casenumber,
      title: c.title,
      company: ref('customer', c.company, entityName(c.company)),
      status: { id: c.status, refName: CASE_STATUSES[c.status] },
      priority: { id: c.priority, refName: CASE_PRIORITIES[c.priority] },
      ...(c.email ? { email: c.email } : {}),
      startDate: isoDay(c.createdAt),
      createdDate: new Date(c.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      lastModifiedDate: new Date(c.updatedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ...c.custom,
    };
  }

  /** SuiteQL rows leave null columns out, like NetSuite does. */
  const row = (values: Record<string, string | null | undefined>) => {
    const out: Record<string, unknown> = { links: [] };
    for (const [k, v] of Object.entries(values)) if (v !== null && v !== undefined) out[k] = v;
    return out;
  };

  function messageRow(m: FakeMessage) {
    return row({
      id: m.id,
      activity: m.activity,
      message: m.message,
      incoming: m.incoming ? 'T' : 'F',
      authorname: entityName(m.author),
      authoremail: m.authorEmail,
      messagedate: wallTime(m.at),
    });
  }
  const byDateThenId = (a: FakeMessage, b: FakeMessage) => a.at - b.at || Number(a.id) - Number(b.id);

  // SuiteQL -----------------------------------------------------------------------------------

  const DT = `'YYYY-MM-DD"T"HH24:MI:SS'`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const MESSAGE_COLUMNS = `m\\.id, m\\.activity, m\\.message, m\\.incoming, BUILTIN\\.DF\\(m\\.author\\) AS authorname, m\\.authoremail, TO_CHAR\\(m\\.messagedate, ${DT}\\) AS messagedate`;
  const QUERIES: { shape: RegExp; rows: (m: RegExpExecArray) => Record<string, unknown>[] }[] = [
    {
      shape: new RegExp(
        "^SELECT t\\.id, t\\.tranid, TO_CHAR\\(t\\.trandate, 'YYYY-MM-DD'\\) AS trandate, TO_CHAR\\(t\\.duedate, 'YYYY-MM-DD'\\) AS duedate, t\\.status, t\\.voided, " +
          't\\.foreigntotal, t\\.foreignamountunpaid, c\\.symbol AS currency, t\\.memo FROM transaction t JOIN currency c ON c\\.id = t\\.currency ' +
          "WHERE t\\.type = 'CustInvc' AND t\\.entity = (\\d+)(?: AND t\\.id = (\\d+))? ORDER BY t\\.trandate DESC, t\\.id DESC$",
      ),
      rows: (m) =>
        invoices
          .filter((i) => i.entity === m[1] && (m[2] === undefined || i.id === m[2]))
          .sort((a, b) => b.trandate.localeCompare(a.trandate) || Number(b.id) - Number(a.id))
          .map((i) => {
            const p = precisionOf(i.currency);
            return row({
              id: i.id,
              tranid: i.tranid,
              trandate: i.trandate,
              duedate: i.duedate,
              status: i.status,
              voided: i.voided ? 'T' : 'F',
              foreigntotal: oracleNumber(i.total, p),
              foreignamountunpaid: oracleNumber(i.unpaid, p),
              currency: i.currency,
              memo: i.memo,
            });
          }),
    },
    {
      shape: /^SELECT c\.id FROM currency c WHERE c\.symbol = '([A-Z]{3})'$/,
      rows: (m) => currencies.filter((c) => c.symbol === m[1]).map((c) => row({ id: c.id })),
    },
    {
      shape: new RegExp(
        `^SELECT s\\.id, s\\.casenumber, s\\.title, s\\.status, s\\.priority, s\\.email, TO_CHAR\\(s\\.createddate, ${DT}\\) AS createddate, ` +
          `TO_CHAR\\(s\\.lastmodifieddate, ${DT}\\) AS lastmodifieddate(?:, s\\.(custevent[a-z0-9_]+) AS urgency)? ` +
          'FROM supportcase s WHERE s\\.company = (\\d+) ORDER BY s\\.lastmodifieddate DESC, s\\.id DESC$',
      ),
      rows: (m) => {
        const field = m[1];
        if (field && !caseFields.has(field)) throw new Refusal(400, 'INVALID_PARAMETER', `Invalid search query. Field '${field}' for record 'supportcase' was not found.`);
        return cases
          .filter((c) => c.company === m[2])
          .sort((a, b) => b.updatedAt - a.updatedAt || Number(b.id) - Number(a.id))
          .map((c) =>
            row({
              id: c.id,
              casenumber: c.casenumber,
              title: c.title,
              status: c.status,
              priority: c.priority,
              email: c.email,
              createddate: wallTime(c.createdAt),
              lastmodifieddate: wallTime(c.updatedAt),
              ...(field ? { urgency: c.custom[field] ?? null } : {}),
            }),
          );
      },
    },
    {
      shape: new RegExp(`^SELECT ${MESSAGE_COLUMNS} FROM message m WHERE m\\.activity = (\\d+) ORDER BY m\\.messagedate, m\\.id$`),
      rows: (m) => messages.filter((x) => x.activity === m[1]).sort(byDateThenId).map(messageRow),
    },
    {
      shape: new RegExp(`^SELECT ${MESSAGE_COLUMNS} FROM message m JOIN supportcase s ON s\\.id = m\\.activity WHERE s\\.company = (\\d+) ORDER BY m\\.activity, m\\.messagedate, m\\.id$`),
      rows: (m) => {
        const own = new Set(cases.filter((c) => c.company === m[1]).map((c) => c.id));
        return messages
          .filter((x) => own.has(x.activity))
          .sort((a, b) => Number(a.activity) - Number(b.activity) || byDateThenId(a, b))
          .map(messageRow);
      },
    },
  ];

  function suiteql(url: URL, req: IncomingMessage, body: unknown) {
    if (!/\btransient\b/i.test(String(req.headers.prefer ?? ''))) throw new Refusal(400, 'INVALID_HEADER', 'The request is missing the required header "Prefer: transient".');
    const limitText = url.searchParams.get('limit') ?? '1000';
    const offsetText = url.searchParams.get('offset') ?? '0';
    const limit = Number(limitText);
    const offset = Number(offsetText);
    if (!/^\d+$/.test(limitText) || limit < 1 || limit > 1000) throw new Refusal(400, 'INVALID_PARAMETER', `Invalid value for the limit parameter: ${limitText}. Use a value from 1 to 1000.`);
    if (!/^\d+$/.test(offsetText)) throw new Refusal(400, 'INVALID_PARAMETER', `Invalid value for the offset parameter: ${offsetText}.`);
    const q = (body as { q?: unknown } | undefined)?.q;
    if (typeof q !== 'string') throw new Refusal(400, 'INVALID_CONTENT', 'The request body must be a JSON object with the query in "q".');
    const normalized = q.replace(/\s+/g, ' ').trim();
    let rows: Record<string, unknown>[] | undefined;
    for (const { shape, rows: run } of QUERIES) {
      const m = shape.exec(normalized);
      if (m) {
        rows = run(m);
        break;
      }
    }
    if (!rows) throw new Refusal(400, 'INVALID_PARAMETER', 'Invalid search query. Detailed unprocessed description follows. Search error occurred: Invalid or unsupported search.');
    const items = rows.slice(offset, offset + limit);
    const hasMore = offset + limit < rows.length;
    const link = (rel: string, o: number) => ({ rel, href: href(`/query/v1/suiteql?limit=${limit}&offset=${o}`) });
    const last = Math.max(0, Math.floor((rows.length - 1) / limit) * limit);
    return {
      links: [link('first', 0), ...(offset > 0 ? [link('previous', Math.max(0, offset - limit))] : []), ...(hasMore ? [link('next', offset + limit)] : []), link('last', last), link('self', offset)],
      count: items.length,
      hasMore,
      items,
      offset,
      totalResults: rows.length,
    };
  }

  // Record writes --------------------------------------------------------------------------------

  const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const refId = (v: unknown) => (isObject(v) && (typeof v.id === 'string' || typeof v.id === 'number') ? String(v.id) : undefined);

  function createPayment(b: Record<string, any>): string {
    const customer = customerOf(refId(b.customer));
    if (!customer) throw userError(`Invalid customer reference key ${refId(b.customer) ?? '(none)'}.`);
    if (b.externalId !== undefined) {
      if (typeof b.externalId !== 'string' || !/^[A-Za-z0-9_-]{1,255}$/.test(b.externalId)) throw userError('An external ID can contain only letters, numbers, underscores and hyphens.');
      if (payments.some((p) => p.externalId === b.externalId)) throw new Refusal(400, 'DUP_RCRD', 'This record already exists.');
    }
    const currencyId = b.currency === undefined ? undefined : refId(b.currency);
    const currency = currencyId === undefined ? customer.currency : currencies.find((c) => c.id === currencyId)?.symbol;
    if (!currency) throw userError(`Invalid currency reference key ${currencyId}.`);
    const total = minorOf(b.payment, currency);
    if (!(total > 0)) throw userError('Please enter value(s) for: Payment Amount.');
    const lines = isObject(b.apply) && Array.isArray(b.apply.items) ? (b.apply.items as unknown[]) : [];
    if (!lines.length) throw userError('You must apply the payment to at least one invoice.');
    const applied: { invoice: FakeInvoice; amount: number }[] = [];
    for (const line of lines) {
      const doc = isObject(line) ? refId(line.doc) : undefined;
      const invoice = invoices.find((i) => i.id === doc && i.entity === customer.id && i.status === 'A' && i.currency === currency);
      if (!isObject(line) || !invoice) throw userError(`Invalid apply line: document ${doc ?? '(none)'} is not an open ${currency} invoice of this customer.`);
      if (line.apply === false) continue;
      const amount = minorOf(line.amount, currency);
      if (!(amount > 0) || amount > invoice.unpaid) throw userError(`The amount applied to ${invoice.tranid} must be between 0 and ${oracleNumber(invoice.unpaid, precisionOf(currency))}.`);
      applied.push({ invoice, amount });
    }
    if (applied.reduce((sum, a) => sum + a.amount, 0) > total) throw userError('The total applied exceeds the payment amount.');
    for (const { invoice, amount } of applied) {
      invoice.unpaid -= amount;
      if (invoice.unpaid === 0) invoice.status = 'B';
    }
    const id = nextId();
    payments.push({ id, externalId: b.externalId ?? null, customer: customer.id, currency, payment: total, memo: typeof b.memo === 'string' ? b.memo : null, apply: applied.map((a) => ({ doc: a.invoice.id, amount: a.amount })) });
    return id;
  }

  function applyCaseFields(c: FakeCase, b: Record<string, any>) {
    if (b.title !== undefined) {
      if (typeof b.title !== 'string' || !b.title.trim()) throw userError('Please enter value(s) for: Subject.');
      c.title = b.title;
    }
    if (b.status !== undefined) {
      const id = refId(b.status);
      if (!id || !CASE_STATUSES[id]) throw userError(`Invalid status reference key ${id ?? '(none)'}.`);
      c.status = id;
    }
    if (b.priority !== undefined) {
      const id = refId(b.priority);
      if (!id || !CASE_PRIORITIES[id]) throw userError(`Invalid priority reference key ${id ?? '(none)'}.`);
      c.priority = id;
    }
    if (b.email !== undefined) c.email = typeof b.email === 'string' ? b.email : null;
    // Unknown property names are ignored (NetSuite's default name validation is a warning).
    for (const [k, v] of Object.entries(b)) if (caseFields.has(k)) c.custom[k] = String(v);
    c.updatedAt = now();
  }

  function createCase(b: Record<string, any>): string {
    const company = customerOf(refId(b.company));
    if (!company) throw userError(`Invalid company reference key ${refId(b.company) ?? '(none)'}.`);
    if (typeof b.title !== 'string' || !b.title.trim()) throw userError('Please enter value(s) for: Subject.');
    const c: FakeCase = { id: nextId(), company: company.id, casenumber: String(caseNumbers++), title: b.title, status: '1', priority: '2', email: null, createdAt: now(), updatedAt: now(), custom: {} };
    applyCaseFields(c, b);
    cases.push(c);
    // A new case files its incoming message as the first message of the conversation.
    if (typeof b.incomingMessage === 'string' && b.incomingMessage) {
      messages.push({ id: nextId(), activity: c.id, subject: c.title, message: b.incomingMessage, incoming: true, author: company.id, authorEmail: c.email, at: c.createdAt });
    }
    return c.id;
  }

  function createMessage(b: Record<string, any>): string {
    const c = cases.find((x) => x.id === refId(b.activity));
    if (!c) throw userError(`Invalid activity reference key ${refId(b.activity) ?? '(none)'}.`);
    if (typeof b.message !== 'string' || !b.message) throw userError('Please enter value(s) for: Message.');
    const author = b.author === undefined ? null : (customerOf(refId(b.author))?.id ?? null);
    if (b.author !== undefined && author === null) throw userError(`Invalid author reference key ${refId(b.author)}.`);
    const m: FakeMessage = {
      id: nextId(),
      activity: c.id,
      subject: typeof b.subject === 'string' ? b.subject : c.title,
      message: b.message,
      incoming: b.incoming === true,
      author,
      authorEmail: typeof b.authorEmail === 'string' ? b.authorEmail : null,
      at: Math.max(now(), ...messages.filter((x) => x.activity === c.id).map((x) => x.at)),
    };
    messages.push(m);
    c.updatedAt = now();
    return m.id;
  }

  // Routing -----------------------------------------------------------------------------------------

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw new Refusal(400, 'INVALID_CONTENT', 'Invalid content: the request body is not valid JSON.');
    }
  }

  function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
    const type = status >= 400 ? 'application/vnd.oracle.resource+json; type=error' : 'application/vnd.oracle.resource+json; type=singular';
    res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': type }), ...headers });
    res.end(body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
  }

  async function route(req: IncomingMessage, url: URL, entry: FakeRequest): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> {
    const method = req.method ?? 'GET';
    let path: string;
    try {
      path = decodeURIComponent(url.pathname).replace(/^\/services\/rest/, '');
    } catch {
      throw notFound();
    }
    const body = method === 'POST' || method === 'PATCH' ? await readJson(req) : undefined;
    const created = (type: string, id: string) => ({ status: 204, headers: { location: href(`/record/v1/${type}/${id}`) } });
    let m: RegExpExecArray | null;

    if (path === '/query/v1/suiteql') {
      if (method !== 'POST') throw new Refusal(405, 'INVALID_METHOD', 'SuiteQL queries are POST requests.');
      entry.q = (body as { q?: string } | undefined)?.q;
      return { status: 200, body: suiteql(url, req, body) };
    }
    if ((m = /^\/record\/v1\/invoice\/(\d+)$/.exec(path)) && method === 'GET') {
      const inv = invoices.find((i) => i.id === m![1]);
      if (!inv) throw notFound();
      return { status: 200, body: invoiceRecord(inv, url.searchParams.get('expandSubResources') === 'true') };
    }
    if ((m = /^\/record\/v1\/customerPayment\/(eid:)?([^/]+)$/.exec(path)) && method === 'GET') {
      const key = m[2]!;
      const p = payments.find((x) => (m![1] ? x.externalId === key : x.id === key));
      if (!p) throw notFound();
      const cur = currencyOf(p.currency)!;
      return {
        status: 200,
        body: { links: [], id: p.id, ...(p.externalId ? { externalId: p.externalId } : {}), customer: ref('customer', p.customer, entityName(p.customer)), currency: ref('currency', cur.id, cur.name), payment: recordNumber(p.payment, cur.precision), ...(p.memo ? { memo: p.memo } : {}) },
      };
    }
    if (path === '/record/v1/customerPayment' && method === 'POST') {
      if (!isObject(body)) throw new Refusal(400, 'INVALID_CONTENT', 'Invalid content: a customerPayment object is required.');
      return created('customerPayment', createPayment(body));
    }
    if (path === '/record/v1/supportCase' && method === 'POST') {
      if (!isObject(body)) throw new Refusal(400, 'INVALID_CONTENT', 'Invalid content: a supportCase object is required.');
      return created('supportCase', createCase(body));
    }
    if ((m = /^\/record\/v1\/supportCase\/(\d+)$/.exec(path))) {
      const c = cases.find((x) => x.id === m![1]);
      if (!c) throw notFound();
      if (method === 'GET') return { status: 200, body: caseRecord(c) };
      if (method === 'PATCH') {
        if (!isObject(body)) throw new Refusal(400, 'INVALID_CONTENT', 'Invalid content: a supportCase object is required.');
        applyCaseFields(c, body);
        return { status: 204 };
      }
    }
    if (path === '/record/v1/message' && method === 'POST') {
      if (!isObject(body)) throw new Refusal(400, 'INVALID_CONTENT', 'Invalid content: a message object is required.');
      return created('message', createMessage(body));
    }
    if ((m = /^\/record\/v1\/message\/(\d+)$/.exec(path)) && method === 'GET') {
      const x = messages.find((y) => y.id === m![1]);
      if (!x) throw notFound();
      return { status: 200, body: { links: [], id: x.id, activity: { id: x.activity }, subject: x.subject, message: x.message, incoming: x.incoming, messageDate: isoDay(x.at) } };
    }
    if (/^\/record\/v1\/[A-Za-z]+/.test(path)) throw notFound();
    throw new Refusal(404, 'NONEXISTENT_ID', `No resource at ${url.pathname}.`);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    const entry: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), status: 0 };
    requests.push(entry);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once('close', () => inFlight--);
    const reply = (status: number, body?: unknown, headers?: Record<string, string>) => {
      entry.status = status;
      send(res, status, body, headers);
    };
    void (async () => {
      // Governance counts the request the moment it arrives, including the ones it refuses.
      if (inFlight > concurrency) {
        req.resume();
        return reply(429, errorDoc(429, 'CONCURRENCY_LIMIT_EXCEEDED', 'Concurrent request limit exceeded. Request blocked.'));
      }
      if (latency) await sleep(latency);
      const problem = authProblem(req);
      if (problem) {
        authFailures.push({ reason: problem, path: url.pathname });
        req.resume();
        return reply(401, errorDoc(401, 'INVALID_LOGIN', 'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.'));
      }
      const failure = failures.shift();
      if (failure) {
        req.resume();
        const [code, detail] = DEFAULT_FAILURE_CODES[failure.status] ?? ['UNEXPECTED_ERROR', 'The request failed.'];
        return reply(failure.status, failure.body ?? errorDoc(failure.status, code, detail), failure.headers);
      }
      if (garbage > 0) {
        garbage--;
        req.resume();
        entry.status = 200;
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html><body>NetSuite is undergoing scheduled maintenance.</body></html>');
      }
      try {
        const out = await route(req, url, entry);
        reply(out.status, out.body, out.headers);
      } catch (err) {
        if (err instanceof Refusal) return reply(err.status, errorDoc(err.status, err.code, err.message));
        reply(500, errorDoc(500, 'UNEXPECTED_ERROR', err instanceof Error ? err.message : 'An unexpected error occurred.'));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Data helpers ----------------------------------------------------------------------------------

  function addCustomer(c: Partial<FakeCustomer> & { name: string }): FakeCustomer {
    const customer: FakeCustomer = { id: c.id ?? nextId(), email: `billing@${c.name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`, currency: 'USD', ...c };
    customers.push(customer);
    return customer;
  }

  /** An invoice; amounts in minor units. Defaults: open, issued today, due in 30 days, one line, fully unpaid. */
  function addInvoice(entity: string, partial: Partial<FakeInvoice> & { total: number }): FakeInvoice {
    if (!customerOf(entity)) addCustomer({ id: entity, name: `Customer ${entity}` });
    const id = partial.id ?? nextId();
    const t = now();
    const invoice: FakeInvoice = {
      id,
      entity,
      tranid: `INV${id}`,
      trandate: isoDay(t),
      duedate: isoDay(t + 30 * DAY),
      status: 'A',
      voided: false,
      currency: customerOf(entity)!.currency,
      tax: 0,
      unpaid: partial.status === 'B' ? 0 : partial.total,
      memo: null,
      lines: [{ item: '1', description: 'Hosting services', quantity: 1, rate: partial.total - (partial.tax ?? 0), amount: partial.total - (partial.tax ?? 0), tax: partial.tax ?? 0 }],
      ...partial,
    };
    invoices.push(invoice);
    return invoice;
  }

  /** A case, optionally with its first (description) message and more. */
  function addCase(company: string, partial: Partial<FakeCase> & { title: string }, conversation: { message: string; incoming?: boolean; author?: string | null; ago?: number }[] = []): FakeCase {
    if (!customerOf(company)) addCustomer({ id: company, name: `Customer ${company}` });
    const t = now();
    const c: FakeCase = { id: nextId(), company, casenumber: String(caseNumbers++), status: '1', priority: '2', email: customerOf(company)!.email, createdAt: t, updatedAt: t, custom: {}, ...partial };
    cases.push(c);
    for (const m of conversation) {
      const incoming = m.incoming ?? true;
      messages.push({ id: nextId(), activity: c.id, subject: c.title, message: m.message, incoming, author: m.author === undefined ? (incoming ? company : null) : m.author, authorEmail: null, at: t - (m.ago ?? 0) });
    }
    return c;
  }

  const api = {
    /** The REST root the plugin takes as `baseUrl` (`http://127.0.0.1:<port>/services/rest`). */
    baseUrl: `${base}/services/rest`,
    accountId,
    ...credentials,
    /** What the plugin's configuration needs to talk to this fake. */
    config: { accountId, baseUrl: `${base}/services/rest`, ...credentials },
    currencies,
    customers,
    invoices,
    payments,
    cases,
    messages,
    /** Every request, in arrival order, with the status it got. */
    requests,
    /** Why requests were refused as INVALID_LOGIN (`signature`, `timestamp`, `nonce`, `realm` …). */
    authFailures,
    /** The most requests that were in flight at once. */
    get maxInFlight() {
      return maxInFlight;
    },
    addCustomer,
    addInvoice,
    addCase,
    /** The next `n` signed requests answer `failure` (429 with Retry-After, 500 …). */
    failNext(n: number, failure: FakeFailure) {
      for (let k = 0; k < n; k++) failures.push(failure);
    },
    /** The next `n` signed requests answer 200 with an HTML page. */
    garbageNext(n: number) {
      garbage += n;
    },
    /** Every request waits this long before it is answered. */
    setLatency(ms: number) {
      latency = ms;
    },
    /** Requests in flight allowed before 429. */
    setConcurrency(n: number) {
      concurrency = n;
    },
    /** Forgets queued faults, latency and the logs (the data stays). */
    reset() {
      failures.length = 0;
      garbage = 0;
      latency = 0;
      requests.length = 0;
      authFailures.length = 0;
      maxInFlight = inFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  if (options.seed === 'demo') seedDemo(api, now());
  return api;
}

/** A running fake with its controls. */
export type NetSuiteFake = Awaited<ReturnType<typeof startNetSuiteFake>>;

/**
 * Demo data: customer 108 (Globex, USD) with 8 invoices (4 paid, 1 overdue, 2 open, 1 open
 * in EUR) and 3 cases; customer 107 (Acme, EUR) with 3 invoices (paid, open, overdue) and
 * 1 case. Dates are relative to the start time so "overdue" stays overdue.
 */
function seedDemo(fake: NetSuiteFake, t: number) {
  fake.addCustomer({ id: '108', name: 'Globex Corporation', email: 'ap@globex.example', currency: 'USD' });
  fake.addCustomer({ id: '107', name: 'Acme GmbH', email: 'buchhaltung@acme.example', currency: 'EUR' });
  const day = (offset: number) => isoDay(t + offset * DAY);
  const globexLines = (vdc: number) => [
    { item: '201', description: 'Virtual data center AMS1', quantity: 1, rate: vdc, amount: vdc, tax: 0 },
    { item: '202', description: 'Site-to-site VPN', quantity: 2, rate: 4895, amount: 9790, tax: 0 },
  ];
  const globex: [string, number, number, 'A' | 'B', number][] = [
    // tranid, issued (days ago), vdc price, status, days until due from issue
    ['INV-2026-0031', 210, 89000, 'B', 30],
    ['INV-2026-0036', 180, 89000, 'B', 30],
    ['INV-2026-0040', 150, 91000, 'B', 30],
    ['INV-2026-0044', 120, 91000, 'B', 30],
    ['INV-2026-0049', 45, 93000, 'A', 30],
    ['INV-2026-0053', 20, 93000, 'A', 30],
    ['INV-2026-0058', 3, 95000, 'A', 30],
  ];
  for (const [tranid, ago, vdc, status] of globex) {
    const lines = globexLines(vdc);
    const total = lines.reduce((s, l) => s + l.amount, 0);
    fake.addInvoice('108', { id: String(4000 + fake.invoices.length), tranid, trandate: day(-ago), duedate: day(-ago + 30), status, total, unpaid: status === 'B' ? 0 : total, lines, memo: 'Monthly hosting' });
  }
  fake.addInvoice('108', {
    id: String(4000 + fake.invoices.length),
    tranid: 'INV-2026-0059',
    trandate: day(-2),
    duedate: day(28),
    currency: 'EUR',
    total: 45000,
    lines: [{ item: '210', description: 'Frankfurt colocation rack, half', quantity: 1, rate: 45000, amount: 45000, tax: 0 }],
    memo: 'Billed in EUR by the German subsidiary',
  });
  for (const [tranid, ago, total, status] of [
    ['ACME-2026-011', 95, 23800, 'B'],
    ['ACME-2026-014', 40, 23800, 'A'],
    ['ACME-2026-017', 5, 25990, 'A'],
  ] as const) {
    const tax = Math.round((total * 19) / 119);
    fake.addInvoice('107', {
      id: String(4000 + fake.invoices.length),
      tranid,
      trandate: day(-ago),
      duedate: day(-ago + 14),
      status,
      total,
      tax,
      unpaid: status === 'B' ? 0 : total,
      lines: [{ item: '301', description: 'Managed Kubernetes, 3 nodes', quantity: 1, rate: total - tax, amount: total - tax, tax }],
    });
  }

  const hours = 3_600_000;
  fake.addCase('108', { title: 'VPN tunnel to AMS1 drops every night', status: '2', priority: '2', custom: { custevent_gp_urgency: 'major' }, createdAt: t - 3 * DAY, updatedAt: t - 20 * hours }, [
    { message: 'The site-to-site tunnel to AMS1 drops around 02:00 every night and comes back after about ten minutes.', ago: 3 * DAY },
    { message: 'Thanks, we see rekey failures on our side at that time. Can you send your IKE lifetime settings?', incoming: false, ago: 2 * DAY },
    { message: 'Phase 1 lifetime is 28800 s, phase 2 3600 s.', ago: 20 * hours },
  ]);
  fake.addCase('108', { title: 'Database server db-02 unreachable', status: '5', priority: '1', custom: { custevent_gp_urgency: 'blocker' }, createdAt: t - 12 * DAY, updatedAt: t - 11 * DAY }, [
    { message: 'db-02 stopped answering on the private network at 09:14.', ago: 12 * DAY },
    { message: 'A failed switch port; the server is back since 09:52. Closing the case.', incoming: false, ago: 11 * DAY },
  ]);
  fake.addCase('108', { title: 'Raise the bandwidth limit for the CDN origin', status: '1', priority: '3', custom: { custevent_gp_urgency: 'minor' }, createdAt: t - 4 * hours, updatedAt: t - 4 * hours }, [
    { message: 'Please raise the origin bandwidth cap from 1 to 2 Gbit/s before our campaign next month.', ago: 4 * hours },
  ]);
  fake.addCase('107', { title: 'Zertifikat für shop.acme.example erneuern', status: '2', priority: '2', custom: { custevent_gp_urgency: 'major' }, createdAt: t - 2 * DAY, updatedAt: t - DAY }, [
    { message: 'Das TLS-Zertifikat läuft in zehn Tagen ab.', ago: 2 * DAY },
  ]);
}
