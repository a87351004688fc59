/**
 * A loopback NetSuite SuiteTalk REST server for tests and the demo.
 *
 * - Every request must carry a valid OAuth 1.0a HMAC-SHA256 signature for this account
 *   (realm, consumer key, token, a timestamp within the window, a nonce not seen before);
 *   anything else is NetSuite's 401 INVALID_LOGIN, and `authFailures` says why.
 * - Record API: invoice (GET by id or `eid:`, sublists only with `expandSubResources=true`;
 *   POST with item lines, external-id duplicates refused), creditMemo (POST, GET by id or `eid:`),
 *   customerPayment (GET by id or `eid:`, POST with external-id duplicates refused),
 *   supportCase (GET, POST, PATCH), message (GET, POST). Creates answer 204 + Location.
 * - SuiteQL: queries run for real over the fake's records as SuiteAnalytics tables
 *   (fake-suiteql.ts), with SuiteQL's refusals, paged by limit/offset with `hasMore` and links.
 * - Concurrency governance: more than `concurrency` requests in flight get 429.
 * - Faults on demand: failNext, garbageNext, setLatency.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAuthorization, sign, signatureBaseString, signaturesMatch } from './oauth.js';
import { FakeStore, isObject, notFound, Refusal, type FakeCase, type FakeInvoice } from './fake-store.js';
import {
  addInvoice,
  billingTables,
  createCreditMemo,
  createInvoice,
  createPayment,
  creditMemoRecord,
  customerRecord,
  invoiceRecord,
  paymentRecord,
} from './fake-billing.js';
import { addCase, applyCaseFields, caseRecord, createCase, createMessage, messageRecord, supportTables } from './fake-support.js';
import { runSuiteql } from './fake-suiteql.js';
import { seedDemo } from './fake-seed.js';

export type { FakeCase, FakeCurrency, FakeCustomer, FakeInvoice, FakeInvoiceLine, FakeMessage, FakePayment } from './fake-store.js';

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
  /** The clock (ms): the account's records' times, and what `oauth_timestamp` is checked against. */
  now?: () => number;
  /**
   * The clock `oauth_timestamp` is checked against instead (default `now`): the plugin signs
   * with the real time, so a test whose host and records run on an injected clock sets `Date.now`.
   */
  signatureClock?: () => number;
  /** A OneWorld account: customers belong to subsidiaries, payments must name theirs. Default false. */
  oneWorld?: boolean;
  /**
   * The Consolidated Payments feature: a payment of a customer may also apply to the invoices
   * of its sub-customers (any depth). Off, as in a fresh account, a payment applies only to
   * its own customer's invoices. Default false.
   */
  consolidatedPayments?: boolean;
  /** `demo`: customer 108 (globex) with 8 invoices and 3 cases, 107 (acme) with 3 and 1. */
  seed?: 'demo';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the fake on 127.0.0.1 (a free port unless `port` is given).
 *
 * @example
 * ```ts
 * const fake = await startNetSuiteFake({ seed: 'demo' });
 * const client = new NetSuiteClient({ accountId: fake.accountId, baseUrl: fake.baseUrl, consumerKey: fake.consumerKey, consumerSecret:
 * fake.consumerSecret, tokenId: fake.tokenId, tokenSecret: fake.tokenSecret });
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
  const signatureNow = options.signatureClock ?? now;
  let concurrency = options.concurrency ?? 5;

  const store = new FakeStore(now, new Set(options.caseFields ?? ['custevent_gp_urgency']));
  store.oneWorld = options.oneWorld ?? false;
  store.consolidatedPayments = options.consolidatedPayments ?? false;
  const { href } = store;
  const tables = [...billingTables(store), ...supportTables(store)];
  const requests: FakeRequest[] = [];
  const authFailures: { reason: string; path: string }[] = [];
  const nonces = new Map<string, number>();
  const failures: FakeFailure[] = [];
  let garbage = 0;
  let latency = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  // NetSuite error documents -------------------------------------------------------------

  const TITLES: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
  };
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
    if (Math.abs(signatureNow() - at) > windowMs) return 'timestamp';
    for (const [key, seen] of nonces) if (seen < signatureNow() - 2 * windowMs) nonces.delete(key);
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

  // SuiteQL -----------------------------------------------------------------------------------

  function suiteql(url: URL, req: IncomingMessage, body: unknown) {
    if (!/\btransient\b/i.test(String(req.headers.prefer ?? '')))
      throw new Refusal(400, 'INVALID_HEADER', 'The request is missing the required header "Prefer: transient".');
    const limitText = url.searchParams.get('limit') ?? '1000';
    const offsetText = url.searchParams.get('offset') ?? '0';
    const limit = Number(limitText);
    const offset = Number(offsetText);
    if (!/^\d+$/.test(limitText) || limit < 1 || limit > 1000)
      throw new Refusal(400, 'INVALID_PARAMETER', `Invalid value for the limit parameter: ${limitText}. Use a value from 1 to 1000.`);
    if (!/^\d+$/.test(offsetText)) throw new Refusal(400, 'INVALID_PARAMETER', `Invalid value for the offset parameter: ${offsetText}.`);
    const q = (body as { q?: unknown } | undefined)?.q;
    if (typeof q !== 'string') throw new Refusal(400, 'INVALID_CONTENT', 'The request body must be a JSON object with the query in "q".');
    const rows = runSuiteql(q, tables);
    const items = rows.slice(offset, offset + limit);
    const hasMore = offset + limit < rows.length;
    const link = (rel: string, o: number) => ({ rel, href: href(`/query/v1/suiteql?limit=${limit}&offset=${o}`) });
    const last = Math.max(0, Math.floor((rows.length - 1) / limit) * limit);
    return {
      links: [
        link('first', 0),
        ...(offset > 0 ? [link('previous', Math.max(0, offset - limit))] : []),
        ...(hasMore ? [link('next', offset + limit)] : []),
        link('last', last),
        link('self', offset),
      ],
      count: items.length,
      hasMore,
      items,
      offset,
      totalResults: rows.length,
    };
  }

  // Routing -----------------------------------------------------------------------------------------

  async function readText(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  function parseJson(text: string): unknown {
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

  async function route(
    req: IncomingMessage,
    url: URL,
    entry: FakeRequest,
    text: string,
  ): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> {
    const method = req.method ?? 'GET';
    let path: string;
    try {
      path = decodeURIComponent(url.pathname).replace(/^\/services\/rest/, '');
    } catch {
      throw notFound();
    }
    const body = method === 'POST' || method === 'PATCH' ? parseJson(text) : undefined;
    const created = (type: string, id: string) => ({ status: 204, headers: { location: href(`/record/v1/${type}/${id}`) } });
    let m: RegExpExecArray | null;

    if (path === '/query/v1/suiteql') {
      if (method !== 'POST') throw new Refusal(405, 'INVALID_METHOD', 'SuiteQL queries are POST requests.');
      entry.q = (body as { q?: string } | undefined)?.q;
      return { status: 200, body: suiteql(url, req, body) };
    }
    if (path === '/record/v1/invoice' && method === 'POST') {
      if (!isObject(body)) throw new Refusal(400, 'INVALID_CONTENT', 'Invalid content: an invoice object is required.');
      return created('invoice', createInvoice(store, body));
    }
    if (path === '/record/v1/creditMemo' && method === 'POST') {
      if (!isObject(body)) throw new Refusal(400, 'INVALID_CONTENT', 'Invalid content: a creditMemo object is required.');
      return created('creditMemo', createCreditMemo(store, body));
    }
    if ((m = /^\/record\/v1\/creditMemo\/(eid:)?([^/]+)$/.exec(path)) && method === 'GET') {
      const c = store.creditMemos.find((x) => (m![1] ? x.externalId === m![2] : x.id === m![2]));
      if (!c) throw notFound();
      return { status: 200, body: creditMemoRecord(store, c) };
    }
    if ((m = /^\/record\/v1\/invoice\/eid:([^/]+)$/.exec(path)) && method === 'GET') {
      const inv = store.invoices.find((i) => i.externalId === m![1]);
      if (!inv) throw notFound();
      return { status: 200, body: invoiceRecord(store, inv, url.searchParams.get('expandSubResources') === 'true') };
    }
    if ((m = /^\/record\/v1\/invoice\/(\d+)$/.exec(path)) && method === 'GET') {
      const inv = store.invoices.find((i) => i.id === m![1]);
      if (!inv) throw notFound();
      return { status: 200, body: invoiceRecord(store, inv, url.searchParams.get('expandSubResources') === 'true') };
    }
    if ((m = /^\/record\/v1\/customer\/(\d+)$/.exec(path)) && method === 'GET') {
      const c = store.customerOf(m[1]);
      if (!c) throw notFound();
      return { status: 200, body: customerRecord(store, c) };
    }
    if ((m = /^\/record\/v1\/customerPayment\/(eid:)?([^/]+)$/.exec(path)) && method === 'GET') {
      const key = m[2]!;
      const p = store.payments.find((x) => (m![1] ? x.externalId === key : x.id === key));
      if (!p) throw notFound();
      return { status: 200, body: paymentRecord(store, p) };
    }
    if (path === '/record/v1/customerPayment' && method === 'POST') {
      if (!isObject(body)) throw new Refusal(400, 'INVALID_CONTENT', 'Invalid content: a customerPayment object is required.');
      return created('customerPayment', createPayment(store, body));
    }
    if (path === '/record/v1/supportCase' && method === 'POST') {
      if (!isObject(body)) throw new Refusal(400, 'INVALID_CONTENT', 'Invalid content: a supportCase object is required.');
      return created('supportCase', createCase(store, body));
    }
    if ((m = /^\/record\/v1\/supportCase\/(\d+)$/.exec(path))) {
      const c = store.cases.find((x) => x.id === m![1]);
      if (!c) throw notFound();
      if (method === 'GET') return { status: 200, body: caseRecord(store, c) };
      if (method === 'PATCH') {
        if (!isObject(body)) throw new Refusal(400, 'INVALID_CONTENT', 'Invalid content: a supportCase object is required.');
        applyCaseFields(store, c, body);
        return { status: 204 };
      }
    }
    if (path === '/record/v1/message' && method === 'POST') {
      if (!isObject(body)) throw new Refusal(400, 'INVALID_CONTENT', 'Invalid content: a message object is required.');
      return created('message', createMessage(store, body));
    }
    if ((m = /^\/record\/v1\/message\/(\d+)$/.exec(path)) && method === 'GET') {
      const x = store.messages.find((y) => y.id === m![1]);
      if (!x) throw notFound();
      return { status: 200, body: messageRecord(x) };
    }
    if (/^\/record\/v1\/[A-Za-z]+/.test(path)) throw notFound();
    throw new Refusal(404, 'NONEXISTENT_ID', `No resource at ${url.pathname}.`);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', store.base);
    const entry: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), status: 0 };
    requests.push(entry);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    // Closed before it was answered: the client gave up (a timeout, an abort) while the fake waited.
    let abandoned = false;
    res.once('close', () => {
      inFlight--;
      abandoned = !res.writableFinished;
    });
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
      // The whole request is NetSuite's before it works on it (the latency): a client that gives
      // up while it waits (its timeout, an abort) does not undo the work, which is carried out
      // below all the same. Its answer is lost; a create it made is there for a retry to find.
      const text = await readText(req).catch(() => undefined);
      if (text === undefined) return; // the connection went before the body had arrived: nothing to work on
      if (latency) await sleep(latency);
      const problem = authProblem(req);
      if (problem) {
        authFailures.push({ reason: problem, path: url.pathname });
        return reply(
          401,
          errorDoc(
            401,
            'INVALID_LOGIN',
            'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.',
          ),
        );
      }
      // A fault queued with failNext or garbageNext is for a request someone reads: one
      // abandoned by an earlier test (its timeout, its abort), still waiting out its latency
      // here, took the fault the next test queued, and that test's call succeeded.
      const failure = abandoned ? undefined : failures.shift();
      if (failure) {
        const [code, detail] = DEFAULT_FAILURE_CODES[failure.status] ?? ['UNEXPECTED_ERROR', 'The request failed.'];
        return reply(failure.status, failure.body ?? errorDoc(failure.status, code, detail), failure.headers);
      }
      if (garbage > 0 && !abandoned) {
        garbage--;
        entry.status = 200;
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html><body>NetSuite is undergoing scheduled maintenance.</body></html>');
      }
      try {
        const out = await route(req, url, entry, text);
        reply(out.status, out.body, out.headers);
      } catch (err) {
        if (err instanceof Refusal) return reply(err.status, errorDoc(err.status, err.code, err.message));
        reply(500, errorDoc(500, 'UNEXPECTED_ERROR', err instanceof Error ? err.message : 'An unexpected error occurred.'));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  store.base = base;

  const api = {
    /** The REST root the plugin takes as `baseUrl` (`http://127.0.0.1:<port>/services/rest`). */
    baseUrl: `${base}/services/rest`,
    accountId,
    ...credentials,
    /** What the plugin's configuration needs to talk to this fake. */
    config: { accountId, baseUrl: `${base}/services/rest`, ...credentials },
    currencies: store.currencies,
    customers: store.customers,
    invoices: store.invoices,
    payments: store.payments,
    creditMemos: store.creditMemos,
    items: store.items,
    cases: store.cases,
    messages: store.messages,
    /** Every request, in arrival order, with the status it got. */
    requests,
    /** Why requests were refused as INVALID_LOGIN (`signature`, `timestamp`, `nonce`, `realm` …). */
    authFailures,
    /** The most requests that were in flight at once. */
    get maxInFlight() {
      return maxInFlight;
    },
    addCustomer: store.addCustomer,
    /** An invoice; amounts in minor units. Defaults: open, issued today, due in 30 days, one line, fully unpaid. */
    addInvoice: (entity: string, partial: Partial<FakeInvoice> & { total: number }) => addInvoice(store, entity, partial),
    /** A case, optionally with its first (description) message and more. */
    addCase: (company: string, partial: Partial<FakeCase> & { title: string }, conversation?: Parameters<typeof addCase>[3]) =>
      addCase(store, company, partial, conversation),
    /** The next `n` signed requests answer `failure` (429 with Retry-After, 500 …); a request its client gave up on takes none. */
    failNext(n: number, failure: FakeFailure) {
      for (let k = 0; k < n; k++) failures.push(failure);
    },
    /** The next `n` signed requests answer 200 with an HTML page; a request its client gave up on takes none. */
    garbageNext(n: number) {
      garbage += n;
    },
    /** Requests being answered right now (tests wait for a burst to arrive). */
    get inFlight() {
      return inFlight;
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
